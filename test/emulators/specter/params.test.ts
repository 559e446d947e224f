import { describe, expect, it } from 'vitest';
import { decodeComponent, Params, parseUrlEncoded } from '../../../emulators/specter/params.ts';

describe('Specter emulator: form and query decoding', () => {
  it.each([
    ['plain ASCII', 'ART-00001', 'ART-00001'],
    ['plus as space', 'Bl%C3%A5+tr%C3%B6ja', 'Blå tröja'],
    ['escaped ASCII', 'a%20b%2Fc%3D', 'a b/c='],
    ['UTF-8 escapes', '%C3%85ngstr%C3%B6m', 'Ångström'],
    ['Latin-1 escapes (P1 sends them)', '%C5ngstr%F6m', 'Ångström'],
    ['bare percent kept', '100%', '100%'],
    ['percent without hex kept', '50%zz', '50%zz'],
    ['percent before one hex digit kept', 'x%4', 'x%4'],
    ['raw non-ASCII as sent', 'blå', 'blå'],
    ['raw character outside the BMP', 'tea \u{1F375}', 'tea \u{1F375}'],
    // Not UTF-8 as a whole: every byte read as Latin-1, the raw character's four UTF-8 bytes too.
    [
      'raw character outside the BMP beside a Latin-1 escape',
      '\u{1F375}%E5',
      '\u00F0\u009F\u008D\u00B5\u00E5',
    ],
    ['lone surrogate becomes U+FFFD', 'a\uD800b', 'a\uFFFDb'],
    ['leading UTF-8 byte order mark dropped', '%EF%BB%BFabc%E2%82%AC', 'abc€'],
  ])('%s', (_name, raw, decoded) => {
    expect(decodeComponent(raw)).toBe(decoded);
  });

  it('reads mixed UTF-8 bytes and raw text as UTF-8, and invalid UTF-8 as Latin-1', () => {
    expect(decodeComponent('%C3%A5%20och%20ö')).toBe('å och ö');
    // %E5 alone is not UTF-8: the whole value is read as Latin-1 bytes (the raw "ö" as its two UTF-8 bytes).
    expect(decodeComponent('%E5ö')).toBe('åÃ¶');
  });

  it('splits a body into pairs, names decoded like values', () => {
    expect(parseUrlEncoded('sbmId=1&articleNo_1=ART%2D1&name_1=Bl%E5&&flag')).toEqual([
      ['sbmId', '1'],
      ['articleNo_1', 'ART-1'],
      ['name_1', 'Blå'],
      ['flag', ''],
    ]);
  });

  it('looks names up case-insensitively, the first spelling sent winning whichever spelling is asked', () => {
    const params = new Params(
      [
        ['Action', 'getInfo'],
        ['name_1', ''],
      ],
      [
        ['action', 'later'],
        ['NAME_1', 'form'],
        ['priceExclVAT_1', '10'],
      ],
    );
    // the query's Action wins over the form's action, asked in either spelling
    expect(params.get('action')).toBe('getInfo');
    expect(params.get('Action')).toBe('getInfo');
    expect(params.get('ACTION')).toBe('getInfo');
    // the first name_1 is empty: the later NAME_1 does not replace it
    expect(params.get('NAME_1')).toBeUndefined();
    expect(params.has('name_1')).toBe(true);
    expect(params.get('priceexclvat_1')).toBe('10');
    expect(params.get('priceExclVAT_1')).toBe('10');
    expect(params.entries()).toEqual([
      ['Action', 'getInfo'],
      ['name_1', ''],
      ['priceExclVAT_1', '10'],
    ]);
  });

  it('reads a row field by name and number exactly as by its `name_N` spelling', () => {
    const params = new Params(
      [
        ['name_1', ''],
        ['priceExclVAT_2', 'query'],
      ],
      [
        ['NAME_1', 'form'],
        ['priceExclVAT_2', 'form'],
        ['articleNo_01', 'leading zero'],
        ['articleNo_10', 'ten'],
        ['barCode_3_4', 'two numbers'],
        ['_5', 'no name'],
        ['vatPercent_', 'no number'],
        ['supplier_no_7', 'underscore in the name'],
        ['buyPrice_99999999999999999999', 'too large'],
      ],
    );
    const names = [
      'name',
      'NAME',
      'priceExclVAT',
      'PRICEEXCLVAT',
      'articleNo',
      'barCode_3',
      'barCode',
      'supplier_no',
      '',
      'vatPercent',
      'buyPrice',
    ];
    for (const name of names) {
      for (const index of [0, 1, 2, 3, 4, 5, 7, 10, 1e20]) {
        expect(params.at(name, index), `${name}_${index}`).toBe(params.get(`${name}_${index}`));
      }
    }
    expect(params.at('priceexclvat', 2)).toBe('query');
    expect(params.at('articleNo', 10)).toBe('ten');
    expect(params.at('barCode_3', 4)).toBe('two numbers');
    expect(params.at('supplier_no', 7)).toBe('underscore in the name');
    // `articleNo_01` is not row 1, as `articleNo_1` is not its spelling
    expect(params.at('articleNo', 1)).toBeUndefined();
  });

  it('lists indexed params by number, a number spelled with a leading zero or too large for a row among them', () => {
    const rowsOnly = new Params(
      [],
      [
        ['articleNo_3', 'C'],
        ['ARTICLENO_1', 'A'],
        ['articleNo_2', ''],
        ['name_1', 'not an article number'],
      ],
    );
    expect(rowsOnly.indexed('articleNo')).toEqual([
      { index: 1, value: 'A' },
      { index: 3, value: 'C' },
    ]);
    const odd = new Params(
      [],
      [
        ['articleNo_01', 'leading zero'],
        ['articleNo_2', 'B'],
        ['articleNo_1', 'A'],
        ['articleNo_99999999999999999999', 'too large'],
      ],
    );
    // `_01` is number 1 here, listed before `_1` as it was sent first
    expect(odd.indexed('articleno')).toEqual([
      { index: 1, value: 'leading zero' },
      { index: 1, value: 'A' },
      { index: 2, value: 'B' },
      { index: 1e20, value: 'too large' },
    ]);
  });
});
