/**
 * `consentry`: serve, export, verify, purge, keys, check-config. `--help` on each.
 */
import { ConfigError } from '../config.js';
import { checkConfigCommand } from './check-config-command.js';
import { type Command, UsageError } from './command.js';
import { exportCommand } from './export-command.js';
import { keysCommand } from './keys-command.js';
import { purgeCommand } from './purge-command.js';
import { serveCommand } from './serve-command.js';
import { verifyCommand } from './verify-command.js';

const COMMANDS: Command[] = [serveCommand, exportCommand, verifyCommand, purgeCommand, keysCommand, checkConfigCommand];
const WIDTH = Math.max(...COMMANDS.map((c) => c.name.length));

const USAGE = `Usage: consentry <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(WIDTH)} ${c.summary}`).join('\n')}

Run \`consentry <command> --help\` for a command's options.`;

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`consentry: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`consentry: configuration error, ${error.message}`);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`consentry ${name}: ${(error as Error).message}\nRun \`consentry ${name} --help\`.`);
      return 2;
    }
    console.error(`consentry ${name}: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
