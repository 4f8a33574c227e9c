// attrib demo: the bundled incident, imported into a temporary store, traced.
import type { Command } from 'commander';
import { runDemo } from '../../app/demo.js';
import { renderImportSummary } from '../../report/import-summary.js';
import { styleFor } from '../../report/style.js';
import { renderTraceTree } from '../../report/trace-tree.js';
import { colorOn, printJson, type CommandContext } from '../context.js';

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('import the bundled AWS role-chain incident into a temporary store and trace its destructive action')
    .option('--json', 'print the attrib.trace/1 document only')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const demo = await runDemo();
      ctx.exitCode = 0;
      if (opts.json) return printJson(ctx, demo.trace);
      const style = styleFor(colorOn(ctx, command));
      ctx.io.out(`${style.bold('attrib demo')}: ${demo.story}\n\n`);
      ctx.io.out(`$ attrib import ${demo.inputs}\n`);
      ctx.io.out(renderImportSummary(demo.import, style));
      ctx.io.out(`\n$ attrib trace ${demo.trace.action.id}\n\n`);
      ctx.io.out(renderTraceTree(demo.trace, { style, cwd: process.cwd() }));
    });
}
