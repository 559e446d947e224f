import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { encodeAnswer, encodeLatin1 } from '../../../emulators/specter/charset.ts';
import { errorReply, makeFmt, okReply, serialise } from '../../../emulators/specter/reply.ts';
import { escapeAttribute, escapeText, XmlWriter } from '../../../emulators/specter/xml-writer.ts';
import { parseXml } from './helpers.ts';

/** Throws unless `xml` is well-formed (saxes is strict, as the Koppla client's parser). */
function assertWellFormed(xml: string): void {
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.write(xml).close();
  if (error) throw error;
}

describe('specter emulator: XML writer', () => {
  it('writes elements, attributes and text in call order', () => {
    const w = new XmlWriter();
    w.start('a').attr('x', 1).attr('y', 'two');
    w.leaf('b', 'text').start('c').leaf('d', 4).end();
    w.end();
    expect(w.toString()).toBe('<a x="1" y="two"><b>text</b><c><d>4</d></c></a>');
  });

  it('writes an element without content as <x></x>, never self-closing', () => {
    const w = new XmlWriter();
    w.start('root').start('empty').end().start('withAttr').attr('n', '').end().leaf('blank', '').end();
    expect(w.toString()).toBe('<root><empty></empty><withAttr n=""></withAttr><blank></blank></root>');
  });

  it('leaves out undefined attributes and text elements', () => {
    const w = new XmlWriter();
    w.start('a').attr('gone', undefined).attr('kept', 'k').leaf('gone', undefined).end();
    expect(w.toString()).toBe('<a kept="k"></a>');
  });

  it('escapes & < > in text and keeps quotes literal (P1 reads a batch number between single quotes)', () => {
    expect(escapeText(`Batch 'B1' & "x" <y> åäö`)).toBe(`Batch 'B1' &amp; "x" &lt;y&gt; åäö`);
    expect(escapeText('&amp;')).toBe('&amp;amp;');
  });

  it('escapes & < > " and \' in attribute values', () => {
    expect(escapeAttribute(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    const w = new XmlWriter();
    w.start('a').attr('v', `"quoted" & 'single'`).end();
    expect(parseXml(w.toString()).a['@_v']).toBe(`"quoted" & 'single'`);
  });

  it('writes characters XML does not allow as ?, and tab, LF, CR as they are', () => {
    expect(escapeText('a\x00b\x07c\x1Fd\uFFFEe\uFFFF')).toBe('a?b?c?d?e?');
    expect(escapeAttribute('x\x01y')).toBe('x?y');
    expect(escapeText('t\tl\nc\r')).toBe('t\tl\nc\r');
    const w = new XmlWriter();
    w.start('a').attr('v', 'x\x01"').leaf('b', 'bell\x07 & nul\x00').end();
    expect(() => assertWellFormed(w.toString())).not.toThrow();
  });

  it('writes an attribute whose value is "true" with its value (the old builder wrote a bare name)', () => {
    const w = new XmlWriter();
    w.start('a').attr('batchNo', 'true').end();
    expect(w.toString()).toBe('<a batchNo="true"></a>');
  });

  it('writes numbers as String() does, keeping the sign of -0', () => {
    expect(escapeText(12.5)).toBe('12.5');
    expect(escapeAttribute(-0)).toBe('-0');
    expect(escapeText(0)).toBe('0');
  });

  it('refuses misuse: attribute after content, end without start, unclosed elements', () => {
    expect(() => new XmlWriter().start('a').leaf('b', 1).attr('late', 1)).toThrow(
      /after the element's content/,
    );
    expect(() => new XmlWriter().end()).toThrow(/without an open element/);
    expect(() => new XmlWriter().start('a').start('b').end().toString()).toThrow(/unclosed element <a>/);
  });
});

describe('specter emulator: answer encoding', () => {
  it('encodes Latin-1 exactly as iconv-lite did, ? for each UTF-16 unit outside Latin-1', () => {
    // every UTF-16 code unit, lone surrogates included
    let all = '';
    for (let c = 0; c <= 0xffff; c++) all += String.fromCharCode(c);
    expect(encodeLatin1(all).equals(iconv.encode(all, 'latin1'))).toBe(true);
    expect([...encodeLatin1('åäö€Ā😀')]).toEqual([0xe5, 0xe4, 0xf6, 0x3f, 0x3f, 0x3f, 0x3f]);
    expect(encodeLatin1('').length).toBe(0);
  });

  it('encodes UTF-8 with Node', () => {
    expect(encodeAnswer('åä€😀', true).equals(Buffer.from('åä€😀', 'utf8'))).toBe(true);
    expect(encodeAnswer('åä€', false).equals(Buffer.from([0xe5, 0xe4, 0x3f]))).toBe(true);
  });
});

describe('specter emulator: serialised answers', () => {
  const f = makeFmt(true);
  const reply = okReply(7, `Bröd & <smör> 'x' €`, {
    response: (w) => w.leaf('invoiceNo', 5),
    payload: (w, fmt) => {
      w.start('articles').attr('batchNo', `B"1'`);
      w.start('article').attr('priceExclVat', fmt.money(12.5)).leaf('name', 'Åsa & Öst').end();
      w.start('article').end();
      w.end();
    },
    lines: () => 'line;1',
  });

  it('writes the declaration, APIresponse and the payload in Latin-1', () => {
    const out = serialise(reply, true, false, f);
    expect(out.contentType).toBe('text/xml; charset=iso-8859-1');
    expect(out.body.toString('latin1')).toBe(
      '<?xml version="1.0" encoding="ISO-8859-1"?><specter><APIresponse><result>1</result><id>7</id>' +
        `<message>Bröd &amp; &lt;smör&gt; 'x' ?</message><invoiceNo>5</invoiceNo></APIresponse>` +
        '<articles batchNo="B&quot;1&apos;"><article priceExclVat="12,50"><name>Åsa &amp; Öst</name></article>' +
        '<article></article></articles></specter>',
    );
    assertWellFormed(out.body.toString('latin1'));
  });

  it('writes UTF-8 when the account answers in UTF-8', () => {
    const out = serialise(reply, true, true, f);
    expect(out.contentType).toBe('text/xml; charset=utf-8');
    const text = out.body.toString('utf8');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?><specter>')).toBe(true);
    expect(text).toContain(`<message>Bröd &amp; &lt;smör&gt; 'x' €</message>`);
  });

  it('answers text mode with the lines, and errors with their code and optional id', () => {
    expect(serialise(reply, false, false, f).body.toString('latin1')).toBe('line;1');
    const error = errorReply(99, `Batch 'B<1>' is still open`, 'B<1>');
    expect(serialise(error, true, false, f).body.toString('latin1')).toBe(
      '<?xml version="1.0" encoding="ISO-8859-1"?><specter><APIresponse><result>0</result><code>99</code>' +
        `<message>Batch 'B&lt;1&gt;' is still open</message><id>B&lt;1&gt;</id></APIresponse></specter>`,
    );
    expect(serialise(error, false, false, f).body.toString('latin1')).toBe(`0;99;Batch 'B<1>' is still open`);
  });
});
