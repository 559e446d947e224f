// The quantity Koppla publishes to Magento for one SKU. Pure.
//
// Magento must never sell what Specter does not have. Specter's available quantity already excludes
// orders it has booked; orders Magento has taken but Specter has not booked yet must come off too.
//  - Legacy stock: Magento lowers the quantity itself when an order is placed, so we publish
//    available - unbooked (what Magento would reach by itself once it counts its own orders).
//  - MSI: Magento keeps the source quantity and subtracts reservations of every open order
//    (booked or not) to get the salable quantity, so we publish available + booked-open as the
//    source quantity: salable = available + booked - (booked + unbooked) = available - unbooked.

export interface PublishInput {
  /** Specter's available quantity per warehouse feeding this shop; null = not stock-kept. */
  sites: Record<string, number | null>;
  warehouses: string[];
  open: { booked: number; unbooked: number };
  target: 'msi' | 'legacy';
  subtractPendingOrders: boolean;
}

/** Null when the article is not stock-kept in any warehouse: leave Magento's value alone. */
export function publishedQuantity(input: PublishInput): number | null {
  const values = input.warehouses
    .map((w) => input.sites[w])
    .filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return null;
  const available = values.reduce((sum, v) => sum + v, 0);
  if (!input.subtractPendingOrders) return Math.max(0, available);
  const quantity = input.target === 'msi' ? available + input.open.booked : available - input.open.unbooked;
  return Math.max(0, quantity);
}
