import type { SessionDoc, TokenUsage, TurnStatus } from '../model/documents.js';
import { cancelChat, chatTurnOf, sendChat, startTurn } from '../resolvers/chat.js';
import { builder } from './builder.js';
import { BusyPolicyEnum, TurnStatusEnum } from './common.js';
import { SessionRef } from './session.js';
import { type TurnEndShape, turnCostFields, turnEndFields } from './turn-result.js';

export const SendChatInput = builder.inputType('SendChatInput', {
  description: 'A message for the agent (sendChat and startChat).',
  fields: (t) => ({
    content: t.string({
      required: true,
      description: 'The message: at most 64 KiB of UTF-8 (else PAYLOAD_TOO_LARGE), not blank.',
    }),
    sessionId: t.id({
      description: 'Absent: a new session is created. An id that does not exist yet creates it.',
    }),
    projectId: t.id({ description: 'Groups sessions; set on the session when it is created.' }),
    onBusy: t.field({
      type: BusyPolicyEnum,
      defaultValue: 'ENQUEUE',
      description: 'What happens when a turn runs or waits in the session already.',
    }),
  }),
});

interface ChatReplyShape extends TurnEndShape {
  id: string;
  echo: string;
  sessionId: string;
  projectId: string | null;
  durationMs: number | null;
  usage: TokenUsage | null;
  /** The session as the turn left it, when the runner has it. */
  session: SessionDoc | null;
}

const ChatReplyRef = builder.objectRef<ChatReplyShape>('ChatReply').implement({
  description: "A finished turn: the agent's reply, how the turn ended, its usage and tool calls.",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The turn id.' }),
    echo: t.exposeString('echo', { description: 'The message that was sent, as received.' }),
    sessionId: t.exposeID('sessionId', { description: 'The session of the turn.' }),
    projectId: t.exposeID('projectId', {
      nullable: true,
      description: "The session's project; null when it has none.",
    }),
    ...turnEndFields(
      t,
      {
        reply: "The agent's whole reply; partial on FAILED or CANCELLED.",
        error: 'Why the turn failed.',
      },
      (reply) => reply.id,
    ),
    ...turnCostFields(t),
    session: t.field({
      type: SessionRef,
      description: 'The session after the turn.',
      resolve: async (reply, _args, ctx) => {
        // As the turn left it: deleted right after (another device), it still answers.
        const session = reply.session ?? (await ctx.loaders.session.load(reply.sessionId));
        if (!session) throw new Error(`session ${reply.sessionId} vanished during its turn`);
        return session;
      },
    }),
  }),
});

interface ChatTurnShape {
  id: string;
  sessionId: string;
  status: TurnStatus;
  firstSeq: number;
}

export const ChatTurnRef = builder.objectRef<ChatTurnShape>('ChatTurn').implement({
  description: 'A turn that has been started and runs on; its events arrive on sessionEvents.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The turn id (for cancelChat).' }),
    sessionId: t.exposeID('sessionId', {
      description: 'The session of the turn (a new one when none was given).',
    }),
    status: t.expose('status', {
      type: TurnStatusEnum,
      description: 'RUNNING: the turn has begun.',
    }),
    firstSeq: t.exposeInt('firstSeq', {
      description:
        'No event of this turn has a lower seq: subscribe with afterSeq: firstSeq - 1 to miss none. Exact when the session was idle.',
    }),
  }),
});

builder.mutationFields((t) => ({
  sendChat: t.field({
    type: ChatReplyRef,
    description: "Sends a message and waits for the agent's whole reply.",
    args: { input: t.arg({ type: SendChatInput, required: true, description: 'The message.' }) },
    resolve: (_root, { input }, ctx) => sendChat(ctx, input),
  }),
  startChat: t.field({
    type: ChatTurnRef,
    description: 'Sends a message and returns at once; follow the turn on sessionEvents.',
    args: { input: t.arg({ type: SendChatInput, required: true, description: 'The message.' }) },
    resolve: async (_root, { input }, ctx) => chatTurnOf(await startTurn(ctx, input)),
  }),
  cancelChat: t.boolean({
    description: 'Cancels a running or queued turn; false when it is unknown or already finished.',
    args: {
      turnId: t.arg.id({ required: true, description: 'The id sendChat or startChat returned.' }),
    },
    resolve: (_root, { turnId }, ctx) => cancelChat(ctx, turnId),
  }),
}));
