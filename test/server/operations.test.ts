import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/domain/errors.ts';
import { recordEvent } from '../../src/store/timeline.ts';
import { countUsage } from '../../src/store/usage.ts';
import { type ApiClient, type Harness, OPERATOR, startHarness } from './api-harness.ts';

/** Runs one queued job to a dead letter with the given cause, logging a request that carries secrets. */
async function deadLetter(h: Harness, entityKey: string, code: string, message: string): Promise<void> {
  await h.runtime.queue.enqueue({
    connectionId: 'demo',
    shopId: 'se',
    stream: 'orders',
    kind: 'order.push',
    entityKey,
    payload: { incrementId: entityKey },
  });
  const job = await h.runtime.queue.claim('test-worker', 60_000);
  if (!job) throw new Error('nothing to claim');
  await h.runtime.queue.fail(job, new PermanentError(message, { code }), [
    {
      system: 'specter',
      url: 'http://specter/api?sbmId=1001&key=abcdef123456&action=order',
      requestHeaders: { Authorization: 'Bearer sk_live_0123456789abcdef' },
      requestBody: {
        customer: { email: 'anna@example.se' },
        password: 'hunter2',
        nested: { apiKey: 'k-999' },
      },
      response: 'error: token=zzz999 rejected; use Bearer abc.def.ghi',
    },
  ]);
}

