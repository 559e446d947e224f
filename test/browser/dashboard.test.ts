// The dashboard in a real browser (Debian's Chromium driven by playwright-core) against a complete
// Koppla: both emulators, the runtime and the server, all in this process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForDrain } from '../../src/demo/drain.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { type Environment, startEnvironment } from '../../src/demo/environment.ts';
import { UserRepository } from '../../src/server/auth/users.ts';
import { callbackRoutes } from '../../src/server/callbacks.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const OPERATOR = { username: 'olga', password: 'operator-password-1' };
const VIEWER = { username: 'viktor', password: 'viewer-password-1' };
/** Set to a folder to save screenshots of the main pages (for the docs). */
const SCREENSHOTS = process.env.KOPPLA_SCREENSHOTS;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function shot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe.skipIf(!existsSync(CHROMIUM))('dashboard in Chromium', () => {
  let env: Environment;
  let server: RunningServer;
  let browser: Browser;
  let payments: Record<string, string>;
  let orderNumber: string;

  beforeAll(async () => {
    env = await startEnvironment({
      flowMode: 'erp-master',
      simpleArticles: 6,
      configurables: 1,
      variantsPerConfigurable: 2,
      // No payment mapping: the first order becomes a dead letter ("unmapped-payment-method").
      adjustConfig: (connection) => {
        const shop = (connection.shops as Record<string, unknown>[])[0]!;
        payments = { ...(shop.payments as Record<string, string>) };
        shop.payments = {};
      },
    });
    server = await startServer({ runtime: env.runtime, port: 0, plugins: [callbackRoutes(env.runtime)] });
    const users = new UserRepository(env.store.db);
    await users.create(OPERATOR.username, OPERATOR.password, 'operator');
    await users.create(VIEWER.username, VIEWER.password, 'viewer');
    await waitForDrain(env, 60_000);
    const placed = await controlCall<{ orders: { increment_id: string }[] }>(
      env.magentoUrl,
      'POST',
      '/orders/random',
      { count: 1 },
    );
    orderNumber = placed.orders[0]!.increment_id;
    await until('the order to be dead-lettered', () =>
      env.store.db
        .selectFrom('dead_letters')
        .select('id')
        .where('entity_key', '=', orderNumber)
        .where('resolved_at', 'is', null)
        .executeTakeFirst(),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await env?.stop();
  });

  async function logIn(page: Page, user: { username: string; password: string }) {
    await page.goto(`${server.url}/`);
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('#page-overview .shop');
  }

  it('an operator logs in, retries a dead-letter group, follows the order, rewinds a cursor and logs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${server.url}/`);
    await page.fill('#username', OPERATOR.username);
    await page.fill('#password', 'wrong-password');
    await page.click('form.login button[type=submit]');
    await expect.poll(() => page.textContent('#login-error')).toMatch(/wrong username or password/i);
    await logIn(page, OPERATOR);
    expect(await page.textContent('#who-name')).toContain('olga (operator)');
    expect(await page.locator('.shop[data-shop="se"] svg.chart').count()).toBe(1);
    await shot(page, 'overview');

    // The dead letter, grouped by its cause.
    await page.click('nav a[href="#/dead-letters"]');
    const group = page.locator('.group[data-cause="unmapped-payment-method"]');
    await group.waitFor();
    expect(await group.textContent()).toContain(orderNumber);
    await shot(page, 'dead-letters');
    // The cause is fixed (the payment mapping is back), then the whole group is retried.
    Object.assign(env.connection.shops[0]!.payments, payments);
    await group.locator('button', { hasText: 'Retry all' }).click();
    await page.waitForSelector('#no-dead-letters');
    expect(await page.locator('.group').count()).toBe(0);
    await until('the order to reach Specter', () =>
      env.store.db
        .selectFrom('bindings')
        .select('specter_key')
        .where('entity_type', '=', 'order')
        .where('magento_key', '=', orderNumber)
        .executeTakeFirst(),
    );

    // Find the order by its number and read its timeline.
    await page.click('nav a[href="#/search"]');
    await page.fill('#search-q', orderNumber);
    await page.press('#search-q', 'Enter');
    await page.locator('a.result', { hasText: orderNumber }).click();
    const timeline = page.locator('#timeline');
    await timeline.waitFor();
    const text = (await timeline.textContent()) ?? '';
    for (const step of ['detected', 'fetched', 'written', 'bound']) expect(text).toContain(step);
    expect(await page.locator('details.attempt').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#page-record').textContent()).toMatch(/unmapped-payment-method/);
    await shot(page, 'record');

    // Rewind the orders cursor of shop se to an hour ago.
    await page.click('nav a[href="#/cursors"]');
    await page.waitForSelector('#rewind-cursor option', { state: 'attached' });
    await page.selectOption('#rewind-cursor', JSON.stringify(['demo', 'se', 'orders']));
    const hourAgo = new Date(Date.now() - 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${hourAgo.getFullYear()}-${pad(hourAgo.getMonth() + 1)}-${pad(hourAgo.getDate())}T${pad(hourAgo.getHours())}:${pad(hourAgo.getMinutes())}`;
    await page.fill('#rewind-time', local);
    await page.click('#page-cursors button[type=submit]');
    await expect
      .poll(() => page.textContent('#rewind-result'))
      .toMatch(/Rewound orders of se to \d{4}-\d{2}-\d{2} \d{2}:\d{2}:00/);
    const expected = new Date(Math.floor(hourAgo.getTime() / 60_000) * 60_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    expect(await page.textContent('#rewind-result')).toContain(expected);
    await shot(page, 'cursors');

    // The other pages render with the live data.
    await page.click('nav a[href="#/usage"]');
    await page.waitForSelector('.usage[data-connection="demo"] svg.chart');
    await page.click('nav a[href="#/config"]');
    await page.waitForSelector('#config-annotated');
    expect(await page.inputValue('#config-text')).not.toContain('demo-api-user-key');
    await page.fill(
      '#config-text',
      (await page.inputValue('#config-text')).replace('currency: SEK', 'currency: kronor'),
    );
    await page.click('#config-validate');
    await page.waitForSelector('#config-annotated .note');
    expect(await page.textContent('#config-annotated .note')).toMatch(/currency/);
    await shot(page, 'config');

    // Log out: back to the login form, and the session is gone on the server too.
    await page.click('#logout');
    await page.waitForSelector('form.login');
    const status = await page.evaluate(async () => (await fetch('/api/session')).status);
    expect(status).toBe(401);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('a read-only user sees dead letters but cannot retry them', async () => {
    // A job nobody can run lands in the dead letters.
    await env.runtime.queue.enqueue({
      connectionId: 'demo',
      shopId: 'se',
      stream: 'orders',
      kind: 'test.no-handler',
      entityKey: 'X-1',
      payload: {},
    });
    env.runtime.poke();
    await until('a dead letter', () =>
      env.store.db
        .selectFrom('dead_letters')
        .select('id')
        .where('entity_key', '=', 'X-1')
        .where('resolved_at', 'is', null)
        .executeTakeFirst(),
    );
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await logIn(page, VIEWER);
    await page.click('nav a[href="#/dead-letters"]');
    await page.waitForSelector('.group');
    const buttons = page.locator('.group button');
    expect(await buttons.count()).toBeGreaterThan(0);
    for (const button of await buttons.all()) expect(await button.isDisabled()).toBe(true);
    expect(await page.textContent('#page-dead-letters')).toMatch(/read-only/);
    // Going around the page does not help either: the API refuses the change.
    const status = await page.evaluate(async () => {
      const session = await (await fetch('/api/session')).json();
      const answer = await fetch('/api/dead-letters/groups/retry', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ connectionId: 'demo', causeCode: 'internal' }),
      });
      return answer.status;
    });
    expect(status).toBe(403);
    const open = await env.store.db
      .selectFrom('dead_letters')
      .select('id')
      .where('entity_key', '=', 'X-1')
      .where('resolved_at', 'is', null)
      .execute();
    expect(open).toHaveLength(1);
    await page.close();
  });
});
