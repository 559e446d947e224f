// `koppla secret set|list|rotate|callback-url` and `koppla user grant|revoke`, run in-process
// against an embedded store in a temporary folder.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';
import { openStore } from '../../src/store/db.ts';
import { parseKeyList, SecretStore } from '../../src/store/secrets.ts';

const newKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const VALUE = 'S3cr3t-from-stdin-XYZ';

describe('koppla secret and koppla user grant', () => {
  const dir = mkdtempSync(join(tmpdir(), 'koppla-secret-cli-'));
  const saved = { stdin: process.stdin, keys: process.env.KOPPLA_SECRET_KEYS };
  afterEach(() => {
    Object.defineProperty(process, 'stdin', { value: saved.stdin, configurable: true });
  });
  afterAll(() => {
    if (saved.keys === undefined) delete process.env.KOPPLA_SECRET_KEYS;
    else process.env.KOPPLA_SECRET_KEYS = saved.keys;
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (args: string[], stdin?: string) => {
    if (stdin !== undefined)
      Object.defineProperty(process, 'stdin', { value: Readable.from([stdin]), configurable: true });
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

  const storedWith = async (keys: string) => {
    const store = openStore({ dataDir: `${dir}/pglite` });
    try {
      return await new SecretStore(store.db, parseKeyList(keys)).get('acme', 'specter-key');
    } finally {
      await store.close();
    }
  };

  it('refuses to store a secret under the public demo key', async () => {
    delete process.env.KOPPLA_SECRET_KEYS;
    await expect(run(['secret', 'set', 'acme', 'specter-key'], `${VALUE}\n`)).rejects.toThrow(
      /No encryption key: set KOPPLA_SECRET_KEYS/,
    );
  });

  it('stores a value read from stdin, lists names only, rotates to the newest key', async () => {
    const k1 = newKey('k1');
    process.env.KOPPLA_SECRET_KEYS = k1;
    const set = await run(['secret', 'set', 'acme', 'specter-key'], `${VALUE}\n`);
    expect(set).toContain('Secret specter-key of acme stored (encrypted)');
    expect(set).not.toContain(VALUE);
    const list = await run(['secret', 'list']);
    expect(list).toMatch(/acme\tspecter-key\tkey k1/);
    expect(list).not.toContain(VALUE);
    expect(await storedWith(k1)).toBe(VALUE);

    const k2 = newKey('k2');
    process.env.KOPPLA_SECRET_KEYS = `${k2},${k1}`;
    expect(await run(['secret', 'rotate'])).toContain('1 secret(s) re-encrypted with the newest key');
    expect(await run(['secret', 'list'])).toMatch(/acme\tspecter-key\tkey k2/);
    expect(await storedWith(k2)).toBe(VALUE);
  });

  it('prints a callback URL with a token, the same until rotated', async () => {
    const first = await run(['secret', 'callback-url', 'acme', '--base', 'https://koppla.example.com/']);
    expect(first).toMatch(/^https:\/\/koppla\.example\.com\/callbacks\/specter\/acme\/[A-Za-z0-9_-]{32}\n$/);
    expect(await run(['secret', 'callback-url', 'acme', '--base', 'https://koppla.example.com'])).toBe(first);
    const rotated = await run([
      'secret',
      'callback-url',
      'acme',
      '--base',
      'https://koppla.example.com',
      '--rotate',
    ]);
    expect(rotated).not.toBe(first);
  });

  it('limits a user to connections, revokes, and restores every connection', async () => {
    await run(['user', 'add', 'anna', '--role', 'viewer', '--password', 'long-enough-1']);
    expect(await run(['user', 'grant', 'anna', 'acme', 'bolaget'])).toContain('anna sees: acme, bolaget');
    expect(await run(['user', 'list'])).toMatch(/anna\tviewer\tacme,bolaget/);
    expect(await run(['user', 'revoke', 'anna', 'acme', 'bolaget'])).toContain('anna sees: nothing');
    expect(await run(['user', 'grant', 'anna', '--all'])).toContain('anna sees: every connection');
    await expect(run(['user', 'revoke', 'anna', 'acme'])).rejects.toThrow(/sees every connection/);
  });
});
