// A fresh, migrated embedded-store directory for one benchmark child, and its removal. The first
// one is created by a child process (initdb takes seconds); later ones are copies of it.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
