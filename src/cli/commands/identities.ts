// attrib identities [import <map.csv>]
import type { Command } from 'commander';
import { IDENTITY_MAP_HELP, importIdentityMap, listIdentities } from '../../app/identities.js';
import { printJson, withStore, type CommandContext } from '../context.js';

export function registerIdentities(program: Command, ctx: CommandContext): void {
  const identities = program
    .command('identities')
    .description('principals merged into one person or workload across systems, and why')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }, command: Command) => {
      const rows = withStore(ctx, command, true, (db) => listIdentities(db));
      ctx.exitCode = rows.length ? 0 : 1;
      if (opts.json) return printJson(ctx, rows);
      if (!rows.length) return ctx.io.err('no merged identities (principals share no alias; see `attrib identities import --help`)\n');
      const lines: string[] = [];
      for (const identity of rows) {
        lines.push(identity.id);
        for (const m of identity.members) lines.push(`  ${m.name} [${m.type}]  ${m.id}${m.reason ? `  (${m.reason})` : ''}`);
        if (identity.aliases.length) lines.push(`  aliases: ${identity.aliases.join(', ')}`);
      }
      ctx.io.out(`${lines.join('\n')}\n`);
    });
  identities
    .command('import')
    .description('merge principals by a map of aliases to identities (CSV: alias,identity)')
    .argument('<map.csv>', 'the map file')
    .addHelpText('after', `\n${IDENTITY_MAP_HELP}\n\nExample:\n  alias,identity\n  email:alice@corp.example,alice\n  github:alice,alice\n`)
    .action((path: string, _opts: unknown, command: Command) => {
      const result = withStore(ctx, command, false, (db) => importIdentityMap(db, path));
      ctx.io.out(`${result.mapped} alias(es) mapped; ${result.merged} principal(s) now belong to a merged identity\n`);
      ctx.exitCode = 0;
    });
}
