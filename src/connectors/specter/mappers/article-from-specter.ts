// Article-info feed / article list item -> domain Article + PriceListEntry[]. Variants are flat
// articles linked by `mainArticleNo` and `variantValues` [P]; a main article (`isMainArticle="1"`)
// becomes a configurable.

import type { Article, PriceListEntry } from '../../../domain/types.ts';
import { VARIANT_VALUES } from '../assumptions.ts';
import type { SpecterArticleInfo } from '../specter-types.ts';

export interface MappedSpecterArticle {
  article: Article;
  prices: PriceListEntry[];
}

/** "Färg=Blå;Storlek=S" -> { Färg: 'Blå', Storlek: 'S' }; pairs without a name are dropped. */
export function parseVariantValues(text: string | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of (text ?? '').split(VARIANT_VALUES.pairSeparator)) {
    const at = pair.indexOf(VARIANT_VALUES.keyValueSeparator);
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    if (name) values[name] = pair.slice(at + 1).trim();
  }
  return values;
}

export function mapSpecterArticle(info: SpecterArticleInfo): MappedSpecterArticle {
  const isVariant =
    !info.isMainArticle && info.mainArticleNo !== undefined && info.mainArticleNo !== info.articleNo;
  const variantValues = isVariant ? parseVariantValues(info.variantValues) : {};
  const article: Article = {
    sku: info.articleNo,
    kind: info.isMainArticle ? 'configurable' : isVariant ? 'variant' : 'simple',
    name: info.name,
    active: !info.deleted,
    ...(info.priceExclVat !== null ? { priceExclVat: info.priceExclVat } : {}),
    ...(info.vatPercent !== null ? { vatPercent: info.vatPercent } : {}),
    ...(info.barCode ? { ean: info.barCode } : {}),
    ...(info.productWeight !== null ? { weightKg: info.productWeight } : {}),
    ...(isVariant ? { parentSku: info.mainArticleNo, variantValues } : {}),
    ...(info.buyPrice !== null ? { attributes: { buyPrice: String(info.buyPrice) } } : {}),
  };
  const prices = info.prices.map((price) => ({
    priceListId: price.priceListId,
    sku: info.articleNo,
    currency: price.currency,
    fromQuantity: price.fromQuantity,
    priceExclVat: price.priceExclVat,
  }));
  return { article, prices };
}

/**
 * Maps a batch; a main article gets `variantAttributes` from the option names its variants in the
 * same batch use (in order of first appearance). Main articles whose variants are not in the batch
 * keep `variantAttributes` undefined: the engine then leaves the stored value alone.
 */
export function mapSpecterArticles(infos: SpecterArticleInfo[]): MappedSpecterArticle[] {
  const mapped = infos.map(mapSpecterArticle);
  const attributesByMain = new Map<string, string[]>();
  for (const { article } of mapped) {
    if (article.kind !== 'variant' || !article.parentSku) continue;
    const names = attributesByMain.get(article.parentSku) ?? [];
    for (const name of Object.keys(article.variantValues ?? {})) if (!names.includes(name)) names.push(name);
    attributesByMain.set(article.parentSku, names);
  }
  for (const { article } of mapped) {
    const names = attributesByMain.get(article.sku);
    if (article.kind === 'configurable' && names && names.length > 0) article.variantAttributes = names;
  }
  return mapped;
}
