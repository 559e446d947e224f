// Kysely's destroy does nothing for an instance that never ran a statement, so a store closed
// unused (a test's or a benchmark's store loaded from a dump) kept its embedded database open:
// statements still ran, and the open database kept the process from exiting. A PostgreSQL store's
// pool was left open the same way.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { freshMemoryStore } from '../../src/store/fresh-memory-store.ts';
import { createTestDatabase } from '../helpers/store.ts';

describe('closing an embedded store', () => {
  it('closes the database even when the store never ran a statement', async () => {
    const store = await freshMemoryStore();
    await store.close();
    await expect(sql`select 1`.execute(store.db)).rejects.toThrow(/closed/i);
  });

  it('closes the database of a store that ran statements', async () => {
    const store = await freshMemoryStore();
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
    expect(rows).toEqual([{ one: 1 }]);
    await store.close();
    await expect(sql`select 1`.execute(store.db)).rejects.toThrow(/destroyed|closed/i);
  });
});

describe('closing a PostgreSQL store', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('ends its pool even when the store never ran a statement', async () => {
    const store = openStore({ databaseUrl: database.url });
    await store.close();
    await expect(sql`select 1`.execute(store.db)).rejects.toThrow(/end on the pool|destroyed/i);
  });
});
