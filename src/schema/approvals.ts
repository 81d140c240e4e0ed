/** Human approval of tool calls: ToolApproval, toolApproval and resolveToolApproval. */
import type { ApprovalDoc, ApprovalStatus } from '../model/documents.js';
import { resolveToolApproval, toolApprovalById } from '../resolvers/approvals.js';
import { builder } from './builder.js';

export const ApprovalStatusEnum = builder.enumType('ApprovalStatus', {
  description: "Where a tool call's approval stands.",
  values: {
    PENDING: { description: 'Waiting for a decision; the turn is paused before the tool runs.' },
    APPROVED: { description: 'A person approved it; the tool ran (or runs).' },
    REJECTED: { description: 'A person rejected it; the tool did not run.' },
    EXPIRED: {
      description:
        'Nobody decided in time, or the turn ended (cancelled, interrupted) first; the tool did not run.',
    },
  } satisfies Record<ApprovalStatus, unknown>,
});

export const SessionStatusEnum = builder.enumType('SessionStatus', {
  description: 'What a session is doing now.',
  values: {
    IDLE: { description: 'No turn is running.' },
    RUNNING: { description: 'A turn is running.' },
    AWAITING_APPROVAL: {
      description: 'A turn is paused until a person decides on a tool call (pendingApprovals).',
    },
  },
});

export const ToolApprovalRef = builder.objectRef<ApprovalDoc>('ToolApproval').implement({
  description: "A tool call that waits for (or got) a person's decision before it runs.",
  fields: (t) => ({
    id: t.exposeID('_id', { description: 'The id resolveToolApproval takes.' }),
    sessionId: t.exposeID('sessionId', { description: 'The session of the turn.' }),
    turnId: t.exposeID('turnId', { description: 'The turn that is (or was) paused.' }),
    toolCallId: t.exposeID('toolCallId', {
      description: 'The tool call, as in its ToolStartEvent and ToolEndEvent.',
    }),
    toolName: t.exposeString('toolName', { description: 'The tool, e.g. `memory_store`.' }),
    toolArgs: t.expose('toolArgs', {
      type: 'JSON',
      nullable: true,
      description: 'The arguments the agent wants to call the tool with.',
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why the call needs approval; null when none was given.',
    }),
    status: t.expose('status', { type: ApprovalStatusEnum, description: 'Where it stands.' }),
    requestedAt: t.expose('requestedAt', {
      type: 'DateTime',
      description: 'When the agent asked.',
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      description: 'After this it expires undecided (TOOL_APPROVAL_TIMEOUT_MS).',
    }),
    resolvedAt: t.expose('resolvedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was decided or expired; null while PENDING.',
    }),
    resolvedBy: t.exposeString('resolvedBy', {
      nullable: true,
      description: 'The user who decided; null while PENDING or when it expired.',
    }),
    decisionReason: t.exposeString('decisionReason', {
      nullable: true,
      description: 'The reason given with the decision; null when none.',
    }),
  }),
});

builder.queryField('toolApproval', (t) =>
  t.field({
    type: ToolApprovalRef,
    nullable: true,
    description:
      "An approval by id; null when it does not exist or is not the caller's (admins see every one).",
    args: { id: t.arg.id({ required: true, description: 'The approval id.' }) },
    resolve: (_root, { id }, ctx) => toolApprovalById(ctx, id),
  }),
);

builder.mutationField('resolveToolApproval', (t) =>
  t.field({
    type: ToolApprovalRef,
    description:
      "Approves or rejects a pending tool call: the session's owner or an admin. Someone else's: NOT_FOUND; decided already: ALREADY_RESOLVED with the decision that stands.",
    args: {
      id: t.arg.id({ required: true, description: 'The approval id.' }),
      approve: t.arg.boolean({
        required: true,
        description: 'True: the tool runs. False: it does not, and the agent is told.',
      }),
      reason: t.arg.string({
        required: false,
        description: 'Why, at most 1000 characters; kept as decisionReason.',
      }),
    },
    resolve: (_root, { id, approve, reason }, ctx) => resolveToolApproval(ctx, id, approve, reason),
  }),
);
