// XML reading that does not depend on the root element or on whether a value sits in an attribute
// or a child element: the root names are a guess ([P] `<specter>`), and the notes show the same kind
// of value both ways (article `name` as a child, `priceExclVat` as an attribute).

import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlElement = Record<string, unknown>;

const ATTRIBUTE_PREFIX = '@_';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Parses XML, or returns an error text when the document is not well-formed. */
export function parseXml(text: string): { ok: true; doc: XmlElement } | { ok: false; error: string } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, error: `${valid.err.msg} (line ${valid.err.line})` };
  return { ok: true, doc: parser.parse(text) as XmlElement };
}

function asElement(value: unknown): XmlElement {
  if (value !== null && typeof value === 'object') return value as XmlElement;
  return { '#text': value === undefined || value === null ? '' : String(value) };
}

function isElementKey(key: string): boolean {
  return !key.startsWith(ATTRIBUTE_PREFIX) && key !== '#text';
}

/** Direct child elements with this name (case-insensitive). */
export function childElements(element: XmlElement | undefined, name: string): XmlElement[] {
  if (!element) return [];
  const wanted = name.toLowerCase();
  const found: XmlElement[] = [];
  for (const [key, value] of Object.entries(element)) {
    if (!isElementKey(key) || key.toLowerCase() !== wanted) continue;
    for (const item of Array.isArray(value) ? value : [value]) found.push(asElement(item));
  }
  return found;
}

/** All elements with this name at any depth, not descending into a match (case-insensitive). */
export function findElements(node: unknown, name: string): XmlElement[] {
  const wanted = name.toLowerCase();
  const found: XmlElement[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as XmlElement)) {
      if (!isElementKey(key)) continue;
      if (key.toLowerCase() === wanted) {
        for (const item of Array.isArray(child) ? child : [child]) found.push(asElement(item));
      } else {
        visit(child);
      }
    }
  };
  visit(node);
  return found;
}

export function findFirst(node: unknown, name: string): XmlElement | undefined {
  return findElements(node, name)[0];
}

/** The text of an element. */
export function textOf(element: XmlElement | undefined): string | undefined {
  if (!element) return undefined;
  const text = element['#text'];
  return text === undefined ? undefined : String(text);
}

/** A value given as attribute or as child element text (case-insensitive), attribute first. */
export function field(element: XmlElement | undefined, name: string): string | undefined {
  if (!element) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith(ATTRIBUTE_PREFIX) && key.slice(ATTRIBUTE_PREFIX.length).toLowerCase() === wanted) {
      return String(value);
    }
  }
  const child = childElements(element, name)[0];
  return child ? (textOf(child) ?? '') : undefined;
}
