// `koppla replay`: puts dead letters back in the queue, one by id or all matching a filter.
import type { Command } from 'commander';
import { JobQueue } from '../../engine/queue.ts';
import { openMigratedStore, withStoreOptions } from './common.ts';

export function registerReplayCommand(program: Command): void {
  withStoreOptions(
    program
      .command('replay')
      .description('replay dead letters (after fixing their cause)')
      .option('--id <ids...>', 'dead letter ids')
      .option('--connection <id>', 'only this connection')
      .option('--shop <id>', 'only this shop')
      .option('--stream <name>', 'only this stream')
      .option('--cause <code>', 'only this cause code (e.g. unknown-sku)')
      .option('--skip', 'mark them as dealt with instead of running them again'),
  ).action(async (options) => {
    if (!options.id && !options.connection && !options.cause && !options.stream && !options.shop) {
      throw new Error('Say which dead letters: --id, or a filter (--connection, --shop, --stream, --cause)');
    }
    const store = await openMigratedStore(options);
    try {
      const queue = new JobQueue(store.db);
      const filter = {
        ids: options.id,
        connectionId: options.connection,
        shopId: options.shop,
        stream: options.stream,
        causeCode: options.cause,
      };
      const count = options.skip ? await queue.skip(filter) : await queue.replay(filter);
      process.stdout.write(`${count} dead letter(s) ${options.skip ? 'skipped' : 'replayed'}\n`);
    } finally {
      await store.close();
    }
  });
}
