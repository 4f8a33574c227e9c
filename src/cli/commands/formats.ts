// attrib formats
import type { Command } from 'commander';
import { adapters } from '../../adapters/registry.js';
import { printJson, type CommandContext } from '../context.js';

export function registerFormats(program: Command, ctx: CommandContext): void {
  program
    .command('formats')
    .description('the formats attrib reads, how each is recognised, and the containers it comes in')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const rows = adapters.map((a) => ({ name: a.name, title: a.title, detection_keys: a.detectionKeys, containers: a.containers }));
      ctx.exitCode = 0;
      if (opts.json) return printJson(ctx, rows);
      const lines: string[] = [];
      for (const r of rows) {
        lines.push(`${r.name}  ${r.title}`);
        lines.push(`  detected by: ${r.detection_keys.join(', ')}`);
        for (const c of r.containers) lines.push(`  reads: ${c}`);
      }
      lines.push('');
      lines.push('Detection reads the first records of each file, never its name; --format <name> overrides it.');
      lines.push('Any file may be gzip-compressed. CloudTrail digest files are recognised and skipped.');
      const families = [...new Set(adapters.map((a) => a.family).filter((f): f is string => !!f))];
      for (const family of families) {
        const members = adapters.filter((a) => a.family === family).map((a) => a.name);
        lines.push(`A file may mix ${members.join(', ')} records (one diagnostic stream): each record goes to its own format; --format ${family} forces that.`);
      }
      ctx.io.out(`${lines.join('\n')}\n`);
    });
}
