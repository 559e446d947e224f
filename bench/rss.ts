// Resident memory of this process, sampled while a benchmark runs. Not VmHWM: the embedded
// database's start-up spike would hide everything after it; the samples show what the work uses.
import { readFileSync } from 'node:fs';

export function currentRssMb(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    if (Number.isFinite(kb)) return kb / 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss / 1024 / 1024;
}

export class RssSampler {
  readonly startMb = Math.round(currentRssMb());
  private peak = currentRssMb();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, currentRssMb());
    }, intervalMs);
    this.timer.unref();
  }

  stop(): { startMb: number; peakMb: number } {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, currentRssMb());
    return { startMb: this.startMb, peakMb: Math.round(this.peak) };
  }
}
