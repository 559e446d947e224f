#!/usr/bin/env node
// `npm run chaos [-- --quick] [--seed N]`: the chaos run (faults, kills, a burst of traffic), one JSON report.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../chaos/main.ts');
await main(process.argv.slice(2));
