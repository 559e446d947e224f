// The plugin API's types: one hook interface per stream, each hook typed with the domain shapes the
// flow handler holds at that point, so a plugin that touches a field the stream does not have does
// not compile. Values handed to a hook are copies: a hook may change them in place or return a new
// value; either way the result is checked against the domain schema before the flow uses it.
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { StatusAction } from '../config/schema.ts';
import type { SyncError } from '../domain/errors.ts';
import type { Article, Order, OrderEvent, PriceListEntry } from '../domain/types.ts';
import type { StatusActionInput } from './domain-schemas.ts';

export type Awaitable<T> = T | Promise<T>;

/** What a `filter` (or `beforeWrite`) answers to stop the record: the reason lands on its timeline. */
export interface Skip {
  skip: string;
}

/** Nothing (or undefined) lets the record through. */
export type FilterResult = Skip | undefined | void;

/** A transforming hook returns the changed value, or nothing when it changed its argument in place. */
export type Transformed<T> = T | undefined | void;

/**
 * What `onError` makes of a failure: try again later (with backoff, until the job's attempts run
 * out), a dead letter now, or skip the record (the job ends as done, the reason on the timeline).
 */
export type ErrorVerdict = 'retry' | 'dead-letter' | { skip: string };

export type PluginStream = 'orders' | 'orderStatus' | 'articles' | 'stock' | 'prices';

export interface HookContext<S> {
  /** The plugin's name, as it declared it. */
  plugin: string;
  connectionId: string;
  shopId: string;
  /** The plugin's settings from the connection config, parsed by its schema. */
  settings: S;
  /** Aborted when the hook's time limit passes: long work should stop then. */
  signal: AbortSignal;
  logger: Logger;
}

export interface ErrorFacts {
  /** The record the job was about (order number, SKU, ...). */
  entityKey: string;
  /** How many times this job has been tried, this attempt included. */
  attempt: number;
}

// ------------------------------------------------------------------ orders (Magento -> Specter)

export interface OrderWriteFacts {
  /** The Specter customer the order is written for. */
  customerId: string;
  externalOrderNo: string;
}

export interface OrderHooks<S> {
  /** After the order is read from Magento and found eligible: skip it with a reason (hold it). */
  filter?(order: Readonly<Order>, ctx: HookContext<S>): Awaitable<FilterResult>;
  /** Change the order before Koppla acts on it (the customer is written to Specter from it next). */
  beforeMap?(order: Order, ctx: HookContext<S>): Awaitable<Transformed<Order>>;
  /**
   * The order just before it is mapped to Specter's rows: change lines or add one (an `OrderLine`,
   * see `orderLine()`). Specter's rows must add up to `grandTotalInclVat`: see docs/plugins.md.
   */
  afterMap?(order: Order, ctx: HookContext<S> & OrderWriteFacts): Awaitable<Transformed<Order>>;
  /** A last look before the order is created in Specter: skip it with a reason. */
  beforeWrite?(order: Readonly<Order>, ctx: HookContext<S> & OrderWriteFacts): Awaitable<FilterResult>;
  afterWrite?(
    result: { order: Readonly<Order>; orderNo: string; duplicate: boolean },
    ctx: HookContext<S>,
  ): Awaitable<void>;
  onError?(error: SyncError, ctx: HookContext<S> & ErrorFacts): Awaitable<ErrorVerdict | undefined | void>;
}

// ------------------------------------------------------------------ order status (Specter -> Magento)

export interface OrderStatusHooks<S> {
  filter?(event: Readonly<OrderEvent>, ctx: HookContext<S>): Awaitable<FilterResult>;
  /** Change the event (e.g. tracking numbers, carrier) before its actions are chosen. */
  beforeMap?(event: OrderEvent, ctx: HookContext<S>): Awaitable<Transformed<OrderEvent>>;
  /**
   * Change the Magento actions the connection configured for this event. Return the same list for
   * the same event every time: the actions' positions are part of their idempotency keys.
   */
  mapEvent?(
    actions: StatusAction[],
    ctx: HookContext<S> & { event: Readonly<OrderEvent> },
  ): Awaitable<StatusActionInput[] | undefined | void>;
  /** Before one action is applied in Magento: skip it with a reason. */
  beforeWrite?(
    action: Readonly<StatusAction>,
    ctx: HookContext<S> & { event: Readonly<OrderEvent>; order: Readonly<Order> },
  ): Awaitable<FilterResult>;
  afterWrite?(
    result: { action: Readonly<StatusAction>; outcome: string },
    ctx: HookContext<S> & { event: Readonly<OrderEvent> },
  ): Awaitable<void>;
  onError?(error: SyncError, ctx: HookContext<S> & ErrorFacts): Awaitable<ErrorVerdict | undefined | void>;
}

// ------------------------------------------------------------------ articles (both directions)

export type ArticleDirection = 'magento->specter' | 'specter->magento';

export interface ArticleFacts {
  direction: ArticleDirection;
}

