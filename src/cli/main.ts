// The only module that knows about the process: argv in, exit status out, errors printed without stacks.
import { CommanderError } from 'commander';
import { isAttribError } from '../errors.js';
import type { CommandContext } from './context.js';
import { processIo, type Io } from './io.js';
import { buildProgram } from './program.js';

export async function main(argv: readonly string[], io: Io = processIo(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ctx: CommandContext = { io, env, exitCode: 0 };
  const program = buildProgram(ctx);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv]);
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are "errors" to commander; usage mistakes exit 2 per the contract.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isAttribError(error)) {
      io.err(`attrib: ${error.message}\n`);
      if (error.hint) io.err(`  hint: ${error.hint}\n`);
      if (debug && error.stack) io.err(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`attrib: unexpected error: ${message}\n`);
    if (debug && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    else io.err('  hint: run again with --debug for the stack trace, and report it\n');
    return 2;
  }
}
