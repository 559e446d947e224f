// One emulator in a process of its own, as the remote system is a server of its own: in one
// process with the other emulator, each one's work held the other's answers back. Prints
// {"url"} once listening; on a "cpu" line prints its CPU time so far; closes when stdin ends.
import { createInterface } from 'node:readline';
import { type MagentoEmulatorOptions, startMagentoEmulator } from '../emulators/magento/index.ts';
import { type SpecterEmulatorOptions, startSpecterEmulator } from '../emulators/specter/index.ts';

const [kind, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? '{}') as MagentoEmulatorOptions & SpecterEmulatorOptions;
const emulator =
  kind === 'magento' ? await startMagentoEmulator(options) : await startSpecterEmulator(options);
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
say({ url: emulator.url });
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'cpu') {
    const { user, system } = process.cpuUsage();
    say({ cpuSeconds: (user + system) / 1e6 });
  }
});
lines.on('close', () => {
  void emulator.close().finally(() => process.exit(0));
});
