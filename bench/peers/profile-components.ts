/**
 * Which component a profile sample belongs to. From the leaf up, the first frame a rule
 * knows decides: a serialiser's frame (everything under it is turning the result into
 * JSON, Date#toJSON included), else the frame's script (package or Parley file). Builtins
 * and generated code (graphql-jit's compiled queries, fast-json-stringify's serialisers:
 * no script) so belong to the nearest caller that has one, except JSON.parse and
 * JSON.stringify called directly, which the summary shows as their own rows.
 */
export const IDLE = 'idle';

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'GC',
  '(program)': 'V8 / native (program)',
  '(idle)': IDLE,
  '(root)': 'V8 / native (program)',
};

const SERIALISATION = 'serialisation (JSON of the result)';

/** Frames whose whole subtree is result serialisation: Yoga's and Fastify's. */
const SERIALISERS: [string, RegExp][] = [
  ['jsonStringifyResultWithoutInternals', /graphql-yoga\/.*result-processor\/stringify/],
  ['serialize', /fastify\/lib\/reply\.js/],
];

/** First match wins: Parley's files by concern, then packages, then Node's internals. */
const RULES: [RegExp, string][] = [
  [/\/src\/(server\/request-context|observability\/request-scope)\.ts/, 'Parley: request scope'],
  [
    /\/src\/server\/(limits|user-operation-rate)\.ts|@escape\.tech\/graphql-armor/,
    'Parley: limits',
  ],
  [/\/src\/auth\//, 'Parley: auth'],
  [
    /\/src\/(observability\/(metrics|event-metrics|metric-labels)|server\/error-metrics)\.ts|prom-client/,
    'Parley: metrics',
  ],
  [/\/src\/resolvers\/mask-error\.ts/, 'Parley: masking'],
  [/\/src\/store\/|\/dataloader\//, 'Parley: store reads + loaders'],
  [/\/src\/(resolvers|schema|model)\/|@pothos\//, 'Parley: resolvers + Pothos'],
  [/\/src\/server\/jit\.ts/, 'execution (graphql-jit, graphql-js execute)'],
  [
    /\/src\/(app|server\/(http-guards|origin-policy|ops-routes))\.ts/,
    'Parley: HTTP guards + routing',
  ],
  [/\/src\//, 'Parley: other'],
  [/\/bench\/peers\/session-schema\.ts/, 'resolvers (bench/peers/session-schema.ts)'],
  [/\/pino/, 'logging (pino)'],
  [
    /\/graphql-jit\/|\/graphql\/execution\/|@graphql-tools\/executor/,
    'execution (graphql-jit, graphql-js execute)',
  ],
  [/\/graphql\//, 'graphql-js other (values, types, errors)'],
  [/@envelop\//, 'envelop hooks'],
  [/\/graphql-yoga\/|@graphql-yoga\//, 'Yoga'],
  [/@whatwg-node\//, 'whatwg-node (Request/Response, adapter)'],
  [/\/mercurius\//, 'Mercurius'],
  [
    /\/(fastify|find-my-way|avvio|light-my-request|fast-json-stringify|secure-json-parse|@fastify\/[^/]+|fast-querystring|toad-cache|process-warning|abstract-logging|rfdc|content-type|fast-content-type-parse)\//,
    'Fastify',
  ],
  [/\/(graphql-http-listener|@graphql-tools|tslib)\//, 'other packages'],
  [
    /node:(_http|http|net|internal\/(http|streams|stream_base|net|dns|tls|js_stream|url|webstreams)|stream|url|buffer|string_decoder|events|internal\/event_target|internal\/abort_controller|internal\/timers|timers)/,
    'node:http, sockets, streams, events',
  ],
  [/node:(async_hooks|internal\/async_local_storage|internal\/async_hooks)/, 'AsyncLocalStorage'],
  [/node:internal\/process\/task_queues/, 'microtask queue'],
  [/node:/, 'node other'],
  [/\/node_modules\//, 'other packages'],
];

export function componentOfUrl(url: string): string {
  for (const [pattern, name] of RULES) if (pattern.test(url)) return name;
  return 'other scripts';
}

export interface Frame {
  functionName: string;
  url: string;
}

/** The component of a sample, given its stack leaf first. */
export function componentOf(stack: Frame[]): string {
  const leaf = stack[0]!;
  const special = SPECIAL[leaf.functionName];
  if (special && !leaf.url) return special;
  for (const frame of stack) {
    if (SERIALISERS.some(([name, url]) => frame.functionName === name && url.test(frame.url))) {
      return SERIALISATION;
    }
    if (frame.url) return componentOfUrl(frame.url);
    if (frame.functionName === 'stringify') return SERIALISATION;
    if (frame.functionName === 'parse') return 'body parsing (JSON.parse)';
  }
  return 'V8 / native (program)';
}
