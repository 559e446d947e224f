// Two processes on one embedded data directory corrupt it: the second opener is refused with a
// message naming the holder, and a holder that died is taken over from.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../../src/store/data-dir-lock.ts';
import { openStore } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

const fixture = new URL('../fixtures/hold-store.ts', import.meta.url).pathname;
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'koppla-lock-'));
  dirs.push(dir);
  return join(dir, 'pglite');
}

function holdInChild(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('open')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded data directory lock', () => {
  it('refuses a second store on the directory in the same process until the first is closed', async () => {
    const dataDir = freshDir();
    const first = openStore({ dataDir });
    await migrateToLatest(first.db);
    expect(() => openStore({ dataDir })).toThrow(DataDirInUseError);
    expect(() => openStore({ dataDir })).toThrow(new RegExp(`in use by process ${process.pid}`));
    await first.close();
    expect(existsSync(join(dataDir, 'koppla.lock'))).toBe(false);
    const again = openStore({ dataDir });
    await again.db.selectFrom('jobs').select('id').execute();
    await again.close();
  });

  it('refuses while another process holds it, and takes over once that process is killed', async () => {
    const dataDir = freshDir();
    const holder = await holdInChild(dataDir);
    try {
      expect(() => openStore({ dataDir })).toThrow(
        new RegExp(`in use by process ${holder.pid} .*hold-store`),
      );
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // The killed holder left its lock file; its process is gone, so the lock is taken over.
    expect(existsSync(join(dataDir, 'koppla.lock'))).toBe(true);
    const store = openStore({ dataDir });
    try {
      // The holder's migrations are there: the directory was opened, not replaced.
      expect(await store.db.selectFrom('jobs').select('id').execute()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
