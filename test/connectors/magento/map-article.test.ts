import { describe, expect, it } from 'vitest';
import type { MagentoProduct } from '../../../src/connectors/magento/magento-types.ts';
import {
  articleToProductPayload,
  configurableToPayloads,
  diffProductPayload,
  type ProductWriteContext,
  storeTextPayloads,
} from '../../../src/connectors/magento/map-article.ts';
import type { Article } from '../../../src/domain/types.ts';

const context: ProductWriteContext = {
  attributeSetId: 4,
  websiteIds: [1],
  taxClassIdByVat: { '25': 2, '12': 5, '6': 6 },
  optionIds: { color: { Blå: 17, Röd: 18 }, size: { S: 30, M: 31 } },
  attributeIds: { color: 93, size: 144 },
  storeCodesByLanguage: { EN: ['en'], NO: ['no', 'no_b2b'] },
};

const mug: Article = {
  sku: 'MUG',
  kind: 'simple',
  name: 'Mugg',
  description: 'En mugg',
  priceExclVat: 80,
  vatPercent: 25,
  ean: '7310000000001',
  weightKg: 0.4,
  active: true,
  attributes: { material: 'keramik', description: 'loses to the article field' },
};

describe('articleToProductPayload', () => {
  it('writes a simple product', () => {
    expect(articleToProductPayload(mug, context)).toEqual({
      sku: 'MUG',
      name: 'Mugg',
      attribute_set_id: 4,
      type_id: 'simple',
      status: 1,
      visibility: 4,
      price: 80,
      weight: 0.4,
      extension_attributes: { website_ids: [1] },
      custom_attributes: [
        { attribute_code: 'material', value: 'keramik' },
        { attribute_code: 'description', value: 'En mugg' },
        { attribute_code: 'ean', value: '7310000000001' },
        { attribute_code: 'tax_class_id', value: '2' },
      ],
    });
  });

  it.each([
    ['inactive -> status 2', { active: false }, {}, { status: 2 }],
    ['prices including VAT', {}, { pricesIncludeVat: true }, { price: 100 }],
    ['no price leaves price alone', { priceExclVat: undefined }, {}, { price: undefined }],
  ])('%s', (_name, change, ctx, expected) => {
    const payload = articleToProductPayload({ ...mug, ...change }, { ...context, ...ctx });
    for (const [key, value] of Object.entries(expected))
      expect(payload[key as keyof typeof payload]).toBe(value);
  });

  it('refuses a VAT rate without a tax class', () => {
    expect(() => articleToProductPayload({ ...mug, vatPercent: 7 }, context)).toThrow(
      /no Magento tax class is mapped for 7 %/,
    );
  });
});

describe('configurableToPayloads', () => {
  const parent: Article = {
    sku: 'TSHIRT',
    kind: 'configurable',
    name: 'T-shirt',
    active: true,
    vatPercent: 25,
    variantAttributes: ['color', 'size'],
  };
  const variant = (sku: string, color: string, size: string): Article => ({
    sku,
    kind: 'variant',
    name: 'T-shirt',
    active: true,
    priceExclVat: 160,
    vatPercent: 25,
    parentSku: 'TSHIRT',
    variantValues: { color, size },
  });

  it('builds the parent, children, option and link calls', () => {
    const result = configurableToPayloads(
      parent,
      [variant('TS-B-S', 'Blå', 'S'), variant('TS-R-S', 'Röd', 'S'), variant('TS-R-M', 'Röd', 'M')],
      context,
    );
    expect(result.parent).toMatchObject({ sku: 'TSHIRT', type_id: 'configurable', visibility: 4 });
    expect(result.children).toHaveLength(3);
    expect(result.children[0]).toMatchObject({ sku: 'TS-B-S', type_id: 'simple', visibility: 1, price: 160 });
    expect(result.children[0]?.custom_attributes).toEqual(
      expect.arrayContaining([
        { attribute_code: 'color', value: '17' },
        { attribute_code: 'size', value: '30' },
        { attribute_code: 'url_key', value: 'ts-b-s' },
      ]),
    );
    expect(result.options).toEqual([
      {
        parentSku: 'TSHIRT',
        option: {
          attribute_id: '93',
          label: 'color',
          position: 0,
          is_use_default: true,
          values: [{ value_index: 17 }, { value_index: 18 }],
        },
      },
      {
        parentSku: 'TSHIRT',
        option: {
          attribute_id: '144',
          label: 'size',
          position: 1,
          is_use_default: true,
          values: [{ value_index: 30 }, { value_index: 31 }],
        },
      },
    ]);
    expect(result.links).toEqual([
      { parentSku: 'TSHIRT', childSku: 'TS-B-S' },
      { parentSku: 'TSHIRT', childSku: 'TS-R-S' },
      { parentSku: 'TSHIRT', childSku: 'TS-R-M' },
    ]);
  });

  it.each([
    [
      'a variant without a value for an axis',
      [{ ...variant('X', 'Blå', 'S'), variantValues: { color: 'Blå' } }],
      /has no value for size/,
    ],
    ['an option label without an id', [variant('X', 'Grön', 'S')], /color = "Grön"/],
    [
      'a variant of another parent',
      [{ ...variant('X', 'Blå', 'S'), parentSku: 'OTHER' }],
      /belongs to OTHER/,
    ],
  ])('refuses %s', (_name, variants, message) => {
    expect(() => configurableToPayloads(parent, variants, context)).toThrow(message);
  });
});

