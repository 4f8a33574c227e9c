// attrib sources
import type { Command } from 'commander';
import Table from 'cli-table3';
import { listSources } from '../../app/sources.js';
import { printJson, withStore, type CommandContext } from '../context.js';

export function registerSources(program: Command, ctx: CommandContext): void {
  program
    .command('sources')
    .description('imported files: format, records, rejects, time range, sha256')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }, command: Command) => {
      const rows = withStore(ctx, command, true, (db) => listSources(db));
      ctx.exitCode = rows.length ? 0 : 1;
      if (opts.json) return printJson(ctx, rows);
      if (!rows.length) return ctx.io.err('no files imported yet\n');
      const table = new Table({
        head: ['file', 'format', 'status', 'records', 'new', 'dup', 'rejects', 'from', 'to', 'sha256'],
        style: { head: [], border: [] },
      });
      for (const r of rows) {
        table.push([
          r.path,
          r.format ?? '-',
          r.status,
          r.records,
          r.events_new,
          r.events_duplicate,
          r.rejects,
          r.first_time ?? '',
          r.last_time ?? '',
          r.sha256.slice(0, 12),
        ]);
      }
      ctx.io.out(`${table.toString()}\n`);
    });
}
