// The Magento connector's public surface, for the engine and the CLI.

export * from './client.ts';
export { fillMagentoMessage, parseRetryAfter } from './http-errors.ts';
export * from './magento-types.ts';
export * from './map-article.ts';
export * from './map-order.ts';
export * from './map-prices.ts';
export * from './map-product.ts';
export * from './map-stock.ts';
export { fromMagentoDateTime } from './map-values.ts';
export * from './search-criteria.ts';
export type { MagentoAuth, MagentoRequestLogEntry } from './transport.ts';
