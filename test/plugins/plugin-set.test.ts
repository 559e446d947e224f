// Each hook point of each stream through PluginSet, the ordering of several plugins, and the
// isolation cases (throw, hang, wrong shape) as plugin-error failures naming plugin and hook.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import order from '../../examples/plugins/fixtures/order-invoice.json' with { type: 'json' };
import { SyncError, TransientError } from '../../src/domain/errors.ts';
import type { Article, Order, OrderEvent } from '../../src/domain/types.ts';
import { definePlugin, orderLine, skip } from '../../src/plugins/index.ts';
import { PluginSet } from '../../src/plugins/plugin-set.ts';
import type { KopplaPlugin, LoadedPlugin } from '../../src/plugins/types.ts';

const scope = { connectionId: 'c1', shopId: 'se', logger: pino({ level: 'silent' }) };
const anOrder = () => structuredClone(order) as Order;
const article: Article = {
  sku: 'MUGG-01',
  kind: 'simple',
  name: 'Mugg',
  active: true,
  attributes: { gtin: '735' },
};
const event: OrderEvent = { kind: 'delivered', specterOrderNo: '17', eventKey: 'delivery:1', deliveries: [] };

function set(...plugins: [KopplaPlugin<never> | KopplaPlugin<unknown>, unknown?][]): PluginSet {
  return new PluginSet(
    plugins.map(
      ([plugin, settings], index): LoadedPlugin => ({
        plugin: plugin as KopplaPlugin<unknown>,
        settings: settings ?? {},
        source: `test-${index}`,
        index,
        timeoutMs: 200,
      }),
    ),
  );
}

async function failure(promise: Promise<unknown>): Promise<SyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

