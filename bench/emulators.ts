// Both emulators for a benchmark, with the connection config that points at them and helpers to
// read their request counts. Faults (latency, concurrency cap) are switched on after seeding.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FlowMode } from '../src/config/schema.ts';
import { controlCall } from '../src/demo/emulator-control.ts';
import { demoConnectionConfig, demoShopConfig, planShops } from '../src/demo/environment.ts';

export interface Catalogue {
  simpleArticles: number;
  configurables: number;
  variantsPerConfigurable: number;
}

export interface BenchEmulators {
  magentoUrl: string;
  specterUrl: string;
  /** The connection (raw config object) written to a temp file for child processes. */
  configFile: string;
  raw: Record<string, unknown>;
  setFaults(faults: { latencyMs: number; maxConcurrent: number }): Promise<void>;
  resetRequests(): Promise<void>;
  /** CPU time both emulators' processes have used so far. */
  cpuSeconds(): Promise<number>;
  requests(): Promise<{ magento: number; specter: number }>;
  close(): Promise<void>;
}

interface EmulatorProcess {
  url: string;
  /** CPU time the emulator's process has used so far. */
  cpuSeconds(): Promise<number>;
  close(): Promise<void>;
}

/** Starts one emulator in a child process (emulator-child.ts), seeded with these options. */
function spawnEmulator(kind: 'magento' | 'specter', options: object): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    [
      ...cpuProfileFlags(),
      '--import',
      'tsx',
      join(import.meta.dirname, 'emulator-child.ts'),
      kind,
      JSON.stringify(options),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the ${kind} emulator exited (${code})`));
      child.once('exit', onExit);
      waiting.push((line) => {
        child.off('exit', onExit);
        resolve(JSON.parse(line) as Record<string, unknown>);
      });
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return next().then((ready) => ({
    url: ready.url as string,
    async cpuSeconds() {
      const answer = next();
      child.stdin.write('cpu\n');
      return (await answer).cpuSeconds as number;
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  }));
}

export async function startBenchEmulators(options: {
  catalogueIn: 'magento' | 'specter' | 'both';
  catalogue: Catalogue;
  flowMode: FlowMode;
  adjust?: (raw: Record<string, unknown>) => void;
}): Promise<BenchEmulators> {
  const inSpecter = options.catalogueIn !== 'magento';
  const inMagento = options.catalogueIn !== 'specter';
  // Each in a process of its own, as the two systems are servers of their own.
  const [specter, magento] = await Promise.all([
    spawnEmulator('specter', {
      sizes: inSpecter
        ? { ...options.catalogue, customers: 5 }
        : { simpleArticles: 0, configurables: 0, customers: 5 },
      callbackRetryDelaysMs: [200, 1000, 5000],
    }),
    spawnEmulator('magento', { sizes: inMagento ? options.catalogue : {} }),
  ]);
  const raw = demoConnectionConfig(
    options.flowMode,
    [demoShopConfig(planShops(1)[0]!, magento.url)],
    specter.url,
    1,
  );
  options.adjust?.(raw);
  const configFile = join(tmpdir(), `koppla-bench-${process.pid}-${Date.now()}.json`);
  writeFileSync(configFile, JSON.stringify(raw));
  return {
    magentoUrl: magento.url,
    specterUrl: specter.url,
    configFile,
    raw,
    async setFaults(faults) {
      await controlCall(magento.url, 'PUT', '/faults', faults);
      await controlCall(specter.url, 'PUT', '/faults', faults);
    },
    async resetRequests() {
      await controlCall(magento.url, 'DELETE', '/requests');
      await controlCall(specter.url, 'DELETE', '/requests');
    },
    async requests() {
      const m = await controlCall<{ total: number }>(magento.url, 'GET', '/requests');
      const s = await controlCall<{ total: number }>(specter.url, 'GET', '/requests');
      return { magento: m.total, specter: s.total };
    },
    async cpuSeconds() {
      return (await magento.cpuSeconds()) + (await specter.cpuSeconds());
    },
    async close() {
      await Promise.all([magento.close(), specter.close()]);
    },
  };
}

/**
 * The old-generation cap of every benchmark child, as docs/scaling.md recommends for workers
 * (BENCH_CHILD_HEAP_MB overrides it). Without a cap V8 sizes the heap from the machine's memory
 * and lets garbage pile up to well over 100 MB before collecting it, so peak RSS would measure the
 * collector's slack rather than what the work keeps; a run that finishes under a cap shows its
 * live data fits in it (the 50,000-article sync also finishes under 64 MB, only slower).
 */
export function childHeapMb(): number {
  return Number(process.env.BENCH_CHILD_HEAP_MB ?? 256);
}

/** BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each child there (to see where its time goes). */
function cpuProfileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Runs a bench child script (TypeScript through tsx) and answers the JSON line it prints last. */
export function runChild<T>(script: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const profile = cpuProfileFlags();
    const heapCap = [
      `--max-old-space-size=${childHeapMb()}`,
      ...(process.env.BENCH_CHILD_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
    ];
    const child = spawn(
      process.execPath,
      [...profile, ...heapCap, '--import', 'tsx', join(import.meta.dirname, script), ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error', ...env },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${out.slice(-500)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON: ${out.slice(-500)}`));
      }
    });
  });
}
