/** The tamper-evident audit trail (admin only): entries, filters and chain verification. */

import type { ChainVerification } from '../audit/chain.js';
import type { AuditEntry } from '../audit/log.js';
import { countAuditEntries, listAuditEntries, verifyAuditTrail } from '../resolvers/audit.js';
import { builder } from './builder.js';
import { countedConnection, resolveKeysetConnection, seqCodec } from './pagination.js';

export const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
  description:
    'One entry of the hash-chained audit trail. Entries hold ids, names and counts, never message content.',
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Position in the chain, from 1, without gaps.' }),
    at: t.expose('at', { type: 'DateTime', description: 'When the action happened.' }),
    actor: t.exposeString('actor', {
      description: 'Who acted: `user:<id>`, `session:<id>` or `system`.',
    }),
    action: t.exposeString('action', {
      description:
        'AGENT_SPAWN, AGENT_EXIT, TOOL_CALL, TOOL_RESULT, MEMORY_READ, MEMORY_WRITE, ACCESS_DENIED, AUDIT_PRUNE or OTHER.',
    }),
    detail: t.expose('detail', {
      type: 'JSON',
      nullable: true,
      description: 'Action-specific facts, e.g. the tool name or the number of tokens of a turn.',
    }),
    resource: t.exposeString('resource', {
      description: 'What the action concerned, e.g. `session:<id>`.',
    }),
    prevHash: t.exposeString('prevHash', {
      description: "The previous entry's hash; `genesis` for the first entry ever.",
    }),
    hash: t.exposeString('hash', {
      description:
        'sha256 (hex) of the canonical JSON of seq, at, actor, action, detail, resource and prevHash.',
    }),
  }),
});

const AuditFilterInput = builder.inputType('AuditFilter', {
  description: 'Conditions an entry must all meet; absent ones are not applied.',
  fields: (t) => ({
    actor: t.string({ description: 'Exactly this actor, e.g. `user:alice`.' }),
    action: t.string({ description: 'Exactly this action, e.g. `TOOL_CALL`.' }),
    sessionId: t.id({ description: 'Entries about this session (resource `session:<id>`).' }),
    from: t.field({ type: 'DateTime', description: 'At or after this time.' }),
    to: t.field({ type: 'DateTime', description: 'Before this time.' }),
  }),
});

const AuditVerificationRef = builder.objectRef<ChainVerification>('AuditVerification').implement({
  description: 'The result of recomputing every hash and link of the stored trail.',
  fields: (t) => ({
    valid: t.exposeBoolean('valid', {
      description: 'True when every entry verifies and links to the one before it.',
    }),
    checked: t.exposeInt('checked', {
      description: 'Entries examined; on a break, up to and including the broken one.',
    }),
    brokenAtSeq: t.exposeInt('brokenAtSeq', {
      nullable: true,
      description: 'The first entry that was changed, or follows a removed one; null when valid.',
    }),
  }),
});

const auditCodec = seqCodec<AuditEntry>('a');

builder.queryFields((t) => ({
  auditTrail: t.connection(
    {
      type: AuditEntryRef,
      description: 'The audit trail, oldest first (by seq). Admins only (FORBIDDEN otherwise).',
      args: {
        filter: t.arg({
          type: AuditFilterInput,
          required: false,
          description: 'Only entries that meet it.',
        }),
      },
      resolve: (_root, args, ctx) =>
        resolveKeysetConnection(
          args,
          auditCodec,
          (page) => listAuditEntries(ctx, args.filter, page),
          () => countAuditEntries(ctx, args.filter),
        ),
    },
    ...countedConnection('AuditEntry', 'audit entries', 'An audit entry'),
  ),
  verifyAuditTrail: t.field({
    type: AuditVerificationRef,
    description:
      'Recomputes the whole hash chain and names the first broken seq. Admins only (FORBIDDEN otherwise).',
    resolve: (_root, _args, ctx) => verifyAuditTrail(ctx),
  }),
}));
