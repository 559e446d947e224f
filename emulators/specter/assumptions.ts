import type { Params } from './params.ts';

/**
 * Every guess the emulator makes where the public Specter material is silent, in one place.
 *
 * Source: /work/shared/reference/specter/README.md. Items there tagged [P] (proposal) live here, so
 * that once the real API description (D1, "API-beskrivning ... version 2.45") is seen, a correction
 * is a change to this file and not a hunt through handlers. Items known for certain ([K]) are marked.
 * Anything named "x-emulator" does not exist in the public material at all.
 */

/** Error codes answered as `0;<code>;<message>` / `APIresponse/code`. Only 99 is [K]. */
export const CODES = {
  /** missing or invalid protocol parameter (action, sbmId, key, batchNo, webshopId, ...) */
  missingParam: 10,
  unknownAction: 11,
  badKey: 20,
  /** unknown sbmId or apiUserId */
  unknownAccount: 21,
  /** the API user may only read */
  noWriteRight: 22,
  /** customer, article, order, invoice, stock site or batch not found */
  notFound: 30,
  /** duplicate externalOrderNo within one webshop; `id` carries the existing order number */
  duplicateExternalOrderNo: 31,
  /** field validation; the message names the field */
  validation: 40,
  /** rate limited / too many concurrent calls; the message says "retry after N s" */
  rateLimited: 98,
  /** [K] a batch is still open; its number is quoted in single quotes in the message */
  batchOpen: 99,
} as const;

export type ErrorCode = (typeof CODES)[keyof typeof CODES];

/** Message of code 99. [K] the open batch number sits between single quotes. */
export const batchOpenMessage = (batchNo: string): string =>
  `Batch '${batchNo}' is still open, read and acknowledge it first`;

/** Message of code 31: the existing order number is also in the XML `id` element. */
export const duplicateOrderMessage = (externalOrderNo: string, orderNo: number): string =>
  `externalOrderNo '${externalOrderNo}' already exists as orderNo=${orderNo}`;

export const rateLimitMessage = (seconds: number): string => `Rate limit exceeded, retry after ${seconds} s`;
export const tooManyConcurrentMessage = 'Too many concurrent calls, retry after 1 s';

/** Order `statusId` values. Only 5 (deleted/cancelled) is [K], and only by its effect. */
export const ORDER_STATUS = {
  registered: 1,
  confirmed: 2,
  picking: 3,
  /** fully delivered and fully invoiced */
  closed: 4,
  cancelled: 5,
} as const;

/** Order `deliveryStatus` values. Only `D` is [K]. */
export const DELIVERY_STATUS = { none: 'N', partly: 'P', delivered: 'D' } as const;
export type DeliveryStatus = (typeof DELIVERY_STATUS)[keyof typeof DELIVERY_STATUS];

/** Callback `calltype` values [K: P1]. */
export const CALLTYPE = {
  stockChanged: 1,
  invoiceCreated: 2,
  orderDeleted: 3,
  orderUpdated: 4,
  articleInfoChanged: 5,
} as const;
export type CallType = (typeof CALLTYPE)[keyof typeof CALLTYPE];

/** Default callback retry back-off; overridable per instance (options.callbackRetryDelaysMs). */
export const DEFAULT_CALLBACK_RETRY_DELAYS_MS = [1000, 5000, 30000, 120000];
/** One callback attempt gives up after this long. */
export const CALLBACK_TIMEOUT_MS = 5000;
/** A callback answer counts as received when its body starts with this. */
export const CALLBACK_OK_PREFIX = '1;';
/**
 * Which secret signs callbacks: key = md5(secret + sbmId + calltype). A1 speaks of one "md5key";
 * for v1 we take Key 1, for v2 the IntegrationKey.
 */
export const CALLBACK_SECRET = { v1: 'key1', v2: 'integrationKey' } as const;

/** Page size of the article-info feed: [K] the `responseMaxLimit` element exists, 500 is a hint from P1. */
export const DEFAULT_RESPONSE_MAX_LIMIT = 500;
/** x-emulator getArticleList default and maximum page size. */
export const ARTICLE_LIST_PAGE_SIZE = { default: 100, max: 1000 };

/** A new account/webshop feed offers the whole catalogue at first (brief), stock as well (our guess). */
export const INITIAL_FEED_OFFERS_CATALOGUE = { articleInfo: true, stock: true } as const;
/** Creating an order through the API puts it on the order feed too (it changed, after all). */
export const ORDER_FEED_ECHOES_NEW_ORDERS = true;
/** Acking the last acked batch again answers OK (lets a client retry an ack whose answer was lost). */
export const REPEATED_ACK_IS_OK = true;

