// `koppla emulate magento|specter`: runs one emulator in the foreground, for tests and demos.
import type { Command } from 'commander';
import { parsePort, parsePositiveInt } from './common.ts';

export function registerEmulateCommand(program: Command): void {
  program
    .command('emulate')
    .description('run a Magento 2 or Specter emulator (for tests and demos)')
    .argument('<system>', 'magento or specter')
    .option('--port <n>', 'port to listen on (0 = any free port)', parsePort, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed for the generated data', parsePositiveInt, 1)
    .option('--articles <n>', 'simple articles to seed', parsePositiveInt, 0)
    .option('--configurables <n>', 'configurable / main articles to seed', parsePositiveInt, 0)
    .option('--variants <n>', 'variants per configurable', parsePositiveInt, 3)
    .option('--orders <n>', 'orders to seed (magento)', parsePositiveInt, 0)
    .option('--store-views <n>', 'store views to seed (magento)', parsePositiveInt, 1)
    .option('--admin-user <name>', 'admin user (magento)', 'admin')
    .option('--admin-password <password>', 'admin password (magento)', 'admin123')
    .action(async (system: string, options) => {
      let running: { url: string; close(): Promise<void> };
      if (system === 'magento') {
        const { startMagentoEmulator } = await import('../../../emulators/magento/index.ts');
        running = await startMagentoEmulator({
          port: options.port,
          host: options.host,
          seed: options.seed,
          adminUser: options.adminUser,
          adminPassword: options.adminPassword,
          sizes: {
            simpleArticles: options.articles,
            configurables: options.configurables,
            variantsPerConfigurable: options.variants,
            orders: options.orders,
            storeViews: options.storeViews,
          },
        });
      } else if (system === 'specter') {
        const { startSpecterEmulator } = await import('../../../emulators/specter/index.ts');
        running = await startSpecterEmulator({
          port: options.port,
          host: options.host,
          seed: options.seed,
          sizes: {
            simpleArticles: options.articles,
            configurables: options.configurables,
            variantsPerConfigurable: options.variants,
          },
        });
      } else {
        throw new Error(`Unknown system "${system}": use magento or specter`);
      }
      process.stdout.write(`${system} emulator listening on ${running.url}\n`);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