describe('admin API operations', () => {
  let h: Harness;
  let op: ApiClient;
  beforeAll(async () => {
    h = await startHarness();
    op = await h.login(OPERATOR);
  });
  afterAll(() => h.close());

  it('groups dead letters by cause, retries one group and leaves the other', async () => {
    await deadLetter(h, '000000101', 'unknown-sku', 'SKU TSHIRT-RED-XL does not exist in Specter');
    await deadLetter(h, '000000102', 'unknown-sku', 'SKU MUG-BLUE does not exist in Specter');
    await deadLetter(
      h,
      '000000103',
      'unmapped-payment-method',
      'Magento payment method "x" has no Specter payment type',
    );
    const groups = (await op.get('/api/dead-letters/groups')).body.groups;
    expect(groups.map((g: any) => [g.causeCode, g.count])).toEqual([
      ['unknown-sku', 2],
      ['unmapped-payment-method', 1],
    ]);
    expect(groups[0].examples.map((e: any) => e.entityKey).sort()).toEqual(['000000101', '000000102']);
    expect(groups[0].examples[0].message).toMatch(/does not exist in Specter/);

    const retried = await op.post('/api/dead-letters/groups/retry', {
      connectionId: 'demo',
      causeCode: 'unknown-sku',
    });
    expect(retried.body).toEqual({ retried: 2 });
    const after = (await op.get('/api/dead-letters/groups')).body.groups;
    expect(after.map((g: any) => g.causeCode)).toEqual(['unmapped-payment-method']);
    const jobs = await h.store.db
      .selectFrom('jobs')
      .select(['entity_key', 'status', 'attempts'])
      .orderBy('id')
      .execute();
    expect(
      jobs
        .filter((j) => j.status === 'queued')
        .map((j) => j.entity_key)
        .sort(),
    ).toEqual(['000000101', '000000102']);
    expect(jobs.find((j) => j.entity_key === '000000101')!.attempts).toBe(0);
  });

  it('retries and skips single dead letters; a second try is 409, an unknown id 404', async () => {
    // Clear the queue so the next claim takes the new job.
    await h.store.db.updateTable('jobs').set({ status: 'done' }).where('status', '=', 'queued').execute();
    await deadLetter(h, '000000104', 'order-total-mismatch', 'Totals differ');
    const letters = (await op.get('/api/dead-letters?cause=order-total-mismatch')).body.deadLetters;
    expect(letters).toHaveLength(1);
    const id = letters[0].id;
    expect((await op.post(`/api/dead-letters/${id}/skip`)).body).toEqual({ skipped: 1 });
    expect((await op.post(`/api/dead-letters/${id}/retry`)).status).toBe(409);
    expect((await op.post('/api/dead-letters/999999/retry')).status).toBe(404);
    const row = await h.store.db
      .selectFrom('dead_letters')
      .select('resolution')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.resolution).toBe('skipped');

    const payment = (await op.get('/api/dead-letters?cause=unmapped-payment-method')).body.deadLetters[0];
    expect((await op.post(`/api/dead-letters/${payment.id}/retry`)).body).toEqual({ retried: 1 });
    expect((await op.get('/api/dead-letters/groups')).body.groups).toEqual([]);
  });

  it('skips a whole group', async () => {
    await h.store.db.updateTable('jobs').set({ status: 'done' }).where('status', '=', 'queued').execute();
    await deadLetter(h, '000000105', 'http-503', 'Specter answered 503');
    expect(
      (await op.post('/api/dead-letters/groups/skip', { connectionId: 'demo', causeCode: 'http-503' })).body,
    ).toEqual({ skipped: 1 });
    expect((await op.get('/api/dead-letters/groups')).body.groups).toEqual([]);
  });

  it("shows a record's timeline with attempts, redacting secrets again at output", async () => {
    await recordEvent(h.store.db, {
      connectionId: 'demo',
      shopId: 'se',
      entityType: 'order',
      entityKey: '000000101',
      kind: 'customer',
      message: 'Customer anna@example.se is Specter customer 17',
      data: { token: 'leaked-token', note: 'Authorization: Bearer abcdefghijkl' },
    });
    await h.store.db
      .insertInto('bindings')
      .values({
        connection_id: 'demo',
        entity_type: 'order',
        shop_id: 'se',
        magento_key: '000000101',
        specter_key: '10042',
      })
      .execute();

    const byNumber = (await op.get('/api/search?q=000000101')).body.results;
    expect(byNumber).toContainEqual(
      expect.objectContaining({ entityType: 'order', entityKey: '000000101', shopId: 'se' }),
    );
    const byEmail = (await op.get('/api/search?q=anna@example.se')).body.results;
    expect(byEmail.map((r: any) => r.entityKey)).toEqual(['000000101']);
    const bySpecterNumber = (await op.get('/api/search?q=10042')).body.results;
    expect(bySpecterNumber[0]).toMatchObject({ entityKey: '000000101', matchedBy: 'Specter number' });

    const record = await op.get('/api/record?connection=demo&type=order&key=000000101&shop=se');
    expect(record.status).toBe(200);
    expect(record.body.events.map((e: any) => e.kind)).toEqual(['customer']);
    expect(record.body.bindings).toEqual([
      expect.objectContaining({ magentoKey: '000000101', specterKey: '10042' }),
    ]);
    expect(record.body.jobs).toHaveLength(1);
    expect(record.body.jobs[0].log[0].outcome).toBe('permanent');
    expect(record.body.deadLetters[0]).toMatchObject({ causeCode: 'unknown-sku', resolution: 'replayed' });
    const text = JSON.stringify(record.body);
    for (const secret of [
      'abcdef123456',
      'sk_live_0123456789abcdef',
      'hunter2',
      'k-999',
      'zzz999',
      'abc.def.ghi',
      'leaked-token',
      'abcdefghijkl',
    ])
      expect(text, secret).not.toContain(secret);
    // What is not secret stays readable.
    expect(text).toContain('anna@example.se');
    expect(text).toContain('sbmId=1001');
    expect((await op.get('/api/record?connection=demo&type=order&key=nope')).status).toBe(404);
  });

  it('lists cursors and rewinds one in its own format', async () => {
    await h.store.db
      .insertInto('cursors')
      .values([
        {
          connection_id: 'demo',
          shop_id: 'se',
          stream: 'orders',
          value: '2026-11-20 10:00:00',
          updated_at: new Date(),
        },
        { connection_id: 'demo', shop_id: 'se', stream: 'feed-token', value: 'abc', updated_at: new Date() },
      ])
      .execute();
    const cursors = (await op.get('/api/cursors')).body.cursors;
    expect(cursors.map((c: any) => `${c.shopId}/${c.stream}`).sort()).toEqual(['se/feed-token', 'se/orders']);
    expect(cursors.find((c: any) => c.stream === 'orders')).toMatchObject({
      format: 'magento-time',
      time: '2026-11-20T10:00:00.000Z',
    });

    const rewound = await op.post('/api/cursors/rewind', {
      connectionId: 'demo',
      shopId: 'se',
      stream: 'orders',
      to: '2026-11-01T08:30:00+02:00',
    });
    expect(rewound.status).toBe(200);
    expect(rewound.body.cursor.value).toBe('2026-11-01 06:30:00');
    const stored = await h.runtime.store.db
      .selectFrom('cursors')
      .select('value')
      .where('stream', '=', 'orders')
      .where('shop_id', '=', 'se')
      .executeTakeFirstOrThrow();
    expect(stored.value).toBe('2026-11-01 06:30:00');

    const rewind = (body: object) =>
      op.post('/api/cursors/rewind', {
        connectionId: 'demo',
        shopId: 'se',
        stream: 'orders',
        to: '2026-11-01T00:00:00Z',
        ...body,
      });
    expect((await rewind({ stream: 'feed-token' })).status).toBe(409);
    expect((await rewind({ shopId: 'no' })).status).toBe(404);
    expect((await rewind({ to: 'yesterday' })).status).toBe(400);
    expect((await rewind({ to: '2999-01-01T00:00:00Z' })).status).toBe(400);
  });

  it('lists and shows reports', async () => {
    const inserted = await h.store.db
      .insertInto('reports')
      .values({
        connection_id: 'demo',
        kind: 'initial-sync-dry-run',
        summary: JSON.stringify({ create: 3, match: 10, conflict: 1 }),
        body: JSON.stringify({
          conflicts: [{ sku: 'ART-1', reason: 'name differs' }],
          apiKey: 'should-not-show',
        }),
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const list = (await op.get('/api/reports')).body.reports;
    expect(list).toEqual([
      expect.objectContaining({
        id: String(inserted.id),
        kind: 'initial-sync-dry-run',
        summary: { create: 3, match: 10, conflict: 1 },
      }),
    ]);
    expect(list[0].body).toBeUndefined();
    const one = (await op.get(`/api/reports/${inserted.id}`)).body.report;
    expect(one.body.conflicts[0].sku).toBe('ART-1');
    expect(JSON.stringify(one)).not.toContain('should-not-show');
    expect((await op.get('/api/reports/424242')).status).toBe(404);
  });

  it('shows the connection config with secrets as references only', async () => {
    const connections = (await op.get('/api/connections')).body.connections;
    expect(connections).toEqual([
      expect.objectContaining({ id: 'demo', flowMode: 'erp-master', shops: ['no', 'se'] }),
    ]);
    const view = (await op.get('/api/connections/demo/config')).body;
    const text = JSON.stringify(view);
    for (const secret of ['demo-api-user-key', 'demo-integration-key', 'admin123'])
      expect(text).not.toContain(secret);
    expect(view.config.specter.apiUserKey).toBe('[inline secret hidden]');
    expect(view.config.shops[0].magento.auth.username).toBe('admin');
    expect(view.yaml).toContain('flowMode: erp-master');
    expect((await op.get('/api/connections/nope/config')).status).toBe(404);
  });

  it('validates a config text and names each problem with its path and line', async () => {
    const view = (await op.get('/api/connections/demo/config')).body;
    expect((await op.post('/api/config/validate', { yaml: view.yaml })).body).toEqual({
      valid: true,
      problems: [],
    });
    const broken = view.yaml
      .replace('currency: SEK', 'currency: kronor')
      .replace('flowMode: erp-master', 'flowMode: both');
    const result = (await op.post('/api/config/validate', { yaml: broken })).body;
    expect(result.valid).toBe(false);
    const lines = broken.split('\n');
    const currency = result.problems.find((p: any) => p.path.endsWith('.currency'));
    expect(currency.path).toMatch(/^connections\[0\]\.shops\[\d\]\.currency$/);
    expect(lines[currency.line - 1]).toContain('currency: kronor');
    const mode = result.problems.find((p: any) => p.path === 'connections[0].flowMode');
    expect(lines[mode.line - 1]).toContain('flowMode: both');
    const syntax = (await op.post('/api/config/validate', { yaml: 'connections:\n  - id: [unclosed' })).body;
    expect(syntax.valid).toBe(false);
    expect(syntax.problems[0].line).toBeGreaterThan(0);
  });

  it('reports usage per connection and month', async () => {
    await countUsage(h.store.db, 'demo', 'orders', 14, new Date('2026-10-05T00:00:00Z'));
    await countUsage(h.store.db, 'demo', 'articles', 3, new Date('2026-11-05T00:00:00Z'));
    const usage = (await op.get('/api/usage?connection=demo')).body.usage;
    expect(usage).toEqual([
      { connectionId: 'demo', month: '2026-10', metric: 'orders', count: 14 },
      { connectionId: 'demo', month: '2026-11', metric: 'articles', count: 3 },
    ]);
  });

  it('gives an overview per connection, shop and stream', async () => {
    await h.store.db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: new Date() })
      .where('status', 'in', ['queued', 'done'])
      .execute();
    await h.runtime.queue.enqueue({
      connectionId: 'demo',
      shopId: 'no',
      stream: 'stock',
      kind: 'stock.flush',
      entityKey: 'stock',
      payload: {},
    });
    const overview = (await op.get('/api/overview')).body;
    const connection = overview.connections[0];
    expect(connection).toMatchObject({ id: 'demo', name: 'Demo AB', flowMode: 'erp-master' });
    const se = connection.shops.find((s: any) => s.id === 'se');
    const orders = se.streams.find((s: any) => s.stream === 'orders');
    expect(orders).toMatchObject({ enabled: true, direction: 'magento->specter' });
    expect(orders.lastSuccessAt).not.toBeNull();
    expect(orders.errors.lastHour).toBeGreaterThanOrEqual(5);
    expect(orders.deadLetters.lastDay).toBeGreaterThanOrEqual(5);
    expect(se.throughput.perMinute).toHaveLength(60);
    expect(se.throughput.perMinute[59]).toBeGreaterThan(0);
    const stock = connection.shops
      .find((s: any) => s.id === 'no')
      .streams.find((s: any) => s.stream === 'stock');
    expect(stock).toMatchObject({ backlog: 1, enabled: true, direction: 'specter->magento' });
    expect(stock.lagSeconds).toBeGreaterThanOrEqual(0);
  });
});
