// Fresh, migrated in-memory embedded stores for benchmarks and tests, which open many. Creating a
// PGlite database (initdb) takes 2.5-4 s on the development machine; loading a dump of a migrated
// one about 0.6 s. The first store of a process is created and migrated, then dumped; every store
// after it, and that first one too, starts from the dump.
import { openStore, type Store } from './db.ts';
import { migrateToLatest } from './migrate.ts';

let migratedDump: Promise<Blob> | undefined;

async function dumpOfMigratedStore(): Promise<Blob> {
  const first = openStore({ dataDir: 'memory://' });
  try {
    await migrateToLatest(first.db);
    if (!first.dumpDataDir) throw new Error('the embedded store cannot be dumped');
    return await first.dumpDataDir();
  } finally {
    await first.close();
  }
}

export async function freshMemoryStore(): Promise<Store> {
  migratedDump ??= dumpOfMigratedStore();
  return openStore({ dataDir: 'memory://', loadDataDir: await migratedDump });
}
