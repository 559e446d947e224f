import { XMLBuilder } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { TEXT_FIELD_SEPARATOR, XML } from './assumptions.ts';

/** Number formatting of answers: the decimal separator is a switch (decimalComma). */
export interface Fmt {
  money(n: number): string;
  weight(n: number): string;
  qty(n: number): string;
}

export function makeFmt(decimalComma: boolean): Fmt {
  const sep = (s: string) => (decimalComma ? s.replace('.', ',') : s);
  return {
    money: (n) => sep(n.toFixed(2)),
    weight: (n) => sep(n.toFixed(3)),
    qty: (n) => sep(String(Math.round(n * 1000) / 1000)),
  };
}

/**
 * What an action answers, in both forms: `text` (plain `result;id;message` or feed lines) and `xml`
 * (the children of the root element, `APIresponse` included). `code` is 0 for success, for the log.
 */
export interface Reply {
  code: number;
  text(f: Fmt): string;
  xml(f: Fmt): Record<string, unknown>;
}

const field = (v: string | number) => String(v).replace(/[;\r\n]/g, ' ');

export function okReply(
  id: string | number,
  message: string,
  extra: {
    response?: (f: Fmt) => Record<string, unknown>;
    payload?: (f: Fmt) => Record<string, unknown>;
    lines?: (f: Fmt) => string;
  } = {},
): Reply {
  return {
    code: 0,
    text: (f) => extra.lines?.(f) ?? ['1', field(id), field(message)].join(TEXT_FIELD_SEPARATOR),
    xml: (f) => ({
      [XML.response]: { result: 1, id: String(id), message, ...(extra.response?.(f) ?? {}) },
      ...(extra.payload?.(f) ?? {}),
    }),
  };
}

export function errorReply(code: number, message: string, id?: string | number): Reply {
  return {
    code,
    text: () => ['0', String(code), field(message)].join(TEXT_FIELD_SEPARATOR),
    xml: () => ({
      [XML.response]: { result: 0, code, message, ...(id !== undefined ? { id: String(id) } : {}) },
    }),
  };
}

/**
 * Values are escaped by `escapeTree`, not by the builder: the builder would also turn `'` into
 * `&apos;`, and P1 looks for the open batch number between literal single quotes.
 */
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  format: false,
  processEntities: false,
});

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

function escapeTree(node: unknown, isAttr = false): unknown {
  if (typeof node === 'string') return isAttr ? escapeAttr(node) : escapeText(node);
  if (Array.isArray(node)) return node.map((n) => escapeTree(n));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, escapeTree(v, k.startsWith('@_'))]));
  }
  return node;
}

export interface Serialised {
  body: Buffer;
  contentType: string;
}

export function serialise(reply: Reply, asXml: boolean, utf8: boolean, f: Fmt): Serialised {
  const charset = utf8 ? 'utf-8' : 'iso-8859-1';
  const text = asXml
    ? `<?xml version="1.0" encoding="${utf8 ? 'UTF-8' : 'ISO-8859-1'}"?>${builder.build({ [XML.root]: escapeTree(reply.xml(f)) })}`
    : reply.text(f);
  return {
    body: utf8 ? Buffer.from(text, 'utf8') : iconv.encode(text, 'latin1'),
    contentType: `${asXml ? 'text/xml' : 'text/plain'}; charset=${charset}`,
  };
}
