// The embedded store has no autovacuum: maintainTables refreshes statistics and clears dead rows
// by autovacuum's thresholds, and with statistics a binding looked up by SKU probes the right index.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindArticles } from '../../src/flows/initial-sync/bind-many.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { maintainTables } from '../../src/store/embedded-maintenance.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

async function lookupPlan(store: Store): Promise<string> {
  const plan = await sql<{ 'QUERY PLAN': string }>`explain
    select * from bindings
    where connection_id = 'c' and entity_type = 'article' and shop_id = 'se' and magento_key = 'SKU-4000'`.execute(
    store.db,
  );
  return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
}

async function activity(store: Store, table: string) {
  await sql`select pg_stat_force_next_flush()`.execute(store.db);
  const row = await sql<{ n_dead_tup: string; last_analyze: Date | null }>`
    select n_dead_tup, last_analyze from pg_stat_user_tables where relname = ${table}`.execute(store.db);
  return row.rows[0]!;
}

describe('maintenance of the embedded store', () => {
  let store: Store;
  beforeAll(async () => {
    store = openStore({ dataDir: 'memory://' });
    await migrateToLatest(store.db);
    await bindArticles(
      store.db,
      'c',
      'se',
      Array.from({ length: 5_000 }, (_, i) => ({ sku: `SKU-${i}`, state: null })),
    );
  });
  afterAll(async () => store?.close());

  it('analyzes tables that changed enough, and then the SKU lookup uses the SKU index', async () => {
    // Without statistics the planner takes the other unique index and filters every binding of the shop.
    expect(await lookupPlan(store)).toContain('bindings_specter_unique');
    const run = await maintainTables(store.db);
    expect(run.analyzed).toContain('bindings');
    expect(await lookupPlan(store)).toContain('bindings_magento_unique');
    expect((await activity(store, 'bindings')).last_analyze).not.toBeNull();
    // Nothing changed since: nothing to do.
    expect((await maintainTables(store.db)).analyzed).not.toContain('bindings');
  });

  it('vacuums a table once a fifth of it is dead rows', async () => {
    await sql`update bindings set state = '{"touched": true}'::jsonb where magento_key < 'SKU-2'`.execute(
      store.db,
    );
    expect(Number((await activity(store, 'bindings')).n_dead_tup)).toBeGreaterThan(1_000);
    const run = await maintainTables(store.db);
    expect(run.vacuumed).toEqual(['bindings']);
    expect(Number((await activity(store, 'bindings')).n_dead_tup)).toBe(0);
  });
});
