// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time, and self time
// grouped by source file.
//
//   node --cpu-prof --cpu-prof-dir bench/out/prof dist/bench/import.js --quick --phases import-ndjson
//   node dist/bench/profile-summary.js [file.cpuprofile | directory (newest profile in it)] [--top N]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function shortUrl(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith(PROJECT_ROOT) ? relative(PROJECT_ROOT, path) : path;
}

function newestProfile(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!files[0]) throw new Error(`no .cpuprofile in ${dir}`);
  return files[0];
}

function main(): void {
  const args = process.argv.slice(2);
  let top = 15;
  let target = join(PROJECT_ROOT, 'bench', 'out', 'prof');
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--top') top = Number(args[++i] ?? 15);
    else target = args[i]!;
  }
  const path = statSync(target).isDirectory() ? newestProfile(target) : target;
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; the time a sample stands for is the delta after it.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const file = shortUrl(frame.url);
    const name = frame.functionName || '(anonymous)';
    const key = file ? `${name}  ${file}:${frame.lineNumber + 1}` : name;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const group = file || name;
    byFile.set(group, (byFile.get(group) ?? 0) + us);
  }
  // Inclusive time of the project's own functions (dist/src, dist/bench): where each stage's time goes,
  // native SQLite work included (V8 books a native call's time as self time of the JS function calling it).
  const inclusive = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = Math.max(0, profile.timeDeltas[i + 1] ?? 0);
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame || !/\/dist\/(src|bench)\//.test(frame.url)) continue;
      const key = `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const line = (us: number, label: string): string => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${label}`;
  const out: string[] = [];
  out.push(`${relative(process.cwd(), path) || path}: ${(total / 1e6).toFixed(2)} s sampled, ${profile.samples.length} samples`);
  out.push('');
  out.push(`top ${top} functions by self time:`);
  for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(line(us, key));
  out.push('');
  out.push(`self time by file (top ${top}):`);
  for (const [key, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(line(us, key));
  out.push('');
  out.push(`project functions by inclusive time (top ${top}):`);
  for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(line(us, key));
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
