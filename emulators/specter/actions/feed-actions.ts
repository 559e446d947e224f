import { defaultStockSite } from '../account.ts';
import { batchOpenMessage, CODES, MESSAGES, XML } from '../assumptions.ts';
import { ackFeed, readFeed } from '../feeds.ts';
import { errorReply, okReply, type Reply } from '../reply.ts';
import {
  articleLines,
  orderLines,
  stockLines,
  writeArticle,
  writeOrder,
  writeStockChanges,
} from '../shapes.ts';
import type { FeedKind } from '../types.ts';
import type { ArticleView, OrderView, StockView } from '../views.ts';
import { type ActionContext, type ActionDef, isReply, resolveWebshop } from './context.ts';

function feedRead(kind: FeedKind, ctx: ActionContext): Reply {
  const shop = resolveWebshop(ctx);
  if (isReply(shop)) return shop;
  const batchNo = ctx.params.get('batchNo')!;
  const limit = kind === 'articleInfo' ? ctx.settings.responseMaxLimit : undefined;
  const read = readFeed(ctx.account, kind, shop.feeds[kind], batchNo, limit);
  if (read.kind === 'otherBatchOpen')
    return errorReply(CODES.batchOpen, batchOpenMessage(read.openBatchNo), read.openBatchNo);
  const message = `${read.items.length} item(s)`;
  if (kind === 'stock') {
    const items = read.items as StockView[];
    const multiple = ctx.params.flag('getMultipleStocksites');
    const sites = multiple ? [...ctx.account.stockSites.values()] : [defaultStockSite(ctx.account)];
    return okReply(batchNo, message, {
      lines: (f) => stockLines(items, defaultStockSite(ctx.account), batchNo, f),
      payload: (w, f) => writeStockChanges(w, items, sites, batchNo, f),
    });
  }
  if (kind === 'articleInfo') {
    const items = read.items as ArticleView[];
    return okReply(batchNo, message, {
      lines: (f) => articleLines(items, batchNo, f),
      payload: (w, f) => {
        w.start(XML.articles).attr('batchNo', batchNo);
        for (const a of items) writeArticle(w, a, f);
        w.end().leaf('responseMaxLimit', ctx.settings.responseMaxLimit);
      },
    });
  }
  const items = read.items as OrderView[];
  return okReply(batchNo, message, {
    lines: () => orderLines(items, batchNo),
    payload: (w, f) => {
      w.start(XML.orders).attr('batchNo', batchNo);
      for (const o of items) writeOrder(w, o, f);
      w.end();
    },
  });
}

function feedAck(kind: FeedKind, ctx: ActionContext): Reply {
  const shop = resolveWebshop(ctx);
  if (isReply(shop)) return shop;
  const batchNo = ctx.params.get('batchNo')!;
  if (ackFeed(shop.feeds[kind], batchNo) === 'unknownBatch') {
    return errorReply(CODES.notFound, `Batch '${batchNo}' is not open`);
  }
  return okReply(batchNo, MESSAGES.ok);
}

const pair = (read: string, ack: string, kind: FeedKind): ActionDef[] => [
  { name: read, script: 'getInfo', write: false, handler: (ctx) => feedRead(kind, ctx) },
  { name: ack, script: 'getInfo', write: false, handler: (ctx) => feedAck(kind, ctx) },
];

export const feedActions: ActionDef[] = [
  ...pair('getArticleExternalNeedUpdate', 'updateArticlesFromBatch', 'stock'),
  ...pair('getArticleInfoExternalNeedUpdate', 'updateArticleInfosFromBatch', 'articleInfo'),
  ...pair('getOrdersExternalNeedUpdate', 'updateOrdersFromBatch', 'orders'),
];
