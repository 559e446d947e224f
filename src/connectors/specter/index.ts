// Public surface of the Specter connector: the client, the callback helpers and the pure mappers.

export type { SpecterAnswer } from './answer.ts';
export type { FeedName } from './assumptions.ts';
export * as specterAssumptions from './assumptions.ts';
export { parseCallback, type SpecterCallback, type SpecterCallType, verifyCallbackKey } from './callback.ts';
export {
  type AccountCheck,
  type CustomerMatchBy,
  type FeedBatch,
  type FeedItems,
  type OrderLookup,
  SpecterClient,
  type SpecterClientOptions,
  type SubmitCustomerOptions,
  type SubmitOrderResult,
} from './client.ts';
export { computeRequestKey, customerNameSalt, md5Hex } from './key.ts';
export { mapSpecterArticle, mapSpecterArticles, parseVariantValues } from './mappers/article-from-specter.ts';
export { articleNoForSku, mapArticlesToSpecter, mapArticleToSpecter } from './mappers/article-to-specter.ts';
export { mapCustomerToSpecter } from './mappers/customer-to-specter.ts';
export { mapOrderEvents } from './mappers/order-events-from-specter.ts';
export { mapOrderToSpecter, type OrderMappingOptions } from './mappers/order-to-specter.ts';
export { specterOrderTotal, unitPriceForRowTotal } from './mappers/order-total.ts';
export { mapStockSites } from './mappers/stock-from-specter.ts';
export type * from './specter-types.ts';
export type { SpecterRequestLogEntry } from './transport.ts';
