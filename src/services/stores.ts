/** The session store, the audit log and the tickets: all in one database. */
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/log.js';
import { MemoryAuditLog } from '../audit/memory-log.js';
import { MongoAuditLog } from '../audit/mongo-log.js';
import type { Config } from '../config.js';
import { MemoryStore } from '../store/memory.js';
import { MongoStore } from '../store/mongo.js';
import type { Store } from '../store/store.js';
import { MemoryTicketStore, MongoTicketStore, type TicketStore } from '../store/tickets.js';

export interface Stores {
  store: Store;
  audit: AuditLog;
  tickets: TicketStore;
}

/** `given` (tests) replaces the session store; the others follow its kind. */
export async function openStores(config: Config, logger: Logger, given?: Store): Promise<Stores> {
  const store = given ?? (await openStore(config, logger));
  if (store instanceof MongoStore) {
    return { store, audit: new MongoAuditLog(store.db), tickets: new MongoTicketStore(store.db) };
  }
  return { store, audit: new MemoryAuditLog(), tickets: new MemoryTicketStore() };
}

async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.mongodbUri) {
    // Command events feed parley_mongodb_commands_total; without /metrics nobody reads them.
    const monitorCommands = config.metricsEnabled;
    return MongoStore.connect({
      uri: config.mongodbUri,
      dbName: config.mongodbDb,
      monitorCommands,
    });
  }
  logger.warn(
    'MONGODB_URI is not set: using the in-memory store. Nothing survives a restart; set MONGODB_URI to keep sessions.',
  );
  return new MemoryStore();
}
