import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type RunningSpecterEmulator,
  type SpecterEmulatorOptions,
  startSpecterEmulator,
} from '../../../emulators/specter/index.ts';
import { Api, type Creds, json, md5hex, parseText, sleep, waitFor } from './helpers.ts';

interface Hit {
  query: Record<string, string>;
}

/** A webshop's callback receiver whose answers a test can script. */
async function receiver(answer: (n: number) => { status?: number; body: string; delayMs?: number }) {
  const hits: Hit[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push({ query: Object.fromEntries(url.searchParams) });
    const a = answer(hits.length);
    if (a.delayMs) await sleep(a.delayMs);
    res.writeHead(a.status ?? 200, { 'content-type': 'text/plain' });
    res.end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/specter-callback`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('specter emulator: callbacks', () => {
  let emu: RunningSpecterEmulator;
  const closers: Array<() => Promise<void>> = [];
  const start = async (opts: SpecterEmulatorOptions = {}) => {
    emu = await startSpecterEmulator({
      sizes: { simpleArticles: 3, configurables: 0, customers: 1 },
      callbackRetryDelaysMs: [20, 40, 60],
      ...opts,
    });
  };
  afterEach(async () => {
    await emu.close();
    for (const c of closers.splice(0)) await c();
  });
  const register = (url: string, webshopId = 1, sbmId = 1001) =>
    json(emu.url, 'PUT', `/accounts/${sbmId}/webshops/${webshopId}/callback-url`, { url });

  it('rings calltype 1..5 with sbmId, ids and a verifiable key', async () => {
    await start();
    const rx = await receiver(() => ({ body: '1;Done' }));
    closers.push(rx.close);
    expect((await register(rx.url)).status).toBe(200);
    const api = new Api(emu.url);
    await json(emu.url, 'POST', '/accounts/1001/articles/ART-00001/stock', { delta: -2 });
    await waitFor(
      () => rx.hits.filter((h) => h.query.calltype === '1').length,
      (n) => n >= 1,
    );
    const order = await api.order(101, { articleNo_1: 'ART-00001', noOfItems_1: 1 });
    await json(emu.url, 'POST', `/accounts/1001/orders/${order.id}/deliver`, { trackingNo: 'T' });
    const inv = (await json(emu.url, 'POST', `/accounts/1001/orders/${order.id}/invoice`)).body;
    const other = await api.order(101, { articleNo_1: 'ART-00002', noOfItems_1: 1 });
    await json(emu.url, 'POST', `/accounts/1001/orders/${other.id}/cancel`);
    await json(emu.url, 'PUT', '/accounts/1001/price-lists/1/prices/ART-00003', { priceExclVat: 5 });
    await waitFor(
      () => new Set(rx.hits.map((h) => h.query.calltype)),
      (s) => s.size === 5,
    );
    const by = (t: string) => rx.hits.filter((h) => h.query.calltype === t).map((h) => h.query);
    expect(by('2')).toContainEqual(
      expect.objectContaining({ orderId: order.id, invoiceId: String(inv.invoiceNo) }),
    );
    expect(by('3')).toContainEqual(expect.objectContaining({ orderNo: other.id }));
    expect(by('4')).toContainEqual(expect.objectContaining({ orderNo: order.id }));
    for (const h of rx.hits) {
      expect(h.query.sbmId).toBe('1001');
      expect(h.query.key).toBe(md5hex(`demo-integration-key1001${h.query.calltype}`));
    }
    const log = (await json(emu.url, 'GET', '/accounts/1001/webshops/1/feeds')).body;
    expect(log.stock.pending).toContain('ART-00001');
  });

  it('retries with back-off until the receiver answers 1;', async () => {
    await start();
    const rx = await receiver((n) =>
      n < 3 ? { body: n === 1 ? '0;busy' : 'oops', status: n === 1 ? 200 : 500 } : { body: '1;Done' },
    );
    closers.push(rx.close);
    await register(rx.url);
    await json(emu.url, 'POST', '/accounts/1001/articles/ART-00001/stock', { delta: 1 });
    await waitFor(
      () => rx.hits.length,
      (n) => n >= 3,
    );
    const cb = await waitFor(
      async () => (await json(emu.url, 'GET', '/callbacks')).body,
      (b) => b.attempts.some((a: { ok: boolean }) => a.ok),
    );
    expect(cb.attempts.map((a: { attempt: number; ok: boolean }) => [a.attempt, a.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    await sleep(150);
    expect(rx.hits).toHaveLength(3);
  });

  it('gives up on a receiver that never accepts, after the configured delays', async () => {
    await start();
    const rx = await receiver(() => ({ status: 503, body: 'down' }));
    closers.push(rx.close);
    await register(rx.url);
    await json(emu.url, 'POST', '/accounts/1001/articles/ART-00002/stock', { delta: 1 });
    const cb = await waitFor(
      async () => (await json(emu.url, 'GET', '/callbacks')).body,
      (b) => b.attempts.some((a: { gaveUp?: boolean }) => a.gaveUp),
    );
    expect(cb.attempts).toHaveLength(4);
    expect(rx.hits).toHaveLength(4);
    // an unreachable URL is a failure too, not a crash
    await register('http://127.0.0.1:9/nothing-listens-here');
    await json(emu.url, 'POST', '/accounts/1001/articles/ART-00002/stock', { delta: 1 });
    await waitFor(
      async () => (await json(emu.url, 'GET', '/callbacks')).body,
      (b) => b.attempts.filter((a: { gaveUp?: boolean }) => a.gaveUp).length === 2,
    );
  });

  it('coalesces rings of one call type while a call is under way', async () => {
    await start();
    const rx = await receiver(() => ({ body: '1;Done', delayMs: 150 }));
    closers.push(rx.close);
    await register(rx.url);
    for (let i = 0; i < 10; i++)
      await json(emu.url, 'POST', '/accounts/1001/articles/ART-00003/stock', { delta: 1 });
    await waitFor(
      async () => (await json(emu.url, 'GET', '/callbacks')).body,
      (b) => b.busy === 0 && b.attempts.length > 0,
    );
    expect(rx.hits.length).toBeGreaterThanOrEqual(1);
    expect(rx.hits.length).toBeLessThanOrEqual(3);
  });

  it('registerCallbackUrl (x-emulator) sets the URL; a v1 account signs with Key 1', async () => {
    const v1: Creds = { sbmId: 2002, outer: 'k2', inner: 'k1' };
    await start({ accounts: [{ sbmId: 2002, apiVersion: 1, key1: 'k1', key2: 'k2' }] });
    const rx = await receiver(() => ({ body: '1;Done' }));
    closers.push(rx.close);
    const r = await new Api(emu.url, v1).put('registerCallbackUrl', rx.url, {}, { url: rx.url });
    expect(parseText(r.text).result).toBe('1');
    await json(emu.url, 'POST', '/accounts/2002/webshops/1/ring', { calltype: 4, params: { orderNo: 5 } });
    await waitFor(
      () => rx.hits.length,
      (n) => n === 1,
    );
    expect(rx.hits[0]!.query).toMatchObject({
      calltype: '4',
      orderNo: '5',
      sbmId: '2002',
      key: md5hex('k120024'),
    });
    const bad = await new Api(emu.url, v1).put('registerCallbackUrl', 'ftp://x', {}, { url: 'ftp://x' });
    expect(parseText(bad.text).id).toBe('40');
  });
});
