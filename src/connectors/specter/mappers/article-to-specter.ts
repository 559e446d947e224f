// Domain Article -> newArticleSubmit rows. Article numbers may not contain spaces, å ä ö & % # €
// or commas [K: A1]. Such a SKU is a PermanentError naming it, unless transliteration is switched
// on; then the changed number is reported so the engine can bind SKU and article number.

import { PermanentError } from '../../../domain/errors.ts';
import type { Article } from '../../../domain/types.ts';
import { ARTICLE_NO_FORBIDDEN, VARIANT_VALUES } from '../assumptions.ts';
import type { SpecterArticleRow } from '../specter-types.ts';

export interface ArticleMappingOptions {
  /** Rewrite forbidden characters (å ä -> a, ö -> o, spaces , & -> -, % # € dropped). */
  transliterate?: boolean;
}

export interface RenamedArticle {
  sku: string;
  articleNo: string;
}

export interface MappedArticles {
  rows: SpecterArticleRow[];
  renamed: RenamedArticle[];
}

const TRANSLITERATION: Record<string, string> = {
  å: 'a',
  ä: 'a',
  ö: 'o',
  Å: 'A',
  Ä: 'A',
  Ö: 'O',
  '&': '-',
  ',': '-',
  '%': '',
  '#': '',
  '€': '',
};

export function forbiddenArticleNoCharacters(sku: string): string[] {
  const found = ARTICLE_NO_FORBIDDEN.filter((char) => sku.includes(char)) as string[];
  if (/\s/.test(sku)) found.unshift('space');
  return found;
}

export function transliterateArticleNo(sku: string): string {
  return [...sku.trim()]
    .map((char) => (/\s/.test(char) ? '-' : (TRANSLITERATION[char] ?? char)))
    .join('')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
}

/** The Specter article number for a SKU, or a PermanentError naming the SKU and its bad characters. */
export function articleNoForSku(sku: string, options: ArticleMappingOptions = {}): string {
  const bad = forbiddenArticleNoCharacters(sku);
  if (bad.length === 0) return sku;
  const articleNo = options.transliterate ? transliterateArticleNo(sku) : '';
  if (articleNo !== '') return articleNo;
  throw new PermanentError(
    `SKU "${sku}" cannot be a Specter article number: it contains ${bad.map((c) => (c === 'space' ? 'a space' : `"${c}"`)).join(', ')}. ` +
      'Change the SKU in Magento or switch on article number transliteration for this connection.',
    { code: 'invalid-article-no', details: { sku, forbidden: bad } },
  );
}

/** { Färg: 'Blå', Storlek: 'S' } -> "Färg=Blå;Storlek=S" (the inverse of parseVariantValues). */
export function formatVariantValues(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([type, value]) => `${type}${VARIANT_VALUES.keyValueSeparator}${value}`)
    .join(VARIANT_VALUES.pairSeparator);
}

export function mapArticleToSpecter(
  article: Article,
  options: ArticleMappingOptions = {},
): SpecterArticleRow {
  const row: SpecterArticleRow = { articleNo: articleNoForSku(article.sku, options), name: article.name };
  if (article.priceExclVat !== undefined) row.priceExclVAT = article.priceExclVat;
  if (article.vatPercent !== undefined) row.vatPercent = article.vatPercent;
  if (article.ean) row.barCode = article.ean;
  if (article.weightKg !== undefined) row.productWeight = Number(article.weightKg.toFixed(3));
  // The variant link fields are x-emulator guesses (assumptions.ts): no public source names them.
  // A main article is a template; its variants and simple articles are what is kept in stock.
  if (article.kind === 'configurable') row.isMainArticle = true;
  else {
    row.createArticleStock = true;
    if (article.initialStock !== undefined)
      row.noItemsInStock = Math.max(0, Math.floor(article.initialStock));
  }
  if (article.kind === 'variant' && article.parentSku) {
    row.mainArticleNo = articleNoForSku(article.parentSku, options);
    if (article.variantValues) row.variantValues = formatVariantValues(article.variantValues);
  }
  return row;
}

export function mapArticlesToSpecter(
  articles: Article[],
  options: ArticleMappingOptions = {},
): MappedArticles {
  const rows = articles.map((article) => mapArticleToSpecter(article, options));
  const renamed = articles
    .map((article, index) => ({ sku: article.sku, articleNo: rows[index]!.articleNo }))
    .filter((pair) => pair.sku !== pair.articleNo);
  return { rows, renamed };
}
