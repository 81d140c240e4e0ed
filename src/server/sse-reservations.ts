/**
 * The reservations of graphql-sse's single-connection mode (`PUT /graphql/stream`),
 * kept beside the handler's own streams so they can be bounded: each belongs to the
 * user who made it, a user holds at most `maxPerUser`, and one whose event stream
 * (the GET) does not connect within `ttlMs` is dropped. A connected one lives as long
 * as its stream and is freed when the stream closes. Each runs at most `maxOperations`
 * operations at once, as a WebSocket does (one stream carries any number otherwise).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Services } from '../services.js';

interface Reservation {
  owner: string;
  connected: boolean;
  /** Drops the reservation if the stream never connects. */
  expiry: NodeJS.Timeout | undefined;
  /** Ids of the operations posted to it and not yet complete. */
  operations: Set<string>;
}

/** Emits `released` (token) when a reservation ends: lapsed, closed or cleared. */
export class SseReservations extends EventEmitter<{ released: [token: string] }> {
  private readonly byToken = new Map<string, Reservation>();
  private readonly perUser = new Map<string, number>();

  constructor(
    readonly maxPerUser: number,
    private readonly ttlMs: number,
    readonly maxOperations: number,
    /** Called when an unused reservation expires, to dispose of the handler's stream. */
    private readonly onExpire: (token: string) => void,
  ) {
    super();
  }

  get size(): number {
    return this.byToken.size;
  }

  /** A new token for `owner`, or null when they already hold `maxPerUser`. */
  reserve(owner: string): string | null {
    const held = this.perUser.get(owner) ?? 0;
    if (held >= this.maxPerUser) return null;
    // The handler's default token comes from Math.random; a token is as good as a
    // credential for reading the stream, so it comes from the CSPRNG instead.
    const token = randomUUID();
    const expiry = setTimeout(() => {
      if (this.release(token)) this.onExpire(token);
    }, this.ttlMs);
    expiry.unref();
    this.byToken.set(token, { owner, connected: false, expiry, operations: new Set() });
    this.perUser.set(owner, held + 1);
    return token;
  }

  /** Whether `token` is a live reservation of `owner` (another user's is unknown to them). */
  has(token: string, owner: string): boolean {
    return this.byToken.get(token)?.owner === owner;
  }

  isConnected(token: string): boolean {
    return this.byToken.get(token)?.connected ?? false;
  }

  /** The stream connected: it no longer expires, it is freed when it closes. */
  connect(token: string): void {
    const reservation = this.byToken.get(token);
    if (!reservation) return;
    clearTimeout(reservation.expiry);
    reservation.expiry = undefined;
    reservation.connected = true;
  }

  /** Counts an operation on the stream; false when it already runs `maxOperations`. */
  startOperation(token: string, id: string): boolean {
    const operations = this.byToken.get(token)?.operations;
    if (!operations) return true; // not ours to count: the handler answers 404
    if (operations.size >= this.maxOperations) return false;
    operations.add(id);
    return true;
  }

  endOperation(token: string, id: string): void {
    this.byToken.get(token)?.operations.delete(id);
  }

  /** Forgets the reservation; false when it was already gone. */
  release(token: string): boolean {
    const reservation = this.byToken.get(token);
    if (!reservation) return false;
    clearTimeout(reservation.expiry);
    this.byToken.delete(token);
    const held = (this.perUser.get(reservation.owner) ?? 1) - 1;
    if (held > 0) this.perUser.set(reservation.owner, held);
    else this.perUser.delete(reservation.owner);
    this.emit('released', token);
    return true;
  }

  /** On app stop: no timer outlives the server. */
  clear(): void {
    for (const reservation of this.byToken.values()) clearTimeout(reservation.expiry);
    this.byToken.clear();
    this.perUser.clear();
  }
}

/** The running app's reservations, for its tests and metrics. */
const registries = new WeakMap<Services, SseReservations>();

export function registerSseReservations(services: Services, reservations: SseReservations): void {
  registries.set(services, reservations);
}

export function sseReservationsOf(services: Services): SseReservations | undefined {
  return registries.get(services);
}

/** Reservations held right now (connected or not) by the app with these services. */
export function sseReservationCount(services: Services): number {
  return registries.get(services)?.size ?? 0;
}
