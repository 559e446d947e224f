// Builds one connection's flows: clients and ports per shop, then the handlers and schedules of
// every stream the flow mode (and the config's switches) turn on.
import type { FlowSet, Schedule } from '../app/flow-set.ts';
import type { Runtime } from '../app/runtime.ts';
import { streamPlan } from '../config/presets.ts';
import { resolveSecret } from '../config/resolve-secret.ts';
import type { ConnectionConfig, ShopConfig } from '../config/schema.ts';
import { MagentoClient } from '../connectors/magento/index.ts';
import { SpecterClient, type SpecterClientOptions } from '../connectors/specter/index.ts';
import { recordInJob } from '../engine/job-scope.ts';
import { RateLimiter } from '../engine/rate-limiter.ts';
import type { JobHandler } from '../engine/worker.ts';
import { withPluginErrorHooks } from '../plugins/flow-hooks.ts';
import { loadConnectionPlugins } from '../plugins/load-connection.ts';
import { callbackUrl, ensureCallbackToken } from '../store/callback-token.ts';
import type { SecretStore } from '../store/secrets.ts';
import { createMagentoPort, defaultMagentoAdapterOptions } from './adapters/magento-adapter.ts';
import { createSpecterPort } from './adapters/specter-adapter.ts';
import { exportArticle, exportingShops, productPollSchedule } from './articles/export.ts';
import { articleFeedSchedule } from './articles/feed.ts';
import { importArticle } from './articles/import.ts';
import { createFlowContext, type FlowContext, type ShopRuntime } from './context.ts';
import { applyOrderEvent } from './order-status/apply.ts';
import { orderFeedSchedule } from './order-status/feed.ts';
import { orderPollSchedule } from './orders/detect.ts';
import { pushOrder } from './orders/push.ts';
import { flushPrices } from './prices/flush.ts';
import { handleItemFailure } from './shared/item-failures.ts';
import { stockFeedSchedule } from './stock/feed.ts';
import { flushStock } from './stock/flush.ts';

export interface BuildContext {
  configFile?: string;
  secrets?: SecretStore;
  /** Feed poll interval when no callback rings (ms). */
  feedIntervalMs?: number;
}

export async function magentoClientFor(
  connection: ConnectionConfig,
  shop: ShopConfig,
  secrets?: SecretStore,
): Promise<MagentoClient> {
  const path = `connections.${connection.id}.shops.${shop.id}.magento.auth`;
  const auth =
    'token' in shop.magento.auth
      ? {
          kind: 'token' as const,
          token: await resolveSecret(shop.magento.auth.token, { connectionId: connection.id, path, secrets }),
        }
      : {
          kind: 'admin' as const,
          username: shop.magento.auth.username,
          password: await resolveSecret(shop.magento.auth.password, {
            connectionId: connection.id,
            path,
            secrets,
          }),
        };
  return new MagentoClient({
    baseUrl: shop.magento.url,
    auth,
    timeoutMs: shop.magento.timeoutSeconds * 1000,
    onRequest: (entry) => recordInJob({ system: 'magento', shop: shop.id, ...entry }),
    beforeRequest: rateLimitOf(connection, shop.magento.url),
  });
}

const limiters = new Map<string, RateLimiter>();