describe('storeTextPayloads', () => {
  it('writes one payload per store view of each translated language', () => {
    const article: Article = {
      ...mug,
      texts: {
        EN: { name: 'Mug', description: 'A mug' },
        NO: { shortDescription: 'Krus' },
        DE: { name: 'Becher' },
        FI: {},
      },
    };
    expect(storeTextPayloads(article, context)).toEqual([
      {
        storeCode: 'en',
        sku: 'MUG',
        product: {
          sku: 'MUG',
          name: 'Mug',
          custom_attributes: [{ attribute_code: 'description', value: 'A mug' }],
        },
      },
      {
        storeCode: 'no',
        sku: 'MUG',
        product: { sku: 'MUG', custom_attributes: [{ attribute_code: 'short_description', value: 'Krus' }] },
      },
      {
        storeCode: 'no_b2b',
        sku: 'MUG',
        product: { sku: 'MUG', custom_attributes: [{ attribute_code: 'short_description', value: 'Krus' }] },
      },
    ]);
  });
});

describe('diffProductPayload', () => {
  const current: MagentoProduct = {
    id: 1,
    sku: 'MUG',
    name: 'Mugg',
    attribute_set_id: 4,
    type_id: 'simple',
    status: 1,
    visibility: 4,
    price: 80,
    weight: 0.4,
    extension_attributes: { website_ids: [1], stock_item: { qty: 3, is_in_stock: true } },
    custom_attributes: [
      { attribute_code: 'material', value: 'keramik' },
      { attribute_code: 'description', value: 'En mugg' },
      { attribute_code: 'ean', value: '7310000000001' },
      { attribute_code: 'tax_class_id', value: '2' },
      { attribute_code: 'url_key', value: 'mugg' },
    ],
  };
  const desired = articleToProductPayload({ ...mug, attributes: { material: 'keramik' } }, context);

  it('answers null when nothing the article owns changed', () => {
    expect(diffProductPayload(current, desired)).toBeNull();
  });

  it.each([
    ['price as a string from Magento equals the number', { price: '80.0000' as unknown as number }, null],
    ['changed name', { name: 'Mugg Stor' }, { sku: 'MUG', name: 'Mugg' }],
    ['changed price', { price: 90 }, { sku: 'MUG', price: 80 }],
    [
      'changed website',
      { extension_attributes: { website_ids: [1, 2] } },
      { sku: 'MUG', extension_attributes: { website_ids: [1] } },
    ],
    [
      'changed description only',
      {
        custom_attributes: current.custom_attributes?.map((a) =>
          a.attribute_code === 'description' ? { ...a, value: 'Gammal' } : a,
        ),
      },
      { sku: 'MUG', custom_attributes: [{ attribute_code: 'description', value: 'En mugg' }] },
    ],
    [
      'an attribute Magento does not have yet',
      { custom_attributes: current.custom_attributes?.filter((a) => a.attribute_code !== 'ean') },
      { sku: 'MUG', custom_attributes: [{ attribute_code: 'ean', value: '7310000000001' }] },
    ],
  ])('%s', (_name, change, expected) => {
    expect(diffProductPayload({ ...current, ...change }, desired)).toEqual(expected);
  });
});
