// Creates and migrates an embedded store in the data directory given, then exits. The benchmarks'
// worker and sync children open that directory afterwards, as a restarted installation does: the
// first start of an embedded store (initdb) takes seconds and leaves hundreds of MB of RSS behind,
// which would hide what the work itself uses.
import { openStore } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const [dataDir] = process.argv.slice(2);
const store = openStore({ dataDir: dataDir as string });
await migrateToLatest(store.db);
await store.close();
process.stdout.write(`${JSON.stringify({ dataDir })}\n`);