describe('hook points', () => {
  it('orders: filter, beforeMap, afterMap (adding a row), beforeWrite, afterWrite', async () => {
    const seen: string[] = [];
    const plugins = set([
      definePlugin({
        name: 'all-order-hooks',
        orders: {
          filter: (o) => (o.paymentMethod === 'held' ? skip('held') : undefined),
          beforeMap(o) {
            o.customer.lastName = 'Ändrad';
          },
          afterMap: (o, { customerId, externalOrderNo }) => {
            seen.push(`${customerId}/${externalOrderNo}`);
            return {
              ...o,
              lines: [
                ...o.lines,
                orderLine({ sku: 'AVG', name: 'Avgift', amountInclVat: 10, vatPercent: 25 }),
              ],
            };
          },
          beforeWrite: (o) => (o.lines.length > 5 ? skip('too many rows') : undefined),
          afterWrite: ({ orderNo }) => {
            seen.push(`written ${orderNo}`);
          },
        },
      }),
    ]);
    expect(
      await plugins.filter('orders', 'filter', { ...anOrder(), paymentMethod: 'held' }, scope),
    ).toMatchObject({
      plugin: 'all-order-hooks',
      hook: 'orders.filter',
      reason: 'held',
    });
    expect(await plugins.filter('orders', 'filter', anOrder(), scope)).toBeNull();
    const before = await plugins.transform('orders', 'beforeMap', anOrder(), scope);
    expect(before.value.customer.lastName).toBe('Ändrad');
    expect(before.changes).toEqual([
      {
        plugin: 'all-order-hooks',
        hook: 'orders.beforeMap',
        changes: [{ path: 'customer.lastName', before: 'Berg', after: 'Ändrad' }],
      },
    ]);
    const after = await plugins.transform('orders', 'afterMap', before.value, scope, {
      customerId: '9',
      externalOrderNo: 'X1',
    });
    expect(after.value.lines.map((l) => l.sku)).toEqual(['MUGG-01', 'AVG']);
    expect(after.changes[0]!.changes[0]!.path).toBe('lines[1]');
    expect(await plugins.filter('orders', 'beforeWrite', after.value, scope)).toBeNull();
    await plugins.notify(
      'orders',
      'afterWrite',
      { order: after.value, orderNo: '55', duplicate: false },
      scope,
    );
    expect(seen).toEqual(['9/X1', 'written 55']);
  });

  it('orders: the value the flow holds is never changed by a hook that mutates its copy', async () => {
    const mine = anOrder();
    const plugins = set([
      definePlugin({ name: 'mutator', orders: { beforeMap: (o) => void o.lines.pop() } }),
    ]);
    await expect(plugins.transform('orders', 'beforeMap', mine, scope)).rejects.toThrow(/wrong shape: lines/);
    expect(mine.lines).toHaveLength(1);
  });

  it('orderStatus: filter, beforeMap, mapEvent with defaults filled, beforeWrite, afterWrite', async () => {
    const told: string[] = [];
    const plugins = set([
      definePlugin({
        name: 'status',
        orderStatus: {
          filter: (e) => (e.kind === 'paid' ? skip('paid events are ignored') : undefined),
          beforeMap: (e) => ({
            ...e,
            deliveries: [{ deliveryNo: '1', trackingNumbers: ['PN1'], carrier: 'DHL', rows: [] }],
          }),
          mapEvent: (actions, { event: e }) =>
            e.kind === 'delivered' ? [...actions, { action: 'status', status: 'shipped' }] : actions,
          beforeWrite: (action) => (action.action === 'invoice' ? skip('invoiced by the PSP') : undefined),
          afterWrite: ({ outcome }) => void told.push(outcome),
        },
      }),
    ]);
    expect((await plugins.filter('orderStatus', 'filter', { ...event, kind: 'paid' }, scope))?.reason).toBe(
      'paid events are ignored',
    );
    const mapped = await plugins.transform('orderStatus', 'beforeMap', event, scope);
    expect(mapped.value.deliveries[0]!.carrier).toBe('DHL');
    const actions = await plugins.transform(
      'orderStatus',
      'mapEvent',
      [{ action: 'ship' as const, notify: true }],
      scope,
      { event },
    );
    expect(actions.value).toEqual([
      { action: 'ship', notify: true },
      { action: 'status', status: 'shipped', comment: '', notify: false },
    ]);
    expect(
      await plugins.filter(
        'orderStatus',
        'beforeWrite',
        { action: 'invoice', capture: true, notify: false },
        scope,
      ),
    ).toMatchObject({
      reason: 'invoiced by the PSP',
    });
    await plugins.notify(
      'orderStatus',
      'afterWrite',
      { action: { action: 'ship', notify: true }, outcome: 'Shipment 1' },
      scope,
    );
    expect(told).toEqual(['Shipment 1']);
  });

  it('articles: hooks see the direction', async () => {
    const plugins = set([
      definePlugin({
        name: 'articles',
        articles: {
          filter: (a, { direction }) =>
            direction === 'specter->magento' && !a.active ? skip('inactive') : undefined,
          beforeMap: (a) => ({ ...a, sku: a.sku.replace(/^MUGG-/, 'M-') }),
          afterMap: (a, { direction }) =>
            direction === 'magento->specter' ? { ...a, ean: a.attributes?.gtin } : a,
          beforeWrite: (a) => (a.name === '' ? skip('no name') : undefined),
        },
      }),
    ]);
    const facts = { direction: 'magento->specter' };
    expect(
      await plugins.filter('articles', 'filter', { ...article, active: false }, scope, {
        direction: 'specter->magento',
      }),
    ).not.toBeNull();
    expect(
      await plugins.filter('articles', 'filter', { ...article, active: false }, scope, facts),
    ).toBeNull();
    const before = await plugins.transform('articles', 'beforeMap', article, scope, facts);
    const after = await plugins.transform('articles', 'afterMap', before.value, scope, facts);
    expect(after.value).toMatchObject({ sku: 'M-01', ean: '735' });
    expect(
      (await plugins.filter('articles', 'beforeWrite', { ...article, name: '' }, scope, facts))?.reason,
    ).toBe('no name');
  });

  it('stock and prices: sources and writes', async () => {
    const plugins = set([
      definePlugin({
        name: 'numbers',
        stock: {
          filter: (s) => (s.sku.startsWith('NOSTOCK') ? skip('not managed') : undefined),
          beforeMap: (s) => ({ ...s, sites: { ...s.sites, '2': 0 } }),
          afterMap: (w) => ({ ...w, qty: Math.max(0, w.qty - 2), inStock: w.qty - 2 > 0 }),
        },
        prices: {
          beforeMap: (p) => (p.kind === 'base' ? { ...p, priceExclVat: p.priceExclVat * 1.1 } : p),
          afterMap: (w) => ({ ...w, price: Math.ceil(w.price) - 0.01 }),
        },
      }),
    ]);
    expect(await plugins.filter('stock', 'filter', { sku: 'NOSTOCK-1', sites: {} }, scope)).not.toBeNull();
    expect(
      (await plugins.transform('stock', 'beforeMap', { sku: 'A', sites: { '1': 5 } }, scope)).value.sites,
    ).toEqual({ '1': 5, '2': 0 });
    expect(
      (await plugins.transform('stock', 'afterMap', { sku: 'A', qty: 2, inStock: true }, scope)).value,
    ).toEqual({
      sku: 'A',
      qty: 0,
      inStock: false,
    });
    const base = await plugins.transform(
      'prices',
      'beforeMap',
      { kind: 'base' as const, sku: 'A', priceExclVat: 100, vatPercent: 25 },
      scope,
    );
    expect(base.value).toMatchObject({ priceExclVat: 110.00000000000001 });
    expect(
      (await plugins.transform('prices', 'afterMap', { sku: 'A', price: 137.4 }, scope)).value.price,
    ).toBe(137.99);
  });

  it('onError: the first verdict wins; an invalid verdict is a plugin error', async () => {
    const plugins = set(
      [definePlugin({ name: 'quiet', orders: { onError: () => undefined } })],
      [
        definePlugin({
          name: 'retrier',
          orders: { onError: (e) => (e.code === 'http-503' ? 'retry' : { skip: 'not ours' }) },
        }),
      ],
      [definePlugin({ name: 'never-asked', orders: { onError: () => 'dead-letter' } })],
    );
    const error = new TransientError('down', { code: 'http-503' });
    expect(await plugins.classify('orders', error, scope, { entityKey: '1', attempt: 1 })).toEqual({
      plugin: 'retrier',
      verdict: 'retry',
    });
    const wrong = set([definePlugin({ name: 'wrong', orders: { onError: () => 'maybe' as never } })]);
    expect(
      (await failure(wrong.classify('orders', error, scope, { entityKey: '1', attempt: 1 }))).message,
    ).toMatch(/Plugin "wrong" .* orders\.onError: returned a wrong shape/);
  });
});

