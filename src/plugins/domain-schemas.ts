// Zod schemas of the domain shapes a hook may return. TypeScript checks a plugin at compile time;
// these check it at run time (a plugin written in plain JS, a cast, a JSON round trip gone wrong),
// so a wrong shape becomes a dead letter naming the plugin instead of a confusing failure later.
// Each schema is annotated with its domain type, so a change to src/domain/types.ts that the
// schema does not follow is a compile error here.
import { z } from 'zod';
import type { StatusAction } from '../config/schema.ts';
import type {
  Address,
  Article,
  Customer,
  LocalizedText,
  Order,
  OrderEvent,
  OrderLine,
  PriceListEntry,
  ShippingCharge,
} from '../domain/types.ts';
import type { BasePriceWrite, PriceSource, StockSource, StockWrite } from './types.ts';

const money = z.number().finite();
const text = z.string();

const address: z.ZodType<Address> = z.strictObject({
  firstName: text,
  lastName: text,
  company: text.optional(),
  street: z.array(text),
  postcode: text,
  city: text,
  countryCode: text,
  region: text.optional(),
  phone: text.optional(),
});

const customer: z.ZodType<Customer> = z.strictObject({
  email: text,
  firstName: text,
  lastName: text,
  isCompany: z.boolean(),
  companyName: text.optional(),
  orgNo: text.optional(),
  vatNo: text.optional(),
  magentoCustomerId: z.number().optional(),
  magentoGroupId: z.number().optional(),
  billing: address,
  shipping: address.optional(),
  language: text.optional(),
  currency: text.optional(),
});

export const orderLineSchema: z.ZodType<OrderLine> = z.strictObject({
  lineId: z.number().int(),
  sku: z.string().min(1),
  name: text,
  qty: z.number().finite().min(0),
  unitPriceExclVat: money,
  unitPriceInclVat: money,
  vatPercent: z.number().min(0).max(100),
  discountInclVat: z.number().finite().min(0),
  rowTotalInclVat: money,
  parentSku: text.optional(),
});

const shippingCharge: z.ZodType<ShippingCharge> = z.strictObject({
  method: text,
  title: text,
  amountExclVat: money,
  amountInclVat: money,
  vatPercent: z.number().min(0).max(100),
});

export const orderSchema: z.ZodType<Order> = z.strictObject({
  shopId: text,
  magentoOrderId: z.number().int(),
  incrementId: z.string().min(1),
  storeCode: text,
  status: text,
  state: text,
  createdAt: text,
  updatedAt: text,
  currency: z.string().length(3),
  customer,
  lines: z.array(orderLineSchema).min(1),
  shipping: shippingCharge,
  paymentMethod: text,
  paymentReference: text.optional(),
  grandTotalInclVat: money,
  taxTotal: money,
});

const localizedText: z.ZodType<LocalizedText> = z.strictObject({
  name: text.optional(),
  description: text.optional(),
  shortDescription: text.optional(),
});

export const articleSchema: z.ZodType<Article> = z.strictObject({
  sku: z.string().min(1),
  kind: z.enum(['simple', 'configurable', 'variant']),
  name: text,
  description: text.optional(),
  shortDescription: text.optional(),
  priceExclVat: money.optional(),
  vatPercent: z.number().min(0).max(100).optional(),
  ean: text.optional(),
  weightKg: z.number().finite().min(0).optional(),
  active: z.boolean(),
  parentSku: text.optional(),
  variantValues: z.record(text, text).optional(),
  variantAttributes: z.array(text).optional(),
  texts: z.record(text, localizedText).optional(),
  attributes: z.record(text, text).optional(),
  initialStock: z.number().optional(),
});

export const orderEventSchema: z.ZodType<OrderEvent> = z.strictObject({
  kind: z.enum(['delivered', 'partly-delivered', 'invoiced', 'paid', 'cancelled']),
  specterOrderNo: text,
  externalOrderNo: text.optional(),
  eventKey: z.string().min(1),
  deliveries: z.array(
    z.strictObject({
      deliveryNo: text,
      trackingNumbers: z.array(text),
      carrier: text.optional(),
      rows: z.array(z.strictObject({ sku: text, qty: z.number().finite() })),
    }),
  ),
  invoiceNo: text.optional(),
});

/** The same shape as the config's status actions (src/config/schema.ts), defaults included. */
export const statusActionSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('status'),
    status: z.string().min(1),
    comment: z.string().default(''),
    notify: z.boolean().default(false),
  }),
  z.strictObject({ action: z.literal('ship'), notify: z.boolean().default(true) }),
  z.strictObject({
    action: z.literal('invoice'),
    capture: z.boolean().default(true),
    notify: z.boolean().default(false),
  }),
  z.strictObject({ action: z.literal('cancel'), notify: z.boolean().default(true) }),
]);
// Fails to compile when the config's action shape moves on without this copy.
statusActionSchema satisfies z.ZodType<StatusAction>;
/** An action as a plugin may write it: settings with a default may be left out. */
export type StatusActionInput = z.input<typeof statusActionSchema>;
export const statusActionsSchema = z.array(statusActionSchema);

export const stockSourceSchema: z.ZodType<StockSource> = z.strictObject({
  sku: z.string().min(1),
  sites: z.record(text, z.number().finite().nullable()),
});

export const stockWriteSchema: z.ZodType<StockWrite> = z.strictObject({
  sku: z.string().min(1),
  qty: z.number().finite().min(0),
  inStock: z.boolean(),
});

const priceListEntry: z.ZodType<PriceListEntry> = z.strictObject({
  priceListId: text,
  sku: text,
  currency: text,
  fromQuantity: z.number().finite().min(0),
  priceExclVat: z.number().finite().min(0),
});

export const priceSourceSchema: z.ZodType<PriceSource> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('base'),
    sku: z.string().min(1),
    priceExclVat: z.number().finite().min(0),
    vatPercent: z.number().min(0).max(100),
  }),
  z.strictObject({
    kind: z.literal('tiers'),
    sku: z.string().min(1),
    vatPercent: z.number().min(0).max(100),
    entries: z.array(priceListEntry),
  }),
]);

export const basePriceWriteSchema: z.ZodType<BasePriceWrite> = z.strictObject({
  sku: z.string().min(1),
  price: z.number().finite().min(0),
});
