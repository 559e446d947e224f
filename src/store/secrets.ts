// Connection secrets encrypted at rest with AES-256-GCM (authenticated: a tampered ciphertext fails
// to decrypt instead of yielding garbage). Keys come from KOPPLA_SECRET_KEYS ("id:base64,id:base64",
// first = current) or a key file; older keys stay listed so rotation can re-encrypt at leisure.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface SecretKey {
  id: string;
  key: Buffer;
}

export function parseKeyList(text: string): SecretKey[] {
  const keys = text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [id, encoded] = part.split(':');
      if (!id || !encoded) throw new Error('Secret keys must be written as id:base64key');
      const key = Buffer.from(encoded, 'base64');
      if (key.length !== 32)
        throw new Error(`Secret key "${id}" must be 32 bytes (base64 of 32 random bytes)`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error('No secret key given');
  return keys;
}

/**
 * The keyring from the environment or a key file. Without either, a key derived from a fixed
 * phrase is used and flagged, so the demo runs with no setup while `doctor` warns about it.
 */
export function loadKeyring(env: NodeJS.ProcessEnv = process.env): {
  keys: SecretKey[];
  insecureDefault: boolean;
} {
  if (env.KOPPLA_SECRET_KEYS) return { keys: parseKeyList(env.KOPPLA_SECRET_KEYS), insecureDefault: false };
  if (env.KOPPLA_SECRET_KEY_FILE) {
    return { keys: parseKeyList(readFileSync(env.KOPPLA_SECRET_KEY_FILE, 'utf8')), insecureDefault: false };
  }
  const key = createHash('sha256').update('koppla-demo-key: set KOPPLA_SECRET_KEYS in production').digest();
  return { keys: [{ id: 'demo', key }], insecureDefault: true };
}

export function encryptSecret(plaintext: string, key: SecretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
}

export function decryptSecret(ciphertext: string, key: SecretKey): string {
  const [iv, tag, body] = ciphertext.split('.').map((part) => Buffer.from(part, 'base64'));
  if (!iv || !tag || !body) throw new Error('Malformed secret ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

export class SecretStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keys: SecretKey[],
  ) {}

  async put(connectionId: string, name: string, value: string): Promise<void> {
    const current = this.keys[0]!;
    const row = {
      connection_id: connectionId,
      name,
      key_id: current.id,
      ciphertext: encryptSecret(value, current),
      updated_at: new Date(),
    };
    await this.db
      .insertInto('secrets')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['connection_id', 'name']).doUpdateSet({
          key_id: row.key_id,
          ciphertext: row.ciphertext,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async get(connectionId: string, name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('secrets')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) return undefined;
    const key = this.keys.find((k) => k.id === row.key_id);
    if (!key)
      throw new Error(
        `Secret "${name}" of connection ${connectionId} was encrypted with key "${row.key_id}", which is not configured`,
      );
    return decryptSecret(row.ciphertext, key);
  }

  /** Re-encrypts every secret with the current key; returns how many changed. */
  async rotate(): Promise<number> {
    const current = this.keys[0]!;
    const rows = await this.db.selectFrom('secrets').selectAll().where('key_id', '<>', current.id).execute();
    for (const row of rows) {
      const value = await this.get(row.connection_id, row.name);
      if (value !== undefined) await this.put(row.connection_id, row.name, value);
    }
    return rows.length;
  }
}
