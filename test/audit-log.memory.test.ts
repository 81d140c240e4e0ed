import { MemoryAuditLog } from '../src/audit/memory-log.js';
import { auditLogContract } from './audit-log.contract.js';

auditLogContract('memory', async () => {
  const log = new MemoryAuditLog();
  return {
    log,
    // One process: concurrent appends race only within the instance.
    instances: [log, log],
    async tamper(seq, fields) {
      const stored = log.entries.get(seq);
      if (!stored) throw new Error(`no entry ${seq}`);
      log.entries.set(seq, { ...stored, ...fields });
    },
    async remove(seq) {
      log.entries.delete(seq);
    },
    cleanup: async () => {},
  };
});
