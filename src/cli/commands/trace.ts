// attrib trace <event-id>
import type { Command } from 'commander';
import { Option } from 'commander';
import { traceAction } from '../../app/trace.js';
import { styleFor } from '../../report/style.js';
import { renderTraceTree } from '../../report/trace-tree.js';
import { colorOn, printJson, withStore, type CommandContext } from '../context.js';

export function registerTrace(program: Command, ctx: CommandContext): void {
  program
    .command('trace')
    .description('reconstruct the actor → delegation → action chain of one event')
    .argument('<event-id>', 'an event id (cloudtrail:<eventID>) or a bare CloudTrail eventID')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['tree', 'json']).default('tree'))
    .option('--json', 'the attrib.trace/1 JSON document (same as -o json)')
    .addHelpText('after', '\nExample:\n  attrib trace cloudtrail:d1e5c0de-0bad-4b0b-8c0c-000000000666 --json\n')
    .action((eventId: string, opts: { output: string; json?: boolean }, command: Command) => {
      const doc = withStore(ctx, command, true, (db) => traceAction(db, eventId));
      if (opts.json || opts.output === 'json') printJson(ctx, doc);
      else ctx.io.out(renderTraceTree(doc, { style: styleFor(colorOn(ctx, command)), cwd: process.cwd() }));
      ctx.exitCode = 0;
    });
}
