// Example plugin: an invoice fee row for orders paid by invoice.
//
// Specter's order rows must add up to Magento's grand total to the öre (the order mapper refuses an
// order that does not, rather than book a wrong invoice). So where the fee is charged matters:
//  - chargedIn: magento (default) — a payment-fee module in Magento put the fee in grand_total but in
//    no order item. The plugin adds the row only when the unexplained difference between the rows
//    and the grand total is the fee; when Magento waived it (no difference) no row is added.
//  - chargedIn: specter — Magento never charged it; Specter invoices the customer and adds the fee.
//    The row is added and the order's grand total raised by it, so Specter's invoice includes it.
import { z } from 'zod';
import { definePlugin, orderLine, orderRowsTotal } from '../../src/plugins/index.ts';

export default definePlugin({
  name: 'invoice-fee',
  description: 'Adds an invoice fee row for given payment methods',
  settings: z.strictObject({
    paymentMethods: z.array(z.string().min(1)).min(1),
    /** Specter article the fee is booked on (it must exist in Specter). */
    articleNo: z.string().min(1),
    name: z.string().min(1).default('Fakturaavgift'),
    amountInclVat: z.number().positive(),
    vatPercent: z.number().min(0).max(100).default(25),
    chargedIn: z.enum(['magento', 'specter']).default('magento'),
  }),
  orders: {
    afterMap(order, { settings }) {
      if (!settings.paymentMethods.includes(order.paymentMethod)) return;
      if (order.lines.some((line) => line.sku === settings.articleNo)) return;
      const fee = orderLine({
        sku: settings.articleNo,
        name: settings.name,
        amountInclVat: settings.amountInclVat,
        vatPercent: settings.vatPercent,
      });
      if (settings.chargedIn === 'magento') {
        const gap = Math.round((order.grandTotalInclVat - orderRowsTotal(order)) * 100);
        // One öre of rounding per row is the mapper's own tolerance.
        if (Math.abs(gap - Math.round(settings.amountInclVat * 100)) > order.lines.length + 1) return;
        order.lines.push(fee);
        return order;
      }
      order.lines.push(fee);
      const vat = settings.amountInclVat - settings.amountInclVat / (1 + settings.vatPercent / 100);
      order.grandTotalInclVat = Math.round((order.grandTotalInclVat + settings.amountInclVat) * 100) / 100;
      order.taxTotal = Math.round((order.taxTotal + vat) * 100) / 100;
      return order;
    },
  },
});
