// Housekeeping deletes what is past its retention and nothing else: finished jobs with their
// attempts, old timeline events, resolved dead letters with their dead jobs, expired sessions.
// Queued jobs, open dead letters and a replayed job that lives on are kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../src/app/runtime.ts';
import { syncConnections } from '../../src/app/sync-connections.ts';
import { PermanentError } from '../../src/domain/errors.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import { JobQueue } from '../../src/engine/queue.ts';
import { pruneExpired } from '../../src/engine/retention.ts';
import { createLogger } from '../../src/log/logger.ts';
import { recordEvent } from '../../src/store/timeline.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';
import { fleetConnections } from '../scale/fleet-config.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = '2026-01-01T00:00:00Z';
const policy = { finishedJobsDays: 14, eventsDays: 20, resolvedDeadLettersDays: 20 };

describe.each(backends)('retention on %s', (backend) => {
  let store: TestStore;
  let clock: ManualClock;
  let queue: JobQueue;
  const ids: Record<string, string> = {};

  const job = (key: string) => ({
    connectionId: 'c',
    stream: 's',
    kind: 'k',
    entityKey: key,
    payload: { key },
  });
  const claimAll = async () => (await queue.claimBatch('w', 60_000, 64)).jobs;
  const count = async (table: 'jobs' | 'job_attempts' | 'dead_letters' | 'events' | 'sessions') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    store = await openTestStore(backend);
    clock = new ManualClock(T0);
    queue = new JobQueue(store.db, { clock });
    await store.db
      .insertInto('connections')
      .values({ id: 'c', name: 'c', flow_mode: 'erp-master', config: '{}', max_concurrency: 64 })
      .execute();

    // Day 0: five jobs done, three dead-lettered (one is then replayed, one skipped, one left open).
    for (const key of ['d1', 'd2', 'd3', 'd4', 'd5', 'replayed', 'skipped', 'open'])
      ids[key] = (await queue.enqueue(job(key))).id;
    for (const claimed of await claimAll()) {
      if (['replayed', 'skipped', 'open'].includes(claimed.entityKey))
        await queue.fail(claimed, new PermanentError('no such SKU', { code: 'unknown-sku' }));
      else await queue.complete(claimed);
    }
    await queue.replay({ ids: [await letterOf(ids.replayed!)] });
    await queue.skip({ ids: [await letterOf(ids.skipped!)] });
    await recordEvent(
      store.db,
      { connectionId: 'c', entityType: 'order', entityKey: 'o1', kind: 'detected', message: 'old' },
      clock.now(),
    );
    await recordEvent(
      store.db,
      { connectionId: 'c', entityType: 'order', entityKey: 'o1', kind: 'written', message: 'old' },
      clock.now(),
    );

    // Day 20: one more job done, one more event, one job queued.
    clock.advance(20 * DAY);
    await store.db.updateTable('connections').set({ last_claimed_at: null }).execute();
    ids.recent = (await queue.enqueue(job('recent'))).id;
    // (The replayed job is claimed again too, and stays running.)
    for (const claimed of await claimAll()) if (claimed.entityKey === 'recent') await queue.complete(claimed);
    await queue.enqueue(job('queued'));
    await recordEvent(
      store.db,
      { connectionId: 'c', entityType: 'order', entityKey: 'o2', kind: 'detected', message: 'new' },
      clock.now(),
    );

    const user = await store.db
      .insertInto('users')
      .values({ username: 'op', password_hash: 'x', role: 'operator' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto('sessions')
      .values([
        { id: 'old', user_id: user.id, csrf_token: 'a', created_at: new Date(T0), expires_at: new Date(T0) },
        {
          id: 'live',
          user_id: user.id,
          csrf_token: 'b',
          created_at: clock.now(),
          expires_at: new Date('2027-01-01'),
        },
      ])
      .execute();
  });
  afterAll(async () => store?.dispose());

  async function letterOf(jobId: string): Promise<string> {
    const row = await store.db
      .selectFrom('dead_letters')
      .select('id')
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow();
    return String(row.id);
  }

  it('deletes only what is past its retention, in batches', async () => {
    const attemptsBefore = await count('job_attempts');
    // Day 30: the day-0 rows are past every retention; the day-20 ones are not.
    const now = new Date(new Date(T0).getTime() + 30 * DAY);
    const pruned = await pruneExpired(store.db, policy, now, { batchSize: 2 });
    expect(pruned).toEqual({ jobs: 5, events: 2, deadLetters: 2, sessions: 1 });

    const jobs = await store.db
      .selectFrom('jobs')
      .select(['id', 'entity_key', 'status'])
      .orderBy('id')
      .execute();
    expect(jobs.map((j) => `${j.entity_key}:${j.status}`).sort()).toEqual(
      ['open:dead', 'queued:queued', 'recent:done', 'replayed:running'].sort(),
    );
    // The deleted jobs' attempts went with them: d1-d5 and the skipped job had one each.
    expect(await count('job_attempts')).toBe(attemptsBefore - 6);
    const letters = await store.db.selectFrom('dead_letters').select(['job_id', 'resolved_at']).execute();
    expect(letters).toHaveLength(1);
    expect(String(letters[0]!.job_id)).toBe(ids.open);
    expect(letters[0]!.resolved_at).toBeNull();
    const events = await store.db.selectFrom('events').select('message').execute();
    expect(events.map((e) => e.message)).toEqual(['new']);
    expect((await store.db.selectFrom('sessions').select('id').execute()).map((s) => s.id)).toEqual(['live']);

    // Nothing more to do until more time passes.
    expect(await pruneExpired(store.db, policy, now)).toEqual({
      jobs: 0,
      events: 0,
      deadLetters: 0,
      sessions: 0,
    });
    // An open dead letter is never pruned, however old.
    const muchLater = new Date(now.getTime() + 365 * DAY);
    expect(await pruneExpired(store.db, policy, muchLater)).toMatchObject({
      jobs: 1,
      events: 1,
      deadLetters: 0,
    });
    expect(await count('dead_letters')).toBe(1);
  });

  it('stops after the batches allowed for one run and takes the rest next time', async () => {
    for (let i = 0; i < 5; i++)
      await recordEvent(
        store.db,
        { connectionId: 'c', entityType: 'article', entityKey: `a${i}`, kind: 'x', message: 'm' },
        new Date(T0),
      );
    const now = new Date(new Date(T0).getTime() + 30 * DAY);
    expect((await pruneExpired(store.db, policy, now, { batchSize: 2, maxBatches: 2 })).events).toBe(4);
    expect((await pruneExpired(store.db, policy, now, { batchSize: 2, maxBatches: 2 })).events).toBe(1);
  });
});

