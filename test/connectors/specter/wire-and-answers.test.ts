import { describe, expect, it } from 'vitest';
import { parseSpecterAnswer } from '../../../src/connectors/specter/answer.ts';
import { parseCallback, verifyCallbackKey } from '../../../src/connectors/specter/callback.ts';
import { computeRequestKey, customerNameSalt, md5Hex } from '../../../src/connectors/specter/key.ts';
import {
  fieldNamedInMessage,
  openBatchNoFromMessage,
  retryAfterMsFromMessage,
} from '../../../src/connectors/specter/specter-errors.ts';
import {
  decodeResponseBody,
  encodeForm,
  encodeFormComponent,
  FormList,
  formatDecimal,
  formFieldNames,
  parseDecimal,
} from '../../../src/connectors/specter/wire-format.ts';

describe('request key (section 1.2)', () => {
  it('hashes with known md5 values', () => {
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72'); // RFC 1321 test suite
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('Åsa Öberg')).toBe('4bbebab4be788bafc2b43f43bac09b36'); // Latin-1 bytes
    expect(md5Hex('Åsa Öberg', 'utf8')).toBe('65105b25a9d373f5af18055e75e91b0e');
  });

  it('wraps the inner digest in the outer secret: md5(outer + md5(inner + sbmId + X))', () => {
    // inner = md5('inner4711batch1') = 8f2265ca6b3490baa0f4153ef474f68b
    expect(computeRequestKey({ innerKey: 'inner', outerKey: 'outer', sbmId: 4711, salt: 'batch1' })).toBe(
      '089770ddc5980de7fa6f1501d6efc729',
    );
    expect(computeRequestKey({ innerKey: 'K1', outerKey: 'K2', sbmId: 4711, salt: 'Åsa Öberg' })).toBe(
      '1250793c2b044bf61919b8530cef59e1',
    );
  });

  it.each([
    [{ customerOrganizationalForm: 'C', name: '  Öbergs   Bygg AB ' }, 'Öbergs Bygg AB'],
    [{ customerOrganizationalForm: 'P', firstName: 'Åsa ', surName: ' Öberg' }, 'Åsa Öberg'],
    [{ customerOrganizationalForm: 'P', firstName: 'Madonna' }, 'Madonna'],
  ])('salts newCustomerSubmit with the collapsed name %#', (fields, salt) => {
    expect(customerNameSalt(fields)).toBe(salt);
  });
});

describe('wire format', () => {
  it.each([
    ['Åsa', 'latin1', '%C5sa'],
    ['Åsa', 'utf8', '%C3%85sa'],
    ['a b&c=d', 'latin1', 'a%20b%26c%3Dd'],
    ['€', 'latin1', '%3F'],
  ] as const)('encodes %j in %s as %s', (value, encoding, expected) => {
    expect(encodeFormComponent(value, encoding)).toBe(expected);
  });

  it('encodes a field list as the same form as the object of its fields, in the order added', () => {
    const list = new FormList();
    list.add('articleNo_1', 'A-1');
    list.add('name_1', 'Blå tröja & mössa');
    list.add('priceExclVAT_1', '79.92');
    const record = { articleNo_1: 'A-1', name_1: 'Blå tröja & mössa', priceExclVAT_1: '79.92' };
    expect(encodeForm(list, 'latin1')).toBe(
      'articleNo_1=A-1&name_1=Bl%E5%20tr%F6ja%20%26%20m%F6ssa&priceExclVAT_1=79.92',
    );
    expect(encodeForm(list, 'latin1')).toBe(encodeForm(record, 'latin1'));
    expect(encodeForm(list, 'utf8')).toBe(encodeForm(record, 'utf8'));
    // An attempt log stores it as the object of its fields.
    expect(JSON.parse(JSON.stringify({ body: list }))).toEqual({ body: record });
    expect(formFieldNames(list)).toEqual(['articleNo_1', 'name_1', 'priceExclVAT_1']);
    expect(encodeForm(new FormList(), 'latin1')).toBe('');
  });

  it.each([
    ['79,92', 79.92],
    ['79.92', 79.92],
    ['1 234,50', 1234.5],
    ['1.234,50', 1234.5],
    ['1,234.50', 1234.5],
    ['-3', -3],
    ['', null],
    ['abc', null],
  ])('parses decimal %j', (text, expected) => {
    expect(parseDecimal(text)).toBe(expected);
  });

  it.each([
    [79.92, '79.92'],
    [-15.984, '-15.984'],
    [3, '3'],
    [0.1 + 0.2, '0.3'],
    [-0, '0'],
  ])('formats %d as %s', (value, expected) => {
    expect(formatDecimal(value)).toBe(expected);
  });

  it('decodes Latin-1 unless the body is valid UTF-8 declared as such', () => {
    const latin1 = Buffer.from('Blå tröja', 'latin1');
    const utf8 = Buffer.from('Blå tröja', 'utf8');
    expect(decodeResponseBody(latin1, 'text/plain', 'latin1')).toBe('Blå tröja');
    expect(decodeResponseBody(utf8, 'text/plain; charset=utf-8', 'latin1')).toBe('Blå tröja');
    expect(
      decodeResponseBody(
        Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>Blå</a>', 'utf8'),
        null,
        'latin1',
      ),
    ).toContain('Blå');
    // claims UTF-8 but is not: read as Latin-1
    expect(decodeResponseBody(latin1, 'text/plain; charset=utf-8', 'latin1')).toBe('Blå tröja');
    // undeclared UTF-8 stays Latin-1 (mojibake) unless the account is configured for UTF-8
    expect(decodeResponseBody(utf8, null, 'latin1')).toBe('BlÃ¥ trÃ¶ja');
    expect(decodeResponseBody(utf8, null, 'utf8')).toBe('Blå tröja');
  });
});

