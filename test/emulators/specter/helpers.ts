import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';

/**
 * A deliberately small, independent test client: computes keys from the formula in the notes
 * (not from the emulator's code), encodes Latin-1 or UTF-8, parses text and XML answers.
 */
export const md5hex = (data: string | Buffer): string => createHash('md5').update(data).digest('hex');

export interface Creds {
  sbmId: number;
  /** v2: integrationKey; v1: key2 */
  outer: string;
  /** v2: apiUserKey; v1: key1 */
  inner: string;
  apiUserId?: number;
}

export const DEFAULT_CREDS: Creds = {
  sbmId: 1001,
  outer: 'demo-integration-key',
  inner: 'demo-api-user-key',
  apiUserId: 7,
};

export function keyFor(c: Creds, x: string, encoding: 'latin1' | 'utf8' = 'latin1'): string {
  const inner = `${c.inner}${c.sbmId}${x}`;
  return md5hex(
    `${c.outer}${md5hex(encoding === 'latin1' ? iconv.encode(inner, 'latin1') : Buffer.from(inner, 'utf8'))}`,
  );
}

export function encodeForm(params: Record<string, string | number>, encoding: 'latin1' | 'utf8'): string {
  return Object.entries(params)
    .map(([k, v]) => {
      const bytes =
        encoding === 'latin1' ? iconv.encode(String(v), 'latin1') : Buffer.from(String(v), 'utf8');
      const enc = [...bytes]
        .map((b) =>
          /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
            ? String.fromCharCode(b)
            : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
        )
        .join('');
      return `${encodeURIComponent(k)}=${enc}`;
    })
    .join('&');
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  encoding?: 'latin1' | 'utf8';
  /** answers are Latin-1 unless the emulator runs with utf8 */
  answerEncoding?: 'latin1' | 'utf8';
}

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** Routing params in the query string, the rest in a form body (as P1 does) or all in the query (L1). */
export async function call(
  baseUrl: string,
  script: 'getInfo' | 'putInfo',
  query: Record<string, string | number>,
  form: Record<string, string | number> = {},
  opts: CallOptions = {},
): Promise<RawAnswer> {
  const encoding = opts.encoding ?? 'latin1';
  const method = opts.method ?? (Object.keys(form).length > 0 ? 'POST' : 'GET');
  const all = method === 'GET' ? { ...query, ...form } : query;
  const url = `${baseUrl}/${script}.asp?${encodeForm(all, encoding)}`;
  const res = await fetch(url, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: method === 'POST' ? encodeForm(form, encoding) : undefined,
  });
  const buf = Buffer.from(await res.arrayBuffer());
  const ct = res.headers.get('content-type') ?? '';
  const text = ct.includes('utf-8') ? buf.toString('utf8') : iconv.decode(buf, 'latin1');
  return { status: res.status, contentType: ct, text };
}

export function parseText(text: string): { result: string; id: string; message: string } {
  const [result = '', id = '', ...rest] = text.split(';');
  return { result, id, message: rest.join(';') };
}

const ARRAYS = new Set([
  'article',
  'stock',
  'order',
  'delivery',
  'invoice',
  'row',
  'price',
  'priceList',
  'webshop',
]);
export const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ARRAYS.has(name),
});

// biome-ignore lint/suspicious/noExplicitAny: parsed XML is checked by the schemas and the assertions
export type Xml = any;

export function parseXml(text: string): Xml {
  return xmlParser.parse(text);
}

/** A signed call: computes the key from salt `x`. */
export function signed(
  c: Creds,
  action: string,
  x: string,
  extra: Record<string, string | number> = {},
): Record<string, string | number> {
  return {
    action,
    sbmId: c.sbmId,
    ...(c.apiUserId !== undefined ? { apiUserId: c.apiUserId } : {}),
    key: keyFor(c, x),
    ...extra,
  };
}

export async function json<T = Xml>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(
  fn: () => T | Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`waitFor timed out; last value ${JSON.stringify(v)}`);
    await sleep(20);
  }
}

/** Calls with one set of credentials against one emulator. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly creds: Creds = DEFAULT_CREDS,
  ) {}

  get(action: string, x: string, extra: Record<string, string | number> = {}, opts: CallOptions = {}) {
    return call(this.baseUrl, 'getInfo', signed(this.creds, action, x, extra), {}, opts);
  }

  put(
    action: string,
    x: string,
    query: Record<string, string | number>,
    form: Record<string, string | number>,
    opts: CallOptions = {},
  ) {
    return call(this.baseUrl, 'putInfo', signed(this.creds, action, x, query), form, opts);
  }

  /** A feed read in XML, parsed. */
  async feed(action: string, batchNo: string, extra: Record<string, string | number> = {}): Promise<Xml> {
    return parseXml((await this.get(action, batchNo, { batchNo, useXML: 2, ...extra })).text).specter;
  }

  async ack(action: string, batchNo: string, extra: Record<string, string | number> = {}) {
    return parseText((await this.get(action, batchNo, { batchNo, ...extra })).text);
  }

  async customer(fields: Record<string, string | number>, query: Record<string, string | number> = {}) {
    const x =
      fields.customerOrganizationalForm === 'P'
        ? `${fields.firstName} ${fields.surName}`
        : String(fields.name);
    return parseText((await this.put('newCustomerSubmit', x, { useXML: 1, ...query }, fields)).text);
  }

  async order(
    customerId: string | number,
    form: Record<string, string | number>,
    query: Record<string, string | number> = {},
  ) {
    return parseText(
      (await this.put('newOrderSubmit', String(customerId), { useXML: 1, ...query }, { customerId, ...form }))
        .text,
    );
  }
}

export function textLines(text: string): string[][] {
  return text === '' ? [] : text.split('\r').map((l) => l.split(';'));
}
