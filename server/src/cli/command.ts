/** The shape of one `consentry` subcommand. */
export interface Command {
  name: string;
  summary: string;
  /** Full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/** A usage error: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
