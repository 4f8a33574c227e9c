// Format detection for CloudTrail: each fixture is claimed by exactly the cloudtrail adapter, look-alikes by
// none, digests are recognised as skippable, and record wrappers are removed by the reader before detection.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureActivity } from '../../src/adapters/azure-activity.js';
import { cloudtrail } from '../../src/adapters/cloudtrail.js';
import { entraAudit } from '../../src/adapters/entra-audit.js';
import { entraSignin } from '../../src/adapters/entra-signin.js';
import { gcpAudit } from '../../src/adapters/gcp-audit.js';
import { graphActivity } from '../../src/adapters/graph-activity.js';
import { gwsToken } from '../../src/adapters/gws-token.js';
import { okta } from '../../src/adapters/okta.js';
import { adapters, DETECTION_SAMPLE, detectFormat, skippedKind } from '../../src/adapters/registry.js';
import type { Adapter } from '../../src/adapters/types.js';
import type { RawRecord } from '../../src/readers/types.js';
import { detectedName, readFixture } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const CT = join(FIXTURES, 'cloudtrail');
const DIGEST =
  's3-layout/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/05/01/111122223333_CloudTrail-Digest_us-east-1_fixture-trail_us-east-1_20260501T110000Z.json.gz';

/** Every adapter in the code base, registered or not: "exactly one" must hold against all of them. */
const KNOWN: readonly Adapter[] = [
  ...new Set<Adapter>([...adapters, cloudtrail, okta, gwsToken, gcpAudit, entraSignin, entraAudit, azureActivity, graphActivity]),
];

function claimers(record: unknown): string[] {
  return KNOWN.filter((a) => a.detect(record)).map((a) => a.name);
}

/** The event files of the fixture folder, found on disk so a new fixture cannot be forgotten. */
function eventFiles(dir = CT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'bad') out.push(...eventFiles(path));
    } else if (/\.(json|jsonl|gz)$/.test(name) && !path.includes('CloudTrail-Digest')) {
      out.push(relative(CT, path));
    }
  }
  return out;
}

/** The first `limit` parsed records of a file, as the importer samples them. */
async function sample(file: string, limit = DETECTION_SAMPLE): Promise<RawRecord[]> {
  return (await readFixture(join(CT, file))).items.slice(0, limit);
}

const FILES = eventFiles();

describe('every CloudTrail fixture', () => {
  it('the folder holds the 31 event files the README lists', () => {
    expect(FILES).toHaveLength(31);
  });

  it.each(FILES)('%s is claimed by exactly the cloudtrail adapter', async (file) => {
    const records = (await sample(file)).map((r) => r.value);
    expect(records.length).toBeGreaterThan(0);
    expect(detectedName(records)).toBe('cloudtrail');
    for (const record of records) expect(claimers(record)).toEqual(['cloudtrail']);
    expect(skippedKind(records[0])).toBeUndefined();
  });
});

describe('the CloudTrail digest', () => {
  it('is recognised as a skippable kind and claimed by no adapter', async () => {
    const records = (await sample(DIGEST)).map((r) => r.value);
    expect(records).toHaveLength(1);
    expect(skippedKind(records[0])).toBe('CloudTrail digest file (integrity manifest, no events)');
    expect(claimers(records[0])).toEqual([]);
    expect(detectFormat(records)).toMatchObject({ ok: false, code: 'UNRECOGNIZED_FORMAT' });
  });

  it('a log file is not mistaken for a digest', async () => {
    const [first] = await sample('s3-layout/AWSLogs/111122223333/CloudTrail/us-east-1/2026/05/01/111122223333_CloudTrail_us-east-1_20260501T1005Z_FixtureAbCdEfGh12.json.gz');
    expect(skippedKind(first!.value)).toBeUndefined();
  });
});

describe('record wrappers are removed by the reader before detection', () => {
  it.each([
    ['lookup-events.json', 'lookup-events'],
    ['lookup-events-cli-v1.json', 'lookup-events'],
    ['eventbridge.jsonl', 'eventbridge'],
  ])('%s: every record comes out unwrapped (envelope %s) and is a bare CloudTrail record', async (file, envelope) => {
    const records = await sample(file);
    expect(records.map((r) => r.envelope)).toEqual(records.map(() => envelope));
    for (const record of records) {
      expect(record.value).toHaveProperty('eventVersion');
      expect(record.value).not.toHaveProperty('CloudTrailEvent');
      expect(record.value).not.toHaveProperty('detail-type');
    }
  });

  it('the wrappers themselves are not CloudTrail records', () => {
    const lookup = JSON.parse(readFileSync(join(CT, 'lookup-events.json'), 'utf8')) as { Events: unknown[] };
    const bridge = JSON.parse(readFileSync(join(CT, 'eventbridge.jsonl'), 'utf8').split('\n')[0]!) as unknown;
    expect(claimers(lookup.Events[0])).toEqual([]);
    expect(claimers(bridge)).toEqual([]);
  });

  it('plain files carry no envelope mark', async () => {
    expect((await sample('ndjson.jsonl')).map((r) => r.envelope)).toEqual([undefined, undefined, undefined]);
    expect((await sample('sts-assume-role.json')).map((r) => r.envelope)).toEqual([undefined, undefined]);
  });
});

