// Stock feed (per stock site) -> StockLevel[]. `noItemsAvailable` stays null ("not stock-kept,
// leave Magento alone"). Each level takes the next value of the caller's monotonic source, in feed
// order, so a later value for the same SKU always wins.

import type { StockLevel } from '../../../domain/types.ts';
import type { SpecterStockSite } from '../specter-types.ts';

export function mapStockSites(sites: SpecterStockSite[], nextSequence: () => number): StockLevel[] {
  return sites.flatMap((site) =>
    site.articles.map((article) => ({
      sku: article.articleNo,
      warehouseId: site.stockSiteId,
      available: article.available,
      sequence: nextSequence(),
    })),
  );
}
