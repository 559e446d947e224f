// A claim's cost must not grow with the queue's depth: it takes a connection's first jobs from the
// index in claim order and stops there. PostgreSQL picks another plan (every queued job read and
// sorted) when its statistics lag behind a burst: analysed while the table held finished jobs and
// none queued. That is the case checked here, on the plans PostgreSQL and PGlite choose; without
// CLAIM_PLANNER_SETTINGS the PostgreSQL case fails.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_PLANNER_SETTINGS, candidatesQuery } from '../../src/engine/claim-queries.ts';
import { insertConnection } from '../helpers/connections.ts';
import { scansOf } from '../helpers/plans.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

/** Sizes at which PostgreSQL 15 picks the plan that reads every queued job (200,000 finished do not). */
const HISTORY = 1_000_000;
const BURST = 30_000;

describe.each(backends)('claim plans on %s, statistics taken before a burst', (backend) => {
  let store: TestStore;
  const now = new Date();

  beforeAll(async () => {
    store = await openTestStore(backend);
    await insertConnection(store.db, 'c', 64);
    // A history of finished jobs, analysed: the statistics say no job is queued.
    await sql`insert into jobs (connection_id, shop_id, stream, kind, entity_key, dedupe_key, payload,
        status, attempts, max_attempts, run_at, created_at, updated_at, finished_at)
      select 'c', '', 's', 'k', 'old' || n, 'c:old' || n, '{}'::jsonb, 'done', 1, 5,
        now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
      from generate_series(1, ${HISTORY}) as n`.execute(store.db);
    await sql`analyze jobs`.execute(store.db);
    // Then a burst of queued jobs with mixed priorities and due times, and a few running.
    await sql`insert into jobs (connection_id, shop_id, stream, kind, entity_key, dedupe_key, payload,
        status, priority, attempts, max_attempts, run_at, created_at, updated_at)
      select 'c', '', 's', 'k', 'e' || n, 'c:e' || n, '{}'::jsonb, 'queued', n % 3, 0, 5,
        now() - (n % 97) * interval '1 second', now(), now()
      from generate_series(1, ${BURST}) as n`.execute(store.db);
    await sql`insert into jobs (connection_id, shop_id, stream, kind, entity_key, dedupe_key, payload,
        status, attempts, max_attempts, run_at, created_at, updated_at, lease_owner, lease_until)
      select 'c', '', 's', 'k', 'r' || n, 'c:r' || n, '{}'::jsonb, 'running', 1, 5,
        now(), now(), now(), 'w', now() + interval '1 minute'
      from generate_series(1, 8) as n`.execute(store.db);
  }, 60_000);
  afterAll(async () => {
    await store.dispose();
  });

  it('reads the candidates from the index in claim order, and takes the first ones', async () => {
    await store.db.transaction().execute(async (trx) => {
      await CLAIM_PLANNER_SETTINGS.execute(trx);
      const explained = await sql`explain (format json) ${candidatesQuery(['c'], [20], now)}`.execute(trx);
      const scans = scansOf(explained.rows, 'jobs');
      expect(scans.some((n) => n['Index Name'] === 'jobs_queued_claim_order')).toBe(true);
      // No scan of the queued jobs through another index (the plan that read them all).
      expect(scans.some((n) => n['Index Name'] === 'jobs_dedupe_queued')).toBe(false);

      const { rows } = await candidatesQuery(['c'], [20], now).execute(trx);
      const expected = await sql<{
        id: string;
      }>`select id from jobs where status = 'queued' and run_at <= ${now}
        order by priority desc, run_at, id limit 20`.execute(trx);
      expect(rows.map((row) => String(row.id))).toEqual(expected.rows.map((row) => String(row.id)));
      expect(Number(rows[0]?.running_now)).toBe(8);
    });
  });
});