describe('several plugins', () => {
  it('transform in config order, each on the previous result, each change reported under its plugin', async () => {
    const first = definePlugin({
      name: 'first',
      orders: { beforeMap: (o) => ({ ...o, paymentMethod: `${o.paymentMethod}-1` }) },
    });
    const second = definePlugin({
      name: 'second',
      orders: { beforeMap: (o) => ({ ...o, paymentMethod: `${o.paymentMethod}-2` }) },
    });
    const result = await set([first], [second]).transform('orders', 'beforeMap', anOrder(), scope);
    expect(result.value.paymentMethod).toBe('checkmo-1-2');
    expect(result.changes.map((c) => [c.plugin, c.changes[0]!.after])).toEqual([
      ['first', 'checkmo-1'],
      ['second', 'checkmo-1-2'],
    ]);
  });

  it('the first filter that skips wins and later plugins are not asked', async () => {
    const asked: string[] = [];
    const make = (name: string, skips: boolean) =>
      definePlugin({
        name,
        orders: {
          filter: () => {
            asked.push(name);
            return skips ? skip(`by ${name}`) : undefined;
          },
        },
      });
    const result = await set([make('a', false)], [make('b', true)], [make('c', true)]).filter(
      'orders',
      'filter',
      anOrder(),
      scope,
    );
    expect(result?.reason).toBe('by b');
    expect(asked).toEqual(['a', 'b']);
  });

  it('each plugin gets its own settings', async () => {
    const tag = definePlugin({
      name: 'tag',
      orders: {
        beforeMap: (o, { settings }) => ({
          ...o,
          paymentMethod: `${o.paymentMethod}+${(settings as unknown as { t: string }).t}`,
        }),
      },
    });
    const result = await set([tag, { t: 'x' }], [tag, { t: 'y' }]).transform(
      'orders',
      'beforeMap',
      anOrder(),
      scope,
    );
    expect(result.value.paymentMethod).toBe('checkmo+x+y');
  });
});

