// Resident memory of this process, sampled while a benchmark runs. Not VmHWM: the embedded
// database's start-up spike would hide everything after it; the samples show what the work uses.
// Both readings are the cheap ones (process.memoryUsage() gathers every figure at once, and a
// sample every 50 ms showed up in the sync's CPU profile).
import { getHeapStatistics } from 'node:v8';

export function currentRssMb(): number {
  return process.memoryUsage.rss() / 1024 / 1024;
}

const heapMb = () => getHeapStatistics().used_heap_size / 1024 / 1024;

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
