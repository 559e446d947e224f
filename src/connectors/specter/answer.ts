// Reads one Specter answer body into a uniform shape, whatever its form: the `result;id;message` text
// line [K: P1], text errors `0;<code>;<message>` [P], or XML with an `APIresponse` element somewhere
// inside [K: L1, P1]. Throws a SyncError for bodies that are neither (HTML pages, garbage).

import { PermanentError } from '../../domain/errors.ts';
import { API_RESPONSE } from './assumptions.ts';
import {
  type Detach,
  field,
  findFirst,
  type ParsedXml,
  parseXml,
  parseXmlYielding,
  type XmlElement,
} from './xml.ts';

export interface SpecterAnswer {
  format: 'text' | 'xml';
  ok: boolean;
  /** Specter's error code when `ok` is false. */
  code?: number;
  /** The new or matched id (`1;<id>;...`, or `APIresponse/id`). */
  id?: string;
  message: string;
  /** The parsed document of an XML answer (feeds, lists). */
  doc?: XmlElement;
  /** Further text lines after the first (text-mode feeds). */
  lines: string[];
}

function snippet(body: string): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function htmlTitle(body: string): string | undefined {
  return /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim() || undefined;
}

export function looksLikeHtml(body: string): boolean {
  return /^\s*(<!doctype\s+html|<html[\s>])/i.test(body) || /<body[\s>]/i.test(body.slice(0, 2000));
}

function unreadable(action: string, body: string, reason: string): PermanentError {
  return new PermanentError(
    `Specter's answer to ${action} could not be read (${reason}). It starts with: "${snippet(body)}"`,
    { code: 'specter-unreadable-response', details: { action, bodyStart: snippet(body) } },
  );
}

export function htmlPageError(action: string, body: string, status: number): PermanentError {
  const title = htmlTitle(body);
  return new PermanentError(
    `Specter answered ${action} with a web page instead of an API answer (HTTP ${status}${title ? `, "${title}"` : ''}). ` +
      'Check that the Specter base URL in the connection settings points at the API (https://api.specter.se/).',
    { code: 'specter-html-response', details: { action, status, title } },
  );
}

function parseTextAnswer(action: string, body: string): SpecterAnswer {
  const lines = body.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const first = lines[0]?.trim() ?? '';
  const [result, second = '', ...rest] = first.split(';');
  const message = rest.join(';').trim();
  if (result === '1') return { format: 'text', ok: true, id: second.trim(), message, lines: lines.slice(1) };
  if (result === '0' && /^\d+$/.test(second.trim())) {
    return { format: 'text', ok: false, code: Number(second.trim()), message, lines: lines.slice(1) };
  }
  throw unreadable(action, body, 'neither "1;id;message" nor "0;code;message"');
}

function readXmlAnswer(action: string, body: string, parsed: ParsedXml): SpecterAnswer {
  if (!parsed.ok) throw unreadable(action, body, `malformed XML: ${parsed.error}`);
  const response = findFirst(parsed.doc, API_RESPONSE.element);
  if (!response) return { format: 'xml', ok: true, message: '', doc: parsed.doc, lines: [] };
  const result = field(response, API_RESPONSE.result)?.trim();
  const codeText = field(response, API_RESPONSE.code)?.trim();
  const message = field(response, API_RESPONSE.message)?.trim() ?? '';
  const id = field(response, API_RESPONSE.id)?.trim() || undefined;
  const ok = result === '1' || (result === undefined && !codeText);
  if (!ok && !(codeText && /^\d+$/.test(codeText))) {
    throw unreadable(action, body, 'APIresponse reports failure without a numeric code');
  }
  return {
    format: 'xml',
    ok,
    code: ok ? undefined : Number(codeText),
    id,
    message,
    doc: parsed.doc,
    lines: [],
  };
}

/** The body without byte order mark and surrounding space; HTML pages are refused here. */
function bodyText(action: string, body: string, status: number): string {
  if (looksLikeHtml(body)) throw htmlPageError(action, body, status);
  const trimmed = body.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw unreadable(action, body, 'empty body');
  return trimmed;
}

/** Parses any answer body. HTML and garbage become PermanentErrors with a readable message. */
export function parseSpecterAnswer(action: string, body: string, status = 200): SpecterAnswer {
  const text = bodyText(action, body, status);
  if (text.startsWith('<')) return readXmlAnswer(action, text, parseXml(text));
  return parseTextAnswer(action, text);
}

/**
 * parseSpecterAnswer for large answers: an XML body is parsed a slice at a time, letting the
 * event loop run between slices (parseXmlYielding), and with `detach` the elements it names are
 * handed over as they are parsed instead of kept in the document.
 */
export async function parseSpecterAnswerYielding(
  action: string,
  body: string,
  status = 200,
  detach?: Detach,
): Promise<SpecterAnswer> {
  const text = bodyText(action, body, status);
  if (text.startsWith('<')) return readXmlAnswer(action, text, await parseXmlYielding(text, detach));
  return parseTextAnswer(action, text);
}
