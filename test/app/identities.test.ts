// One person across systems: merged on shared aliases, or by the user's map.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIdentityMap, listIdentities } from '../../src/app/identities.js';
import { traceAction } from '../../src/app/trace.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

const ALICE_IAM = 'aws:arn:aws:iam::111122223333:user/alice.fixture';

describe('identities', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    await importInto(store.db, [join(FIXTURES, 'incidents/aws-role-chain/inputs'), join(FIXTURES, 'cloudtrail/identity-iam-user.json')]);
  });
  afterAll(() => store.close());

  it('merges nothing without shared evidence', () => {
    expect(listIdentities(store.db)).toEqual([]);
  });

  it('merges the principals the map ties together, and says why', () => {
    const result = importIdentityMap(store.db, join(FIXTURES, 'identities/alice-map.csv'));
    expect(result.mapped).toBe(2);
    const identities = listIdentities(store.db);
    expect(identities).toHaveLength(1);
    expect(identities[0]!.id).toBe('identity:alice');
    const memberIds = identities[0]!.members.map((m) => m.id);
    expect(memberIds).toContain(ALICE_IAM);
    expect(memberIds.some((id) => id.startsWith('aws-saml:') && id.endsWith(':alice@corp.example'))).toBe(true);
    expect(identities[0]!.members.find((m) => m.id === ALICE_IAM)!.reason).toBe(`identity map: ${ALICE_IAM} → alice`);
  });

  it('shows every name of the identity on the initiator of a trace', () => {
    const doc = traceAction(store.db, 'cloudtrail:d1e5c0de-0bad-4b0b-8c0c-000000000666');
    expect(doc.verdict.initiator?.aliases).toContain(ALICE_IAM);
    expect(doc.verdict.initiator?.aliases).toContain('email:alice@corp.example');
  });

  it('lists identities on the command line, and rejects a map without the right header', async () => {
    const listed = await runCli(['--db', store.path, 'identities', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as Array<{ id: string }>).map((i) => i.id)).toEqual(['identity:alice']);
    const bad = await runCli(['--db', store.path, 'identities', 'import', join(FIXTURES, 'identities/bad-header.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad-header\.csv:1: the header must name the columns alias and identity/);
  });
});

describe('the map can say what a principal is', () => {
  it('marks an OAuth app as an agent, which makes its delegated acts agent-delegated', async () => {
    const store = tempStore();
    try {
      await importInto(store.db, [join(FIXTURES, 'correlate/gws-revoked-grant.jsonl')]);
      const ACTIVITY = 'gws-token:-700000000000000902:0';
      expect(traceAction(store.db, ACTIVITY).verdict.kind).toBe('human-direct');
      importIdentityMap(store.db, join(FIXTURES, 'identities/agent-map.csv'));
      const doc = traceAction(store.db, ACTIVITY);
      expect(doc.verdict.kind).toBe('agent-delegated');
      expect(doc.verdict.initiator).toMatchObject({ id: 'gws-app:777000111222-fixturerevoked.apps.googleusercontent.com', type: 'agent' });
      expect(doc.verdict.on_behalf_of?.name).toBe('alice@corp.example');
    } finally {
      store.close();
    }
  });

  it('refuses a type that is not a principal type, naming the line', async () => {
    const store = tempStore();
    try {
      const r = await runCli(['--db', store.path, 'identities', 'import', join(FIXTURES, 'identities/bad-type.csv')]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/bad-type\.csv:2: type "robot" is not one of human, agent/);
    } finally {
      store.close();
    }
  });
});
