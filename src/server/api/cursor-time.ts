// Cursor values are written in the format their stream's source uses: Magento's
// "YYYY-MM-DD HH:MM:SS" (UTC) for Magento polls, ISO 8601 elsewhere. Rewinding writes a time in
// the cursor's own format, so the flow reading it back sees nothing unusual.

export type CursorFormat = 'magento-time' | 'iso-time' | 'opaque';

const MAGENTO_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Streams whose cursor is a Magento updated_at, whatever is stored now. */
const MAGENTO_STREAMS = new Set(['orders', 'articles']);

export function cursorFormat(stream: string, value: string): CursorFormat {
  if (MAGENTO_STREAMS.has(stream) || MAGENTO_TIME.test(value)) return 'magento-time';
  if (ISO_TIME.test(value)) return 'iso-time';
  return 'opaque';
}

/** The cursor value as a point in time, when it is one. */
export function cursorTime(stream: string, value: string): Date | null {
  const format = cursorFormat(stream, value);
  if (format === 'opaque') return null;
  const date = new Date(format === 'magento-time' ? `${value.replace(' ', 'T')}Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatCursorTime(format: CursorFormat, time: Date): string {
  if (format === 'magento-time') return time.toISOString().slice(0, 19).replace('T', ' ');
  return time.toISOString();
}