/** `limits.requestsPerSecond` per remote (a Magento installation, or Specter) of a connection. */
function rateLimitOf(connection: ConnectionConfig, remote: string): (() => Promise<void>) | undefined {
  const perSecond = connection.limits.requestsPerSecond;
  if (!perSecond) return undefined;
  const key = `${connection.id}|${remote}|${perSecond}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new RateLimiter(perSecond);
    limiters.set(key, limiter);
  }
  return () => limiter.acquire();
}

/** A Specter client's settings that are plain data (no callbacks): enough to build one elsewhere. */
export type SpecterClientSettings = Omit<
  SpecterClientOptions,
  'onRequest' | 'beforeRequest' | 'random' | 'sleep' | 'newBatchNo'
>;

export async function specterClientSettingsFor(
  connection: ConnectionConfig,
  webshopId: number | undefined,
  secrets?: SecretStore,
): Promise<SpecterClientSettings> {
  const specter = connection.specter;
  const path = `connections.${connection.id}.specter`;
  return {
    baseUrl: specter.url,
    sbmId: specter.sbmId,
    apiVersion: specter.apiVersion,
    apiUserId: specter.apiUserId,
    innerKey: await resolveSecret(specter.apiUserKey, {
      connectionId: connection.id,
      path: `${path}.apiUserKey`,
      secrets,
    }),
    outerKey: await resolveSecret(specter.integrationKey, {
      connectionId: connection.id,
      path: `${path}.integrationKey`,
      secrets,
    }),
    webshopId,
    encoding: specter.encoding,
    timeoutMs: specter.timeoutSeconds * 1000,
  };
}

export async function specterClientFor(
  connection: ConnectionConfig,
  webshopId: number | undefined,
  secrets?: SecretStore,
): Promise<SpecterClient> {
  return new SpecterClient({
    ...(await specterClientSettingsFor(connection, webshopId, secrets)),
    onRequest: (entry) => recordInJob({ system: 'specter', ...entry }),
    beforeRequest: specterRateLimit(connection),
  });
}

/** The connection's `limits.requestsPerSecond` towards Specter, if it sets one. */
export function specterRateLimit(connection: ConnectionConfig): (() => Promise<void>) | undefined {
  return rateLimitOf(connection, connection.specter.url);
}

/** Store view codes per language, over the shops that share a Magento installation. */
function storeCodesByLanguage(connection: ConnectionConfig, shop: ShopConfig): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const other of connection.shops) {
    if (other.magento.url !== shop.magento.url) continue;
    map[other.language] = [...(map[other.language] ?? []), other.storeCode];
  }
  return map;
}

export async function createConnectionContext(
  connection: ConnectionConfig,
  runtime: Runtime,
  build: BuildContext = {},
): Promise<FlowContext> {
  const specterByWebshop = new Map<string, ReturnType<typeof createSpecterPort>>();
  const shops = new Map<string, ShopRuntime>();
  for (const shop of connection.shops) {
    const key = String(shop.webshopId ?? 'default');
    let specter = specterByWebshop.get(key);
    if (!specter) {
      specter = createSpecterPort(await specterClientFor(connection, shop.webshopId, build.secrets));
      specterByWebshop.set(key, specter);
    }
    const magento = createMagentoPort(await magentoClientFor(connection, shop, build.secrets), shop, {
      ...defaultMagentoAdapterOptions,
      catalogPricesIncludeVat: shop.catalogPricesIncludeVat,
      storeCodesByLanguage: storeCodesByLanguage(connection, shop),
      variantAttributes: [...new Set(Object.values(connection.streams.articles.variantAttributes))],
    });
    shops.set(shop.id, { config: shop, magento, specter });
  }
  return createFlowContext({
    connection,
    plan: streamPlan(connection),
    shops,
    db: runtime.store.db,
    queue: runtime.queue,
    logger: runtime.logger.child({ connection: connection.id }),
    poke: () => runtime.poke(),
    plugins: await loadConnectionPlugins(connection, build.configFile), // plugins (issue 7)
  });
}

export function flowsFor(context: FlowContext, build: BuildContext = {}): FlowSet {
  const plan = context.plan;
  const feedIntervalMs = build.feedIntervalMs ?? 15_000;
  const handlers: Record<string, JobHandler> = {};
  const schedules: Schedule[] = [];
  const bind =
    (fn: (c: FlowContext, j: Parameters<JobHandler>[0]) => Promise<void>): JobHandler =>
    (job) =>
      fn(context, job);

  handlers['item.failed'] = bind(handleItemFailure);
  const callbackBase = context.connection.callbackBaseUrl;
  if (callbackBase) {
    // Specter rings this URL on changes; registering again every hour repairs a lost registration.
    // With a secret store the URL carries the connection's callback token, read at each
    // registration so a rotated token (or one another process created first) is the one sent.
    const connectionId = context.connection.id;
    const url = async () =>
      build.secrets
        ? callbackUrl(callbackBase, connectionId, await ensureCallbackToken(build.secrets, connectionId))
        : callbackUrl(callbackBase, connectionId);
    for (const group of context.webshops) {
      schedules.push({
        name: `callback-register:${group.key}`,
        intervalMs: 3_600_000,
        run: async () => group.specter.registerCallback(await url()),
      });
    }
  }
  if (plan.orders.enabled) {
    handlers['order.push'] = bind(pushOrder);
    for (const shop of context.shops.values()) schedules.push(orderPollSchedule(context, shop));
  }
  if (plan.orderStatus.enabled) {
    handlers['order.event'] = bind(applyOrderEvent);
    for (const group of context.webshops) schedules.push(orderFeedSchedule(context, group, feedIntervalMs));
  }
  if (plan.stock.enabled) {
    handlers['stock.flush'] = bind(flushStock);
    for (const group of context.webshops) schedules.push(stockFeedSchedule(context, group));
  }
  const importsArticles = plan.articles.enabled && plan.articles.direction === 'specter->magento';
  if (importsArticles || plan.prices.enabled || plan.priceLists.enabled) {
    if (importsArticles) handlers['article.import'] = bind(importArticle);
    handlers['price.flush'] = bind(flushPrices);
    for (const group of context.webshops) schedules.push(articleFeedSchedule(context, group, feedIntervalMs));
  }
  if (plan.articles.enabled && plan.articles.direction === 'magento->specter') {
    handlers['article.export'] = bind(exportArticle);
    for (const shop of exportingShops(context)) schedules.push(productPollSchedule(context, shop));
  }
  withPluginErrorHooks(context, handlers); // plugins (issue 7): onError hooks
  return { handlers, schedules };
}

export async function buildConnectionFlows(
  connection: ConnectionConfig,
  runtime: Runtime,
  build: BuildContext = {},
): Promise<FlowSet> {
  return flowsFor(await createConnectionContext(connection, runtime, build), build);
}
