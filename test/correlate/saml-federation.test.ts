// Across sources: an Okta single sign-on to the AWS app → the SAML federation → the AWS role chain.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

const ACTION = 'cloudtrail:d1e5c0de-0bad-4b0b-8c0c-000000000666';
const ALICE_SSO = 'okta:5a4c0002-11f0-4e00-8f00-0000000a5002';
const ALICE_SESSION_START = 'okta:5a4c0001-11f0-4e00-8f00-0000000a5001';

describe('SAML federation from the identity provider into AWS', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    // AWS first, the IdP log later: the federation must be re-linked when the sign-ins arrive.
    await importInto(store.db, [join(FIXTURES, 'incidents/aws-role-chain/inputs')]);
    await importInto(store.db, [join(FIXTURES, 'correlate/okta-sso-aws.json')]);
  });
  afterAll(() => store.close());

  it('starts the role chain at the person’s IdP session', () => {
    const doc = traceAction(store.db, ACTION);
    expect(doc.chain.map((s) => s.event.id).slice(0, 3)).toEqual([
      ALICE_SESSION_START,
      ALICE_SSO,
      'cloudtrail:a11ce5a3-0001-4c1a-9e51-000000000001',
    ]);
    expect(doc.chain[0]!.link).toMatchObject({ method: 'exact', relation: 'same_session', key: 'okta-session:102FIXTUREaliceAwsSess1' });
    const federation = doc.chain[1]!.link!;
    expect(federation.method).toBe('inferred');
    expect(federation.confidence).toBeGreaterThan(0.8);
    expect(federation.confidence).toBeLessThan(1);
    expect(federation.reason).toMatch(/same person signed in at the identity provider 3s before this SAML federation, to an AWS app, from the same address/);
    expect(doc.verdict).toMatchObject({ kind: 'human-direct', complete: true, confidence: federation.confidence });
    expect(doc.verdict.initiator?.id).toBe('okta-user:00uFIXTUREalice00001');
    expect(JSON.stringify(doc)).not.toMatch(/bob/i);
  });

  it('joins bob’s sign-in only to bob’s federation', () => {
    const rows = store.db
      .prepare("SELECT from_id, to_id FROM links WHERE relation = 'issued' AND from_id LIKE 'okta:%' ORDER BY from_id")
      .all() as Array<{ from_id: string; to_id: string }>;
    expect(rows).toEqual([
      { from_id: ALICE_SSO, to_id: 'cloudtrail:a11ce5a3-0001-4c1a-9e51-000000000001' },
      { from_id: 'okta:5a4c0004-11f0-4e00-8f00-0000000a5004', to_id: 'cloudtrail:b0b05a31-0001-4b0b-8b0b-000000000b01' },
    ]);
  });
});
