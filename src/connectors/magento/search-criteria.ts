// Magento's searchCriteria, as the query string of GET list endpoints. Filters inside one group are
// OR-ed, groups are AND-ed. The builder is immutable so a base criteria can be shared and paged.

export type ConditionType =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gteq'
  | 'lt'
  | 'lteq'
  | 'like'
  | 'nlike'
  | 'in'
  | 'nin'
  | 'null'
  | 'notnull'
  | 'finset'
  | 'nfinset'
  | 'from'
  | 'to'
  | 'moreq';

export type FilterValue = string | number | boolean | readonly (string | number)[];

export interface SearchFilter {
  field: string;
  conditionType: ConditionType;
  value: FilterValue;
}

export type SortDirection = 'ASC' | 'DESC';

export interface SearchCriteria {
  /** AND of groups; each group is an OR of its filters. */
  filterGroups: readonly (readonly SearchFilter[])[];
  sortOrders: readonly { field: string; direction: SortDirection }[];
  pageSize?: number;
  currentPage?: number;
}

export const emptyCriteria: SearchCriteria = { filterGroups: [], sortOrders: [] };

export class SearchCriteriaBuilder {
  constructor(readonly criteria: SearchCriteria = emptyCriteria) {}

  /** Adds a filter that must hold (its own AND-ed group). */
  where(field: string, conditionType: ConditionType, value: FilterValue = ''): SearchCriteriaBuilder {
    return this.whereAny([{ field, conditionType, value }]);
  }

  /** Adds a group of filters of which at least one must hold. */
  whereAny(filters: readonly SearchFilter[]): SearchCriteriaBuilder {
    if (filters.length === 0) throw new Error('searchCriteria: a filter group needs at least one filter');
    for (const filter of filters) validateFilter(filter);
    return new SearchCriteriaBuilder({
      ...this.criteria,
      filterGroups: [...this.criteria.filterGroups, filters],
    });
  }

  sortBy(field: string, direction: SortDirection = 'ASC'): SearchCriteriaBuilder {
    return new SearchCriteriaBuilder({
      ...this.criteria,
      sortOrders: [...this.criteria.sortOrders, { field, direction }],
    });
  }

  pageSize(pageSize: number): SearchCriteriaBuilder {
    if (!Number.isInteger(pageSize) || pageSize < 1)
      throw new Error(`searchCriteria: bad pageSize ${pageSize}`);
    return new SearchCriteriaBuilder({ ...this.criteria, pageSize });
  }

  page(currentPage: number): SearchCriteriaBuilder {
    if (!Number.isInteger(currentPage) || currentPage < 1) {
      throw new Error(`searchCriteria: bad currentPage ${currentPage}`);
    }
    return new SearchCriteriaBuilder({ ...this.criteria, currentPage });
  }

  build(): SearchCriteria {
    return this.criteria;
  }

  toQueryString(): string {
    return searchCriteriaQuery(this.criteria);
  }
}

export function searchCriteria(base: SearchCriteria = emptyCriteria): SearchCriteriaBuilder {
  return new SearchCriteriaBuilder(base);
}

function validateFilter(filter: SearchFilter): void {
  if (filter.field === '') throw new Error('searchCriteria: a filter needs a field');
  if (Array.isArray(filter.value)) {
    if (filter.conditionType !== 'in' && filter.conditionType !== 'nin') {
      throw new Error(
        `searchCriteria: a list value needs condition 'in' or 'nin', not '${filter.conditionType}'`,
      );
    }
    // Magento splits an in-list on commas and has no escape: a comma inside a value would silently
    // turn into two wrong values.
    for (const item of filter.value) {
      if (String(item).includes(',')) {
        throw new Error(
          `searchCriteria: value "${item}" for ${filter.field} contains a comma, which 'in' cannot carry`,
        );
      }
    }
  }
}

function filterValueText(value: FilterValue): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * Writes the criteria the way Magento's REST layer reads them (PHP array syntax). Brackets stay
 * literal as in Adobe's examples; names and values are percent-encoded, so '&', '+', '#', '%' and
 * non-ASCII text in a SKU survive the trip. Returns '' for empty criteria.
 */
export function searchCriteriaQuery(criteria: SearchCriteria): string {
  const parts: string[] = [];
  const add = (key: string, value: string) => parts.push(`searchCriteria${key}=${encodeURIComponent(value)}`);
  criteria.filterGroups.forEach((group, g) => {
    group.forEach((filter, f) => {
      const prefix = `[filter_groups][${g}][filters][${f}]`;
      add(`${prefix}[field]`, filter.field);
      add(`${prefix}[value]`, filterValueText(filter.value));
      add(`${prefix}[condition_type]`, filter.conditionType);
    });
  });
  criteria.sortOrders.forEach((sort, s) => {
    add(`[sortOrders][${s}][field]`, sort.field);
    add(`[sortOrders][${s}][direction]`, sort.direction);
  });
  if (criteria.pageSize !== undefined) add('[pageSize]', String(criteria.pageSize));
  if (criteria.currentPage !== undefined) add('[currentPage]', String(criteria.currentPage));
  return parts.join('&');
}

/** Magento stores and compares times as 'YYYY-MM-DD HH:MM:SS' in UTC. */
export function magentoDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${String(value)}`);
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
