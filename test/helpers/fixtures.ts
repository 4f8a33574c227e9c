// Adapter test helpers: fixture files read through the real reader and parsed with one adapter, as an import does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { azureActivity } from '../../src/adapters/azure-activity.js';
import { cloudtrail } from '../../src/adapters/cloudtrail.js';
import { entraAudit } from '../../src/adapters/entra-audit.js';
import { entraSignin } from '../../src/adapters/entra-signin.js';
import { graphActivity } from '../../src/adapters/graph-activity.js';
import { gwsToken } from '../../src/adapters/gws-token.js';
import { okta } from '../../src/adapters/okta.js';
import { DETECTION_SAMPLE, detectFormat } from '../../src/adapters/registry.js';
import type { Adapter } from '../../src/adapters/types.js';
import type { NormalizedEvent, PrincipalRef } from '../../src/model/types.js';
import { FileRecordReader } from '../../src/readers/file-records.js';
import type { RawRecord, UnreadableRecord } from '../../src/readers/types.js';
import { ROOT } from './store.js';

/** What the reader makes of one fixture file: the records in file order, and the items it could not read. */
export interface FixtureRead {
  /** Every readable item, with its provenance and envelope mark. */
  readonly items: RawRecord[];
  /** The record values, as adapters get them. */
  readonly records: unknown[];
  /** The envelope each record was unwrapped from (`eventbridge`, `lookup-events`…), or undefined. */
  readonly envelopes: Array<string | undefined>;
  /** The line each record starts on. */
  readonly lines: Array<number | undefined>;
  readonly unreadable: UnreadableRecord[];
}

/** One record an adapter rejected, placed by its line and its index in the file. */
export interface FixtureReject {
  readonly line: number | undefined;
  readonly index: number;
  readonly code: string;
  readonly message: string;
}

/** A fixture file read and parsed with one adapter: the events of every accepted record, and the rejects. */
export interface ParsedFixture extends FixtureRead {
  readonly events: NormalizedEvent[];
  readonly rejects: FixtureReject[];
}

/** Reads a fixture through the real reader (`FileRecordReader.batches()`), keeping unreadable items rather than throwing. */
export async function readFixture(path: string): Promise<FixtureRead> {
  const out: FixtureRead = { items: [], records: [], envelopes: [], lines: [], unreadable: [] };
  for await (const batch of new FileRecordReader(path).batches()) {
    for (const item of batch) {
      if (!item.ok) {
        out.unreadable.push(item);
        continue;
      }
      out.items.push(item);
      out.records.push(item.value);
      out.envelopes.push(item.envelope);
      out.lines.push(item.prov.line);
    }
  }
  return out;
}

/** The records of a fixture that must read cleanly: throws on the first unreadable item. */
export async function cleanRecords(path: string): Promise<unknown[]> {
  const { records, unreadable } = await readFixture(path);
  const [bad] = unreadable;
  if (bad) throw new Error(`${path}: unreadable record (${bad.code}: ${bad.message})`);
  return records;
}

/** Reads a fixture and parses every record with `adapter`: events in file order, rejects with their line. */
export async function parseFixture(adapter: Adapter, path: string): Promise<ParsedFixture> {
  const read = await readFixture(path);
  const out: ParsedFixture = { ...read, events: [], rejects: [] };
  for (const item of read.items) {
    const result = adapter.parse(item.value);
    if (result.ok) out.events.push(...result.events);
    else out.rejects.push({ line: item.prov.line, index: item.prov.index, code: result.code, message: result.message });
  }
  return out;
}

/** The events of a fixture that must import cleanly: throws on any unreadable record or reject. */
export async function cleanEvents(adapter: Adapter, path: string): Promise<NormalizedEvent[]> {
  const events: NormalizedEvent[] = [];
  for (const value of await cleanRecords(path)) {
    const result = adapter.parse(value);
    if (!result.ok) throw new Error(`${path}: reject ${result.code}: ${result.message}`);
    events.push(...result.events);
  }
  return events;
}

/** `parseFixture` for one adapter and fixture folder, each file read once per test file: the result is shared, do not change it. */
export function fixtureLoader(adapter: Adapter, dir: string): (name: string) => Promise<ParsedFixture> {
  const cache = new Map<string, Promise<ParsedFixture>>();
  return (name) => {
    let loaded = cache.get(name);
    if (!loaded) {
      loaded = parseFixture(adapter, join(dir, name));
      cache.set(name, loaded);
    }
    return loaded;
  };
}

/** Rejects as the `{ line, code }` pairs the reject tests compare. */
export function rejectCodes(rejects: readonly FixtureReject[]): Array<{ line: number | undefined; code: string }> {
  return rejects.map(({ line, code }) => ({ line, code }));
}

/** Every field of an event but `raw`, for whole-event comparisons; asserts the event is there. */
export function withoutRaw(event: NormalizedEvent | undefined): Omit<NormalizedEvent, 'raw'> {
  expect(event).toBeDefined();
  if (!event) throw new Error('no event');
  const { raw: _raw, ...rest } = event;
  return rest;
}

/** The adapter `detectFormat` settles on for a file's first DETECTION_SAMPLE records (the importer's sample), or false. */
export function detectedName(records: readonly unknown[], candidates?: readonly Adapter[]): string | false {
  const detection = detectFormat(records.slice(0, DETECTION_SAMPLE), candidates);
  return detection.ok && detection.adapter.name;
}

/** A third-party sample file under shared/corpus (see its README); it may be absent, so tests skip without it. */
export function corpusPath(rel: string): string {
  return resolve(ROOT, '../shared/corpus', rel);
}

/** The non-blank lines of a JSONL corpus file, one record each. */
export function corpusLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
}

/** An ISO time as epoch milliseconds, for expected values. */
export const ms = (iso: string): number => Date.parse(iso);

/** The Microsoft adapters plus cloudtrail: each Entra, Azure or Graph fixture must be claimed from these by its own adapter alone. */
export const MICROSOFT_CANDIDATES: readonly Adapter[] = [cloudtrail, entraSignin, entraAudit, azureActivity, graphActivity];

/** cloudtrail, okta and gws-token: each okta or gws-token fixture must be claimed from these by its own adapter alone. */
export const OKTA_GWS_CANDIDATES: readonly Adapter[] = [cloudtrail, okta, gwsToken];

/** The Entra tenant every Microsoft fixture is logged in. */
export const ENTRA_TENANT = '7e57c0de-7e57-4000-8000-000000000001';

/** alice as the Microsoft fixtures (sign-ins, audit, Azure activity) name her: the same Entra user in each. */
export const ENTRA_ALICE: PrincipalRef = {
  id: 'entra-user:a11ce000-0000-4000-8000-00000000a11c',
  type: 'human',
  name: 'alice@corp.example',
  aliases: ['email:alice@corp.example', 'entra-upn:alice@corp.example'],
};

/** Every file under `dir` (recursively, sorted) that can hold log records: what a folder import would read. */
export function fixtureFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return fixtureFiles(path);
      return /\.(json|jsonl|gz)$/.test(name) ? [path] : [];
    });
}
