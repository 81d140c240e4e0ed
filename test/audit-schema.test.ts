/** The audit fields through GraphQL: contract shape, paging, filters, verification, admin only. */
import { type ExecutionResult, execute, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../src/audit/memory-log.js';
import type { Context } from '../src/resolvers/context.js';
import { schema } from '../src/schema/index.js';

const audit = new MemoryAuditLog();

function context(isAdmin: boolean): Context {
  return { viewer: { userId: 'u1', isAdmin }, services: { audit }, loaders: {} } as never;
}

async function run(query: string, variables: Record<string, unknown> = {}, isAdmin = true) {
  const result = (await execute({
    schema,
    document: parse(query),
    variableValues: variables,
    contextValue: context(isAdmin),
  })) as ExecutionResult<Record<string, unknown>>;
  // As a client sees it over HTTP (DateTime values become ISO strings).
  return JSON.parse(JSON.stringify(result)) as typeof result;
}

const TRAIL = /* GraphQL */ `
  query Trail($first: Int, $after: String, $filter: AuditFilter) {
    auditTrail(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { seq at actor action detail resource prevHash hash } }
    }
  }
`;

beforeAll(async () => {
  for (let i = 0; i < 5; i++) {
    await audit.append({
      at: new Date(Date.UTC(2026, 0, 1, 12, i)),
      actor: `session:s${i % 2}`,
      action: i === 0 ? 'AGENT_SPAWN' : 'TOOL_CALL',
      detail: { toolName: 'calculator', i },
      resource: `session:s${i % 2}`,
    });
  }
});

describe('audit schema', () => {
  it('pages the trail oldest first, with totalCount and filters', async () => {
    const first = await run(TRAIL, { first: 2 });
    expect(first.errors).toBeUndefined();
    const conn = first.data!.auditTrail as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: Record<string, unknown> }[];
    };
    expect(conn.totalCount).toBe(5);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    expect(conn.edges.map((e) => e.node.seq)).toEqual([1, 2]);
    expect(conn.edges[0]!.node).toMatchObject({
      at: '2026-01-01T12:00:00.000Z',
      actor: 'session:s0',
      action: 'AGENT_SPAWN',
      detail: { toolName: 'calculator', i: 0 },
      prevHash: 'genesis',
    });

    const next = await run(TRAIL, { first: 10, after: conn.pageInfo.endCursor });
    expect((next.data!.auditTrail as typeof conn).edges.map((e) => e.node.seq)).toEqual([3, 4, 5]);

    const filtered = await run(TRAIL, {
      filter: { sessionId: 's1', action: 'TOOL_CALL', from: '2026-01-01T12:02:00.000Z' },
    });
    const f = filtered.data!.auditTrail as typeof conn;
    expect(f.edges.map((e) => e.node.seq)).toEqual([4]);
    expect(f.totalCount).toBe(1);
  });

  it('verifies the chain', async () => {
    const result = await run('{ verifyAuditTrail { valid checked brokenAtSeq } }');
    expect(result.data).toEqual({
      verifyAuditTrail: { valid: true, checked: 5, brokenAtSeq: null },
    });
  });

  it('refuses non-admins with FORBIDDEN', async () => {
    for (const query of [TRAIL, '{ verifyAuditTrail { valid } }']) {
      const result = await run(query, {}, false);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
