/**
 * Writes an XML document straight into a string. The answers used to go through a generic
 * object-to-XML builder; a catalogue page of 1,000 articles spent ~40 ms there, most of the
 * emulator's CPU time during an initial sync. Writing the few shapes the emulator answers needs
 * only elements, attributes and text.
 *
 * The output keeps the builder's conventions byte for byte, so answers did not change:
 * - an element without content is written `<x></x>`, never `<x/>`;
 * - an `undefined` attribute or text element is left out;
 * - text escapes & < > only (a single quote stays literal: P1 finds the open batch number of a
 *   code-99 message between single quotes), attribute values also " and ' (as &quot; and &apos;);
 * - tab, line feed and carriage return are written as they are.
 * Two things are written differently, both of which made the answer not well-formed XML (a strict
 * parser such as the client's rejects it): an attribute whose value is the text `true` keeps its
 * value (the builder wrote a bare attribute name), and characters XML 1.0 does not allow at all
 * (control characters other than tab, LF, CR; U+FFFE, U+FFFF) are written as `?`, as the Latin-1
 * encoding writes characters it cannot represent. Lone surrogates are left to the encoder (UTF-8
 * writes U+FFFD, Latin-1 `?`).
 */

export type XmlValue = string | number;

/** Characters XML 1.0 does not allow: C0 controls other than tab, LF, CR; U+FFFE and U+FFFF. */
const NOT_XML = '\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF';
// The patterns only look for characters that need work; most values have none and are written as
// they are.
const TEXT_SPECIAL = new RegExp(`[&<>${NOT_XML}]`);
const TEXT_SPECIAL_ALL = new RegExp(`[&<>${NOT_XML}]`, 'g');
const ATTR_SPECIAL = new RegExp(`[&<>"'${NOT_XML}]`);
const ATTR_SPECIAL_ALL = new RegExp(`[&<>"'${NOT_XML}]`, 'g');

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const entity = (ch: string): string => ENTITIES[ch] ?? '?';

/** A number as the builder wrote it: String(), except that -0 keeps its sign. */
const numberText = (n: number): string => (Object.is(n, -0) ? '-0' : String(n));

export function escapeText(value: XmlValue): string {
  if (typeof value === 'number') return numberText(value);
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_SPECIAL_ALL, entity) : value;
}

export function escapeAttribute(value: XmlValue): string {
  if (typeof value === 'number') return numberText(value);
  return ATTR_SPECIAL.test(value) ? value.replace(ATTR_SPECIAL_ALL, entity) : value;
}

/**
 * `start` opens an element, `attr` adds attributes until the element gets content, `leaf` writes an
 * element holding only text, `end` closes the innermost open element. Names are the emulator's own
 * (never request data), so they are written as given.
 */
export class XmlWriter {
  private out = '';
  private readonly open: string[] = [];
  /** The last start tag still lacks its `>` (attributes may follow). */
  private tagOpen = false;

  start(name: string): this {
    this.closeTag();
    this.out += `<${name}`;
    this.open.push(name);
    this.tagOpen = true;
    return this;
  }

  attr(name: string, value: XmlValue | undefined): this {
    if (!this.tagOpen) throw new Error(`attribute ${name} written after the element's content`);
    if (value !== undefined) this.out += ` ${name}="${escapeAttribute(value)}"`;
    return this;
  }

  leaf(name: string, value: XmlValue | undefined): this {
    if (value === undefined) return this;
    this.closeTag();
    this.out += `<${name}>${escapeText(value)}</${name}>`;
    return this;
  }

  end(): this {
    const name = this.open.pop();
    if (name === undefined) throw new Error('end() without an open element');
    this.closeTag();
    this.out += `</${name}>`;
    return this;
  }

  /** The document so far; every element must be closed. */
  toString(): string {
    if (this.open.length > 0) throw new Error(`unclosed element <${this.open[this.open.length - 1]}>`);
    return this.out;
  }

  private closeTag(): void {
    if (this.tagOpen) {
      this.out += '>';
      this.tagOpen = false;
    }
  }
}
