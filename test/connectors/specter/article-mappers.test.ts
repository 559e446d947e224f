import { describe, expect, it } from 'vitest';
import {
  mapSpecterArticles,
  parseVariantValues,
} from '../../../src/connectors/specter/mappers/article-from-specter.ts';
import {
  articleNoForSku,
  mapArticlesToSpecter,
} from '../../../src/connectors/specter/mappers/article-to-specter.ts';
import type { SpecterArticleInfo } from '../../../src/connectors/specter/specter-types.ts';
import { PermanentError } from '../../../src/domain/errors.ts';
import type { Article } from '../../../src/domain/types.ts';

const info = (over: Partial<SpecterArticleInfo>): SpecterArticleInfo => ({
  articleNo: 'X',
  name: 'X',
  priceExclVat: null,
  vatPercent: null,
  buyPrice: null,
  productWeight: null,
  isMainArticle: false,
  deleted: false,
  prices: [],
  ...over,
});

describe('Specter article -> domain Article', () => {
  it('maps main article, variants and a plain article with price-list entries', () => {
    const mapped = mapSpecterArticles([
      info({ articleNo: 'TROJA', name: 'Tröja', isMainArticle: true, priceExclVat: 200, vatPercent: 25 }),
      info({
        articleNo: 'TROJA-BLA-S',
        name: 'Tröja - Blå - S',
        mainArticleNo: 'TROJA',
        variantValues: 'Färg=Blå;Storlek=S',
        priceExclVat: 200,
        barCode: '7310000000017',
        productWeight: 0.25,
        buyPrice: 80,
        prices: [{ priceListId: '3', currency: 'SEK', fromQuantity: 10, priceExclVat: 180 }],
      }),
      info({
        articleNo: 'TROJA-RO-M',
        mainArticleNo: 'TROJA',
        variantValues: 'Färg=Röd;Storlek=M;Material=Ull',
      }),
      info({ articleNo: 'MUGG', name: 'Mugg', deleted: true }),
    ]);
    expect(mapped.map((m) => m.article)).toEqual([
      {
        sku: 'TROJA',
        kind: 'configurable',
        name: 'Tröja',
        active: true,
        priceExclVat: 200,
        vatPercent: 25,
        variantAttributes: ['Färg', 'Storlek', 'Material'],
      },
      {
        sku: 'TROJA-BLA-S',
        kind: 'variant',
        name: 'Tröja - Blå - S',
        active: true,
        priceExclVat: 200,
        ean: '7310000000017',
        weightKg: 0.25,
        parentSku: 'TROJA',
        variantValues: { Färg: 'Blå', Storlek: 'S' },
        attributes: { buyPrice: '80' },
      },
      {
        sku: 'TROJA-RO-M',
        kind: 'variant',
        name: 'X',
        active: true,
        parentSku: 'TROJA',
        variantValues: { Färg: 'Röd', Storlek: 'M', Material: 'Ull' },
      },
      { sku: 'MUGG', kind: 'simple', name: 'Mugg', active: false },
    ]);
    expect(mapped[1]?.prices).toEqual([
      { priceListId: '3', sku: 'TROJA-BLA-S', currency: 'SEK', fromQuantity: 10, priceExclVat: 180 },
    ]);
  });

  it.each([
    ['Färg=Blå;Storlek=S', { Färg: 'Blå', Storlek: 'S' }],
    [' Färg = Blå ; ', { Färg: 'Blå' }],
    ['=x;Storlek=', { Storlek: '' }],
    [undefined, {}],
  ])('parses variantValues %j', (text, expected) => {
    expect(parseVariantValues(text)).toEqual(expected);
  });
});

describe('domain Article -> newArticleSubmit rows', () => {
  const article: Article = {
    sku: 'TSHIRT-RED-XL',
    kind: 'simple',
    name: 'T-shirt',
    active: true,
    priceExclVat: 79.92,
    vatPercent: 25,
    ean: '123',
    weightKg: 0.12345,
  };

  it('maps the fields of a row', () => {
    expect(mapArticlesToSpecter([article])).toEqual({
      rows: [
        {
          articleNo: 'TSHIRT-RED-XL',
          name: 'T-shirt',
          priceExclVAT: 79.92,
          vatPercent: 25,
          barCode: '123',
          productWeight: 0.123,
          createArticleStock: true,
        },
      ],
      renamed: [],
    });
  });

  it('marks main articles and links variants to them', () => {
    const main = { ...article, sku: 'TSHIRT', kind: 'configurable' as const };
    const variant = {
      ...article,
      sku: 'TSHIRT-1',
      kind: 'variant' as const,
      parentSku: 'TSHIRT',
      variantValues: { Färg: 'Röd', Storlek: 'XL' },
    };
    const { rows } = mapArticlesToSpecter([main, variant]);
    expect(rows[0]).toMatchObject({ articleNo: 'TSHIRT', isMainArticle: true });
    expect(rows[0]!.createArticleStock).toBeUndefined();
    expect(rows[1]).toMatchObject({
      articleNo: 'TSHIRT-1',
      mainArticleNo: 'TSHIRT',
      variantValues: 'Färg=Röd;Storlek=XL',
      createArticleStock: true,
    });
  });

  it.each([
    ['TRÖJA BLÅ', 'TROJA-BLA'],
    ['Kaffe&Te,100%', 'Kaffe-Te-100'],
    ['#1 Fan €', '1-Fan'],
    ['smör-ägg', 'smor-agg'],
  ])('refuses SKU %j unless transliteration is on (-> %j)', (sku, transliterated) => {
    expect(() => articleNoForSku(sku)).toThrow(PermanentError);
    expect(() => articleNoForSku(sku)).toThrow(`SKU "${sku}"`);
    expect(articleNoForSku(sku, { transliterate: true })).toBe(transliterated);
  });

  it('reports transliterated article numbers so the engine can bind them', () => {
    const { renamed } = mapArticlesToSpecter([{ ...article, sku: 'MÖSSA BLÅ' }, article], {
      transliterate: true,
    });
    expect(renamed).toEqual([{ sku: 'MÖSSA BLÅ', articleNo: 'MOSSA-BLA' }]);
  });
});
