// The look-ups of a record's jobs by its key (the order-status feed's "is this order's push ours",
// the record page's job list) must find the key's few jobs, not read the connection's history of
// finished jobs: both filter by key without a status, so only an index led by the key serves them.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushJobQuery } from '../../src/flows/order-status/feed.ts';
import { recordJobsQuery } from '../../src/server/api/record-queries.ts';
import { insertConnection } from '../helpers/connections.ts';
import { scansOf } from '../helpers/plans.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

/** Weeks of finished order pushes and article writes of one connection. */
const HISTORY = 100_000;

describe.each(backends)('look-ups of a record jobs by key on %s, beside a long history', (backend) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await openTestStore(backend);
    await insertConnection(store.db, 'c', 4);
    await sql`insert into jobs (connection_id, shop_id, stream, kind, entity_key, dedupe_key, payload,
        status, attempts, max_attempts, run_at, created_at, updated_at, finished_at)
      select 'c', 'se', case when n % 2 = 0 then 'orders' else 'articles' end,
        case when n % 2 = 0 then 'order.push' else 'article.write' end,
        (1000000 + n)::text, 'c:' || n, '{}'::jsonb, 'done', 1, 5,
        now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
      from generate_series(1, ${HISTORY}) as n`.execute(store.db);
    await sql`analyze jobs`.execute(store.db);
  }, 60_000);
  afterAll(async () => {
    await store.dispose();
  });

  it("finds an order's push job through the key index", async () => {
    const query = pushJobQuery(store.db, 'c', 'se', '1050000');
    const scans = scansOf((await query.explain('json')) as unknown[], 'jobs');
    expect(scans.map((n) => n['Index Name'])).toEqual(['jobs_entity']);
    expect(await query.execute()).toHaveLength(1);
    expect(await pushJobQuery(store.db, 'c', 'se', '1050001').execute()).toHaveLength(0); // an article's key
  });

  it("lists a record's jobs through the key index", async () => {
    const query = recordJobsQuery(
      store.db,
      { connectionId: 'c', shopId: 'se', entityType: 'order', entityKey: '1050000' },
      ['orders', 'orderStatus'],
    );
    const scans = scansOf((await query.explain('json')) as unknown[], 'jobs');
    expect(scans.map((n) => n['Index Name'])).toEqual(['jobs_entity']);
    expect(await query.execute()).toHaveLength(1);
  });
});
