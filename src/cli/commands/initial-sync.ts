// `koppla initial-sync`: copies a whole catalogue one way (see src/flows/initial-sync). The dry
// run reads both systems and reports what would be created, matched and what conflicts.
import type { Command } from 'commander';
import { loadConfigFile } from '../../config/load.ts';
import { formatReport } from '../../flows/initial-sync/report.ts';
import { runInitialSync } from '../../flows/initial-sync/run.ts';
import { createLogger } from '../../log/logger.ts';
import { loadReportEntries } from '../../store/reports.ts';
import { openMigratedStore, parsePositiveInt, withStoreOptions } from './common.ts';

export function registerInitialSyncCommand(program: Command): void {
  withStoreOptions(
    program
      .command('initial-sync')
      .description('copy a whole catalogue one way, matching on SKU / article number')
      .requiredOption('-c, --config <file>', 'connection config (YAML)')
      .requiredOption('--connection <id>', 'which connection of the config')
      .requiredOption('--from <side>', 'the side that has the catalogue: magento or specter')
      .option('--dry-run', 'only report what would be created, matched and conflicting; write nothing')
      .option('--shop <id>', 'only this shop')
      .option(
        '--concurrency <n>',
        'requests in flight per system, at most (default: the connection limit). The lanes are shared with running workers: the sync takes those free, and more as jobs finish',
        parsePositiveInt,
      )
      .option(
        '--pages-thread',
        "from specter: parse Specter's article pages in a worker thread (about 10 % faster on 2 cores, about 50 MB more memory)",
      )
      .option('--json', 'print the report as JSON'),
  ).action(async (options) => {
    if (options.from !== 'magento' && options.from !== 'specter')
      throw new Error(`--from must be magento or specter, not "${options.from}"`);
    const config = loadConfigFile(options.config);
    const connection = config.connections.find((c) => c.id === options.connection);
    if (!connection) {
      throw new Error(
        `No connection "${options.connection}" in ${options.config} (known: ${config.connections.map((c) => c.id).join(', ')})`,
      );
    }
    const store = await openMigratedStore(options);
    try {
      const { report, reportId } = await runInitialSync({
        connection,
        db: store.db,
        from: options.from,
        dryRun: Boolean(options.dryRun),
        shopId: options.shop,
        concurrency: options.concurrency,
        pagesThread: Boolean(options.pagesThread),
        logger: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }),
      });
      if (options.json) {
        // Every entry, read back from the stored report (the run keeps only the first ones).
        const entries = await loadReportEntries(store.db, reportId);
        process.stdout.write(
          `${JSON.stringify({ reportId, summary: report.summary, ...entries }, null, 2)}\n`,
        );
      } else process.stdout.write(`${formatReport(report)}\nReport stored as #${reportId}\n`);
      if (report.summary.conflict > 0 || report.summary.failed > 0) process.exitCode = 3;
    } finally {
      await store.close();
    }
  });
}
