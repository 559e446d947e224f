// Opens the store: PGlite in a data directory by default, PostgreSQL when DATABASE_URL (or an
// explicit url) is given. Both are driven through the same Kysely schema and migrations.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { EmbeddedMaintenance } from './embedded-maintenance.ts';
import { PreparingPGliteDialect } from './pglite-dialect.ts';
import { queryStatsFromEnv } from './query-stats.ts';
import type { Database } from './schema.ts';

export type StoreBackend = 'pglite' | 'postgres';

export interface StoreOptions {
  /** postgres://... ; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` keeps it in memory (tests). Default ./data/pglite */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /**
   * A dump of a data directory to start the embedded database from (PGlite's `dumpDataDir`)
   * instead of creating a new one: a fresh in-memory store in well under a second, where creating
   * one (initdb) takes seconds. For benchmarks and tests that open many fresh stores.
   */
  loadDataDir?: Blob;
}

export interface Store {
  db: Kysely<Database>;
  backend: StoreBackend;
  close(): Promise<void>;
  /** The embedded database's data directory as a tarball, to start other stores from (`loadDataDir`). */
  dumpDataDir?(): Promise<Blob>;
}

/**
 * The embedded database reads its files through Node's file system, so the kernel's page cache
 * already holds what it read: PGlite's default buffer pool of 128 MB kept a second copy of the
 * same pages in the process and added about 100 MB to its RSS from the start (a 50,000-article
 * sync from Magento: peak RSS 380-415 MB with 128 MB, 273-297 MB with 32 MB, in the same time).
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=32MB'];

export function openStore(options: StoreOptions = {}): Store {
  const stats = queryStatsFromEnv();
  const log = stats ? (event: Parameters<typeof stats.log>[0]) => stats.log(event) : undefined;
  // Kysely's destroy does nothing for an instance that never ran a query, so the database under
  // it is closed here too: a store loaded from a dump and closed unused kept its embedded database
  // open (answering statements, keeping the process alive), and a PostgreSQL pool stayed usable.
  const closeWith = (db: Kysely<Database>, closeDatabase: () => Promise<void>) => async () => {
    await db.destroy();
    await closeDatabase();
    stats?.write();
  };
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
    // A dropped connection must not crash the process; the next query gets a fresh one.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    const close = closeWith(db, async () => {
      if (!pool.ended) await pool.end();
    });
    return { db, backend: 'postgres', close };
  }
  const dataDir = options.dataDir ?? resolve('data', 'pglite');
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  const lite = new PGlite(dataDir, {
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PreparingPGliteDialect(lite), log });
  const maintenance = new EmbeddedMaintenance(db);
  maintenance.start();
  const close = closeWith(db, async () => {
    if (!lite.closed) await lite.close();
  });
  return {
    db,
    backend: 'pglite',
    dumpDataDir: () => lite.dumpDataDir('none'),
    close: async () => {
      try {
        await maintenance.stop();
        await close();
      } finally {
        unlock();
      }
    },
  };
}
