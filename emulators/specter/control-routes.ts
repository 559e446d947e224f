import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccountSeedError, createWebshop, type SpecterAccountSeed } from './account.ts';
import {
  type ArticleInput,
  adjustStock,
  setPrice,
  upsertArticle,
  validateArticleInput,
} from './catalogue-ops.ts';
import type { SpecterState } from './emulator.ts';
import type { FaultSettings } from './faults.ts';
import { describeFeed } from './feeds.ts';
import {
  cancelOrder,
  creditInvoice,
  type DeliverInput,
  deliverOrder,
  invoiceOrder,
  OfficeError,
  payInvoice,
  setOrderStatus,
} from './order-ops.ts';
import type { Account, Webshop } from './types.ts';
import { FieldError } from './validation.ts';
import { articleView, customerView, invoiceView, orderView, stockView } from './views.ts';

/**
 * `/_emulator/...`: JSON control surface standing in for Specter's office UI and for test read-outs.
 * Not part of Specter's API. Errors: 400 invalid input, 404 not found, 409 refused by state.
 */
export function registerControlRoutes(app: FastifyInstance, state: SpecterState): void {
  type Req = FastifyRequest<{
    Params: Record<string, string>;
    Body: Record<string, unknown> | undefined;
    Querystring: Record<string, string>;
  }>;
  const route = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    fn: (req: Req) => unknown,
    status = 200,
  ) => {
    app.route({
      method,
      url: `/_emulator${url}`,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        try {
          const out = fn(req as Req);
          return await reply.code(status).send(out ?? { ok: true });
        } catch (e) {
          if (e instanceof OfficeError) {
            const code = e.kind === 'notFound' ? 404 : e.kind === 'conflict' ? 409 : 400;
            return reply.code(code).send({ error: e.message });
          }
          if (e instanceof FieldError || e instanceof AccountSeedError)
            return reply.code(400).send({ error: e.message });
          throw e;
        }
      },
    });
  };
  const body = (req: Req) => (req.body ?? {}) as Record<string, unknown>;
  const account = (req: Req): Account => {
    const a = state.accounts.get(Number(req.params.sbmId));
    if (!a) throw new OfficeError(`account ${req.params.sbmId} not found`, 'notFound');
    return a;
  };
  const webshop = (a: Account, id: string | number): Webshop => {
    const w = a.webshops.get(Number(id));
    if (!w) throw new OfficeError(`webshop ${id} not found`, 'notFound');
    return w;
  };
  const order = (a: Account, no: string) => {
    const o = a.orders.get(Number(no));
    if (!o) throw new OfficeError(`order ${no} not found`, 'notFound');
    return o;
  };
  const invoice = (a: Account, no: string) => {
    const i = a.invoices.get(Number(no));
    if (!i) throw new OfficeError(`invoice ${no} not found`, 'notFound');
    return i;
  };
  const num = (v: unknown, name: string): number | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new FieldError(name, 'must be a number');
    return v;
  };
  const bell = state.callbacks;
  const now = () => state.now();
  const accountSummary = (a: Account) => ({
    sbmId: a.sbmId,
    apiVersion: a.credentials.apiVersion,
    webshops: [...a.webshops.values()].map((w) => ({
      webshopId: w.webshopId,
      name: w.name,
      callbackUrl: w.callbackUrl ?? null,
    })),
    stockSites: [...a.stockSites.values()],
    counts: {
      articles: a.articles.size,
      customers: a.customers.size,
      orders: a.orders.size,
      invoices: a.invoices.size,
    },
  });

  // settings, faults, request log, callbacks
  route('GET', '/settings', () => state.settings);
  route('PUT', '/settings', (req) => {
    const b = body(req);
    if (typeof b.utf8 === 'boolean') state.settings.utf8 = b.utf8;
    if (typeof b.decimalComma === 'boolean') state.settings.decimalComma = b.decimalComma;
    const limit = num(b.responseMaxLimit, 'responseMaxLimit');
    if (limit !== undefined) state.settings.responseMaxLimit = Math.max(1, Math.floor(limit));
    return state.settings;
  });
  route('GET', '/faults', () => state.faults.current());
  route('PUT', '/faults', (req) => state.faults.set(body(req) as FaultSettings));
  route('GET', '/requests', () => state.log.snapshot());
  route('DELETE', '/requests', () => {
    state.log.reset();
    return state.log.snapshot();
  });
  route('GET', '/callbacks', () => ({ busy: state.callbacks.busy(), attempts: state.callbacks.attempts }));

  // accounts and webshops
  route('GET', '/accounts', () => [...state.accounts.values()].map(accountSummary));
  route(
    'POST',
    '/accounts',
    (req) => accountSummary(state.addAccount(body(req) as unknown as SpecterAccountSeed)),
    201,
  );
  route('GET', '/accounts/:sbmId', (req) => accountSummary(account(req)));
  route(
    'POST',
    '/accounts/:sbmId/webshops',
    (req) => {
      const a = account(req);
      const b = body(req);
      if (a.credentials.apiVersion === 1) throw new OfficeError('multishop needs API v2', 'conflict');
      const id = num(b.webshopId, 'webshopId') ?? Math.max(0, ...a.webshops.keys()) + 1;
      if (a.webshops.has(id)) throw new OfficeError(`webshop ${id} exists`, 'conflict');
      const w = createWebshop(a, id, typeof b.name === 'string' ? b.name : `Webbshop ${id}`);
      return { webshopId: w.webshopId, name: w.name };
    },
    201,
  );
  route('PUT', '/accounts/:sbmId/webshops/:webshopId/callback-url', (req) => {
    const w = webshop(account(req), req.params.webshopId!);
    const url = body(req).url;
    if (url !== null && (typeof url !== 'string' || !/^https?:\/\//.test(url)))
      throw new FieldError('url', 'must be an http(s) URL or null');
    w.callbackUrl = url ?? undefined;
    return { webshopId: w.webshopId, callbackUrl: w.callbackUrl ?? null };
  });
  route('GET', '/accounts/:sbmId/webshops/:webshopId/feeds', (req) => {
    const w = webshop(account(req), req.params.webshopId!);
    return {
      stock: describeFeed(w.feeds.stock),
      articleInfo: describeFeed(w.feeds.articleInfo),
      orders: describeFeed(w.feeds.orders),
    };
  });

  // catalogue, stock, price lists
  route('GET', '/accounts/:sbmId/articles', (req) => {
    const a = account(req);
    return [...a.articles.values()].map((x) => ({ ...articleView(a, x), stock: stockView(a, x).sites }));
  });
  route('GET', '/accounts/:sbmId/articles/:articleNo', (req) => {
    const a = account(req);
    const x = a.articles.get(req.params.articleNo!);
    if (!x) throw new OfficeError(`article ${req.params.articleNo} not found`, 'notFound');
    return { ...articleView(a, x), stock: stockView(a, x).sites };
  });
  route('PUT', '/accounts/:sbmId/articles/:articleNo', (req) => {
    const a = account(req);
    const input = { ...body(req), articleNo: req.params.articleNo } as ArticleInput;
    validateArticleInput(input);
    const outcome = upsertArticle(a, input, true, bell);
    return { outcome, article: articleView(a, a.articles.get(input.articleNo)!) };
  });
  route('GET', '/accounts/:sbmId/stock', (req) => {
    const a = account(req);
    return [...a.articles.values()]
      .filter((x) => x.stockKeeping)
      .flatMap((x) => stockView(a, x).sites.map((s) => ({ articleNo: x.articleNo, ...s })));
  });
  route('POST', '/accounts/:sbmId/articles/:articleNo/stock', (req) => {
    const b = body(req);
    return adjustStock(
      account(req),
      req.params.articleNo!,
      {
        stockSiteId: num(b.stockSiteId, 'stockSiteId'),
        delta: num(b.delta, 'delta'),
        set: num(b.set, 'set'),
      },
      bell,
    );
  });
  route('GET', '/accounts/:sbmId/price-lists', (req) => {
    const a = account(req);
    return [...a.priceLists.values()].map((l) => ({
      ...l,
      prices: a.prices.filter((p) => p.priceListId === l.priceListId),
    }));
  });
  route('PUT', '/accounts/:sbmId/price-lists/:priceListId/prices/:articleNo', (req) => {
    const b = body(req);
    const price = b.priceExclVat === null ? null : num(b.priceExclVat, 'priceExclVat');
    if (price === undefined) throw new FieldError('priceExclVat', 'is required (null removes the entry)');
    setPrice(
      account(req),
      Number(req.params.priceListId),
      req.params.articleNo!,
      num(b.fromQuantity, 'fromQuantity') ?? 1,
      price,
      bell,
    );
    return { ok: true };
  });

  // customers, orders, invoices
  route('GET', '/accounts/:sbmId/customers', (req) => [...account(req).customers.values()].map(customerView));
  route('GET', '/accounts/:sbmId/customers/:customerId', (req) => {
    const c = account(req).customers.get(Number(req.params.customerId));
    if (!c) throw new OfficeError(`customer ${req.params.customerId} not found`, 'notFound');
    return customerView(c);
  });
  route('GET', '/accounts/:sbmId/orders', (req) => {
    const a = account(req);
    const shop = req.query.webshopId;
    return [...a.orders.values()]
      .filter((o) => shop === undefined || o.webshopId === Number(shop))
      .map((o) => orderView(a, o, false));
  });
  route('GET', '/accounts/:sbmId/orders/:orderNo', (req) => {
    const a = account(req);
    return orderView(a, order(a, req.params.orderNo!), false);
  });
  route('POST', '/accounts/:sbmId/orders/:orderNo/deliver', (req) => {
    const a = account(req);
    const o = order(a, req.params.orderNo!);
    return deliverOrder(a, o, body(req) as DeliverInput, bell, now());
  });
  route('POST', '/accounts/:sbmId/orders/:orderNo/invoice', (req) => {
    const a = account(req);
    return invoiceView(invoiceOrder(a, order(a, req.params.orderNo!), bell, now()));
  });
  route('POST', '/accounts/:sbmId/orders/:orderNo/cancel', (req) => {
    const a = account(req);
    return orderView(a, cancelOrder(a, order(a, req.params.orderNo!), bell, now()), false);
  });
  route('POST', '/accounts/:sbmId/orders/:orderNo/status', (req) => {
    const a = account(req);
    const statusId = num(body(req).statusId, 'statusId');
    if (statusId === undefined) throw new FieldError('statusId', 'is required');
    return orderView(a, setOrderStatus(a, order(a, req.params.orderNo!), statusId, bell, now()), false);
  });
  route('GET', '/accounts/:sbmId/invoices', (req) => [...account(req).invoices.values()].map(invoiceView));
  route('POST', '/accounts/:sbmId/invoices/:invoiceNo/pay', (req) => {
    const a = account(req);
    const paidDate = body(req).paidDate;
    return invoiceView(
      payInvoice(
        a,
        invoice(a, req.params.invoiceNo!),
        bell,
        now(),
        typeof paidDate === 'string' ? paidDate : undefined,
      ),
    );
  });
  route('POST', '/accounts/:sbmId/invoices/:invoiceNo/credit', (req) => {
    const a = account(req);
    return invoiceView(creditInvoice(a, invoice(a, req.params.invoiceNo!), bell, now()));
  });

  // ring a webshop's callback by hand (doorbell only; the feeds are not touched)
  route('POST', '/accounts/:sbmId/webshops/:webshopId/ring', (req) => {
    const a = account(req);
    const w = webshop(a, req.params.webshopId!);
    const b = body(req);
    const calltype = num(b.calltype, 'calltype');
    if (calltype === undefined || calltype < 1 || calltype > 5)
      throw new FieldError('calltype', 'must be 1..5');
    const params = Object.fromEntries(
      Object.entries((b.params ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    bell.ring(a, w, calltype as 1 | 2 | 3 | 4 | 5, params);
    return { ok: true };
  });
}
