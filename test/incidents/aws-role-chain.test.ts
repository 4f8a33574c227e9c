// The bundled incident: SAML human → AssumeRole → cross-account AssumeRole → DeleteBucket, with noise.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import { FIXTURES, importInto, relativizePaths, tempStore, type TempStore } from '../helpers/store.js';

const INCIDENT = join(FIXTURES, 'incidents/aws-role-chain');
const GOLDEN = join(INCIDENT, 'expected.trace.json');
const ACTION = 'cloudtrail:d1e5c0de-0bad-4b0b-8c0c-000000000666';

describe('incident: aws-role-chain', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    await importInto(store.db, [join(INCIDENT, 'inputs')]);
  });
  afterAll(() => store.close());

  it('matches the golden trace', () => {
    const doc = relativizePaths(traceAction(store.db, ACTION));
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(GOLDEN)) {
      if (process.env['CI']) throw new Error(`golden ${GOLDEN} is missing`);
      writeFileSync(GOLDEN, `${JSON.stringify(doc, null, 2)}\n`);
    }
    expect(doc).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('walks alice’s keys root first and never takes bob’s look-alike session', () => {
    const doc = traceAction(store.db, ACTION);
    expect(doc.chain.map((s) => s.event.id)).toEqual([
      'cloudtrail:a11ce5a3-0001-4c1a-9e51-000000000001',
      'cloudtrail:a11ced09-0002-4c1a-9e51-000000000002',
      'cloudtrail:a11ce9a0-0003-4c1a-9e51-00000000003a',
      ACTION,
    ]);
    expect(doc.chain.slice(0, -1).map((s) => s.link?.key)).toEqual([
      'aws-akid:ASIACHAINALICE00001',
      'aws-akid:ASIACHAINDEPLOY0002',
      'aws-akid:ASIACHAINPRODADM0003',
    ]);
    expect(doc.chain.every((s, i) => i === doc.chain.length - 1 ? s.link === null : s.link?.method === 'exact')).toBe(true);
    expect(JSON.stringify(doc)).not.toMatch(/BOB/);
    expect(doc.verdict).toMatchObject({ kind: 'human-direct', complete: true, confidence: 1, source_identity: 'alice@corp.example' });
    expect(doc.verdict.initiator?.name).toBe('alice@corp.example');
    expect(doc.gaps).toEqual([]);
  });

  it('shows the cross-account copy as the same operation, not a second hop', () => {
    const doc = traceAction(store.db, ACTION);
    const hop = doc.chain[2]!;
    expect(hop.event.copies).toEqual(['cloudtrail:a11ce9a0-0003-4c1a-9e51-00000000003b']);
    expect(doc.chain.filter((s) => s.event.id.includes('00000000003b'))).toHaveLength(0);
  });
});
