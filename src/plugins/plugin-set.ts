// One connection's plugins in config order, and how each kind of hook combines over them:
//  - filter hooks: the first plugin that skips wins, the rest are not asked;
//  - transforming hooks: each plugin gets the previous one's result (a pipeline), every result is
//    checked against the domain schema and its field changes are reported per plugin;
//  - notify hooks: every plugin is told;
//  - onError: the first plugin with a verdict decides.
// Pure of I/O: the flows trace what this returns (./flow-hooks.ts).
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SyncError } from '../domain/errors.ts';
import { diffValues, type FieldChange } from './diff.ts';
import {
  articleSchema,
  basePriceWriteSchema,
  orderEventSchema,
  orderSchema,
  priceSourceSchema,
  statusActionsSchema,
  stockSourceSchema,
  stockWriteSchema,
} from './domain-schemas.ts';
import { callHook, pluginError } from './run-hook.ts';
import type { ErrorVerdict, HookContext, LoadedPlugin, PluginStream } from './types.ts';

/** Which schema a transforming hook's result must match. */
const RESULT_SCHEMAS: Record<PluginStream, Record<string, z.ZodType>> = {
  orders: { beforeMap: orderSchema, afterMap: orderSchema },
  orderStatus: { beforeMap: orderEventSchema, mapEvent: statusActionsSchema },
  articles: { beforeMap: articleSchema, afterMap: articleSchema },
  stock: { beforeMap: stockSourceSchema, afterMap: stockWriteSchema },
  prices: { beforeMap: priceSourceSchema, afterMap: basePriceWriteSchema },
};

export interface HookScope {
  connectionId: string;
  shopId: string;
  logger: Logger;
}

export interface PluginChange {
  plugin: string;
  hook: string;
  changes: FieldChange[];
}

export interface PluginSkip {
  plugin: string;
  hook: string;
  reason: string;
}

type AnyHook = (value: unknown, ctx: HookContext<unknown> & Record<string, unknown>) => unknown;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`)
    .join('; ');
}

export class PluginSet {
  constructor(readonly plugins: readonly LoadedPlugin[]) {}

  get size(): number {
    return this.plugins.length;
  }

  /** Whether any plugin has this hook (the flows skip copying values when none does). */
  has(stream: PluginStream, hook: string): boolean {
    return this.plugins.some((p) => typeof this.hookOf(p, stream, hook) === 'function');
  }

  private hookOf(loaded: LoadedPlugin, stream: PluginStream, hook: string): AnyHook | undefined {
    const hooks = loaded.plugin[stream] as Record<string, AnyHook> | undefined;
    const fn = hooks?.[hook];
    return typeof fn === 'function' ? fn.bind(hooks) : undefined;
  }

  private context(loaded: LoadedPlugin, scope: HookScope, signal: AbortSignal, facts: object) {
    return {
      ...facts,
      plugin: loaded.plugin.name,
      connectionId: scope.connectionId,
      shopId: scope.shopId,
      settings: loaded.settings,
      signal,
      logger: scope.logger.child({ plugin: loaded.plugin.name }),
    };
  }

  /** `filter` / `beforeWrite`: the first skip, or null when every plugin lets the value through. */
  async filter(
    stream: PluginStream,
    hook: 'filter' | 'beforeWrite',
    value: unknown,
    scope: HookScope,
    facts: object = {},
  ): Promise<PluginSkip | null> {
    for (const loaded of this.plugins) {
      const fn = this.hookOf(loaded, stream, hook);
      if (!fn) continue;
      const name = `${stream}.${hook}`;
      const answer = await callHook(loaded, name, (signal) =>
        fn(structuredClone(value), this.context(loaded, scope, signal, facts)),
      );
      if (answer === undefined || answer === null) continue;
      const reason = (answer as { skip?: unknown }).skip;
      if (typeof answer !== 'object' || typeof reason !== 'string' || reason.trim() === '') {
        throw pluginError(loaded, name, 'returned a wrong shape: expected nothing or { skip: "reason" }');
      }
      return { plugin: loaded.plugin.name, hook: name, reason };
    }
    return null;
  }

  /** A transforming hook over every plugin in order; the value out and who changed what. */
  async transform<T>(
    stream: PluginStream,
    hook: 'beforeMap' | 'afterMap' | 'mapEvent',
    value: T,
    scope: HookScope,
    facts: object = {},
  ): Promise<{ value: T; changes: PluginChange[] }> {
    const schema = RESULT_SCHEMAS[stream][hook];
    if (!schema) throw new Error(`${stream} has no ${hook} hook`);
    let current = value;
    const changes: PluginChange[] = [];
    for (const loaded of this.plugins) {
      const fn = this.hookOf(loaded, stream, hook);
      if (!fn) continue;
      const name = `${stream}.${hook}`;
      const copy = structuredClone(current);
      const answer = await callHook(loaded, name, (signal) =>
        fn(copy, this.context(loaded, scope, signal, facts)),
      );
      const result = answer === undefined || answer === null ? copy : answer;
      const parsed = schema.safeParse(result);
      if (!parsed.success) {
        throw pluginError(loaded, name, `returned a wrong shape: ${describeIssues(parsed.error)}`);
      }
      const next = parsed.data as T;
      const kindOf = (v: unknown) => (v as { kind?: unknown }).kind;
      if (stream === 'prices' && kindOf(next) !== kindOf(current)) {
        throw pluginError(
          loaded,
          name,
          `returned a wrong shape: kind must stay "${String(kindOf(current))}"`,
        );
      }
      const changed = diffValues(current, next);
      if (changed.length > 0) changes.push({ plugin: loaded.plugin.name, hook: name, changes: changed });
      current = next;
    }
    return { value: current, changes };
  }

  /** `afterWrite`: every plugin is told; a failing one still fails the job (it may have half-acted). */
  async notify(
    stream: PluginStream,
    hook: 'afterWrite',
    value: unknown,
    scope: HookScope,
    facts: object = {},
  ): Promise<void> {
    for (const loaded of this.plugins) {
      const fn = this.hookOf(loaded, stream, hook);
      if (!fn) continue;
      await callHook(loaded, `${stream}.${hook}`, (signal) =>
        fn(structuredClone(value), this.context(loaded, scope, signal, facts)),
      );
    }
  }

  /** `onError`: the first plugin's verdict, or null when none has one. */
  async classify(
    stream: PluginStream,
    error: SyncError,
    scope: HookScope,
    facts: object,
  ): Promise<{ plugin: string; verdict: ErrorVerdict } | null> {
    for (const loaded of this.plugins) {
      const fn = this.hookOf(loaded, stream, 'onError');
      if (!fn) continue;
      const name = `${stream}.onError`;
      const answer = await callHook(loaded, name, (signal) =>
        fn(error, this.context(loaded, scope, signal, facts)),
      );
      if (answer === undefined || answer === null) continue;
      const valid =
        answer === 'retry' ||
        answer === 'dead-letter' ||
        (typeof answer === 'object' && typeof (answer as { skip?: unknown }).skip === 'string');
      if (!valid) {
        throw pluginError(
          loaded,
          name,
          `returned a wrong shape: expected 'retry', 'dead-letter' or { skip }`,
        );
      }
      return { plugin: loaded.plugin.name, verdict: answer as ErrorVerdict };
    }
    return null;
  }
}

export const noPlugins = new PluginSet([]);
