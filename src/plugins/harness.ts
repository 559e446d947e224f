// The plugin test harness: runs one plugin's hooks of one stream, in the order the flow calls them,
// on a recorded payload, and reports each hook's field changes and the overall before/after diff.
// `koppla plugin test` prints it; plugin authors call runPluginOnFixture in their own tests.
import { pino } from 'pino';
import type { StatusAction } from '../config/schema.ts';
import { describeChanges, diffValues, type FieldChange } from './diff.ts';
import { statusActionsSchema } from './domain-schemas.ts';
import { type Fixture, loadFixtureFile, readFixture } from './fixture.ts';
import { loadPlugin } from './load.ts';
import { type HookScope, PluginSet, type PluginSkip } from './plugin-set.ts';
import { DEFAULT_HOOK_TIMEOUT_MS } from './run-hook.ts';
import type {
  BasePriceWrite,
  KopplaPlugin,
  LoadedPlugin,
  PluginStream,
  StockSource,
  StockWrite,
} from './types.ts';

export interface FixtureRunOptions {
  /** The plugin, or its path / package name. */
  plugin: KopplaPlugin<never> | KopplaPlugin<unknown> | string;
  /** The recorded payload: a parsed object, or a path to a JSON file. */
  fixture: unknown;
  stream?: PluginStream;
  settings?: Record<string, unknown>;
  shopId?: string;
  /** Folder a plugin path is relative to (default: the working directory). */
  baseDir?: string;
  timeoutMs?: number;
}

export interface HookStep {
  hook: string;
  changes: FieldChange[];
}

export interface FixtureRun {
  plugin: string;
  stream: PluginStream;
  source: string;
  before: unknown;
  after: unknown;
  /** Set when a filter or beforeWrite hook stopped the record. */
  skipped?: PluginSkip;
  /** Every transforming hook that changed something, in call order. */
  steps: HookStep[];
  /** The whole difference between the fixture and the value that would be written. */
  changes: FieldChange[];
}

async function loaded(options: FixtureRunOptions): Promise<LoadedPlugin> {
  if (typeof options.plugin === 'string') {
    const result = await loadPlugin({ use: options.plugin, settings: options.settings }, 0, {
      baseDir: options.baseDir,
      timeoutMs: options.timeoutMs,
    });
    if (!result.loaded) throw new Error(result.problems.join('\n'));
    return result.loaded;
  }
  const plugin = options.plugin as KopplaPlugin<unknown>;
  let settings: unknown = options.settings ?? {};
  if (plugin.settings) {
    const parsed = plugin.settings.safeParse(settings);
    if (!parsed.success) {
      throw new Error(
        parsed.error.issues.map((i) => `settings.${i.path.map(String).join('.')}: ${i.message}`).join('\n'),
      );
    }
    settings = parsed.data;
  }
  return {
    plugin,
    settings,
    source: plugin.name,
    index: 0,
    timeoutMs: options.timeoutMs ?? plugin.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
  };
}

function fixtureOf(options: FixtureRunOptions): Fixture {
  const read = { stream: options.stream, shopId: options.shopId };
  return typeof options.fixture === 'string'
    ? loadFixtureFile(options.fixture, read)
    : readFixture(options.fixture, read);
}

/** Runs the plugin's hooks of the fixture's stream. Plugin failures throw (code `plugin-error`). */
export async function runPluginOnFixture(options: FixtureRunOptions): Promise<FixtureRun> {
  const one = await loaded(options);
  const fixture = fixtureOf(options);
  const set = new PluginSet([one]);
  const scope: HookScope = {
    connectionId: 'fixture',
    shopId: options.shopId ?? 'fixture',
    logger: pino({ level: 'silent' }),
  };
  const stream = fixture.stream;
  const steps: HookStep[] = [];
  const transform = async <T>(hook: 'beforeMap' | 'afterMap' | 'mapEvent', value: T, facts: object = {}) => {
    const result = await set.transform(stream, hook, value, scope, facts);
    for (const change of result.changes) steps.push({ hook: change.hook, changes: change.changes });
    return result.value;
  };
  const done = (after: unknown, skipped?: PluginSkip): FixtureRun => ({
    plugin: one.plugin.name,
    stream,
    source: fixture.source,
    before:
      fixture.stream === 'orderStatus' ? { event: fixture.value, actions: fixture.actions } : fixture.value,
    after,
    ...(skipped ? { skipped } : {}),
    steps,
    changes: skipped
      ? []
      : diffValues(
          fixture.stream === 'orderStatus'
            ? { event: fixture.value, actions: fixture.actions }
            : fixture.value,
          after,
        ),
  });

  const facts = fixture.direction ? { direction: fixture.direction } : {};
  const skipped = await set.filter(stream, 'filter', fixture.value, scope, facts);
  if (skipped) return done(fixture.value, skipped);
  let value = await transform('beforeMap', fixture.value, facts);

  switch (stream) {
    case 'orders': {
      const writeFacts = {
        customerId: 'fixture-customer',
        externalOrderNo: (value as { incrementId: string }).incrementId,
      };
      value = await transform('afterMap', value, writeFacts);
      const stop = await set.filter(stream, 'beforeWrite', value, scope, writeFacts);
      return done(value, stop ?? undefined);
    }
    case 'orderStatus': {
      const actions = statusActionsSchema.parse(fixture.actions ?? []) as StatusAction[];
      const mapped = await transform('mapEvent', actions, { event: value });
      return done({ event: value, actions: mapped });
    }
    case 'articles': {
      value = await transform('afterMap', value, facts);
      const stop = await set.filter(stream, 'beforeWrite', value, scope, facts);
      return done(value, stop ?? undefined);
    }
    case 'stock': {
      const source = value as StockSource;
      const qty = Math.max(
        0,
        Object.values(source.sites).reduce<number>((sum, v) => sum + (v ?? 0), 0),
      );
      const write: StockWrite = { sku: source.sku, qty, inStock: qty > 0 };
      return done(await transform('afterMap', write));
    }
    case 'prices': {
      const source = value as { kind: string; sku: string; priceExclVat?: number; vatPercent: number };
      if (source.kind !== 'base') return done(value);
      const price = Math.round((source.priceExclVat ?? 0) * (1 + source.vatPercent / 100) * 100) / 100;
      const write: BasePriceWrite = { sku: source.sku, price };
      return done(await transform('afterMap', write));
    }
  }
}

/** The run in words, as `koppla plugin test` prints it. */
export function formatFixtureRun(run: FixtureRun): string {
  const lines = [`plugin ${run.plugin} on ${run.source} (stream ${run.stream})`];
  if (run.skipped) {
    lines.push(`skipped by ${run.skipped.hook}: ${run.skipped.reason}`);
    return `${lines.join('\n')}\n`;
  }
  if (run.steps.length === 0) lines.push('no changes');
  for (const step of run.steps) {
    lines.push(`${step.hook}:`);
    for (const line of describeChanges(step.changes)) lines.push(`  ${line}`);
  }
  return `${lines.join('\n')}\n`;
}
