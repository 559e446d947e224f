// enqueueMany must leave the queue exactly as the same jobs enqueued one by one would, and answer
// the same (which job carries each, coalesced or not), including jobs of one batch that share a key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.ts';
import type { EnqueueInput } from '../../src/engine/job-types.ts';
import { JobQueue } from '../../src/engine/queue.ts';
import { insertConnection } from '../helpers/connections.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe.each(backends)('enqueueMany on %s', (backend) => {
  let store: TestStore;
  let queue: JobQueue;

  beforeEach(async () => {
    store = await openTestStore(backend);
    queue = new JobQueue(store.db, { clock: new ManualClock() });
    await insertConnection(store.db, 'one');
    await insertConnection(store.db, 'many');
  });
  afterEach(async () => {
    await store.dispose();
  });

  /** A mixed batch for connection `c`: keys repeated with rising, equal and falling seq, unkeyed jobs. */
  const batch = (c: string): EnqueueInput[] => {
    const job = (key: string | undefined, seq: number, extra: Partial<EnqueueInput> = {}) => ({
      connectionId: c,
      stream: 's',
      kind: 'k',
      entityKey: `${key ?? 'free'}@${seq}`,
      ...(key ? { dedupeKey: `${c}:${key}` } : {}),
      seq,
      payload: { key, seq },
      ...extra,
    });
    return [
      job('a', 1, { priority: 5 }),
      job(undefined, 0),
      job('a', 3, { priority: 1 }),
      job('a', 2),
      job('b', 4),
      job('b', 4),
      job(undefined, 1),
      job('older', 1),
      job('newer', 9),
      job('running', 1),
    ];
  };

  /** Jobs that are there before the batch: queued ones for "older"/"newer", a running one for "running". */
  async function existing(c: string) {
    const base = { connectionId: c, stream: 's', kind: 'k', payload: { before: true } };
    await queue.enqueue({ ...base, entityKey: 'older', dedupeKey: `${c}:older`, seq: 5 });
    await queue.enqueue({ ...base, entityKey: 'newer', dedupeKey: `${c}:newer`, seq: 2 });
    await queue.enqueue({ ...base, entityKey: 'running', dedupeKey: `${c}:running`, seq: 0 });
    const claimed = await store.db
      .updateTable('jobs')
      .set({ status: 'running' })
      .where('dedupe_key', '=', `${c}:running`)
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(claimed.id);
  }

  async function queueOf(c: string) {
    const rows = await store.db
      .selectFrom('jobs')
      .select(['id', 'status', 'dedupe_key', 'entity_key', 'seq', 'payload', 'priority'])
      .where('connection_id', '=', c)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      status: r.status,
      key: r.dedupe_key?.slice(c.length + 1) ?? null,
      entityKey: r.entity_key,
      seq: Number(r.seq),
      payload: r.payload,
      priority: r.priority,
    }));
  }

  it('leaves the same queue and gives the same answers as enqueueing one by one', async () => {
    await existing('one');
    await existing('many');
    const oneByOne = [];
    for (const input of batch('one')) oneByOne.push(await queue.enqueue(input));
    const many = await queue.enqueueMany(batch('many'));

    expect(await queueOf('many')).toEqual(await queueOf('one'));
    expect(many.map((r) => r.coalesced)).toEqual(oneByOne.map((r) => r.coalesced));
    // The same inputs share a carrying job in both: compare which answers point at the same job.
    const pattern = (results: { id: string }[]) =>
      results.map((r) => results.findIndex((s) => s.id === r.id));
    expect(pattern(many)).toEqual(pattern(oneByOne));
    expect(await queueOf('many')).toEqual([
      { status: 'queued', key: 'older', entityKey: 'older', seq: 5, payload: { before: true }, priority: 0 },
      {
        status: 'queued',
        key: 'newer',
        entityKey: 'newer@9',
        seq: 9,
        payload: { key: 'newer', seq: 9 },
        priority: 0,
      },
      {
        status: 'running',
        key: 'running',
        entityKey: 'running',
        seq: 0,
        payload: { before: true },
        priority: 0,
      },
      { status: 'queued', key: 'a', entityKey: 'a@3', seq: 3, payload: { key: 'a', seq: 3 }, priority: 5 },
      { status: 'queued', key: null, entityKey: 'free@0', seq: 0, payload: { seq: 0 }, priority: 0 },
      { status: 'queued', key: 'b', entityKey: 'b@4', seq: 4, payload: { key: 'b', seq: 4 }, priority: 0 },
      { status: 'queued', key: null, entityKey: 'free@1', seq: 1, payload: { seq: 1 }, priority: 0 },
      {
        status: 'queued',
        key: 'running',
        entityKey: 'running@1',
        seq: 1,
        payload: { key: 'running', seq: 1 },
        priority: 0,
      },
    ]);
  });

  it('answers in input order, with the id of each unkeyed job it inserted', async () => {
    const inputs = Array.from({ length: 5 }, (_, i) => ({
      connectionId: 'many',
      stream: 's',
      kind: 'k',
      entityKey: `e${i}`,
      payload: { i },
    }));
    const results = await queue.enqueueMany(inputs);
    const rows = await store.db.selectFrom('jobs').select(['id', 'entity_key']).execute();
    const idOf = new Map(rows.map((r) => [r.entity_key, String(r.id)]));
    expect(results).toEqual(inputs.map((input) => ({ id: idOf.get(input.entityKey), coalesced: false })));
  });

  it('takes batches larger than one statement holds', async () => {
    const inputs = Array.from({ length: 1_201 }, (_, i) => ({
      connectionId: 'many',
      stream: 's',
      kind: 'k',
      entityKey: `e${i}`,
      dedupeKey: `many:${i % 700}`,
      seq: i,
      payload: { i },
    }));
    const results = await queue.enqueueMany(inputs);
    expect(new Set(results.map((r) => r.id)).size).toBe(700);
    const rows = await store.db.selectFrom('jobs').select(['dedupe_key', 'payload']).execute();
    expect(rows).toHaveLength(700);
    expect(rows.find((r) => r.dedupe_key === 'many:0')?.payload).toEqual({ i: 700 });
    expect(rows.find((r) => r.dedupe_key === 'many:699')?.payload).toEqual({ i: 699 });
  });
});