describe('isolation', () => {
  it('a throw becomes a plugin-error naming plugin and hook', async () => {
    const plugins = set([
      definePlugin({
        name: 'thrower',
        articles: {
          afterMap: () => {
            throw new Error('kaboom');
          },
        },
      }),
    ]);
    const error = await failure(
      plugins.transform('articles', 'afterMap', article, scope, { direction: 'magento->specter' }),
    );
    expect(error.kind).toBe('permanent');
    expect(error.code).toBe('plugin-error');
    expect(error.message).toMatch(/Plugin "thrower" \(test-0\) articles\.afterMap: threw: kaboom/);
    expect(error.details).toMatchObject({ plugin: 'thrower', hook: 'articles.afterMap' });
  });

  it('a hang past the time limit becomes a plugin-error, and the hook is told through its signal', async () => {
    let aborted = false;
    const plugins = set([
      definePlugin({
        name: 'sleeper',
        stock: {
          filter: (_s, { signal }) =>
            new Promise(() => {
              signal.addEventListener('abort', () => {
                aborted = true;
              });
            }),
        },
      }),
    ]);
    const started = Date.now();
    const error = await failure(plugins.filter('stock', 'filter', { sku: 'A', sites: {} }, scope));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toMatch(/Plugin "sleeper" .* stock\.filter: did not answer within 200 ms/);
    expect(aborted).toBe(true);
  });

  it('a wrong shape is caught by the domain schema, with the field named', async () => {
    const plugins = set([
      definePlugin({
        name: 'shaper',
        orders: { afterMap: (o) => ({ ...o, grandTotalInclVat: '476' as unknown as number }) },
      }),
    ]);
    const error = await failure(plugins.transform('orders', 'afterMap', anOrder(), scope, {}));
    expect(error.message).toMatch(
      /Plugin "shaper" .* orders\.afterMap: returned a wrong shape: grandTotalInclVat/,
    );
    const extra = set([
      definePlugin({ name: 'extra', articles: { beforeMap: (a) => ({ ...a, colour: 'red' }) as Article } }),
    ]);
    expect((await failure(extra.transform('articles', 'beforeMap', article, scope, {}))).message).toMatch(
      /colour/,
    );
    const badSkip = set([definePlugin({ name: 'bad-skip', orders: { filter: () => ({ skip: '' }) } })]);
    expect((await failure(badSkip.filter('orders', 'filter', anOrder(), scope))).message).toMatch(
      /wrong shape/,
    );
    const kind = set([
      definePlugin({
        name: 'kind',
        prices: { beforeMap: (p) => ({ kind: 'tiers', sku: p.sku, vatPercent: 25, entries: [] }) },
      }),
    ]);
    expect(
      (
        await failure(
          kind.transform(
            'prices',
            'beforeMap',
            { kind: 'base' as const, sku: 'A', priceExclVat: 1, vatPercent: 25 },
            scope,
          ),
        )
      ).message,
    ).toMatch(/kind must stay "base"/);
  });
});

describe('types', () => {
  it('a wrong field in a hook does not compile (checked by tsc)', () => {
    definePlugin({
      name: 'typed',
      orders: {
        // @ts-expect-error an Order has no `sku`
        filter: (o) => (o.sku ? undefined : undefined),
        // @ts-expect-error afterMap must give back an Order, not an Article
        afterMap: () => article,
      },
      articles: {
        // @ts-expect-error an Article's ean is a string
        afterMap: (a) => ({ ...a, ean: 735 }),
      },
      orderStatus: {
        // @ts-expect-error there is no "refund" action
        mapEvent: () => [{ action: 'refund' }],
      },
    });
    expect(true).toBe(true);
  });
});
