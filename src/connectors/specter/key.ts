// The request key of section 1.2: key = md5(outer + md5(inner + sbmId + X)), lower-case hex.
// v2: outer = IntegrationKey, inner = ApiUserKey; v1: outer = MD5 Key 2, inner = MD5 Key 1.
// The digest is taken over the bytes that go on the wire (Latin-1 by default, as P1 converts every
// value to ISO-8859-1 before hashing), so a name like "Åsa Öberg" hashes the same on both sides.

import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';

export type WireEncoding = 'latin1' | 'utf8';

export function md5Hex(value: string, encoding: WireEncoding = 'latin1'): string {
  return createHash('md5').update(iconv.encode(value, encoding)).digest('hex');
}

export interface KeyInput {
  innerKey: string;
  outerKey: string;
  sbmId: number | string;
  /** The call-specific salt X (batchNo, customerId, first articleNo, customer name...). */
  salt: string;
  encoding?: WireEncoding;
}

export function computeRequestKey(input: KeyInput): string {
  const encoding = input.encoding ?? 'latin1';
  const inner = md5Hex(`${input.innerKey}${input.sbmId}${input.salt}`, encoding);
  return md5Hex(`${input.outerKey}${inner}`, encoding);
}

/** Whitespace runs collapse to one space and the ends are trimmed, as the customer-name salt demands. */
export function normalizeNameSalt(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/**
 * Salt X of newCustomerSubmit: the company name for organisational form C, "first last" for a person.
 */
export function customerNameSalt(fields: Readonly<Record<string, string | undefined>>): string {
  if (fields.customerOrganizationalForm === 'C') return normalizeNameSalt(fields.name ?? '');
  return normalizeNameSalt(`${fields.firstName ?? ''} ${fields.surName ?? ''}`);
}
