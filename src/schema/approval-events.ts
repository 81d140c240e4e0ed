/**
 * The two approval members of the SessionEvent union (schema/events.ts), built on its
 * TurnEvent interface: kept apart so events.ts stays small.
 */
import type { InterfaceRef } from '@pothos/core';
import type { EventType, SessionEvent } from '../model/events.js';
import { ApprovalStatusEnum } from './approvals.js';
import { builder, type SchemaTypes } from './builder.js';

type EventOf<T extends EventType> = Extract<SessionEvent, { type: T }>;

/** ToolApprovalRequestEvent and ToolApprovalResolvedEvent, in union order. */
export function approvalEvents(TurnEventRef: InterfaceRef<SchemaTypes, SessionEvent>) {
  const ToolApprovalRequestEvent = builder
    .objectRef<EventOf<'toolApprovalRequest'>>('ToolApprovalRequestEvent')
    .implement({
      description:
        'The turn paused before a tool call until a person decides (resolveToolApproval with approvalId).',
      interfaces: [TurnEventRef],
      fields: (t) => ({
        approvalId: t.exposeID('approvalId', { description: 'The ToolApproval to decide.' }),
        toolCallId: t.exposeID('toolCallId', { description: 'The tool call that waits.' }),
        toolName: t.exposeString('toolName', { description: 'The tool it would run.' }),
        toolArgs: t.expose('toolArgs', {
          type: 'JSON',
          nullable: true,
          description: 'The arguments it would run with.',
        }),
        reason: t.exposeString('reason', {
          nullable: true,
          description: 'Why the call needs approval; null when none was given.',
        }),
        expiresAt: t.expose('expiresAt', {
          type: 'DateTime',
          description: 'Undecided by then, it expires and the tool does not run.',
        }),
      }),
    });

  const ToolApprovalResolvedEvent = builder
    .objectRef<EventOf<'toolApprovalResolved'>>('ToolApprovalResolvedEvent')
    .implement({
      description:
        'A tool call was approved, rejected or expired; approved, its ToolStartEvent follows, else a ToolEndEvent with isError.',
      interfaces: [TurnEventRef],
      fields: (t) => ({
        approvalId: t.exposeID('approvalId', { description: 'The ToolApproval decided.' }),
        toolCallId: t.exposeID('toolCallId', { description: 'The tool call it was for.' }),
        toolName: t.exposeString('toolName', { description: 'The tool it was for.' }),
        decision: t.expose('decision', {
          type: ApprovalStatusEnum,
          description: 'APPROVED, REJECTED or EXPIRED.',
        }),
        resolvedBy: t.exposeString('resolvedBy', {
          nullable: true,
          description: 'The user who decided; null when it expired.',
        }),
        reason: t.exposeString('reason', {
          nullable: true,
          description: 'The reason given with the decision (or why it expired); null when none.',
        }),
      }),
    });
  return [ToolApprovalRequestEvent, ToolApprovalResolvedEvent] as const;
}
