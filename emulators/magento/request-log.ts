/** Counts requests per route template ("GET /V1/products/{sku}") so tests can assert call volumes. */
export class RequestLog {
  private counts = new Map<string, number>();
  private total = 0;

  record(key: string): void {
    this.total++;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): { total: number; byRoute: Record<string, number> } {
    return {
      total: this.total,
      byRoute: Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
    };
  }

  reset(): void {
    this.counts.clear();
    this.total = 0;
  }
}
