/**
 * Admins: every user's sessions as they change (sessionUpdates with allUsers: true),
 * and counters computed from that feed alone (activity-counters.ts). It starts empty
 * and fills as sessions change: the feed is live, and `sessions` lists only one's own.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { countersAt, emptyTally, observe } from './activity-counters.js';
import type { ActivityFeedSubscription } from './gql/graphql.js';
import { ActivityFeed } from './operations.js';
import { applyUpdate, statusLabel } from './session-list.js';
import { follow } from './transport.js';

type Watched = NonNullable<ActivityFeedSubscription['sessionUpdates']['session']>;

export function ActivityView() {
  const [sessions, setSessions] = useState<Watched[]>([]);
  const [error, setError] = useState<string>();
  const [now, setNow] = useState(Date.now());
  const tally = useRef(emptyTally());

  useEffect(() => {
    let cursor: string | undefined;
    const stop = follow(
      ActivityFeed,
      () => ({ after: cursor }),
      ({ sessionUpdates: update }) => {
        cursor = update.cursor;
        const { session } = update;
        observe(tally.current, {
          sessionId: update.sessionId,
          at: update.at,
          change: update.change,
          status: session?.status,
          tokens: session ? session.usage.inputTokens + session.usage.outputTokens : undefined,
          toolCalls: session?.toolCalls.edges.map((e) => e.node),
        });
        setSessions((list) => applyUpdate(list, update));
        setNow(Date.now());
      },
      (e) => setError(e.message),
    );
    // The per-minute counters fall as their window moves on, also when nothing happens.
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      stop();
      clearInterval(tick);
    };
  }, []);

  const counters = countersAt(tally.current, now);
  const counter = (label: string, value: number, id: string) => (
    <div class="counter" data-testid={id}>
      <span class="value">{value}</span>
      <span class="label">{label}</span>
    </div>
  );
  return (
    <section class="activity">
      <h2>Activity of all users</h2>
      {error && <p class="error">{error}</p>}
      <div class="counters">
        {counter('running turns', counters.running, 'running-turns')}
        {counter('turns / min', counters.turnsPerMinute, 'turns-per-minute')}
        {counter('tokens / min', counters.tokensPerMinute, 'tokens-per-minute')}
        {counter('tool errors', counters.toolErrors, 'tool-errors')}
      </div>
      <table class="sessions">
        <thead>
          <tr>
            <th>user</th>
            <th>session</th>
            <th>status</th>
            <th>messages</th>
            <th>tokens</th>
            <th>updated</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-testid="activity-row">
              <td>{s.userId}</td>
              <td>{s.title ?? s.id}</td>
              <td class={`status ${s.status.toLowerCase()}`}>{statusLabel(s.status)}</td>
              <td>{s.messageCount}</td>
              <td>{s.usage.inputTokens + s.usage.outputTokens}</td>
              <td>{new Date(s.updatedAt).toLocaleTimeString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.length === 0 && <p class="hint">Waiting for any session to change…</p>}
    </section>
  );
}
