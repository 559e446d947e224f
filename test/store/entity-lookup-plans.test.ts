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

/** Weeks of finished order pushes, article writes and stock writes of one connection. */
const HISTORY = 100_000;

describe.each(backends)("look-ups of a record's jobs by key on %s, beside a long history", (backend) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await openTestStore(backend);
    await insertConnection(store.db, 'c', 4);
    await sql`insert into jobs (connection_id, shop_id, stream, kind, entity_key, dedupe_key, payload,
        status, attempts, max_attempts, run_at, created_at, updated_at, finished_at)
      select 'c', 'se', (array['orders', 'articles', 'stock'])[1 + n % 3],
        (array['order.push', 'article.write', 'stock.write'])[1 + n % 3],
        (1000000 + n)::text, 'c:' || n, '{}'::jsonb, 'done', 1, 5,
        now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
      from generate_series(1, ${HISTORY}) as n`.execute(store.db);
    await sql`analyze jobs`.execute(store.db);
  }, 60_000);
  afterAll(async () => {
    await store.dispose();
  });

  // Keys 1000000 + n: n % 3 = 0 an order push, 1 an article write, 2 a stock write.
  it("finds an order's push job through the key index", async () => {
    const query = pushJobQuery(store.db, 'c', 'se', '1050002');
    const scans = scansOf((await query.explain('json')) as unknown[], 'jobs');
    expect(scans.map((n) => n['Index Name'])).toEqual(['jobs_entity']);
    expect(await query.execute()).toHaveLength(0); // an article's key
    expect(await pushJobQuery(store.db, 'c', 'se', '1050001').execute()).toHaveLength(1);
  });

  it.each([
    ['order', '1050001', ['orders', 'orderStatus']],
    ['article', '1050002', ['articles']],
  ])("lists an %s record's jobs through the key index", async (entityType, entityKey, streams) => {
    const query = recordJobsQuery(
      store.db,
      { connectionId: 'c', shopId: 'se', entityType, entityKey },
      streams,
    );
    const scans = scansOf((await query.explain('json')) as unknown[], 'jobs');
    expect(scans.map((n) => n['Index Name'])).toEqual(['jobs_entity']);
    expect(await query.execute()).toHaveLength(1);
  });

  it('leaves stock and price jobs out of the key index (they are never looked up by key)', async () => {
    const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes
      where indexname = 'jobs_entity'`.execute(store.db);
    const definition = rows[0]?.indexdef ?? '';
    for (const stream of ['orders', 'orderStatus', 'articles']) expect(definition).toContain(`'${stream}'`);
    for (const stream of ['stock', 'prices']) expect(definition).not.toContain(`'${stream}'`);
    expect(definition).toMatch(/WHERE/i);
  });
});
