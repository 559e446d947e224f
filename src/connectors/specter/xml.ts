// XML reading that does not depend on the root element or on whether a value sits in an attribute
// or a child element: the root names are a guess ([P] `<specter>`), and the notes show the same kind
// of value both ways (article `name` as a child, `priceExclVat` as an attribute).
//
// Names are matched case-insensitively, so the tree is built with lower-cased names once, while
// parsing (saxes: a strict streaming parser), and every look-up compares names. An initial sync
// reads tens of megabytes of article pages; a generic object tree searched key by key spent most
// of that sync's CPU time.

import { SaxesParser } from 'saxes';

/**
 * One element: attributes and children by lower-cased name, children grouped in first-seen order.
 * Both are flat arrays searched from the start: an element has a handful of attributes and child
 * names, for which that beats a Map, and a page of articles makes over a million elements, whose
 * allocation is most of the parse's cost. Most elements hold only text, so the arrays are made
 * when the first attribute or child arrives.
 */
export class XmlElement {
  /** Attribute names and values, alternating: name, value, name, value. */
  attributes: string[] | undefined = undefined;
  /** Child names and the children of that name, alternating: name, list, name, list. */
  children: (string | XmlElement[])[] | undefined = undefined;
  /** Trimmed text content (text and CDATA directly inside this element, joined). */
  text = '';

  /** The attribute's value by lower-cased name. */
  attribute(key: string): string | undefined {
    const list = this.attributes;
    if (!list) return undefined;
    for (let i = 0; i < list.length; i += 2) if (list[i] === key) return list[i + 1];
    return undefined;
  }

  /** The children with this lower-cased name, or undefined when there are none. */
  named(key: string): XmlElement[] | undefined {
    const list = this.children;
    if (!list) return undefined;
    for (let i = 0; i < list.length; i += 2) if (list[i] === key) return list[i + 1] as XmlElement[];
    return undefined;
  }

  /** Appends a child under its lower-cased name. */
  add(key: string, child: XmlElement): void {
    const siblings = this.named(key);
    if (siblings) siblings.push(child);
    else if (this.children) this.children.push(key, [child]);
    else this.children = [key, [child]];
  }

  /** Each group of children: its lower-cased name and the children of that name. */
  *groups(): Generator<[string, XmlElement[]]> {
    const list = this.children;
    if (!list) return;
    for (let i = 0; i < list.length; i += 2) yield [list[i] as string, list[i + 1] as XmlElement[]];
  }
}

/**
 * Elements to hand over one by one instead of keeping them in the tree: each element with this
 * name (and what is inside it) goes to `take` as soon as it closes, and is not attached to its
 * parent. A page of a thousand articles is then never a tree of a thousand articles: each one is
 * garbage once taken, while the young generation still holds it, which is what the collector
 * handles cheaply (a whole page's tree outlived collections and was copied, then promoted).
 */
export interface Detach {
  name: string;
  /** Called before parsing starts: a call repeated after a failed attempt parses a body again. */
  start(): void;
  take(element: XmlElement): void;
}

export type ParsedXml = { ok: true; doc: XmlElement } | { ok: false; error: string };

/**
 * Parses XML into a document element whose only child is the root element, or returns an error
 * text (with line and column) when the document is not well-formed. With `detach`, the elements
 * it names are handed over as they close (see Detach); a document that turns out malformed has
 * had some handed over, so a caller collects them and uses them only when parsing succeeds.
 */
