/**
 * JWT bearer tokens (jose): HS256 with JWT_SECRET, or keys from JWT_JWKS_URL; issuer
 * and audience are checked when configured. `sub` is the user; a `roles` claim
 * (array or space-separated string) containing `admin` makes an admin.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Viewer } from '../resolvers/context.js';

export interface JwtOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export class JwtVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[] | undefined;

  constructor(private readonly opts: JwtOptions) {
    if (opts.secret) {
      this.key = new TextEncoder().encode(opts.secret);
      this.algorithms = ['HS256'];
    } else if (opts.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(opts.jwksUrl));
      this.algorithms = undefined; // whatever the key set's keys say
    } else {
      throw new Error('JwtVerifier needs JWT_SECRET or JWT_JWKS_URL');
    }
  }

  /** The viewer, or null when the token is not valid (signature, expiry, issuer, audience, sub). */
  async verify(token: string): Promise<Viewer | null> {
    try {
      const { payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        issuer: this.opts.issuer,
        audience: this.opts.audience,
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') return null;
      return { userId: payload.sub, isAdmin: rolesOf(payload.roles).includes('admin') };
    } catch {
      return null;
    }
  }
}

function rolesOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((r): r is string => typeof r === 'string');
  if (typeof claim === 'string') return claim.split(/\s+/);
  return [];
}
