import { ARTICLE_LIST_PAGE_SIZE, CODES, MESSAGES, X_EMULATOR, XML } from '../assumptions.ts';
import {
  type ArticleInput,
  type UpsertOutcome,
  upsertArticle,
  validateArticleInput,
} from '../catalogue-ops.ts';
import { errorReply, okReply, type Reply } from '../reply.ts';
import { articleLines, lines, writeArticle, writePriceList } from '../shapes.ts';
import type { Article } from '../types.ts';
import {
  checkLength,
  checkVat,
  countryCode,
  decimal,
  FieldError,
  integer,
  nonNegative,
  variantValues,
} from '../validation.ts';
import { articleView, stockView } from '../views.ts';
import type { ActionContext, ActionDef } from './context.ts';

function readArticle(ctx: ActionContext, i: number, articleNo: string): ArticleInput {
  const p = ctx.params;
  const get = (name: string) => p.at(name, i);
  const text = (name: string, limitName = name) => {
    const v = get(name);
    checkLength(`${name}_${i}`, v, limitName);
    return v;
  };
  const createStock = get('createArticleStock');
  const isMain = get(X_EMULATOR.isMainArticleParam);
  const input: ArticleInput = {
    articleNo,
    name: text('name'),
    priceExclVat: decimal(`priceExclVAT_${i}`, get('priceExclVAT')),
    vatPercent: checkVat(`vatPercent_${i}`, get('vatPercent')),
    barCode: text('barCode'),
    buyPrice: nonNegative(`buyPrice_${i}`, get('buyPrice')),
    stockPrice: nonNegative(`stockPrice_${i}`, get('stockPrice')),
    productWeight: nonNegative(`productWeight_${i}`, get('productWeight')),
    productVolume: nonNegative(`productVolume_${i}`, get('productVolume')),
    supplierNo: text('supplierNo'),
    supplierName: text('supplierName'),
    supplierBuyPrice: nonNegative(`supplierBuyPrice_${i}`, get('supplierBuyPrice')),
    supplierArticleNo: text('supplierArticleNo'),
    manufacturingCountryCode: countryCode(`manufacturingCountryCode_${i}`, get('manufacturingCountryCode')),
    mainArticleNo: get(X_EMULATOR.mainArticleNoParam),
    variantValues: variantValues(`variantValues_${i}`, get(X_EMULATOR.variantValuesParam)),
    isMainArticle: isMain === undefined ? undefined : isMain === '1',
    // [K] createArticleStock_N=1 gives the article stock keeping; a new article without it has none
    stockKeeping: createStock === undefined ? undefined : createStock === '1',
    initialStock: nonNegative(`noItemsInStock_${i}`, get('noItemsInStock')),
  };
  if (!ctx.account.articles.has(articleNo) && input.stockKeeping === undefined) input.stockKeeping = false;
  validateArticleInput(input, `_${i}`);
  return input;
}

function newArticleSubmit(ctx: ActionContext): Reply {
  const { account, params: p } = ctx;
  const force = p.flag('forceArticleUpdate');
  const indexed = p.indexed('articleNo');
  if (indexed.length === 0) throw new FieldError('articleNo_1', 'is required');
  // validate every row before writing any: a call is all or nothing
  const seen = new Set<string>();
  const inputs = indexed.map(({ index, value }) => {
    const input = readArticle(ctx, index, value);
    const exists = account.articles.has(value) || seen.has(value);
    if (!exists && (input.name === undefined || input.name.trim() === '')) {
      throw new FieldError(`name_${index}`, 'is required for a new article');
    }
    if (input.mainArticleNo) {
      const main = account.articles.get(input.mainArticleNo);
      if (!main && !seen.has(input.mainArticleNo)) {
        throw new FieldError(`mainArticleNo_${index}`, `main article '${input.mainArticleNo}' not found`);
      }
      if (main?.mainArticleNo)
        throw new FieldError(`mainArticleNo_${index}`, `'${input.mainArticleNo}' is itself a variant`);
    }
    seen.add(value);
    return input;
  });
  const counts: Record<UpsertOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  for (const input of inputs) counts[upsertArticle(account, input, force, ctx.bell)]++;
  const first = account.articles.get(inputs[0]!.articleNo)!;
  return okReply(first.specterId, MESSAGES.articles(counts.created, counts.updated, counts.unchanged));
}

/** x-emulator: the whole catalogue page by page, with prices and stock (initial sync). */
function getArticleList(ctx: ActionContext): Reply {
  const { account, params: p } = ctx;
  const page = integer('page', p.get('page')) ?? 1;
  const pageSize = integer('pageSize', p.get('pageSize')) ?? ARTICLE_LIST_PAGE_SIZE.default;
  if (page < 1) throw new FieldError('page', 'must be 1 or more');
  if (pageSize < 1 || pageSize > ARTICLE_LIST_PAGE_SIZE.max) {
    throw new FieldError('pageSize', `must be between 1 and ${ARTICLE_LIST_PAGE_SIZE.max}`);
  }
  const only = p.get('articleNo');
  let total: number;
  let slice: Article[];
  if (only !== undefined) {
    // articles are keyed by their number: the filtered list has one article or none
    const article = account.articles.get(only);
    if (!article) return errorReply(CODES.notFound, `articleNo '${only}' not found`);
    total = 1;
    slice = page === 1 ? [article] : [];
  } else {
    // a page is cut from the map without copying the whole catalogue for every page read
    total = account.articles.size;
    slice = pageOf(account.articles.values(), (page - 1) * pageSize, pageSize);
  }
  const views = slice.map((a) => ({ article: articleView(account, a), stock: stockView(account, a) }));
  const totalPages = Math.max(1, Math.ceil(total / pageSize));
  return okReply(page, `${slice.length} of ${total}`, {
    lines: (f) =>
      articleLines(
        views.map((v) => v.article),
        '',
        f,
      ),
    payload: (w, f) => {
      w.start(XML.articles);
      for (const v of views) writeArticle(w, v.article, f, v.stock);
      w.end();
      w.start(XML.paging)
        .attr('page', page)
        .attr('pageSize', pageSize)
        .attr('totalCount', total)
        .attr('totalPages', totalPages)
        .end();
    },
  });
}

/** The `count` values after the first `skip` ones. */
function pageOf<T>(values: Iterable<T>, skip: number, count: number): T[] {
  const out: T[] = [];
  let i = 0;
  for (const v of values) {
    if (i++ < skip) continue;
    out.push(v);
    if (out.length === count) break;
  }
  return out;
}

/** x-emulator: the price lists of the account. */
function getPriceLists(ctx: ActionContext): Reply {
  const lists = [...ctx.account.priceLists.values()];
  return okReply(lists.length, `${lists.length} price list(s)`, {
    lines: () => lines(lists.map((l) => [l.priceListId, l.name, l.currency, l.customerGroupId].join(';'))),
    payload: (w) => {
      w.start(XML.priceLists);
      for (const l of lists) writePriceList(w, l);
      w.end();
    },
  });
}

export const articleActions: ActionDef[] = [
  { name: 'newArticleSubmit', script: 'putInfo', write: true, handler: newArticleSubmit },
  { name: 'getArticleList', script: 'getInfo', write: false, handler: getArticleList },
  { name: 'getPriceLists', script: 'getInfo', write: false, handler: getPriceLists },
];
