// Field-level differences between two plain values (JSON-like), for the timeline and the harness:
// "lines[2] added", "ean: '' -> '735...'". Pure. Absent and undefined count as the same.

export interface FieldChange {
  /** `customer.billing.city`, `lines[3]`, `attributes.gtin`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (Object.is(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: FieldChange[] = [];
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      if (i >= before.length) changes.push({ path: join(path, i), after: after[i] });
      else if (i >= after.length) changes.push({ path: join(path, i), before: before[i] });
      else changes.push(...diffValues(before[i], after[i], join(path, i)));
    }
    return changes;
  }
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const changes: FieldChange[] = [];
    for (const key of keys) changes.push(...diffValues(before[key], after[key], join(path, key)));
    return changes;
  }
  if (before === undefined && after === undefined) return [];
  const change: FieldChange = { path: path || '(value)' };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One line per change: `path: before -> after`. */
export function describeChanges(changes: readonly FieldChange[]): string[] {
  return changes.map((c) => {
    if (c.before === undefined) return `${c.path}: added ${show(c.after)}`;
    if (c.after === undefined) return `${c.path}: removed (was ${show(c.before)})`;
    return `${c.path}: ${show(c.before)} -> ${show(c.after)}`;
  });
}
