/**
 * One selection of every field of every SessionEvent member, without aliases, is a valid
 * operation: no two members give one field name two types (ToolEndEvent.durationMs Int!
 * vs DoneEvent.durationMs Int was such a conflict). The selection is generated from
 * schema.graphql, so an event type added later is checked too; and it runs on a server.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  isRequiredArgument,
  Kind,
  parse,
  validate,
  visit,
} from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { SEND_CHAT } from './support/operations.js';
import { collect, disposeAll, listenersReady, startServer } from './support/server.js';

afterEach(disposeAll);

const printed = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/** Object fields deeper than this are closed with `__typename` (ToolCall's fields are at 2). */
const MAX_DEPTH = 3;

/** Every field of `type` (fields with required arguments left out), recursing into objects. */
function selectAll(schema: GraphQLSchema, type: GraphQLCompositeType, depth: number): string {
  if (isAbstractType(type)) {
    const members = schema
      .getPossibleTypes(type)
      .map((m) => m.name)
      .sort();
    return `{ __typename ${members
      .map((name) => `... on ${name} ${selectAll(schema, schema.getType(name) as never, depth)}`)
      .join(' ')} }`;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(`${type} has no fields`);
  const fields = Object.values(type.getFields())
    .filter((field) => !field.args.some(isRequiredArgument))
    .map((field) => {
      const named = getNamedType(field.type);
      if (isObjectType(named) || isInterfaceType(named) || isAbstractType(named)) {
        return depth >= MAX_DEPTH
          ? `${field.name} { __typename }`
          : `${field.name} ${selectAll(schema, named, depth + 1)}`;
      }
      return field.name;
    });
  return `{ ${fields.join(' ')} }`;
}

function everyEventField(schema: GraphQLSchema): string {
  const union = schema.getType('SessionEvent') as GraphQLCompositeType;
  return `subscription EveryEventField($sessionId: ID!) { sessionEvents(sessionId: $sessionId) ${selectAll(schema, union, 1)} }`;
}

describe('a selection of every SessionEvent field', () => {
  const source = everyEventField(printed);
  const document = parse(source);

  it('covers every member and field, without an alias', () => {
    const members = printed.getPossibleTypes(printed.getType('SessionEvent') as never);
    expect(members.length).toBeGreaterThanOrEqual(8);
    for (const member of members) {
      expect(source).toContain(`... on ${member.name} {`);
      for (const field of Object.keys(member.getFields()))
        expect(source).toMatch(new RegExp(`\\b${field}\\b`));
    }
    expect(document.definitions).toMatchObject([
      { kind: Kind.OPERATION_DEFINITION, operation: 'subscription' },
    ]);
    let aliases = 0;
    visit(document, { Field: (node) => void (node.alias && aliases++) });
    expect(aliases).toBe(0);
  });

  it('validates against the printed schema', () => {
    expect(validate(printed, document).map((e) => e.message)).toEqual([]);
  });

  it('runs on the server: a whole turn arrives with every field', async () => {
    const server = await startServer();
    const sessionId = crypto.randomUUID();
    type Event = { __typename: string; durationMs?: unknown };
    const sub = collect<{ sessionEvents: Event }>(
      server.wsClient(),
      source,
      { sessionId },
      (item) => item.errors !== undefined || item.data?.sessionEvents.__typename === 'DoneEvent',
    );
    await listenersReady(server.app, 1, sessionId);
    const sent = await server.gql(SEND_CHAT, { input: { sessionId, content: 'what is 2+3*4?' } });
    expect(sent.errors).toBeUndefined();
    const results = await sub.done;
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const events = results.map((r) => r.data!.sessionEvents);
    const byType = new Map(events.map((e) => [e.__typename, e]));
    expect([...byType.keys()]).toEqual(
      expect.arrayContaining([
        'ReasoningEvent',
        'ToolStartEvent',
        'ToolEndEvent',
        'TokenEvent',
        'UsageEvent',
        'DoneEvent',
      ]),
    );
    expect(byType.get('ToolEndEvent')!.durationMs).toEqual(expect.any(Number));
    expect(byType.get('DoneEvent')!.durationMs).toEqual(expect.any(Number));
  });
});

it('reads a DoneEvent stored before durationMs was always a number (null) as 0', async () => {
  const field = (schema.getType('DoneEvent') as GraphQLObjectType).getFields().durationMs!;
  const read = (durationMs: number | null) => field.resolve!({ durationMs }, {}, {}, {} as never);
  expect([await read(null), await read(1234)]).toEqual([0, 1234]);
});
