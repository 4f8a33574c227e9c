// attrib.trace/1 → the tree a responder reads in a terminal: the verdict first, then the chain root first.
import { isAbsolute, relative } from 'node:path';
import type { ChainStep, TraceDocument, TraceEvent, TracePrincipal, Verdict } from '../model/trace.js';
import { plainStyle, type Style } from './style.js';

export interface TreeOptions {
  readonly style?: Style;
  /** File paths under this folder are shown relative to it. */
  readonly cwd?: string;
}

function who(p: TracePrincipal): string {
  return `${p.name} [${p.type}]`;
}

function verdictColour(kind: Verdict['kind'], s: Style): (t: string) => string {
  if (kind === 'unattributed' || kind === 'ambiguous') return s.red;
  if (kind === 'agent-delegated' || kind === 'automation-policy') return s.yellow;
  return s.green;
}

function where(e: TraceEvent, cwd: string | undefined): string {
  let file = e.source.file;
  if (cwd && isAbsolute(file)) {
    const rel = relative(cwd, file);
    if (!rel.startsWith('..')) file = rel;
  }
  return `${file}${e.source.line !== null ? `:${e.source.line}` : ''}, record ${e.source.index + 1}`;
}

function verdictLines(v: Verdict, s: Style, indent = ''): string[] {
  const colour = verdictColour(v.kind, s);
  const head = [
    `${indent}${s.bold('verdict')}  ${colour(s.bold(v.kind.toUpperCase()))}`,
    v.initiator ? `initiator ${s.bold(who(v.initiator))}` : '',
    `confidence ${v.confidence.toFixed(2)}`,
    v.complete ? 'complete' : s.red('incomplete'),
  ].filter(Boolean);
  const lines = [head.join('  '), `${indent}  ${v.reason}`];
  if (v.on_behalf_of) lines.push(`${indent}  on behalf of ${who(v.on_behalf_of)}`);
  if (v.source_identity) lines.push(`${indent}  source identity ${s.cyan(v.source_identity)}`);
  return lines;
}

function stepLines(step: ChainStep, index: number, count: number, s: Style, cwd: string | undefined): string[] {
  const e = step.event;
  const last = index === count - 1;
  const mark = count === 1 ? '─' : index === 0 ? '┌' : last ? '└' : '├';
  const lines = [
    ` ${mark} ${s.dim(e.time)}  ${s.magenta(step.role.padEnd(12))} ${s.bold(e.name)}  by ${who(e.actor)}${
      e.outcome === 'failure' ? s.red('  FAILED') : ''
    }`,
  ];
  const bar = last ? '   ' : ' │ ';
  if (e.target) lines.push(`${bar}  on ${e.target}`);
  const facts = [
    e.credential_used ? `signed with ${e.credential_used}` : '',
    e.credential_issued ? `issued ${e.credential_issued}` : '',
    e.source_identity ? `source identity ${e.source_identity}` : '',
    e.ip ? `from ${e.ip}` : '',
  ].filter(Boolean);
  if (facts.length) lines.push(`${bar}  ${s.dim(facts.join(' · '))}`);
  lines.push(`${bar}  ${s.dim(`${e.id}  (${where(e, cwd)})`)}`);
  if (e.copies?.length) lines.push(`${bar}  ${s.dim(`same operation as ${e.copies.join(', ')}`)}`);
  if (step.authorized_by) {
    const g = step.authorized_by.event;
    lines.push(`${bar}  ${s.yellow('authorized by')} ${g.name} by ${who(g.actor)} at ${g.time}  ${s.dim(g.id)}`);
  }
  if (step.link) {
    const l = step.link;
    const method = l.method === 'exact' ? s.green('exact') : s.yellow(`inferred ${l.confidence.toFixed(2)}`);
    lines.push(` │   ${s.cyan('↓')} ${method} · ${l.relation} · ${s.cyan(l.key)}`);
    lines.push(` │     ${s.dim(l.reason)}`);
  }
  return lines;
}

export function renderTraceTree(doc: TraceDocument, options: TreeOptions = {}): string {
  const s = options.style ?? plainStyle;
  const a = doc.action;
  const out: string[] = [];
  out.push(`${s.bold(a.name)}${a.target ? `  on ${a.target}` : ''}`);
  out.push(`  ${a.id}  ${a.time}  by ${who(a.actor)}`);
  out.push('');
  out.push(...verdictLines(doc.verdict, s));
  out.push('');
  out.push(s.bold(`chain (${doc.chain.length} step${doc.chain.length === 1 ? '' : 's'}, root first)`));
  doc.chain.forEach((step, i) => out.push(...stepLines(step, i, doc.chain.length, s, options.cwd)));
  if (doc.gaps.length) {
    out.push('');
    out.push(s.red(s.bold('gaps')));
    for (const gap of doc.gaps) {
      out.push(`  ${s.red('✗')} missing ${gap.missing} (upstream of ${gap.after})`);
      out.push(`    ${gap.hint}`);
    }
  }
  if (doc.alternatives.length) {
    out.push('');
    out.push(s.bold('alternatives'));
    for (const alt of doc.alternatives) {
      out.push(...verdictLines(alt.verdict, s, '  '));
      const names = alt.chain.map((c, i) => (i === 0 ? `${c.event.name} (${c.event.id})` : c.event.name)).join(' → ');
      out.push(`    ${s.dim(names)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
