/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date and time in UTC, e.g. 2026-01-31T12:00:00.000Z. */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

/** Where a tool call's approval stands. */
export type ApprovalStatus =
  /** A person approved it; the tool ran (or runs). */
  | 'APPROVED'
  /** Nobody decided in time, or the turn ended (cancelled, interrupted) first; the tool did not run. */
  | 'EXPIRED'
  /** Waiting for a decision; the turn is paused before the tool runs. */
  | 'PENDING'
  /** A person rejected it; the tool did not run. */
  | 'REJECTED';

/** One entry of the hash-chained audit trail. Entries hold ids, names and counts, never message content. */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  /** AGENT_SPAWN, AGENT_EXIT, TOOL_CALL, TOOL_RESULT, MEMORY_READ, MEMORY_WRITE, ACCESS_DENIED, AUDIT_PRUNE or OTHER. */
  action: Scalars['String']['output'];
  /** Who acted: `user:<id>`, `session:<id>` or `system`. */
  actor: Scalars['String']['output'];
  /** When the action happened. */
  at: Scalars['DateTime']['output'];
  /** Action-specific facts, e.g. the tool name or the number of tokens of a turn. */
  detail?: Maybe<Scalars['JSON']['output']>;
  /** sha256 (hex) of the canonical JSON of seq, at, actor, action, detail, resource and prevHash. */
  hash: Scalars['String']['output'];
  /** The previous entry's hash; `genesis` for the first entry ever. */
  prevHash: Scalars['String']['output'];
  /** What the action concerned, e.g. `session:<id>`. */
  resource: Scalars['String']['output'];
  /** Position in the chain, from 1, without gaps. */
  seq: Scalars['Int']['output'];
};

/** A page of audit entries. */
export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  /** The items of this page, in order. */
  edges: Array<AuditEntryEdge>;
  /** Where this page lies in the whole connection. */
  pageInfo: PageInfo;
  /** How many items the whole connection holds, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** An audit entry and its cursor. */
