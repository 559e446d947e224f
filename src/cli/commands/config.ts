import type { Command } from 'commander';
import { loadConfigFile } from '../../config/load.ts';

export function registerConfigCommands(program: Command): void {
  program
    .command('check-config')
    .description('validate a connection config file and exit non-zero with the problems when it is invalid')
    .argument('<file>', 'the YAML config file')
    .action((file: string) => {
      const config = loadConfigFile(file);
      const shops = config.connections.reduce((n, c) => n + c.shops.length, 0);
      process.stdout.write(`${file}: valid (${config.connections.length} connection(s), ${shops} shop(s))\n`);
    });
}
