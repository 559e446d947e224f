/** Counts of API calls as the emulator saw them (faulted ones included), for tests and benchmarks. */
export interface RequestLogEntry {
  at: string;
  script: string;
  method: string;
  action: string;
  sbmId: string;
  webshopId: string;
  /** 0 success, an error code, or the fault: 'drop' | 'timeout' | 'http500' | 'http503' */
  outcome: number | string;
}

const KEEP = 500;

export class RequestLog {
  private total = 0;
  private byAction: Record<string, number> = {};
  private byOutcome: Record<string, number> = {};
  private recent: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
    this.total++;
    this.byAction[entry.action] = (this.byAction[entry.action] ?? 0) + 1;
    this.byOutcome[String(entry.outcome)] = (this.byOutcome[String(entry.outcome)] ?? 0) + 1;
    this.recent.push(entry);
    if (this.recent.length > KEEP) this.recent.shift();
  }

  snapshot() {
    return {
      total: this.total,
      byAction: { ...this.byAction },
      byOutcome: { ...this.byOutcome },
      recent: [...this.recent],
    };
  }

  reset(): void {
    this.total = 0;
    this.byAction = {};
    this.byOutcome = {};
    this.recent = [];
  }
}
