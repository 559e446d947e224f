// How values travel: form/query encoding in Latin-1 (or UTF-8), response decoding, and Specter's
// decimals (clients send a point; answers may use a Swedish decimal comma).

import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { WireEncoding } from './key.ts';

const ALL_UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

/** `%XX` for every byte, and the byte itself for the unreserved ASCII ones. */
const BYTE_ESCAPES = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return byte < 0x80 && ALL_UNRESERVED.test(char)
    ? char
    : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

/** Percent-encodes the bytes of `value` in the wire encoding (every non-unreserved byte escaped). */
export function encodeFormComponent(value: string, encoding: WireEncoding): string {
  // Article numbers, ids and decimals are mostly plain ASCII: nothing to escape, nothing to encode.
  if (ALL_UNRESERVED.test(value)) return value;
  const bytes = iconv.encode(value, encoding);
  let out = '';
  for (const byte of bytes) out += BYTE_ESCAPES[byte];
  return out;
}

export type FormParams = Record<string, string>;

/**
 * Form fields in the order they are added. A batch of 200 articles is some 2,400 fields: as keys
 * of an object each one is a dictionary insert, and encoding them copied them out again (half of
 * a from-Magento sync's encoding time). Serialised as JSON (an attempt log) it is the object of its
 * fields, like FormParams.
 */
export class FormList {
  readonly names: string[] = [];
  readonly values: string[] = [];

  add(name: string, value: string): void {
    this.names.push(name);
    this.values.push(value);
  }

  toJSON(): FormParams {
    const out: FormParams = {};
    for (let i = 0; i < this.names.length; i++) out[this.names[i]!] = this.values[i]!;
    return out;
  }
}

export type FormFields = FormParams | FormList;

/** The fields' names, in order. */
export function formFieldNames(fields: FormFields): string[] {
  return fields instanceof FormList ? [...fields.names] : Object.keys(fields);
}

export function encodeForm(params: FormFields, encoding: WireEncoding): string {
  let out = '';
  const pair = (name: string, value: string) => {
    if (out !== '') out += '&';
    out += `${encodeFormComponent(name, encoding)}=${encodeFormComponent(value, encoding)}`;
  };
  if (params instanceof FormList) {
    for (let i = 0; i < params.names.length; i++) pair(params.names[i]!, params.values[i]!);
  } else {
    for (const name of Object.keys(params)) pair(name, params[name]!);
  }
  return out;
}

function declaredCharset(contentType: string | null, head: string): string | undefined {
  const fromHeader = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  return /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1]?.toLowerCase();
}

/**
 * Latin-1 unless the answer is valid UTF-8 and says so (header charset or XML declaration), or the
 * account is configured for UTF-8 and the bytes are valid UTF-8. Invalid UTF-8 that claims to be UTF-8
 * is read as Latin-1: that is what a Latin-1 server behind a wrongly configured proxy produces.
 */
export function decodeResponseBody(
  bytes: Uint8Array,
  contentType: string | null,
  encoding: WireEncoding,
): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = declaredCharset(contentType, head);
  const saysUtf8 = declared === 'utf-8' || declared === 'utf8';
  if ((saysUtf8 || encoding === 'utf8') && isUtf8(bytes)) {
    return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  }
  // Node decodes ISO-8859-1 natively (each byte is the code point).
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * Reads "1234.50", "1234,50", "1 234,50" and "1.234,50". With both separators present the last one
 * is the decimal separator. Empty or unreadable text gives null.
 */
/** A plain decimal as Specter mostly writes it: digits with one comma or point ("1458,80"). */
const PLAIN_DECIMAL = /^-?\d+(?:[.,]\d+)?$/;

export function parseDecimal(text: string | undefined | null): number | null {
  if (text === undefined || text === null) return null;
  // A feed page holds several prices per article: the common form skips the general reading.
  if (PLAIN_DECIMAL.test(text)) return Number(text.replace(',', '.'));
  let cleaned = String(text)
    .trim()
    .replace(/[\s\u00a0]/g, '');
  if (cleaned === '') return null;
  const lastComma = cleaned.lastIndexOf(',');
  const lastPoint = cleaned.lastIndexOf('.');
  if (lastComma >= 0 && lastPoint >= 0) {
    const decimalSeparator = lastComma > lastPoint ? ',' : '.';
    const groupSeparator = decimalSeparator === ',' ? '.' : ',';
    cleaned = cleaned.split(groupSeparator).join('').replace(decimalSeparator, '.');
  } else if (lastComma >= 0) {
    cleaned = cleaned.replace(',', '.');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** A point-decimal without exponent and without trailing zeros ("79.92", "-7.2", "3"). */
export function formatDecimal(value: number, maxDecimals = 10): string {
  if (!Number.isFinite(value)) throw new Error(`Cannot send ${value} as a decimal to Specter`);
  const fixed = value.toFixed(maxDecimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}
