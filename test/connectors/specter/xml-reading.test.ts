import { describe, expect, it } from 'vitest';
import {
  childElements,
  field,
  findElements,
  findFirst,
  parseXml,
  textOf,
} from '../../../src/connectors/specter/xml.ts';

function parsed(text: string) {
  const result = parseXml(text);
  if (!result.ok) throw new Error(result.error);
  return result.doc;
}

describe('Specter XML reading', () => {
  it('reads values from attributes or child elements, whatever their case, attribute first', () => {
    const doc = parsed(
      '<?xml version="1.0" encoding="ISO-8859-1"?><Specter><Article PriceExclVat="10,50"><priceexclvat>99</priceexclvat><NAME> Ljus </NAME></Article></Specter>',
    );
    const article = findFirst(doc, 'article');
    expect(field(article, 'priceExclVat')).toBe('10,50');
    expect(field(article, 'name')).toBe('Ljus');
    expect(field(article, 'missing')).toBeUndefined();
  });

  it('keeps repeated elements in document order and does not descend into a match', () => {
    const doc = parsed(
      '<r><articles><article><articleNo>A</articleNo><article><articleNo>nested</articleNo></article></article><article><articleNo>B</articleNo></article></articles></r>',
    );
    const articles = findElements(doc, 'article');
    expect(articles.map((a) => field(a, 'articleNo'))).toEqual(['A', 'B']);
    expect(childElements(findFirst(doc, 'articles'), 'ARTICLE')).toHaveLength(2);
  });

  it('decodes entities and CDATA, and tells empty elements from attribute-only ones', () => {
    const doc = parsed('<r><a>Kaffe &amp; te &#229;</a><b><![CDATA[<x>]]></b><c/><d id="1"/></r>');
    expect(textOf(findFirst(doc, 'a'))).toBe('Kaffe & te å');
    expect(textOf(findFirst(doc, 'b'))).toBe('<x>');
    expect(textOf(findFirst(doc, 'c'))).toBe('');
    expect(textOf(findFirst(doc, 'd'))).toBeUndefined();
    expect(field(findFirst(doc, 'r'), 'd')).toBe('');
  });

  it('answers an error with its position for a document that is not well-formed', () => {
    for (const broken of ['<r><a></r>', '<r>fish & chips</r>', '<r a="1" a="2"/>', 'plain text', '<r>']) {
      const result = parseXml(broken);
      expect(result.ok, broken).toBe(false);
      if (!result.ok) expect(result.error, broken).toMatch(/\S/);
    }
    const mismatch = parseXml('<r>\n<a>\n</b></r>');
    expect(mismatch.ok).toBe(false);
    if (!mismatch.ok) expect(mismatch.error).toMatch(/3:/);
  });

  it('expands no entity declared in a DOCTYPE, external or internal', () => {
    for (const declared of [
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><a>&x;</a></r>',
      '<!DOCTYPE r [<!ENTITY x "boom">]><r><a>&x;</a></r>',
    ]) {
      const result = parseXml(declared);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/undefined entity/);
    }
  });
});
