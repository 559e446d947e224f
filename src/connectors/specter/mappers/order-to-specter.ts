// Domain Order -> newOrderSubmit header + rows. Product rows, then one negative discount row per VAT
// rate, then the shipping row. Each row's unit price is chosen so that Specter's row totals add up
// to Magento's grand total to the öre (rounding rule in order-total.ts).

import { PermanentError } from '../../../domain/errors.ts';
import type { Order } from '../../../domain/types.ts';
import type { SpecterOrderHeader, SpecterOrderRow } from '../specter-types.ts';
import { toOre, unitPriceForRowTotal } from './order-total.ts';

export interface OrderMappingOptions {
  /** The shop's catalogue prices include VAT (Swedish B2C); else the excl.-VAT price is preferred. */
  pricesIncludeVat: boolean;
  shippingArticleNo: string;
  /** Article for discount rows; without it discount rows are text rows without an article number. */
  discountArticleNo?: string;
  /** Magento payment method code -> Specter payTypeIdentifier (K, KG, SW, I ...). */
  paymentMap: Record<string, string>;
  /** Magento shipping method code -> Specter externalDeliveryMethod. */
  shippingMap: Record<string, string>;
  webshopId?: number;
  stockSiteId?: string | number;
  /** Order-as-invoice mode: Specter invoices the order directly. */
  asInvoice: boolean;
  /** Row text of discount rows; the VAT rate is appended. Default "Rabatt". */
  discountRowName?: string;
}

export interface MappedOrder {
  header: SpecterOrderHeader;
  rows: SpecterOrderRow[];
  /** Things the merchant may want to know (e.g. an öre of rounding moved to a row). */
  warnings: string[];
}

interface RowTarget {
  row: Omit<SpecterOrderRow, 'priceExclVAT'>;
  totalInclVat: number;
  preferredExclVat?: number;
}

function vatKey(vatPercent: number): string {
  return String(Number(vatPercent.toFixed(4)));
}

function productTargets(order: Order, options: OrderMappingOptions): RowTarget[] {
  return order.lines
    .filter((line) => line.qty > 0)
    .map((line) => ({
      row: { articleNo: line.sku, articleName: line.name, noOfItems: line.qty, vatPercent: line.vatPercent },
      // Magento's row total incl. VAT is before discount; discounts get their own rows.
      totalInclVat: line.rowTotalInclVat,
      preferredExclVat: options.pricesIncludeVat ? undefined : line.unitPriceExclVat,
    }));
}

function discountTargets(order: Order, options: OrderMappingOptions): RowTarget[] {
  const byRate = new Map<string, { vatPercent: number; ore: bigint }>();
  for (const line of order.lines) {
    if (!(line.discountInclVat > 0)) continue;
    const key = vatKey(line.vatPercent);
    const entry = byRate.get(key) ?? { vatPercent: line.vatPercent, ore: 0n };
    entry.ore += toOre(line.discountInclVat);
    byRate.set(key, entry);
  }
  const name = options.discountRowName ?? 'Rabatt';
  return [...byRate.values()].map(({ vatPercent, ore }) => ({
    row: {
      ...(options.discountArticleNo ? { articleNo: options.discountArticleNo } : {}),
      articleName: `${name} ${vatKey(vatPercent)}%`,
      noOfItems: 1,
      vatPercent,
    },
    totalInclVat: -Number(ore) / 100,
  }));
}

function shippingTarget(order: Order, options: OrderMappingOptions): RowTarget {
  const { shipping } = order;
  return {
    row: {
      articleNo: options.shippingArticleNo,
      articleName: shipping.title,
      noOfItems: 1,
      vatPercent: shipping.vatPercent,
    },
    totalInclVat: shipping.amountInclVat,
    preferredExclVat: options.pricesIncludeVat ? undefined : shipping.amountExclVat,
  };
}

function priced(target: RowTarget): SpecterOrderRow {
  const { row } = target;
  const price = unitPriceForRowTotal(
    target.totalInclVat,
    row.noOfItems,
    row.vatPercent,
    target.preferredExclVat,
  );
  return { ...row, priceExclVAT: price };
}

/**
 * Magento's grand total can differ from the sum of its row totals by rounding (tax computed on the
 * order rather than per row). Up to one öre per row is moved into the largest row; a bigger gap
 * (gift cards, store credit, fees we do not know) is a PermanentError rather than a wrong invoice.
 */
function reconcile(order: Order, targets: RowTarget[], warnings: string[]): void {
  const sum = targets.reduce((total, t) => total + toOre(t.totalInclVat), 0n);
  const gap = toOre(order.grandTotalInclVat) - sum;
  if (gap === 0n) return;
  const absGap = gap < 0n ? -gap : gap;
  if (absGap > BigInt(targets.length)) {
    throw new PermanentError(
      `Order ${order.incrementId}: its rows add up to ${Number(sum) / 100} ${order.currency} but the grand total is ` +
        `${order.grandTotalInclVat} ${order.currency}. Something on the order (gift card, store credit, fee) has no ` +
        'Specter row; handle it with a plugin or enter the order manually.',
      {
        code: 'order-total-mismatch',
        details: { rowsTotal: Number(sum) / 100, grandTotal: order.grandTotalInclVat },
      },
    );
  }
  const largest = targets.reduce((best, t) => (t.totalInclVat > best.totalInclVat ? t : best));
  largest.totalInclVat = Number(toOre(largest.totalInclVat) + gap) / 100;
  largest.preferredExclVat = undefined;
  warnings.push(
    `Order ${order.incrementId}: ${Number(gap) / 100} ${order.currency} of rounding moved to row ${largest.row.articleNo ?? largest.row.articleName} so the total matches Magento`,
  );
}

export function mapOrderToSpecter(
  order: Order,
  customerId: number | string,
  options: OrderMappingOptions,
): MappedOrder {
  const payTypeIdentifier = options.paymentMap[order.paymentMethod];
  if (!payTypeIdentifier) {
    throw new PermanentError(
      `Magento payment method "${order.paymentMethod}" has no Specter payment type. Add it to the connection's payment mapping.`,
      { code: 'unmapped-payment-method', details: { paymentMethod: order.paymentMethod } },
    );
  }
  const externalDeliveryMethod = options.shippingMap[order.shipping.method];
  if (!externalDeliveryMethod) {
    throw new PermanentError(
      `Magento shipping method "${order.shipping.method}" has no Specter delivery method. Add it to the connection's shipping mapping.`,
      { code: 'unmapped-shipping-method', details: { shippingMethod: order.shipping.method } },
    );
  }
  const warnings: string[] = [];
  const targets = [
    ...productTargets(order, options),
    ...discountTargets(order, options),
    shippingTarget(order, options),
  ];
  reconcile(order, targets, warnings);
  const rows = targets.map(priced);
  const header: SpecterOrderHeader = {
    customerId,
    externalOrderNo: order.incrementId,
    currency: order.currency,
    payTypeIdentifier,
    externalDeliveryMethod,
    createInvoice: options.asInvoice,
    ...(order.customer.language ? { language: order.customer.language } : {}),
    ...(order.paymentReference ? { payTypeReference: order.paymentReference } : {}),
    ...(options.stockSiteId !== undefined ? { stockSiteId: options.stockSiteId } : {}),
    ...(options.webshopId !== undefined ? { webshopId: options.webshopId } : {}),
  };
  return { header, rows, warnings };
}
