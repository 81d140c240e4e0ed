/**
 * One session's conversation: its stored history, then its events live from
 * `sessionEvents`, resumed after the last seq applied whenever the socket drops, so no
 * token is lost or shown twice (turn-state.ts drops what it has already applied). A
 * session id that does not exist yet (a new session) is followed from seq 0: the server
 * waits for it, and its first turn streams in like any other.
 */
import { useEffect, useState } from 'preact/hooks';
import { Conversation as ConversationQuery, TurnEvents } from './operations.js';
import { follow, request } from './transport.js';
import { applyEvent, type Conversation, EMPTY, fromHistory } from './turn-state.js';

export interface ConversationState {
  conversation: Conversation;
  title?: string | null;
  error?: string;
}

export function useConversation(sessionId: string): ConversationState {
  const [state, setState] = useState<ConversationState>({ conversation: EMPTY });

  useEffect(() => {
    setState({ conversation: EMPTY });
    let current = EMPTY;
    let stop = () => {};
    let cancelled = false;
    const update = (next: Conversation) => {
      if (next === current) return;
      current = next;
      setState((s) => ({ ...s, conversation: next }));
    };
    request(ConversationQuery, { id: sessionId }).then(
      ({ session }) => {
        if (cancelled) return;
        if (session) {
          current = fromHistory(session);
          setState({ conversation: current, title: session.title });
        }
        stop = follow(
          TurnEvents,
          () => ({ sessionId, afterSeq: current.lastSeq }),
          ({ sessionEvents }) => update(applyEvent(current, sessionEvents)),
          (error) => setState((s) => ({ ...s, error: error.message })),
        );
      },
      (error: Error) => setState((s) => ({ ...s, error: error.message })),
    );
    return () => {
      cancelled = true;
      stop();
    };
  }, [sessionId]);

  return state;
}