describe('answers', () => {
  it.each([
    ['1;880;Customer created', { ok: true, id: '880', message: 'Customer created' }],
    ['0;40;Invalid field; emailAddress', { ok: false, code: 40, message: 'Invalid field; emailAddress' }],
    [
      '<specter><APIresponse><result>1</result><id>5</id></APIresponse></specter>',
      { ok: true, id: '5', format: 'xml' },
    ],
    [
      '<root><x><APIresponse result="0" code="99" message="open"/></x></root>',
      { ok: false, code: 99, message: 'open' },
    ],
    ['<orders><order orderNo="1"/></orders>', { ok: true, format: 'xml' }],
  ])('parses %j', (body, expected) => {
    expect(parseSpecterAnswer('test', body)).toMatchObject(expected);
  });

  it.each([
    ['<html><head><title>Error</title></head><body>x</body></html>', 'specter-html-response'],
    ['Server too busy', 'specter-unreadable-response'],
    ['', 'specter-unreadable-response'],
    ['<specter><APIresponse>', 'specter-unreadable-response'],
  ])('refuses %j', (body, code) => {
    expect(() => parseSpecterAnswer('test', body)).toThrow(
      expect.objectContaining({ code, kind: 'permanent' }),
    );
  });

  it('reads retry-after seconds, open batch numbers and field names out of messages', () => {
    expect(retryAfterMsFromMessage('Too many requests, retry after 12 s')).toBe(12_000);
    expect(retryAfterMsFromMessage('retry after 1,5 s')).toBe(1500);
    expect(retryAfterMsFromMessage('slow down')).toBeUndefined();
    expect(openBatchNoFromMessage("Batch 'a1b2' is still open")).toBe('a1b2');
    expect(fieldNamedInMessage('orgNo is too long', ['emailAddress', 'orgNo'])).toBe('orgNo');
    expect(fieldNamedInMessage("Value of 'zipCodeEng' is invalid")).toBe('zipCodeEng');
  });
});

describe('callbacks', () => {
  // md5('secret' + '4711' + '3') computed with Python's hashlib
  const key = '0c0eeaaa34886c95f206b8a2856a7730';

  it('verifies md5(md5key + sbmId + calltype)', () => {
    expect(verifyCallbackKey({ calltype: '3', orderNo: '5012', sbmId: '4711', key }, 'secret', 4711)).toBe(
      true,
    );
    expect(verifyCallbackKey({ CallType: '3', KEY: key.toUpperCase() }, 'secret', 4711)).toBe(true);
    expect(verifyCallbackKey({ calltype: '4', key }, 'secret', 4711)).toBe(false);
    expect(verifyCallbackKey({ calltype: '3', key, sbmId: '1' }, 'secret', 4711)).toBe(false);
    expect(verifyCallbackKey({ calltype: '3' }, 'secret', 4711)).toBe(false);
  });

  it.each([
    [{ calltype: '1' }, { callType: 'stock' }],
    [
      { calltype: '2', orderId: '5012', invoiceId: '9001' },
      { callType: 'invoice', orderId: '5012', invoiceId: '9001' },
    ],
    [
      { calltype: '3', orderNo: '5012' },
      { callType: 'order-deleted', orderNo: '5012' },
    ],
    [
      { callType: ['4', '4'], orderNo: '5012' },
      { callType: 'order-updated', orderNo: '5012' },
    ],
    [{ calltype: '5' }, { callType: 'article-info' }],
  ])('parses %j', (query, expected) => {
    expect(parseCallback(query)).toEqual(expected);
  });

  it('refuses an unknown calltype', () => {
    expect(() => parseCallback({ calltype: '9' })).toThrow(/unknown calltype "9"/);
  });
});
