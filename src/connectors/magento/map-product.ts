// Magento product (+ its children) -> domain Articles. A configurable comes with its simple children;
// each child's variant values are read from the configurable's axes: the child holds an option id in
// the axis attribute, and the attribute's options give its label ("Blå", "S").

import { PermanentError } from '../../domain/errors.ts';
import type { Article } from '../../domain/types.ts';
import type { MagentoProduct, MagentoProductAttribute } from './magento-types.ts';
import { attributeValueText, customAttributeText, isBlank, missingField, round } from './map-values.ts';

export interface ProductReadContext {
  /** The configurable axes' attributes, as GET /V1/products/attributes/{code} answers (id, code, options). */
  attributes?: MagentoProductAttribute[];
  /** tax_class_id -> VAT percent. */
  vatByTaxClassId?: Record<string, number>;
  /** Custom attribute holding the EAN/GTIN. Default `ean`. */
  eanAttribute?: string;
  /** When catalogue prices are entered including VAT (Stores > Config > Tax), they are converted. */
  pricesIncludeVat?: boolean;
  /** Store weight unit; `lbs` is converted to kg. Default `kgs`. */
  weightUnit?: 'kgs' | 'lbs';
}

const TEXT_ATTRIBUTES = ['description', 'short_description'];

/**
 * The product fields the mappers below read, in Magento's `fields` syntax (searchProducts), with
 * the configurable links a reader needs to tell variants from simple products. A product read
 * for mapping needs nothing else: stock item, media, links and dates stay on the server.
 */
export const PRODUCT_MAPPING_FIELDS =
  'id,sku,name,status,type_id,price,weight,custom_attributes,' +
  'extension_attributes[configurable_product_options,configurable_product_links]';
const LBS_TO_KG = 0.45359237;

/** Maps one product as a stand-alone article (simple, or configurable without its children). */
export function mapMagentoProduct(product: MagentoProduct, context: ProductReadContext = {}): Article {
  const kind = product.type_id === 'configurable' ? 'configurable' : 'simple';
  const article = baseArticle(product, kind, context);
  if (kind === 'configurable') {
    const axes = product.extension_attributes?.configurable_product_options ?? [];
    if (axes.length > 0)
      article.variantAttributes = axes.map(
        (axis) => axisAttribute(product, axis.attribute_id, context).attribute_code,
      );
  }
  return article;
}

/** Maps a configurable and its children: the configurable first, then one variant per child. */
export function mapConfigurableProduct(
  parent: MagentoProduct,
  children: MagentoProduct[],
  context: ProductReadContext = {},
): Article[] {
  const main = mapMagentoProduct(parent, context);
  const axes = (parent.extension_attributes?.configurable_product_options ?? []).map((axis) =>
    axisAttribute(parent, axis.attribute_id, context),
  );
  const variants = children.map((child) => {
    const variant = baseArticle(child, 'variant', context);
    variant.parentSku = parent.sku;
    variant.variantValues = Object.fromEntries(
      axes.map((axis) => [axis.attribute_code, optionLabel(child, axis)]),
    );
    return variant;
  });
  return [main, ...variants];
}

function baseArticle(product: MagentoProduct, kind: Article['kind'], context: ProductReadContext): Article {
  const entity = `Magento product ${product.sku || '(no sku)'}`;
  if (isBlank(product.sku)) throw missingField(entity, 'sku');
  if (isBlank(product.name)) throw missingField(entity, 'name', { sku: product.sku });
  const custom = product.custom_attributes ?? [];
  const eanCode = context.eanAttribute ?? 'ean';
  const taxClass = customAttributeText(custom, 'tax_class_id');
  const vatPercent = taxClass !== undefined ? context.vatByTaxClassId?.[taxClass] : undefined;

  const article: Article = {
    sku: product.sku,
    kind,
    name: product.name as string,
    active: product.status !== 2,
  };
  const description = customAttributeText(custom, 'description');
  if (description !== undefined) article.description = description;
  const shortDescription = customAttributeText(custom, 'short_description');
  if (shortDescription !== undefined) article.shortDescription = shortDescription;
  if (vatPercent !== undefined) article.vatPercent = vatPercent;
  if (product.price !== undefined && product.price !== null) {
    article.priceExclVat = priceExclVat(product, vatPercent, context);
  }
  const ean = customAttributeText(custom, eanCode);
  if (!isBlank(ean)) article.ean = ean;
  if (product.weight !== undefined && product.weight !== null) {
    article.weightKg = context.weightUnit === 'lbs' ? round(product.weight * LBS_TO_KG, 3) : product.weight;
  }
  const attributes: Record<string, string> = {};
  for (const attribute of custom) {
    if (TEXT_ATTRIBUTES.includes(attribute.attribute_code) || attribute.attribute_code === eanCode) continue;
    const text = attributeValueText(attribute.value);
    if (text !== undefined) attributes[attribute.attribute_code] = text;
  }
  if (Object.keys(attributes).length > 0) article.attributes = attributes;
  return article;
}

function priceExclVat(
  product: MagentoProduct,
  vatPercent: number | undefined,
  context: ProductReadContext,
): number {
  const price = Number(product.price);
  if (!context.pricesIncludeVat) return price;
  if (vatPercent === undefined) {
    throw new PermanentError(
      `Magento product ${product.sku}: prices include VAT but its tax class has no VAT rate mapped`,
      { code: 'magento-unmapped-tax-class', details: { sku: product.sku } },
    );
  }
  return round(price / (1 + vatPercent / 100), 4);
}

function axisAttribute(
  parent: MagentoProduct,
  attributeId: string | number,
  context: ProductReadContext,
): MagentoProductAttribute {
  const attribute = context.attributes?.find((a) => String(a.attribute_id) === String(attributeId));
  if (!attribute) {
    throw new PermanentError(
      `Magento configurable ${parent.sku}: attribute id ${attributeId} of its options was not given to the mapper`,
      { code: 'magento-unknown-attribute', details: { sku: parent.sku, attributeId } },
    );
  }
  return attribute;
}

function optionLabel(child: MagentoProduct, axis: MagentoProductAttribute): string {
  const optionId = customAttributeText(child.custom_attributes, axis.attribute_code);
  if (isBlank(optionId))
    throw missingField(`Magento variant ${child.sku}`, axis.attribute_code, { sku: child.sku });
  const option = axis.options?.find((o) => String(o.value) === optionId);
  if (!option) {
    throw new PermanentError(
      `Magento variant ${child.sku}: ${axis.attribute_code} option ${optionId} is not among the attribute's options`,
      {
        code: 'magento-unknown-option',
        details: { sku: child.sku, attribute: axis.attribute_code, optionId },
      },
    );
  }
  return option.label;
}
