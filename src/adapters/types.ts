// The contract between the pipeline and a source format: detect a record, turn it into normalized events.
import type { NormalizedEvent } from '../model/types.js';

export interface AdapterReject {
  readonly ok: false;
  /** SCREAMING_SNAKE code stored with the reject: MISSING_FIELD, BAD_TIME, NOT_AN_OBJECT… */
  readonly code: string;
  readonly message: string;
}

export interface AdapterEvents {
  readonly ok: true;
  readonly events: readonly NormalizedEvent[];
}

export type AdapterResult = AdapterEvents | AdapterReject;

export interface Adapter {
  /** The one name of the format: registry key, `--format` value, `format` column, fixtures folder. */
  readonly name: string;
  readonly title: string;
  /** Containers this adapter's files come in, for `attrib formats`. */
  readonly containers: readonly string[];
  /**
   * Formats that one delivery mixes record by record (an Azure diagnostic-settings Event Hub stream carries
   * sign-ins, audit and activity records side by side): a file claimed by several adapters of one family
   * is read with each record going to the adapter that claims it.
   */
  readonly family?: string;
  /** The keys `detect` checks, for `attrib formats`. */
  readonly detectionKeys: readonly string[];
  /** Cheap and conservative: true only when the record carries this format's marking keys. */
  detect(record: unknown): boolean;
  /** Pure: one raw record → events, or a reject saying what is wrong with it. */
  parse(record: unknown): AdapterResult;
}

export function reject(code: string, message: string): AdapterReject {
  return { ok: false, code, message };
}
