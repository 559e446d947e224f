import iconv from 'iconv-lite';

/**
 * Request parameters of a classic-ASP style call: query string and form body merged, names
 * case-insensitive (ASP `Request()` semantics), values decoded from UTF-8 or, when the bytes are
 * not valid UTF-8, from ISO-8859-1 (P1 sends Latin-1, L1 sends UTF-8).
 */
export class Params {
  private readonly values = new Map<string, { name: string; value: string }>();

  /** Earlier sources win: pass the query first (ASP looks at QueryString before Form). */
  constructor(...sources: Array<Array<[string, string]>>) {
    for (const source of sources) {
      for (const [name, value] of source) {
        const key = name.toLowerCase();
        if (!this.values.has(key)) this.values.set(key, { name, value });
      }
    }
  }

  /** The value, or undefined when absent or empty. */
  get(name: string): string | undefined {
    const v = this.values.get(name.toLowerCase())?.value;
    return v === undefined || v === '' ? undefined : v;
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

export function decodeComponent(raw: string): string {
  return decodeBytes(percentBytes(raw.replace(/\+/g, ' ')));
}

function percentBytes(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeBytes(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return iconv.decode(bytes, 'latin1');
  }
}

/** Parse a decimal that may use a comma (accepted on input whatever the output setting). */
export function parseDecimal(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = value.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}
