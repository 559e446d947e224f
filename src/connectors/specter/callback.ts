// Specter's doorbell calls to the shop URL: `calltype` 1-5 [K: P1] with `orderNo` / `orderId` /
// `invoiceId`, and the [P] verification key `md5(md5key + sbmId + calltype)`. Pure: the HTTP
// receiver lives in the server and passes the query in.

import { timingSafeEqual } from 'node:crypto';
import { PermanentError } from '../../domain/errors.ts';
import { CALLBACK_CALL_TYPES } from './assumptions.ts';
import { md5Hex } from './key.ts';

export type CallbackQuery = Record<string, string | string[] | undefined>;

export type SpecterCallType = (typeof CALLBACK_CALL_TYPES)[keyof typeof CALLBACK_CALL_TYPES];

export interface SpecterCallback {
  callType: SpecterCallType;
  orderNo?: string;
  orderId?: string;
  invoiceId?: string;
}

/** A query value by case-insensitive name (ASP-style), first value of a repeated param. */
function param(query: CallbackQuery, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() !== wanted) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first.trim() !== '') return first.trim();
  }
  return undefined;
}

/**
 * True when the call carries our account's sbmId (if it names one) and a key equal to
 * md5(md5key + sbmId + calltype). Comparison is constant-time.
 */
export function verifyCallbackKey(query: CallbackQuery, md5key: string, sbmId: number): boolean {
  const callType = param(query, 'calltype');
  const key = param(query, 'key')?.toLowerCase();
  const claimedSbmId = param(query, 'sbmId');
  if (!callType || !key) return false;
  if (claimedSbmId !== undefined && claimedSbmId !== String(sbmId)) return false;
  const expected = Buffer.from(md5Hex(`${md5key}${sbmId}${callType}`));
  const given = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function parseCallback(query: CallbackQuery): SpecterCallback {
  const raw = param(query, 'calltype');
  const callType = raw ? CALLBACK_CALL_TYPES[raw as keyof typeof CALLBACK_CALL_TYPES] : undefined;
  if (!callType) {
    throw new PermanentError(`Specter callback has an unknown calltype "${raw ?? ''}" (expected 1-5)`, {
      code: 'specter-callback-calltype',
      details: { calltype: raw },
    });
  }
  const orderNo = param(query, 'orderNo');
  const orderId = param(query, 'orderId');
  const invoiceId = param(query, 'invoiceId');
  return {
    callType,
    ...(orderNo ? { orderNo } : {}),
    ...(orderId ? { orderId } : {}),
    ...(invoiceId ? { invoiceId } : {}),
  };
}
