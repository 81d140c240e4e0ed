/**
 * The console's generated operation types (console/gql/) are what codegen prints from
 * schema.graphql and console/operations.ts now: a schema or operation change without
 * `npm run console:codegen` fails here (and an operation the schema no longer allows
 * fails codegen itself, or `npm run typecheck` over console/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_GQL_DIR, printConsoleTypes } from '../scripts/console-codegen.js';

const root = new URL('..', import.meta.url);

describe('console/gql', () => {
  it('matches schema.graphql and console/operations.ts (run `npm run console:codegen`)', async () => {
    const printed = await printConsoleTypes();
    const committed = readdirSync(new URL(CONSOLE_GQL_DIR, root)).map(
      (name) => CONSOLE_GQL_DIR + name,
    );
    expect(committed.sort()).toEqual([...printed.keys()].sort());
    for (const [path, content] of printed) {
      expect(readFileSync(new URL(path, root), 'utf8'), path).toBe(content);
    }
    // The operations the page relies on are all there, typed.
    const types = printed.get(`${CONSOLE_GQL_DIR}graphql.ts`)!;
    for (const name of ['SessionFeedSubscription', 'TurnEventsSubscription', 'StartTurnMutation'])
      expect(types).toContain(`export type ${name} = `);
  });
});
