// `attrib sources`: the import ledger, as a responder reads it.
import { listFiles } from '../store/ledger.js';
import type { Db } from '../store/open.js';

export interface SourceRow {
  readonly path: string;
  readonly format: string | null;
  readonly status: string;
  readonly records: number;
  readonly events_new: number;
  readonly events_duplicate: number;
  readonly rejects: number;
  readonly first_time: string | null;
  readonly last_time: string | null;
  readonly size: number;
  readonly sha256: string;
  readonly imported_at: string;
  readonly note: string | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function listSources(db: Db): SourceRow[] {
  return listFiles(db).map((f) => ({
    path: f.path,
    format: f.format,
    status: f.status,
    records: f.records,
    events_new: f.events_new,
    events_duplicate: f.events_duplicate,
    rejects: f.rejects,
    first_time: iso(f.first_time),
    last_time: iso(f.last_time),
    size: f.size,
    sha256: f.sha256,
    imported_at: f.imported_at,
    note: f.note,
  }));
}
