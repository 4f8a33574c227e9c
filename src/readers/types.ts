// What readers hand to the rest of the pipeline: parsed records, or the bytes that would not parse.
import type { Provenance } from '../model/types.js';

export interface RawRecord {
  readonly ok: true;
  readonly value: unknown;
  readonly prov: Provenance;
  /** Set when a record-level envelope was removed (EventBridge, LookupEvents). */
  readonly envelope?: string;
}

export type UnreadableCode =
  /** Text that is not JSON. */
  | 'BAD_JSON'
  /** A record wrapper (LookupEvents' CloudTrailEvent string…) that does not hold a record. */
  | 'BAD_ENVELOPE'
  /** A line (NDJSON) longer than `maxLineChars`. */
  | 'LINE_TOO_LONG'
  /** One record inside a document longer than `maxLineChars`. */
  | 'RECORD_TOO_LONG'
  /** The input ends inside a records array or record: a cut-short file or gzip stream. */
  | 'TRUNCATED'
  /** The gzip data itself is corrupt. */
  | 'BAD_GZIP'
  /** The file could not be read to its end (I/O error). */
  | 'READ_ERROR';

export interface UnreadableRecord {
  readonly ok: false;
  readonly code: UnreadableCode;
  readonly message: string;
  readonly text: string;
  readonly prov: Provenance;
}

export type ReadItem = RawRecord | UnreadableRecord;

/** A reader-level failure that ends a file early (truncated gzip…); records before it are kept. */
export interface StreamFault {
  readonly code: 'TRUNCATED' | 'BAD_GZIP' | 'READ_ERROR';
  readonly message: string;
  /** Characters of decoded input read before the fault. */
  readonly offset: number;
  /** The line the input stopped in. */
  readonly line: number;
}

export interface ReadLimits {
  /** Longest line (or single record, or JSON document without a records array) accepted, in characters. */
  readonly maxLineChars: number;
  /** Bytes read from disk at a time (default 1 MiB). Small values let tests cross chunk boundaries. */
  readonly chunkBytes?: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxLineChars: 256 * 1024 * 1024,
};

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
