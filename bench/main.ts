// Benchmark runner: each benchmark returns figures with their parameters; all are printed as one
// JSON document on stdout (progress goes to stderr).
import { parseArgs } from 'node:util';
import { initialSyncBenchmark } from './initial-sync.ts';
import { ordersBenchmark } from './orders.ts';
import { queueBenchmark } from './queue.ts';
import { stockBenchmark } from './stock.ts';

export interface BenchContext {
  quick: boolean;
  /** L: how long the emulators wait before each answer (`--latency`, default 20 ms). */
  latencyMs: number;
  /** C: how many requests each emulator takes at once (`--max-concurrent`, default 4). */
  maxConcurrent: number;
  log(message: string): void;
}

type Benchmark = (context: BenchContext) => Promise<unknown>;

const benchmarks: Record<string, Benchmark> = {
  queue: queueBenchmark,
  'initial-sync': initialSyncBenchmark,
  orders: ordersBenchmark,
  stock: stockBenchmark,
};

/** A whole number of at least `min` from an option's text, or an error that names the option. */
function wholeNumber(option: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${option} must be a whole number >= ${min}, got "${text}"`);
  return value;
}

export async function main(args: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseBenchArgs>;
  try {
    parsed = parseBenchArgs(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const { quick, latencyMs, maxConcurrent, names } = parsed;
  const selected = names.length ? names : Object.keys(benchmarks);
  const unknown = selected.filter((n) => !benchmarks[n]);
  if (unknown.length) {
    process.stderr.write(
      `Unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const context: BenchContext = {
    quick,
    latencyMs,
    maxConcurrent,
    log: (m) => process.stderr.write(`${m}\n`),
  };
  const results: Record<string, unknown> = {};
  // How long each benchmark took, so the quick run's 5-minute budget can be checked from its output.
  const seconds: Record<string, number> = {};
  const started = performance.now();
  for (const name of selected) {
    context.log(`bench ${name}...`);
    const benchStarted = performance.now();
    results[name] = await benchmarks[name]!(context);
    seconds[name] = Math.round((performance.now() - benchStarted) / 1000);
  }
  seconds.total = Math.round((performance.now() - started) / 1000);
  process.stdout.write(
    `${JSON.stringify({ node: process.version, quick, at: new Date().toISOString(), seconds, results }, null, 2)}\n`,
  );
}

/** `[NAME ...] [--quick] [--latency MS] [--max-concurrent C]`; unknown options are errors. */
function parseBenchArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      latency: { type: 'string', default: '20' },
      'max-concurrent': { type: 'string', default: '4' },
    },
  });
  return {
    quick: values.quick,
    latencyMs: wholeNumber('latency', values.latency, 0),
    maxConcurrent: wholeNumber('max-concurrent', values['max-concurrent'], 1),
    names: positionals,
  };
}
