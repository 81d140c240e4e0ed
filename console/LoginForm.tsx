/**
 * Asked for only when the server wants credentials: the token (AUTH_TOKENS, or a JWT)
 * goes to sessionStorage, and from there into every request.
 */
import { useState } from 'preact/hooks';

export function LoginForm({
  refused,
  onToken,
}: {
  refused: boolean;
  onToken: (t: string) => void;
}) {
  const [token, setToken] = useState('');
  return (
    <form
      class="login"
      onSubmit={(event) => {
        event.preventDefault();
        if (token.trim()) onToken(token.trim());
      }}
    >
      <h1>Parley console</h1>
      <p>This server needs a token (an API token or a JWT).</p>
      {refused && <p class="error">That token was refused.</p>}
      <label>
        Token
        <input
          type="password"
          name="token"
          autocomplete="off"
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
      </label>
      <button type="submit">Log in</button>
    </form>
  );
}
