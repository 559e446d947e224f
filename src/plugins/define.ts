// definePlugin and the small helpers plugin authors use in their hooks.
import type { z } from 'zod';
import type { OrderLine, VatPercent } from '../domain/types.ts';
import { type KopplaPlugin, PLUGIN_MARK, type PluginDefinition, type Skip } from './types.ts';

/**
 * Declares a plugin. The settings schema types `ctx.settings` in every hook; hooks are checked per
 * stream, so `orders.afterMap` gets an `Order` and must give one back.
 *
 *   export default definePlugin({
 *     name: 'strip-prefix',
 *     settings: z.object({ prefix: z.string() }),
 *     orders: { beforeMap(order, { settings }) { ... } },
 *   });
 */
export function definePlugin<Schema extends z.ZodType = z.ZodType<Record<string, never>>>(
  definition: PluginDefinition<Schema>,
): KopplaPlugin<z.output<Schema>> {
  if (!definition.name || !/^[a-z0-9][a-z0-9._-]*$/i.test(definition.name)) {
    throw new Error(`Plugin name "${definition.name}" must be letters, digits, ".", "_" or "-"`);
  }
  return { ...definition, kind: PLUGIN_MARK } as KopplaPlugin<z.output<Schema>>;
}

export function isKopplaPlugin(value: unknown): value is KopplaPlugin<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === PLUGIN_MARK &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}

/** `return skip('waiting for payment')` from a `filter` or `beforeWrite` hook. */
export function skip(reason: string): Skip {
  return { skip: reason };
}

export interface ExtraLineInput {
  /** The Specter article number the row is booked on (it must exist in Specter). */
  sku: string;
  name: string;
  /** What the customer pays for the row, including VAT. */
  amountInclVat: number;
  vatPercent: VatPercent;
  qty?: number;
}

/**
 * An order row that is not a Magento order item (a fee, a deposit). Its `lineId` is 0: shipments
 * and invoices in Magento never address it, and Specter books it like any article row.
 */
export function orderLine(input: ExtraLineInput): OrderLine {
  const qty = input.qty ?? 1;
  const unitInclVat = Math.round((input.amountInclVat / qty) * 100) / 100;
  return {
    lineId: 0,
    sku: input.sku,
    name: input.name,
    qty,
    unitPriceInclVat: unitInclVat,
    unitPriceExclVat: Math.round((unitInclVat / (1 + input.vatPercent / 100)) * 10_000) / 10_000,
    vatPercent: input.vatPercent,
    discountInclVat: 0,
    rowTotalInclVat: input.amountInclVat,
  };
}

/**
 * What the order's rows add up to as Specter will book them (product rows before discount, minus
 * discounts, plus shipping), so a plugin can compare it with `grandTotalInclVat`.
 */
export function orderRowsTotal(order: {
  lines: readonly OrderLine[];
  shipping: { amountInclVat: number };
}): number {
  const ore = order.lines
    .filter((line) => line.qty > 0)
    .reduce(
      (sum, line) => sum + Math.round(line.rowTotalInclVat * 100) - Math.round(line.discountInclVat * 100),
      Math.round(order.shipping.amountInclVat * 100),
    );
  return ore / 100;
}
