/**
 * The page: who may use it (single-user mode needs nothing; with auth, a token), then
 * the sidebar and the view picked in the header. Admin or not is learnt by asking for
 * the audit trail: FORBIDDEN says not.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ActivityView } from './ActivityView.js';
import { AuditView } from './AuditView.js';
import { storedToken, storeToken } from './auth-token.js';
import { ConversationView } from './ConversationView.js';
import { LoginForm } from './LoginForm.js';
import { newId } from './new-id.js';
import { AuditTrail } from './operations.js';
import { Sidebar } from './Sidebar.js';
import { ApiError, onAuthLost, request, resetSocket } from './transport.js';
import { useSessionFeed } from './use-session-feed.js';

type Access =
  | { kind: 'checking' }
  | { kind: 'login'; refused: boolean }
  | { kind: 'in'; admin: boolean };
type View = 'chat' | 'activity' | 'audit';

async function probe(): Promise<Access> {
  try {
    await request(AuditTrail);
    return { kind: 'in', admin: true };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'FORBIDDEN')
      return { kind: 'in', admin: false };
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED')
      return { kind: 'login', refused: storedToken() !== null };
    throw error;
  }
}

export function App() {
  const [access, setAccess] = useState<Access>({ kind: 'checking' });
  const [failure, setFailure] = useState<string>();
  const check = () => probe().then(setAccess, (e: Error) => setFailure(e.message));
  useEffect(() => void check(), []);
  // A token that stops working mid-way (an expired JWT) asks for a new one.
  useEffect(
    () =>
      onAuthLost(() => {
        resetSocket();
        setAccess({ kind: 'login', refused: true });
      }),
    [],
  );

  const logIn = (token: string) => {
    storeToken(token);
    resetSocket();
    void check();
  };
  const logOut = () => {
    storeToken(null);
    resetSocket();
    setAccess({ kind: 'login', refused: false });
  };

  if (failure) return <p class="fatal">Parley did not answer: {failure}</p>;
  if (access.kind === 'checking') return <p class="fatal">Connecting…</p>;
  if (access.kind === 'login') return <LoginForm refused={access.refused} onToken={logIn} />;
  return <Workspace admin={access.admin} onLogOut={storedToken() ? logOut : undefined} />;
}

function Workspace({ admin, onLogOut }: { admin: boolean; onLogOut?: () => void }) {
  const feed = useSessionFeed();
  const [view, setView] = useState<View>('chat');
  // A new session is an id the server has not seen yet: its first message creates it.
  const [sessionId, setSessionId] = useState(() => sessionInUrl() ?? newId());
  // The open session is in the URL (#session=<id>): a reload or a shared link reopens it.
  useEffect(
    () => history.replaceState(null, '', `#session=${encodeURIComponent(sessionId)}`),
    [sessionId],
  );
  const tab = (name: View, label: string) => (
    <button
      type="button"
      class={view === name ? 'tab active' : 'tab'}
      onClick={() => setView(name)}
    >
      {label}
    </button>
  );
  const title = feed.sessions.find((s) => s.id === sessionId)?.title;
  // The open session deleted (here or elsewhere): a new one takes its place.
  const listed = feed.sessions.some((s) => s.id === sessionId);
  const lastListed = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (listed) lastListed.current = sessionId;
    else if (lastListed.current === sessionId) setSessionId(newId());
  }, [listed, sessionId]);

  return (
    <div class="layout">
      <header>
        <h1>Parley console</h1>
        <nav>
          {tab('chat', 'Conversation')}
          {admin && tab('activity', 'Activity')}
          {admin && tab('audit', 'Audit trail')}
        </nav>
        <span class="who">{onLogOut ? 'signed in with a token' : 'single-user mode'}</span>
        {onLogOut && (
          <button type="button" onClick={onLogOut}>
            Log out
          </button>
        )}
      </header>
      <Sidebar
        feed={feed}
        selected={sessionId}
        onSelect={(id) => {
          setSessionId(id);
          setView('chat');
        }}
        onNew={() => {
          setSessionId(newId());
          setView('chat');
        }}
      />
      <main>
        {view === 'chat' && (
          <ConversationView key={sessionId} sessionId={sessionId} title={title} />
        )}
        {view === 'activity' && <ActivityView />}
        {view === 'audit' && <AuditView />}
      </main>
    </div>
  );
}

function sessionInUrl(): string | null {
  return new URLSearchParams(location.hash.slice(1)).get('session');
}
