/**
 * Who is calling. With no auth configured, Parley runs in single-user mode (user
 * `default`, an admin), which is only allowed on a loopback address. Otherwise every
 * request needs a credential: a static API token or a JWT in `Authorization: Bearer`,
 * or, for WebSocket connections, `connectionParams.authorization` or a one-time
 * `connectionParams.ticket` from createChatTicket.
 */
import { isIP } from 'node:net';
import type { TicketStore } from '../store/tickets.js';
import { type JwtOptions, JwtVerifier } from './jwt.js';
import { StaticTokens } from './static-tokens.js';
import type { Viewer } from './viewer.js';

export const SINGLE_USER: Viewer = { userId: 'default', isAdmin: true };

/** A missing, malformed, unknown or expired credential. */
export class AuthenticationError extends Error {}

export interface AuthOptions {
  tokens: readonly { token: string; userId: string; isAdmin: boolean }[];
  jwt: JwtOptions | null;
}

export class Authenticator {
  private readonly tokens: StaticTokens;
  private readonly jwt: JwtVerifier | null;
  /**
   * The deadline (epoch ms) of each viewer a JWT made: a fresh object per verification,
   * so a connection asks of its own viewer (expiryOf). Static tokens and tickets: none.
   */
  private readonly deadlines = new WeakMap<Viewer, number>();

  constructor(
    opts: AuthOptions,
    private readonly tickets: TicketStore,
  ) {
    this.tokens = new StaticTokens(opts.tokens);
    this.jwt = opts.jwt ? new JwtVerifier(opts.jwt) : null;
  }

  get enabled(): boolean {
    return this.tokens.size > 0 || this.jwt !== null;
  }

  /** From an `Authorization` header value (HTTP, SSE, WebSocket connectionParams). */
  async fromAuthorization(header: string | null | undefined): Promise<Viewer> {
    if (!this.enabled) return SINGLE_USER;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw new AuthenticationError('missing or malformed Authorization: Bearer header');
    const token = match[1]!;
    const known = this.tokens.lookup(token);
    if (known) return known;
    const checked = await this.jwt?.verify(token);
    if (checked && 'viewer' in checked) {
      if (checked.expiresAt !== undefined) this.deadlines.set(checked.viewer, checked.expiresAt);
      return checked.viewer;
    }
    throw new AuthenticationError(checked?.refused ?? 'invalid or expired credentials');
  }

  /** When the credential that made this viewer expires (epoch ms), if it ever does. */
  expiryOf(viewer: Viewer): number | undefined {
    return this.deadlines.get(viewer);
  }

  /** From graphql-ws connectionParams: `authorization` ("Bearer …") or a one-time `ticket`. */
  async fromConnectionParams(params: Record<string, unknown> | undefined): Promise<Viewer> {
    if (!this.enabled) return SINGLE_USER;
    const ticket = params?.ticket;
    if (typeof ticket === 'string' && ticket !== '') {
      const used = await this.tickets.consume(ticket, new Date());
      if (!used) throw new AuthenticationError('invalid, expired or already used ticket');
      return { userId: used.userId, isAdmin: used.isAdmin };
    }
    const authorization = params?.authorization ?? params?.Authorization;
    return this.fromAuthorization(typeof authorization === 'string' ? authorization : undefined);
  }
}

/** Single-user mode must not face a network: only loopback hosts qualify. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}
