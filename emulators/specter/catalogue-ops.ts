import { defaultStockSite, stockLevel } from './account.ts';
import { FIELD_LIMITS, VAT_PERCENTS } from './assumptions.ts';
import { articleInfoChanged, type Doorbell, stockChanged } from './changes.ts';
import { OfficeError } from './order-ops.ts';
import { forgetPriceIndex } from './price-index.ts';
import type { Account, Article } from './types.ts';
import { checkArticleNo, FieldError, variantValues } from './validation.ts';

/** Article fields a caller may set; absent fields keep their value (or the default for new ones). */
export type ArticleInput = { articleNo: string } & Partial<Omit<Article, 'specterId' | 'articleNo'>> & {
    /** stock on the default site for a new stock-kept article */
    initialStock?: number;
  };

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Checks an article input against the field rules; throws FieldError naming the field. */
export function validateArticleInput(input: ArticleInput, suffix = ''): void {
  checkArticleNo(`articleNo${suffix}`, input.articleNo);
  if (input.name !== undefined && [...input.name].length > (FIELD_LIMITS.name ?? 100)) {
    throw new FieldError(`name${suffix}`, `longer than ${FIELD_LIMITS.name} characters`);
  }
  if (input.vatPercent !== undefined && !(VAT_PERCENTS as readonly number[]).includes(input.vatPercent)) {
    throw new FieldError(`vatPercent${suffix}`, `must be one of ${VAT_PERCENTS.join(', ')}`);
  }
  if (input.mainArticleNo) checkArticleNo(`mainArticleNo${suffix}`, input.mainArticleNo);
  if (input.variantValues) variantValues(`variantValues${suffix}`, input.variantValues);
  if (input.mainArticleNo && input.mainArticleNo === input.articleNo) {
    throw new FieldError(`mainArticleNo${suffix}`, 'an article cannot be its own main article');
  }
}

/**
 * Create or update one article. Existing articles change only when `force` is set (forceArticleUpdate
 * on the API; the office always forces). Stock of an existing article is never touched here.
 */
export function upsertArticle(
  account: Account,
  input: ArticleInput,
  force: boolean,
  bell: Doorbell,
): UpsertOutcome {
  const existing = account.articles.get(input.articleNo);
  const { initialStock, ...fields } = input;
  if (existing && !force) return 'unchanged';
  if (fields.mainArticleNo) linkMain(account, fields.mainArticleNo, bell);
  if (existing) {
    const before = JSON.stringify(existing);
    const keptBefore = existing.stockKeeping;
    Object.assign(existing, definedOnly(fields));
    if (existing.isMainArticle) existing.stockKeeping = false;
    if (JSON.stringify(existing) === before) return 'unchanged';
    articleInfoChanged(account, [existing.articleNo], bell);
    if (existing.stockKeeping !== keptBefore) stockChanged(account, [existing.articleNo], bell);
    return 'updated';
  }
  if (fields.name === undefined || fields.name.trim() === '')
    throw new FieldError('name', 'is required for a new article');
  const article: Article = {
    specterId: ++account.seq.specterId,
    articleNo: input.articleNo,
    name: fields.name,
    priceExclVat: fields.priceExclVat ?? 0,
    vatPercent: fields.vatPercent ?? 25,
    barCode: fields.barCode ?? '',
    buyPrice: fields.buyPrice ?? 0,
    stockPrice: fields.stockPrice ?? 0,
    productWeight: fields.productWeight ?? 0,
    productVolume: fields.productVolume ?? 0,
    stockKeeping: fields.isMainArticle ? false : (fields.stockKeeping ?? true),
    isMainArticle: fields.isMainArticle ?? false,
    mainArticleNo: fields.mainArticleNo ?? '',
    variantValues: fields.variantValues ?? '',
    supplierNo: fields.supplierNo ?? '',
    supplierName: fields.supplierName ?? '',
    supplierBuyPrice: fields.supplierBuyPrice ?? 0,
    supplierArticleNo: fields.supplierArticleNo ?? '',
    manufacturingCountryCode: fields.manufacturingCountryCode ?? '',
  };
  account.articles.set(article.articleNo, article);
  if (article.stockKeeping) {
    stockLevel(account, article.articleNo, defaultStockSite(account).stockSiteId).onHand = initialStock ?? 0;
  }
  articleInfoChanged(account, [article.articleNo], bell);
  stockChanged(account, [article.articleNo], bell);
  return 'created';
}

/** Linking a variant turns its main article into a main article (no stock of its own). */
function linkMain(account: Account, mainNo: string, bell: Doorbell): void {
  const main = account.articles.get(mainNo);
  if (!main) throw new FieldError('mainArticleNo', `main article '${mainNo}' not found`);
  if (main.mainArticleNo) throw new FieldError('mainArticleNo', `'${mainNo}' is itself a variant`);
  if (!main.isMainArticle) {
    main.isMainArticle = true;
    main.stockKeeping = false;
    articleInfoChanged(account, [mainNo], bell);
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A stock movement made in Specter: a POS sale (negative delta), a goods receipt, a stock count (set). */
export function adjustStock(
  account: Account,
  articleNo: string,
  change: { stockSiteId?: number; delta?: number; set?: number },
  bell: Doorbell,
): { onHand: number; reserved: number; available: number } {
  const article = account.articles.get(articleNo);
  if (!article) throw new OfficeError(`article ${articleNo} not found`, 'notFound');
  if (!article.stockKeeping) throw new OfficeError(`article ${articleNo} has no stock keeping`, 'conflict');
  const siteId = change.stockSiteId ?? defaultStockSite(account).stockSiteId;
  if (!account.stockSites.has(siteId)) throw new OfficeError(`stock site ${siteId} not found`, 'notFound');
  if (change.set === undefined && change.delta === undefined)
    throw new OfficeError('give delta or set', 'invalid');
  const level = stockLevel(account, articleNo, siteId);
  if (change.set !== undefined) level.onHand = change.set;
  else level.onHand += change.delta!;
  stockChanged(account, [articleNo], bell);
  return { ...level, available: level.onHand - level.reserved };
}

/** Set (or with null remove) one price list entry. Specter is price master: no API write exists. */
export function setPrice(
  account: Account,
  priceListId: number,
  articleNo: string,
  fromQuantity: number,
  priceExclVat: number | null,
  bell: Doorbell,
): void {
  if (!account.priceLists.has(priceListId))
    throw new OfficeError(`price list ${priceListId} not found`, 'notFound');
  if (!account.articles.has(articleNo)) throw new OfficeError(`article ${articleNo} not found`, 'notFound');
  const i = account.prices.findIndex(
    (p) => p.priceListId === priceListId && p.articleNo === articleNo && p.fromQuantity === fromQuantity,
  );
  if (priceExclVat === null) {
    if (i < 0) throw new OfficeError('no such price entry', 'notFound');
    account.prices.splice(i, 1);
    forgetPriceIndex(account.prices);
  } else if (i < 0) {
    account.prices.push({ priceListId, articleNo, fromQuantity, priceExclVat });
    forgetPriceIndex(account.prices);
  } else {
    account.prices[i]!.priceExclVat = priceExclVat;
  }
  articleInfoChanged(account, [articleNo], bell);
}
