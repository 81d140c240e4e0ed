/**
 * Turns through Parley's HTTP API: a closed loop of concurrent sendChat calls for
 * turns/s, and sequential turns for MongoDB round trips per turn.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { gql, metricByLabel } from './http.js';
import { createSession, wordsOf } from './parley.js';

const SEND = 'mutation($input: SendChatInput!) { sendChat(input: $input) { id status } }';

export interface TurnRun {
  rate: number;
  errors: number;
  valid: boolean;
  genCpu: number;
}

async function sendChat(url: string, sessionId: string, content: string): Promise<boolean> {
  const data = await gql<{ sendChat: { status: string } }>(url, SEND, {
    input: { sessionId, content },
  });
  return data.sendChat.status === 'COMPLETED';
}

/** `sessions` loops, each on its own session (a session runs one turn at a time). */
export async function turnLoad(url: string, sessions: number, seconds: number, tag: string) {
  let turns = 0;
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: sessions }, async (_, i) => {
      while (performance.now() < end) {
        const ok = await sendChat(url, `bench-turns-${tag}-${i}`, 'hello there, agent').catch(
          () => false,
        );
        if (ok) turns += 1;
        else errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const genCpu = (cpu.user + cpu.system) / 1e6 / elapsed;
  return { rate: turns / elapsed, errors, valid: errors === 0, genCpu } satisfies TurnRun;
}

const COMMANDS = 'parley_mongodb_commands_total';

/** The command counters once they stop moving (the audit trail is written after the turn). */
async function settledCommands(url: string): Promise<Record<string, number>> {
  let last = await metricByLabel(url, COMMANDS, 'command');
  for (;;) {
    await delay(300);
    const now = await metricByLabel(url, COMMANDS, 'command');
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
}

/** MongoDB commands per turn, by command name, over `turns` turns replying about `words` words. */
export async function commandsPerTurn(url: string, words: number, turns: number) {
  const sessionId = `bench-round-trips-${words}`;
  // The first turn creates the session, which later turns do not repeat.
  await createSession(url, sessionId);
  const before = await settledCommands(url);
  for (let i = 0; i < turns; i++) {
    if (!(await sendChat(url, sessionId, wordsOf(words)))) throw new Error('turn failed');
  }
  const after = await settledCommands(url);
  const perTurn: Record<string, number> = {};
  for (const [command, count] of Object.entries(after)) {
    const delta = count - (before[command] ?? 0);
    if (delta > 0) perTurn[command] = delta / turns;
  }
  return perTurn;
}
