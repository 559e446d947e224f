// A fresh, migrated embedded-store directory for one benchmark child, and its removal. The first
// one is created by a child process (initdb takes seconds); later ones are copies of it.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { runChild } from './emulators.ts';

let template: Promise<string> | undefined;

function templateDir(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'koppla-bench-template-'));
    await runChild('store-init-child.ts', [dir]);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return template;
}

export async function preparedStoreDir(): Promise<{ dataDir: string; remove: () => void }> {
  const source = await templateDir();
  const dataDir = mkdtempSync(join(tmpdir(), 'koppla-bench-store-'));
  cpSync(source, dataDir, { recursive: true });
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

let memoryTemplate: Promise<Blob> | undefined;

/**
 * A fresh, migrated in-memory embedded store, loaded from a dump of the first one: creating a
 * PGlite database (initdb) takes 2.5-4 s, loading a dump about 0.6 s, and the queue benchmark
 * opens a dozen of them.
 */
export async function freshMemoryStore(): Promise<Store> {
  memoryTemplate ??= (async () => {
    const first = openStore({ dataDir: 'memory://' });
    await migrateToLatest(first.db);
    try {
      if (!first.dumpDataDir) throw new Error('the embedded store cannot be dumped');
      return await first.dumpDataDir();
    } finally {
      await first.close();
    }
  })();
  return openStore({ dataDir: 'memory://', loadDataDir: await memoryTemplate });
}
