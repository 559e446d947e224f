import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../src/domain/backoff.ts';
import { PermanentError, TransientError } from '../../src/domain/errors.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import { JobQueue } from '../../src/engine/queue.ts';
import { insertConnection } from '../helpers/connections.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe.each(backends)('job queue on %s', (backend) => {
  let store: TestStore;
  let clock: ManualClock;
  let queue: JobQueue;

  beforeEach(async () => {
    store = await openTestStore(backend);
    clock = new ManualClock();
    queue = new JobQueue(store.db, {
      clock,
      random: () => 0.5,
      backoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
      defaultMaxAttempts: 3,
    });
    await insertConnection(store.db, 'c1');
  });
  afterEach(async () => {
    await store.dispose();
  });

  const stockJob = (sku: string, qty: number, seq: number) => ({
    connectionId: 'c1',
    shopId: 'se',
    stream: 'stock',
    kind: 'stock.push',
    entityKey: sku,
    dedupeKey: `c1:stock:${sku}`,
    seq,
    payload: { sku, qty },
  });

  it('coalesces ten changes of one SKU into one job carrying the newest state', async () => {
    const ids = new Set<string>();
    for (let i = 1; i <= 10; i++) ids.add((await queue.enqueue(stockJob('SKU-1', i, i))).id);
    // An older value arriving late does not overwrite the newest one.
    ids.add((await queue.enqueue(stockJob('SKU-1', 3, 3))).id);
    expect(ids.size).toBe(1);
    const job = await queue.claim('w1', 30_000);
    expect(job?.payload).toEqual({ sku: 'SKU-1', qty: 10 });
    expect(await queue.claim('w1', 30_000)).toBeNull();
  });

  it('a run that fails or is released while its newer twin is queued ends, and the twin does the work', async () => {
    for (const end of ['fail', 'release'] as const) {
      const sku = `TWIN-${end}`;
      await queue.enqueue(stockJob(sku, 1, 1));
      const first = (await queue.claim('w1', 30_000))!;
      await queue.enqueue(stockJob(sku, 2, 2));
      if (end === 'fail') {
        const result = await queue.fail(
          first,
          new TransientError('Magento answered 503', { code: 'http-503' }),
        );
        expect(result.outcome).toBe('retry');
      } else {
        await queue.release(first);
      }
      const rows = await store.db
        .selectFrom('jobs')
        .selectAll()
        .where('entity_key', '=', sku)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.status)).toEqual(['done', 'queued']);
      expect(rows[0]?.last_error).toContain(`job ${rows[1]?.id} for the same record runs instead`);
      const next = await queue.claim('w2', 30_000);
      expect(next?.payload).toEqual({ sku, qty: 2 });
      await queue.complete(next!);
    }
  });

  it('keeps a change that arrives while the job runs as a new job, run after the first', async () => {
    await queue.enqueue(stockJob('SKU-1', 1, 1));
    const first = await queue.claim('w1', 30_000);
    const second = await queue.enqueue(stockJob('SKU-1', 2, 2));
    expect(second.coalesced).toBe(false);
    // Same record, one at a time: the newer job waits while the first is running.
    expect(await queue.claim('w2', 30_000)).toBeNull();
    await queue.complete(first!);
    const next = await queue.claim('w2', 30_000);
    expect(next?.payload).toEqual({ sku: 'SKU-1', qty: 2 });
  });

  it('claims a job again when its worker stops extending the lease', async () => {
    await queue.enqueue({ connectionId: 'c1', stream: 's', kind: 'k', entityKey: 'e', payload: {} });
    const held = await queue.claim('dead-worker', 10_000);
    expect(held).not.toBeNull();
    expect(await queue.claim('w2', 10_000)).toBeNull();
    clock.advance(5_000);
    expect(await queue.extendLeases('dead-worker', [held!.id], 10_000)).toBe(1);
    clock.advance(9_000);
    expect(await queue.claim('w2', 10_000)).toBeNull();
    clock.advance(2_000);
    const again = await queue.claim('w2', 10_000);
    expect(again?.id).toBe(held!.id);
    expect(again?.attempts).toBe(2);
  });

  it('backs off exponentially with jitter and honours Retry-After', async () => {
    await queue.enqueue({
      connectionId: 'c1',
      stream: 's',
      kind: 'k',
      entityKey: 'e',
      payload: {},
      maxAttempts: 5,
    });
    const start = clock.now().getTime();
    let job = await queue.claim('w', 30_000);
    let result = await queue.fail(job!, new TransientError('503', { code: 'http-503' }));
    expect(result.outcome).toBe('retry');
    // attempt 1: ceiling 1000 ms, half fixed + 0.5 * half jitter = 750 ms
    expect(result.outcome === 'retry' && result.runAt.getTime() - start).toBe(
      backoffDelayMs(1, { baseDelayMs: 1_000, maxDelayMs: 60_000 }, () => 0.5),
    );
    expect(await queue.claim('w', 30_000)).toBeNull();
    clock.advance(750);
    job = await queue.claim('w', 30_000);
    expect(job?.attempts).toBe(2);
    const second = clock.now().getTime();
    result = await queue.fail(
      job!,
      new TransientError('slow down', { code: 'http-429', retryAfterMs: 20_000 }),
    );
    expect(result.outcome === 'retry' && result.runAt.getTime() - second).toBe(20_000);
    clock.advance(19_999);
    expect(await queue.claim('w', 30_000)).toBeNull();
    clock.advance(1);
    job = await queue.claim('w', 30_000);
    expect(job?.attempts).toBe(3);
    const third = clock.now().getTime();
    result = await queue.fail(job!, new TransientError('503', { code: 'http-503' }));
    // attempt 3: ceiling 4000 ms -> 3000 ms
    expect(result.outcome === 'retry' && result.runAt.getTime() - third).toBe(3_000);
  });

  it('dead-letters after max attempts with the error and the input', async () => {
    await queue.enqueue({
      connectionId: 'c1',
      shopId: 'se',
      stream: 'orders',
      kind: 'k',
      entityKey: '100001',
      payload: { order: 1 },
    });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = await queue.claim('w', 30_000);
      expect(job?.attempts).toBe(attempt);
      const result = await queue.fail(job!, new TransientError('Specter answered 503', { code: 'http-503' }));
      expect(result.outcome).toBe(attempt < 3 ? 'retry' : 'dead');
      clock.advance(60_000);
    }
    const letters = await store.db.selectFrom('dead_letters').selectAll().execute();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      entity_key: '100001',
      cause_code: 'http-503',
      attempts: 3,
      shop_id: 'se',
    });
    expect(letters[0]!.message).toContain('Gave up after 3 attempts: Specter answered 503');
    expect(letters[0]!.payload).toEqual({ order: 1 });
  });

  it('dead-letters a permanent error at once', async () => {
    await queue.enqueue({
      connectionId: 'c1',
      stream: 'orders',
      kind: 'k',
      entityKey: '100002',
      payload: {},
    });
    const job = await queue.claim('w', 30_000);
    const result = await queue.fail(
      job!,
      new PermanentError('SKU X does not exist in Specter', { code: 'unknown-sku' }),
    );
    expect(result.outcome).toBe('dead');
    const attempts = await store.db.selectFrom('job_attempts').selectAll().execute();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ outcome: 'permanent', error: 'SKU X does not exist in Specter' });
  });

  it('replays one dead letter, or all matching a filter', async () => {
    for (const [key, code] of [
      ['a', 'unknown-sku'],
      ['b', 'unknown-sku'],
      ['c', 'unmapped-payment'],
    ] as const) {
      await queue.enqueue({
        connectionId: 'c1',
        stream: 'orders',
        kind: 'k',
        entityKey: key,
        payload: { key },
      });
      const job = await queue.claim('w', 30_000);
      await queue.fail(job!, new PermanentError(`bad ${key}`, { code }));
    }
    const letters = await store.db
      .selectFrom('dead_letters')
      .select(['id', 'entity_key'])
      .orderBy('id')
      .execute();
    expect(await queue.replay({ ids: [String(letters[2]!.id)] })).toBe(1);
    expect((await queue.claim('w', 30_000))?.entityKey).toBe('c');
    expect(await queue.replay({ connectionId: 'c1', causeCode: 'unknown-sku' })).toBe(2);
    const replayed = [
      (await queue.claim('w', 30_000))?.entityKey,
      (await queue.claim('w', 30_000))?.entityKey,
    ];
    expect(replayed.sort()).toEqual(['a', 'b']);
    expect(await queue.claim('w', 30_000)).toBeNull();
    const open = await store.db
      .selectFrom('dead_letters')
      .select('id')
      .where('resolved_at', 'is', null)
      .execute();
    expect(open).toHaveLength(0);
    expect(await queue.replay({ connectionId: 'c1' })).toBe(0);
  });

  it('releases a job at shutdown without counting the attempt', async () => {
    await queue.enqueue({ connectionId: 'c1', stream: 's', kind: 'k', entityKey: 'e', payload: {} });
    const job = await queue.claim('w', 30_000);
    await queue.release(job!);
    const again = await queue.claim('w2', 30_000);
    expect(again?.attempts).toBe(1);
  });

  it('never runs more jobs of a connection at once than its concurrency limit', async () => {
    await insertConnection(store.db, 'c2', 2);
    for (let i = 0; i < 5; i++) {
      await queue.enqueue({ connectionId: 'c2', stream: 's', kind: 'k', entityKey: `e${i}`, payload: {} });
    }
    const claimed = [];
    for (let i = 0; i < 5; i++) {
      const job = await queue.claim(`w${i}`, 30_000);
      if (job) claimed.push(job);
    }
    expect(claimed).toHaveLength(2);
    await queue.complete(claimed[0]!);
    expect(await queue.claim('w9', 30_000)).not.toBeNull();
  });

  it('takes turns between connections so a busy one cannot starve another', async () => {
    await insertConnection(store.db, 'quiet');
    for (let i = 0; i < 50; i++) {
      await queue.enqueue({ connectionId: 'c1', stream: 's', kind: 'k', entityKey: `busy${i}`, payload: {} });
    }
    await queue.enqueue({ connectionId: 'quiet', stream: 's', kind: 'k', entityKey: 'q', payload: {} });
    const firstTwo = [await queue.claim('w', 30_000), await queue.claim('w', 30_000)];
    expect(firstTwo.map((j) => j?.connectionId).sort()).toEqual(['c1', 'quiet']);
  });

  it('never hands one job to two of 8 concurrent claimers over 5,000 jobs', async () => {
    const total = 5_000;
    const rows = Array.from({ length: total }, (_, i) => ({
      connection_id: 'c1',
      shop_id: '',
      stream: 's',
      kind: 'k',
      entity_key: `e${i}`,
      seq: 0,
      payload: '{}',
      status: 'queued' as const,
      priority: 0,
      attempts: 0,
      max_attempts: 3,
      run_at: clock.now(),
      created_at: clock.now(),
      updated_at: clock.now(),
    }));
    for (let i = 0; i < rows.length; i += 1_000) {
      await store.db
        .insertInto('jobs')
        .values(rows.slice(i, i + 1_000))
        .execute();
    }
    const seen = new Map<string, string>();
    let duplicates = 0;
    const claimer = async (name: string) => {
      for (;;) {
        const job = await queue.claim(name, 60_000);
        if (!job) return;
        if (seen.has(job.id)) duplicates++;
        seen.set(job.id, name);
        await queue.complete(job);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => claimer(`w${i}`)));
    expect(duplicates).toBe(0);
    expect(seen.size).toBe(total);
    const done = await store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'done')
      .executeTakeFirstOrThrow();
    expect(Number(done.n)).toBe(total);
  }, 180_000);
});
