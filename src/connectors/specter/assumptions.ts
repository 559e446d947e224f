// Every guess about the Specter API that is NOT seen in a public source lives here, so that a real
// API description (D1, "API-beskrivning Webbshopsintegration", 34 pages) can correct them in one place.
// Sources: shared/reference/specter/README.md section 4 ([P] proposals) and the project's own
// agreements with the emulator's author (marked "project"). Known facts ([K]) are used directly in
// the code and are not repeated here, except where a guess is attached to them.

/** Scripts and the read/write split of the RPC API ([K] names, [I] GET for reads, POST for writes). */
export const SCRIPTS = { read: 'getInfo.asp', write: 'putInfo.asp' } as const;

/** Action names. Known ones [K] are listed for completeness; the x-emulator ones are guesses. */
export const ACTIONS = {
  checkAccountSettings: 'checkAccountSettings',
  newCustomerSubmit: 'newCustomerSubmit',
  newOrderSubmit: 'newOrderSubmit',
  newArticleSubmit: 'newArticleSubmit',
  // x-emulator [P]
  getOrderInfo: 'getOrderInfo',
  cancelOrderSubmit: 'cancelOrderSubmit',
  // x-emulator (project)
  getArticleList: 'getArticleList',
  getPriceLists: 'getPriceLists',
  registerCallbackUrl: 'registerCallbackUrl',
} as const;

/** Which script each non-feed action is sent to. `registerCallbackUrl` changes state: a write (project). */
export const ACTION_SCRIPT: Record<keyof typeof ACTIONS, 'read' | 'write'> = {
  checkAccountSettings: 'read',
  newCustomerSubmit: 'write',
  newOrderSubmit: 'write',
  newArticleSubmit: 'write',
  getOrderInfo: 'read',
  cancelOrderSubmit: 'write',
  getArticleList: 'read',
  getPriceLists: 'read',
  registerCallbackUrl: 'write',
};

/** The three change feeds: read action, ack action [K: P1, D1]. */
export const FEEDS = {
  stock: { read: 'getArticleExternalNeedUpdate', ack: 'updateArticlesFromBatch' },
  articleInfo: { read: 'getArticleInfoExternalNeedUpdate', ack: 'updateArticleInfosFromBatch' },
  orders: { read: 'getOrdersExternalNeedUpdate', ack: 'updateOrdersFromBatch' },
} as const;

export type FeedName = keyof typeof FEEDS;

/**
 * `useXML` values: 2 = XML answer [K]; writes send 1 and get the `result;id;message` text answer [K: P1].
 * `checkAccountSettings` is sent without useXML; its answer `1;<sbmId>;OK` is a [P].
 */
export const USE_XML = { xml: '2', writeText: '1' } as const;

/**
 * The salt X of the request key for calls where no source names one [P/project]. Known salts
 * (batchNo, customerId, first articleNo, customer name, cancel: orderNo) are computed in the client.
 * Calls without a natural identifier use the empty string.
 */
export const KEY_SALT_GUESSES = {
  checkAccountSettings: () => '',
  /** getOrderInfo: the identifier being asked for (externalOrderNo, else orderNo). */
  getOrderInfo: (id: string) => id,
  /** getArticleList: the page number asked for. */
  getArticleList: (page: number) => String(page),
  getPriceLists: () => '',
  /** registerCallbackUrl: the URL itself. */
  registerCallbackUrl: (url: string) => url,
} as const;

/** Specter error codes. Only 99 is known [K: P1]; the rest is the [P] table of section 4. */
export const ERROR_CODES = {
  invalidParam: 10,
  unknownAction: 11,
  badKey: 20,
  unknownAccount: 21,
  noWriteRight: 22,
  notFound: 30,
  duplicateExternalOrderNo: 31,
  validation: 40,
  rateLimited: 98,
  batchOpen: 99,
} as const;

/** Element names inside `APIresponse` [K: result, code, message; P: id carrying the new/existing id]. */
export const API_RESPONSE = {
  element: 'APIresponse',
  result: 'result',
  code: 'code',
  message: 'message',
  id: 'id',
} as const;

/** Text the code-98 message carries, e.g. "Rate limit exceeded, retry after 12 s" [P]. */
export const RETRY_AFTER_PATTERN = /retry\s+after\s+(\d+(?:[.,]\d+)?)\s*s/i;

/** Order-feed status values [P] except deliveryStatus D and statusId 5, which are known [K: P1]. */
export const DELIVERY_STATUS = { notDelivered: 'N', partlyDelivered: 'P', delivered: 'D' } as const;
export const ORDER_STATUS_ID = { registered: 1, confirmed: 2, picking: 3, closed: 4, cancelled: 5 } as const;

/** Element and attribute names of the feeds [P] beyond the known ones noted in feed-parsers.ts. */
export const FEED_ELEMENTS = {
  stockSite: 'stock',
  stockSiteId: 'stockSiteId',
  stockSiteName: 'name',
  stockSiteIsDefault: 'isDefault',
  article: 'article',
  noItemsAv: 'noItemsAv',
  noItemsInStock: 'noItemsInStock',
  noItemsAvailableLiteral: 'noItemsAvailable',
  responseMaxLimit: 'responseMaxLimit',
  order: 'order',
  orderStatus: 'orderstatus',
  deliveries: 'deliveries',
  delivery: 'delivery',
  row: 'row',
  invoice: 'invoice',
  prices: 'prices',
  price: 'price',
  // article attributes [P]
  mainArticleNo: 'mainArticleNo',
  variantValues: 'variantValues',
  isMainArticle: 'isMainArticle',
  vatPercent: 'vatPercent',
  /** Not in the notes at all (project guess): an article removed in Specter. */
  deleted: 'deleted',
  // x-emulator list answers (project)
  totalCount: 'totalCount',
  priceList: 'priceList',
} as const;

/** Separators of `variantValues="Färg=Blå;Storlek=S"` [P]. */
export const VARIANT_VALUES = { pairSeparator: ';', keyValueSeparator: '=' } as const;

/** The `stock` element of a site without an id attribute: the account's default site. */
export const DEFAULT_STOCK_SITE_ID = 'default';

/** Callback call types [K: P1] and the verification key `md5(md5key + sbmId + calltype)` [P]. */
export const CALLBACK_CALL_TYPES = {
  '1': 'stock',
  '2': 'invoice',
  '3': 'order-deleted',
  '4': 'order-updated',
  '5': 'article-info',
} as const;

/** Order-as-invoice mode: `createInvoice=1` on newOrderSubmit (project). */
export const CREATE_INVOICE_PARAM = 'createInvoice';

/**
 * Field length limits. The numbers come from C3 (App4Sales, PascalCase names) [K], their mapping to
 * the camelCase field names of newCustomerSubmit is an inference [I]. Fields without a public limit
 * are not checked.
 */
export const CUSTOMER_FIELD_LIMITS: Record<string, number> = {
  name: 100,
  emailAddress: 100,
  orgNo: 20,
  vatNo: 30,
  homepage: 50,
  phoneNo: 50,
  mobileNo: 50,
  firstName: 50,
  surName: 50,
};

/** Characters an article number may not contain [K: A1]; whitespace is checked separately. */
export const ARTICLE_NO_FORBIDDEN = ['å', 'ä', 'ö', 'Å', 'Ä', 'Ö', '&', '%', '#', '€', ','] as const;
