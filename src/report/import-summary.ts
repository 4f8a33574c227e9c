// The table printed after an import: per format, then the files that need a look.
import Table from 'cli-table3';
import type { ImportReport } from '../app/import.js';
import { plainStyle, type Style } from './style.js';

export function renderImportSummary(report: ImportReport, s: Style = plainStyle): string {
  const byFormat = new Map<string, { files: number; records: number; fresh: number; dup: number; rejects: number }>();
  for (const f of report.files) {
    const key = f.status === 'imported' || f.status === 'already-imported' ? (f.format ?? '?') : `(${f.status})`;
    const row = byFormat.get(key) ?? { files: 0, records: 0, fresh: 0, dup: 0, rejects: 0 };
    row.files++;
    row.records += f.records;
    row.fresh += f.eventsNew;
    row.dup += f.eventsDuplicate;
    row.rejects += f.rejects;
    byFormat.set(key, row);
  }
  const table = new Table({
    head: ['format', 'files', 'records', 'events new', 'duplicate', 'rejects'],
    style: { head: [], border: [] },
  });
  const total = { files: 0, records: 0, fresh: 0, dup: 0, rejects: 0 };
  for (const [format, r] of [...byFormat.entries()].sort()) {
    table.push([format, r.files, r.records, r.fresh, r.dup, r.rejects]);
    total.files += r.files;
    total.records += r.records;
    total.fresh += r.fresh;
    total.dup += r.dup;
    total.rejects += r.rejects;
  }
  if (byFormat.size > 1) table.push([s.bold('total'), total.files, total.records, total.fresh, total.dup, total.rejects]);
  const lines = [table.toString()];
  const already = report.files.filter((f) => f.status === 'already-imported').length;
  const imported = report.files.filter((f) => f.status === 'imported').length;
  if (already && !imported) {
    lines.push(`${already} file${already === 1 ? ' was' : 's were'} already imported: nothing to do`);
  } else if (already) {
    lines.push(`${already} file${already === 1 ? ' was' : 's were'} already imported (skipped)`);
  }
  for (const f of report.files) {
    if (f.status === 'skipped') lines.push(s.dim(`skipped ${f.path}: ${f.note ?? ''}`));
    if (f.status === 'unrecognized' || f.status === 'ambiguous' || f.status === 'failed') {
      lines.push(s.red(`not imported ${f.path}: ${f.note ?? f.status}`));
    }
    if (f.status === 'imported' && f.note) lines.push(s.yellow(`note ${f.path}: ${f.note}`));
  }
  for (const n of report.notes) lines.push(s.dim(`note ${n.path}: ${n.message}`));
  if (total.rejects) lines.push(s.yellow(`${total.rejects} record(s) rejected and kept: attrib query "select path, line, code, message from rejects"`));
  const links = Object.entries(report.correlation.links).filter(([, n]) => n > 0);
  if (report.correlation.events) {
    lines.push(
      `correlated ${report.correlation.events} new event(s)${links.length ? `: ${links.map(([k, n]) => `${n} ${k} link(s)`).join(', ')}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
