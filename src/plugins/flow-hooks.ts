// The plugins as the flow handlers call them: typed per stream, with the timeline written here
// (a skip is a 'skipped' step naming the plugin, a change is a 'mapped' step listing the fields),
// so each hook point in a handler is one line. Without plugins every call returns at once.
import { classifyError, PermanentError, TransientError } from '../domain/errors.ts';
import type { JobHandler } from '../engine/worker.ts';
import { type FlowContext, trace } from '../flows/context.ts';
import { describeChanges } from './diff.ts';
import { isPluginError } from './run-hook.ts';
import type { ArticleDirection, HookContext, PluginHooks, PluginStream } from './types.ts';

type HooksOf<K extends PluginStream> = NonNullable<PluginHooks<unknown>[K]>;
type Fn<K extends PluginStream, H extends keyof HooksOf<K>> = NonNullable<HooksOf<K>[H]>;
type Arg<K extends PluginStream, H extends keyof HooksOf<K>> =
  Fn<K, H> extends (value: infer V, ctx: never) => unknown ? V : never;
type Facts<K extends PluginStream, H extends keyof HooksOf<K>> =
  Fn<K, H> extends (value: never, ctx: infer C) => unknown ? Omit<C, keyof HookContext<unknown>> : never;
/** Facts a hook needs from the handler; optional when the hook needs none. */
type FactsArg<K extends PluginStream, H extends keyof HooksOf<K>> =
  Record<string, never> extends Facts<K, H> ? [facts?: Facts<K, H>] : [facts: Facts<K, H>];

type FilterHook<K extends PluginStream> = Extract<keyof HooksOf<K>, 'filter' | 'beforeWrite'>;
type TransformHook<K extends PluginStream> = Extract<keyof HooksOf<K>, 'beforeMap' | 'afterMap' | 'mapEvent'>;
type NotifyHook<K extends PluginStream> = Extract<keyof HooksOf<K>, 'afterWrite'>;

export interface RecordRef {
  shopId: string;
  /** Timeline entity: 'order' or 'article'. */
  entityType: string;
  entityKey: string;
  jobId?: string;
}

export class FlowHooks<K extends PluginStream> {
  constructor(
    private readonly context: FlowContext,
    private readonly stream: K,
    private readonly record: RecordRef,
  ) {}

  /** The same hooks for another record of the same job (one SKU of a stock flush). */
  forRecord(entityKey: string, entityType = this.record.entityType): FlowHooks<K> {
    return new FlowHooks(this.context, this.stream, { ...this.record, entityKey, entityType });
  }

  /** False when no plugin has any hook on this stream: callers may skip building hook input. */
  get active(): boolean {
    const plugins = this.context.plugins;
    return plugins?.plugins.some((p) => p.plugin[this.stream] !== undefined) ?? false;
  }

  private get scope() {
    return {
      connectionId: this.context.connection.id,
      shopId: this.record.shopId,
      logger: this.context.logger,
    };
  }

  private step(kind: string, message: string, data?: unknown): Promise<void> {
    return trace(this.context, { ...this.record, kind, message, data });
  }

  /** Runs `filter` or `beforeWrite`; the reason when a plugin skipped the record (already traced). */
  async skipped<H extends FilterHook<K>>(
    hook: H,
    value: Arg<K, H>,
    ...facts: FactsArg<K, H>
  ): Promise<string | null> {
    const plugins = this.context.plugins;
    if (!plugins?.has(this.stream, hook as string)) return null;
    const skip = await plugins.filter(this.stream, hook as 'filter', value, this.scope, facts[0] ?? {});
    if (!skip) return null;
    await this.step('skipped', `Skipped by plugin ${skip.plugin} (${skip.hook}): ${skip.reason}`, skip);
    return skip.reason;
  }

  /** Runs a transforming hook over every plugin; the value to go on with. Changes are traced. */
  async apply<H extends TransformHook<K>>(
    hook: H,
    value: Arg<K, H>,
    ...facts: FactsArg<K, H>
  ): Promise<Arg<K, H>> {
    const plugins = this.context.plugins;
    if (!plugins?.has(this.stream, hook as string)) return value;
    const result = await plugins.transform(
      this.stream,
      hook as 'beforeMap',
      value,
      this.scope,
      facts[0] ?? {},
    );
    for (const change of result.changes) {
      const lines = describeChanges(change.changes);
      const shown = lines.slice(0, 3).join('; ') + (lines.length > 3 ? `; and ${lines.length - 3} more` : '');
      await this.step('mapped', `Plugin ${change.plugin} (${change.hook}) changed ${shown}`, change);
    }
    return result.value as Arg<K, H>;
  }

  async notify<H extends NotifyHook<K>>(hook: H, value: Arg<K, H>, ...facts: FactsArg<K, H>): Promise<void> {
    const plugins = this.context.plugins;
    if (!plugins?.has(this.stream, hook as string)) return;
    await plugins.notify(this.stream, 'afterWrite', value, this.scope, facts[0] ?? {});
  }
}

export function pluginHooks<K extends PluginStream>(
  context: FlowContext,
  stream: K,
  record: RecordRef,
): FlowHooks<K> {
  return new FlowHooks(context, stream, record);
}

/** Job kind -> the stream whose plugins classify its errors (and the article direction). */
const STREAM_OF_KIND: Record<
  string,
  { stream: PluginStream; entityType: string; direction?: ArticleDirection }
> = {
  'order.push': { stream: 'orders', entityType: 'order' },
  'order.event': { stream: 'orderStatus', entityType: 'order' },
  'article.import': { stream: 'articles', entityType: 'article', direction: 'specter->magento' },
  'article.export': { stream: 'articles', entityType: 'article', direction: 'magento->specter' },
  'stock.flush': { stream: 'stock', entityType: 'stock' },
  'price.flush': { stream: 'prices', entityType: 'prices' },
};

/**
 * Wraps the handlers so a stream's `onError` hooks classify what its jobs throw. Plugin failures
 * themselves are never reclassified: they always end as the dead letter that names the plugin.
 */
export function withPluginErrorHooks(context: FlowContext, handlers: Record<string, JobHandler>): void {
  const plugins = context.plugins;
  for (const [kind, handler] of Object.entries(handlers)) {
    const target = STREAM_OF_KIND[kind];
    if (!target || !plugins?.has(target.stream, 'onError')) continue;
    handlers[kind] = async (jobContext) => {
      try {
        await handler(jobContext);
      } catch (error) {
        if (isPluginError(error)) throw error;
        const failure = classifyError(error);
        const { job } = jobContext;
        const answer = await plugins.classify(
          target.stream,
          failure,
          { connectionId: context.connection.id, shopId: job.shopId, logger: context.logger },
          {
            entityKey: job.entityKey,
            attempt: job.attempts,
            ...(target.direction ? { direction: target.direction } : {}),
          },
        );
        if (!answer) throw error;
        const options = {
          code: failure.code,
          details: { ...failure.details, classifiedBy: answer.plugin },
          cause: error,
        };
        if (answer.verdict === 'retry') throw new TransientError(failure.message, options);
        if (answer.verdict === 'dead-letter') throw new PermanentError(failure.message, options);
        await trace(context, {
          shopId: job.shopId,
          entityType: target.entityType,
          entityKey: job.entityKey,
          jobId: job.id,
          kind: 'skipped',
          message: `Skipped by plugin ${answer.plugin} (${target.stream}.onError): ${answer.verdict.skip} [${failure.message}]`,
          data: { plugin: answer.plugin, code: failure.code },
        });
      }
    };
  }
}
