// The import ledger: which files were read, with what content hash, and how their import went.
import type { Db } from './open.js';
import { cached } from './statements.js';

export type FileStatus = 'importing' | 'complete' | 'skipped' | 'failed';

export interface FileRow {
  readonly id: number;
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly format: string | null;
  readonly status: FileStatus;
  readonly records: number;
  readonly events_new: number;
  readonly events_duplicate: number;
  readonly rejects: number;
  readonly first_time: number | null;
  readonly last_time: number | null;
  readonly note: string | null;
  readonly imported_at: string;
  readonly completed_at: string | null;
}

export function fileBySha(db: Db, sha256: string): FileRow | undefined {
  return cached(db, 'SELECT * FROM files WHERE sha256 = ?').get(sha256) as FileRow | undefined;
}

/** Starts (or restarts, for an import that did not finish) a file's ledger entry. */
export function beginFile(db: Db, entry: { path: string; size: number; sha256: string; format: string | null }): number {
  const now = new Date().toISOString();
  const existing = fileBySha(db, entry.sha256);
  if (existing) {
    cached(db, "UPDATE files SET path = ?, format = ?, status = 'importing', imported_at = ? WHERE id = ?").run(
      entry.path,
      entry.format,
      now,
      existing.id,
    );
    return existing.id;
  }
  const result = cached(db, "INSERT INTO files (path, size, sha256, format, status, imported_at) VALUES (?, ?, ?, ?, 'importing', ?)")
    .run(entry.path, entry.size, entry.sha256, entry.format, now);
  return Number(result.lastInsertRowid);
}

export interface FileCounts {
  readonly records: number;
  readonly events_new: number;
  readonly events_duplicate: number;
  readonly rejects: number;
  readonly first_time: number | null;
  readonly last_time: number | null;
}

export function finishFile(db: Db, id: number, status: FileStatus, counts: FileCounts, note: string | null): void {
  cached(db, 
    `UPDATE files SET status = ?, records = ?, events_new = ?, events_duplicate = ?, rejects = ?,
       first_time = ?, last_time = ?, note = ?, completed_at = ? WHERE id = ?`,
  ).run(
    status,
    counts.records,
    counts.events_new,
    counts.events_duplicate,
    counts.rejects,
    counts.first_time,
    counts.last_time,
    note,
    new Date().toISOString(),
    id,
  );
}

/** Files recorded without events: skipped (digests) or failed (unrecognized format). */
export function recordFileOutcome(
  db: Db,
  entry: { path: string; size: number; sha256: string; format: string | null },
  status: 'skipped' | 'failed',
  note: string,
): void {
  const id = beginFile(db, entry);
  finishFile(db, id, status, { records: 0, events_new: 0, events_duplicate: 0, rejects: 0, first_time: null, last_time: null }, note);
}

export function listFiles(db: Db): FileRow[] {
  return cached(db, 'SELECT * FROM files ORDER BY id').all() as FileRow[];
}