describe('look-alikes are not CloudTrail', () => {
  const OKTA_LIKE = {
    uuid: 'f0e1d2c3-0000-4000-8000-000000000001',
    published: '2026-05-01T10:02:11.718Z',
    eventType: 'user.session.start',
    version: '0',
    displayMessage: 'User login to Okta',
    actor: { id: '00uFIXTURE', type: 'User', alternateId: 'alice@corp.example' },
  };
  const GITHUB_AUDIT_LIKE = {
    action: 'repo.create',
    actor: 'octocat',
    '@timestamp': 1777629731000,
    created_at: 1777629731000,
    _document_id: 'FIXTUREdocumentid000001',
    repo: 'acme/widgets',
  };
  const GCP_LIKE = {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      serviceName: 'iam.googleapis.com',
      methodName: 'google.iam.admin.v1.CreateServiceAccountKey',
      authenticationInfo: { principalEmail: 'alice@corp.example' },
    },
    insertId: 'fixture-insert-id-1',
    logName: 'projects/fixture/logs/cloudaudit.googleapis.com%2Factivity',
    timestamp: '2026-05-01T10:02:11.123456789Z',
  };
  /** Shaped like CloudTrail but from another cloud: the source does not end in amazonaws.com. */
  const WRONG_SOURCE = { eventVersion: '1.11', eventSource: 'iam.googleapis.com', eventName: 'CreateRole', eventTime: '2026-05-01T10:02:11Z' };

  it.each([
    ['Okta System Log', OKTA_LIKE],
    ['GitHub audit log', GITHUB_AUDIT_LIKE],
    ['GCP audit log', GCP_LIKE],
    ['an empty object', {}],
    ['a non-amazonaws event source', WRONG_SOURCE],
    ['an array', [{ eventSource: 'sts.amazonaws.com' }]],
    ['a string', 'eventSource sts.amazonaws.com'],
    ['null', null],
  ])('%s is not claimed by cloudtrail and detects as UNRECOGNIZED', (_what, record) => {
    expect(cloudtrail.detect(record)).toBe(false);
    expect(detectFormat([record], [cloudtrail])).toMatchObject({ ok: false, code: 'UNRECOGNIZED_FORMAT' });
  });

  it('{} is claimed by no adapter at all', () => {
    expect(claimers({})).toEqual([]);
    expect(detectFormat([{}])).toMatchObject({ ok: false, code: 'UNRECOGNIZED_FORMAT' });
  });

  it('bad/not-cloudtrail.json, read as the importer reads it, is UNRECOGNIZED', async () => {
    const records = (await sample('bad/not-cloudtrail.json')).map((r) => r.value);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(claimers(record)).toEqual([]);
    expect(detectFormat(records)).toMatchObject({ ok: false, code: 'UNRECOGNIZED_FORMAT' });
    expect(skippedKind(records[0])).toBeUndefined();
  });
});

describe('what the cloudtrail detector requires', () => {
  const BASE = { eventVersion: '1.11', eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', eventTime: '2026-05-01T10:02:11Z' };

  it('the marking keys with a parseable time', () => {
    expect(cloudtrail.detect(BASE)).toBe(true);
    expect(cloudtrail.detect({ ...BASE, eventTime: '2026-05-01 10:02:11' })).toBe(true);
    expect(cloudtrail.detect({ ...BASE, eventSource: 's3.amazonaws.com.cn' })).toBe(true);
  });

  it('one of eventVersion, userIdentity or eventID besides the action keys', () => {
    const { eventVersion: _v, ...bare } = BASE;
    expect(cloudtrail.detect(bare)).toBe(false);
    expect(cloudtrail.detect({ ...bare, userIdentity: { type: 'Root' } })).toBe(true);
    expect(cloudtrail.detect({ ...bare, eventID: '00000000-0000-4000-8000-000000000000' })).toBe(true);
  });

  it.each([
    ['no eventName', { ...BASE, eventName: undefined }],
    ['no eventTime', { ...BASE, eventTime: undefined }],
    ['a placeholder eventTime', { ...BASE, eventTime: 'redacted' }],
    ['an epoch-number eventTime', { ...BASE, eventTime: 1777629731 }],
    ['lower-cased keys (a data-lake copy)', { eventversion: '1.08', eventsource: 'sts.amazonaws.com', eventname: 'AssumeRole', eventtime: '2026-05-01 10:02:11' }],
  ])('%s is not claimed', (_what, record) => {
    expect(cloudtrail.detect(record)).toBe(false);
  });

  it('a file whose first records include one unclaimed record is still detected by the others', () => {
    expect(detectFormat([{ ...BASE, eventTime: 'redacted' }, BASE])).toMatchObject({ ok: true, adapter: { name: 'cloudtrail' } });
  });
});
