// The initial-sync hot paths of the Magento emulator were rewritten for CPU (answer serialisation,
// timestamps, id windows, bulk routes); these tests hold each one to what it replaced.
import { describe, expect, it } from 'vitest';
import { bulkRouteTable, entryParams } from '../../../emulators/magento/bulk-routes.ts';
import { formatMagentoTime } from '../../../emulators/magento/clock.ts';
import { productFilterRow, productFilterRows } from '../../../emulators/magento/domain/product-filter-row.ts';
import { renderProduct } from '../../../emulators/magento/domain/products.ts';
import { magentoJson } from '../../../emulators/magento/magento-json.ts';
import { buildRouteTable } from '../../../emulators/magento/routes/index.ts';
import { productsInIdWindow } from '../../../emulators/magento/routes/product-window.ts';
import type { SearchCriteria } from '../../../emulators/magento/search-criteria.ts';
import { createEmptyState, seedState } from '../../../emulators/magento/seed.ts';

/** The answer serialisation before: a copy without null fields, then JSON.stringify. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) out[key] = withoutNulls(v);
  return out;
}
const copiedJson = (value: unknown) => JSON.stringify(withoutNulls(value ?? null));

function seeded() {
  const state = createEmptyState(7, { user: 'admin', password: 'admin123' }, false);
  seedState(state, { storeViews: 3, simpleArticles: 40, configurables: 8, variantsPerConfigurable: 3 });
  return state;
}

describe('magento emulator: answer JSON without null fields', () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number | null,
    ) {}
  }
  const cases: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'token'],
    ['a number', 12.5],
    ['numbers JSON has no word for', [Number.NaN, Number.POSITIVE_INFINITY, -0]],
    ['null fields, nested', { a: null, b: { c: null, d: 1, e: { f: null } }, g: 'x' }],
    ['nulls inside lists stay', [null, 1, [null], { a: null }]],
    ['undefined and functions', { a: undefined, b: () => 1, c: [undefined, () => 1] }],
    // biome-ignore lint/suspicious/noSparseArray: a hole is one of the cases
    ['holes', [1, , 3]],
    ['a Date, which the copy made {}', { at: new Date(0), list: [new Date(0)] }],
    ['an object with toJSON', { a: { toJSON: () => ({ b: null }), c: 1 } }],
    ['boxed primitives', { s: Object('ab'), n: Object(1), b: Object(true) }],
    ['a Map and a class instance', { m: new Map([['a', 1]]), p: new Point(1, null) }],
    ['a null-prototype object', Object.assign(Object.create(null), { a: null, b: 2 })],
    ['a parsed __proto__ field', JSON.parse('{"__proto__":{"x":1},"a":{"__proto__":5,"b":null}}')],
    ['plain data without a null field', { a: 1, b: [{ c: 'x' }, [2]], d: { e: true } }],
    ['a string that holds ":null', { a: 'say ":null"', b: [null] }],
    ['a field named toJSON that is no function', { toJSON: 5, a: null, b: 1 }],
    ['text needing escapes', { 'k"\\': 'å\u2028"\n\u{1F600}', '\u0000': null }],
  ];
  for (const [name, value] of cases)
    it(`writes what the copy wrote: ${name}`, () => {
      expect(magentoJson(value)).toBe(copiedJson(value));
    });

  it('fails where the copy failed: a cycle, a BigInt', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => magentoJson(cycle)).toThrow(RangeError);
    expect(() => magentoJson({ n: 1n })).toThrow(TypeError);
  });

  it('writes pages of rendered products as before, in every scope', () => {
    const state = seeded();
    for (const storeId of [0, 1, 2, 3]) {
      const items = [...state.products.values()].map((p) => renderProduct(state, p, storeId));
      const page = { items, search_criteria: { filter_groups: [] }, total_count: items.length };
      expect(magentoJson(page)).toBe(copiedJson(page));
    }
  });
});

describe('magento emulator: Magento timestamps', () => {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

  it('formats every millisecond as toISOString does, across second boundaries and before 1970', () => {
    const points = [0, 1, 999, 1000, 1001, -1, -999, -1000, -1001, 1_700_000_000_999, 1_700_000_001_000];
    // Each point twice, and in an order that revisits seconds, so cached texts are checked too.
    for (const ms of [...points, ...points.toReversed(), ...points])
      expect(formatMagentoTime(new Date(ms))).toBe(iso(ms));
  });

  it('still throws for an invalid date', () => {
    formatMagentoTime(new Date(5000));
    expect(() => formatMagentoTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('magento emulator: products of an entity-id window', () => {
  const scan = (state: ReturnType<typeof seeded>, low: number, high: number) =>
    [...state.products.values()].filter((p) => p.id >= low && p.id <= high).sort((a, b) => a.id - b.id);

  it('finds by id exactly what a scan of every product finds', () => {
    const state = seeded();
    const windows: [number, number][] = [
      [1, 10],
      [3 + 1e-9, 9.5 - 1e-9],
      [20, 19],
      [-5, 3],
      [50, 500],
      [7, 7],
      [Number.NEGATIVE_INFINITY, 12],
      [30, Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    ];
    for (const [low, high] of windows)
      expect(productsInIdWindow(state, low, high)).toEqual(scan(state, low, high));
  });
});

describe('magento emulator: product rows for a search', () => {
  it('reads every named field as the attribute-aware row does, with or without a proxy', () => {
    const state = seeded();
    const filter = (field: string) => ({ filters: [{ field, value: '1', condition_type: 'eq' }] });
    const searches: SearchCriteria[] = [
      {
        filter_groups: [filter('entity_id'), filter('type_id')],
        sort_orders: [{ field: 'id', direction: 'ASC' }],
      },
      { filter_groups: [filter('sku'), filter('website_id'), filter('toString')] },
      { filter_groups: [filter('name')], sort_orders: [{ field: 'entity_id', direction: 'DESC' }] },
      { filter_groups: [filter('entity_id')], sort_orders: [{ field: 'color', direction: 'ASC' }] },
      { filter_groups: [] },
    ];
    for (const criteria of searches)
      for (const storeId of [0, 2]) {
        const rowOf = productFilterRows(criteria, storeId);
        const fields = [
          ...criteria.filter_groups.flatMap((g) => g.filters.map((f) => f.field)),
          ...(criteria.sort_orders ?? []).map((o) => o.field),
        ];
        for (const product of state.products.values()) {
          const row = rowOf(product);
          const full = productFilterRow(product, storeId);
          for (const field of fields) expect(row[field]).toBe(full[field]);
        }
      }
  });
});

describe('magento emulator: async bulk routes', () => {
  it('serves every POST and PUT route under its by<Param> path, with the parameters each entry carries', () => {
    const routes = buildRouteTable({ customerGroupPrices: true });
    const table = bulkRouteTable(routes);
    expect(table.map((r) => r.original)).toEqual(
      routes.filter((r) => r.method === 'POST' || r.method === 'PUT'),
    );
    const child = table.find((r) => r.logKey === 'POST /async/bulk/V1/configurable-products/bySku/child');
    expect(child?.path).toBe('/V1/configurable-products/bySku/child');
    expect(child && entryParams(child, { sku: 'P-1', childSku: 'C-1' })).toEqual({ sku: 'P-1' });
    const put = table.find((r) => r.logKey === 'PUT /async/bulk/V1/products/bySku');
    expect(put && entryParams(put, { product: {} })).toEqual({ sku: '' });
  });
});
