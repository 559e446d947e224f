// Opens a fresh, migrated store on either backend for a test. PostgreSQL tests each get their own
// database, so test files running in parallel never see each other's rows.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store, type StoreBackend } from '../../src/store/db.ts';
import { freshMemoryStore } from '../../src/store/fresh-memory-store.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const backends: StoreBackend[] = ['pglite', 'postgres'];

function urlForDatabase(name: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `koppla_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: urlForDatabase(name),
    async drop() {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestStore extends Store {
  /** For PostgreSQL: the url of this test's own database (to hand to child processes). */
  url?: string;
  dispose(): Promise<void>;
}

export async function openTestStore(backend: StoreBackend): Promise<TestStore> {
  if (backend === 'pglite') {
    // Started from a dump of a migrated store: initdb for every test store took minutes of a run.
    const store = await freshMemoryStore();
    return { ...store, dispose: () => store.close() };
  }
  const database = await createTestDatabase();
  const store = openStore({ databaseUrl: database.url, poolSize: 12 });
  await migrateToLatest(store.db);
  return {
    ...store,
    url: database.url,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
}
