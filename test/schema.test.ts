/** schema.graphql is printed from the code, and keeps every name of the public contract. */
import { existsSync, readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLNamedType,
  type GraphQLOutputType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSortedSchema, schema } from '../src/schema/index.js';

const CONTRACT = new URL('../../shared/contract.graphql', import.meta.url);

describe('schema', () => {
  it('schema.graphql matches the code (run `npm run schema` after changing types)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSortedSchema());
  });

  it.runIf(existsSync(CONTRACT))(
    'keeps every type, field, argument and union member of contract.graphql',
    () => {
      const contract = buildSchema(readFileSync(CONTRACT, 'utf8'));
      const missing: string[] = [];
      for (const expected of Object.values(contract.getTypeMap())) {
        if (expected.name.startsWith('__')) continue;
        const actual = schema.getType(expected.name);
        if (!actual) {
          missing.push(expected.name);
          continue;
        }
        compareType(expected, actual, missing);
      }
      expect(missing).toEqual([]);
    },
  );
});

function compareType(expected: GraphQLNamedType, actual: GraphQLNamedType, missing: string[]) {
  if (expected.constructor !== actual.constructor) missing.push(`${expected.name} (kind)`);
  if (isUnionType(expected) && isUnionType(actual)) {
    const members = new Set(actual.getTypes().map((t) => t.name));
    for (const t of expected.getTypes())
      if (!members.has(t.name)) missing.push(`${expected.name} | ${t.name}`);
  }
  if (
    (isObjectType(expected) || isInterfaceType(expected) || isInputObjectType(expected)) &&
    (isObjectType(actual) || isInterfaceType(actual) || isInputObjectType(actual))
  ) {
    const fields = actual.getFields();
    for (const [name, field] of Object.entries(expected.getFields())) {
      const got = fields[name];
      if (!got) {
        missing.push(`${expected.name}.${name}`);
        continue;
      }
      // An output field may be stricter than the contract (Int -> Int!): every client
      // reading it still gets what it expected. Inputs and arguments must match exactly.
      const compatible = isInputObjectType(expected)
        ? String(got.type) === String(field.type)
        : stricterOrEqual(got.type as GraphQLOutputType, field.type as GraphQLOutputType);
      if (!compatible) {
        missing.push(`${expected.name}.${name}: ${got.type} (contract: ${field.type})`);
      }
      if ('args' in field && 'args' in got) {
        for (const arg of field.args) {
          const gotArg = got.args.find((a) => a.name === arg.name);
          if (!gotArg || String(gotArg.type) !== String(arg.type)) {
            missing.push(`${expected.name}.${name}(${arg.name}: ${arg.type})`);
          }
        }
      }
    }
  }
  if (isObjectType(expected) && isObjectType(actual)) {
    const interfaces = new Set(actual.getInterfaces().map((i) => i.name));
    for (const i of expected.getInterfaces()) {
      if (!interfaces.has(i.name)) missing.push(`${expected.name} implements ${i.name}`);
    }
  }
}

/** Whether output type `got` gives a reader of `want` only values it expects (same or non-null). */
function stricterOrEqual(got: GraphQLOutputType, want: GraphQLOutputType): boolean {
  if (isNonNullType(want)) return isNonNullType(got) && stricterOrEqual(got.ofType, want.ofType);
  if (isNonNullType(got)) return stricterOrEqual(got.ofType, want);
  if (isListType(want)) return isListType(got) && stricterOrEqual(got.ofType, want.ofType);
  return !isListType(got) && got.name === want.name;
}
