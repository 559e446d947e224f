import { TEXT_FIELD_SEPARATOR, XML } from './assumptions.ts';
import { encodeAnswer } from './charset.ts';
import { XmlWriter } from './xml-writer.ts';

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
 * (writes the children of the root element, `APIresponse` included). `code` is 0 for success, for
 * the log.
 */
export interface Reply {
  code: number;
  text(f: Fmt): string;
  xml(w: XmlWriter, f: Fmt): void;
}

/** Writes elements into the answer: extra `APIresponse` children, or the payload after it. */
export type XmlPart = (w: XmlWriter, f: Fmt) => void;

const field = (v: string | number) => String(v).replace(/[;\r\n]/g, ' ');

export function okReply(
  id: string | number,
  message: string,
  extra: { response?: XmlPart; payload?: XmlPart; lines?: (f: Fmt) => string } = {},
): Reply {
  return {
    code: 0,
    text: (f) => extra.lines?.(f) ?? ['1', field(id), field(message)].join(TEXT_FIELD_SEPARATOR),
    xml: (w, f) => {
      w.start(XML.response).leaf('result', 1).leaf('id', String(id)).leaf('message', message);
      extra.response?.(w, f);
      w.end();
      extra.payload?.(w, f);
    },
  };
}

export function errorReply(code: number, message: string, id?: string | number): Reply {
  return {
    code,
    text: () => ['0', String(code), field(message)].join(TEXT_FIELD_SEPARATOR),
    xml: (w) => {
      w.start(XML.response).leaf('result', 0).leaf('code', code).leaf('message', message);
      if (id !== undefined) w.leaf('id', String(id));
      w.end();
    },
  };
}

export interface Serialised {
  body: Buffer;
  contentType: string;
}

export function serialise(reply: Reply, asXml: boolean, utf8: boolean, f: Fmt): Serialised {
  const charset = utf8 ? 'utf-8' : 'iso-8859-1';
  let text: string;
  if (asXml) {
    const w = new XmlWriter();
    w.start(XML.root);
    reply.xml(w, f);
    w.end();
    text = `<?xml version="1.0" encoding="${utf8 ? 'UTF-8' : 'ISO-8859-1'}"?>${w.toString()}`;
  } else {
    text = reply.text(f);
  }
  return {
    body: encodeAnswer(text, utf8),
    contentType: `${asXml ? 'text/xml' : 'text/plain'}; charset=${charset}`,
  };
}
