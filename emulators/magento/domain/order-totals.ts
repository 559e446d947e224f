import { round2 } from './money.ts';

/**
 * Pure totals of an order whose catalogue prices include VAT (the way Swedish shops configure
 * Magento: "Catalog Prices: Including Tax", discount applied on prices including tax). Each row is
 * rounded to cents on its own, as Magento's row-based calculation does.
 */
export interface LineInput {
  unitPriceInclTax: number;
  qty: number;
  taxPercent: number;
}
export interface LineTotals {
  price: number;
  price_incl_tax: number;
  row_total: number;
  row_total_incl_tax: number;
  tax_amount: number;
  discount_amount: number;
  discount_percent: number;
  discount_tax_compensation_amount: number;
  tax_percent: number;
}
export interface OrderTotals {
  subtotal: number;
  subtotal_incl_tax: number;
  shipping_amount: number;
  shipping_incl_tax: number;
  shipping_tax_amount: number;
  discount_amount: number;
  discount_tax_compensation_amount: number;
  tax_amount: number;
  grand_total: number;
}

export function lineTotals(line: LineInput, discountPercent: number): LineTotals {
  const rate = line.taxPercent / 100;
  const rowInclTax = round2(line.unitPriceInclTax * line.qty);
  const rowTotal = round2(rowInclTax / (1 + rate));
  const discount = round2((rowInclTax * discountPercent) / 100);
  const tax = round2(((rowInclTax - discount) * rate) / (1 + rate));
  // The tax that the discount removed is kept apart, so subtotal + tax + compensation - discount adds up.
  const compensation = round2(rowInclTax - rowTotal - tax);
  return {
    price: round2(line.unitPriceInclTax / (1 + rate)),
    price_incl_tax: round2(line.unitPriceInclTax),
    row_total: rowTotal,
    row_total_incl_tax: rowInclTax,
    tax_amount: tax,
    discount_amount: discount,
    discount_percent: discountPercent,
    discount_tax_compensation_amount: compensation,
    tax_percent: line.taxPercent,
  };
}

export function orderTotals(
  lines: LineTotals[],
  shippingInclTax: number,
  shippingTaxPercent: number,
): OrderTotals {
  const sum = (pick: (l: LineTotals) => number) => round2(lines.reduce((acc, l) => acc + pick(l), 0));
  const shippingAmount = round2(shippingInclTax / (1 + shippingTaxPercent / 100));
  const shippingTax = round2(shippingInclTax - shippingAmount);
  const subtotal = sum((l) => l.row_total);
  const subtotalInclTax = sum((l) => l.row_total_incl_tax);
  const discount = sum((l) => l.discount_amount);
  const compensation = sum((l) => l.discount_tax_compensation_amount);
  const tax = round2(sum((l) => l.tax_amount) + shippingTax);
  return {
    subtotal,
    subtotal_incl_tax: subtotalInclTax,
    shipping_amount: shippingAmount,
    shipping_incl_tax: round2(shippingInclTax),
    shipping_tax_amount: shippingTax,
    // Magento stores the order discount as a negative amount.
    discount_amount: discount === 0 ? 0 : -discount,
    discount_tax_compensation_amount: compensation,
    tax_amount: tax,
    grand_total: round2(subtotal + shippingAmount + tax - discount + compensation),
  };
}
