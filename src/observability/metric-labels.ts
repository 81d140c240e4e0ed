/**
 * Label values for the metrics: each from a small fixed set (never an id, a path with
 * a query string or anything a client typed), so the series stay few.
 */
import { ERROR_CODE_LABELS, type ErrorCodeLabel } from '../model/error-codes.js';
import { builtinTools } from '../runtime/tools/builtin.js';

/** Something that carries a GraphQL error code (a GraphQLError, or one as sent). */
export interface CodedErrorLike {
  readonly extensions?: Readonly<Record<string, unknown>> | null;
}

/**
 * The commands Parley's MongoDB stores send (the driver names them after the wire
 * command: countDocuments is an `aggregate`, findOneAndUpdate a `findAndModify`).
 * Any other name is counted as `other`, so the label keeps a fixed set of values.
 */
const MONGO_COMMANDS = new Set([
  'find',
  'getMore',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'aggregate',
  'count',
  'createIndexes',
  'ping',
]);

/** A driver command name as a label: the listed ones by name, any other as other. */
export const mongoCommandLabel = (name: string) => (MONGO_COMMANDS.has(name) ? name : 'other');

/** Tool names as labels: the built-in tools by name, any other (an agent's own) as other. */
const TOOL_NAMES = new Set(builtinTools.map((tool) => tool.name));
export const toolLabel = (name: string) => (TOOL_NAMES.has(name) ? name : 'other');

/** A client's error code as a label: one of a fixed set, so a client cannot add series. */
export function errorCodeLabel(error: CodedErrorLike): ErrorCodeLabel {
  const code = error.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL';
  return (ERROR_CODE_LABELS as readonly unknown[]).includes(code)
    ? (code as ErrorCodeLabel)
    : 'other';
}
