import { MagentoError } from './errors.ts';
import { listOf, type QueryTree } from './query-string.ts';

/**
 * Magento's searchCriteria: filters inside one filter group are OR-ed, groups are AND-ed, then sort
 * orders, then paging. Keys are accepted in snake_case and camelCase as Magento's webapi does.
 */
export interface Filter {
  field: string;
  value: string;
  condition_type: string;
}
export interface SearchCriteria {
  filter_groups: { filters: Filter[] }[];
  sort_orders?: { field: string; direction: 'ASC' | 'DESC' }[];
  page_size?: number;
  current_page?: number;
}
export interface SearchResult<T> {
  items: T[];
  search_criteria: SearchCriteria;
  total_count: number;
}

const CONDITIONS = new Set([
  'eq',
  'neq',
  'like',
  'nlike',
  'in',
  'nin',
  'gt',
  'gteq',
  'lt',
  'lteq',
  'null',
  'notnull',
  'from',
  'to',
  'finset',
  'moreq',
]);

function pick(node: QueryTree, ...keys: string[]): QueryTree | string | undefined {
  for (const key of keys) if (node[key] !== undefined) return node[key];
  return undefined;
}

function asNode(value: QueryTree | string | undefined): QueryTree {
  return typeof value === 'object' ? value : {};
}

function positiveInt(raw: QueryTree | string | undefined, name: string): number | undefined {
  if (raw === undefined || typeof raw !== 'string' || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n))
    throw new MagentoError(
      400,
      'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.',
      { value: raw, type: 'int' },
    );
  if (name === 'pageSize' && n < 0)
    throw new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', {
      value: raw,
      fieldName: name,
    });
  return n;
}

export function parseSearchCriteria(query: QueryTree): SearchCriteria {
  const sc = asNode(query.searchCriteria);
  const criteria: SearchCriteria = { filter_groups: [] };
  for (const groupNode of listOf(pick(sc, 'filter_groups', 'filterGroups'))) {
    const filters: Filter[] = [];
    for (const filterNode of listOf(pick(asNode(groupNode), 'filters'))) {
      const f = asNode(filterNode);
      const field = pick(f, 'field');
      if (typeof field !== 'string' || field === '') continue;
      const conditionRaw = pick(f, 'condition_type', 'conditionType');
      const condition = typeof conditionRaw === 'string' && conditionRaw !== '' ? conditionRaw : 'eq';
      if (!CONDITIONS.has(condition)) {
        throw new MagentoError(400, 'Invalid condition type: %1', [condition]);
      }
      const value = pick(f, 'value');
      filters.push({ field, value: typeof value === 'string' ? value : '', condition_type: condition });
    }
    criteria.filter_groups.push({ filters });
  }
  const sortNodes = listOf(pick(sc, 'sort_orders', 'sortOrders'));
  if (sortNodes.length > 0) {
    criteria.sort_orders = sortNodes.map((node) => {
      const s = asNode(node);
      const direction = String(pick(s, 'direction') ?? 'ASC').toUpperCase();
      return { field: String(pick(s, 'field') ?? ''), direction: direction === 'DESC' ? 'DESC' : 'ASC' };
    });
  }
  const pageSize = positiveInt(pick(sc, 'pageSize', 'page_size'), 'pageSize');
  const currentPage = positiveInt(pick(sc, 'currentPage', 'current_page'), 'currentPage');
  if (pageSize !== undefined) criteria.page_size = pageSize;
  if (currentPage !== undefined) criteria.current_page = currentPage;
  return criteria;
}

type Row = Record<string, unknown>;

const isNumeric = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

// One collator for every comparison: `localeCompare` with options builds a new one per call, which
// made an order search over a few thousand orders take tens of milliseconds.
const TEXT_ORDER = new Intl.Collator('en', { sensitivity: 'base' });

/** Compares like MySQL does for the columns Magento filters on: numbers numerically, text case-insensitively. */
function compare(a: unknown, b: unknown): number {
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  return TEXT_ORDER.compare(String(a), String(b));
}

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

const splitList = (value: string): string[] => value.split(',').map((v) => v.trim());

export function matchesFilter(row: Row, filter: Filter): boolean {
  const actual = row[filter.field];
  const empty = actual === undefined || actual === null;
  const { value } = filter;
  switch (filter.condition_type) {
    case 'eq':
      return !empty && compare(actual, value) === 0;
    case 'neq':
      return !empty && compare(actual, value) !== 0;
    case 'like':
      return !empty && likeToRegExp(value).test(String(actual));
    case 'nlike':
      return !empty && !likeToRegExp(value).test(String(actual));
    case 'in':
      return !empty && splitList(value).some((v) => compare(actual, v) === 0);
    case 'nin':
      return !empty && !splitList(value).some((v) => compare(actual, v) === 0);
    case 'gt':
      return !empty && compare(actual, value) > 0;
    case 'gteq':
    case 'from':
    case 'moreq':
      return !empty && compare(actual, value) >= 0;
    case 'lt':
      return !empty && compare(actual, value) < 0;
    case 'lteq':
    case 'to':
      return !empty && compare(actual, value) <= 0;
    case 'null':
      return empty || actual === '';
    case 'notnull':
      return !empty && actual !== '';
    case 'finset':
      return !empty && splitList(String(actual)).includes(value);
    default:
      return false;
  }
}

/**
 * Applies criteria to rows already flattened to filterable fields. Past the last page the items are
 * empty: Magento 2.4.0 changed collections to do that (magento/magento2#26986, fixed by PR #26988;
 * before 2.4 the last page was repeated, see #3787).
 */
export function applySearchCriteria<T>(
  entities: T[],
  toRow: (e: T) => Row,
  criteria: SearchCriteria,
): { items: T[]; total: number } {
  const rows = entities.map((entity) => ({ entity, row: toRow(entity) }));
  const filtered = rows.filter(({ row }) =>
    criteria.filter_groups.every(
      (group) => group.filters.length === 0 || group.filters.some((f) => matchesFilter(row, f)),
    ),
  );
  if (criteria.sort_orders && criteria.sort_orders.length > 0) {
    const orders = criteria.sort_orders;
    filtered.sort((a, b) => {
      for (const order of orders) {
        const av = a.row[order.field];
        const bv = b.row[order.field];
        if (av === bv) continue;
        if (av === undefined || av === null) return order.direction === 'ASC' ? -1 : 1;
        if (bv === undefined || bv === null) return order.direction === 'ASC' ? 1 : -1;
        const c = compare(av, bv);
        if (c !== 0) return order.direction === 'ASC' ? c : -c;
      }
      return 0;
    });
  }
  const total = filtered.length;
  const size = criteria.page_size;
  if (!size) return { items: filtered.map((r) => r.entity), total };
  const page = Math.max(1, criteria.current_page ?? 1);
  return { items: filtered.slice((page - 1) * size, page * size).map((r) => r.entity), total };
}

export function searchResult<T, O>(
  entities: T[],
  toRow: (e: T) => Row,
  criteria: SearchCriteria,
  render: (e: T) => O,
): SearchResult<O> {
  const { items, total } = applySearchCriteria(entities, toRow, criteria);
  return { items: items.map(render), search_criteria: criteria, total_count: total };
}
