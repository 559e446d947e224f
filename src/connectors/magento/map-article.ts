// Domain Article -> Magento product payloads. A configurable with variants becomes several calls:
// the parent product, one simple product per variant (not visible on its own), one configurable
// option per axis, and one child link per variant. Texts per language become store-view payloads.

import { PermanentError } from '../../domain/errors.ts';
import type { Article } from '../../domain/types.ts';
import type {
  MagentoConfigurableOption,
  MagentoCustomAttribute,
  MagentoProductPayload,
} from './magento-types.ts';
import { round } from './map-values.ts';

export interface ProductWriteContext {
  attributeSetId: number;
  websiteIds: number[];
  /** VAT percent (as text, e.g. '25') -> tax_class_id. */
  taxClassIdByVat?: Record<string, number>;
  /** Custom attribute holding the EAN/GTIN. Default `ean`. */
  eanAttribute?: string;
  /** Attribute code -> option label -> option id, as ensureAttributeOption answered them. */
  optionIds?: Record<string, Record<string, number>>;
  /** Attribute code -> attribute id, for the configurable options. */
  attributeIds?: Record<string, number>;
  /** Language code of Article.texts (SE, EN ...) -> the store view codes showing that language. */
  storeCodesByLanguage?: Record<string, string[]>;
  /** Catalogue prices entered including VAT: the excl. price is converted with the article's VAT. */
  pricesIncludeVat?: boolean;
}

export const Visibility = { notVisibleIndividually: 1, catalog: 2, search: 3, catalogAndSearch: 4 } as const;

export function articleToProductPayload(
  article: Article,
  context: ProductWriteContext,
): MagentoProductPayload {
  const isVariant = article.kind === 'variant';
  const custom: MagentoCustomAttribute[] = [];
  const set = (code: string, value: string | number | undefined) => {
    if (value === undefined) return;
    const existing = custom.findIndex((a) => a.attribute_code === code);
    if (existing >= 0) custom.splice(existing, 1);
    custom.push({ attribute_code: code, value: String(value) });
  };
  // Free attributes first, so the fields the domain owns win over a same-named free attribute.
  for (const [code, value] of Object.entries(article.attributes ?? {})) set(code, value);
  set('description', article.description);
  set('short_description', article.shortDescription);
  set(context.eanAttribute ?? 'ean', article.ean);
  if (article.vatPercent !== undefined) set('tax_class_id', taxClassId(article, context));
  if (isVariant) {
    for (const [code, label] of Object.entries(article.variantValues ?? {}))
      set(code, optionId(article, code, label, context));
    // Variants share their parent's name often; Magento refuses a duplicate URL key, and a variant
    // has no page of its own, so its SKU makes a unique key.
    set('url_key', slug(article.sku));
  }

  const payload: MagentoProductPayload = {
    sku: article.sku,
    name: article.name,
    attribute_set_id: context.attributeSetId,
    type_id: article.kind === 'configurable' ? 'configurable' : 'simple',
    status: article.active ? 1 : 2,
    visibility: isVariant ? Visibility.notVisibleIndividually : Visibility.catalogAndSearch,
    extension_attributes: { website_ids: [...context.websiteIds] },
    custom_attributes: custom,
  };
  if (article.priceExclVat !== undefined) payload.price = catalogPrice(article, context);
  if (article.weightKg !== undefined) payload.weight = article.weightKg;
  return payload;
}

export interface ConfigurablePayloads {
  parent: MagentoProductPayload;
  children: MagentoProductPayload[];
  /** POST /V1/configurable-products/{parentSku}/options, one per axis. */
  options: { parentSku: string; option: MagentoConfigurableOption }[];
  /** POST /V1/configurable-products/{parentSku}/child, one per variant. */
  links: { parentSku: string; childSku: string }[];
}

export function configurableToPayloads(
  parent: Article,
  variants: Article[],
  context: ProductWriteContext,
): ConfigurablePayloads {
  if (parent.kind !== 'configurable') {
    throw new PermanentError(`Article ${parent.sku} is not a configurable`, { code: 'not-configurable' });
  }
  const axes = parent.variantAttributes ?? [
    ...new Set(variants.flatMap((v) => Object.keys(v.variantValues ?? {}))),
  ];
  for (const variant of variants) {
    if (variant.parentSku !== undefined && variant.parentSku !== parent.sku) {
      throw new PermanentError(`Variant ${variant.sku} belongs to ${variant.parentSku}, not ${parent.sku}`, {
        code: 'variant-parent-mismatch',
        details: { sku: variant.sku },
      });
    }
    for (const axis of axes) {
      if (variant.variantValues?.[axis] === undefined) {
        throw new PermanentError(`Variant ${variant.sku} of ${parent.sku} has no value for ${axis}`, {
          code: 'variant-value-missing',
          details: { sku: variant.sku, attribute: axis },
        });
      }
    }
  }
  const options = axes.map((axis, position) => {
    const attributeId = context.attributeIds?.[axis];
    if (attributeId === undefined) {
      throw new PermanentError(`No Magento attribute id known for variant attribute ${axis}`, {
        code: 'magento-unknown-attribute',
        details: { attribute: axis },
      });
    }
    const valueIds = [
      ...new Set(variants.map((v) => optionId(v, axis, v.variantValues?.[axis] as string, context))),
    ];
    const option: MagentoConfigurableOption = {
      attribute_id: String(attributeId),
      label: axis,
      position,
      is_use_default: true,
      values: valueIds.map((id) => ({ value_index: id })),
    };
    return { parentSku: parent.sku, option };
  });
  return {
    parent: articleToProductPayload(parent, context),
    children: variants.map((v) =>
      articleToProductPayload({ ...v, kind: 'variant', parentSku: parent.sku }, context),
    ),
    options,
    links: variants.map((v) => ({ parentSku: parent.sku, childSku: v.sku })),
  };
}

