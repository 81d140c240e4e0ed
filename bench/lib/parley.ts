/** What the bench asks of a running Parley: sessions, turns and its subscription gauge. */
import { setTimeout as delay } from 'node:timers/promises';
import { gql, metric } from './http.js';

const SEND = 'mutation($input: SendChatInput!) { sendChat(input: $input) { id status } }';
const START = 'mutation($input: SendChatInput!) { startChat(input: $input) { firstSeq } }';

/** Plain words: no digits, so the local agent echoes them instead of calculating. */
export function wordsOf(count: number): string {
  return Array.from({ length: count }, () => 'word').join(' ');
}

/** Creates the session with one short turn, so later turns start on a known session. */
export async function createSession(url: string, sessionId: string): Promise<void> {
  await gql(url, SEND, { input: { sessionId, content: 'hello' } });
}

/** Starts a turn whose reply streams about `words` tokens; resolves with its first seq. */
export async function startTurn(url: string, sessionId: string, words: number) {
  const data = await gql<{ startChat: { firstSeq: number } }>(url, START, {
    input: { sessionId, content: wordsOf(words) },
  });
  return { firstSeq: data.startChat.firstSeq };
}

/** Events of a turn started by startTurn: its start, reasoning, `words` + 2 tokens, usage, done. */
export function eventsOfTurn(words: number): number {
  // TurnStartedEvent, ReasoningEvent; the reply, "You said: " + the words, one token per
  // word; UsageEvent and DoneEvent.
  return 1 + words + 2 + 3;
}

/** Waits until Parley's gauge shows `n` live subscriptions (a previous round's closed first). */
export async function waitSubscriptions(url: string, n: number, pollMs = 50): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const live = await metric(url, 'parley_active_subscriptions');
    if (live === n) return;
    if (Date.now() > deadline) throw new Error(`Parley has ${live} subscriptions, want ${n}`);
    await delay(pollMs);
  }
}