describe('a runtime with a retention policy', () => {
  it('runs housekeeping once an hour, fleet-wide', async () => {
    const store = await openTestStore('pglite');
    try {
      const queue = new JobQueue(store.db, { clock: new ManualClock('2020-01-01T00:00:00Z') });
      const connection = fleetConnections()[0]!;
      await syncConnections(store.db, [connection]);
      await queue.enqueue({
        connectionId: connection.id,
        stream: 's',
        kind: 'k',
        entityKey: 'old',
        payload: null,
      });
      const [claimed] = (await queue.claimBatch('w', 60_000, 1)).jobs;
      await queue.complete(claimed!);
      const runtime = new Runtime({
        store,
        connections: [connection],
        logger: createLogger({ level: 'silent' }),
        workers: 0,
        schedulerTickMs: 20,
        retention: policy,
        buildFlows: () => ({ handlers: {}, schedules: [] }),
      });
      await runtime.start();
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && (await store.db.selectFrom('jobs').select('id').execute()).length > 0)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await runtime.stop(1_000);
      expect(await store.db.selectFrom('jobs').select('id').execute()).toEqual([]);
      const schedule = await store.db
        .selectFrom('schedules')
        .selectAll()
        .where('name', '=', 'housekeeping')
        .executeTakeFirstOrThrow();
      expect(schedule.connection_id).toBe('*');
      expect(new Date(schedule.next_due_at).getTime() - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    } finally {
      await store.dispose();
    }
  });
});
