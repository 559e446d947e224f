// `koppla demo`: both emulators seeded, the engine in erp-master mode, the dashboard; or with
// --duration N --json, a headless run that prints one JSON summary.
import type { Command } from 'commander';
import { parsePort, parsePositiveInt, withStoreOptions } from './common.ts';

export function registerDemoCommand(program: Command): void {
  withStoreOptions(
    program
      .command('demo')
      .description('run the demo: seeded Magento and Specter emulators, the engine and the dashboard')
      .option('--port <n>', 'dashboard and API port on 127.0.0.1', parsePort, 8080)
      .option(
        '--duration <seconds>',
        'run headless for this long, drain the backlog, print a summary',
        parsePositiveInt,
      )
      .option('--json', 'print the summary as JSON')
      .option('--shops <n>', 'number of shops', parsePositiveInt, 1)
      .option('--seed <n>', 'seed for the generated data', parsePositiveInt, 1),
  ).action(async (options) => {
    const { runDemo } = await import('../../demo/run-demo.ts');
    await runDemo(options);
  });
}
