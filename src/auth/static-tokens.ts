/**
 * Static API tokens from AUTH_TOKENS (`token=user[:admin],...`). Looked up by their
 * SHA-256 digest, so comparing a presented token costs the same whichever it is.
 */
import { createHash } from 'node:crypto';
import type { Viewer } from './viewer.js';

export class StaticTokens {
  private readonly byDigest = new Map<string, Viewer>();

  constructor(entries: readonly { token: string; userId: string; isAdmin: boolean }[]) {
    for (const { token, userId, isAdmin } of entries) {
      this.byDigest.set(digest(token), { userId, isAdmin });
    }
  }

  get size(): number {
    return this.byDigest.size;
  }

  lookup(token: string): Viewer | null {
    return this.byDigest.get(digest(token)) ?? null;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Parses `token=user[:admin],...`; throws with the offending position on a bad entry. */
export function parseAuthTokens(
  spec: string,
): { token: string; userId: string; isAdmin: boolean }[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const match = /^([^=\s]{16,})=([A-Za-z0-9_.@-]{1,128})(:admin)?$/.exec(entry);
      if (!match) {
        throw new Error(
          `AUTH_TOKENS entry ${index + 1} is not token=user[:admin] (tokens need 16+ characters)`,
        );
      }
      return { token: match[1]!, userId: match[2]!, isAdmin: Boolean(match[3]) };
    });
}
