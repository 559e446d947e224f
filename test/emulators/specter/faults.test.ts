import { afterEach, describe, expect, it } from 'vitest';
import {
  type RunningSpecterEmulator,
  type SpecterEmulatorOptions,
  startSpecterEmulator,
} from '../../../emulators/specter/index.ts';
import { slowUpload } from '../slow-upload.ts';
import { Api, DEFAULT_CREDS, json, keyFor, parseText } from './helpers.ts';

describe('specter emulator: faults and request log', () => {
  let emu: RunningSpecterEmulator;
  let api: Api;
  const start = async (opts: SpecterEmulatorOptions = {}) => {
    emu = await startSpecterEmulator({
      sizes: { simpleArticles: 2, configurables: 0, customers: 1 },
      ...opts,
    });
    api = new Api(emu.url);
  };
  afterEach(() => emu.close());
  const check = () =>
    fetch(
      `${emu.url}/getInfo.asp?action=checkAccountSettings&sbmId=1001&apiUserId=7&key=${keyFor(DEFAULT_CREDS, '')}`,
    );

  it('answers HTTP 500/503 at errorRate, deterministically from the seed', async () => {
    const run = async () => {
      await start({ seed: 42 });
      await json(emu.url, 'PUT', '/faults', { errorRate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await check()).status);
      await emu.close();
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.some((s) => s === 200)).toBe(true);
    expect(a.some((s) => s === 500 || s === 503)).toBe(true);
    await start({ faults: { errorRate: 1 } });
    expect([500, 503]).toContain((await check()).status);
    // the control surface is never faulted
    expect((await json(emu.url, 'GET', '/faults')).body.errorRate).toBe(1);
    await json(emu.url, 'PUT', '/faults', {});
    expect((await check()).status).toBe(200);
  });

  it('rate limits per sbmId with code 98 "retry after N s", HTTP 200', async () => {
    await start({ faults: { rateLimit: 2 } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await check());
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(texts.slice(0, 2).every((t) => t.startsWith('1;'))).toBe(true);
    expect(texts[2]).toMatch(/^0;98;.*retry after \d+ s/);
  });

  it('drops the connection at dropRate and never answers at timeoutRate', async () => {
    await start({ faults: { dropRate: 1 } });
    await expect(check()).rejects.toThrow();
    await json(emu.url, 'PUT', '/faults', { timeoutRate: 1 });
    const t0 = Date.now();
    await expect(
      fetch(`${emu.url}/getInfo.asp?action=checkAccountSettings`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('adds latency and refuses calls beyond maxConcurrent with code 98', async () => {
    await start({ faults: { latencyMs: 150, maxConcurrent: 1 } });
    const t0 = Date.now();
    const [a, b] = await Promise.all([
      check().then((r) => r.text()),
      (async () => {
        await new Promise((r) => setTimeout(r, 30));
        return (await check()).text();
      })(),
    ]);
    expect(a.startsWith('1;')).toBe(true);
    expect(parseText(b).id).toBe('98');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('counts the latency from the arrival of the request: a body that comes late eats into it', async () => {
    await start({ faults: { latencyMs: 400 } });
    const answer = await slowUpload(
      `${emu.url}/getInfo.asp`,
      `action=checkAccountSettings&sbmId=1001&apiUserId=7&key=${keyFor(DEFAULT_CREDS, '')}`,
      'application/x-www-form-urlencoded',
      250,
    );
    expect(answer.text.startsWith('1;')).toBe(true);
    expect(answer.sinceStartMs).toBeGreaterThanOrEqual(390);
    // Latency counted from the complete body instead would answer 400 ms after it.
    expect(answer.sinceBodyMs).toBeLessThan(330);
  });

  it('counts calls per action; DELETE resets', async () => {
    await start();
    await api.get('checkAccountSettings', '');
    await api.get('getArticleExternalNeedUpdate', 'b1', { batchNo: 'b1' });
    await api.get('updateArticlesFromBatch', 'b1', { batchNo: 'b1' });
    await api.order(101, { externalOrderNo: 'R1', articleNo_1: 'ART-00001', noOfItems_1: 1 });
    await api.order(101, { externalOrderNo: 'R1', articleNo_1: 'ART-00001', noOfItems_1: 1 });
    const log = (await json(emu.url, 'GET', '/requests')).body;
    expect(log.total).toBe(5);
    expect(log.byAction).toEqual({
      checkAccountSettings: 1,
      getArticleExternalNeedUpdate: 1,
      updateArticlesFromBatch: 1,
      newOrderSubmit: 2,
    });
    expect(log.byOutcome).toEqual({ '0': 4, '31': 1 });
    expect(log.recent[3]).toMatchObject({
      script: 'putInfo',
      method: 'POST',
      action: 'newOrderSubmit',
      sbmId: '1001',
    });
    expect((await json(emu.url, 'DELETE', '/requests')).body.total).toBe(0);
    expect((await json(emu.url, 'GET', '/requests')).body).toMatchObject({ total: 0, byAction: {} });
  });
});
