// A linker reads events stored since the last correlation and records the links it can justify.
import type { Db } from '../../store/open.js';

export interface LinkerRun {
  /** Events with seq above this were stored since the last correlation. */
  readonly afterSeq: number;
}

export interface Linker {
  readonly name: string;
  readonly method: 'exact' | 'inferred';
  /** Returns how many links it wrote or changed. */
  run(db: Db, run: LinkerRun): number;
}
