/**
 * The GraphQL-over-HTTP spec's own audit suite (graphql-http's serverAudits) against a
 * real Parley server: any client that follows the spec can talk to /graphql.
 */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeAll, startServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(disposeAll);

// serverAudits needs the URL up front, before the server has a port: read it lazily.
const audits = serverAudits({
  url: () => `${server.url}/graphql`,
  fetchFn: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
});

describe('graphql-http audits', () => {
  it('covers MUST, SHOULD and MAY audits', () => {
    const levels = new Set(audits.map((a) => a.name.split(' ')[0]));
    expect(levels).toEqual(new Set(['MUST', 'SHOULD', 'MAY']));
  });

  it.each(audits.map((a) => [a.name, a] as const))('%s', async (name, audit) => {
    const result = await audit.fn();
    // A MAY audit may warn (optional behaviour); MUST and SHOULD audits must be ok.
    const allowed = name.startsWith('MAY') ? ['ok', 'warn'] : ['ok'];
    expect(allowed, 'reason' in result ? result.reason : '').toContain(result.status);
  });
});
