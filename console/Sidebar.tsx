/**
 * The viewer's sessions, newest first, live from sessionUpdates: a session made on
 * another device appears, a rename or a running turn shows, a deleted one goes. The
 * open session stays listed (as "New session") until its first message creates it.
 */

import { DeleteSession } from './operations.js';
import { statusLabel } from './session-list.js';
import { request } from './transport.js';
import type { SessionFeedState } from './use-session-feed.js';

interface Props {
  feed: SessionFeedState;
  selected: string;
  onSelect: (id: string) => void;
  onNew: () => void;
}

export function Sidebar({ feed, selected, onSelect, onNew }: Props) {
  const known = feed.sessions.some((s) => s.id === selected);
  return (
    <aside class="sidebar">
      <button type="button" class="new-session" onClick={onNew}>
        + New session
      </button>
      {feed.error && <p class="error">{feed.error}</p>}
      <ul>
        {!known && (
          <li class="session selected draft">
            <span class="title">New session</span>
          </li>
        )}
        {feed.sessions.map((session) => (
          <li
            key={session.id}
            data-testid="session-item"
            data-session-id={session.id}
            class={session.id === selected ? 'session selected' : 'session'}
          >
            <button type="button" class="open" onClick={() => onSelect(session.id)}>
              <span class="title">{session.title ?? session.id}</span>
              <span class={`status ${session.status.toLowerCase()}`}>
                {statusLabel(session.status)}
              </span>
              <span class="meta">
                {session.messageCount} {session.messageCount === 1 ? 'message' : 'messages'} ·{' '}
                {session.usage.inputTokens + session.usage.outputTokens} tokens
              </span>
            </button>
            <button
              type="button"
              class="delete"
              title="Delete this session"
              onClick={() => {
                if (confirm(`Delete "${session.title ?? session.id}"?`))
                  void request(DeleteSession, { id: session.id });
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
