/** Imports every type file (for their side effects on the builder) and builds the schema. */
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './common.js';
import './tool-call.js';
import './message.js';
import './session.js';
import './chat.js';
import './events.js';
import './session-events.js';
import './session-updates.js';
import './session-mutations.js';
import './audit.js';
import './tickets.js';
import './approvals.js';
import './memories.js';
import './branches.js';

export const schema = builder.toSchema({ sortSchema: true });

/** The SDL committed as schema.graphql; a test fails when the two drift. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
