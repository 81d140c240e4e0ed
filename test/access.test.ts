/**
 * The access rules, once: who may read a session, change it, or use admin operations,
 * and what a refusal looks like (NOT_FOUND exactly like a missing session, audited as
 * ACCESS_DENIED; FORBIDDEN for admin operations). tenancy.test.ts checks the same over
 * every transport.
 */
import { GraphQLError } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth/viewer.js';
import type { SessionDoc } from '../src/model/documents.js';
import {
  deniedAsNotFound,
  mayChangeSession,
  mayReadSession,
  readable,
  recordTurnDenial,
  requireAdmin,
  sessionToChange,
} from '../src/resolvers/access.js';
import type { Context } from '../src/resolvers/context.js';
import { MemoryStore } from '../src/store/memory.js';

const ALICE: Viewer = { userId: 'alice', isAdmin: false };
const BOB: Viewer = { userId: 'bob', isAdmin: false };
const ROOT: Viewer = { userId: 'root', isAdmin: true };

let store: MemoryStore;
let denials: { userId: string; resource: string; attempted: string }[];
let alices: SessionDoc;

function ctx(viewer: Viewer): Context {
  const auditRecorder = {
    recordAccessDenied: (userId: string, resource: string, attempted: string) =>
      denials.push({ userId, resource, attempted }),
  };
  return { viewer, services: { store, auditRecorder }, loaders: {} } as never;
}

/** What a client sees of an error: message and extensions, the id scrubbed. */
function seen(error: unknown, id: string) {
  expect(error).toBeInstanceOf(GraphQLError);
  const { message, extensions } = error as GraphQLError;
  return JSON.stringify({ message, extensions }).replaceAll(id, 'ID');
}

beforeEach(async () => {
  store = new MemoryStore();
  denials = [];
  const now = new Date();
  ({ session: alices } = await store.ensureSession({
    id: 's-alice',
    userId: 'alice',
    projectId: null,
    title: 't',
    now,
  }));
});

describe('the rules', () => {
  it('read a session: its owner or an admin', () => {
    expect(mayReadSession(ALICE, alices)).toBe(true);
    expect(mayReadSession(ROOT, alices)).toBe(true);
    expect(mayReadSession(BOB, alices)).toBe(false);
  });

  it('change a session: its owner only, not even an admin', () => {
    expect(mayChangeSession(ALICE, alices)).toBe(true);
    expect(mayChangeSession(ROOT, alices)).toBe(false);
    expect(mayChangeSession(BOB, alices)).toBe(false);
  });

  it('admin operations: admins, others FORBIDDEN', () => {
    expect(() => requireAdmin(ctx(ROOT), 'for admins')).not.toThrow();
    let refused: unknown;
    try {
      requireAdmin(ctx(ALICE), 'for admins');
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ message: 'for admins', extensions: { code: 'FORBIDDEN' } });
    expect(denials).toEqual([]);
  });
});

describe('a denial', () => {
  it('reads as a missing session, and only a denial is audited', () => {
    expect(readable(ctx(ALICE), alices, 'session')).toBe(alices);
    expect(readable(ctx(ROOT), alices, 'session')).toBe(alices);
    expect(readable(ctx(BOB), null, 'session')).toBeNull();
    expect(denials).toEqual([]);
    expect(readable(ctx(BOB), alices, 'session')).toBeNull();
    expect(denials).toEqual([{ userId: 'bob', resource: 'session:s-alice', attempted: 'session' }]);
  });

  it('of a change answers the NOT_FOUND a missing session gets, audited', async () => {
    expect(await sessionToChange(ctx(ALICE), 's-alice', 'renameSession')).toEqual(alices);
    const missing = await sessionToChange(ctx(BOB), 'nope', 'renameSession').catch((e) => e);
    expect(denials).toEqual([]);
    const foreign = await sessionToChange(ctx(BOB), 's-alice', 'renameSession').catch((e) => e);
    expect(seen(foreign, 's-alice')).toBe(seen(missing, 'nope'));
    expect(JSON.parse(seen(foreign, 's-alice')).extensions.code).toBe('NOT_FOUND');
    const admin = await sessionToChange(ctx(ROOT), 's-alice', 'deleteSession').catch((e) => e);
    expect(seen(admin, 's-alice')).toBe(seen(missing, 'nope'));
    expect(denials).toEqual([
      { userId: 'bob', resource: 'session:s-alice', attempted: 'renameSession' },
      { userId: 'root', resource: 'session:s-alice', attempted: 'deleteSession' },
    ]);
  });

  it('reported by the runner (sendChat, cancelChat) is audited the same way', async () => {
    const missing = await sessionToChange(ctx(BOB), 'nope', 'sendChat').catch((e) => e);
    expect(seen(deniedAsNotFound(ctx(BOB), 's-alice', 'sendChat'), 's-alice')).toBe(
      seen(missing, 'nope'),
    );
    recordTurnDenial(ctx(BOB), 'turn-1', 'cancelChat');
    expect(denials).toEqual([
      { userId: 'bob', resource: 'session:s-alice', attempted: 'sendChat' },
      { userId: 'bob', resource: 'turn:turn-1', attempted: 'cancelChat' },
    ]);
  });
});
