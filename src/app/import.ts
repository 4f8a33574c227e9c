// `attrib import`: files and folders → detected, normalized, stored, correlated. Idempotent and resumable.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { adapterByName, detectFormat, DETECTION_SAMPLE, skippedKind } from '../adapters/registry.js';
import type { Adapter } from '../adapters/types.js';
import { correlate, type CorrelationReport } from '../correlate/index.js';
import { AttribError } from '../errors.js';
import { redactSecrets } from '../adapters/shared/redact.js';
import { FileRecordReader, MAX_REJECT_TEXT } from '../readers/file-records.js';
import { DEFAULT_READ_LIMITS, type ReadItem, type ReadLimits, type StreamFault } from '../readers/types.js';
import { listInputFiles, type WalkNote } from '../readers/walk.js';
import { beginFile, fileBySha, finishFile, recordFileOutcome } from '../store/ledger.js';
import type { Db } from '../store/open.js';
import { EventWriter, type PendingEvent, type PendingReject } from '../store/writer.js';

export type FileStatus = 'imported' | 'already-imported' | 'skipped' | 'unrecognized' | 'ambiguous' | 'failed';

export interface FileReport {
  readonly path: string;
  readonly format: string | null;
  readonly status: FileStatus;
  readonly records: number;
  readonly eventsNew: number;
  readonly eventsDuplicate: number;
  readonly rejects: number;
  readonly note: string | null;
}

export interface ImportProgress {
  readonly file: string;
  readonly fileIndex: number;
  readonly fileCount: number;
  readonly fileBytes: number;
  readonly bytesRead: number;
  readonly records: number;
}

export interface ImportWarning {
  readonly file: string;
  readonly line: number | null;
  readonly code: string;
  readonly message: string;
}

export interface ImportOptions {
  /** The input format, overriding detection. */
  readonly format?: string;
  /** Stop at the first rejected record. */
  readonly strict?: boolean;
  readonly limits?: ReadLimits;
  readonly batchSize?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly onWarning?: (warning: ImportWarning) => void;
}

export interface ImportReport {
  readonly files: FileReport[];
  readonly notes: WalkNote[];
  readonly correlation: CorrelationReport;
}

const DEFAULT_BATCH = 2000;

/** Detection gives up after this many leading items without enough readable records (a file of non-JSON text). */
const MAX_SAMPLE_ITEMS = DETECTION_SAMPLE * 10;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function rejectOf(item: ReadItem & { ok: false }): PendingReject {
  return { prov: item.prov, code: item.code, message: item.message, raw: item.text };
}

/** A record the adapter refused is stored as text: its secrets are redacted as the adapter would have. */
function rawText(value: unknown): string {
  const text = JSON.stringify(redactSecrets(value)) ?? String(value);
  return text.length > MAX_REJECT_TEXT ? `${text.slice(0, MAX_REJECT_TEXT)}…` : text;
}

export async function importPaths(db: Db, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  const forced = options.format ? adapterByName(options.format) : undefined;
  const { files, notes } = await listInputFiles(paths);
  const writer = new EventWriter(db);
  const reports: FileReport[] = [];
  for (const [index, file] of files.entries()) {
    reports.push(await importFile(db, writer, file, index, files.length, forced, options));
  }
  const correlation = correlate(db);
  return { files: reports, notes, correlation };
}

