/**
 * The message tree in the schema: Message.parentId / siblings, Session.activeLeafId /
 * queuedTurns, and regenerateReply, editMessage, switchBranch, forkSession
 * (resolvers/branches.ts, branch-mutations.ts, fork.ts).
 */
import { editMessage, regenerateReply, switchBranch } from '../resolvers/branch-mutations.js';
import { activeLeafOf, parentOf, versionsOf } from '../resolvers/branches.js';
import { chatTurnOf } from '../resolvers/chat.js';
import { forkSession } from '../resolvers/fork.js';
import { queuedTurnsOf } from '../resolvers/queued-turns.js';
import { builder } from './builder.js';
import { ChatTurnRef } from './chat.js';
import { BusyPolicyEnum } from './common.js';
import { MessageRef } from './message.js';
import { SessionRef } from './session.js';

builder.objectFields(MessageRef, (t) => ({
  parentId: t.id({
    nullable: true,
    description: 'The message it answers or follows; null for the first.',
    resolve: (message, _args, ctx, info) => parentOf(ctx, message, info),
  }),
  siblings: t.field({
    type: [MessageRef],
    description:
      'The other replies to (or versions under) the same parent, oldest first; [] when there are none.',
    resolve: async (message, _args, ctx, info) => (await versionsOf(ctx, message, info)).siblings,
  }),
  siblingIndex: t.int({
    description: 'Its place among the versions under its parent, from 0, oldest first.',
    resolve: async (message, _args, ctx, info) => (await versionsOf(ctx, message, info)).index,
  }),
  siblingCount: t.int({
    description: 'How many versions its parent has, this one included (1: never branched here).',
    resolve: async (message, _args, ctx, info) => (await versionsOf(ctx, message, info)).count,
  }),
}));

builder.objectFields(SessionRef, (t) => ({
  activeLeafId: t.id({
    nullable: true,
    description:
      'The last message of the branch in view (messages ends there); null without messages.',
    resolve: (session, _args, ctx, info) => activeLeafOf(ctx, session, info),
  }),
  queuedTurns: t.field({
    type: [ChatTurnRef],
    description:
      'Turns waiting for the running one, in the order they will run (cancelChat removes one).',
    resolve: (session, _args, ctx) => queuedTurnsOf(ctx, session),
  }),
}));

builder.mutationFields((t) => ({
  regenerateReply: t.field({
    type: ChatTurnRef,
    description:
      'Answers the same user message again in a new turn; the new reply becomes a sibling of this one, and the active leaf.',
    args: {
      messageId: t.arg.id({ required: true, description: 'An agent message.' }),
      onBusy: t.arg({
        type: BusyPolicyEnum,
        defaultValue: 'ENQUEUE',
        description: 'What happens when a turn runs or waits in the session already.',
      }),
    },
    resolve: async (_root, { messageId, onBusy }, ctx) =>
      chatTurnOf(await regenerateReply(ctx, messageId, onBusy)),
  }),
  editMessage: t.field({
    type: ChatTurnRef,
    description:
      'A new user message with this content beside the given one (its sibling), and a turn that answers it; the old branch stays.',
    args: {
      messageId: t.arg.id({ required: true, description: 'A user message.' }),
      content: t.arg.string({
        required: true,
        description: 'The new text: at most 64 KiB of UTF-8, not blank (as sendChat).',
      }),
      onBusy: t.arg({
        type: BusyPolicyEnum,
        defaultValue: 'ENQUEUE',
        description: 'What happens when a turn runs or waits in the session already.',
      }),
    },
    resolve: async (_root, { messageId, content, onBusy }, ctx) =>
      chatTurnOf(await editMessage(ctx, messageId, content, onBusy)),
  }),
  switchBranch: t.field({
    type: SessionRef,
    description:
      'Makes the branch through this message current: its newest descendant becomes activeLeafId. SESSION_BUSY while a turn runs or waits.',
    args: { messageId: t.arg.id({ required: true, description: 'Any message of the session.' }) },
    resolve: (_root, { messageId }, ctx) => switchBranch(ctx, messageId),
  }),
  forkSession: t.field({
    type: SessionRef,
    description:
      'A new session of yours holding copies (new ids) of the branch from the root to this message, with the tool calls and usage of the copied turns; the original is unchanged.',
    args: {
      messageId: t.arg.id({ required: true, description: 'The last message to copy.' }),
      title: t.arg.string({ required: false, description: "Absent: the original's title." }),
    },
    resolve: (_root, { messageId, title }, ctx) => forkSession(ctx, messageId, title),
  }),
}));
