/**
 * The log formats: JSON lines by default, with exactly one `turn ended` line per turn
 * (ids, status, duration, token and tool-call counts, nothing a user wrote or got);
 * LOG_FORMAT=pretty prints human lines (pino-pretty), with the same redaction.
 */
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { configFrom } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { startChildServer } from './support/child-server.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, post, startServer } from './support/server.js';

afterAll(disposeAll);

/** Distinctive text with no digits (digits would make the local agent calculate). */
const letters = () =>
  Array.from({ length: 16 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join(
    '',
  );

const TURN_FIELDS = [
  'level',
  'time',
  'pid',
  'hostname',
  'reqId',
  'msg',
  'sessionId',
  'turnId',
  'status',
  'durationMs',
  'inputTokens',
  'outputTokens',
  'toolCallCount',
].sort();

describe('JSON logs', () => {
  it('a turn with a tool call logs one turn line with its counts and no content', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger(configFrom({ LOG_LEVEL: 'info' }), stream);
    const server = await startServer({ LOCAL_AGENT_TOKEN_DELAY_MS: '0' }, { logger });
    const content = `what is 2+3*4? ${letters()}`;
    const res = await server.gql<any>(SEND_CHAT, { input: { content } });
    const chat = res.data.sendChat;
    expect(chat.toolCalls).toHaveLength(1);
    await disposeAll();

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const turns = entries.filter((e) => e.msg === 'turn ended');
    expect(turns).toHaveLength(1);
    const [turn] = turns;
    expect(turn).toMatchObject({
      level: 30,
      sessionId: chat.sessionId,
      turnId: expect.any(String),
      status: 'COMPLETED',
      durationMs: expect.any(Number),
      inputTokens: chat.usage.inputTokens,
      outputTokens: chat.usage.outputTokens,
      toolCallCount: 1,
    });
    expect(chat.usage.outputTokens).toBeGreaterThan(0);
    // Nothing but those fields: no content, reply, arguments or output of the tool.
    expect(Object.keys(turn!).sort()).toEqual(TURN_FIELDS.filter((k) => k in turn!));
    const text = lines.join('\n');
    expect(text).not.toContain(content);
    expect(text).not.toContain(chat.reply);
  });
});

describe('LOG_FORMAT=pretty', () => {
  it('a child server prints human lines, redacted, without content', async () => {
    const child = await startChildServer({
      LOG_FORMAT: 'pretty',
      LOCAL_AGENT_TOKEN_DELAY_MS: '0',
    });
    try {
      const content = `hello ${letters()}`;
      const { body } = await post(child.url, {
        query: SEND_CHAT,
        variables: { input: { content } },
      });
      expect(body.data.sendChat.status).toBe('COMPLETED');
      await expect.poll(() => child.lines.some((l) => l.includes('turn ended'))).toBe(true);
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(0);

      const lines = child.lines.filter(Boolean);
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) {
        // `[HH:MM:ss.l] LEVEL: message {fields}`, never a JSON object of its own.
        expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): /);
        expect(() => JSON.parse(line)).toThrow();
      }
      const turn = lines.find((l) => l.includes('turn ended'))!;
      expect(turn).toMatch(/INFO: turn ended .*"status":"COMPLETED".*"toolCallCount":0/);
      const text = lines.join('\n');
      expect(text).not.toContain(content);
      expect(text).not.toContain(body.data.sendChat.reply);
    } finally {
      child.process.kill('SIGKILL');
    }
  });
});

describe('the pretty logger on its own', () => {
  it('censors the redacted fields as the JSON logger does', async () => {
    const root = new URL('../', import.meta.url).pathname;
    const script = `
      import { createLogger } from './src/observability/logger.ts';
      const logger = createLogger({ logLevel: 'info', logFormat: 'pretty' });
      logger.info({ content: 'secret-1', nested: { token: 'secret-2' }, count: 3 }, 'hi');
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: root, env: { PATH: process.env.PATH } },
    );
    expect(stdout).toMatch(/INFO: hi .*"content":"\[redacted\]"/);
    expect(stdout).toContain('"token":"[redacted]"');
    expect(stdout).toContain('"count":3');
    expect(stdout).not.toContain('secret-');
  });
});
