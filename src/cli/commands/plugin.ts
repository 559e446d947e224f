// `koppla plugin test PLUGIN --fixture FILE`: runs a plugin's hooks on a recorded payload and prints
// what each hook changed, without a database or either remote.
import type { Command } from 'commander';
import { formatFixtureRun, runPluginOnFixture } from '../../plugins/harness.ts';
import type { PluginStream } from '../../plugins/types.ts';

const streams = ['orders', 'orderStatus', 'articles', 'stock', 'prices'];

export function registerPluginCommands(program: Command): void {
  const plugin = program.command('plugin').description('work with connection plugins');
  plugin
    .command('test')
    .description("run a plugin's hooks on a recorded Magento or Specter payload and print the diff")
    .argument('<plugin>', 'path to the plugin module, or a package name')
    .requiredOption(
      '--fixture <file>',
      'JSON file: a Magento order/product, a Specter article or a domain object',
    )
    .option('--stream <name>', `which stream's hooks (${streams.join(', ')}); guessed from the fixture`)
    .option('--settings <json>', "the plugin's settings as JSON", '{}')
    .option('--json', 'print the full result as JSON')
    .action(async (pluginPath: string, options) => {
      if (options.stream && !streams.includes(options.stream)) {
        throw new Error(`--stream must be one of ${streams.join(', ')}`);
      }
      let settings: Record<string, unknown>;
      try {
        settings = JSON.parse(options.settings);
      } catch (error) {
        throw new Error(`--settings is not JSON: ${(error as Error).message}`);
      }
      const run = await runPluginOnFixture({
        plugin: pluginPath,
        fixture: options.fixture,
        stream: options.stream as PluginStream | undefined,
        settings,
      });
      process.stdout.write(options.json ? `${JSON.stringify(run, null, 2)}\n` : formatFixtureRun(run));
    });
}
