// A fresh, migrated embedded-store directory for one benchmark child, and its removal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from './emulators.ts';

export async function preparedStoreDir(): Promise<{ dataDir: string; remove: () => void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'koppla-bench-store-'));
  await runChild('store-init-child.ts', [dataDir]);
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
