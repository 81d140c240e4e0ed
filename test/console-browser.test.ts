/**
 * The console (/console) in a real browser (Debian's headless Chromium, playwright-core,
 * as test/graphiql-browser.test.ts): a turn streams in with its calculator row and
 * duration, a session made by another client appears in the sidebar live
 * (sessionUpdates), with auth on a person logs in with a token and approves a
 * `remember` from the page, an admin watches all users and verifies the audit trail;
 * every request stays on this machine. Screenshots go to test-artifacts/console/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { SEND_CHAT } from './support/operations.js';
import { disposeAll, startServer, type TestServer } from './support/server.js';
import { ALICE, AUTH_ENV, BOB, bearer, ROOT } from './support/users.js';

const ARTIFACTS = new URL('../test-artifacts/console/', import.meta.url).pathname;
const WAIT = { timeout: 15_000 };

let browser: Browser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(() => browser?.close());
afterEach(disposeAll);

/** Opens /console; records every URL the page requests and every WebSocket frame it sends. */
async function openConsole(server: TestServer) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const urls: string[] = [];
  const sent: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  page.on('websocket', (socket) => {
    urls.push(socket.url());
    socket.on('framesent', ({ payload }) => sent.push(String(payload)));
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(`${server.url}/console`);
  return { page, urls, sent, problems };
}

function expectAllLocal(urls: string[]) {
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) {
    if (url.startsWith('data:')) continue; // inline, never a request on the wire
    expect(['127.0.0.1', 'localhost'], url).toContain(new URL(url).hostname);
  }
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: false });

