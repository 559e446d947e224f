// Batch claims and batch completion: the per-claim cap, the limit across claims, and that a batch
// is recorded like single claims and completions (attempts opened and closed).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.ts';
import type { EnqueueInput } from '../../src/engine/job-types.ts';
import { JobQueue } from '../../src/engine/queue.ts';
import { insertConnection } from '../helpers/connections.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe.each(backends)('batch claims on %s', (backend) => {
  let store: TestStore;
  let clock: ManualClock;
  let queue: JobQueue;

  beforeEach(async () => {
    store = await openTestStore(backend);
    clock = new ManualClock();
    queue = new JobQueue(store.db, { clock });
  });
  afterEach(async () => {
    await store.dispose();
  });

  const jobs = (connectionId: string, count: number): EnqueueInput[] =>
    Array.from({ length: count }, (_, i) => ({
      connectionId,
      stream: 's',
      kind: 'k',
      entityKey: `${connectionId}-${i}`,
      payload: { i },
    }));

  it('takes at most half of a connection limit per claim, so a second worker gets a share', async () => {
    await insertConnection(store.db, 'busy', 6);
    await queue.enqueueMany(jobs('busy', 20));
    const first = await queue.claimBatch('w1', 30_000, 8);
    const second = await queue.claimBatch('w2', 30_000, 8);
    expect(first.jobs).toHaveLength(3);
    expect(second.jobs).toHaveLength(3);
    // The limit holds across the claims: nothing more until a job finishes.
    expect((await queue.claimBatch('w1', 30_000, 8)).jobs).toEqual([]);
    await queue.complete(first.jobs[0]!);
    expect((await queue.claimBatch('w3', 30_000, 8)).jobs).toHaveLength(1);
  });

  it('lets a worker alone fill a connection through successive claims', async () => {
    await insertConnection(store.db, 'small', 3);
    await queue.enqueueMany(jobs('small', 10));
    const claims: [number, boolean][] = [];
    for (;;) {
      const claim = await queue.claimBatch('w1', 30_000, 8);
      if (claim.jobs.length === 0) break;
      claims.push([claim.jobs.length, claim.full]);
    }
    // Only the last claim took the connection's last free slot.
    expect(claims).toEqual([
      [1, false],
      [1, false],
      [1, true],
    ]);
  });

  it('keeps whole batches on a connection with a large limit', async () => {
    await insertConnection(store.db, 'wide', 64);
    await queue.enqueueMany(jobs('wide', 40));
    expect((await queue.claimBatch('w1', 30_000, 16)).jobs).toHaveLength(16);
    expect((await queue.claimBatch('w2', 30_000, 16)).jobs).toHaveLength(16);
  });

  it('opens an attempt per claimed job and closes them with their logs on completion', async () => {
    await insertConnection(store.db, 'c1', 10);
    await queue.enqueueMany(jobs('c1', 4));
    const { jobs: claimed } = await queue.claimBatch('w1', 30_000, 4);
    expect(claimed.map((j) => [j.status, j.attempts, j.leaseOwner])).toEqual([
      ['running', 1, 'w1'],
      ['running', 1, 'w1'],
      ['running', 1, 'w1'],
      ['running', 1, 'w1'],
    ]);
    const ids = claimed.map((j) => j.id);
    const open = await store.db
      .selectFrom('job_attempts')
      .select(['job_id', 'attempt', 'worker', 'finished_at'])
      .where('job_id', 'in', ids)
      .orderBy('job_id')
      .execute();
    expect(open.map((a) => [String(a.job_id), a.attempt, a.worker, a.finished_at])).toEqual(
      [...ids].sort((a, b) => Number(a) - Number(b)).map((id) => [id, 1, 'w1', null]),
    );

    await queue.completeMany(
      claimed.map((job, i) => ({ job, log: i === 0 ? [{ step: 'one' }] : undefined })),
    );
    const jobsAfter = await store.db.selectFrom('jobs').select(['status', 'lease_owner']).execute();
    expect(jobsAfter.map((j) => [j.status, j.lease_owner])).toEqual(Array(4).fill(['done', null]));
    const closed = await store.db
      .selectFrom('job_attempts')
      .select(['job_id', 'outcome', 'log'])
      .where('finished_at', 'is not', null)
      .execute();
    expect(closed).toHaveLength(4);
    expect(closed.every((a) => a.outcome === 'ok')).toBe(true);
    expect(closed.find((a) => String(a.job_id) === claimed[0]!.id)?.log).toEqual([{ step: 'one' }]);
  });

  it('claims only the earlier of two twins in one batch: a lapsed run before its queued successor', async () => {
    await insertConnection(store.db, 'c1', 10);
    const twin = { connectionId: 'c1', stream: 's', kind: 'k', entityKey: 'sku', dedupeKey: 'c1:sku' };
    await queue.enqueue({ ...twin, seq: 1, payload: { v: 1 } });
    const [lapsed] = (await queue.claimBatch('dead', 1_000, 4)).jobs;
    await queue.enqueue({ ...twin, seq: 2, payload: { v: 2 } });
    clock.advance(2_000);
    const { jobs: batch } = await queue.claimBatch('w1', 30_000, 4);
    expect(batch.map((j) => j.id)).toEqual([lapsed!.id]);
    await queue.complete(batch[0]!);
    const { jobs: next } = await queue.claimBatch('w1', 30_000, 4);
    expect(next.map((j) => j.payload)).toEqual([{ v: 2 }]);
  });

  it('passes over the connections it is asked to skip', async () => {
    await insertConnection(store.db, 'first', 2);
    await insertConnection(store.db, 'second', 2);
    await queue.enqueueMany([...jobs('first', 3), ...jobs('second', 3)]);
    const one = await queue.claimBatch('w1', 30_000, 8);
    const other = one.connectionId === 'first' ? 'second' : 'first';
    // Limit 2: one job per claim, and the connection still has a free slot.
    expect([one.jobs.length, one.full]).toEqual([1, false]);
    const again = await queue.claimBatch('w1', 30_000, 8, [other]);
    expect([again.connectionId, again.full]).toEqual([one.connectionId, true]);
    expect((await queue.claimBatch('w1', 30_000, 8, [other])).jobs).toEqual([]);
    expect((await queue.claimBatch('w1', 30_000, 8)).connectionId).toBe(other);
  });

  it('takes jobs of several connections in one claim, each at most once and within its share', async () => {
    for (const id of ['a', 'b', 'c']) await insertConnection(store.db, id, 2);
    await queue.enqueueMany([...jobs('a', 3), ...jobs('b', 3), ...jobs('c', 3)]);
    const first = await queue.claimBatch('w1', 30_000, 8, [], 3);
    // Half of a limit of 2 is one job each; every connection keeps a free lane.
    expect(first.jobs.map((j) => j.connectionId).sort()).toEqual(['a', 'b', 'c']);
    expect(first.filled).toEqual([]);
    const attempts = await store.db.selectFrom('job_attempts').select('job_id').execute();
    expect(attempts).toHaveLength(3);
    const second = await queue.claimBatch('w2', 30_000, 8, [], 3);
    expect(second.jobs.map((j) => j.connectionId).sort()).toEqual(['a', 'b', 'c']);
    expect([...second.filled].sort()).toEqual(['a', 'b', 'c']);
    // Every limit is reached across the two claims.
    expect((await queue.claimBatch('w3', 30_000, 8, [], 3)).jobs).toEqual([]);
    // A claim stops taking connections once its slots are used.
    await queue.completeMany([...first.jobs, ...second.jobs].map((job) => ({ job })));
    const small = await queue.claimBatch('w1', 30_000, 2, [], 3);
    expect(small.jobs).toHaveLength(2);
    expect(new Set(small.jobs.map((j) => j.connectionId)).size).toBe(2);
    // The connections it left are the next claim's: served longest ago first.
    const rest = await queue.claimBatch('w1', 30_000, 1, [], 3);
    expect(rest.jobs.map((j) => j.connectionId)).toEqual(
      ['a', 'b', 'c'].filter((id) => !small.jobs.some((j) => j.connectionId === id)),
    );
  });

  it('reads every connection of a claim at once and still treats each by its own rules', async () => {
    for (const id of ['a', 'b', 'c']) await insertConnection(store.db, id, 4);
    const twin = { connectionId: 'a', stream: 's', kind: 'k', entityKey: 'sku', dedupeKey: 'a:sku' };
    // a: one run of a record under a live lease, and its queued successor, which must wait.
    await queue.enqueue({ ...twin, seq: 1, payload: { v: 1 } });
    const [running] = (await queue.claimBatch('w0', 60_000, 1)).jobs;
    expect(running?.connectionId).toBe('a');
    // c: a job whose only attempt's worker died.
    await queue.enqueue({
      connectionId: 'c',
      stream: 's',
      kind: 'k',
      entityKey: 'lost',
      payload: {},
      maxAttempts: 1,
    });
    expect((await queue.claimBatch('dead', 1_000, 1)).jobs.map((j) => j.connectionId)).toEqual(['c']);
    await queue.enqueue({ ...twin, seq: 2, payload: { v: 2 } });
    // b: two jobs, the later one of higher priority.
    await queue.enqueue({
      connectionId: 'b',
      stream: 's',
      kind: 'k',
      entityKey: 'low',
      payload: {},
      priority: 1,
    });
    await queue.enqueue({
      connectionId: 'b',
      stream: 's',
      kind: 'k',
      entityKey: 'high',
      payload: {},
      priority: 5,
    });
    clock.advance(2_000);

    const claim = await queue.claimBatch('w1', 30_000, 8, [], 8);
    expect(claim.jobs.map((j) => j.entityKey)).toEqual(['high', 'low']);
    expect(claim.connectionId).toBe('b');
    const dead = await store.db.selectFrom('dead_letters').select(['cause_code']).execute();
    expect(dead.map((d) => d.cause_code)).toEqual(['worker-lost']);
    // All three were served (a and c without a job), so each goes to the back of the turn order.
    const turns = await store.db
      .selectFrom('connections')
      .select(['id', 'last_claimed_at'])
      .orderBy('id')
      .execute();
    for (const turn of turns)
      expect(new Date(turn.last_claimed_at as Date).getTime()).toBe(clock.now().getTime());
    // The successor runs once its twin is done.
    await queue.complete(running!);
    expect((await queue.claimBatch('w1', 30_000, 8, [], 8)).jobs.map((j) => j.payload)).toEqual([{ v: 2 }]);
  });

  it('passes over connections whose lanes are full, however long ago they were served', async () => {
    for (const id of ['full', 'b', 'c']) await insertConnection(store.db, id, 1);
    await queue.enqueueMany(jobs('full', 2));
    // `full` has its one lane taken; its second job is ready all the same.
    expect((await queue.claimBatch('w0', 60_000, 1)).jobs.map((j) => j.connectionId)).toEqual(['full']);
    await queue.enqueueMany([...jobs('b', 2), ...jobs('c', 2)]);
    const served = await queue.claimBatch('w0', 60_000, 8, [], 8);
    await queue.completeMany(served.jobs.map((job) => ({ job })));
    // And it comes first in the turn order: served longest ago.
    await store.db
      .updateTable('connections')
      .set({ last_claimed_at: new Date(clock.now().getTime() - 3_600_000) })
      .where('id', '=', 'full')
      .execute();
    clock.advance(1_000);
    const claim = await queue.claimBatch('w1', 30_000, 8, [], 2);
    expect(claim.jobs.map((j) => j.connectionId).sort()).toEqual(['b', 'c']);
    expect((await queue.claimBatch('w2', 30_000, 8, [], 8)).jobs).toEqual([]);
  });

  it('takes one job of a serial key in a claim over several connections', async () => {
    for (const id of ['a', 'b']) await insertConnection(store.db, id, 4);
    const shared = { stream: 's', kind: 'k', payload: {}, serialKey: 'remote-product' };
    await queue.enqueue({ ...shared, connectionId: 'a', entityKey: 'a-sku' });
    await queue.enqueue({ ...shared, connectionId: 'b', entityKey: 'b-sku' });
    const first = await queue.claimBatch('w1', 30_000, 8, [], 8);
    expect(first.jobs).toHaveLength(1);
    expect((await queue.claimBatch('w2', 30_000, 8, [], 8)).jobs).toEqual([]);
    await queue.complete(first.jobs[0]!);
    expect((await queue.claimBatch('w2', 30_000, 8, [], 8)).jobs).toHaveLength(1);
  });

  it.skipIf(backend !== 'postgres')(
    'passes over a connection another claim has locked, and waits only when every ready one is',
    async () => {
      await insertConnection(store.db, 'a', 4);
      await insertConnection(store.db, 'b', 4);
      await queue.enqueueMany([...jobs('a', 2), ...jobs('b', 2)]);
      // Another transaction (a claim on another worker) holds connection a's row.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => {};
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = store.db.transaction().execute(async (trx) => {
        await trx.selectFrom('connections').select('id').where('id', '=', 'a').forUpdate().execute();
        locked();
        await held;
      });
      await lockTaken;
      const meanwhile = await queue.claimBatch('w1', 30_000, 8, [], 8);
      expect(meanwhile.jobs.map((j) => j.connectionId)).toEqual(['b', 'b']);
      // Now a is the only ready connection and it is locked: the claim waits for it.
      let settled = false;
      const waiting = queue.claimBatch('w1', 30_000, 8, [], 8).then((claim) => {
        settled = true;
        return claim;
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(settled).toBe(false);
      release();
      await holder;
      expect((await waiting).jobs.map((j) => j.connectionId)).toEqual(['a', 'a']);
    },
  );

  it('runs jobs sharing a serial key one at a time, without folding them into one', async () => {
    await insertConnection(store.db, 'shared', 8);
    const product = (shopId: string) => ({
      connectionId: 'shared',
      shopId,
      stream: 'articles',
      kind: 'article.import',
      entityKey: 'ART-1',
      dedupeKey: `shared:${shopId}:article:ART-1`,
      serialKey: 'shared:magento-a:product:ART-1',
      payload: { shopId },
    });
    const enqueued = await queue.enqueueMany([product('se'), product('no'), ...jobs('shared', 2)]);
    // Two jobs (two shops' records), not one.
    expect(enqueued.map((e) => e.coalesced)).toEqual([false, false, false, false]);
    const first = await queue.claimBatch('w1', 30_000, 8);
    const second = await queue.claimBatch('w2', 30_000, 8);
    const taken = [...first.jobs, ...second.jobs];
    // Both unrelated jobs run, but only one of the two writing product ART-1.
    expect(taken.map((j) => j.entityKey).sort()).toEqual(['ART-1', 'shared-0', 'shared-1']);
    const running = taken.find((j) => j.entityKey === 'ART-1')!;
    expect((await queue.claimBatch('w3', 30_000, 8)).jobs).toEqual([]);
    await queue.complete(running);
    const next = await queue.claimBatch('w3', 30_000, 8);
    expect(next.jobs.map((j) => (j.payload as { shopId: string }).shopId)).toEqual([
      (running.payload as { shopId: string }).shopId === 'se' ? 'no' : 'se',
    ]);
  });
});
