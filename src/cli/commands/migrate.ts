import type { Command } from 'commander';
import { openMigratedStore, withStoreOptions } from './common.ts';

export function registerMigrateCommand(program: Command): void {
  withStoreOptions(program.command('migrate').description('create or upgrade the database schema')).action(
    async (options) => {
      const store = await openMigratedStore(options);
      process.stdout.write(`Schema up to date (${store.backend}).\n`);
      await store.close();
    },
  );
}