export interface ArticleHooks<S> {
  /** Skip one article (an exported variant is left out; the job's own article ends the job). */
  filter?(article: Readonly<Article>, ctx: HookContext<S> & ArticleFacts): Awaitable<FilterResult>;
  /** The article as read from the source system (variant values in the source's names). */
  beforeMap?(article: Article, ctx: HookContext<S> & ArticleFacts): Awaitable<Transformed<Article>>;
  /** The article as it will be written (variant values in the target's names). */
  afterMap?(article: Article, ctx: HookContext<S> & ArticleFacts): Awaitable<Transformed<Article>>;
  beforeWrite?(article: Readonly<Article>, ctx: HookContext<S> & ArticleFacts): Awaitable<FilterResult>;
  afterWrite?(
    result: { article: Readonly<Article>; outcome: string },
    ctx: HookContext<S> & ArticleFacts,
  ): Awaitable<void>;
  onError?(
    error: SyncError,
    ctx: HookContext<S> & ErrorFacts & ArticleFacts,
  ): Awaitable<ErrorVerdict | undefined | void>;
}

// ------------------------------------------------------------------ stock (Specter -> Magento)

/** Specter's available quantity per stock site feeding this shop; null = not stock-kept there. */
export interface StockSource {
  sku: string;
  sites: Record<string, number | null>;
}

/** What is written to Magento for one SKU. */
export interface StockWrite {
  sku: string;
  qty: number;
  inStock: boolean;
}

export interface StockHooks<S> {
  filter?(source: Readonly<StockSource>, ctx: HookContext<S>): Awaitable<FilterResult>;
  beforeMap?(source: StockSource, ctx: HookContext<S>): Awaitable<Transformed<StockSource>>;
  /** The published quantity (pending orders already taken off), before it is written. */
  afterMap?(write: StockWrite, ctx: HookContext<S>): Awaitable<Transformed<StockWrite>>;
  afterWrite?(written: readonly StockWrite[], ctx: HookContext<S>): Awaitable<void>;
  onError?(error: SyncError, ctx: HookContext<S> & ErrorFacts): Awaitable<ErrorVerdict | undefined | void>;
}

// ------------------------------------------------------------------ prices (Specter -> Magento)

export interface BasePriceSource {
  kind: 'base';
  sku: string;
  priceExclVat: number;
  vatPercent: number;
}

export interface TierPriceSource {
  kind: 'tiers';
  sku: string;
  vatPercent: number;
  /** The entries of the price lists mapped to customer groups. */
  entries: PriceListEntry[];
}

export type PriceSource = BasePriceSource | TierPriceSource;

/** A base price as written to Magento (including VAT when the shop's catalogue prices do). */
export interface BasePriceWrite {
  sku: string;
  price: number;
}

export interface PriceHooks<S> {
  filter?(source: Readonly<PriceSource>, ctx: HookContext<S>): Awaitable<FilterResult>;
  /** Change a base price or a SKU's tier entries (the kind must stay the same). */
  beforeMap?(source: PriceSource, ctx: HookContext<S>): Awaitable<Transformed<PriceSource>>;
  /** The catalogue price about to be written (e.g. psychological rounding). */
  afterMap?(write: BasePriceWrite, ctx: HookContext<S>): Awaitable<Transformed<BasePriceWrite>>;
  afterWrite?(written: readonly BasePriceWrite[], ctx: HookContext<S>): Awaitable<void>;
  onError?(error: SyncError, ctx: HookContext<S> & ErrorFacts): Awaitable<ErrorVerdict | undefined | void>;
}

// ------------------------------------------------------------------ the plugin

export interface PluginHooks<S> {
  orders?: OrderHooks<S>;
  orderStatus?: OrderStatusHooks<S>;
  articles?: ArticleHooks<S>;
  stock?: StockHooks<S>;
  prices?: PriceHooks<S>;
}

export interface PluginDefinition<Schema extends z.ZodType> extends PluginHooks<z.output<Schema>> {
  /** Shown on timelines and in dead letters: keep it short and stable. */
  name: string;
  description?: string;
  /** The settings the plugin takes, checked when the connection starts. */
  settings?: Schema;
  /** Per-hook-call time limit in ms (default 5000). */
  timeoutMs?: number;
}

export const PLUGIN_MARK = 'koppla-plugin/1';

export interface KopplaPlugin<S = unknown> extends PluginHooks<S> {
  readonly kind: typeof PLUGIN_MARK;
  readonly name: string;
  readonly description?: string;
  readonly settings?: z.ZodType<S>;
  readonly timeoutMs?: number;
}

/** A plugin with its parsed settings, as one connection uses it. */
export interface LoadedPlugin {
  plugin: KopplaPlugin<unknown>;
  settings: unknown;
  /** Where it came from (the config's `use`). */
  source: string;
  /** Position in the connection's `plugins` list. */
  index: number;
  timeoutMs: number;
}

export type { StatusAction };