export function parseXml(text: string, detach?: Detach): ParsedXml {
  const steps = parseSteps(text, detach, text.length);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Characters parsed between two turns of the event loop (parseXmlYielding): about 1 ms of work. */
const SLICE_CHARS = 32 * 1024;

/**
 * parseXml for large answers, letting the event loop run every SLICE_CHARS characters: a page of
 * a thousand articles takes tens of milliseconds to parse, and answers to other requests (which
 * hold a lane until they are read) would wait that long behind it.
 */
export async function parseXmlYielding(text: string, detach?: Detach): Promise<ParsedXml> {
  const steps = parseSteps(text, detach, SLICE_CHARS);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Parses `text` a slice at a time, yielding between slices; returns the result. */
function* parseSteps(
  text: string,
  detach: Detach | undefined,
  sliceChars: number,
): Generator<void, ParsedXml> {
  const doc = new XmlElement();
  const stack: XmlElement[] = [doc];
  const wanted = detach?.name.toLowerCase();
  /** Depth in `stack` of the element being detached; 0 while none is open. */
  let detachedAt = 0;
  detach?.start();
  const parser = new SaxesParser();
  let failure: string | undefined;
  parser.on('error', (error) => {
    failure ??= error.message;
  });
  parser.on('opentag', (tag) => {
    const element = new XmlElement();
    for (const name in tag.attributes) {
      const value = tag.attributes[name] as string;
      if (element.attributes) element.attributes.push(name.toLowerCase(), value);
      else element.attributes = [name.toLowerCase(), value];
    }
    const key = tag.name.toLowerCase();
    if (detachedAt === 0 && key === wanted) {
      detachedAt = stack.length;
      stack.push(element);
      return;
    }
    (stack[stack.length - 1] as XmlElement).add(key, element);
    stack.push(element);
  });
  const addText = (value: string) => {
    const trimmed = value.trim();
    if (trimmed === '') return;
    const current = stack[stack.length - 1] as XmlElement;
    current.text = current.text === '' ? trimmed : current.text + trimmed;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const element = stack.pop() as XmlElement;
    if (detachedAt !== 0 && stack.length === detachedAt) {
      detachedAt = 0;
      detach?.take(element);
    }
  });
  try {
    for (let at = 0; at < text.length && failure === undefined; at += sliceChars) {
      if (at > 0) yield;
      parser.write(text.slice(at, at + sliceChars));
    }
    if (failure === undefined) parser.close();
  } catch (error) {
    failure ??= error instanceof Error ? error.message : String(error);
  }
  if (failure !== undefined) return { ok: false, error: failure };
  if (!doc.children) return { ok: false, error: 'the document has no root element' };
  return { ok: true, doc };
}

/** Direct child elements with this name (case-insensitive). */
export function childElements(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.named(name.toLowerCase()) ?? [];
}

/** All elements with this name at any depth, not descending into a match (case-insensitive). */
export function findElements(node: XmlElement | undefined, name: string): XmlElement[] {
  const wanted = name.toLowerCase();
  const found: XmlElement[] = [];
  const visit = (element: XmlElement): void => {
    for (const [key, children] of element.groups()) {
      if (key === wanted) {
        for (const child of children) found.push(child);
      } else {
        for (const child of children) visit(child);
      }
    }
  };
  if (node) visit(node);
  return found;
}

export function findFirst(node: XmlElement | undefined, name: string): XmlElement | undefined {
  return findElements(node, name)[0];
}

/**
 * The shallowest element with this name (case-insensitive), level by level: for a value that sits
 * near the root of a large answer (a page's total beside its thousand articles), the articles'
 * insides are never visited when it is there.
 */
export function findShallowest(node: XmlElement | undefined, name: string): XmlElement | undefined {
  const wanted = name.toLowerCase();
  let level: XmlElement[] = node ? [node] : [];
  while (level.length > 0) {
    const next: XmlElement[] = [];
    for (const element of level) {
      const match = element.named(wanted);
      if (match) return match[0];
      for (const [, children] of element.groups()) for (const child of children) next.push(child);
    }
    level = next;
  }
  return undefined;
}

/**
 * The text of an element: undefined for an element that only holds attributes or children, ''
 * for an empty one.
 */
export function textOf(element: XmlElement | undefined): string | undefined {
  if (!element) return undefined;
  if (element.text !== '') return element.text;
  return element.attributes || element.children ? undefined : '';
}

/** A value given as attribute or as child element text (case-insensitive), attribute first. */
export function field(element: XmlElement | undefined, name: string): string | undefined {
  if (!element) return undefined;
  const wanted = name.toLowerCase();
  const attribute = element.attribute(wanted);
  if (attribute !== undefined) return attribute;
  const child = element.named(wanted)?.[0];
  return child ? (textOf(child) ?? '') : undefined;
}
