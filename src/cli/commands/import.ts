// attrib import <path…>
import type { Command } from 'commander';
import { importPaths, type ImportProgress, type ImportReport, type ImportWarning } from '../../app/import.js';
import { renderImportSummary } from '../../report/import-summary.js';
import { styleFor } from '../../report/style.js';
import { colorOn, printJson, withStoreAsync, type CommandContext } from '../context.js';

/** Rejects printed one by one before the rest are only counted (they are all in the rejects table). */
const WARNINGS_SHOWN = 20;

function progressPrinter(ctx: CommandContext): { update: (p: ImportProgress) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(p) {
      if (!ctx.io.errIsTTY) return;
      const now = Date.now();
      if (now - last < 150) return;
      last = now;
      const pct = p.fileBytes ? Math.min(100, Math.round((p.bytesRead / p.fileBytes) * 100)) : 100;
      const name = p.file.length > 50 ? `…${p.file.slice(-49)}` : p.file;
      ctx.io.err(`\r\x1b[2Kimporting file ${p.fileIndex + 1}/${p.fileCount} ${pct}%  ${p.records.toLocaleString('en-US')} records  ${name}`);
      shown = true;
    },
    clear() {
      if (shown) ctx.io.err('\r\x1b[2K');
    },
  };
}

export function registerImport(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('read log files or folders, detect their format, store normalized events and link them')
    .argument('<paths...>', 'files or directories (read recursively; .gz is decompressed)')
    .option('-f, --format <name>', 'the input format, overriding detection (see `attrib formats`)')
    .option('--strict', 'stop at the first rejected record')
    .option('--json', 'print the import report as JSON')
    .addHelpText('after', '\nExample:\n  attrib import ./AWSLogs/ && attrib actions --name "s3:Delete*"\n')
    .action(async (paths: string[], opts: { format?: string; strict?: boolean; json?: boolean }, command: Command) => {
      const progress = progressPrinter(ctx);
      const warnings: ImportWarning[] = [];
      let more = 0;
      const report: ImportReport = await withStoreAsync(ctx, command, (db) =>
        importPaths(db, paths, {
          ...(opts.format ? { format: opts.format } : {}),
          strict: opts.strict ?? false,
          onProgress: progress.update,
          onWarning: (w) => {
            if (warnings.length < WARNINGS_SHOWN) {
              progress.clear();
              warnings.push(w);
              ctx.io.err(`warning: ${w.file}${w.line !== null ? `:${w.line}` : ''}: ${w.code} ${w.message}\n`);
            } else more++;
          },
        }),
      );
      progress.clear();
      if (more) ctx.io.err(`warning: … and ${more} more (all kept in the store: attrib query "select * from rejects")\n`);
      if (opts.json) printJson(ctx, report);
      else ctx.io.out(renderImportSummary(report, styleFor(colorOn(ctx, command))));
      const failed = report.files.some((f) => f.status === 'unrecognized' || f.status === 'ambiguous' || f.status === 'failed');
      ctx.exitCode = failed ? 2 : 0;
    });
}
