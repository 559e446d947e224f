// Parent side of bench/worker-child.ts: starts the runtime in its own process (so its RSS is the
// worker's alone), wakes schedules in it, and stops it to read its peak RSS.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { childHeapMb } from './emulators.ts';
import { preparedStoreDir } from './store-dir.ts';

/** The worker's resident memory and, beside it, its JavaScript heap (RSS also holds the embedded database). */
export interface WorkerMemory {
  rssAtStartMb: number;
  peakRssMb: number;
  heapAtStartMb: number;
  peakHeapMb: number;
}

export interface WorkerProcess {
  url: string;
  wake(schedule: string): void;
  stop(): Promise<WorkerMemory>;
}

export async function startWorkerProcess(configFile: string, feedIntervalMs = 1_000): Promise<WorkerProcess> {
  const store = await preparedStoreDir();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the worker there (to see where its time goes).
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      `--max-old-space-size=${childHeapMb()}`,
      '--import',
      'tsx',
      join(import.meta.dirname, 'worker-child.ts'),
      configFile,
      String(feedIntervalMs),
      store.dataDir,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
    },
  );
  let out = '';
  const lines: ((line: string) => void)[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    let i = out.indexOf('\n');
    while (i >= 0) {
      const line = out.slice(0, i);
      out = out.slice(i + 1);
      for (const listener of lines) listener(line);
      i = out.indexOf('\n');
    }
  });
  const nextLine = (test: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const listener = (line: string) => {
        if (!test(line)) return;
        lines.splice(lines.indexOf(listener), 1);
        resolve(line);
      };
      lines.push(listener);
      child.once('exit', (code) => reject(new Error(`worker child exited with ${code}`)));
    });
  child.once('exit', store.remove);
  return nextLine((l) => l.startsWith('READY ')).then((ready) => ({
    url: ready.slice('READY '.length).trim(),
    wake(schedule: string) {
      child.send({ wake: schedule });
    },
    async stop() {
      const result = nextLine((l) => l.startsWith('{'));
      child.send({ stop: true });
      return JSON.parse(await result) as WorkerMemory;
    },
  }));
}

export function percentiles(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const ms = (v: number) => Math.round(v);
  return { p50: ms(at(0.5)), p95: ms(at(0.95)), p99: ms(at(0.99)), max: ms(sorted.at(-1) ?? Number.NaN) };
}
