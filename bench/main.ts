// Benchmark runner: each benchmark returns figures with their parameters; all are printed as one
// JSON document on stdout (progress goes to stderr).
import { initialSyncBenchmark } from './initial-sync.ts';
import { ordersBenchmark } from './orders.ts';
import { queueBenchmark } from './queue.ts';
import { stockBenchmark } from './stock.ts';

export interface BenchContext {
  quick: boolean;
  log(message: string): void;
}

type Benchmark = (context: BenchContext) => Promise<unknown>;

const benchmarks: Record<string, Benchmark> = {
  queue: queueBenchmark,
  'initial-sync': initialSyncBenchmark,
  orders: ordersBenchmark,
  stock: stockBenchmark,
};

export async function main(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const names = args.filter((a) => !a.startsWith('--'));
  const selected = names.length ? names : Object.keys(benchmarks);
  const unknown = selected.filter((n) => !benchmarks[n]);
  if (unknown.length) {
    process.stderr.write(
      `Unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const context: BenchContext = { quick, log: (m) => process.stderr.write(`${m}\n`) };
  const results: Record<string, unknown> = {};
  for (const name of selected) {
    context.log(`bench ${name}...`);
    results[name] = await benchmarks[name]!(context);
  }
  process.stdout.write(
    `${JSON.stringify({ node: process.version, quick, at: new Date().toISOString(), results }, null, 2)}\n`,
  );
}
