// cloudtrail adapter against third-party samples (shared/corpus, see its README): real Stratus Red Team
// detonations must import whole; Panther's partial rule-test records must never crash the adapter.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudtrail } from '../../src/adapters/cloudtrail.js';
import { detectFormat } from '../../src/adapters/registry.js';
import type { NormalizedEvent } from '../../src/model/types.js';
import type { UnreadableRecord } from '../../src/readers/types.js';
import { corpusPath, readFixture } from '../helpers/fixtures.js';

const STRATUS = corpusPath('stratus/cloudtrail.jsonl');
const PANTHER = corpusPath('panther/aws_cloudtrail.jsonl');

type Json = Record<string, unknown>;

interface Parsed {
  readonly record: unknown;
  readonly detected: boolean;
  readonly events: readonly NormalizedEvent[];
  readonly reject?: string;
}

/** Every line through the reader, then detect and parse one record at a time, as an import does. */
async function readCorpus(path: string): Promise<{ parsed: Parsed[]; unreadable: readonly UnreadableRecord[] }> {
  const { records, unreadable } = await readFixture(path);
  const parsed = records.map((record): Parsed => {
    const detected = cloudtrail.detect(record);
    detectFormat([record]);
    const result = cloudtrail.parse(record);
    return result.ok ? { record, detected, events: result.events } : { record, detected, events: [], reject: result.code };
  });
  return { parsed, unreadable };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** A time as the data has it, judged without the adapter's parser: ISO date, `T` or space, then a clock. */
const LOOKS_LIKE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/;

describe('Stratus Red Team detonation logs (real, complete records)', () => {
  it.skipIf(!existsSync(STRATUS))('every one of the 310 records parses, with a time and a known actor', async () => {
    const { parsed, unreadable } = await readCorpus(STRATUS);
    expect(unreadable).toEqual([]);
    expect(parsed).toHaveLength(310);
    expect(parsed.filter((p) => p.reject)).toEqual([]);
    expect(parsed.every((p) => p.detected)).toBe(true);
    const events = parsed.flatMap((p) => p.events);
    expect(events).toHaveLength(310);
    for (const { record, events: [event] } of parsed) {
      const raw = record as Json;
      expect(event!.time).toBe(Date.parse(raw['eventTime'] as string));
      expect(event!.actor.type).not.toBe('unknown');
      expect(event!.id).toBe(`cloudtrail:${raw['eventID'] as string}`);
      expect(event!.flags).toBeUndefined();
    }
  });

  it.skipIf(!existsSync(STRATUS))('identity types map to actor types; every errorCode is a failure', async () => {
    const { parsed } = await readCorpus(STRATUS);
    const events = parsed.flatMap((p) => p.events);
    expect(countBy(events, (e) => `${String(e.attrs!['identity_type'])}→${e.actor.type}`)).toEqual({
      'IAMUser→human': 241,
      'AssumedRole→role': 68,
      'FederatedUser→human': 1,
    });
    expect(events.filter((e) => e.outcome === 'failure')).toHaveLength(52);
    expect(events.filter((e) => e.outcome === 'failure').every((e) => typeof e.attrs!['error_code'] === 'string')).toBe(true);
  });

  it.skipIf(!existsSync(STRATUS))('the 11 issued credentials (8 AssumeRole, 2 CreateAccessKey, 1 GetFederationToken) are read; no session token survives', async () => {
    const { parsed } = await readCorpus(STRATUS);
    const events = parsed.flatMap((p) => p.events);
    const issuing = events.filter((e) => e.credential_issued);
    expect(countBy(issuing, (e) => e.name)).toEqual({ 'sts:AssumeRole': 8, 'iam:CreateAccessKey': 2, 'sts:GetFederationToken': 1 });
    for (const event of issuing.filter((e) => e.name !== 'iam:CreateAccessKey')) {
      // "Jul 30, 2024, 9:46:15 PM": the comma form, read as UTC, after the call.
      expect(event.credential_issued!.expires! - event.time).toBeGreaterThan(0);
      expect(event.credential_issued!.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    const tokens = parsed
      .map((p) => ((p.record as Json)['responseElements'] as { credentials?: { sessionToken?: string } } | null)?.credentials?.sessionToken)
      .filter((t): t is string => !!t);
    expect(tokens).toHaveLength(9);
    const text = JSON.stringify(events);
    for (const token of tokens) expect(text).not.toContain(token);
  });
});

describe('Panther rule-test records (partial and placeholder values are documented quirks)', () => {
  it.skipIf(!existsSync(PANTHER))('all 444 records go through detect and parse without an exception', async () => {
    const { parsed, unreadable } = await readCorpus(PANTHER);
    expect(unreadable).toEqual([]);
    expect(parsed).toHaveLength(444);
  });

  it.skipIf(!existsSync(PANTHER))('a record is accepted exactly when it has eventName, eventSource and a time (416 of 444)', async () => {
    const { parsed } = await readCorpus(PANTHER);
    for (const p of parsed) {
      const raw = p.record as Json;
      const complete =
        typeof raw['eventName'] === 'string' &&
        typeof raw['eventSource'] === 'string' &&
        typeof raw['eventTime'] === 'string' &&
        LOOKS_LIKE_TIME.test(raw['eventTime']);
      expect(p.reject === undefined, JSON.stringify(raw).slice(0, 120)).toBe(complete);
    }
    expect(parsed.filter((p) => !p.reject)).toHaveLength(416);
  });

  it.skipIf(!existsSync(PANTHER))('the 28 rejects are the documented partial cases, each with its own code', async () => {
    const { parsed } = await readCorpus(PANTHER);
    const rejected = parsed.filter((p) => p.reject);
    expect(countBy(rejected, (p) => p.reject!)).toEqual({ LOWERCASED_KEYS: 7, MISSING_FIELD: 19, BAD_TIME: 2 });
    const lowercased = rejected.filter((p) => p.reject === 'LOWERCASED_KEYS').map((p) => p.record as Json);
    expect(lowercased.every((r) => 'eventname' in r && !('eventName' in r))).toBe(true);
    const badTimes = rejected.filter((p) => p.reject === 'BAD_TIME').map((p) => (p.record as Json)['eventTime']);
    expect(badTimes.sort()).toEqual(['...', 'redacted']);
    // The one-key stub Panther labels with several log types.
    expect(rejected.map((p) => p.record)).toContainEqual({ eventType: 'logout' });
  });

  it.skipIf(!existsSync(PANTHER))('the detector claims only records the adapter accepts; 114 space-form times are flagged zone-less', async () => {
    const { parsed } = await readCorpus(PANTHER);
    const detected = parsed.filter((p) => p.detected);
    expect(detected.every((p) => !p.reject)).toBe(true);
    // One accepted record carries only eventName/eventSource/eventTime: too little to claim a file with.
    expect(detected).toHaveLength(415);
    const events = parsed.flatMap((p) => p.events);
    expect(events.filter((e) => e.flags?.includes('time-zoneless-assumed-utc'))).toHaveLength(114);
    expect(events.every((e) => Number.isFinite(e.time))).toBe(true);
  });
});
