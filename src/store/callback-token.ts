// The per-connection callback token: a random value kept (encrypted) in the secret store and put
// in the path of the callback URL registered with Specter. Specter's own ring key is a fixed md5
// of the shared secret per call type, so anyone who saw one ring could send it again for ever; a
// ring must also carry this token, which can be rotated without changing the Specter account.
import { randomBytes } from 'node:crypto';
import type { SecretStore } from './secrets.ts';

export const CALLBACK_TOKEN_NAME = 'callback-token';

export function newCallbackToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The stored token, or a new one (stored) when there is none or `rotate` is set. Processes that
 * start together agree on one token: the first to store it wins and the others read it back.
 */
export async function ensureCallbackToken(
  secrets: SecretStore,
  connectionId: string,
  options: { rotate?: boolean } = {},
): Promise<string> {
  if (options.rotate) {
    const token = newCallbackToken();
    await secrets.put(connectionId, CALLBACK_TOKEN_NAME, token);
    return token;
  }
  const existing = await secrets.get(connectionId, CALLBACK_TOKEN_NAME);
  if (existing) return existing;
  await secrets.putIfAbsent(connectionId, CALLBACK_TOKEN_NAME, newCallbackToken());
  return (await secrets.get(connectionId, CALLBACK_TOKEN_NAME))!;
}

/**
 * The URL to register with Specter: `<base>/callbacks/specter/<connection>/<token>` (a path prefix
 * in the base, as behind a proxy, is kept).
 */
export function callbackUrl(baseUrl: string, connectionId: string, token?: string): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/callbacks/specter/${encodeURIComponent(connectionId)}`;
  return token === undefined ? url : `${url}/${token}`;
}
