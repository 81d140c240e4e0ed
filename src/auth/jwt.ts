/**
 * JWT bearer tokens (jose): HS256 with JWT_SECRET, or keys from JWT_JWKS_URL; issuer
 * and audience are checked when configured. `sub` is the user; a `roles` claim
 * (array or space-separated string) containing `admin` makes an admin.
 *
 * Lifetime: `exp` is required unless JWT_REQUIRE_EXP=false, and with JWT_MAX_AGE_S a
 * token is refused once that long has passed since its `iat`, whatever its `exp` says
 * (jose's maxTokenAge, which also makes `iat` required). A leaked token without `exp`
 * would otherwise work forever. The same deadline ends the WebSocket and SSE
 * connections the token opened (verify's `expiresAt`).
 */
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Viewer } from './viewer.js';

export interface JwtOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Refuse tokens without `exp` (JWT_REQUIRE_EXP, default true). */
  requireExp?: boolean;
  /** Refuse tokens issued (`iat`) longer ago than this, in seconds; 0: no cap (JWT_MAX_AGE_S). */
  maxAgeS?: number;
}

/**
 * The viewer and the token's deadline (epoch ms: its `exp`, or `iat` + maxAgeS if
 * sooner; undefined if it has neither), or why the token was refused (said to the
 * client: no token content in it).
 */
export type JwtResult = { viewer: Viewer; expiresAt: number | undefined } | { refused: string };

/**
 * Clock skew allowed on exp, nbf and iat, as Spring Security's default: an issuer whose
 * clock runs a little ahead must not see its fresh tokens refused as "issued in the future".
 */
const CLOCK_TOLERANCE_S = 60;

const INVALID = 'invalid or expired credentials';

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

  /** Checks signature, then expiry, age, issuer, audience and sub. */
  async verify(token: string): Promise<JwtResult> {
    try {
      const { payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        requiredClaims: this.opts.requireExp === false ? [] : ['exp'],
        maxTokenAge: this.opts.maxAgeS ? this.opts.maxAgeS : undefined,
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') return { refused: INVALID };
      return {
        viewer: { userId: payload.sub, isAdmin: rolesOf(payload.roles).includes('admin') },
        expiresAt: this.deadlineOf(payload.exp, payload.iat),
      };
    } catch (error) {
      return { refused: this.reason(error) };
    }
  }

  /**
   * When a connection this token opened must end (websocket.ts, credential-expiry.ts):
   * the lifetime checked here at connect holds for as long as the connection does. No
   * clock tolerance: it forgives a skewed clock at the check, not a longer life.
   */
  private deadlineOf(exp: number | undefined, iat: number | undefined): number | undefined {
    const capped = this.opts.maxAgeS && iat !== undefined ? iat + this.opts.maxAgeS : undefined;
    const deadlines = [exp, capped].filter((s): s is number => s !== undefined);
    return deadlines.length > 0 ? Math.min(...deadlines) * 1000 : undefined;
  }

  /**
   * jose checks claims only after the signature, so naming the failed lifetime claim
   * tells nothing to someone without a validly signed token (RFC 6750's error_description).
   */
  private reason(error: unknown): string {
    const expired = error instanceof errors.JWTExpired;
    if (!expired && !(error instanceof errors.JWTClaimValidationFailed)) return INVALID;
    const { claim, reason } = error;
    if (claim === 'exp' && reason === 'missing') {
      return 'token has no exp claim (JWT_REQUIRE_EXP requires one)';
    }
    if (claim === 'exp' && expired) return 'token expired';
    if (claim === 'iat' && reason === 'missing') {
      return 'token has no iat claim (JWT_MAX_AGE_S needs it to measure the age)';
    }
    if (claim === 'iat' && expired) {
      return `token issued more than JWT_MAX_AGE_S (${this.opts.maxAgeS} s) ago`;
    }
    if (claim === 'iat') return 'token iat is in the future';
    return INVALID;
  }
}

function rolesOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((r): r is string => typeof r === 'string');
  if (typeof claim === 'string') return claim.split(/\s+/);
  return [];
}
