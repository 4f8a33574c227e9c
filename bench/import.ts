// `npm run bench`: CloudTrail import throughput, memory, store size and trace latency, measured in one run
// against the floor (read + split lines + JSON.parse) on the same generated data. Figures only: nothing here
// passes or fails. Progress goes to stderr; the table to stdout; all figures to bench/out/result-<time>.json.
//
//   npm run bench                      1,000,000 records
//   npm run bench -- --quick           100,000 records
//   npm run bench -- --records 5000000 --traces 1000 --phases floor,import-ndjson,trace
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, arch, totalmem, tmpdir, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { importPaths, type ImportReport } from '../src/app/import.js';
import { traceAction } from '../src/app/trace.js';
import { openStore } from '../src/store/open.js';
import { ensureBundle, existingBundle, Rng, type Bundle, type SampledAction } from './generate.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT_DIR = join(PROJECT_ROOT, 'bench', 'out');

const PHASES = ['floor', 'import-ndjson', 'import-gz', 'trace'] as const;
type Phase = (typeof PHASES)[number];

interface Options {
  records: number;
  seed: number;
  traces: number;
  phases: Set<Phase>;
  keepDb: boolean;
  tmp: string;
  generateOnly: boolean;
}

function usage(message?: string): never {
  if (message) process.stderr.write(`bench: ${message}\n`);
  process.stderr.write(
    'usage: node --expose-gc dist/bench/import.js [--quick | --records N] [--seed N] [--traces N]\n' +
      `       [--phases ${PHASES.join(',')}] [--keep-db] [--tmp DIR] [--generate-only]\n`,
  );
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { records: 1_000_000, seed: 20260501, traces: 200, phases: new Set(PHASES), keepDb: false, tmp: tmpdir(), generateOnly: false };
  const int = (value: string | undefined, flag: string): number => {
    const n = Number(value?.replace(/_/g, ''));
    if (!Number.isInteger(n) || n <= 0) usage(`${flag} needs a positive integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--quick':
        o.records = 100_000;
        break;
      case '--records':
        o.records = int(argv[++i], arg);
        break;
      case '--seed':
        o.seed = int(argv[++i], arg);
        break;
      case '--traces':
        o.traces = int(argv[++i], arg);
        break;
      case '--phases': {
        const list = (argv[++i] ?? '').split(',').filter(Boolean);
        for (const p of list) if (!(PHASES as readonly string[]).includes(p)) usage(`unknown phase ${p}`);
        o.phases = new Set(list as Phase[]);
        break;
      }
      case '--keep-db':
        o.keepDb = true;
        break;
      case '--generate-only':
        o.generateOnly = true;
        break;
      case '--tmp':
        o.tmp = argv[++i] ?? usage('--tmp needs a directory');
        break;
      case '--help':
      case '-h':
        usage();
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  return o;
}

// ---------------------------------------------------------------- measuring

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const gc = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

/** Decimal megabytes everywhere (file sizes, MB/s, RSS). */
const MB = 1_000_000;

/** Process-wide maxRSS in bytes (the kernel's high-water mark since start). */
function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Samples RSS every 50 ms; timers only fire between synchronous stretches, so maxRSS is taken too. */
class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peak = 0;
  samples = 0;
  startRss = 0;

  start(): void {
    this.startRss = process.memoryUsage.rss();
    this.peak = this.startRss;
    this.samples = 1;
    this.timer = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > this.peak) this.peak = rss;
      this.samples++;
    }, 50);
  }

  stop(): { startRssBytes: number; peakSampledBytes: number; samples: number; maxRssSoFarBytes: number } {
    if (this.timer) clearInterval(this.timer);
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    return { startRssBytes: this.startRss, peakSampledBytes: this.peak, samples: this.samples, maxRssSoFarBytes: maxRss() };
  }
}

interface FloorResult {
  readonly container: 'ndjson' | 'gzip';
  readonly records: number;
  readonly inputBytes: number;
  readonly uncompressedBytes: number;
  readonly wallSeconds: number;
  readonly eventsPerSecond: number;
  readonly mbPerSecond: number;
  readonly startRssBytes: number;
  readonly peakSampledRssBytes: number;
  readonly maxRssSoFarBytes: number;
}

/** The floor: read the file, split lines, JSON.parse each — what any importer must at least do. */
async function floor(path: string, gzip: boolean, uncompressedBytes: number): Promise<FloorResult> {
  gc();
  const sampler = new RssSampler();
  sampler.start();
  const started = performance.now();
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const stream: Readable = gzip ? file.pipe(createGunzip({ chunkSize: 256 * 1024 })) : file;
  if (gzip) file.on('error', (error) => stream.destroy(error));
  let records = 0;
  let touched = 0;
  const parseLine = (buf: Buffer, start: number, end: number): void => {
    if (end <= start) return;
    const value = JSON.parse(buf.toString('utf8', start, end)) as { eventName?: unknown };
    records++;
    if (typeof value.eventName === 'string') touched++;
  };
  // Split bytes on 0x0A (never inside a UTF-8 sequence), decode each line on its own: measured ~3× faster
  // here than decoding whole chunks to one string and slicing it.
  let rest: Buffer | null = null;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    let nl = buf.indexOf(10, start);
    while (nl !== -1) {
      parseLine(buf, start, nl);
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    rest = start < buf.length ? buf.subarray(start) : null;
  }
  if (rest) parseLine(rest, 0, rest.length);
  const wallSeconds = (performance.now() - started) / 1000;
  const rss = sampler.stop();
  if (touched !== records) log(`  floor: ${records - touched} record(s) without eventName`);
  return {
    container: gzip ? 'gzip' : 'ndjson',
    records,
    inputBytes: statSync(path).size,
    uncompressedBytes,
    wallSeconds,
    eventsPerSecond: records / wallSeconds,
    mbPerSecond: uncompressedBytes / MB / wallSeconds,
    startRssBytes: rss.startRssBytes,
    peakSampledRssBytes: rss.peakSampledBytes,
    maxRssSoFarBytes: rss.maxRssSoFarBytes,
  };
}

interface ImportResult {
  readonly container: 'ndjson' | 'gzip';
  readonly file: string;
  readonly records: number;
  readonly eventsNew: number;
  readonly eventsDuplicate: number;
  readonly rejects: number;
  readonly warnings: number;
  readonly firstWarnings: string[];
  readonly status: string[];
  readonly correlation: ImportReport['correlation'] | null;
  readonly inputBytes: number;
  readonly uncompressedBytes: number;
  readonly wallSeconds: number;
  /** From the last progress callback (last record batch read) to importPaths returning: final flush + correlation. */
  readonly tailSeconds: number | null;
  readonly closeSeconds: number;
  readonly eventsPerSecond: number;
  readonly mbPerSecond: number;
  readonly startRssBytes: number;
  readonly peakSampledRssBytes: number;
  readonly maxRssSoFarBytes: number;
  readonly dbBytes: number;
  readonly walBytes: number;
  readonly dbBytesPerEvent: number;
  readonly dbBytesAfterClose: number;
  readonly storeToInputRatio: number;
  readonly ratioToFloor: number | null;
  readonly ratioToNdjsonFloor: number | null;
  readonly error?: string;
}

/** Linux PSI: the share of time some runnable task waited for a CPU (`some avg10=…`). */
function cpuPressure(): string | null {
  try {
    return readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0]?.trim() ?? null;
  } catch {
    return null;
  }
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

async function measureImport(
  path: string,
  gzip: boolean,
  uncompressedBytes: number,
  dbPath: string,
  floors: { same: FloorResult | undefined; ndjson: FloorResult | undefined },
): Promise<ImportResult> {
  const label = gzip ? 'import gzip' : 'import ndjson';
  gc();
  const sampler = new RssSampler();
  sampler.start();
  const firstWarnings: string[] = [];
  let warnings = 0;
  let lastProgressAt: number | null = null;
  let lastLog = performance.now();
  const started = performance.now();
  let report: ImportReport | undefined;
  let error: string | undefined;
  let wallSeconds = 0;
  let dbBytes = 0;
  let walBytes = 0;
  let closeSeconds = 0;
  const db = openStore(dbPath);
  try {
    report = await importPaths(db, [path], {
      onProgress: (p) => {
        const now = performance.now();
        lastProgressAt = now;
        if (now - lastLog >= 2000) {
          lastLog = now;
          const s = (now - started) / 1000;
          log(
            `  ${label}: ${p.records.toLocaleString('en-US')} records, ${((100 * p.bytesRead) / Math.max(1, p.fileBytes)).toFixed(0)}% of file, ` +
              `${Math.round(p.records / s).toLocaleString('en-US')} rec/s, rss ${(process.memoryUsage.rss() / MB).toFixed(0)} MB`,
          );
        }
      },
      onWarning: (w) => {
        warnings++;
        if (firstWarnings.length < 5) firstWarnings.push(`${w.file}:${w.line ?? '-'} ${w.code} ${w.message}`);
      },
    });
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    log(`  ${label} FAILED: ${error}`);
  } finally {
    wallSeconds = (performance.now() - started) / 1000;
    dbBytes = fileSize(dbPath);
    walBytes = fileSize(`${dbPath}-wal`);
    const closing = performance.now();
    db.close();
    closeSeconds = (performance.now() - closing) / 1000;
  }
  const tailSeconds = lastProgressAt === null ? null : (started + wallSeconds * 1000 - lastProgressAt) / 1000;
  const rss = sampler.stop();
  const files = report?.files ?? [];
  const sum = (f: (r: (typeof files)[number]) => number): number => files.reduce((n, r) => n + f(r), 0);
  const records = sum((r) => r.records);
  const eventsNew = sum((r) => r.eventsNew);
  const eventsPerSecond = eventsNew / wallSeconds;
  for (const w of firstWarnings) log(`  warning: ${w}`);
  return {
    container: gzip ? 'gzip' : 'ndjson',
    file: path,
    records,
    eventsNew,
    eventsDuplicate: sum((r) => r.eventsDuplicate),
    rejects: sum((r) => r.rejects),
    warnings,
    firstWarnings,
    status: files.map((r) => `${r.status}${r.note ? ` (${r.note})` : ''}`),
    correlation: report?.correlation ?? null,
    inputBytes: statSync(path).size,
    uncompressedBytes,
    wallSeconds,
    tailSeconds,
    closeSeconds,
    eventsPerSecond,
    mbPerSecond: uncompressedBytes / MB / wallSeconds,
    startRssBytes: rss.startRssBytes,
    peakSampledRssBytes: rss.peakSampledBytes,
    maxRssSoFarBytes: rss.maxRssSoFarBytes,
    dbBytes,
    walBytes,
    dbBytesPerEvent: eventsNew ? (dbBytes + walBytes) / eventsNew : 0,
    dbBytesAfterClose: fileSize(dbPath) + fileSize(`${dbPath}-wal`),
    storeToInputRatio: (dbBytes + walBytes) / uncompressedBytes,
    ratioToFloor: floors.same ? eventsPerSecond / floors.same.eventsPerSecond : null,
    ratioToNdjsonFloor: floors.ndjson ? eventsPerSecond / floors.ndjson.eventsPerSecond : null,
    ...(error ? { error } : {}),
  };
}

interface TraceResult {
  readonly count: number;
  readonly errors: number;
  readonly firstErrors: string[];
  readonly openMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly firstMs: number;
  readonly verdicts: Record<string, number>;
  /** Generator ground truth (what the action should trace back to) × attrib's verdict. */
  readonly rootVsVerdict: Record<string, Record<string, number>>;
  readonly meanChainSteps: number;
  readonly gaps: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function measureTrace(dbPath: string, sample: readonly SampledAction[], count: number, seed: number): TraceResult {
  gc();
  // A seeded shuffle of the generator's sample: the same actions on every run with the same parameters.
  const rng = new Rng(seed ^ 0x7ace);
  const pool = [...sample];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const chosen = pool.slice(0, count);
  const opening = performance.now();
  const db = openStore(dbPath);
  const openMs = performance.now() - opening;
  const times: number[] = [];
  const verdicts: Record<string, number> = {};
  const rootVsVerdict: Record<string, Record<string, number>> = {};
  const firstErrors: string[] = [];
  let errors = 0;
  let steps = 0;
  let gaps = 0;
  try {
    for (const action of chosen) {
      const t0 = performance.now();
      let verdict: string;
      try {
        const doc = traceAction(db, `cloudtrail:${action.id}`);
        times.push(performance.now() - t0);
        verdict = doc.verdict.kind;
        steps += doc.chain.length;
        gaps += doc.gaps.length;
      } catch (e) {
        times.push(performance.now() - t0);
        errors++;
        verdict = 'error';
        if (firstErrors.length < 5) firstErrors.push(`${action.id}: ${e instanceof Error ? e.message : String(e)}`);
      }
      verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
      const row = (rootVsVerdict[action.root] ??= {});
      row[verdict] = (row[verdict] ?? 0) + 1;
    }
  } finally {
    db.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  for (const e of firstErrors) log(`  trace error: ${e}`);
  return {
    count: chosen.length,
    errors,
    firstErrors,
    openMs,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? 0,
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    firstMs: times[0] ?? 0,
    verdicts,
    rootVsVerdict,
    meanChainSteps: steps / Math.max(1, chosen.length - errors),
    gaps,
  };
}

// ---------------------------------------------------------------- output

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function fmt(n: number | null | undefined, digits = 1): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function render(result: BenchResult): string {
  const { bundle, floors, imports, trace, machine } = result;
  const out: string[] = [];
  out.push('');
  out.push(
    `attrib bench — ${fmtInt(bundle.records)} generated CloudTrail records: ${fmt(bundle.bytes / MB)} MB NDJSON ` +
      `(${fmtInt(bundle.bytes / bundle.records)} B/record), ${fmt(bundle.gzBytes / MB)} MB gzip; ` +
      `${fmt((100 * bundle.counts.issuance) / bundle.records, 1)}% issuance events, chains up to ${bundle.counts.maxChainDepth} deep`,
  );
  out.push(`machine: ${machine.cpuModel} × ${machine.cpuCount}, ${fmt(machine.totalMemBytes / 1024 ** 3)} GiB RAM, node ${machine.node}, ${machine.platform} ${machine.release}, SQLite ${machine.sqlite}`);
  out.push(
    `load average (1 min) ${fmt(machine.loadavgStart[0], 2)} at start, ${fmt(machine.loadavgEnd[0], 2)} at end` +
      `${machine.cpuPressureEnd ? `; CPU pressure at end: ${machine.cpuPressureEnd}` : ''}`,
  );
  out.push('');
  const rows: string[][] = [];
  for (const f of [floors.ndjson, floors.gzip]) {
    if (!f) continue;
    rows.push([
      `floor ${f.container} (${f.container === 'gzip' ? 'gunzip+' : 'read+'}split+JSON.parse)`, fmtInt(f.records), fmt(f.wallSeconds, 2), fmtInt(f.eventsPerSecond), fmt(f.mbPerSecond),
      fmt(f.startRssBytes / MB, 0), fmt(f.peakSampledRssBytes / MB, 0), fmt(f.maxRssSoFarBytes / MB, 0), '–', '–', '–',
    ]);
  }
  for (const r of [imports.ndjson, imports.gzip]) {
    if (!r) continue;
    rows.push([
      `attrib import ${r.container}${r.error ? ' (FAILED)' : ''}`, fmtInt(r.eventsNew), fmt(r.wallSeconds, 2), fmtInt(r.eventsPerSecond), fmt(r.mbPerSecond),
      fmt(r.startRssBytes / MB, 0), fmt(r.peakSampledRssBytes / MB, 0), fmt(r.maxRssSoFarBytes / MB, 0), fmtInt(r.dbBytesPerEvent), fmt(r.tailSeconds, 2), fmt(r.ratioToFloor, 3),
    ]);
  }
  out.push(
    table(['phase', 'events', 'wall s', 'events/s', 'MB/s', 'RSS start', 'RSS peak', 'maxRSS', 'db B/event', 'tail s', '÷ floor'], rows),
  );
  out.push('');
  out.push('  MB = 10^6 bytes. MB/s: uncompressed input. RSS (MB): at the phase start, peak sampled every 50 ms during it, and the');
  out.push('  process high-water mark (resourceUsage().maxRSS) at its end — it only grows, so it is exact for the first phase that reaches it.');
  out.push('  db B/event: (db + wal bytes right after import) / events. tail s: after the last record batch was read (final flush + correlation).');
  out.push('  ÷ floor: import events/s over the floor of the same container (ndjson vs ndjson, gzip vs gzip).');
  for (const r of [imports.ndjson, imports.gzip]) {
    if (!r) continue;
    out.push(
      `  import ${r.container}: ${fmtInt(r.records)} records, ${fmtInt(r.eventsNew)} new, ${fmtInt(r.eventsDuplicate)} duplicate, ${fmtInt(r.rejects)} rejected, ` +
        `${fmtInt(r.warnings)} warnings; store ${fmt((r.dbBytes + r.walBytes) / MB)} MB (${fmt(r.storeToInputRatio, 2)} × input; ${fmt(r.dbBytesAfterClose / MB)} MB after close, close ${fmt(r.closeSeconds, 2)} s)` +
        `${r.ratioToNdjsonFloor !== null ? `; ÷ ndjson floor ${fmt(r.ratioToNdjsonFloor, 3)}` : ''}`,
    );
    if (r.correlation) out.push(`    correlation: ${fmtInt(r.correlation.events)} events, links ${JSON.stringify(r.correlation.links)}`);
    if (r.error) out.push(`    error: ${r.error}`);
  }
  if (trace) {
    out.push('');
    out.push(
      `trace (${trace.count} random actions, in-process): p50 ${fmt(trace.p50Ms, 2)} ms, p95 ${fmt(trace.p95Ms, 2)} ms, p99 ${fmt(trace.p99Ms, 2)} ms, ` +
        `max ${fmt(trace.maxMs, 2)} ms (first ${fmt(trace.firstMs, 2)} ms); store open ${fmt(trace.openMs, 2)} ms; ${trace.errors} errors`,
    );
    out.push(`  verdicts: ${Object.entries(trace.verdicts).map(([k, v]) => `${k} ${v}`).join(', ')}; mean chain ${fmt(trace.meanChainSteps, 2)} steps; ${trace.gaps} gaps`);
    const verdictKinds = [...new Set(Object.values(trace.rootVsVerdict).flatMap((r) => Object.keys(r)))].sort();
    const rootRows = Object.entries(trace.rootVsVerdict)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([root, row]) => [root, ...verdictKinds.map((k) => (row[k] ? String(row[k]) : '·'))]);
    out.push('');
    out.push('  generator truth (rows) × attrib verdict (columns):');
    out.push(table(['  root', ...verdictKinds], rootRows.map(([first, ...rest]) => [`  ${first}`, ...rest])));
  }
  out.push('');
  out.push(`process peak RSS (maxRSS of the whole run; the data is generated in a child process): ${fmt(result.process.maxRssBytes / MB, 0)} MB`);
  out.push(`result: ${relative(process.cwd(), result.resultFile) || result.resultFile}`);
  out.push('');
  return out.join('\n');
}

interface BenchResult {
  schema: 'attrib.bench/1';
  startedAt: string;
  finishedAt: string;
  resultFile: string;
  options: { records: number; seed: number; traces: number; phases: Phase[] };
  machine: {
    cpuModel: string;
    cpuCount: number;
    totalMemBytes: number;
    platform: string;
    release: string;
    arch: string;
    node: string;
    v8: string;
    sqlite: string;
    exposeGc: boolean;
    /** Other work on the machine skews every figure: 1-minute load average and CPU pressure at start and end. */
    loadavgStart: number[];
    loadavgEnd: number[];
    cpuPressureStart: string | null;
    cpuPressureEnd: string | null;
  };
  bundle: {
    ndjson: string;
    gz: string;
    records: number;
    bytes: number;
    gzBytes: number;
    bytesPerRecord: number;
    reused: boolean;
    generateSeconds: number;
    gzipSeconds: number;
    counts: Bundle['counts'];
  };
  floors: { ndjson?: FloorResult; gzip?: FloorResult };
  imports: { ndjson?: ImportResult; gzip?: ImportResult };
  trace?: TraceResult;
  process: { maxRssBytes: number };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const params = { records: options.records, seed: options.seed };
  if (options.generateOnly) {
    await ensureBundle(OUT_DIR, params, log);
    return;
  }
  if (!(globalThis as { gc?: unknown }).gc) log('note: run with node --expose-gc (npm run bench does) to collect garbage between phases');
  // Generate in a child process, so that this process's RSS high-water mark is the measurements' alone.
  if (!existingBundle(OUT_DIR, params)) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--generate-only', '--records', String(params.records), '--seed', String(params.seed)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`generating the bundle failed (exit ${child.status ?? child.signal ?? '?'})`);
  }
  const bundle = await ensureBundle(OUT_DIR, params, log);
  const sqliteDb = openStore(':memory:');
  const sqlite = (sqliteDb.prepare('select sqlite_version() as v').get() as { v: string }).v;
  sqliteDb.close();
  const cpu = cpus();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const result: BenchResult = {
    schema: 'attrib.bench/1',
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    resultFile: join(OUT_DIR, `result-${stamp}.json`),
    options: { records: options.records, seed: options.seed, traces: options.traces, phases: [...options.phases] },
    machine: {
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      cpuCount: cpu.length,
      totalMemBytes: totalmem(),
      platform: platform(),
      release: release(),
      arch: arch(),
      node: process.version,
      v8: process.versions.v8,
      sqlite,
      exposeGc: !!(globalThis as { gc?: unknown }).gc,
      loadavgStart: loadavg(),
      loadavgEnd: [],
      cpuPressureStart: cpuPressure(),
      cpuPressureEnd: null,
    },
    bundle: {
      ndjson: relative(PROJECT_ROOT, bundle.ndjson),
      gz: relative(PROJECT_ROOT, bundle.gz),
      records: bundle.params.records,
      bytes: bundle.bytes,
      gzBytes: bundle.gzBytes,
      bytesPerRecord: bundle.bytes / bundle.params.records,
      reused: !!bundle.reused,
      generateSeconds: bundle.generateSeconds,
      gzipSeconds: bundle.gzipSeconds,
      counts: bundle.counts,
    },
    floors: {},
    imports: {},
    process: { maxRssBytes: 0 },
  };

  if (options.phases.has('floor')) {
    log('floor: ndjson (read + split + JSON.parse)…');
    result.floors.ndjson = await floor(bundle.ndjson, false, bundle.bytes);
    log(`  ${fmtInt(result.floors.ndjson.eventsPerSecond)} records/s, ${fmt(result.floors.ndjson.mbPerSecond)} MB/s`);
    log('floor: gzip (gunzip + split + JSON.parse)…');
    result.floors.gzip = await floor(bundle.gz, true, bundle.bytes);
    log(`  ${fmtInt(result.floors.gzip.eventsPerSecond)} records/s, ${fmt(result.floors.gzip.mbPerSecond)} MB/s`);
  }

  const work = mkdtempSync(join(options.tmp, 'attrib-bench-'));
  const ndjsonDb = join(work, 'ndjson.db');
  const gzDb = join(work, 'gzip.db');
  try {
    if (options.phases.has('import-ndjson') || options.phases.has('trace')) {
      log(`import ndjson → ${ndjsonDb}…`);
      const r = await measureImport(bundle.ndjson, false, bundle.bytes, ndjsonDb, { same: result.floors.ndjson, ndjson: result.floors.ndjson });
      if (options.phases.has('import-ndjson')) result.imports.ndjson = r;
      log(`  ${fmtInt(r.eventsPerSecond)} events/s, ${fmt(r.wallSeconds, 1)} s, ${fmt(r.dbBytesPerEvent, 0)} B/event`);
    }
    if (options.phases.has('trace')) {
      log(`trace: ${options.traces} random actions…`);
      result.trace = measureTrace(ndjsonDb, bundle.sample, options.traces, options.seed);
      log(`  p50 ${fmt(result.trace.p50Ms, 2)} ms, p95 ${fmt(result.trace.p95Ms, 2)} ms`);
    }
    if (!options.keepDb) rmSync(ndjsonDb, { force: true });
    if (options.phases.has('import-gz')) {
      log(`import gzip → ${gzDb}…`);
      const r = await measureImport(bundle.gz, true, bundle.bytes, gzDb, { same: result.floors.gzip, ndjson: result.floors.ndjson });
      result.imports.gzip = r;
      log(`  ${fmtInt(r.eventsPerSecond)} events/s, ${fmt(r.wallSeconds, 1)} s, ${fmt(r.dbBytesPerEvent, 0)} B/event`);
    }
  } finally {
    if (options.keepDb) log(`stores kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }

  result.process.maxRssBytes = maxRss();
  result.machine.loadavgEnd = loadavg();
  result.machine.cpuPressureEnd = cpuPressure();
  result.finishedAt = new Date().toISOString();
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(result.resultFile, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(render(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
