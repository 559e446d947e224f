import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';
import { verifyPassword } from '../../src/server/auth/passwords.ts';
import { openStore } from '../../src/store/db.ts';

describe('koppla user', () => {
  const dir = mkdtempSync(join(tmpdir(), 'koppla-users-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...args: string[]) => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await buildProgram().parseAsync(['node', 'koppla', ...args, '--data-dir', dir]);
    } finally {
      spy.mockRestore();
    }
    return out.join('');
  };

  it('adds users with a role, refuses a duplicate or a bad role, lists and removes them', async () => {
    expect(await run('user', 'add', 'anna', '--role', 'operator', '--password', 'long-enough-1')).toContain(
      'anna (operator)',
    );
    await expect(
      run('user', 'add', 'anna', '--role', 'viewer', '--password', 'long-enough-2'),
    ).rejects.toThrow(/already exists/);
    await expect(run('user', 'add', 'bo', '--role', 'admin', '--password', 'long-enough-3')).rejects.toThrow(
      /--role must be/,
    );
    await expect(run('user', 'add', 'bo', '--role', 'viewer', '--password', 'short')).rejects.toThrow(
      /at least 8/,
    );
    expect(await run('user', 'add', 'bo', '--role', 'viewer', '--password', 'long-enough-4')).toContain(
      'bo (viewer)',
    );
    const list = await run('user', 'list');
    expect(list).toMatch(/anna\toperator/);
    expect(list).toMatch(/bo\tviewer/);
    expect(await run('user', 'remove', 'bo')).toContain('removed');

    const store = openStore({ dataDir: join(dir, 'pglite') });
    try {
      const rows = await store.db.selectFrom('users').selectAll().execute();
      expect(rows.map((r) => r.username)).toEqual(['anna']);
      expect(await verifyPassword(rows[0]!.password_hash, 'long-enough-1')).toBe(true);
    } finally {
      await store.close();
    }
  });
});
