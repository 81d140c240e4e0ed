/**
 * A fixed-duration HTTP load: `concurrency` loops each POST the same GraphQL request
 * back to back over keep-alive connections. Every answer must be 200, carry no errors
 * and be as long as the first (the data does not change), or the run is invalid.
 * node:http rather than fetch: fetch costs the generator about twice the CPU per
 * request, which on two cores would make the generator, not the server, the limit.
 */
import { Agent, request } from 'node:http';

export interface HttpResult {
  rate: number;
  requests: number;
  seconds: number;
  genCpu: number;
  valid: boolean;
  problems: string[];
}

function post(url: URL, body: string, agent: Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function httpLoad(opts: {
  url: string;
  body: string;
  seconds: number;
  concurrency: number;
  /** Stop early once this many valid answers are in (a warm-up counted in requests). */
  stopAfter?: number;
}): Promise<HttpResult> {
  const url = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const problems: string[] = [];
  let requests = 0;
  let expectedLength = -1;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;
  const enough = opts.stopAfter ?? Number.POSITIVE_INFINITY;
  const worker = async () => {
    while (performance.now() < end && requests < enough) {
      const { status, text } = await post(url, opts.body, agent);
      if (expectedLength < 0) expectedLength = text.length;
      if (status !== 200 || text.includes('"errors"') || text.length !== expectedLength) {
        if (problems.length < 3) problems.push(`${status}: ${text.slice(0, 200)}`);
        continue;
      }
      requests += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    rate: requests / seconds,
    requests,
    seconds,
    genCpu: (cpu.user + cpu.system) / 1e6 / seconds,
    valid: problems.length === 0,
    problems,
  };
}

/** Runs of one server taken as one: rate over their summed time, generator CPU weighted. */
export function combined(runs: HttpResult[]): HttpResult {
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  const genCpu = runs.reduce((sum, r) => sum + r.genCpu * r.seconds, 0) / seconds;
  const problems = runs.flatMap((r) => r.problems).slice(0, 3);
  const valid = runs.every((r) => r.valid);
  return { rate: requests / seconds, requests, seconds, genCpu, valid, problems };
}
