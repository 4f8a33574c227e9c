// attrib query <SQL>
import type { Command } from 'commander';
import Table from 'cli-table3';
import { runQuery } from '../../app/query.js';
import { printJson, withStore, type CommandContext } from '../context.js';

export function registerQuery(program: Command, ctx: CommandContext): void {
  program
    .command('query')
    .description('read-only SQL over the store (tables: events, principals, principal_aliases, credentials, sessions, links, files, rejects)')
    .argument('<sql>', 'one SELECT / WITH statement')
    .option('--json', 'print rows as a JSON array of objects')
    .addHelpText('after', '\nExample:\n  attrib query "select name, count(*) n from events group by name order by n desc" --json\n')
    .action((sql: string, opts: { json?: boolean }, command: Command) => {
      const rows = withStore(ctx, command, true, (db) => runQuery(db, sql));
      ctx.exitCode = 0;
      if (opts.json) return printJson(ctx, rows);
      if (!rows.length) return ctx.io.err('(no rows)\n');
      const head = Object.keys(rows[0]!);
      const table = new Table({ head, style: { head: [], border: [] } });
      for (const row of rows) table.push(head.map((k) => (row[k] === null ? '' : String(row[k]))));
      ctx.io.out(`${table.toString()}\n`);
    });
}
