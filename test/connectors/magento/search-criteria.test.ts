import { describe, expect, it } from 'vitest';
import {
  magentoDateTime,
  searchCriteria,
  searchCriteriaQuery,
} from '../../../src/connectors/magento/search-criteria.ts';

describe('searchCriteria query string', () => {
  const cases: { name: string; build: () => string; expected: string }[] = [
    { name: 'empty criteria', build: () => searchCriteria().toQueryString(), expected: '' },
    {
      name: 'one filter, page and size',
      build: () => searchCriteria().where('sku', 'eq', 'ABC').pageSize(20).page(3).toQueryString(),
      expected:
        'searchCriteria[filter_groups][0][filters][0][field]=sku' +
        '&searchCriteria[filter_groups][0][filters][0][value]=ABC' +
        '&searchCriteria[filter_groups][0][filters][0][condition_type]=eq' +
        '&searchCriteria[pageSize]=20&searchCriteria[currentPage]=3',
    },
    {
      name: 'OR group then AND group, two sorts',
      build: () =>
        searchCriteria()
          .whereAny([
            { field: 'status', conditionType: 'eq', value: 'pending' },
            { field: 'status', conditionType: 'eq', value: 'processing' },
          ])
          .where('store_id', 'in', [1, 2])
          .sortBy('updated_at')
          .sortBy('entity_id', 'DESC')
          .toQueryString(),
      expected:
        'searchCriteria[filter_groups][0][filters][0][field]=status' +
        '&searchCriteria[filter_groups][0][filters][0][value]=pending' +
        '&searchCriteria[filter_groups][0][filters][0][condition_type]=eq' +
        '&searchCriteria[filter_groups][0][filters][1][field]=status' +
        '&searchCriteria[filter_groups][0][filters][1][value]=processing' +
        '&searchCriteria[filter_groups][0][filters][1][condition_type]=eq' +
        '&searchCriteria[filter_groups][1][filters][0][field]=store_id' +
        '&searchCriteria[filter_groups][1][filters][0][value]=1%2C2' +
        '&searchCriteria[filter_groups][1][filters][0][condition_type]=in' +
        '&searchCriteria[sortOrders][0][field]=updated_at&searchCriteria[sortOrders][0][direction]=ASC' +
        '&searchCriteria[sortOrders][1][field]=entity_id&searchCriteria[sortOrders][1][direction]=DESC',
    },
    {
      name: 'values with &, +, %, # and non-ASCII are encoded',
      build: () => searchCriteria().where('name', 'like', '%Blå & Grön+ #1%').toQueryString(),
      expected:
        'searchCriteria[filter_groups][0][filters][0][field]=name' +
        '&searchCriteria[filter_groups][0][filters][0][value]=%25Bl%C3%A5%20%26%20Gr%C3%B6n%2B%20%231%25' +
        '&searchCriteria[filter_groups][0][filters][0][condition_type]=like',
    },
    {
      name: 'booleans as 1/0',
      build: () => searchCriteria().where('is_active', 'eq', true).toQueryString(),
      expected:
        'searchCriteria[filter_groups][0][filters][0][field]=is_active' +
        '&searchCriteria[filter_groups][0][filters][0][value]=1' +
        '&searchCriteria[filter_groups][0][filters][0][condition_type]=eq',
    },
  ];
  it.each(cases)('$name', ({ build, expected }) => {
    expect(build()).toBe(expected);
  });

  it('round-trips through a standard query parser to the same names and values', () => {
    const query = searchCriteria().where('sku', 'in', ['A&B', 'C D']).toQueryString();
    const params = new URLSearchParams(query);
    expect(params.get('searchCriteria[filter_groups][0][filters][0][value]')).toBe('A&B,C D');
  });

  it('is immutable: a shared base is not changed by derived criteria', () => {
    const base = searchCriteria().where('type_id', 'eq', 'simple');
    base.pageSize(10).page(2);
    expect(searchCriteriaQuery(base.build())).not.toContain('pageSize');
  });

  it.each([
    ['a list with eq', () => searchCriteria().where('sku', 'eq', ['a', 'b'])],
    ['a comma inside an in-list value', () => searchCriteria().where('sku', 'in', ['a,b'])],
    ['an empty OR group', () => searchCriteria().whereAny([])],
    ['page 0', () => searchCriteria().page(0)],
    ['page size 0', () => searchCriteria().pageSize(0)],
  ])('refuses %s', (_name, build) => {
    expect(build).toThrow(/searchCriteria/);
  });
});

describe('magentoDateTime', () => {
  it.each([
    ['2026-03-01T10:00:00.000Z', '2026-03-01 10:00:00'],
    ['2026-03-01T12:00:00+02:00', '2026-03-01 10:00:00'],
  ])('%s -> %s', (input, expected) => {
    expect(magentoDateTime(input)).toBe(expected);
  });
  it('refuses what is not a date', () => {
    expect(() => magentoDateTime('yesterday-ish')).toThrow(/Not a date/);
  });
});
