// What readers hand to the rest of the pipeline: parsed records, or the bytes that would not parse.
import type { Provenance } from '../model/types.js';

export interface RawRecord {
  readonly ok: true;
  readonly value: unknown;
  readonly prov: Provenance;
  /** Set when a record-level envelope was removed (EventBridge, LookupEvents). */
  readonly envelope?: string;
}

export interface UnreadableRecord {
  readonly ok: false;
  readonly code: 'BAD_JSON' | 'BAD_ENVELOPE' | 'LINE_TOO_LONG';
  readonly message: string;
  readonly text: string;
  readonly prov: Provenance;
}

export type ReadItem = RawRecord | UnreadableRecord;

/** A reader-level failure that ends a file early (truncated gzip…); records before it are kept. */
export interface StreamFault {
  readonly message: string;
  /** Bytes of decoded input read before the fault. */
  readonly offset: number;
  readonly line: number;
}

export interface ReadLimits {
  /** Longest line (or single JSON document) accepted, in characters. */
  readonly maxLineChars: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxLineChars: 256 * 1024 * 1024,
};
