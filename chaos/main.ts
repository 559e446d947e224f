// `npm run chaos [-- --quick] [--seed N]`: runs the chaos suite and prints its report as JSON.
// Exit code 1 when anything was lost, doubled or left different.
import { type ChaosPlan, fullPlan, quickPlan } from './plan.ts';
import { runChaos } from './run.ts';

export async function main(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const seedAt = argv.indexOf('--seed');
  const plan: ChaosPlan = { ...(quick ? quickPlan : fullPlan) };
  if (seedAt >= 0) plan.seed = Number(argv[seedAt + 1]);
  const log = (line: string) =>
    process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const report = await runChaos(plan, { log });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.passed ? 0 : 1;
}
