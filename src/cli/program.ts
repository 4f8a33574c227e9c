// The command tree. Each command lives in its own file and only parses flags, calls app/, renders.
import { Command } from 'commander';
import { registerActions } from './commands/actions.js';
import { registerDemo } from './commands/demo.js';
import { registerFormats } from './commands/formats.js';
import { registerIdentities } from './commands/identities.js';
import { registerImport } from './commands/import.js';
import { registerQuery } from './commands/query.js';
import { registerSources } from './commands/sources.js';
import { registerTrace } from './commands/trace.js';
import type { CommandContext } from './context.js';

export const VERSION = '0.1.0';

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('attrib')
    .description('who really initiated this action? actor → delegation → action chains from audit logs')
    .version(VERSION)
    .option('--db <path>', 'the store (default $ATTRIB_DB or ./attrib.db)')
    .option('--debug', 'print stack traces for errors')
    .option('--no-color', 'plain output')
    .showHelpAfterError('(run attrib --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .exitOverride();
  const commands = [registerImport, registerFormats, registerSources, registerActions, registerTrace, registerQuery, registerIdentities, registerDemo];
  for (const register of commands) register(program, ctx);
  const configure = (command: Command, path: string): void => {
    for (const sub of command.commands) {
      sub.exitOverride();
      sub.configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
      sub.showHelpAfterError(`(run attrib ${path}${sub.name()} --help for usage)`);
      configure(sub, `${path}${sub.name()} `);
    }
  };
  configure(program, '');
  return program;
}
