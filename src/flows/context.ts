// Everything a connection's flows need, built once per connection by ./build.ts.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { StreamName, StreamPlan } from '../config/presets.ts';
import type { ConnectionConfig, ShopConfig } from '../config/schema.ts';
import type { JobQueue } from '../engine/queue.ts';
import type { PluginSet } from '../plugins/plugin-set.ts';
import { BindingRepository } from '../store/bindings.ts';
import { CursorRepository } from '../store/cursors.ts';
import type { Database } from '../store/schema.ts';
import { recordEvent, type TimelineEvent } from '../store/timeline.ts';
import { countUsage } from '../store/usage.ts';
import type { MagentoPort, SpecterPort } from './ports.ts';

export interface ShopRuntime {
  config: ShopConfig;
  magento: MagentoPort;
  /** The Specter port for this shop's web shop number. */
  specter: SpecterPort;
}

/** Shops that share one Specter web shop number share its change feeds. */
export interface WebshopGroup {
  key: string;
  specter: SpecterPort;
  shops: ShopRuntime[];
}

export interface FlowContext {
  connection: ConnectionConfig;
  plan: Record<StreamName, StreamPlan>;
  shops: Map<string, ShopRuntime>;
  webshops: WebshopGroup[];
  db: Kysely<Database>;
  queue: JobQueue;
  bindings: BindingRepository;
  cursors: CursorRepository;
  logger: Logger;
  /** Wake the workers after enqueueing. */
  poke(): void;
  /** Plugins (issue 7): the connection's plugins in config order; absent = none. */
  plugins?: PluginSet;
}

export function createFlowContext(
  input: Omit<FlowContext, 'bindings' | 'cursors' | 'webshops'>,
): FlowContext {
  const groups = new Map<string, WebshopGroup>();
  for (const shop of input.shops.values()) {
    const key = String(shop.config.webshopId ?? 'default');
    const group = groups.get(key) ?? { key, specter: shop.specter, shops: [] };
    group.shops.push(shop);
    groups.set(key, group);
  }
  return {
    ...input,
    webshops: [...groups.values()],
    bindings: new BindingRepository(input.db),
    cursors: new CursorRepository(input.db),
  };
}

export function shopOf(context: FlowContext, shopId: string): ShopRuntime {
  const shop = context.shops.get(shopId);
  if (!shop)
    throw new Error(`Connection ${context.connection.id} has no shop "${shopId}" (removed from the config?)`);
  return shop;
}

/** Adds a step to the record's timeline. */
export function trace(context: FlowContext, event: Omit<TimelineEvent, 'connectionId'>): Promise<void> {
  return recordEvent(context.db, { connectionId: context.connection.id, ...event });
}

/** A record's timeline writer for one job: `step('written', 'Created in Specter as order 10001')`. */
export function timelineSteps(
  context: FlowContext,
  record: { shopId: string; entityType: string; entityKey: string; jobId: string },
): (kind: string, message: string, data?: unknown) => Promise<void> {
  return (kind, message, data) => trace(context, { ...record, kind, message, data });
}

export function countOne(context: FlowContext, metric: string, by = 1): Promise<void> {
  return countUsage(context.db, context.connection.id, metric, by);
}
