// The flow side: skips and changes land on the record's timeline, and onError hooks classify what a
// handler throws (retry, dead letter, skip) while plugin failures always stay dead letters.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import order from '../../examples/plugins/fixtures/order-invoice.json' with { type: 'json' };
import { PermanentError, type SyncError, TransientError } from '../../src/domain/errors.ts';
import type { Order } from '../../src/domain/types.ts';
import type { JobContext, JobHandler } from '../../src/engine/worker.ts';
import type { FlowContext } from '../../src/flows/context.ts';
import { pluginHooks, withPluginErrorHooks } from '../../src/plugins/flow-hooks.ts';
import { definePlugin, skip } from '../../src/plugins/index.ts';
import { PluginSet } from '../../src/plugins/plugin-set.ts';
import { pluginError } from '../../src/plugins/run-hook.ts';
import type { KopplaPlugin } from '../../src/plugins/types.ts';
import { timelineOf } from '../../src/store/timeline.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore('pglite');
});
afterAll(async () => {
  await store?.close();
});

function contextWith(...plugins: KopplaPlugin<unknown>[]): FlowContext {
  return {
    connection: { id: 'c1' },
    db: store.db,
    logger: pino({ level: 'silent' }),
    plugins: new PluginSet(
      plugins.map((plugin, index) => ({ plugin, settings: {}, source: plugin.name, index, timeoutMs: 500 })),
    ),
  } as unknown as FlowContext;
}

const job = (entityKey: string, kind = 'order.push') =>
  ({ job: { id: '1', shopId: 'se', kind, entityKey, attempts: 1 } }) as unknown as JobContext;

describe('timeline', () => {
  it('records a skip and each changed field under the plugin that changed it', async () => {
    const context = contextWith(
      definePlugin({
        name: 'renamer',
        orders: { beforeMap: (o) => ({ ...o, paymentMethod: 'invoice' }) },
      }) as KopplaPlugin<unknown>,
      definePlugin({
        name: 'holder',
        orders: { filter: () => skip('waiting for payment') },
      }) as KopplaPlugin<unknown>,
    );
    const hooks = pluginHooks(context, 'orders', {
      shopId: 'se',
      entityType: 'order',
      entityKey: 'T-1',
      jobId: '1',
    });
    expect(await hooks.skipped('filter', order as Order)).toBe('waiting for payment');
    const changed = await hooks.apply('beforeMap', order as Order);
    expect(changed.paymentMethod).toBe('invoice');
    const events = await timelineOf(store.db, 'c1', 'order', 'T-1');
    expect(events.map((e) => [e.kind, e.message])).toEqual([
      ['skipped', 'Skipped by plugin holder (orders.filter): waiting for payment'],
      ['mapped', 'Plugin renamer (orders.beforeMap) changed paymentMethod: "checkmo" -> "invoice"'],
    ]);
    expect(events[1]!.data).toMatchObject({
      plugin: 'renamer',
      changes: [{ path: 'paymentMethod', before: 'checkmo', after: 'invoice' }],
    });
  });

  it('without plugins, hands the value back untouched', async () => {
    const context = { ...contextWith(), plugins: undefined } as FlowContext;
    const hooks = pluginHooks(context, 'orders', { shopId: 'se', entityType: 'order', entityKey: 'T-2' });
    expect(hooks.active).toBe(false);
    const value = order as Order;
    expect(await hooks.apply('beforeMap', value)).toBe(value);
    expect(await hooks.skipped('filter', value)).toBeNull();
  });
});

describe('onError', () => {
  const classifier = definePlugin({
    name: 'classifier',
    orders: {
      onError(error) {
        if (error.code === 'unknown-sku') return { skip: 'the gift card SKU is never sent' };
        if (error.code === 'internal') return 'retry';
        if (error.code === 'http-503') return 'dead-letter';
      },
    },
  }) as KopplaPlugin<unknown>;

  async function outcome(thrown: unknown, key: string): Promise<SyncError | 'done'> {
    const context = contextWith(classifier);
    const handlers: Record<string, JobHandler> = {
      'order.push': async () => {
        throw thrown;
      },
    };
    withPluginErrorHooks(context, handlers);
    try {
      await handlers['order.push']!(job(key));
      return 'done';
    } catch (error) {
      return error as SyncError;
    }
  }

  it('skip ends the job as done with the reason on the timeline', async () => {
    expect(await outcome(new PermanentError('SKU GIFT does not exist', { code: 'unknown-sku' }), 'E-1')).toBe(
      'done',
    );
    const events = await timelineOf(store.db, 'c1', 'order', 'E-1');
    expect(events[0]!.message).toMatch(
      /Skipped by plugin classifier \(orders\.onError\): the gift card SKU is never sent/,
    );
  });

  it('retry turns a permanent failure transient, dead-letter a transient one permanent', async () => {
    const retried = await outcome(new Error('flaky'), 'E-2');
    expect(retried).toBeInstanceOf(TransientError);
    expect((retried as SyncError).details).toMatchObject({ classifiedBy: 'classifier' });
    const dead = await outcome(new TransientError('down', { code: 'http-503' }), 'E-3');
    expect((dead as SyncError).kind).toBe('permanent');
    expect((dead as SyncError).code).toBe('http-503');
  });

  it('leaves errors it has no verdict for, and plugin failures, as they are', async () => {
    const other = new PermanentError('nope', { code: 'currency-mismatch' });
    expect(await outcome(other, 'E-4')).toBe(other);
    const failure = pluginError(
      { plugin: classifier, settings: {}, source: 'x', index: 0, timeoutMs: 1 },
      'orders.beforeMap',
      'threw: boom',
    );
    expect(await outcome(failure, 'E-5')).toBe(failure);
  });
});