async function send(page: Page, text: string) {
  await page.locator('textarea[name=message]').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

const lastTurn = (page: Page) => page.getByTestId('turn').last();

/**
 * Runs in the page: resolves with the ms from the next click on Send until turn `index`
 * shows the user's message and until its reply contains 14 (a MutationObserver sees
 * each DOM change as it happens).
 */
function timeInPage(index: number): Promise<{ shown: number; replied: number }> {
  return new Promise((resolve, reject) => {
    let clicked = 0;
    let shown = 0;
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Send')!;
    button.addEventListener('click', () => (clicked = performance.now()), {
      capture: true,
      once: true,
    });
    const observer = new MutationObserver(() => {
      const turn = document.querySelectorAll('[data-testid=turn]')[index];
      if (!clicked || !turn) return;
      if (!shown && turn.querySelector('.bubble.user')) shown = performance.now() - clicked;
      if (turn.querySelector('[data-testid=reply]')?.textContent?.includes('14')) {
        observer.disconnect();
        resolve({ shown, replied: performance.now() - clicked });
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    setTimeout(() => reject(new Error('no reply containing 14 within 15 s')), 15_000);
  });
}

describe('the console in headless Chromium', () => {
  it('streams a turn with its tool row, and lists a session another client creates', async () => {
    // The local agent's default pace (15 ms a token), as `npm start` runs it.
    const server = await startServer({ LOCAL_AGENT_TOKEN_DELAY_MS: '15' });
    const { page, urls, problems } = await openConsole(server);
    await page.locator('textarea[name=message]').waitFor(WAIT);

    // From the click to the reply containing 14, timed inside the page (the browser's
    // clock, from the click event to the DOM change: no test-driver overhead), in a new
    // session (the page follows its id before the server knows it), then in it again.
    const timeTurn = async (index: number) => {
      await page.locator('textarea[name=message]').fill('what is 2+3*4?');
      const timing = page.evaluate(timeInPage, index);
      await page.getByRole('button', { name: 'Send' }).click();
      const { shown, replied } = await timing;
      const turn = page.getByTestId('turn').nth(index);
      await turn.getByTestId('reply').filter({ hasText: '14' }).waitFor(WAIT);
      await expect.poll(() => turn.getAttribute('data-status'), WAIT).toBe('COMPLETED');
      // The server's own measure of the turn (DoneEvent.durationMs), for comparison.
      const server = (await turn.getByTestId('turn-duration').textContent()) ?? '?';
      return { shown, replied, server, turn };
    };
    const first = await timeTurn(0);
    const second = await timeTurn(1);
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    console.log(
      `console turn, Send click to a reply containing 14 (in the page): new session ${ms(first.replied)} (user message shown at ${ms(first.shown)}; the turn ran ${first.server} on the server), existing session ${ms(second.replied)} (${ms(second.shown)}; ${second.server})`,
    );
    const { turn } = first;
    const calculator = turn.locator('[data-testid=tool-row][data-tool=calculator]');
    await expect
      .poll(() => calculator.getByTestId('tool-duration').textContent(), WAIT)
      .toMatch(/^\d+ ms$/);
    expect(await turn.getByTestId('usage').textContent()).toMatch(/\d+ in \/ \d+ out tokens/);
    // The first turn made the session: the sidebar lists it.
    await page.getByTestId('session-item').filter({ hasText: 'what is 2+3*4?' }).waitFor(WAIT);

    // Another client (another device) starts a session: it appears without a reload.
    await server.gql(SEND_CHAT, { input: { content: 'hello from another client' } });
    await page
      .getByTestId('session-item')
      .filter({ hasText: 'hello from another client' })
      .waitFor(WAIT);
    expect(await page.getByTestId('session-item').count()).toBe(2);
    await shot(page, 'conversation');

    // Opened from the sidebar: its history, as stored.
    const other = page.getByTestId('session-item').filter({ hasText: 'hello from another client' });
    const otherId = (await other.getAttribute('data-session-id'))!;
    await other.getByRole('button').first().click();
    await lastTurn(page)
      .getByTestId('reply')
      .filter({ hasText: 'You said: hello from another client' })
      .waitFor(WAIT);
    expect(page.url()).toContain(`#session=${otherId}`);
    // Renamed, then deleted elsewhere: the sidebar follows.
    const renamed = await server.gql(
      'mutation($id: ID!) { renameSession(id: $id, title: "Renamed elsewhere") { id } }',
      { id: otherId },
    );
    expect(renamed.errors).toBeUndefined();
    await page.getByTestId('session-item').filter({ hasText: 'Renamed elsewhere' }).waitFor(WAIT);
    await server.gql('mutation($id: ID!) { deleteSession(id: $id) }', { id: otherId });
    await page
      .locator(`[data-testid=session-item][data-session-id="${otherId}"]`)
      .waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByTestId('session-item').count()).toBe(1);
    // It was open: a new session took its place.
    await page.getByRole('heading', { name: 'New session' }).waitFor(WAIT);

    expectAllLocal(urls);
    expect(urls).toContain(`${server.wsUrl}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('resumes a turn after a dropped connection with afterSeq: no token lost or doubled', async () => {
    const server = await startServer({ LOCAL_AGENT_TOKEN_DELAY_MS: '10' });
    const page = await browser.newPage();
    // Every socket goes through here, so the test can cut one as a network would.
    const routes: WebSocketRoute[] = [];
    const subscribes: { query: string; variables: Record<string, unknown> }[] = [];
    await page.routeWebSocket(server.wsUrl, (route) => {
      const upstream = route.connectToServer();
      route.onMessage((message) => {
        const frame = JSON.parse(String(message));
        if (frame.type === 'subscribe') subscribes.push(frame.payload);
        upstream.send(message);
      });
      upstream.onMessage((message) => route.send(message));
      routes.push(route);
    });
    await page.goto(`${server.url}/console`);
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    await send(page, words);
    const turn = lastTurn(page);
    await turn.getByTestId('reply').filter({ hasText: 'word10 ' }).waitFor(WAIT);
    expect(await turn.getAttribute('data-status')).toBe('RUNNING');
    await routes.at(-1)!.close({ code: 1001, reason: 'test: connection dropped' });

    await expect.poll(() => turn.getAttribute('data-status'), WAIT).toBe('COMPLETED');
    expect(routes.length).toBeGreaterThanOrEqual(2);
    const events = subscribes.filter((p) => p.query.includes('sessionEvents'));
    // Subscribed again after the drop, from the last seq the page had applied.
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)!.variables.afterSeq).toBeGreaterThan(10);
    expect(await turn.getByTestId('reply').textContent()).toBe(`You said: ${words}`);
    expect(await turn.getAttribute('data-stream-intact')).toBe('true');
    await shot(page, 'resumed');
    await page.close();
  });

  it('stops a running turn with the Stop button (cancelChat), keeping the partial reply', async () => {
    const server = await startServer({ LOCAL_AGENT_TOKEN_DELAY_MS: '20' });
    const { page } = await openConsole(server);
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    await send(page, words);
    const turn = lastTurn(page);
    await turn.getByTestId('reply').filter({ hasText: 'w5 ' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => turn.getAttribute('data-status'), WAIT).toBe('CANCELLED');
    const reply = (await turn.getByTestId('reply').textContent()) ?? '';
    expect(reply).toMatch(/^You said: w0 w1 w2 w3 w4 w5 /);
    expect(reply).not.toContain('w99');
    await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached', ...WAIT });
    await page.close();
  });

  it('with auth: asks for a token, uses a ticket on the socket, approves a remember', async () => {
    const server = await startServer(AUTH_ENV);
    const { page, urls, sent, problems } = await openConsole(server);
    await page.locator('input[name=token]').fill(BOB.replace('bob', 'nobody'));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('That token was refused.').waitFor(WAIT);
    await shot(page, 'login');
    await page.locator('input[name=token]').fill(ALICE);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('textarea[name=message]').waitFor(WAIT);
    // Not an admin: no activity or audit views.
    expect(await page.getByRole('button', { name: 'Activity' }).count()).toBe(0);

    // A calculator turn first (its reasoning opened), so the screenshot shows both kinds.
    await send(page, 'what is 2+3*4?');
    await expect.poll(() => lastTurn(page).getAttribute('data-status'), WAIT).toBe('COMPLETED');
    await lastTurn(page).getByText('Reasoning').click();
    await send(page, 'remember my cat is called Tom');
    const turn = lastTurn(page);
    const row = turn.locator('[data-testid=tool-row][data-tool=memory_store]');
    await row.getByRole('button', { name: 'Approve' }).waitFor(WAIT);
    await page.getByTestId('session-item').filter({ hasText: 'awaiting approval' }).waitFor(WAIT);
    await shot(page, 'approval');
    // A reload reopens the session (its id is in the URL, the token in sessionStorage)
    // and shows the approval that waits, from the history and the replayed events.
    await page.reload();
    await row.getByRole('button', { name: 'Approve' }).waitFor(WAIT);
    await row.getByRole('button', { name: 'Approve' }).click();
    await turn
      .getByTestId('reply')
      .filter({ hasText: 'I will remember: my cat is called Tom' })
      .waitFor(WAIT);
    await expect
      .poll(() => row.getByTestId('tool-duration').textContent(), WAIT)
      .toMatch(/^\d+ ms$/);
    expect(await row.textContent()).toContain('(approved)');
    expect(await turn.getByTestId('memory').first().textContent()).toMatch(/memory store/);
    const memories = await server.gql<any>('{ memories { totalCount } }', {}, bearer(ALICE));
    expect(memories.data.memories.totalCount).toBe(1);

    // The socket authenticated with a one-time ticket, never with the token itself.
    const init = sent.find((frame) => frame.includes('connection_init'))!;
    expect(JSON.parse(init).payload).toEqual({ ticket: expect.stringMatching(/^[\w-]{43}$/) });
    expect(sent.join('\n')).not.toContain(ALICE);
    expectAllLocal(urls);
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    await page.close();
  });

  it("an admin sees every user's sessions live and verifies the audit trail", async () => {
    const server = await startServer(AUTH_ENV);
    const { page, urls } = await openConsole(server);
    await page.locator('input[name=token]').fill(ROOT);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Activity' }).click();
    await page.getByText('Waiting for any session to change').waitFor(WAIT);

    await server.gql(SEND_CHAT, { input: { content: 'what is 6*7?' } }, bearer(BOB));
    const row = page.getByTestId('activity-row').filter({ hasText: 'bob' });
    await row.filter({ hasText: 'idle' }).waitFor(WAIT);
    await expect.poll(() => page.getByTestId('turns-per-minute').textContent(), WAIT).toMatch(/^1/);
    await expect
      .poll(() => page.getByTestId('tokens-per-minute').textContent(), WAIT)
      .not.toMatch(/^0/);
    await shot(page, 'activity');

    await page.getByRole('button', { name: 'Audit trail' }).click();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page
      .getByTestId('verification')
      .filter({ hasText: /^valid: \d+ entries checked$/ })
      .waitFor(WAIT);
    await shot(page, 'audit');
    expectAllLocal(urls);
    await page.close();
  });
});
