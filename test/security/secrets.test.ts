// Connection secrets at rest: AES-256-GCM with the key from the environment or a key file,
// tamper detection, binding to connection and name, rotation, and clear errors for missing keys.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSecret } from '../../src/config/resolve-secret.ts';
import {
  decryptSecret,
  encryptSecret,
  loadKeyring,
  parseKeyList,
  type SecretKey,
  SecretStore,
} from '../../src/store/secrets.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

const key = (id: string): SecretKey => ({ id, key: randomBytes(32) });
const keyText = (k: SecretKey) => `${k.id}:${k.key.toString('base64')}`;
const VALUE = 'S3cr3t-Specter-key-åäö-XYZ';

describe('secret cipher', () => {
  it('round-trips, with a fresh IV each time, and the ciphertext does not contain the value', () => {
    const k = key('k1');
    const a = encryptSecret(VALUE, k, 'ctx');
    const b = encryptSecret(VALUE, k, 'ctx');
    expect(a).not.toBe(b);
    expect(a).not.toContain(VALUE);
    expect(Buffer.from(a.split('.')[3]!, 'base64').toString('utf8')).not.toContain('S3cr3t');
    expect(decryptSecret(a, k, 'ctx')).toBe(VALUE);
  });

  it('detects tampering with the body, the tag or the IV, and a wrong key or context', () => {
    const k = key('k1');
    const sealed = encryptSecret(VALUE, k, 'ctx');
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index]!, 'base64');
      bytes[0] = bytes[0]! ^ 1;
      const tampered = parts.map((p, i) => (i === index ? bytes.toString('base64') : p)).join('.');
      expect(() => decryptSecret(tampered, k, 'ctx')).toThrow(/failed authentication|Malformed/);
    }
    expect(() => decryptSecret(sealed, key('k1'), 'ctx')).toThrow(/failed authentication/);
    expect(() => decryptSecret(sealed, k, 'other')).toThrow(/failed authentication/);
    expect(() => decryptSecret('garbage', k, 'ctx')).toThrow(/Malformed/);
  });

  it('still reads ciphertexts written before they were bound to a context', () => {
    const k = key('k1');
    expect(decryptSecret(encryptSecret(VALUE, k), k, 'any')).toBe(VALUE);
  });
});

describe('keyring', () => {
  const dir = mkdtempSync(join(tmpdir(), 'koppla-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads KOPPLA_SECRET_KEYS (first = current) or a key file', () => {
    const [a, b] = [key('new'), key('old')];
    const fromEnv = loadKeyring({ KOPPLA_SECRET_KEYS: `${keyText(a)},${keyText(b)}` });
    expect(fromEnv.insecureDefault).toBe(false);
    expect(fromEnv.keys.map((k) => k.id)).toEqual(['new', 'old']);
    const file = join(dir, 'keys');
    writeFileSync(file, `${keyText(a)}\n${keyText(b)}\n`);
    expect(loadKeyring({ KOPPLA_SECRET_KEY_FILE: file }).keys[1]!.key.equals(b.key)).toBe(true);
  });

  it('refuses short keys, duplicate ids, a missing key file; flags the demo default', () => {
    expect(() => parseKeyList(`k1:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parseKeyList('k1')).toThrow(/id:base64key/);
    expect(() => parseKeyList(`${keyText(key('a'))},${keyText(key('a'))}`)).toThrow(/unique/);
    expect(() => loadKeyring({ KOPPLA_SECRET_KEY_FILE: join(dir, 'nope') })).toThrow(
      /cannot be read: ENOENT/,
    );
    expect(loadKeyring({}).insecureDefault).toBe(true);
  });
});

describe('SecretStore', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore('pglite');
  });
  afterAll(() => store.dispose());

  it('keeps only ciphertext in the database and decrypts it again', async () => {
    const k1 = key('k1');
    const secrets = new SecretStore(store.db, [k1]);
    await secrets.put('acme', 'specter-key', VALUE);
    const row = await store.db
      .selectFrom('secrets')
      .selectAll()
      .where('connection_id', '=', 'acme')
      .executeTakeFirstOrThrow();
    expect(row.key_id).toBe('k1');
    expect(JSON.stringify(row)).not.toContain(VALUE);
    expect(await secrets.get('acme', 'specter-key')).toBe(VALUE);
    expect(await secrets.get('acme', 'nothing')).toBeUndefined();
  });

  it("refuses a ciphertext moved onto another connection's secret", async () => {
    const secrets = new SecretStore(store.db, [key('k1')]);
    await secrets.put('acme', 'token', 'acme-token-value');
    await secrets.put('bolaget', 'token', 'bolaget-token-value');
    const acme = await store.db
      .selectFrom('secrets')
      .select('ciphertext')
      .where('connection_id', '=', 'acme')
      .where('name', '=', 'token')
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable('secrets')
      .set({ ciphertext: acme.ciphertext })
      .where('connection_id', '=', 'bolaget')
      .where('name', '=', 'token')
      .execute();
    await expect(secrets.get('bolaget', 'token')).rejects.toThrow(
      /bolaget: Secret ciphertext failed authentication/,
    );
  });

  it('rotates: re-encrypts with the newest key, after which the old key can go', async () => {
    const [k1, k2] = [key('k1'), key('k2')];
    await store.db.deleteFrom('secrets').execute();
    const before = new SecretStore(store.db, [k1]);
    await before.put('acme', 'a', 'value-a');
    await before.put('bolaget', 'b', 'value-b');
    const both = new SecretStore(store.db, [k2, k1]);
    expect(await both.get('acme', 'a')).toBe('value-a');
    expect(await both.rotate()).toBe(2);
    expect(await both.rotate()).toBe(0);
    const rows = await store.db.selectFrom('secrets').select('key_id').execute();
    expect(rows.map((r) => r.key_id)).toEqual(['k2', 'k2']);
    const onlyNew = new SecretStore(store.db, [k2]);
    expect(await onlyNew.get('bolaget', 'b')).toBe('value-b');
    // The old key alone no longer opens anything, and says why.
    await expect(new SecretStore(store.db, [k1]).get('acme', 'a')).rejects.toThrow(
      /encrypted with key "k2", which is not configured/,
    );
  });

  it('resolves { secret: NAME } through the store, and names a missing one without any value', async () => {
    const secrets = new SecretStore(store.db, [key('k1')]);
    await secrets.put('acme', 'magento-password', 'pw-from-store');
    const context = { connectionId: 'acme', path: 'shops[0].magento.auth.password', secrets };
    expect(await resolveSecret({ secret: 'magento-password' }, context)).toBe('pw-from-store');
    await expect(resolveSecret({ secret: 'missing' }, context)).rejects.toThrow(
      'shops[0].magento.auth.password: secret "missing" is not stored for connection acme (koppla secret set)',
    );
    await expect(resolveSecret({ env: 'KOPPLA_TEST_UNSET_VAR' }, { ...context, env: {} })).rejects.toThrow(
      /KOPPLA_TEST_UNSET_VAR is not set/,
    );
  });
});
