// Exact and inferred lineage over the CloudTrail fixtures: which links exist, and what each trace concludes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import { correlate } from '../../src/correlate/index.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

const CT = join(FIXTURES, 'cloudtrail');

interface LinkRow {
  from_id: string;
  to_id: string;
  relation: string;
  method: string;
  confidence: number;
  key: string;
  reason: string;
}

function linksTo(store: TempStore, to: string): LinkRow[] {
  return store.db.prepare('SELECT * FROM links WHERE to_id = ? ORDER BY relation, from_id').all(to) as LinkRow[];
}

describe('lineage over the CloudTrail fixtures', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    await importInto(store.db, [CT]);
  });
  afterAll(() => store.close());

  it('links an issued key to its issuing call and to the key that signed that call', () => {
    const links = linksTo(store, 'aws-akid:ASIAFXCHILDROTATE020');
    expect(links.map((l) => [l.relation, l.method, l.from_id])).toEqual([
      ['issued', 'exact', expect.stringMatching(/^cloudtrail:2001/)],
      ['parent_credential', 'exact', 'aws-akid:ASIAFXPARENTORCH0020'],
    ]);
    const credential = store.db.prepare('SELECT * FROM credentials WHERE id = ?').get('aws-akid:ASIAFXCHILDROTATE020') as {
      parent: string;
      issued_by_event: string;
      issued_to: string;
      uses: number;
      fingerprint: string;
    };
    expect(credential.parent).toBe('aws-akid:ASIAFXPARENTORCH0020');
    expect(credential.issued_by_event).toMatch(/^cloudtrail:2001/);
    expect(credential.issued_to).toMatch(/^aws:arn:aws:iam::\d+:role\//);
    expect(credential.uses).toBeGreaterThanOrEqual(1);
    expect(credential.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('traces a role-chain use back to a gap naming the parent key, account and time', () => {
    const use = store.db
      .prepare("SELECT id FROM events WHERE credential_used = 'aws-akid:ASIAFXCHILDROTATE020' LIMIT 1")
      .get() as { id: string };
    const doc = traceAction(store.db, use.id);
    expect(doc.chain).toHaveLength(2);
    expect(doc.chain[0]!.event.credential_issued).toBe('aws-akid:ASIAFXCHILDROTATE020');
    expect(doc.verdict.kind).toBe('unattributed');
    expect(doc.verdict.complete).toBe(false);
    expect(doc.verdict.source_identity).toBe('dana@corp.example');
    expect(doc.gaps).toHaveLength(1);
    expect(doc.gaps[0]!.missing).toBe('issuance of aws-akid:ASIAFXPARENTORCH0020');
    expect(doc.gaps[0]!.hint).toMatch(/^no issuance event for `aws-akid:ASIAFXPARENTORCH0020` — import CloudTrail for account \d{12} around 2026-05-01 \d\d:\d\dZ$/);
  });

  it('roots a GetSessionToken chain at the IAM user’s long-term key', () => {
    const doc = traceAction(store.db, 'cloudtrail:21021c44-6633-4f7f-8c05-1042667b8597');
    expect(doc.chain.map((s) => s.event.name)).toEqual(['sts:GetSessionToken', 'ec2:StopInstances']);
    expect(doc.chain[0]!.event.credential_used).toMatch(/^aws-akid:AKIA/);
    expect(doc.verdict).toMatchObject({ kind: 'human-direct', complete: true, confidence: 1 });
    expect(doc.verdict.initiator?.type).toBe('human');
  });

  it('roots a GetFederationToken chain at the broker user', () => {
    const doc = traceAction(store.db, 'cloudtrail:220365c6-6c03-4623-8a8c-26ae7660e382');
    expect(doc.chain.map((s) => s.event.name)).toEqual(['sts:GetFederationToken', 's3:ListBuckets']);
    expect(doc.verdict.initiator?.name).toBe('fx-token-broker-22');
  });

  it('calls a GitHub Actions web-identity root automation, not a person', () => {
    const doc = traceAction(store.db, 'cloudtrail:1a021f7c-5ac7-4d15-b1b3-a6465839e9f8');
    expect(doc.chain[0]!.event.name).toBe('sts:AssumeRoleWithWebIdentity');
    expect(doc.verdict.kind).toBe('automation-policy');
    expect(doc.verdict.initiator).toMatchObject({ type: 'service', name: 'repo:acme-fixture/deploy:ref:refs/heads/main' });
  });

  it('roots an EC2 instance-profile chain at the AWS service', () => {
    const use = store.db
      .prepare("SELECT id FROM events WHERE credential_used = 'aws-akid:ASIAFXEC2INSTPROF016' LIMIT 1")
      .get() as { id: string };
    const doc = traceAction(store.db, use.id);
    expect(doc.verdict.kind).toBe('service');
    expect(doc.verdict.initiator?.id).toBe('aws-service:ec2.amazonaws.com');
  });

  it('infers the console session from the ConsoleLogin, marked inferred with a reason', () => {
    const [link] = linksTo(store, 'aws-akid:ASIAFXCAROLCONSOLE23');
    expect(link).toMatchObject({ relation: 'issued', method: 'inferred', from_id: 'cloudtrail:2301a4dd-2005-4564-9fca-cfc6a13d8ed3' });
    expect(link!.confidence).toBeGreaterThan(0.8);
    expect(link!.confidence).toBeLessThan(1);
    expect(link!.reason).toMatch(/same address 203\.0\.113\.23/);
    const doc = traceAction(store.db, 'cloudtrail:2303a047-2019-4252-80c5-a0459a2ad9e4');
    expect(doc.chain[0]!.role).toBe('authenticate');
    expect(doc.chain[0]!.link).toMatchObject({ method: 'inferred', key: 'aws-akid:ASIAFXCAROLCONSOLE23' });
    expect(doc.verdict).toMatchObject({ kind: 'human-direct', complete: true });
    expect(doc.verdict.confidence).toBe(link!.confidence);
  });

  it('attributes an Identity Center role session to the user AWS named it after, short of certain', () => {
    const doc = traceAction(store.db, 'cloudtrail:17032e2a-ea71-4192-b64d-0a9f3bc39cc5');
    expect(doc.verdict).toMatchObject({ kind: 'human-direct', complete: true, confidence: 0.9 });
    expect(doc.verdict.initiator).toMatchObject({ id: 'aws-sso-user:alice@corp.example', type: 'human' });
    expect(doc.verdict.reason).toMatch(/IAM Identity Center.*issuance of aws-akid:ASIAFXIDCPORTALCRD17 is never logged/);
    expect(doc.chain).toHaveLength(1);
  });

  it('links cross-account copies of one call as the same operation and picks the caller’s copy as the hop', () => {
    const rows = store.db
      .prepare("SELECT from_id, to_id, key FROM links WHERE relation = 'same_operation' AND key LIKE 'aws-shared-event:%'")
      .all() as Array<{ from_id: string; to_id: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const issuer = store.db.prepare("SELECT issued_by_event FROM credentials WHERE id = 'aws-akid:ASIAFXXACCTCHILD0028'").get() as {
      issued_by_event: string;
    };
    const actor = store.db.prepare('SELECT p.type FROM events e JOIN principals p ON p.id = e.actor_id WHERE e.id = ?').get(issuer.issued_by_event) as {
      type: string;
    };
    expect(actor.type).not.toBe('unknown');
  });

  it('correlates incrementally: a second run with nothing new does nothing', () => {
    const before = (store.db.prepare('SELECT count(*) n FROM links').get() as { n: number }).n;
    expect(correlate(store.db)).toEqual({ events: 0, links: {} });
    expect((store.db.prepare('SELECT count(*) n FROM links').get() as { n: number }).n).toBe(before);
  });
});

describe('lineage does not depend on file order', () => {
  it('links an issuance imported after its use', async () => {
    const store = tempStore();
    try {
      const gz = join(CT, 's3-layout/AWSLogs/111122223333/CloudTrail');
      await importInto(store.db, [join(gz, 'us-west-2')]);
      await importInto(store.db, [join(gz, 'us-east-1')]);
      const use = store.db
        .prepare("SELECT id FROM events WHERE credential_used = 'aws-akid:ASIAFXS3LAYOUTCHLD30' AND name LIKE 'ec2:%' LIMIT 1")
        .get() as { id: string };
      const doc = traceAction(store.db, use.id);
      expect(doc.chain[0]!.event.credential_issued).toBe('aws-akid:ASIAFXS3LAYOUTCHLD30');
      expect(doc.chain[doc.chain.length - 2]!.link?.method).toBe('exact');
    } finally {
      store.close();
    }
  });
});