export type AuditEntryEdge = {
  __typename?: 'AuditEntryEdge';
  /** The item's cursor, for after or before. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: AuditEntry;
};

/** Conditions an entry must all meet; absent ones are not applied. */
export type AuditFilter = {
  /** Exactly this action, e.g. `TOOL_CALL`. */
  action?: InputMaybe<Scalars['String']['input']>;
  /** Exactly this actor, e.g. `user:alice`. */
  actor?: InputMaybe<Scalars['String']['input']>;
  /** At or after this time. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** Entries about this session (resource `session:<id>`). */
  sessionId?: InputMaybe<Scalars['ID']['input']>;
  /** Before this time. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** The result of recomputing every hash and link of the stored trail. */
export type AuditVerification = {
  __typename?: 'AuditVerification';
  /** The first entry that was changed, or follows a removed one; null when valid. */
  brokenAtSeq?: Maybe<Scalars['Int']['output']>;
  /** Entries examined; on a break, up to and including the broken one. */
  checked: Scalars['Int']['output'];
  /** True when every entry verifies and links to the one before it. */
  valid: Scalars['Boolean']['output'];
};

/** A finished turn: the agent's reply, how the turn ended, its usage and tool calls. */
export type ChatReply = {
  __typename?: 'ChatReply';
  /** How long the turn ran, in ms. */
  durationMs?: Maybe<Scalars['Int']['output']>;
  /** The message that was sent, as received. */
  echo: Scalars['String']['output'];
  /** Why the turn failed. */
  error?: Maybe<Scalars['String']['output']>;
  /** Whether the agent's evaluation of its reply passed; null when it reports none (the built-in agents do not). */
  evaluationPassed?: Maybe<Scalars['Boolean']['output']>;
  /** The turn id. */
  id: Scalars['ID']['output'];
  /** Where the agent stopped: `complete`, or why it stopped early (e.g. `tool-step-limit`); null when the agent did not say. */
  phase?: Maybe<Scalars['String']['output']>;
  /** The session's project; null when it has none. */
  projectId?: Maybe<Scalars['ID']['output']>;
  /** A tag for the session's project, when the agent reports one (the built-in agents do not). */
  projectTag?: Maybe<Scalars['String']['output']>;
  /** The agent's whole reply; partial on FAILED or CANCELLED. */
  reply: Scalars['String']['output'];
  /** The id of the seed the agent ran from, when the agent reports one (the built-in agents do not). */
  seedId?: Maybe<Scalars['ID']['output']>;
  /** The session after the turn. */
  session: Session;
  /** The session of the turn. */
  sessionId: Scalars['ID']['output'];
  /** How the turn ended: COMPLETED, FAILED or CANCELLED. */
  status: TurnStatus;
  /** The turn's tool calls, in the order they started. */
  toolCalls: Array<ToolCall>;
  /** The turn's token usage. */
  usage?: Maybe<TokenUsage>;
};

/** A one-time credential for a WebSocket connection (connectionParams.ticket): valid 30 seconds, once, on any instance. */
export type ChatTicket = {
  __typename?: 'ChatTicket';
  /** After this, the ticket is refused. */
  expiresAt: Scalars['DateTime']['output'];
  /** The secret to pass as connectionParams.ticket. */
  ticket: Scalars['String']['output'];
};

/** A turn that has been started and runs on; its events arrive on sessionEvents. */
export type ChatTurn = {
  __typename?: 'ChatTurn';
  /** No event of this turn has a lower seq: subscribe with afterSeq: firstSeq - 1 to miss none. Exact when the session was idle. */
  firstSeq: Scalars['Int']['output'];
  /** The turn id (for cancelChat). */
  id: Scalars['ID']['output'];
  /** The session of the turn (a new one when none was given). */
  sessionId: Scalars['ID']['output'];
  /** RUNNING: the turn has begun. */
  status: TurnStatus;
};

/** Always the last event of a turn. */
export type DoneEvent = TurnEvent & {
  __typename?: 'DoneEvent';
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** How long the turn ran, in ms (0 when nothing was measured). */
  durationMs: Scalars['Int']['output'];
  /** Why the turn failed or was stopped; null when COMPLETED. */
  error?: Maybe<Scalars['String']['output']>;
  /** Whether the agent's evaluation of its reply passed; null when it reports none (the built-in agents do not). */
  evaluationPassed?: Maybe<Scalars['Boolean']['output']>;
  /** Where the agent stopped: `complete`, or why it stopped early (e.g. `tool-step-limit`); null when the agent did not say. */
  phase?: Maybe<Scalars['String']['output']>;
  /** A tag for the session's project, when the agent reports one (the built-in agents do not). */
  projectTag?: Maybe<Scalars['String']['output']>;
  /** The whole reply (the TokenEvents concatenated); partial on FAILED or CANCELLED. */
  reply: Scalars['String']['output'];
  /** The id of the seed the agent ran from, when the agent reports one (the built-in agents do not). */
  seedId?: Maybe<Scalars['ID']['output']>;
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** How the turn ended: COMPLETED, FAILED or CANCELLED. */
  status: TurnStatus;
  /** The turn's tool calls, in the order they started. */
  toolCalls: Array<ToolCall>;
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** Something the agent keeps for the user across sessions (the memory_store tool). */
export type Memory = {
  __typename?: 'Memory';
  /** What is remembered. */
  content: Scalars['String']['output'];
  /** When it was stored. */
  createdAt: Scalars['DateTime']['output'];
  /** The id deleteMemory takes. */
  id: Scalars['ID']['output'];
  /** The session it was stored from (which may since be deleted); null when none. */
  sessionId?: Maybe<Scalars['ID']['output']>;
  /** The turn it was stored in; null when none. */
  turnId?: Maybe<Scalars['ID']['output']>;
};

/** What the agent did with its memory. */
export type MemoryAction =
  /** Looked up the user's memories or the session's earlier messages. */
  | 'RECALL'
  /** Kept something for later turns, in any session (see memoryId). */
  | 'STORE';

/** A page of memories. */
export type MemoryConnection = {
  __typename?: 'MemoryConnection';
  /** The items of this page, in order. */
  edges: Array<MemoryEdge>;
  /** Where this page lies in the whole connection. */
  pageInfo: PageInfo;
  /** How many items the whole connection holds, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A memory and its cursor. */
export type MemoryEdge = {
  __typename?: 'MemoryEdge';
  /** The item's cursor, for after or before. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Memory;
};

/** The agent used its memory (e.g. the memory_recall tool searched the session). */
export type MemoryEvent = TurnEvent & {
  __typename?: 'MemoryEvent';
  /** Recall or store. */
  action: MemoryAction;
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** How many memories were found or stored. */
  count: Scalars['Int']['output'];
  /** The memory stored, on a STORE into `memories`; null otherwise. */
  memoryId?: Maybe<Scalars['ID']['output']>;
  /** What was looked up, on a RECALL; null otherwise. */
  query?: Maybe<Scalars['String']['output']>;
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** Where the memories come from: `memories` or `session-history`. */
  source: Scalars['String']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** One message of a session's history. Agent-only fields are null on user messages. */
export type Message = {
  __typename?: 'Message';
  /** The text. */
  content: Scalars['String']['output'];
  /** When it was stored. */
  createdAt: Scalars['DateTime']['output'];
  /** How long the turn ran, in ms, on an agent message. */
  durationMs?: Maybe<Scalars['Int']['output']>;
  /** Why the turn failed, on a FAILED agent message. */
  error?: Maybe<Scalars['String']['output']>;
  /** As DoneEvent.evaluationPassed, on an agent message. */
  evaluationPassed?: Maybe<Scalars['Boolean']['output']>;
  /** The message id. */
  id: Scalars['ID']['output'];
  /** As DoneEvent.phase, on an agent message. */
  phase?: Maybe<Scalars['String']['output']>;
  /** Who wrote it. */
  role: MessageRole;
  /** As DoneEvent.seedId, on an agent message. */
  seedId?: Maybe<Scalars['ID']['output']>;
  /** The session it belongs to. */
  sessionId: Scalars['ID']['output'];
  /** How the turn ended, on an agent message. */
  status?: Maybe<TurnStatus>;
  /** The tool calls of this message's turn (agent messages; [] for user messages). */
  toolCalls: Array<ToolCall>;
  /** The turn it belongs to: each turn has a user message and an agent message. */
  turnId: Scalars['ID']['output'];
  /** The turn's token usage, on an agent message. */
  usage?: Maybe<TokenUsage>;
};

/** A page of messages. */
export type MessageConnection = {
  __typename?: 'MessageConnection';
  /** The items of this page, in order. */
  edges: Array<MessageEdge>;
  /** Where this page lies in the whole connection. */
  pageInfo: PageInfo;
  /** How many items the whole connection holds, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A message and its cursor. */
export type MessageEdge = {
  __typename?: 'MessageEdge';
  /** The item's cursor, for after or before. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Message;
};

/** Who wrote a message. */
export type MessageRole =
  /** Written by the agent. */
  | 'AGENT'
  /** Sent by the user. */
  | 'USER';

/** Chat turns, session changes and tickets. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Cancels a running or queued turn; false when it is unknown or already finished. */
  cancelChat: Scalars['Boolean']['output'];
  /** Issues a one-time ticket bound to the caller, for clients that can't send headers. */
  createChatTicket: ChatTicket;
  /** Deletes one of the caller's memories; missing or someone else's: NOT_FOUND. */
  deleteMemory: Scalars['Boolean']['output'];
  /** Deletes the session with its messages, tool calls and events. */
  deleteSession: Scalars['Boolean']['output'];
  /** Admin: drops sessions idle longer than SESSION_TTL_HOURS, then keeps the newest SESSION_MAX_SESSIONS; also drops events past EVENT_RETENTION_HOURS. */
  pruneSessions: PruneResult;
  /** Sets the title (1 to 200 characters); the first message no longer names it. */
  renameSession: Session;
  /** Approves or rejects a pending tool call: the session's owner or an admin. Someone else's: NOT_FOUND; decided already: ALREADY_RESOLVED with the decision that stands. */
  resolveToolApproval: ToolApproval;
  /** Sends a message and waits for the agent's whole reply. */
  sendChat: ChatReply;
  /** Sends a message and returns at once; follow the turn on sessionEvents. */
  startChat: ChatTurn;
};


/** Chat turns, session changes and tickets. */
export type MutationCancelChatArgs = {
  turnId: Scalars['ID']['input'];
};


/** Chat turns, session changes and tickets. */
export type MutationDeleteMemoryArgs = {
  id: Scalars['ID']['input'];
};


/** Chat turns, session changes and tickets. */
export type MutationDeleteSessionArgs = {
  id: Scalars['ID']['input'];
};


/** Chat turns, session changes and tickets. */
export type MutationRenameSessionArgs = {
  id: Scalars['ID']['input'];
  title: Scalars['String']['input'];
};


/** Chat turns, session changes and tickets. */
export type MutationResolveToolApprovalArgs = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


/** Chat turns, session changes and tickets. */
export type MutationSendChatArgs = {
  input: SendChatInput;
};


/** Chat turns, session changes and tickets. */
export type MutationStartChatArgs = {
  input: SendChatInput;
};

/** Where a page lies in its connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The last item of the page; null when empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** More items follow (when paging forward). */
  hasNextPage: Scalars['Boolean']['output'];
  /** More items precede (when paging backward). */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The first item of the page; null when empty. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** What a prune removed. */
export type PruneResult = {
  __typename?: 'PruneResult';
  /** Sessions removed, with everything they owned. */
  deleted: Scalars['Int']['output'];
};

/** Reads: sessions, their history, and the audit trail. */
export type Query = {
  __typename?: 'Query';
  /** The audit trail, oldest first (by seq). Admins only (FORBIDDEN otherwise). */
  auditTrail: AuditEntryConnection;
  /** The caller's memories, newest first. */
  memories: MemoryConnection;
  /** A session by id; null when it does not exist or is not the caller's. */
  session?: Maybe<Session>;
  /** The caller's sessions, most recently updated first. */
  sessions: SessionConnection;
  /** An approval by id; null when it does not exist or is not the caller's (admins see every one). */
  toolApproval?: Maybe<ToolApproval>;
  /** Recomputes the whole hash chain and names the first broken seq. Admins only (FORBIDDEN otherwise). */
  verifyAuditTrail: AuditVerification;
};


/** Reads: sessions, their history, and the audit trail. */
export type QueryAuditTrailArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads: sessions, their history, and the audit trail. */
export type QueryMemoriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
};


/** Reads: sessions, their history, and the audit trail. */
export type QuerySessionArgs = {
  id: Scalars['ID']['input'];
};


/** Reads: sessions, their history, and the audit trail. */
export type QuerySessionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
};


/** Reads: sessions, their history, and the audit trail. */
export type QueryToolApprovalArgs = {
  id: Scalars['ID']['input'];
};

/** The agent's reasoning or plan, shown before or between its actions. */
export type ReasoningEvent = TurnEvent & {
  __typename?: 'ReasoningEvent';
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** The reasoning, in words. */
  content: Scalars['String']['output'];
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** `plan` (local agent) or `model`. */
  source: Scalars['String']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** A message for the agent (sendChat and startChat). */
export type SendChatInput = {
  /** The message: at most 64 KiB of UTF-8 (else PAYLOAD_TOO_LARGE), not blank. */
  content: Scalars['String']['input'];
  /** Groups sessions; set on the session when it is created. */
  projectId?: InputMaybe<Scalars['ID']['input']>;
  /** Absent: a new session is created. An id that does not exist yet creates it. */
  sessionId?: InputMaybe<Scalars['ID']['input']>;
};

/** A conversation between one user and the agent. */
export type Session = {
  __typename?: 'Session';
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Plain id; a client may choose a UUID for a new session. */
  id: Scalars['ID']['output'];
  /** The seq of the newest event when the session was last idle; resume after it. */
  lastEventSeq: Scalars['Int']['output'];
  /** Messages in the history, user and agent. */
  messageCount: Scalars['Int']['output'];
  /** The history, oldest first. */
  messages: MessageConnection;
  /** Free-form data kept with the session; null when none. */
  metadata?: Maybe<Scalars['JSON']['output']>;
  /** The tool calls waiting for a decision, oldest first; empty when none. */
  pendingApprovals: Array<ToolApproval>;
  /** The project it was created in (SendChatInput.projectId); null when none. */
  projectId?: Maybe<Scalars['ID']['output']>;
  /** AWAITING_APPROVAL while a tool call waits for a decision, RUNNING while a turn runs, else IDLE. */
  status: SessionStatus;
  /** Set from the first message unless renamed. */
  title?: Maybe<Scalars['String']['output']>;
  /** The tool-call trajectory, in the order the calls started. */
  toolCalls: ToolCallConnection;
  /** When it last changed (a message, a rename); sessions are listed by it. */
  updatedAt: Scalars['DateTime']['output'];
  /** Totals over all turns. */
  usage: TokenUsage;
  /** The user the session belongs to. */
  userId: Scalars['String']['output'];
};


/** A conversation between one user and the agent. */
export type SessionMessagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A conversation between one user and the agent. */
export type SessionToolCallsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** What happened to a session. */
export type SessionChange =
  /** A new session (sendChat or startChat with a new id). */
  | 'CREATED'
  /** Deleted or pruned; `session` is null. */
  | 'DELETED'
  /** Renamed, a turn started or ended (status, messageCount, usage), a tool call waits for a decision or got one. */
  | 'UPDATED';

/** A page of sessions. */
export type SessionConnection = {
  __typename?: 'SessionConnection';
  /** The items of this page, in order. */
  edges: Array<SessionEdge>;
  /** Where this page lies in the whole connection. */
  pageInfo: PageInfo;
  /** How many items the whole connection holds, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A session and its cursor. */
export type SessionEdge = {
  __typename?: 'SessionEdge';
  /** The item's cursor, for after or before. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Session;
};

/** One step of a turn, as streamed by sessionEvents. */
export type SessionEvent = DoneEvent | MemoryEvent | ReasoningEvent | TokenEvent | ToolApprovalRequestEvent | ToolApprovalResolvedEvent | ToolEndEvent | ToolProgressEvent | ToolStartEvent | TurnStartedEvent | UsageEvent;

/** What a session is doing now. */
export type SessionStatus =
  /** A turn is paused until a person decides on a tool call (pendingApprovals). */
  | 'AWAITING_APPROVAL'
  /** No turn is running. */
  | 'IDLE'
  /** A turn is running. */
  | 'RUNNING';

/** One change of a session the viewer can see, in the order it happened. */
export type SessionUpdate = {
  __typename?: 'SessionUpdate';
  /** When it happened. */
  at: Scalars['DateTime']['output'];
  /** What happened to it. */
  change: SessionChange;
  /** Resume after this update: sessionUpdates(after: cursor). */
  cursor: Scalars['String']['output'];
  /** The session as the change left it (status included); null when it is deleted since, or this update is its DELETED. */
  session?: Maybe<Session>;
  /** The session changed. */
  sessionId: Scalars['ID']['output'];
};

/** Live events (graphql-ws, or SSE). */
export type Subscription = {
  __typename?: 'Subscription';
  /** afterSeq absent: live events only. afterSeq = n: first every stored event with seq > n, in order, then live ones; never a gap or a duplicate. A session id that does not exist yet is waited for (subscribe, then sendChat with that id). */
  sessionEvents: SessionEvent;
  /** Every change of the viewer's sessions (allUsers: every user's, admins only), live; after = a cursor: first every stored update after it, in order, then live ones, never a gap or a duplicate. An expired cursor ends with CURSOR_EXPIRED: query sessions again and subscribe without after. */
  sessionUpdates: SessionUpdate;
};


/** Live events (graphql-ws, or SSE). */
export type SubscriptionSessionEventsArgs = {
  afterSeq?: InputMaybe<Scalars['Int']['input']>;
  sessionId: Scalars['ID']['input'];
  untilDone?: InputMaybe<Scalars['Boolean']['input']>;
};


/** Live events (graphql-ws, or SSE). */
export type SubscriptionSessionUpdatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  allUsers?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A piece of the reply, in order; concatenated they are the reply. */
export type TokenEvent = TurnEvent & {
  __typename?: 'TokenEvent';
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** The piece of text. */
  content: Scalars['String']['output'];
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** Token counts, as reported by the agent. */
export type TokenUsage = {
  __typename?: 'TokenUsage';
  /** Tokens read by the model. */
  inputTokens: Scalars['Int']['output'];
  /** Tokens written by the model. */
  outputTokens: Scalars['Int']['output'];
};

/** A tool call that waits for (or got) a person's decision before it runs. */
export type ToolApproval = {
  __typename?: 'ToolApproval';
  /** The reason given with the decision; null when none. */
  decisionReason?: Maybe<Scalars['String']['output']>;
  /** After this it expires undecided (TOOL_APPROVAL_TIMEOUT_MS). */
  expiresAt: Scalars['DateTime']['output'];
  /** The id resolveToolApproval takes. */
  id: Scalars['ID']['output'];
  /** Why the call needs approval; null when none was given. */
  reason?: Maybe<Scalars['String']['output']>;
  /** When the agent asked. */
  requestedAt: Scalars['DateTime']['output'];
  /** When it was decided or expired; null while PENDING. */
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The user who decided; null while PENDING or when it expired. */
  resolvedBy?: Maybe<Scalars['String']['output']>;
  /** The session of the turn. */
  sessionId: Scalars['ID']['output'];
  /** Where it stands. */
  status: ApprovalStatus;
  /** The arguments the agent wants to call the tool with. */
  toolArgs?: Maybe<Scalars['JSON']['output']>;
  /** The tool call, as in its ToolStartEvent and ToolEndEvent. */
  toolCallId: Scalars['ID']['output'];
  /** The tool, e.g. `memory_store`. */
  toolName: Scalars['String']['output'];
  /** The turn that is (or was) paused. */
  turnId: Scalars['ID']['output'];
};

/** The turn paused before a tool call until a person decides (resolveToolApproval with approvalId). */
export type ToolApprovalRequestEvent = TurnEvent & {
  __typename?: 'ToolApprovalRequestEvent';
  /** The ToolApproval to decide. */
  approvalId: Scalars['ID']['output'];
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** Undecided by then, it expires and the tool does not run. */
  expiresAt: Scalars['DateTime']['output'];
  /** Why the call needs approval; null when none was given. */
  reason?: Maybe<Scalars['String']['output']>;
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** The arguments it would run with. */
  toolArgs?: Maybe<Scalars['JSON']['output']>;
  /** The tool call that waits. */
  toolCallId: Scalars['ID']['output'];
  /** The tool it would run. */
  toolName: Scalars['String']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** A tool call was approved, rejected or expired; approved, its ToolStartEvent follows, else a ToolEndEvent with isError. */
export type ToolApprovalResolvedEvent = TurnEvent & {
  __typename?: 'ToolApprovalResolvedEvent';
  /** The ToolApproval decided. */
  approvalId: Scalars['ID']['output'];
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** APPROVED, REJECTED or EXPIRED. */
  decision: ApprovalStatus;
  /** The reason given with the decision (or why it expired); null when none. */
  reason?: Maybe<Scalars['String']['output']>;
  /** The user who decided; null when it expired. */
  resolvedBy?: Maybe<Scalars['String']['output']>;
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** The tool call it was for. */
  toolCallId: Scalars['ID']['output'];
  /** The tool it was for. */
  toolName: Scalars['String']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** One tool call of a turn: the trajectory step the agent took. */
export type ToolCall = {
  __typename?: 'ToolCall';
  /** How long the call ran, in ms; null when it never ended (interrupted). */
  durationMs?: Maybe<Scalars['Int']['output']>;
  /** True when the tool failed or was interrupted. */
  isError: Scalars['Boolean']['output'];
  /** A short summary of what the tool returned. */
  outputSummary?: Maybe<Scalars['String']['output']>;
  /** When the call started. */
  startedAt: Scalars['DateTime']['output'];
  /** The arguments the agent passed. */
  toolArgs?: Maybe<Scalars['JSON']['output']>;
  /** The call's id, as in its ToolStartEvent, ToolProgressEvent and ToolEndEvent. */
  toolCallId: Scalars['ID']['output'];
  /** The tool, e.g. `calculator`. */
  toolName: Scalars['String']['output'];
  /** The turn that made the call. */
  turnId: Scalars['ID']['output'];
};

/** A page of tool calls. */
export type ToolCallConnection = {
  __typename?: 'ToolCallConnection';
  /** The items of this page, in order. */
  edges: Array<ToolCallEdge>;
  /** Where this page lies in the whole connection. */
  pageInfo: PageInfo;
  /** How many items the whole connection holds, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A tool call and its cursor. */
export type ToolCallEdge = {
  __typename?: 'ToolCallEdge';
  /** The item's cursor, for after or before. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: ToolCall;
};

/** A tool call ended, with a result or an error. */
export type ToolEndEvent = TurnEvent & {
  __typename?: 'ToolEndEvent';
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** How long the call ran, in ms. */
  durationMs: Scalars['Int']['output'];
  /** True when the tool failed. */
  isError: Scalars['Boolean']['output'];
  /** A short summary of what the tool returned, or of its error. */
  outputSummary: Scalars['String']['output'];
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** The call that ended. */
  toolCallId: Scalars['ID']['output'];
  /** The tool that ran. */
  toolName: Scalars['String']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** A step of a running tool call, in order, between its start and its end. */
export type ToolProgressEvent = TurnEvent & {
  __typename?: 'ToolProgressEvent';
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** Tool-specific facts about the step; null when the tool gives none. */
  context?: Maybe<Scalars['JSON']['output']>;
  /** What the tool is doing, in words. */
  progress: Scalars['String']['output'];
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** The browser tab the step happened in, for tools that work in tabs (no built-in tool does); else null. */
  tabId?: Maybe<Scalars['ID']['output']>;
  /** The call this step belongs to. */
  toolCallId: Scalars['ID']['output'];
  /** The tool that is running. */
  toolName: Scalars['String']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** The agent called a tool; its progress and end follow with the same toolCallId. */
export type ToolStartEvent = TurnEvent & {
  __typename?: 'ToolStartEvent';
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** The arguments the agent passed, as the tool received them. */
  toolArgs?: Maybe<Scalars['JSON']['output']>;
  /** Ties the start, progress and end of one call (and its ToolCall) together. */
  toolCallId: Scalars['ID']['output'];
  /** The tool, e.g. `calculator`. */
  toolName: Scalars['String']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** What every event of a turn carries. */
export type TurnEvent = {
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

/** A turn began: the user's message, stored before the agent runs; always the turn's first event. */
export type TurnStartedEvent = TurnEvent & {
  __typename?: 'TurnStartedEvent';
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
  /** The message that started the turn, as stored in the history. */
  userMessage: Message;
};

/** Where a turn stands. RUNNING until its DoneEvent, which carries the final status. */
export type TurnStatus =
  /** cancelChat stopped the turn; the partial reply was kept. */
  | 'CANCELLED'
  /** The agent finished its reply. */
  | 'COMPLETED'
  /** The turn ended with an error (see `error`). */
  | 'FAILED'
  /** The agent is still working. */
  | 'RUNNING';

/** Token usage so far, cumulative for the turn. */
export type UsageEvent = TurnEvent & {
  __typename?: 'UsageEvent';
  /** When the event happened. */
  at: Scalars['DateTime']['output'];
  /** Tokens read by the model so far. */
  inputTokens: Scalars['Int']['output'];
  /** Tokens written by the model so far. */
  outputTokens: Scalars['Int']['output'];
  /** Per session, from 1, strictly increasing, no gaps. Resume with afterSeq. */
  seq: Scalars['Int']['output'];
  /** The session the turn belongs to. */
  sessionId: Scalars['ID']['output'];
  /** The turn: the id sendChat and startChat returned, and cancelChat takes. */
  turnId: Scalars['ID']['output'];
};

export type SessionSummaryFragment = { __typename?: 'Session', id: string, userId: string, title?: string | null, status: SessionStatus, messageCount: number, updatedAt: string, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string }> };

export type SessionListQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionListQuery = { __typename?: 'Query', sessions: { __typename?: 'SessionConnection', edges: Array<{ __typename?: 'SessionEdge', node: { __typename?: 'Session', id: string, userId: string, title?: string | null, status: SessionStatus, messageCount: number, updatedAt: string, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string }> } }> } };

export type SessionFeedSubscriptionVariables = Exact<{
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type SessionFeedSubscription = { __typename?: 'Subscription', sessionUpdates: { __typename?: 'SessionUpdate', cursor: string, change: SessionChange, sessionId: string, at: string, session?: { __typename?: 'Session', id: string, userId: string, title?: string | null, status: SessionStatus, messageCount: number, updatedAt: string, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string }> } | null } };

export type ActivityFeedSubscriptionVariables = Exact<{
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ActivityFeedSubscription = { __typename?: 'Subscription', sessionUpdates: { __typename?: 'SessionUpdate', cursor: string, change: SessionChange, sessionId: string, at: string, session?: { __typename?: 'Session', id: string, userId: string, title?: string | null, status: SessionStatus, messageCount: number, updatedAt: string, toolCalls: { __typename?: 'ToolCallConnection', edges: Array<{ __typename?: 'ToolCallEdge', node: { __typename?: 'ToolCall', toolCallId: string, toolName: string, isError: boolean } }> }, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string }> } | null } };

export type ConversationQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConversationQuery = { __typename?: 'Query', session?: { __typename?: 'Session', id: string, title?: string | null, status: SessionStatus, lastEventSeq: number, messages: { __typename?: 'MessageConnection', edges: Array<{ __typename?: 'MessageEdge', node: { __typename?: 'Message', id: string, role: MessageRole, content: string, turnId: string, status?: TurnStatus | null, error?: string | null, durationMs?: number | null, usage?: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number } | null, toolCalls: Array<{ __typename?: 'ToolCall', toolCallId: string, toolName: string, toolArgs?: unknown | null, outputSummary?: string | null, durationMs?: number | null, isError: boolean }> } }> }, pendingApprovals: Array<{ __typename?: 'ToolApproval', id: string, turnId: string, toolCallId: string, toolName: string, toolArgs?: unknown | null, reason?: string | null, expiresAt: string }> } | null };

export type TurnEventsSubscriptionVariables = Exact<{
  sessionId: Scalars['ID']['input'];
  afterSeq?: InputMaybe<Scalars['Int']['input']>;
}>;


export type TurnEventsSubscription = { __typename?: 'Subscription', sessionEvents:
    | { __typename: 'DoneEvent', seq: number, turnId: string, at: string, status: TurnStatus, reply: string, error?: string | null, durationMs: number }
    | { __typename: 'MemoryEvent', seq: number, turnId: string, at: string, action: MemoryAction, query?: string | null, count: number, source: string, memoryId?: string | null }
    | { __typename: 'ReasoningEvent', seq: number, turnId: string, at: string, content: string, source: string }
    | { __typename: 'TokenEvent', seq: number, turnId: string, at: string, content: string }
    | { __typename: 'ToolApprovalRequestEvent', seq: number, turnId: string, at: string, approvalId: string, toolCallId: string, toolName: string, toolArgs?: unknown | null, reason?: string | null, expiresAt: string }
    | { __typename: 'ToolApprovalResolvedEvent', seq: number, turnId: string, at: string, approvalId: string, toolCallId: string, decision: ApprovalStatus, resolvedBy?: string | null }
    | { __typename: 'ToolEndEvent', seq: number, turnId: string, at: string, toolCallId: string, toolName: string, durationMs: number, isError: boolean, outputSummary: string }
    | { __typename: 'ToolProgressEvent', seq: number, turnId: string, at: string, toolCallId: string, progress: string }
    | { __typename: 'ToolStartEvent', seq: number, turnId: string, at: string, toolCallId: string, toolName: string, toolArgs?: unknown | null }
    | { __typename: 'TurnStartedEvent', seq: number, turnId: string, at: string, userMessage: { __typename?: 'Message', id: string, content: string } }
    | { __typename: 'UsageEvent', seq: number, turnId: string, at: string, inputTokens: number, outputTokens: number }
   };

export type StartTurnMutationVariables = Exact<{
  input: SendChatInput;
}>;


export type StartTurnMutation = { __typename?: 'Mutation', startChat: { __typename?: 'ChatTurn', id: string, sessionId: string, firstSeq: number, status: TurnStatus } };

export type CancelTurnMutationVariables = Exact<{
  turnId: Scalars['ID']['input'];
}>;


export type CancelTurnMutation = { __typename?: 'Mutation', cancelChat: boolean };

export type ResolveApprovalMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  approve: Scalars['Boolean']['input'];
}>;


export type ResolveApprovalMutation = { __typename?: 'Mutation', resolveToolApproval: { __typename?: 'ToolApproval', id: string, status: ApprovalStatus, resolvedBy?: string | null } };

export type DeleteSessionMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteSessionMutation = { __typename?: 'Mutation', deleteSession: boolean };

export type CreateTicketMutationVariables = Exact<{ [key: string]: never; }>;


export type CreateTicketMutation = { __typename?: 'Mutation', createChatTicket: { __typename?: 'ChatTicket', ticket: string, expiresAt: string } };

export type AuditTrailQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditTrailQuery = { __typename?: 'Query', auditTrail: { __typename?: 'AuditEntryConnection', totalCount: number, edges: Array<{ __typename?: 'AuditEntryEdge', node: { __typename?: 'AuditEntry', seq: number, at: string, actor: string, action: string, resource: string, detail?: unknown | null, hash: string } }> } };

export type VerifyAuditQueryVariables = Exact<{ [key: string]: never; }>;


export type VerifyAuditQuery = { __typename?: 'Query', verifyAuditTrail: { __typename?: 'AuditVerification', valid: boolean, checked: number, brokenAtSeq?: number | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SessionSummaryFragmentDoc = new TypedDocumentString(`
    fragment SessionSummary on Session {
  id
  userId
  title
  status
  messageCount
  updatedAt
  usage {
    inputTokens
    outputTokens
  }
  pendingApprovals {
    id
  }
}
    `, {"fragmentName":"SessionSummary"}) as unknown as TypedDocumentString<SessionSummaryFragment, unknown>;
export const SessionListDocument = new TypedDocumentString(`
    query SessionList {
  sessions(first: 100) {
    edges {
      node {
        ...SessionSummary
      }
    }
  }
}
    fragment SessionSummary on Session {
  id
  userId
  title
  status
  messageCount
  updatedAt
  usage {
    inputTokens
    outputTokens
  }
  pendingApprovals {
    id
  }
}`) as unknown as TypedDocumentString<SessionListQuery, SessionListQueryVariables>;
export const SessionFeedDocument = new TypedDocumentString(`
    subscription SessionFeed($after: String) {
  sessionUpdates(after: $after) {
    cursor
    change
    sessionId
    at
    session {
      ...SessionSummary
    }
  }
}
    fragment SessionSummary on Session {
  id
  userId
  title
  status
  messageCount
  updatedAt
  usage {
    inputTokens
    outputTokens
  }
  pendingApprovals {
    id
  }
}`) as unknown as TypedDocumentString<SessionFeedSubscription, SessionFeedSubscriptionVariables>;
export const ActivityFeedDocument = new TypedDocumentString(`
    subscription ActivityFeed($after: String) {
  sessionUpdates(after: $after, allUsers: true) {
    cursor
    change
    sessionId
    at
    session {
      ...SessionSummary
      toolCalls(last: 10) {
        edges {
          node {
            toolCallId
            toolName
            isError
          }
        }
      }
    }
  }
}
    fragment SessionSummary on Session {
  id
  userId
  title
  status
  messageCount
  updatedAt
  usage {
    inputTokens
    outputTokens
  }
  pendingApprovals {
    id
  }
}`) as unknown as TypedDocumentString<ActivityFeedSubscription, ActivityFeedSubscriptionVariables>;
export const ConversationDocument = new TypedDocumentString(`
    query Conversation($id: ID!) {
  session(id: $id) {
    id
    title
    status
    lastEventSeq
    messages(last: 50) {
      edges {
        node {
          id
          role
          content
          turnId
          status
          error
          durationMs
          usage {
            inputTokens
            outputTokens
          }
          toolCalls {
            toolCallId
            toolName
            toolArgs
            outputSummary
            durationMs
            isError
          }
        }
      }
    }
    pendingApprovals {
      id
      turnId
      toolCallId
      toolName
      toolArgs
      reason
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<ConversationQuery, ConversationQueryVariables>;
export const TurnEventsDocument = new TypedDocumentString(`
    subscription TurnEvents($sessionId: ID!, $afterSeq: Int) {
  sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {
    __typename
    ... on TurnEvent {
      seq
      turnId
      at
    }
    ... on TurnStartedEvent {
      userMessage {
        id
        content
      }
    }
    ... on ReasoningEvent {
      content
      source
    }
    ... on TokenEvent {
      content
    }
    ... on ToolStartEvent {
      toolCallId
      toolName
      toolArgs
    }
    ... on ToolProgressEvent {
      toolCallId
      progress
    }
    ... on ToolEndEvent {
      toolCallId
      toolName
      durationMs
      isError
      outputSummary
    }
    ... on MemoryEvent {
      action
      query
      count
      source
      memoryId
    }
    ... on UsageEvent {
      inputTokens
      outputTokens
    }
    ... on ToolApprovalRequestEvent {
      approvalId
      toolCallId
      toolName
      toolArgs
      reason
      expiresAt
    }
    ... on ToolApprovalResolvedEvent {
      approvalId
      toolCallId
      decision
      resolvedBy
    }
    ... on DoneEvent {
      status
      reply
      error
      durationMs
    }
  }
}
    `) as unknown as TypedDocumentString<TurnEventsSubscription, TurnEventsSubscriptionVariables>;
export const StartTurnDocument = new TypedDocumentString(`
    mutation StartTurn($input: SendChatInput!) {
  startChat(input: $input) {
    id
    sessionId
    firstSeq
    status
  }
}
    `) as unknown as TypedDocumentString<StartTurnMutation, StartTurnMutationVariables>;
export const CancelTurnDocument = new TypedDocumentString(`
    mutation CancelTurn($turnId: ID!) {
  cancelChat(turnId: $turnId)
}
    `) as unknown as TypedDocumentString<CancelTurnMutation, CancelTurnMutationVariables>;
export const ResolveApprovalDocument = new TypedDocumentString(`
    mutation ResolveApproval($id: ID!, $approve: Boolean!) {
  resolveToolApproval(id: $id, approve: $approve) {
    id
    status
    resolvedBy
  }
}
    `) as unknown as TypedDocumentString<ResolveApprovalMutation, ResolveApprovalMutationVariables>;
export const DeleteSessionDocument = new TypedDocumentString(`
    mutation DeleteSession($id: ID!) {
  deleteSession(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteSessionMutation, DeleteSessionMutationVariables>;
export const CreateTicketDocument = new TypedDocumentString(`
    mutation CreateTicket {
  createChatTicket {
    ticket
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<CreateTicketMutation, CreateTicketMutationVariables>;
export const AuditTrailDocument = new TypedDocumentString(`
    query AuditTrail {
  auditTrail(last: 50) {
    totalCount
    edges {
      node {
        seq
        at
        actor
        action
        resource
        detail
        hash
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuditTrailQuery, AuditTrailQueryVariables>;
export const VerifyAuditDocument = new TypedDocumentString(`
    query VerifyAudit {
  verifyAuditTrail {
    valid
    checked
    brokenAtSeq
  }
}
    `) as unknown as TypedDocumentString<VerifyAuditQuery, VerifyAuditQueryVariables>;