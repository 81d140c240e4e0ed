/**
 * The viewer's sessions, kept live: the `sessions` page, then `sessionUpdates` applied
 * to it. A dropped socket resumes after the last cursor seen (transport.ts `follow`);
 * a cursor the server no longer has (CURSOR_EXPIRED) means: read the page again and
 * follow from now.
 */
import { useEffect, useState } from 'preact/hooks';
import { SessionFeed, SessionList } from './operations.js';
import { applyUpdate, type SessionItem, sortSessions } from './session-list.js';
import { follow, request } from './transport.js';

export interface SessionFeedState {
  sessions: SessionItem[];
  error?: string;
}

export function useSessionFeed(): SessionFeedState {
  const [state, setState] = useState<SessionFeedState>({ sessions: [] });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let cursor: string | undefined;
    // The subscribe goes out before the page is read, and updates that arrive first are
    // applied on top of it: one the page already shows is applied again, to the same
    // result. (A change made while the server is still setting the subscription up can
    // be missed; the session's next change brings it in whole.)
    const pending: Parameters<typeof applyUpdate>[1][] = [];
    let loaded = false;
    const stop = follow(
      SessionFeed,
      () => ({ after: cursor }),
      ({ sessionUpdates: update }) => {
        cursor = update.cursor;
        if (!loaded) pending.push(update);
        else setState((s) => ({ sessions: applyUpdate(s.sessions, update) }));
      },
      (error) => {
        if (error.code === 'CURSOR_EXPIRED') setGeneration((g) => g + 1);
        else setState((s) => ({ ...s, error: error.message }));
      },
    );
    request(SessionList).then(
      ({ sessions }) => {
        loaded = true;
        const page = sortSessions(sessions.edges.map((e) => e.node));
        setState({ sessions: pending.splice(0).reduce(applyUpdate, page) });
      },
      (error: Error) => setState((s) => ({ ...s, error: error.message })),
    );
    return stop;
  }, [generation]);

  return state;
}
