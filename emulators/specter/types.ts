/** In-memory model of one Specter account as the emulator keeps it. */

export interface ApiUser {
  apiUserId: number;
  apiUserKey: string;
  canWrite: boolean;
}

export interface Credentials {
  apiVersion: 1 | 2;
  /** v1: "MD5 Key 1" (inner) and "MD5 Key 2" (outer) */
  key1?: string;
  key2?: string;
  /** v2: IntegrationKey (outer), API users' keys (inner) */
  integrationKey?: string;
  apiUsers: ApiUser[];
}

export interface Article {
  /** Specter's internal id (first field of a stock feed line) */
  specterId: number;
  articleNo: string;
  name: string;
  priceExclVat: number;
  vatPercent: number;
  barCode: string;
  buyPrice: number;
  stockPrice: number;
  productWeight: number;
  productVolume: number;
  /** false: services, shipping, SET and main articles: the stock feed says `noItemsAvailable` */
  stockKeeping: boolean;
  isMainArticle: boolean;
  mainArticleNo: string;
  variantValues: string;
  supplierNo: string;
  supplierName: string;
  supplierBuyPrice: number;
  supplierArticleNo: string;
  manufacturingCountryCode: string;
}

export interface StockSite {
  stockSiteId: number;
  name: string;
  isDefault: boolean;
}

export interface StockLevel {
  onHand: number;
  reserved: number;
}

export interface PriceList {
  priceListId: number;
  name: string;
  currency: string;
  customerGroupId: number;
}

export interface PriceEntry {
  priceListId: number;
  articleNo: string;
  fromQuantity: number;
  priceExclVat: number;
}

export interface Customer {
  customerId: number;
  customerOrganizationalForm: 'C' | 'P';
  /** every submitted customer field, by its documented (camelCase) name */
  fields: Record<string, string>;
  customerGroupId: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrderRow {
  rowNo: number;
  articleNo: string;
  articleName: string;
  articleComment: string;
  priceExclVat: number;
  noOfItems: number;
  vatPercent: number;
  deliveredItems: number;
  invoicedItems: number;
}

export interface Delivery {
  deliveryNo: number;
  deliveryDate: string;
  trackingNo: string;
  carrier: string;
  stockSiteId: number;
  rows: Array<{ rowNo: number; articleNo: string; noOfItems: number }>;
}

export interface Invoice {
  invoiceNo: number;
  orderNo: number;
  invoiceDate: string;
  amountInclVat: number;
  isCredit: boolean;
  isPaid: boolean;
  paidDate: string;
  /** for a credit invoice: the invoice it credits; for an invoice: its credit invoice */
  creditOf?: number;
  creditedBy?: number;
  rows: Array<{
    rowNo: number;
    articleNo: string;
    noOfItems: number;
    priceExclVat: number;
    vatPercent: number;
  }>;
}

export interface Order {
  orderNo: number;
  webshopId: number;
  customerId: number;
  externalOrderNo: string;
  currency: string;
  language: string;
  stockSiteId: number;
  statusId: number;
  /** every other header field as submitted (payTypeIdentifier, comments, references ...) */
  header: Record<string, string>;
  rows: OrderRow[];
  deliveries: Delivery[];
  invoiceNos: number[];
  createdAt: string;
  updatedAt: string;
}

export type FeedKind = 'stock' | 'articleInfo' | 'orders';

/** Change feed state of one feed of one (account, webshop). */
export interface FeedState {
  /** keys changed since the last batch was taken (articleNo or orderNo); value: deliveries changed */
  pending: Map<string, { deliveriesChanged: boolean }>;
  open?: { batchNo: string; items: unknown[]; moreAvailable: boolean };
  lastAckedBatchNo?: string;
}

export interface Webshop {
  webshopId: number;
  name: string;
  callbackUrl?: string;
  feeds: Record<FeedKind, FeedState>;
}

export interface Account {
  sbmId: number;
  credentials: Credentials;
  webshops: Map<number, Webshop>;
  articles: Map<string, Article>;
  stockSites: Map<number, StockSite>;
  /** articleNo -> stockSiteId -> level */
  stock: Map<string, Map<number, StockLevel>>;
  priceLists: Map<number, PriceList>;
  prices: PriceEntry[];
  customers: Map<number, Customer>;
  orders: Map<number, Order>;
  invoices: Map<number, Invoice>;
  seq: { specterId: number; customerId: number; orderNo: number; invoiceNo: number; deliveryNo: number };
}
