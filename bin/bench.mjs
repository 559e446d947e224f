#!/usr/bin/env node
// `npm run bench [-- NAME ...] [--quick]`: runs benchmarks and prints one JSON document.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/main.ts');
await main(process.argv.slice(2));
