// The `koppla` command line. Each command lives in ./commands; this file only wires them up and
// turns a thrown error into a clear message and a non-zero exit.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load.ts';
import { registerConfigCommands } from './commands/config.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerEmulateCommand } from './commands/emulate.ts';
import { registerInitialSyncCommand } from './commands/initial-sync.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerPluginCommands } from './commands/plugin.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { registerSecretCommands } from './commands/secret.ts';
import { registerStartCommands } from './commands/start.ts';
import { registerUserCommands } from './commands/users.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('koppla')
    .description('Keeps Magento 2 and Specter Business Management in sync')
    .showHelpAfterError()
    .exitOverride();
  registerStartCommands(program);
  registerDemoCommand(program);
  registerMigrateCommand(program);
  registerConfigCommands(program);
  registerDoctorCommand(program);
  registerEmulateCommand(program);
  registerReplayCommand(program);
  registerUserCommands(program);
  registerSecretCommands(program);
  registerPluginCommands(program);
  registerInitialSyncCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`koppla: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
