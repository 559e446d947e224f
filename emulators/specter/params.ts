import { isUtf8 } from 'node:buffer';

/**
 * Request parameters of a classic-ASP style call: query string and form body merged, names
 * case-insensitive (ASP `Request()` semantics), values decoded from UTF-8 or, when the bytes are
 * not valid UTF-8, from ISO-8859-1 (P1 sends Latin-1, L1 sends UTF-8).
 */
export class Params {
  private readonly values = new Map<string, { name: string; value: string }>();
  /**
   * The values of the `name_N` params by N, then by lower-cased name: a 200-article call is some
   * 2,400 params, read field by field, and a look-up by N and a short constant name spares
   * building, lower-casing and hashing `name_N` for each one.
   */
  private readonly rows = new Map<number, Map<string, string>>();

  /** Earlier sources win: pass the query first (ASP looks at QueryString before Form). */
  constructor(...sources: Array<Array<[string, string]>>) {
    for (const source of sources) {
      for (const [name, value] of source) {
        const key = name.toLowerCase();
        if (this.values.has(key)) continue;
        this.values.set(key, { name, value });
        const row = rowIndex(key);
        if (row === undefined) continue;
        const fields = this.rows.get(row.index);
        if (fields) fields.set(row.name, value);
        else this.rows.set(row.index, new Map([[row.name, value]]));
      }
    }
  }

  /** `get(\`${name}_${index}\`)`: the value of row `index`'s field, or undefined when absent or empty. */
  at(name: string, index: number): string | undefined {
    return present(this.rows.get(index)?.get(lowerCased(name)));
  }

  /** The value, or undefined when absent or empty. */
  get(name: string): string | undefined {
    return present(this.values.get(name.toLowerCase())?.value);
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  /** Boolean flag: `1` / `true` / `yes` (case-insensitive). */
  flag(name: string): boolean {
    const v = this.get(name)?.toLowerCase();
    return v === '1' || v === 'true' || v === 'yes';
  }

  /** Indexed params `prefix_N`, sorted by N. */
  indexed(prefix: string): Array<{ index: number; value: string }> {
    const re = new RegExp(`^${prefix.toLowerCase()}_(\\d+)$`);
    const out: Array<{ index: number; value: string }> = [];
    for (const [key, { value }] of this.values) {
      const m = re.exec(key);
      if (m && value !== '') out.push({ index: Number(m[1]), value });
    }
    return out.sort((a, b) => a.index - b.index);
  }

  /** All params with their original names (for the request log and tests). */
  entries(): Array<[string, string]> {
    return [...this.values.values()].map(({ name, value }) => [name, value]);
  }
}

/** A param's value as the actions see it: an empty one counts as absent. */
function present(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/** `name_N` split into name and N, when N is written as a plain number (no sign, no leading zero). */
function rowIndex(key: string): { name: string; index: number } | undefined {
  const underscore = key.lastIndexOf('_');
  if (underscore < 0 || underscore === key.length - 1) return undefined;
  const digits = key.slice(underscore + 1);
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  if (digits.length > 1 && digits.charCodeAt(0) === 48) return undefined;
  const index = Number(digits);
  return Number.isSafeInteger(index) ? { name: key.slice(0, underscore), index } : undefined;
}

/** Field names are a few constants: each is lower-cased once. */
const lowerNames = new Map<string, string>();
function lowerCased(name: string): string {
  let lower = lowerNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerNames.size < 1_000) lowerNames.set(name, lower);
  }
  return lower;
}

/** Parse `a=1&b=%E5` into pairs, decoding each value's bytes as UTF-8 or Latin-1. */
export function parseUrlEncoded(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeComponent(rawName), decodeComponent(rawValue)]);
  }
  return pairs;
}

/** A `%` not followed by two hex digits of an ASCII byte (00-7F). */
const NON_ASCII_OR_BARE_ESCAPE = /%(?![0-7][0-9a-fA-F])/;
/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function decodeComponent(raw: string): string {
  const text = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  // Most values are plain or escape only ASCII bytes: their decoding is the text itself, or what
  // decodeURIComponent gives (the same bytes, read as UTF-8). Text that is not well-formed UTF-16
  // takes the byte path, which reads a lone surrogate as U+FFFD.
  if (!LONE_SURROGATE.test(text)) {
    if (!text.includes('%')) return text;
    if (!NON_ASCII_OR_BARE_ESCAPE.test(text)) return decodeURIComponent(text);
  }
  return decodeBytes(percentBytes(text));
}

/**
 * The bytes a percent-encoded text stands for. Written into one buffer: a value of Latin-1 escapes
 * (how the clients send Swedish text) took a JavaScript number per byte, then a copy.
 */
function percentBytes(s: string): Buffer {
  // At most three UTF-8 bytes per UTF-16 unit (a surrogate pair's four bytes cover two units).
  const bytes = Buffer.allocUnsafe(s.length * 3);
  let length = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const high = code === 37 /* % */ ? hexValue(s.charCodeAt(i + 1)) : -1;
    const low = high >= 0 ? hexValue(s.charCodeAt(i + 2)) : -1;
    if (low >= 0) {
      bytes[length++] = high * 16 + low;
      i += 2;
    } else if (code < 0x80) {
      bytes[length++] = code;
    } else {
      // A character outside ASCII, with its surrogate pair when it has one: its UTF-8 bytes.
      const wide = code >= 0xd800 && code <= 0xdbff && i + 1 < s.length ? 2 : 1;
      length += bytes.write(s.slice(i, i + wide), length, 'utf8');
      i += wide - 1;
    }
  }
  return bytes.subarray(0, length);
}

/** The value of a hex digit's character code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * UTF-8 when the bytes are valid UTF-8, otherwise ISO-8859-1 (each byte its own character). The
 * check does not throw: most Latin-1 values would otherwise cost an exception each.
 */
export function decodeBytes(bytes: Buffer): string {
  if (!isUtf8(bytes)) return bytes.toString('latin1');
  const text = bytes.toString('utf8');
  // A leading byte order mark is dropped, as a decoder reading UTF-8 text does.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parse a decimal that may use a comma (accepted on input whatever the output setting). */
export function parseDecimal(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = value.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}
