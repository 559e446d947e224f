import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { CODES, type ErrorCode } from './assumptions.ts';
import type { Account, ApiUser } from './types.ts';

const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

/**
 * [K] key = md5(outer + md5(inner + sbmId + X)); v2: outer IntegrationKey, inner ApiUserKey;
 * v1: outer Key 2, inner Key 1. The inner text is hashed as Latin-1 (P1) or UTF-8 (L1): both accepted.
 */
export function requestKey(
  outer: string,
  inner: string,
  sbmId: number | string,
  x: string,
  encoding: 'latin1' | 'utf8',
): string {
  const innerText = `${inner}${sbmId}${x}`;
  const innerBytes =
    encoding === 'latin1' ? iconv.encode(innerText, 'latin1') : Buffer.from(innerText, 'utf8');
  return md5(Buffer.from(`${outer}${md5(innerBytes)}`, 'utf8'));
}

export type AuthOutcome = { ok: true; apiUser?: ApiUser } | { ok: false; code: ErrorCode; message: string };

/** Which API user the call speaks for; undefined apiUserId in v2 means the first one. */
export function resolveApiUser(account: Account, apiUserIdParam: string | undefined): AuthOutcome {
  if (account.credentials.apiVersion === 1) return { ok: true };
  if (apiUserIdParam === undefined) return { ok: true, apiUser: account.credentials.apiUsers[0] };
  const user = account.credentials.apiUsers.find((u) => String(u.apiUserId) === apiUserIdParam.trim());
  if (!user) return { ok: false, code: CODES.unknownAccount, message: `Unknown apiUserId ${apiUserIdParam}` };
  return { ok: true, apiUser: user };
}

export function verifyKey(account: Account, apiUser: ApiUser | undefined, x: string, key: string): boolean {
  const c = account.credentials;
  const [outer, inner] = c.apiVersion === 1 ? [c.key2!, c.key1!] : [c.integrationKey!, apiUser!.apiUserKey];
  const given = key.trim().toLowerCase();
  return (
    given === requestKey(outer, inner, account.sbmId, x, 'latin1') ||
    given === requestKey(outer, inner, account.sbmId, x, 'utf8')
  );
}

/** Callback signature: md5(secret + sbmId + calltype) [P]. */
export function callbackKey(secret: string, sbmId: number, calltype: number): string {
  return md5(Buffer.from(`${secret}${sbmId}${calltype}`, 'utf8'));
}
