// Canonical types that both connectors map to and from. The engine only ever sees these shapes:
// a Magento order and a Specter order are both an `Order` here, so a flow is "map in, map out".
// Amounts are decimal numbers in the order's currency; rounding to öre happens in domain/money.ts.

/** A shop's identity inside one connection, as written in the connection config (`shops[].id`). */
export type ShopId = string;

export type VatPercent = number;

export interface Address {
  firstName: string;
  lastName: string;
  company?: string;
  street: string[];
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  region?: string;
  phone?: string;
}

export interface Customer {
  email: string;
  firstName: string;
  lastName: string;
  /** A company buyer is created in Specter as organisational form C, a person as P. */
  isCompany: boolean;
  companyName?: string;
  /** Swedish personal number (private) or organisation number (company), when the shop collects it. */
  orgNo?: string;
  vatNo?: string;
  /** Magento's customer id; undefined for a guest order. */
  magentoCustomerId?: number;
  magentoGroupId?: number;
  billing: Address;
  shipping?: Address;
  /** Two-letter language for Specter (SE, EN, NO, ...). */
  language?: string;
  currency?: string;
}

export interface OrderLine {
  /** Magento's order item id, so shipments and invoices can point back at the row. */
  lineId: number;
  sku: string;
  name: string;
  qty: number;
  unitPriceExclVat: number;
  unitPriceInclVat: number;
  vatPercent: VatPercent;
  /** Discount on the whole row, including VAT, as a positive amount. */
  discountInclVat: number;
  rowTotalInclVat: number;
  /** For a variant bought through a configurable: the configurable's SKU. */
  parentSku?: string;
}

export interface ShippingCharge {
  method: string;
  title: string;
  amountExclVat: number;
  amountInclVat: number;
  vatPercent: VatPercent;
}

export interface Order {
  shopId: ShopId;
  /** Magento's order entity id: the key actions (ship, invoice) are addressed to. */
  magentoOrderId: number;
  incrementId: string;
  storeCode: string;
  status: string;
  state: string;
  createdAt: string;
  updatedAt: string;
  currency: string;
  customer: Customer;
  lines: OrderLine[];
  shipping: ShippingCharge;
  paymentMethod: string;
  /** The PSP's transaction or reservation id, passed on so Specter can capture/activate later. */
  paymentReference?: string;
  grandTotalInclVat: number;
  taxTotal: number;
}

export type ArticleKind = 'simple' | 'configurable' | 'variant';

export interface LocalizedText {
  name?: string;
  description?: string;
  shortDescription?: string;
}

export interface Article {
  sku: string;
  kind: ArticleKind;
  name: string;
  description?: string;
  shortDescription?: string;
  /** Base sales price excluding VAT in the connection's base currency. */
  priceExclVat?: number;
  vatPercent?: VatPercent;
  ean?: string;
  weightKg?: number;
  active: boolean;
  /** For a variant: the configurable / main article it belongs to. */
  parentSku?: string;
  /** For a variant: its option values, e.g. { color: 'Blå', size: 'S' }. */
  variantValues?: Record<string, string>;
  /** For a configurable: the attribute codes its variants differ by. */
  variantAttributes?: string[];
  /** Texts per language code (SE, NO, EN ...) where they differ from the base text. */
  texts?: Record<string, LocalizedText>;
  /** Free attributes that plugins may map (Magento custom attributes, Specter extra fields). */
  attributes?: Record<string, string>;
  /**
   * Quantity on hand in the shop when the article is first created in Specter (seeds Specter's
   * stock once; afterwards Specter is the stock master). Not used in the other direction.
   */
  initialStock?: number;
}

export interface StockLevel {
  sku: string;
  /** Specter stock site id the value comes from. */
  warehouseId: string;
  /** Quantity available to sell; null when the article is not stock-kept (leave Magento alone). */
  available: number | null;
  /**
   * Monotonic ordering token from the source (feed batch sequence or change time), so a stale value
   * never overwrites a newer one.
   */
  sequence: number;
}

export interface PriceListEntry {
  priceListId: string;
  sku: string;
  currency: string;
  /** Quantity break; 1 means the plain list price. */
  fromQuantity: number;
  priceExclVat: number;
}

export interface PriceList {
  priceListId: string;
  name: string;
  currency: string;
  customerGroupId?: string;
}

export type OrderEventKind = 'delivered' | 'partly-delivered' | 'invoiced' | 'paid' | 'cancelled';

export interface DeliveredRow {
  sku: string;
  qty: number;
}

export interface Delivery {
  deliveryNo: string;
  trackingNumbers: string[];
  carrier?: string;
  rows: DeliveredRow[];
}

export interface OrderEvent {
  kind: OrderEventKind;
  specterOrderNo: string;
  externalOrderNo?: string;
  /** Identifies this event so an action taken for it is never taken twice (e.g. `delivery:17`). */
  eventKey: string;
  /** The deliveries this event is about (delivered / partly-delivered). */
  deliveries: Delivery[];
  invoiceNo?: string;
}