export interface StoreTextPayload {
  storeCode: string;
  sku: string;
  product: Pick<MagentoProductPayload, 'sku' | 'name' | 'custom_attributes'>;
}

/** Store-view scoped texts (PUT /rest/{storeCode}/V1/products/{sku}) for each translated language. */
export function storeTextPayloads(article: Article, context: ProductWriteContext): StoreTextPayload[] {
  const payloads: StoreTextPayload[] = [];
  for (const [language, text] of Object.entries(article.texts ?? {})) {
    const storeCodes = context.storeCodesByLanguage?.[language] ?? [];
    const custom: MagentoCustomAttribute[] = [];
    if (text.description !== undefined)
      custom.push({ attribute_code: 'description', value: text.description });
    if (text.shortDescription !== undefined) {
      custom.push({ attribute_code: 'short_description', value: text.shortDescription });
    }
    if (text.name === undefined && custom.length === 0) continue;
    for (const storeCode of storeCodes) {
      const product: StoreTextPayload['product'] = { sku: article.sku };
      if (text.name !== undefined) product.name = text.name;
      if (custom.length > 0) product.custom_attributes = custom.map((a) => ({ ...a }));
      payloads.push({ storeCode, sku: article.sku, product });
    }
  }
  return payloads;
}

const COMPARED_FIELDS = [
  'name',
  'price',
  'status',
  'visibility',
  'weight',
  'attribute_set_id',
  'type_id',
] as const;

/**
 * The part of `desired` that differs from `current` (plus the SKU), or null when nothing does. Only
 * fields present in `desired` are compared, so values the article does not own are never touched.
 */
export function diffProductPayload(
  current: MagentoProductPayload,
  desired: MagentoProductPayload,
): Partial<MagentoProductPayload> | null {
  const changes: Partial<MagentoProductPayload> = {};
  let changed = false;
  for (const field of COMPARED_FIELDS) {
    const want = desired[field];
    if (want === undefined) continue;
    if (!sameValue(current[field], want)) {
      (changes as Record<string, unknown>)[field] = want;
      changed = true;
    }
  }
  const changedAttributes = (desired.custom_attributes ?? []).filter((wanted) => {
    const have = current.custom_attributes?.find((a) => a.attribute_code === wanted.attribute_code);
    return !sameValue(have?.value, wanted.value);
  });
  if (changedAttributes.length > 0) {
    changes.custom_attributes = changedAttributes;
    changed = true;
  }
  const wantWebsites = desired.extension_attributes?.website_ids;
  if (wantWebsites !== undefined) {
    const have = [...(current.extension_attributes?.website_ids ?? [])].sort((a, b) => a - b);
    const want = [...wantWebsites].sort((a, b) => a - b);
    if (have.join(',') !== want.join(',')) {
      changes.extension_attributes = { website_ids: wantWebsites };
      changed = true;
    }
  }
  return changed ? { sku: desired.sku, ...changes } : null;
}

/** Magento answers numbers as numbers or strings depending on the field's backend; compare by value. */
function sameValue(have: unknown, want: unknown): boolean {
  const norm = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    if (Array.isArray(v)) return v.map(String).sort().join(',');
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return String(Number(v));
    return String(v);
  };
  return norm(have) === norm(want);
}

function taxClassId(article: Article, context: ProductWriteContext): number {
  const id = context.taxClassIdByVat?.[String(article.vatPercent)];
  if (id === undefined) {
    throw new PermanentError(
      `Article ${article.sku}: no Magento tax class is mapped for ${article.vatPercent} % VAT`,
      {
        code: 'magento-unmapped-vat',
        details: { sku: article.sku, vatPercent: article.vatPercent },
      },
    );
  }
  return id;
}

function catalogPrice(article: Article, context: ProductWriteContext): number {
  const price = article.priceExclVat as number;
  if (!context.pricesIncludeVat) return price;
  if (article.vatPercent === undefined) {
    throw new PermanentError(
      `Article ${article.sku}: prices include VAT in Magento but the article has no VAT rate`,
      {
        code: 'vat-missing',
        details: { sku: article.sku },
      },
    );
  }
  return round(price * (1 + article.vatPercent / 100), 2);
}

function optionId(article: Article, code: string, label: string, context: ProductWriteContext): number {
  const id = context.optionIds?.[code]?.[label];
  if (id === undefined) {
    throw new PermanentError(
      `Variant ${article.sku}: no Magento option id for ${code} = "${label}" (ensure the attribute option first)`,
      { code: 'magento-unknown-option', details: { sku: article.sku, attribute: code, label } },
    );
  }
  return id;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
