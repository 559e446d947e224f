// Specter-side shapes as the client returns them: faithful to the feeds, numbers already parsed,
// nothing mapped to the domain yet (that is the mappers' job).

export interface SpecterStockArticle {
  articleNo: string;
  /** `noItemsAv`: available to sell; null for `noItemsAvailable` (not stock-kept). */
  available: number | null;
  /** `noItemsInStock`: on the shelf, when the feed gives it [P]. */
  inStock: number | null;
}

export interface SpecterStockSite {
  stockSiteId: string;
  name?: string;
  isDefault: boolean;
  articles: SpecterStockArticle[];
}

export interface SpecterPrice {
  priceListId: string;
  currency: string;
  fromQuantity: number;
  priceExclVat: number;
}

export interface SpecterArticleInfo {
  articleNo: string;
  name: string;
  priceExclVat: number | null;
  vatPercent: number | null;
  buyPrice: number | null;
  barCode?: string;
  productWeight: number | null;
  mainArticleNo?: string;
  /** Raw `variantValues`, e.g. "Färg=Blå;Storlek=S". */
  variantValues?: string;
  isMainArticle: boolean;
  deleted: boolean;
  prices: SpecterPrice[];
}

export interface SpecterDeliveryRow {
  articleNo: string;
  noOfItems: number;
}

export interface SpecterDelivery {
  deliveryNo?: string;
  deliveryDate?: string;
  trackingNo?: string;
  carrier?: string;
  stockSiteId?: string;
  rows: SpecterDeliveryRow[];
}

export interface SpecterInvoice {
  invoiceNo: string;
  invoiceDate?: string;
  amountInclVat: number | null;
  isCredit: boolean;
  isPaid: boolean;
  paidDate?: string;
}

export interface SpecterOrderStatus {
  orderNo: string;
  externalOrderNo?: string;
  deliveryStatus?: string;
  statusId?: number;
  /** `deliveries@updated="1"` [K]. */
  deliveriesUpdated: boolean;
  deliveries: SpecterDelivery[];
  invoices: SpecterInvoice[];
}

/** newOrderSubmit header fields (record fields; routing params are added by the client). */
export interface SpecterOrderHeader {
  customerId: number | string;
  externalOrderNo: string;
  currency?: string;
  language?: string;
  payTypeIdentifier: string;
  payTypeReference?: string;
  payTypeIdentifierPaySystemUser?: string;
  isPrepayment?: boolean;
  internalComment?: string;
  publishedComment?: string;
  customerOrderReference?: string;
  sendOrderMail?: boolean;
  externalDeliveryMethod?: string;
  stockSiteId?: string | number;
  /** Multishop: the Specter web shop number; falls back to the client's `webshopId`. */
  webshopId?: number;
  /** Order-as-invoice mode: Specter creates an invoice directly (project: `createInvoice=1`). */
  createInvoice?: boolean;
}

export interface SpecterOrderRow {
  /** Absent for a text row (a discount without a configured discount article). */
  articleNo?: string;
  articleName: string;
  articleComment?: string;
  /** Unit price excluding VAT; may carry more than two decimals (see order-total.ts). */
  priceExclVAT: number;
  noOfItems: number;
  vatPercent: number;
}

export interface SpecterArticleRow {
  articleNo: string;
  name: string;
  priceExclVAT?: number;
  vatPercent?: number;
  barCode?: string;
  buyPrice?: number;
  productWeight?: number;
  /** Give a new article stock keeping (`createArticleStock_N=1`) [K: P1]. */
  createArticleStock?: boolean;
  /** Initial stock of a new article (`noItemsInStock_N`); ignored for existing ones [K: P1, K3]. */
  noItemsInStock?: number;
  /** x-emulator (assumptions.ts): the main article a variant belongs to. */
  mainArticleNo?: string;
  /** x-emulator: the variant's values, "Färg=Blå;Storlek=S". */
  variantValues?: string;
  /** x-emulator: this article is a main article (variant template). */
  isMainArticle?: boolean;
}

/** newCustomerSubmit record fields, as sent (all strings, absent = not sent). */
export type SpecterCustomerFields = Record<string, string>;
