// Connection secrets encrypted at rest with AES-256-GCM (authenticated: a tampered ciphertext fails
// to decrypt instead of yielding garbage). Keys come from KOPPLA_SECRET_KEYS ("id:base64,id:base64",
// first = current) or a key file; older keys stay listed so rotation can re-encrypt at leisure.
// Each ciphertext is bound to its connection and name (GCM associated data), so a row copied onto
// another secret's place fails to decrypt instead of handing one connection another's secret.
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
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new Error('Secret key ids must be unique');
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
    let text: string;
    try {
      text = readFileSync(env.KOPPLA_SECRET_KEY_FILE, 'utf8');
    } catch (error) {
      throw new Error(
        `KOPPLA_SECRET_KEY_FILE ${env.KOPPLA_SECRET_KEY_FILE} cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
    return { keys: parseKeyList(text), insecureDefault: false };
  }
  const key = createHash('sha256').update('koppla-demo-key: set KOPPLA_SECRET_KEYS in production').digest();
  return { keys: [{ id: 'demo', key }], insecureDefault: true };
}

/** Ciphertexts bound to a context start with this; older ones (no prefix) have none. */
const BOUND = 'v2';

/** The associated data that ties a ciphertext to one secret of one connection. */
export function secretContext(connectionId: string, name: string): string {
  return `koppla-secret\u0000${connectionId}\u0000${name}`;
}

export function encryptSecret(plaintext: string, key: SecretKey, context?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64'));
  return (context !== undefined ? [BOUND, ...parts] : parts).join('.');
}

export function decryptSecret(ciphertext: string, key: SecretKey, context?: string): string {
  const parts = ciphertext.split('.');
  const bound = parts[0] === BOUND;
  if (bound && context === undefined) throw new Error('This secret ciphertext needs its context');
  const [iv, tag, body] = (bound ? parts.slice(1) : parts).map((part) => Buffer.from(part, 'base64'));
  if (!iv || !tag || !body || iv.length !== 12 || tag.length !== 16)
    throw new Error('Malformed secret ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
  if (bound) decipher.setAAD(Buffer.from(context!, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    // GCM's own message ("Unsupported state or unable to authenticate data") says little.
    throw new Error('Secret ciphertext failed authentication (tampered, moved, or the wrong key)');
  }
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
      ciphertext: encryptSecret(value, current, secretContext(connectionId, name)),
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

  /** Stores the value unless the secret exists; true when it was stored. */
  async putIfAbsent(connectionId: string, name: string, value: string): Promise<boolean> {
    const current = this.keys[0]!;
    const result = await this.db
      .insertInto('secrets')
      .values({
        connection_id: connectionId,
        name,
        key_id: current.id,
        ciphertext: encryptSecret(value, current, secretContext(connectionId, name)),
        updated_at: new Date(),
      })
      .onConflict((oc) => oc.columns(['connection_id', 'name']).doNothing())
      .returning('name')
      .executeTakeFirst();
    return result !== undefined;
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
    try {
      return decryptSecret(row.ciphertext, key, secretContext(connectionId, name));
    } catch (error) {
      throw new Error(`Secret "${name}" of connection ${connectionId}: ${(error as Error).message}`);
    }
  }

  /** Names (never values) of the stored secrets, with the key each is encrypted with. */
  async list(
    connectionId?: string,
  ): Promise<{ connectionId: string; name: string; keyId: string; updatedAt: Date }[]> {
    let query = this.db.selectFrom('secrets').select(['connection_id', 'name', 'key_id', 'updated_at']);
    if (connectionId) query = query.where('connection_id', '=', connectionId);
    const rows = await query.orderBy('connection_id').orderBy('name').execute();
    return rows.map((r) => ({
      connectionId: r.connection_id,
      name: r.name,
      keyId: r.key_id,
      updatedAt: new Date(r.updated_at),
    }));
  }

  async remove(connectionId: string, name: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('secrets')
      .where('connection_id', '=', connectionId)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Re-encrypts with the current key every secret that is under an older key or not yet bound to
   * its context; returns how many changed. Afterwards the older keys can be dropped.
   */
  async rotate(): Promise<number> {
    const current = this.keys[0]!;
    const rows = await this.db
      .selectFrom('secrets')
      .selectAll()
      .where((eb) => eb.or([eb('key_id', '<>', current.id), eb('ciphertext', 'not like', `${BOUND}.%`)]))
      .execute();
    for (const row of rows) {
      const value = await this.get(row.connection_id, row.name);
      if (value !== undefined) await this.put(row.connection_id, row.name, value);
    }
    return rows.length;
  }
}
