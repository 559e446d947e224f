// Domain StockLevel -> Magento stock: an MSI source item per Specter warehouse, or one legacy
// CatalogInventory stock item for shops without MSI (their warehouses summed).

import { PermanentError } from '../../domain/errors.ts';
import type { StockLevel } from '../../domain/types.ts';
import type { MagentoSourceItem, MagentoStockItem } from './magento-types.ts';

export interface SourceMapping {
  /** Specter warehouse id -> MSI source code. */
  sourceCodeByWarehouse: Record<string, string>;
}

/** Null when the article is not stock-kept in Specter: Magento's value is left alone. */
export function stockLevelToSourceItem(level: StockLevel, mapping: SourceMapping): MagentoSourceItem | null {
  if (level.available === null) return null;
  const sourceCode = mapping.sourceCodeByWarehouse[level.warehouseId];
  if (sourceCode === undefined) {
    throw new PermanentError(`No Magento source is mapped for Specter warehouse ${level.warehouseId}`, {
      code: 'magento-unmapped-warehouse',
      details: { sku: level.sku, warehouseId: level.warehouseId },
    });
  }
  // An oversold article (negative availability) has nothing to sell: Magento shows 0, out of stock.
  const quantity = Math.max(0, level.available);
  return { sku: level.sku, source_code: sourceCode, quantity, status: quantity > 0 ? 1 : 0 };
}

export type LegacyStockUpdate = Pick<MagentoStockItem, 'qty' | 'is_in_stock'> & { manage_stock: boolean };

/**
 * One legacy stock item from the levels of one SKU (all warehouses that feed the shop). Null when
 * none of them is stock-kept.
 */
export function stockLevelsToLegacyStockItem(levels: StockLevel[]): LegacyStockUpdate | null {
  const skus = new Set(levels.map((l) => l.sku));
  if (skus.size > 1)
    throw new Error(`stockLevelsToLegacyStockItem: levels of several SKUs: ${[...skus].join(', ')}`);
  const kept = levels.filter((l) => l.available !== null);
  if (kept.length === 0) return null;
  const qty = Math.max(
    0,
    kept.reduce((sum, l) => sum + (l.available as number), 0),
  );
  // Specter keeps stock for this article, so Magento must count it down on orders too.
  return { qty, is_in_stock: qty > 0, manage_stock: true };
}

/** Back from MSI: the source items of one source as levels of the warehouse mapped to it. */
export function sourceItemToStockLevel(
  item: MagentoSourceItem,
  mapping: SourceMapping,
  sequence: number,
): StockLevel | null {
  const warehouseId = Object.entries(mapping.sourceCodeByWarehouse).find(
    ([, code]) => code === item.source_code,
  )?.[0];
  if (warehouseId === undefined) return null;
  return { sku: item.sku, warehouseId, available: item.quantity, sequence };
}
