/**
 * One session: its turns (stored, then live), the input box, and the stop button while
 * a turn runs. Sending uses startChat, which answers at once: the reply streams in
 * through the session's sessionEvents subscription like any other tab's would.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { CancelTurn, StartTurn } from './operations.js';
import { TurnView } from './TurnView.js';
import { request } from './transport.js';
import { runningTurn } from './turn-state.js';
import { useConversation } from './use-conversation.js';

export function ConversationView({
  sessionId,
  title,
}: {
  sessionId: string;
  title?: string | null;
}) {
  const { conversation, error } = useConversation(sessionId);
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<string>();
  const end = useRef<HTMLDivElement>(null);
  const running = runningTurn(conversation);
  const last = conversation.turns.at(-1);

  // Keep the newest words in view as they stream in.
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [last?.reply, last?.tools.length]);

  const send = async () => {
    const content = text.trim();
    if (!content) return;
    setFailure(undefined);
    try {
      await request(StartTurn, { input: { content, sessionId } });
      setText('');
    } catch (e) {
      setFailure((e as Error).message);
    }
  };

  return (
    <section class="conversation">
      <h2>{title ?? (conversation.turns.length ? sessionId : 'New session')}</h2>
      {error && <p class="error">{error}</p>}
      <div class="turns">
        {conversation.turns.map((turn) => (
          <TurnView key={turn.turnId} turn={turn} />
        ))}
        {conversation.turns.length === 0 && <p class="hint">Send a message to start.</p>}
        <div ref={end} />
      </div>
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <textarea
          name="message"
          placeholder="Message (Enter sends, Shift+Enter for a new line)"
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void send();
            }
          }}
        />
        <button type="submit" disabled={!text.trim()}>
          Send
        </button>
        {running && (
          <button
            type="button"
            class="stop"
            onClick={() => void request(CancelTurn, { turnId: running.turnId })}
          >
            Stop
          </button>
        )}
      </form>
      {failure && <p class="error">{failure}</p>}
    </section>
  );
}
