// Specter callbacks: the connection's callback token in the URL path, Specter's key, and the
// throttle that bounds what replayed rings can make Koppla do. Also against the Specter emulator,
// whose retries must keep working with the token in the registered URL.
import { createHash, randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSpecterEmulator } from '../../emulators/specter/index.ts';
import type { Schedule } from '../../src/app/flow-set.ts';
import { Runtime } from '../../src/app/runtime.ts';
import { validateConfig } from '../../src/config/load.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { DEMO_SBM_ID, demoConnectionConfig, demoShopConfig, planShops } from '../../src/demo/environment.ts';
import { CallbackThrottle } from '../../src/server/callback-throttle.ts';
import { callbackRoutes } from '../../src/server/callbacks.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { CALLBACK_TOKEN_NAME, callbackUrl, ensureCallbackToken } from '../../src/store/callback-token.ts';
import { SecretStore } from '../../src/store/secrets.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

const INTEGRATION_KEY = 'demo-integration-key';
const md5 = (text: string) => createHash('md5').update(text, 'latin1').digest('hex');
const keyFor = (calltype: number) => md5(`${INTEGRATION_KEY}${DEMO_SBM_ID}${calltype}`);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Specter callbacks', () => {
  let store: TestStore;
  let runtime: Runtime;
  let server: RunningServer;
  let secrets: SecretStore;
  const runs: Record<string, number> = {};
  const logged: string[] = [];

  const ring = async (path: string, calltype = 1, key = keyFor(calltype)) => {
    const answer = await server.app.inject({
      method: 'GET',
      url: `${path}?calltype=${calltype}&sbmId=${DEMO_SBM_ID}&key=${key}`,
    });
    return { status: answer.statusCode, body: answer.body };
  };

  beforeAll(async () => {
    store = await openTestStore('pglite');
    secrets = new SecretStore(store.db, [{ id: 'k1', key: randomBytes(32) }]);
    const shops = planShops(1).map((plan) => demoShopConfig(plan, 'http://127.0.0.1:9/magento'));
    const raw = demoConnectionConfig('erp-master', shops, 'http://127.0.0.1:9/specter', 10);
    // The signing key comes from the secret store, as in production.
    (raw.specter as Record<string, unknown>).integrationKey = { secret: 'integration-key' };
    await secrets.put('demo', 'integration-key', INTEGRATION_KEY);
    const schedule = (name: string): Schedule => ({
      name,
      intervalMs: 3_600_000,
      run: async () => {
        runs[name] = (runs[name] ?? 0) + 1;
      },
    });
    const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(line) });
    runtime = new Runtime({
      store,
      connections: validateConfig({ connections: [raw] }).connections,
      logger,
      buildFlows: () => ({ handlers: {}, schedules: [schedule('stock-feed:1'), schedule('order-feed:1')] }),
      workers: 0,
      runSchedulers: false,
    });
    await runtime.start();
    server = await startServer({
      runtime,
      port: 0,
      dashboard: false,
      plugins: [callbackRoutes(runtime, { secrets, minReadIntervalMs: 400 })],
    });
  });
  afterAll(async () => {
    await server.close();
    await runtime.stop(100);
    await store.dispose();
  });

  it('without a callback token set up, accepts a ring with the right key only', async () => {
    expect(await ring('/callbacks/specter/demo')).toEqual({ status: 200, body: '1;Done' });
    await wait(50);
    expect(runs['stock-feed:1']).toBe(1);
    expect(await ring('/callbacks/specter/demo', 1, md5('guess'))).toEqual({
      status: 403,
      body: '0;20;refused',
    });
    expect((await ring('/callbacks/specter/demo', 1, keyFor(4))).status).toBe(403);
    // An unknown connection gets the same answer as a wrong key.
    expect(await ring('/callbacks/specter/other')).toEqual({ status: 403, body: '0;20;refused' });
  });

  it('with a token set up, refuses rings without it or with an old one', async () => {
    const old = await ensureCallbackToken(secrets, 'demo');
    expect(await ensureCallbackToken(secrets, 'demo')).toBe(old);
    const token = await ensureCallbackToken(secrets, 'demo', { rotate: true });
    expect(token).not.toBe(old);
    expect(callbackUrl('https://k.example/', 'demo', token)).toBe(
      `https://k.example/callbacks/specter/demo/${token}`,
    );
    expect((await ring('/callbacks/specter/demo')).status).toBe(403);
    expect((await ring(`/callbacks/specter/demo/${old}`)).status).toBe(403);
    expect((await ring(`/callbacks/specter/demo/${token}x`)).status).toBe(403);
    expect((await ring(`/callbacks/specter/demo/${token}`, 1, md5('guess'))).status).toBe(403);
    await wait(450);
    const before = runs['order-feed:1'] ?? 0;
    expect(await ring(`/callbacks/specter/demo/${token}`, 4)).toEqual({ status: 200, body: '1;Done' });
    await wait(50);
    expect(runs['order-feed:1']).toBe(before + 1);
    // The log says why a ring was refused, never with the token or key that came with it.
    const log = logged.join('\n');
    expect(log).toMatch(/wrong callback token/);
    expect(log).not.toContain(token);
    expect(log).not.toContain(old);
    expect(log).not.toContain(keyFor(1));
  });

  it('a flood of replayed rings costs one read now and one at the end of the interval', async () => {
    const token = (await secrets.get('demo', CALLBACK_TOKEN_NAME))!;
    await wait(450);
    const before = runs['stock-feed:1'] ?? 0;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => ring(`/callbacks/specter/demo/${token}`, 1)),
    );
    // Every ring is acknowledged, so a real Specter does not keep retrying.
    expect(answers.every((a) => a.body === '1;Done')).toBe(true);
    await wait(50);
    expect(runs['stock-feed:1']).toBe(before + 1);
    await wait(450);
    expect(runs['stock-feed:1']).toBe(before + 2);
  });

  it('throttle: rings never go unanswered by a read (trailing read) and other feeds are separate', async () => {
    let clock = 0;
    const reads: string[] = [];
    const throttle = new CallbackThrottle({ intervalMs: 1_000, now: () => clock });
    expect(throttle.ring('a', () => reads.push('a'))).toBe('now');
    expect(throttle.ring('b', () => reads.push('b'))).toBe('now');
    clock = 200;
    expect(throttle.ring('a', () => reads.push('a'))).toBe('deferred');
    expect(throttle.ring('a', () => reads.push('a'))).toBe('merged');
    expect(reads).toEqual(['a', 'b']);
    throttle.close();
  });

  it("works with the Specter emulator's rings and retries, token in the registered URL", async () => {
    const specter = await startSpecterEmulator({
      seed: 1,
      sizes: { simpleArticles: 1, configurables: 0, customers: 1 },
      callbackRetryDelaysMs: [100, 200],
    });
    try {
      const token = (await secrets.get('demo', CALLBACK_TOKEN_NAME))!;
      const url = callbackUrl(server.url, 'demo', token);
      await controlCall(specter.url, 'PUT', `/accounts/${DEMO_SBM_ID}/webshops/1/callback-url`, { url });
      await controlCall(specter.url, 'POST', `/accounts/${DEMO_SBM_ID}/webshops/1/ring`, {
        calltype: 4,
        params: { orderNo: '77' },
      });
      let attempts: { ok: boolean; url: string }[] = [];
      for (let i = 0; i < 50 && !attempts.some((a) => a.ok); i++) {
        await wait(100);
        attempts = (
          await controlCall<{ attempts: { ok: boolean; url: string }[] }>(specter.url, 'GET', '/callbacks')
        ).attempts;
      }
      expect(attempts.some((a) => a.ok && a.url.includes(`/callbacks/specter/demo/${token}?`))).toBe(true);
      // A registration without the token (an old one, or an attacker's copy) is refused each retry.
      await controlCall(specter.url, 'PUT', `/accounts/${DEMO_SBM_ID}/webshops/1/callback-url`, {
        url: `${server.url}/callbacks/specter/demo`,
      });
      await controlCall(specter.url, 'POST', `/accounts/${DEMO_SBM_ID}/webshops/1/ring`, { calltype: 1 });
      let gaveUp = false;
      for (let i = 0; i < 50 && !gaveUp; i++) {
        await wait(100);
        const list = (
          await controlCall<{ attempts: { gaveUp?: boolean; status?: number }[] }>(
            specter.url,
            'GET',
            '/callbacks',
          )
        ).attempts;
        gaveUp = list.some((a) => a.gaveUp && a.status === 403);
      }
      expect(gaveUp).toBe(true);
    } finally {
      await specter.close();
    }
  });
});
