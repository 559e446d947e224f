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

const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;

/**
 * Peak RSS, and beside it the peak of the JavaScript heap: RSS also holds the embedded database's
 * WebAssembly memory, which grows and is never given back, so the heap tells which side grew.
 */
export class RssSampler {
  readonly startMb = Math.round(currentRssMb());
  readonly startHeapMb = Math.round(heapMb());
  private peak = currentRssMb();
  private peakHeap = heapMb();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    this.peak = Math.max(this.peak, currentRssMb());
    this.peakHeap = Math.max(this.peakHeap, heapMb());
  }

  stop(): { startMb: number; peakMb: number; startHeapMb: number; peakHeapMb: number } {
    clearInterval(this.timer);
    this.sample();
    return {
      startMb: this.startMb,
      peakMb: Math.round(this.peak),
      startHeapMb: this.startHeapMb,
      peakHeapMb: Math.round(this.peakHeap),
    };
  }
}
