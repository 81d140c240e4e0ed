/**
 * A local OpenAI-compatible server for tests: `POST /v1/chat/completions` answered
 * from a per-test queue of scripted responses, streamed in the chat-completions wire
 * format (SSE `data:` lines of `chat.completion.chunk` objects, a usage chunk with
 * `choices: []`, then `data: [DONE]`). It records every request (body, headers, and
 * whether the client went away before the response finished).
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as pace } from 'node:timers/promises';

export type Chunk = Record<string, unknown>;

/** A line of the stream: a chunk object, or `{ raw }` written verbatim after `data: `. */
export type Step = Chunk | { raw: string };

export type Scripted =
  /** A non-streaming answer, e.g. 429 or 500 with an OpenAI error body. */
  | { status: number; body: unknown; headers?: Record<string, string> }
  /**
   * A 200 event stream. `end`: `done` sends `data: [DONE]` and ends, `close` ends
   * without it, `destroy` drops the connection, `hang` sends nothing more.
   */
  | { stream: Step[]; delayMs?: number; end?: 'done' | 'close' | 'destroy' | 'hang' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (tests assert on it freely). */
  body: any;
  at: number;
  /** True once the client closed the connection before the response was complete. */
  aborted: boolean;
  /** Resolves when the response is over, either way. */
  closed: Promise<void>;
}

const BASE = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000 };

export function chunk(
  delta: Chunk,
  finishReason: string | null = null,
  model = 'test-model',
): Chunk {
  return {
    ...BASE,
    model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

export function usageChunk(prompt: number, completion: number): Chunk {
  return {
    ...BASE,
    model: 'test-model',
    choices: [],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    },
  };
}

/** A whole streamed text answer: role chunk, one chunk per part, finish, usage (null: none). */
export function textAnswer(
  parts: string[],
  usage: [number, number] | null = [10, parts.length],
): Step[] {
  return [
    chunk({ role: 'assistant', content: '' }),
    ...parts.map((content) => chunk({ content })),
    chunk({}, 'stop'),
    ...(usage ? [usageChunk(...usage)] : []),
  ];
}

/** One tool call whose JSON arguments arrive in the given fragments. */
export function toolCallAnswer(
  call: { id: string; name: string; argumentParts: string[] },
  usage: [number, number] = [20, 5],
): Step[] {
  const [first = '', ...rest] = call.argumentParts;
  return [
    chunk({ role: 'assistant', content: null }),
    chunk({
      tool_calls: [
        {
          index: 0,
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: first },
        },
      ],
    }),
    ...rest.map((part) => chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] })),
    chunk({}, 'tool_calls'),
    usageChunk(...usage),
  ];
}

/** An OpenAI error body. */
export function errorBody(message: string, type = 'server_error', code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Scripted[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeOpenAI> {
    let fake: FakeOpenAI | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeOpenAI(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** Queues responses, answered in order, one per request. */
  script(...responses: Scripted[]): void {
    this.queue.push(...responses);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const part of req) text += part;
    let resolveClosed!: () => void;
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: text ? JSON.parse(text) : null,
      at: Date.now(),
      aborted: false,
      closed: new Promise((resolve) => (resolveClosed = resolve)),
    };
    this.requests.push(record);
    res.on('close', () => {
      record.aborted = !res.writableFinished;
      resolveClosed();
    });

    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      return json(
        res,
        404,
        errorBody(`fake: no route ${req.method} ${req.url}`, 'invalid_request_error'),
      );
    }
    const next = this.queue.shift();
    if (!next)
      return json(res, 400, errorBody('fake: no scripted response left', 'invalid_request_error'));
    if ('status' in next) return json(res, next.status, next.body, next.headers);

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    let written: Promise<unknown> = Promise.resolve();
    for (const step of next.stream) {
      // The script's pace (a slow model), not a wait for something to happen.
      if (next.delayMs) await pace(next.delayMs);
      if (res.destroyed) return;
      const line = `data: ${'raw' in step ? step.raw : JSON.stringify(step)}\n\n`;
      written = new Promise((resolve) => res.write(line, resolve));
    }
    const end = next.end ?? 'done';
    if (end === 'hang') return;
    if (end === 'destroy') {
      // Cut the connection once the chunks are handed to the socket: they reach the
      // client before the cut (the request was read whole, so the close is no reset).
      await written;
      res.socket?.destroy();
      return;
    }
    if (end === 'done') res.write('data: [DONE]\n\n');
    res.end();
  }
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
