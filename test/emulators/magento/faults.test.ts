import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slowUpload } from '../slow-upload.ts';
import { TestMagento } from './helpers.ts';

describe('magento emulator: faults and request log', () => {
  let m: TestMagento;
  beforeAll(async () => {
    m = await TestMagento.start({ sizes: { simpleArticles: 1 } });
  });
  afterAll(() => m.close());

  const raw = (path: string, signal?: AbortSignal) =>
    fetch(`${m.emulator.url}/rest${path}`, { headers: { authorization: `Bearer ${m.token}` }, signal });

  it('counts requests per route template and resets', async () => {
    await m.control('DELETE', '/requests');
    await m.get('/V1/products/ART-00001');
    await m.get('/V1/products/ART-00001', { store: 'all' });
    await m.get('/V1/products');
    const log = (await m.control('GET', '/requests')).body;
    expect(log).toEqual({ total: 3, byRoute: { 'GET /V1/products': 1, 'GET /V1/products/{sku}': 2 } });
    expect((await m.control('DELETE', '/requests')).body.total).toBe(0);
  });

  it('answers 500/503 for errorRate 1 and recovers when cleared', async () => {
    await m.control('PUT', '/faults', { errorRate: 1 });
    const res = await raw('/V1/products/ART-00001');
    expect([500, 503]).toContain(res.status);
    await m.control('PUT', '/faults', {});
    expect((await raw('/V1/products/ART-00001')).status).toBe(200);
  });

  it('rate limits with 429 and Retry-After', async () => {
    await m.control('PUT', '/faults', { rateLimit: { maxPerSecond: 2, retryAfterSeconds: 7 } });
    const statuses = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await raw('/V1/products/ART-00001');
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.slice(2)).toEqual([429, 429]);
    expect(retryAfter).toBe('7');
    await m.control('PUT', '/faults', {});
  });

  it('adds latency, hangs until the client gives up, and drops sockets', async () => {
    await m.control('PUT', '/faults', { latencyMs: 150 });
    const started = Date.now();
    await raw('/V1/products/ART-00001');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    await m.control('PUT', '/faults', { timeoutRate: 1 });
    await expect(raw('/V1/products/ART-00001', AbortSignal.timeout(200))).rejects.toThrow();

    await m.control('PUT', '/faults', { dropRate: 1 });
    await expect(raw('/V1/products/ART-00001')).rejects.toThrow();
    await m.control('PUT', '/faults', {});
    expect((await raw('/V1/products/ART-00001')).status).toBe(200);
  });

  it('counts the latency from the arrival of the request: a body that comes late eats into it', async () => {
    await m.control('PUT', '/faults', { latencyMs: 400 });
    const answer = await slowUpload(
      `${m.emulator.url}/rest/V1/integration/admin/token`,
      JSON.stringify({ username: 'admin', password: 'admin123' }),
      'application/json',
      250,
    );
    await m.control('PUT', '/faults', {});
    expect(answer.status).toBe(200);
    expect(answer.sinceStartMs).toBeGreaterThanOrEqual(390);
    // Latency counted from the complete body instead would answer 400 ms after it.
    expect(answer.sinceBodyMs).toBeLessThan(330);
  });

  it('answers 429 beyond maxConcurrent requests in flight', async () => {
    await m.control('PUT', '/faults', {
      latencyMs: 200,
      maxConcurrent: 2,
      rateLimit: { retryAfterSeconds: 2 },
    });
    const statuses = (await Promise.all([1, 2, 3, 4].map(() => raw('/V1/products/ART-00001'))))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([200, 200, 429, 429]);
    await m.control('PUT', '/faults', {});
  });

  it('draws the same fault sequence from the same seed', async () => {
    const sequence = async () => {
      const e = await TestMagento.start({ seed: 42, faults: { errorRate: 0.5 } });
      const out = [];
      for (let i = 0; i < 10; i++)
        out.push(
          (
            await fetch(`${e.emulator.url}/rest/V1/store/websites`, {
              headers: { authorization: `Bearer ${e.token}` },
            })
          ).status,
        );
      await e.close();
      return out;
    };
    const a = await sequence().catch(() => 'token-failed');
    const b = await sequence().catch(() => 'token-failed');
    expect(a).toEqual(b);
  });
});
