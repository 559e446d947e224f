// The client Koppla's engine uses to talk to Specter's webshop API (getInfo.asp / putInfo.asp).
// One method per Specter call; every method either returns parsed Specter-side data or throws a
// SyncError (TransientError / PermanentError) the engine can act on.

import { randomBytes } from 'node:crypto';
import type { BackoffPolicy } from '../../domain/backoff.ts';
import { PermanentError } from '../../domain/errors.ts';
import type { PriceList } from '../../domain/types.ts';
import type { SpecterAnswer } from './answer.ts';
import {
  ACTION_SCRIPT,
  ACTIONS,
  CREATE_INVOICE_PARAM,
  ERROR_CODES,
  FEEDS,
  type FeedName,
  KEY_SALT_GUESSES,
  USE_XML,
} from './assumptions.ts';
import {
  articleInfoCollector,
  parseArticleInfos,
  parseOrderStatus,
  parseOrderStatuses,
  parsePriceLists,
  parseStockSites,
  responseMaxLimit,
  totalCount,
} from './feed-parsers.ts';
import { customerNameSalt, type WireEncoding } from './key.ts';
import { openBatchNoFromMessage, specterError } from './specter-errors.ts';
import type {
  SpecterArticleInfo,
  SpecterArticleRow,
  SpecterCustomerFields,
  SpecterOrderHeader,
  SpecterOrderRow,
  SpecterOrderStatus,
  SpecterStockSite,
} from './specter-types.ts';
import { type CallSpec, type SpecterRequestLogEntry, SpecterTransport } from './transport.ts';
import { FormList, type FormParams, formatDecimal } from './wire-format.ts';
import { findFirst } from './xml.ts';

export interface SpecterClientOptions {
  baseUrl: string;
  sbmId: number;
  apiVersion: 'v1' | 'v2';
  apiUserId?: number;
  /** v2 ApiUserKey, v1 MD5 Key 1. */
  innerKey: string;
  /** v2 IntegrationKey, v1 MD5 Key 2. */
  outerKey: string;
  /** Multishop web shop number (needs API v2). */
  webshopId?: number;
  /** Wire encoding of requests; default latin1. */
  encoding?: WireEncoding;
  /** Per-attempt timeout; default 30 s. */
  timeoutMs?: number;
  /** Quick retries of transient failures inside one call; default 2. */
  maxRetries?: number;
  /** Delays between those retries; default 250 ms doubling up to 4 s. */
  backoff?: BackoffPolicy;
  /** A wait longer than this (e.g. a long code-98 retry-after) is left to the engine; default 15 s. */
  maxInCallWaitMs?: number;
  /** Called after every HTTP attempt, key redacted, for the engine's attempt log. */
  onRequest?(entry: SpecterRequestLogEntry): void;
  /** Awaited before every HTTP attempt (the engine's per-connection rate limit). */
  beforeRequest?(): Promise<void>;
  /** Seams for tests: jitter source, sleeping and fresh batch numbers. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  newBatchNo?: () => string;
}

export type CustomerMatchBy = 'email' | 'orgNo' | 'email-then-orgNo' | 'always-new';

export interface SubmitCustomerOptions {
  /** Overwrite a matched customer's data with the submitted data (`forceCustomerUpdate=1`). */
  forceUpdate: boolean;
  matchBy: CustomerMatchBy;
}

export interface SubmitOrderResult {
  orderNo: string;
  /** True when Specter already had this externalOrderNo (code 31) and we got its order number. */
  duplicate: boolean;
}

export type OrderLookup = { externalOrderNo: string; webshopId?: number } | { orderNo: string };

export interface FeedItems {
  stock: SpecterStockSite;
  articleInfo: SpecterArticleInfo;
  orders: SpecterOrderStatus;
}

export interface FeedBatch<T> {
  batchNo: string;
  items: T[];
  /** `responseMaxLimit` was reached: ack this batch and read again. */
  more: boolean;
}

