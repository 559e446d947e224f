/**
 * The last second formatted and its text. Every product a bulk saves stamps updated_at, thousands
 * within one second: formatting a Date each time (toISOString, slice, replace) showed up in
 * profiles, and the text only changes when the second does.
 */
let cachedSecond = Number.NaN;
let cachedText = '';

/** Magento returns timestamps as "YYYY-MM-DD HH:MM:SS" in UTC. */
export function formatMagentoTime(date: Date): string {
  return formatEpochMs(date.getTime());
}

function formatEpochMs(ms: number): string {
  // Whole milliseconds as a Date keeps them (truncated); NaN never equals the cache, and throws
  // from toISOString as before.
  const second = Math.floor(Math.trunc(ms) / 1000);
  if (second === cachedSecond) return cachedText;
  const text = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  cachedSecond = second;
  cachedText = text;
  return text;
}

/**
 * The emulator's clock: real time plus an offset tests can move forward, and never the same
 * second twice in a row for writes is NOT promised (Magento has second resolution too).
 */
export class Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  timestamp(): string {
    return formatEpochMs(Date.now() + this.offsetMs);
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
