import { describe, expect, it } from 'vitest';
import type {
  MagentoProduct,
  MagentoProductAttribute,
} from '../../../src/connectors/magento/magento-types.ts';
import {
  mapConfigurableProduct,
  mapMagentoProduct,
  type ProductReadContext,
} from '../../../src/connectors/magento/map-product.ts';
import { PermanentError } from '../../../src/domain/errors.ts';

const colorAttribute: MagentoProductAttribute = {
  attribute_id: 93,
  attribute_code: 'color',
  options: [
    { label: ' ', value: '' },
    { label: 'Blå', value: '17' },
    { label: 'Röd', value: '18' },
  ],
};
const sizeAttribute: MagentoProductAttribute = {
  attribute_id: 144,
  attribute_code: 'size',
  options: [
    { label: 'S', value: '30' },
    { label: 'M', value: '31' },
  ],
};

const simple: MagentoProduct = {
  id: 1,
  sku: 'MUG',
  name: 'Mugg',
  type_id: 'simple',
  status: 1,
  price: 80,
  weight: 0.4,
  custom_attributes: [
    { attribute_code: 'description', value: '<p>En mugg</p>' },
    { attribute_code: 'short_description', value: 'Mugg' },
    { attribute_code: 'tax_class_id', value: '2' },
    { attribute_code: 'ean', value: '7310000000001' },
    { attribute_code: 'url_key', value: 'mugg' },
    { attribute_code: 'category_ids', value: ['3', '5'] },
  ],
};

const parent: MagentoProduct = {
  id: 10,
  sku: 'TSHIRT',
  name: 'T-shirt',
  type_id: 'configurable',
  status: 1,
  custom_attributes: [{ attribute_code: 'tax_class_id', value: '2' }],
  extension_attributes: {
    configurable_product_options: [
      { attribute_id: '93', label: 'Color', values: [{ value_index: 17 }, { value_index: 18 }] },
      { attribute_id: '144', label: 'Size', values: [{ value_index: 30 }] },
    ],
    configurable_product_links: [11, 12],
  },
};

const child = (sku: string, color: string, size: string, status = 1): MagentoProduct => ({
  id: 11,
  sku,
  name: `T-shirt ${sku}`,
  type_id: 'simple',
  status,
  price: 160,
  custom_attributes: [
    { attribute_code: 'color', value: color },
    { attribute_code: 'size', value: size },
    { attribute_code: 'tax_class_id', value: '2' },
  ],
});

const context = { attributes: [colorAttribute, sizeAttribute], vatByTaxClassId: { '2': 25 } };

describe('mapMagentoProduct', () => {
  it('maps a simple product with texts, VAT, EAN and free attributes', () => {
    expect(mapMagentoProduct(simple, context)).toEqual({
      sku: 'MUG',
      kind: 'simple',
      name: 'Mugg',
      description: '<p>En mugg</p>',
      shortDescription: 'Mugg',
      priceExclVat: 80,
      vatPercent: 25,
      ean: '7310000000001',
      weightKg: 0.4,
      active: true,
      attributes: { tax_class_id: '2', url_key: 'mugg', category_ids: '3,5' },
    });
  });

  it.each<[string, Partial<MagentoProduct>, Record<string, unknown>, ProductReadContext?]>([
    ['disabled status', { status: 2 }, { active: false }],
    ['prices including VAT are converted', { price: 100 }, { priceExclVat: 80 }, { pricesIncludeVat: true }],
    ['weight in pounds', { weight: 1 }, { weightKg: 0.454 }, { weightUnit: 'lbs' as const }],
    [
      'EAN in another attribute',
      { custom_attributes: [...(simple.custom_attributes ?? []), { attribute_code: 'gtin', value: '0001' }] },
      { ean: '0001', attributes: expect.objectContaining({ ean: '7310000000001' }) },
      { eanAttribute: 'gtin' },
    ],
  ])('%s', (_name, change, expected, extra = {}) => {
    const mapped = mapMagentoProduct({ ...simple, ...change }, { ...context, ...extra });
    expect(mapped).toMatchObject(expected);
  });

  it('refuses a product without a name', () => {
    expect(() => mapMagentoProduct({ ...simple, name: '' })).toThrow(
      'Magento product MUG: required field name is missing',
    );
  });

  it('refuses VAT-including prices when the tax class has no rate', () => {
    expect(() => mapMagentoProduct(simple, { pricesIncludeVat: true })).toThrow(PermanentError);
  });
});

describe('mapConfigurableProduct', () => {
  it('maps the configurable and its children with variant values from option labels', () => {
    const [main, ...variants] = mapConfigurableProduct(
      parent,
      [child('TSHIRT-BLUE-S', '17', '30'), child('TSHIRT-RED-S', '18', '30', 2)],
      context,
    );
    expect(main).toMatchObject({
      sku: 'TSHIRT',
      kind: 'configurable',
      variantAttributes: ['color', 'size'],
      vatPercent: 25,
    });
    expect(main?.priceExclVat).toBeUndefined();
    expect(variants).toEqual([
      expect.objectContaining({
        sku: 'TSHIRT-BLUE-S',
        kind: 'variant',
        parentSku: 'TSHIRT',
        variantValues: { color: 'Blå', size: 'S' },
        priceExclVat: 160,
        active: true,
      }),
      expect.objectContaining({
        sku: 'TSHIRT-RED-S',
        kind: 'variant',
        variantValues: { color: 'Röd', size: 'S' },
        active: false,
      }),
    ]);
  });

  it.each([
    [
      'an axis attribute that was not given',
      [child('X', '17', '30')],
      { attributes: [colorAttribute] },
      /attribute id 144/,
    ],
    [
      'a child without a value for an axis',
      [{ ...child('X', '17', '30'), custom_attributes: [] }],
      context,
      /required field color/,
    ],
    ['an option id that is not among the options', [child('X', '99', '30')], context, /color option 99/],
  ])('refuses %s', (_name, children, ctx, message) => {
    expect(() => mapConfigurableProduct(parent, children, ctx)).toThrow(message);
  });
});