/** VAT percentages accepted (Swedish rates). */
export const VAT_PERCENTS = [0, 6, 12, 25] as const;

/** Article number rules: [K: A1] no spaces, å ä ö & % # € or commas; the length is a guess. */
export const ARTICLE_NO_MAX_LENGTH = 25;
export const ARTICLE_NO_FORBIDDEN = /[\såäöÅÄÖ&%#€,]/;

/**
 * Field limits. [K: C2, C3] where noted, the rest are guesses of the same order of magnitude.
 */
export const FIELD_LIMITS: Record<string, number> = {
  // customer [K: C3]
  name: 100,
  emailAddress: 100,
  orgNo: 20,
  vatNo: 30,
  homepage: 50,
  phoneNo: 50,
  mobileNo: 50,
  firstName: 50,
  surName: 50,
  // customer, guessed
  contactPerson: 50,
  attention: 50,
  deliveryAttention: 50,
  invoiceCompanyName: 100,
  deliveryCompanyName: 100,
  address: 100,
  addressRow2: 100,
  deliveryAddress: 100,
  deliveryAddressRow2: 100,
  zipCodeEng: 20,
  deliveryZipCodeEng: 20,
  city: 50,
  deliveryCity: 50,
  region: 50,
  deliveryregion: 50,
  // order [K: C2] customer reference 70, order reference 50, delivery method 100
  customerOrderReference: 70,
  externalDeliveryMethod: 100,
  // order, guessed
  externalOrderNo: 50,
  payTypeReference: 100,
  payTypeIdentifierPaySystemUser: 50,
  preparedShipmentId: 50,
  internalComment: 1000,
  publishedComment: 1000,
  articleName: 100,
  articleComment: 255,
  // article, guessed
  barCode: 30,
  supplierNo: 20,
  supplierName: 100,
  supplierArticleNo: 50,
};

/** Languages accepted on customers and orders: [K] SE EN NO FI DA ES DE seen; others are guesses. */
export const LANGUAGES = ['SE', 'EN', 'NO', 'FI', 'DA', 'ES', 'DE', 'FR', 'NL', 'IS'];

/** payTypeIdentifier codes seen in P1 [K]; the emulator only checks the shape (1-4 capitals). */
export const KNOWN_PAY_TYPES = [
  'I',
  'PP',
  'P',
  'D',
  'K',
  'KG',
  'DP',
  'AE',
  'PE',
  'SP',
  'SS',
  'SK',
  'SCH',
  'SW',
  'PY',
  'PL',
  'CN',
  'HF',
  'CL',
  'BC',
];
export const PAY_TYPE_SHAPE = /^[A-Z]{1,4}$/;

/** x-emulator parameters and actions (none of them is public). */
export const X_EMULATOR = {
  /** newOrderSubmit: create (deliver + invoice) a Specter invoice right away (D2 says this exists). */
  createInvoiceParam: 'createInvoice',
  /** newArticleSubmit: variant link fields per row (`mainArticleNo_N`, `variantValues_N`, `isMainArticle_N`). */
  mainArticleNoParam: 'mainArticleNo',
  variantValuesParam: 'variantValues',
  isMainArticleParam: 'isMainArticle',
  /** newArticleSubmit: `createArticleStock_N=1` is [K]; without it the article has no stock keeping. */
  actions: [
    'getOrderInfo',
    'getCustomerInfo',
    'cancelOrderSubmit',
    'getArticleList',
    'getPriceLists',
    'registerCallbackUrl',
  ],
} as const;

/** `variantValues` format, e.g. "Färg=Blå;Storlek=S". */
export const VARIANT_VALUES_SHAPE = /^[^=;]+=[^=;]+(;[^=;]+=[^=;]+)*$/;

/**
 * The per-call salt X of the key (1.2). [K] for the feeds, newOrderSubmit, newArticleSubmit and
 * newCustomerSubmit; the rest are guesses. Keys are lower-case action names. `undefined` means the
 * salt parameter is missing (answered with code 10).
 */
export const KEY_SALT: Record<string, { from: string; salt: (p: Params) => string | undefined }> = {
  getarticleexternalneedupdate: { from: 'batchNo', salt: (p) => p.get('batchNo') },
  updatearticlesfrombatch: { from: 'batchNo', salt: (p) => p.get('batchNo') },
  getarticleinfoexternalneedupdate: { from: 'batchNo', salt: (p) => p.get('batchNo') },
  updatearticleinfosfrombatch: { from: 'batchNo', salt: (p) => p.get('batchNo') },
  getordersexternalneedupdate: { from: 'batchNo', salt: (p) => p.get('batchNo') },
  updateordersfrombatch: { from: 'batchNo', salt: (p) => p.get('batchNo') },
  newordersubmit: { from: 'customerId', salt: (p) => p.get('customerId') },
  newarticlesubmit: {
    from: 'articleNo_1 (the first article)',
    salt: (p) => p.indexed('articleNo')[0]?.value,
  },
  newcustomersubmit: { from: 'name (or firstName + surName)', salt: (p) => customerNameSalt(p) },
  // guesses
  checkaccountsettings: { from: 'nothing (empty X)', salt: () => '' },
  getorderinfo: {
    from: 'orderNo or externalOrderNo',
    salt: (p) => p.get('orderNo') ?? p.get('externalOrderNo'),
  },
  getcustomerinfo: {
    from: 'customerId, emailAddress or orgNo',
    salt: (p) => p.get('customerId') ?? p.get('emailAddress') ?? p.get('orgNo'),
  },
  cancelordersubmit: { from: 'orderNo', salt: (p) => p.get('orderNo') },
  getarticlelist: { from: 'page (default "1")', salt: (p) => p.get('page') ?? '1' },
  getpricelists: { from: 'nothing (empty X)', salt: () => '' },
  registercallbackurl: { from: 'url', salt: (p) => p.get('url') },
};

/** [K] company name, or "first last" for a person, double spaces collapsed and trimmed. */
export function customerNameSalt(p: Params): string | undefined {
  const form = (p.get('customerOrganizationalForm') ?? 'C').toUpperCase();
  const raw = form === 'P' ? `${p.get('firstName') ?? ''} ${p.get('surName') ?? ''}` : (p.get('name') ?? '');
  const name = raw.replace(/\s{2,}/g, ' ').trim();
  return name === '' ? undefined : name;
}

/** In v2, a call without apiUserId is checked against the account's first API user. */
export const V2_DEFAULT_API_USER = 'first';

/** Query string wins over form body when a name is in both (classic ASP `Request()` order). */
export const QUERY_BEFORE_BODY = true;

/** Customer matching normalises org/personal numbers to letters and digits only. */
export const normaliseOrgNo = (orgNo: string): string => orgNo.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

/** Answer texts of successful writes (the third field is free text [K]). */
export const MESSAGES = {
  customerCreated: 'Customer created',
  customerMatched: 'Customer matched',
  customerUpdated: 'Customer matched and updated',
  orderCreated: 'Order created',
  orderCreatedWithInvoice: (invoiceNo: number) => `Order created, invoiceNo=${invoiceNo}`,
  articles: (created: number, updated: number, unchanged: number) =>
    `created=${created} updated=${updated} unchanged=${unchanged}`,
  ok: 'OK',
};

/** XML element and attribute names that are proposals ([P]); [K] ones are written inline with a tag. */
export const XML = {
  root: 'specter',
  response: 'APIresponse', // [K]
  stockChanges: 'stockChanges', // [K]
  articles: 'articles', // [K]
  orders: 'orders', // [K]
  customer: 'customer',
  priceLists: 'priceLists',
  priceList: 'priceList',
  paging: 'paging',
  webshops: 'webshops',
  webshop: 'webshop',
};

/** Text-mode line separator [K: CR] and field separator [K]. */
export const TEXT_LINE_SEPARATOR = '\r';
export const TEXT_FIELD_SEPARATOR = ';';

/**
 * Text-mode line layouts of the feeds. Stock is [K]; article info and orders are guesses (P1 only
 * reads those as XML).
 */
export const TEXT_LAYOUT = {
  stock: ['specterId', 'articleNo', 'quantity', 'batchNo'],
  articleInfo: ['specterId', 'articleNo', 'name', 'priceExclVat', 'vatPercent', 'barCode', 'batchNo'],
  orders: ['orderNo', 'externalOrderNo', 'statusId', 'deliveryStatus', 'trackingNo', 'batchNo'],
};

/** Stock quantity literal for articles without stock keeping [K]. */
export const NO_STOCK_KEEPING = 'noItemsAvailable';

/** An account-level service article used for shipping rows; has no stock keeping. */
export const SHIPPING_ARTICLE = { articleNo: 'FRAKT', name: 'Frakt', priceExclVat: 49, vatPercent: 25 };

/** Seeded customer groups: group 1 = consumers (no price list); price lists point at groups 2, 3, 4. */
export const DEFAULT_CUSTOMER_GROUP_ID = 1;