export interface AccountCheck {
  sbmId: string;
  message: string;
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 250, maxDelayMs: 4_000 };

function bool(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? '1' : '0';
}

/** Drops undefined values so absent fields are not sent at all. */
function compact(params: Record<string, string | undefined>): FormParams {
  const out: FormParams = {};
  for (const [name, value] of Object.entries(params)) if (value !== undefined) out[name] = value;
  return out;
}

/** The number of the existing order in a code-31 message: a quoted value, else the last number. */
export function existingOrderNoFromMessage(message: string, externalOrderNo: string): string | undefined {
  const quoted = [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]!).filter((v) => v !== externalOrderNo);
  if (quoted.length > 0) return quoted[quoted.length - 1];
  const numbers = [...message.matchAll(/\d+/g)].map((m) => m[0]).filter((v) => v !== externalOrderNo);
  return numbers[numbers.length - 1];
}

export class SpecterClient {
  private readonly transport: SpecterTransport;
  private readonly newBatchNo: () => string;

  constructor(private readonly options: SpecterClientOptions) {
    if (options.webshopId !== undefined && options.apiVersion === 'v1') {
      throw new PermanentError(
        'Specter multishop (webshopId) needs API v2 credentials; this connection uses API v1.',
        {
          code: 'specter-config',
        },
      );
    }
    this.transport = new SpecterTransport({
      baseUrl: options.baseUrl,
      sbmId: options.sbmId,
      apiVersion: options.apiVersion,
      apiUserId: options.apiUserId,
      innerKey: options.innerKey,
      outerKey: options.outerKey,
      encoding: options.encoding ?? 'latin1',
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      maxInCallWaitMs: options.maxInCallWaitMs ?? 15_000,
      onRequest: options.onRequest,
      beforeRequest: options.beforeRequest ? () => options.beforeRequest!() : undefined,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
    // P1 uses md5(now); random bytes give the same shape without collisions between workers.
    this.newBatchNo = options.newBatchNo ?? (() => randomBytes(16).toString('hex'));
  }

  private call(spec: Omit<CallSpec, 'script'> & { script?: 'read' | 'write' }) {
    return this.transport.call({ script: 'read', ...spec });
  }

  private requireId(action: string, answer: SpecterAnswer): string {
    if (answer.id && answer.id.trim() !== '') return answer.id.trim();
    throw new PermanentError(`Specter accepted ${action} but did not return an id`, {
      code: 'specter-missing-id',
      details: { action, message: answer.message },
    });
  }

  /** Credential check; resolves when Specter accepts the SBM ID, API user and keys. */
  async checkAccountSettings(): Promise<AccountCheck> {
    const { answer } = await this.call({
      action: ACTIONS.checkAccountSettings,
      script: ACTION_SCRIPT.checkAccountSettings,
      salt: KEY_SALT_GUESSES.checkAccountSettings(),
      idempotent: true,
    });
    return { sbmId: answer.id ?? '', message: answer.message };
  }

  /** Creates or matches a customer; returns Specter's customer id. */
  async submitCustomer(fields: SpecterCustomerFields, options: SubmitCustomerOptions): Promise<number> {
    const matchFlags: Record<CustomerMatchBy, FormParams> = {
      email: { ignoreControlOrgNo: '1' },
      orgNo: { ignoreControlEmail: '1' },
      'email-then-orgNo': {},
      'always-new': { ignoreControlEmail: '1', ignoreControlOrgNo: '1' },
    };
    const { answer } = await this.call({
      action: ACTIONS.newCustomerSubmit,
      script: ACTION_SCRIPT.newCustomerSubmit,
      salt: customerNameSalt(fields),
      useXml: USE_XML.writeText,
      query: compact({
        forceCustomerUpdate: options.forceUpdate ? '1' : undefined,
        ...matchFlags[options.matchBy],
      }),
      fields,
      // Matching by e-mail / number makes a repeat harmless; "always new" would create a twin.
      idempotent: options.matchBy !== 'always-new',
    });
    const id = this.requireId(ACTIONS.newCustomerSubmit, answer);
    if (!/^\d+$/.test(id)) {
      throw new PermanentError(`Specter returned a customer id that is not a number: "${id}"`, {
        code: 'specter-unreadable-response',
      });
    }
    return Number(id);
  }

  /**
   * Creates an order. Exactly-once: the duplicate control on externalOrderNo stays on, and code 31
   * (already there) is a success carrying the existing order number.
   */
  async submitOrder(header: SpecterOrderHeader, rows: SpecterOrderRow[]): Promise<SubmitOrderResult> {
    if (rows.length === 0) {
      throw new PermanentError(`Order ${header.externalOrderNo} has no rows to send to Specter`, {
        code: 'specter-empty-order',
      });
    }
    const webshopId = header.webshopId ?? this.options.webshopId;
    const fields = compact({
      customerId: String(header.customerId),
      externalOrderNo: header.externalOrderNo,
      currency: header.currency,
      language: header.language,
      payTypeIdentifier: header.payTypeIdentifier,
      payTypeReference: header.payTypeReference,
      payTypeIdentifierPaySystemUser: header.payTypeIdentifierPaySystemUser,
      isPrepayment: header.isPrepayment ? '1' : undefined,
      internalComment: header.internalComment,
      publishedComment: header.publishedComment,
      customerOrderReference: header.customerOrderReference,
      sendOrderMail: bool(header.sendOrderMail),
      externalDeliveryMethod: header.externalDeliveryMethod,
      stocksiteid: header.stockSiteId === undefined ? undefined : String(header.stockSiteId),
      [CREATE_INVOICE_PARAM]: header.createInvoice ? '1' : undefined,
    });
    rows.forEach((row, index) => {
      const n = index + 1;
      Object.assign(
        fields,
        compact({
          [`articleNo_${n}`]: row.articleNo,
          [`articleName_${n}`]: row.articleName,
          [`articleComment_${n}`]: row.articleComment,
          [`priceExclVAT_${n}`]: formatDecimal(row.priceExclVAT),
          [`noOfItems_${n}`]: formatDecimal(row.noOfItems),
          [`vatPercent_${n}`]: formatDecimal(row.vatPercent),
        }),
      );
    });
    const { answer } = await this.call({
      action: ACTIONS.newOrderSubmit,
      script: ACTION_SCRIPT.newOrderSubmit,
      salt: String(header.customerId),
      useXml: USE_XML.writeText,
      query: compact({ webshopId: webshopId === undefined ? undefined : String(webshopId) }),
      fields,
      acceptCodes: [ERROR_CODES.duplicateExternalOrderNo],
      idempotent: true,
    });
    if (answer.ok) return { orderNo: this.requireId(ACTIONS.newOrderSubmit, answer), duplicate: false };
    const fromAnswer = answer.id ?? existingOrderNoFromMessage(answer.message, header.externalOrderNo);
    if (fromAnswer) return { orderNo: fromAnswer, duplicate: true };
    const existing = await this.getOrderInfo({ externalOrderNo: header.externalOrderNo, webshopId });
    if (existing) return { orderNo: existing.orderNo, duplicate: true };
    throw new PermanentError(
      `Specter says order ${header.externalOrderNo} already exists but names no order number, and it cannot be looked up.`,
      { code: `specter-${ERROR_CODES.duplicateExternalOrderNo}`, details: { message: answer.message } },
    );
  }

  /** One order's status (x-emulator getOrderInfo), or null when Specter has no such order. */
  async getOrderInfo(lookup: OrderLookup): Promise<SpecterOrderStatus | null> {
    const isExternal = 'externalOrderNo' in lookup;
    const webshopId = isExternal ? (lookup.webshopId ?? this.options.webshopId) : undefined;
    const { answer } = await this.call({
      action: ACTIONS.getOrderInfo,
      script: ACTION_SCRIPT.getOrderInfo,
      salt: KEY_SALT_GUESSES.getOrderInfo(isExternal ? lookup.externalOrderNo : lookup.orderNo),
      useXml: USE_XML.xml,
      fields: isExternal
        ? compact({ externalOrderNo: lookup.externalOrderNo, webshopId: webshopId?.toString() })
        : { orderNo: lookup.orderNo },
      acceptCodes: [ERROR_CODES.notFound],
      idempotent: true,
    });
    if (!answer.ok || !answer.doc) return null;
    const order = findFirst(answer.doc, 'order');
    return order ? (parseOrderStatus(order) ?? null) : null;
  }

  /** Cancels an order (x-emulator cancelOrderSubmit); Specter refuses once a delivery exists. */
  async cancelOrder(orderNo: string): Promise<void> {
    await this.call({
      action: ACTIONS.cancelOrderSubmit,
      script: ACTION_SCRIPT.cancelOrderSubmit,
      salt: orderNo,
      useXml: USE_XML.writeText,
      query: { orderNo },
      idempotent: true,
    });
  }

  /** Creates articles (and updates existing ones when forceUpdate). Returns Specter's answer id/message. */
  async submitArticles(
    rows: SpecterArticleRow[],
    options: { forceUpdate: boolean },
  ): Promise<{ id?: string; message: string }> {
    const first = rows[0];
    if (!first)
      throw new PermanentError('No articles to send to Specter', { code: 'specter-empty-articles' });
    const fields = new FormList();
    if (options.forceUpdate) fields.add('forceArticleUpdate', '1');
    // Written field by field (absent values are not sent): a batch is 200 rows of a dozen fields.
    const put = (name: string, n: number, value: string | undefined) => {
      if (value !== undefined) fields.add(`${name}_${n}`, value);
    };
    const decimal = (value: number | undefined, places?: number) =>
      value === undefined ? undefined : formatDecimal(value, places);
    rows.forEach((row, index) => {
      const n = index + 1;
      put('articleNo', n, row.articleNo);
      put('name', n, row.name);
      put('priceExclVAT', n, decimal(row.priceExclVAT));
      put('vatPercent', n, decimal(row.vatPercent));
      put('barCode', n, row.barCode);
      put('buyPrice', n, decimal(row.buyPrice));
      put('productWeight', n, decimal(row.productWeight, 3));
      put('createArticleStock', n, row.createArticleStock ? '1' : undefined);
      put('noItemsInStock', n, decimal(row.noItemsInStock));
      put('mainArticleNo', n, row.mainArticleNo);
      put('variantValues', n, row.variantValues);
      put('isMainArticle', n, row.isMainArticle ? '1' : undefined);
    });
    const { answer } = await this.call({
      action: ACTIONS.newArticleSubmit,
      script: ACTION_SCRIPT.newArticleSubmit,
      salt: first.articleNo,
      useXml: USE_XML.writeText,
      fields,
      idempotent: true,
    });
    return { id: answer.id || undefined, message: answer.message };
  }

  /** One page of the whole article register (x-emulator getArticleList), for initial sync. */
  async getArticleList(
    page: number,
    pageSize: number,
  ): Promise<{ items: SpecterArticleInfo[]; totalCount?: number }> {
    // A page's articles are read as they are parsed (xml.ts Detach), never kept as one tree.
    const articles = articleInfoCollector();
    const { answer } = await this.call({
      action: ACTIONS.getArticleList,
      script: ACTION_SCRIPT.getArticleList,
      salt: KEY_SALT_GUESSES.getArticleList(page),
      useXml: USE_XML.xml,
      fields: { page: String(page), pageSize: String(pageSize) },
      idempotent: true,
      detach: articles,
    });
    if (!answer.doc) return { items: [], totalCount: 0 };
    return { items: articles.items, totalCount: totalCount(answer.doc) };
  }

  /** All price lists (x-emulator getPriceLists). */
  async getPriceLists(): Promise<PriceList[]> {
    const { answer } = await this.call({
      action: ACTIONS.getPriceLists,
      script: ACTION_SCRIPT.getPriceLists,
      salt: KEY_SALT_GUESSES.getPriceLists(),
      useXml: USE_XML.xml,
      idempotent: true,
    });
    return answer.doc ? parsePriceLists(answer.doc) : [];
  }

  /** Tells Specter where to ring on changes (x-emulator registerCallbackUrl). */
  async registerCallbackUrl(url: string): Promise<void> {
    await this.call({
      action: ACTIONS.registerCallbackUrl,
      script: ACTION_SCRIPT.registerCallbackUrl,
      salt: KEY_SALT_GUESSES.registerCallbackUrl(url),
      useXml: USE_XML.writeText,
      fields: { url },
      idempotent: true,
    });
  }

  /**
   * Reads the next batch of a change feed. If an older batch is still open (code 99), that batch is
   * read instead and its number returned, so the caller stores it and acks it.
   */
  async readFeed<F extends FeedName>(feed: F): Promise<FeedBatch<FeedItems[F]>> {
    let batchNo = this.newBatchNo();
    for (let round = 0; round < 3; round++) {
      const { answer } = await this.call({
        action: FEEDS[feed].read,
        salt: batchNo,
        useXml: USE_XML.xml,
        fields: compact({
          batchNo,
          getMultipleStocksites: feed === 'stock' ? '1' : undefined,
          // Each web shop of a multishop account has its own change feeds.
          webshopId: this.options.webshopId?.toString(),
        }),
        acceptCodes: [ERROR_CODES.batchOpen],
        idempotent: true,
      });
      if (answer.ok) return { batchNo, ...this.feedItems(feed, answer) };
      const open = openBatchNoFromMessage(answer.message);
      if (!open || open === batchNo) break;
      batchNo = open;
    }
    throw specterError(
      ERROR_CODES.batchOpen,
      `batch ${batchNo} stays open`,
      this.transport.errorContext(FEEDS[feed].read),
    );
  }

  private feedItems<F extends FeedName>(
    feed: F,
    answer: SpecterAnswer,
  ): { items: FeedItems[F][]; more: boolean } {
    const doc = answer.doc;
    if (!doc) return { items: [], more: false };
    const limit = responseMaxLimit(doc);
    let items: FeedItems[FeedName][];
    let count: number;
    if (feed === 'stock') {
      const sites = parseStockSites(doc);
      items = sites;
      count = new Set(sites.flatMap((s) => s.articles.map((a) => a.articleNo))).size;
    } else if (feed === 'articleInfo') {
      items = parseArticleInfos(doc);
      count = items.length;
    } else {
      items = parseOrderStatuses(doc);
      count = items.length;
    }
    return { items: items as FeedItems[F][], more: limit !== undefined && limit > 0 && count >= limit };
  }

  /** Acknowledges a batch after its content is committed locally. */
  async ackFeed(feed: FeedName, batchNo: string): Promise<void> {
    const { answer, attempts } = await this.call({
      action: FEEDS[feed].ack,
      salt: batchNo,
      useXml: USE_XML.xml,
      fields: compact({ batchNo, webshopId: this.options.webshopId?.toString() }),
      acceptCodes: [ERROR_CODES.notFound],
      idempotent: true,
    });
    // "Unknown batch" on a repeat means the first try got through and closed it.
    if (!answer.ok && !(answer.code === ERROR_CODES.notFound && attempts > 1)) {
      throw specterError(answer.code ?? 0, answer.message, this.transport.errorContext(FEEDS[feed].ack));
    }
  }
}
