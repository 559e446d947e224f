#!/usr/bin/env node
// Entry point of the `koppla` CLI. The sources are TypeScript run through tsx, so a clone works
// right after `npm install` with no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
