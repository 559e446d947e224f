/** Magento returns timestamps as "YYYY-MM-DD HH:MM:SS" in UTC. */
export function formatMagentoTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
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
    return formatMagentoTime(this.now());
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
