// attrib actions [filters]
import type { Command } from 'commander';
import Table from 'cli-table3';
import { listActions } from '../../app/actions.js';
import { EVENT_KINDS } from '../../model/types.js';
import { AttribError } from '../../errors.js';
import { parseTimeOption } from '../time-option.js';
import { printJson, withStore, type CommandContext } from '../context.js';

/** Rows shown in a terminal table unless --limit says otherwise; --json is never limited. */
const TABLE_LIMIT = 200;

interface ActionsOptions {
  actor?: string;
  since?: string;
  until?: string;
  name?: string;
  kind?: string;
  target?: string;
  limit?: string;
  json?: boolean;
}

export function registerActions(program: Command, ctx: CommandContext): void {
  program
    .command('actions')
    .description('list stored events, newest first')
    .option('--actor <who>', 'principal id, name or alias (substring)')
    .option('--since <time>', 'ISO-8601, epoch, or relative (2h, 7d, yesterday)')
    .option('--until <time>', 'ISO-8601, epoch, or relative')
    .option('--name <glob>', 'operation name glob, e.g. "s3:Delete*"')
    .option('--kind <kind>', `one of ${EVENT_KINDS.join(', ')}`)
    .option('--target <text>', 'resource text (substring)')
    .option('--limit <n>', `rows in the table (default ${TABLE_LIMIT}; --json lists all)`)
    .option('--json', 'print all matching events as a JSON array')
    .action((opts: ActionsOptions, command: Command) => {
      if (opts.kind && !(EVENT_KINDS as readonly string[]).includes(opts.kind)) {
        throw new AttribError('USAGE', `unknown kind "${opts.kind}"`, { hint: `kinds: ${EVENT_KINDS.join(', ')}` });
      }
      const limit = opts.limit !== undefined ? Number(opts.limit) : undefined;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
        throw new AttribError('USAGE', `--limit must be a positive integer, not "${opts.limit}"`);
      }
      const filter = {
        ...(opts.actor ? { actor: opts.actor } : {}),
        ...(opts.since ? { since: parseTimeOption(opts.since) } : {}),
        ...(opts.until ? { until: parseTimeOption(opts.until) } : {}),
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.kind ? { kind: opts.kind } : {}),
        ...(opts.target ? { target: opts.target } : {}),
        ...(opts.json ? {} : { limit: (limit ?? TABLE_LIMIT) + 1 }),
      };
      const rows = withStore(ctx, command, true, (db) => listActions(db, filter));
      ctx.exitCode = rows.length ? 0 : 1;
      if (opts.json) {
        printJson(ctx, rows);
        return;
      }
      if (!rows.length) {
        ctx.io.err('no events match\n');
        return;
      }
      const shown = rows.slice(0, limit ?? TABLE_LIMIT);
      const table = new Table({ head: ['time', 'kind', 'name', 'actor', 'target', 'outcome', 'id'], style: { head: [], border: [] } });
      for (const r of shown) {
        table.push([r.time.replace('.000Z', 'Z'), r.kind, r.name, `${r.actor.name} [${r.actor.type}]`, r.target ?? '', r.outcome, r.id]);
      }
      ctx.io.out(`${table.toString()}\n`);
      if (rows.length > shown.length) ctx.io.err(`(first ${shown.length} shown; use --limit or --json for more)\n`);
    });
}