async function importFile(
  db: Db,
  writer: EventWriter,
  path: string,
  fileIndex: number,
  fileCount: number,
  forced: Adapter | undefined,
  options: ImportOptions,
): Promise<FileReport> {
  const empty = { records: 0, eventsNew: 0, eventsDuplicate: 0, rejects: 0 };
  let size: number;
  let sha256: string;
  try {
    size = (await stat(path)).size;
    sha256 = await sha256Of(path);
  } catch (error) {
    const note = `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    options.onWarning?.({ file: path, line: null, code: 'FILE_UNREADABLE', message: note });
    return { path, format: null, status: 'failed', ...empty, note };
  }
  const known = fileBySha(db, sha256);
  if (known && (known.status === 'complete' || (known.status === 'skipped' && !forced))) {
    return {
      path,
      format: known.format,
      status: known.status === 'complete' ? 'already-imported' : 'skipped',
      ...empty,
      note: known.status === 'complete'
        ? `already imported${known.path !== path ? ` as ${known.path}` : ''} at ${known.completed_at ?? known.imported_at}; nothing to do`
        : known.note,
    };
  }

  const reader = new FileRecordReader(path, options.limits ?? DEFAULT_READ_LIMITS);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let adapter: Adapter | undefined = forced;
  let fileId = -1;
  const sample: ReadItem[] = [];
  let events: PendingEvent[] = [];
  let rejects: PendingReject[] = [];
  let records = 0;
  let eventsNew = 0;
  let eventsDuplicate = 0;
  let rejectCount = 0;
  let resumedEvents = 0;
  // An import of this file that was killed (or stopped by --strict) left rows behind: this run completes it.
  const resumed = known?.status === 'importing' || known?.status === 'failed';
  let firstTime: number | null = null;
  let lastTime: number | null = null;

  const flush = (): void => {
    if (!events.length && !rejects.length) return;
    const result = writer.write(fileId, events, rejects);
    eventsNew += result.inserted + result.resumed;
    resumedEvents += result.resumed;
    eventsDuplicate += result.duplicate;
    rejectCount += result.conflicts.length;
    for (const c of result.conflicts) {
      options.onWarning?.({ file: path, line: c.prov.line ?? null, code: c.code, message: c.message });
    }
    events = [];
    rejects = [];
  };
  const addReject = (r: PendingReject): void => {
    rejectCount++;
    rejects.push(r);
    options.onWarning?.({ file: path, line: r.prov.line ?? null, code: r.code, message: r.message });
    if (options.strict) {
      flush();
      finishFile(db, fileId, 'failed', counts(), `stopped at the first rejected record (--strict): ${r.code}`);
      throw new AttribError('BAD_RECORD', `${path}:${r.prov.line ?? `record ${r.prov.index}`}: ${r.code} ${r.message}`, {
        hint: 'fix or remove the record, or import without --strict to keep going (rejects are kept in the store)',
      });
    }
  };
  const counts = () => ({
    records,
    events_new: eventsNew,
    events_duplicate: eventsDuplicate,
    rejects: rejectCount,
    first_time: firstTime,
    last_time: lastTime,
  });
  const handle = (item: ReadItem, chosen: Adapter): void => {
    records++;
    if (!item.ok) {
      addReject(rejectOf(item));
      return;
    }
    let result;
    try {
      result = chosen.parse(item.value);
    } catch (error) {
      addReject({ prov: item.prov, code: 'ADAPTER_CRASH', message: `${chosen.name} adapter failed: ${(error as Error).message}`, raw: rawText(item.value) });
      return;
    }
    if (!result.ok) {
      addReject({ prov: item.prov, code: result.code, message: result.message, raw: rawText(item.value) });
      return;
    }
    for (const event of result.events) {
      events.push({ event, prov: item.prov });
      if (firstTime === null || event.time < firstTime) firstTime = event.time;
      if (lastTime === null || event.time > lastTime) lastTime = event.time;
    }
    if (events.length >= batchSize) flush();
  };
  /** A file that yielded no readable record before its stream broke: report the fault, keep what was cut. */
  const unreadable = (fault: StreamFault): FileReport => {
    const note = `${fault.message} at line ${fault.line}; no complete record before it`;
    fileId = beginFile(db, { path, size, sha256, format: forced?.name ?? null });
    for (const item of sample) {
      records++;
      if (!item.ok) addReject(rejectOf(item));
    }
    flush();
    finishFile(db, fileId, 'failed', counts(), note);
    return { path, format: null, status: 'failed', ...empty, records, rejects: rejectCount, note };
  };
  /** Decides the adapter from the sample; returns a report when the file is not imported. */
  const decide = (): FileReport | undefined => {
    const values = sample.filter((i): i is ReadItem & { ok: true } => i.ok).map((i) => i.value);
    if (!values.length && reader.fault) return unreadable(reader.fault);
    const skip = values.length ? skippedKind(values[0]) : undefined;
    if (skip && !forced) {
      recordFileOutcome(db, { path, size, sha256, format: null }, 'skipped', `skipped: ${skip}`);
      return { path, format: null, status: 'skipped', ...empty, note: `skipped: ${skip}` };
    }
    if (!adapter) {
      const detection = detectFormat(values);
      if (!detection.ok) {
        const firstBad = values.length ? undefined : sample.find((i): i is ReadItem & { ok: false } => !i.ok);
        const why = firstBad ? `none of its first ${sample.length} records is readable (line ${firstBad.prov.line ?? '?'}: ${firstBad.message})` : detection.message;
        const message =
          detection.code === 'UNRECOGNIZED_FORMAT'
            ? `unrecognized format: ${why}; run \`attrib formats\` to see what attrib reads, or name the format with --format`
            : `ambiguous format: ${detection.message}; name the format with --format`;
        options.onWarning?.({ file: path, line: null, code: detection.code, message });
        recordFileOutcome(db, { path, size, sha256, format: null }, 'failed', message);
        return {
          path,
          format: null,
          status: detection.code === 'UNRECOGNIZED_FORMAT' ? 'unrecognized' : 'ambiguous',
          ...empty,
          note: message,
        };
      }
      adapter = detection.adapter;
    }
    fileId = beginFile(db, { path, size, sha256, format: adapter.name });
    for (const item of sample) handle(item, adapter);
    return undefined;
  };

  let decided = false;
  let readable = 0;
  for await (const batch of reader.batches()) {
    for (const item of batch) {
      if (!decided) {
        sample.push(item);
        if (item.ok) readable++;
        // Bounded: a large file of non-JSON text must not be held whole while waiting for readable records.
        if (readable < DETECTION_SAMPLE && sample.length < MAX_SAMPLE_ITEMS) continue;
        decided = true;
        const early = decide();
        if (early) return early;
        continue;
      }
      handle(item, adapter!);
    }
    options.onProgress?.({ file: path, fileIndex, fileCount, fileBytes: size, bytesRead: reader.bytesRead, records });
  }
  if (!decided) {
    if (!sample.length) {
      const note = 'empty file: no records';
      recordFileOutcome(db, { path, size, sha256, format: forced?.name ?? null }, 'skipped', note);
      return { path, format: forced?.name ?? null, status: 'skipped', ...empty, note };
    }
    const early = decide();
    if (early) return early;
  }
  // The fault itself arrived as a rejected item (with the text it cut short); here it only becomes the note.
  const notes: string[] = [];
  if (resumed && resumedEvents) notes.push(`completed an import that had been interrupted (${resumedEvents} event(s) were already stored)`);
  if (reader.fault) notes.push(`${reader.fault.message} at line ${reader.fault.line}; the records before it were imported`);
  const note = notes.length ? notes.join('; ') : null;
  flush();
  finishFile(db, fileId, 'complete', counts(), note);
  return { path, format: adapter!.name, status: 'imported', records, eventsNew, eventsDuplicate, rejects: rejectCount, note };
}
