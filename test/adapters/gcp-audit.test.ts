// gcp-audit adapter: fixture files in real containers through the real reader, every normalized field of one
// record per file, one test per GCP quirk, and the Panther corpus through detect + parse.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudtrail } from '../../src/adapters/cloudtrail.js';
import { gcpAudit } from '../../src/adapters/gcp-audit.js';
import { detectFormat } from '../../src/adapters/registry.js';
import type { NormalizedEvent, PrincipalRef } from '../../src/model/types.js';
import { corpusLines, corpusPath, fixtureLoader, readFixture, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const DIR = join(FIXTURES, 'gcp-audit');
const PANTHER = corpusPath('panther/gcp_auditlog.jsonl');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

const AUDIT_LOG = 'type.googleapis.com/google.cloud.audit.AuditLog';
const P = 'attrib-fx-prod';
const DANA = 'dana.fixture@corp.example';
const ERIN = 'erin.fixture@corp.example';
const DEPLOYER = `deployer-fx@${P}.iam.gserviceaccount.com`;
const BROKER = 'broker-fx@attrib-fx-shared.iam.gserviceaccount.com';
const CI_KEY = `ci-key-fx@${P}.iam.gserviceaccount.com`;
const APP = `app-fx@${P}.iam.gserviceaccount.com`;
const GH_SUB = 'repo:attrib-fx/deploy:ref:refs/heads/main';
const POOL = 'projects/400000000042/locations/global/workloadIdentityPools/github-fx';
const GH_PRINCIPAL = `principal://iam.googleapis.com/${POOL}/subject/${GH_SUB}`;
const KEY = `//iam.googleapis.com/projects/${P}/serviceAccounts/${CI_KEY}/keys/fixturekey00000000000000000000000000000a`;
const GCLOUD_UA =
  'google-cloud-sdk gcloud/520.0.0 command/gcloud.storage.cp invocation-id/0000fixture0000000000000000000001 environment/None environment-version/None client-os/LINUX client-os-ver/6.8.0 client-pltf-arch/x86_64 interactive/True from-script/False python/3.12.3 term/xterm-256color (Linux 6.8.0),gzip(gfe)';

const human = (email: string): PrincipalRef => ({
  id: `gcp-user:${email}`,
  type: 'human',
  name: email,
  aliases: [`email:${email}`],
});
const sa = (email: string): PrincipalRef => ({ id: `gcp-sa:${email}`, type: 'service', name: email });
const ghActions: PrincipalRef = { id: `gcp-federated:${GH_PRINCIPAL}`, type: 'service', name: GH_SUB };

const logName = (kind: string, project = P): string => `projects/${project}/logs/cloudaudit.googleapis.com%2F${kind}`;
/** The documented dedupe key: sha256 of `logName|timestamp|insertId`. */
const eventId = (log: string, timestamp: string, insertId: string): string =>
  `gcp-audit:${createHash('sha256').update(`${log}|${timestamp}|${insertId}`).digest('hex')}`;

/** Reads a fixture through the real reader and parses every record with the gcp-audit adapter. */
const load = fixtureLoader(gcpAudit, DIR);

async function events(file: string): Promise<NormalizedEvent[]> {
  return (await load(file)).events;
}

function byInsertId(list: readonly NormalizedEvent[], insertId: string): NormalizedEvent {
  const found = list.find((e) => e.attrs?.['insert_id'] === insertId);
  if (!found) throw new Error(`no event with insertId ${insertId}`);
  return found;
}

function json(value: unknown): unknown {
  return JSON.parse(String(value)) as unknown;
}

describe('gcp-audit: containers and detection', () => {
  const counts: Record<string, number> = {
    'activity.json': 3,
    'data-access-mint.gcloud.json': 2,
    'delegated-use-two-hops.json': 3,
    'denied-empty-authentication-info.gcloud.json': 1,
    'duplicate-export.json': 4,
    'empty-hop.json': 1,
    'nanosecond-timestamps.json': 5,
    'numeric-sa-id.json': 2,
    'policy-denied.gcloud.json': 1,
    'service-account-key.json': 2,
    'system-event.json': 1,
    'workload-identity-federation.gcloud.json': 4,
  };

  it('has a count for every fixture file', () => {
    expect(FILES).toEqual(Object.keys(counts).sort());
  });

  it.each(FILES)('%s: every record is read, claimed by gcp-audit alone and parsed with zero rejects', async (file) => {
    const { records, events: parsed, rejects, unreadable } = await load(file);
    expect(unreadable).toEqual([]);
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(counts[file]!);
    expect(parsed).toHaveLength(records.length);
    for (const record of records) {
      expect(gcpAudit.detect(record)).toBe(true);
      expect(cloudtrail.detect(record)).toBe(false);
    }
    expect(detectFormat(records.slice(0, 10), [cloudtrail, gcpAudit])).toEqual({ ok: true, adapter: gcpAudit });
  });

  it('leaves CloudTrail files to the cloudtrail adapter', async () => {
    const { records: sample } = await readFixture(join(FIXTURES, 'cloudtrail/sts-assume-role.json'));
    expect(sample.length).toBeGreaterThan(0);
    expect(sample.some((r) => gcpAudit.detect(r))).toBe(false);
    expect(detectFormat(sample, [cloudtrail, gcpAudit])).toEqual({ ok: true, adapter: cloudtrail });
  });

  it('needs the AuditLog @type plus insertId or a cloudaudit logName plus a parsable timestamp', () => {
    const payload = { '@type': AUDIT_LOG, methodName: 'storage.objects.get' };
    expect(gcpAudit.detect({ protoPayload: payload })).toBe(false);
    expect(gcpAudit.detect({ protoPayload: payload, timestamp: '2026-05-01T10:00:00Z' })).toBe(false);
    expect(gcpAudit.detect({ protoPayload: payload, insertId: 'x1', timestamp: 'redacted' })).toBe(false);
    expect(gcpAudit.detect({ protoPayload: { ...payload, '@type': 'type.googleapis.com/google.cloud.audit.Other' }, insertId: 'x1', timestamp: '2026-05-01T10:00:00Z' })).toBe(false);
    expect(gcpAudit.detect({ protoPayload: payload, insertId: 'x1', timestamp: '2026-05-01T10:00:00Z' })).toBe(true);
    expect(gcpAudit.detect({ protoPayload: payload, logName: logName('activity'), timestamp: '2026-05-01T10:00:00Z' })).toBe(true);
    expect(gcpAudit.detect({ protoPayload: payload, logName: `projects/${P}/logs/stdout`, timestamp: '2026-05-01T10:00:00Z' })).toBe(false);
    expect(gcpAudit.detect([payload])).toBe(false);
  });

  it("reads Panther's spellings: at_sign_type, lower-cased top-level keys, space-separated zone-less times", () => {
    const record = {
      insertid: 'fxpanther1',
      logname: logName('activity'),
      protopayload: { at_sign_type: AUDIT_LOG, methodName: 'storage.buckets.delete', serviceName: 'storage.googleapis.com', requestMetadata: { callerIP: '198.51.100.9' } },
      timestamp: '2026-05-01 10:00:00.5',
    };
    expect(gcpAudit.detect(record)).toBe(true);
    const result = gcpAudit.parse(record);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const event = result.events[0]!;
    expect(event.time).toBe(Date.UTC(2026, 4, 1, 10, 0, 0, 500));
    expect(event.ip).toBe('198.51.100.9');
    expect(event.flags).toEqual(['time-zoneless-assumed-utc', 'principal-missing']);
    expect(event.attrs?.['timestamp_ns']).toBe('2026-05-01T10:00:00.500000000Z');
    expect(event.id).toBe(eventId(logName('activity'), '2026-05-01T10:00:00.500000000Z', 'fxpanther1'));
  });

  it('rejects what it cannot place, with a code', () => {
    expect(gcpAudit.parse(42)).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
    expect(gcpAudit.parse({ insertId: 'x' })).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(gcpAudit.parse({ protoPayload: { '@type': AUDIT_LOG }, timestamp: '2026-05-01T10:00:00Z' })).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(gcpAudit.parse({ protoPayload: { methodName: 'x' } })).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(gcpAudit.parse({ protoPayload: { methodName: 'x' }, timestamp: '...' })).toMatchObject({ ok: false, code: 'BAD_TIME' });
  });
});

describe('gcp-audit: every normalized field of one record per file', () => {
  it('activity.json: first record of a long-running compute operation', async () => {
    const event = byInsertId(await events('activity.json'), 'fxact0001a');
    const ts = '2026-05-01T10:00:01.123456789Z';
    const op = 'operation-1777629601123-fx0000000001-00000001-00000001';
    expect(withoutRaw(event)).toEqual({
      id: eventId(logName('activity'), ts, 'fxact0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T10:00:01.123Z'),
      kind: 'action',
      name: 'gcp:compute.googleapis.com/v1.compute.instances.insert',
      actor: human(DANA),
      operation_key: `gcp-op:${op}`,
      target: `projects/${P}/zones/europe-west1-b/instances/fx-batch-01`,
      outcome: 'success',
      ip: '203.0.113.20',
      user_agent: 'google-cloud-sdk gcloud/520.0.0 command/gcloud.compute.instances.create,gzip(gfe)',
      attrs: {
        insert_id: 'fxact0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('activity'),
        log_type: 'activity',
        project_id: P,
        resource_type: 'gce_instance',
        service_name: 'compute.googleapis.com',
        method_name: 'v1.compute.instances.insert',
        severity: 'NOTICE',
        operation_id: op,
        operation_producer: 'compute.googleapis.com',
        operation_first: true,
        principal_email: DANA,
        principal_subject: `user:${DANA}`,
      },
    });
  });

  it('data-access-mint.gcloud.json: GenerateAccessToken with identityDelegationChain and a numeric resourceName', async () => {
    const event = byInsertId(await events('data-access-mint.gcloud.json'), 'fxdat0001a');
    const ts = '2026-05-01T10:01:02.123456789Z';
    expect(withoutRaw(event)).toEqual({
      id: eventId(logName('data_access'), ts, 'fxdat0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T10:01:02.123Z'),
      kind: 'credential',
      name: 'gcp:iamcredentials.googleapis.com/GenerateAccessToken',
      actor: human(DANA),
      operation_key: 'gcp-op:10172500000000000021',
      target: DEPLOYER,
      outcome: 'success',
      ip: '203.0.113.20',
      user_agent: 'google-cloud-sdk gcloud/520.0.0 command/gcloud.auth.print-access-token,gzip(gfe)',
      attrs: {
        insert_id: 'fxdat0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('data_access'),
        log_type: 'data_access',
        project_id: P,
        resource_type: 'service_account',
        service_name: 'iamcredentials.googleapis.com',
        method_name: 'GenerateAccessToken',
        severity: 'INFO',
        operation_id: '10172500000000000021',
        operation_producer: 'iamcredentials.googleapis.com',
        operation_first: true,
        operation_last: true,
        principal_email: DANA,
        principal_subject: `user:${DANA}`,
        sa_unique_id: '100000000000000000021',
        identity_delegation_chain: JSON.stringify([DEPLOYER]),
        minted_for: DEPLOYER,
        mint_key: `${DANA}→${DEPLOYER}`,
      },
    });
    expect(event.credential_issued).toBeUndefined();
  });

  it('system-event.json: a preemption done by Google itself', async () => {
    const [event] = await events('system-event.json');
    const ts = '2026-05-01T10:15:30.325309000Z';
    expect(withoutRaw(event!)).toEqual({
      id: eventId(logName('system_event'), ts, 'fxsys0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T10:15:30.325Z'),
      kind: 'action',
      name: 'gcp:compute.googleapis.com/compute.instances.preempted',
      actor: { id: 'gcp-system:system@google.com', type: 'service', name: 'system@google.com' },
      operation_key: 'gcp-op:systemevent-1777630530000-fx0000000001',
      target: `projects/${P}/zones/europe-west1-b/instances/fx-spot-0003`,
      outcome: 'success',
      ip: 'private',
      attrs: {
        insert_id: 'fxsys0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('system_event'),
        log_type: 'system_event',
        project_id: P,
        resource_type: 'gce_instance',
        service_name: 'compute.googleapis.com',
        method_name: 'compute.instances.preempted',
        severity: 'INFO',
        operation_id: 'systemevent-1777630530000-fx0000000001',
        operation_producer: 'compute.instances.preempted',
        operation_first: true,
        operation_last: true,
        status_message: 'Instance was preempted.',
        principal_email: 'system@google.com',
      },
    });
  });

  it('policy-denied.gcloud.json: a VPC Service Controls refusal', async () => {
    const [event] = await events('policy-denied.gcloud.json');
    const ts = '2026-05-01T10:20:40.890430163Z';
    const uid = 'FIXTUREvpcscUniqueId0004-not-a-real-identifier';
    expect(withoutRaw(event!)).toEqual({
      id: eventId(logName('policy'), ts, 'fxpol0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T10:20:40.890Z'),
      kind: 'action',
      name: 'gcp:storage.googleapis.com/google.storage.objects.get',
      actor: human(ERIN),
      target: 'projects/400000000042',
      outcome: 'failure',
      ip: '198.51.100.44',
      user_agent: 'curl/8.5.0',
      attrs: {
        insert_id: 'fxpol0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('policy'),
        log_type: 'policy',
        project_id: P,
        resource_type: 'audited_resource',
        service_name: 'storage.googleapis.com',
        method_name: 'google.storage.objects.get',
        severity: 'ERROR',
        status_code: 7,
        status_message: `Request is prohibited by organization's policy. vpcServiceControlsUniqueIdentifier: ${uid}`,
        principal_email: ERIN,
        policy_violation: 'NO_MATCHING_ACCESS_LEVEL',
      },
    });
  });

  it('delegated-use-two-hops.json: an impersonated SA acting for the human at the root of a 2-hop chain', async () => {
    const event = byInsertId(await events('delegated-use-two-hops.json'), 'fxdel0001a');
    const ts = '2026-05-01T10:30:10.100000001Z';
    expect(withoutRaw(event)).toEqual({
      id: eventId(logName('data_access'), ts, 'fxdel0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T10:30:10.100Z'),
      kind: 'action',
      name: 'gcp:storage.googleapis.com/storage.objects.get',
      actor: sa(DEPLOYER),
      on_behalf_of: human(DANA),
      target: 'projects/_/buckets/fx-backups-0005/objects/db.dump',
      outcome: 'success',
      ip: '203.0.113.20',
      user_agent: GCLOUD_UA,
      attrs: {
        insert_id: 'fxdel0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('data_access'),
        log_type: 'data_access',
        project_id: P,
        resource_type: 'gcs_bucket',
        service_name: 'storage.googleapis.com',
        method_name: 'storage.objects.get',
        severity: 'INFO',
        principal_email: DEPLOYER,
        principal_subject: `serviceAccount:${DEPLOYER}`,
        delegation_chain: JSON.stringify([BROKER, DANA]),
        delegation_empty_hops: 0,
        delegation_root: DANA,
        use_key: `${DANA}→${DEPLOYER}`,
      },
    });
  });

  it('empty-hop.json: [{}] on a GKE metadata-server mint by a legacy GKE workload subject', async () => {
    const [event] = await events('empty-hop.json');
    const ts = '2026-05-01T10:40:36.339983306Z';
    const gke = `serviceAccount:${P}.svc.id.goog[payments/api-fx]`;
    expect(withoutRaw(event!)).toEqual({
      id: eventId(logName('data_access'), ts, 'fxemp0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T10:40:36.339Z'),
      kind: 'credential',
      name: 'gcp:iamcredentials.googleapis.com/GenerateAccessToken',
      actor: { id: `gcp-federated:${gke}`, type: 'service', name: gke },
      operation_key: 'gcp-op:10172500000000000061',
      target: APP,
      outcome: 'success',
      ip: 'gce-internal-ip',
      user_agent: 'google-api-go-client/0.5 gke-metadata-server,gzip(gfe)',
      attrs: {
        insert_id: 'fxemp0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('data_access'),
        log_type: 'data_access',
        project_id: P,
        resource_type: 'service_account',
        service_name: 'iamcredentials.googleapis.com',
        method_name: 'GenerateAccessToken',
        severity: 'INFO',
        operation_id: '10172500000000000061',
        operation_producer: 'iamcredentials.googleapis.com',
        operation_first: true,
        operation_last: true,
        principal_subject: gke,
        delegation_chain: '[]',
        delegation_empty_hops: 1,
        sa_unique_id: '100000000000000000041',
        identity_delegation_chain: JSON.stringify([APP]),
        minted_for: APP,
        mint_key: `${gke}→${APP}`,
      },
    });
    expect(event!.on_behalf_of).toBeUndefined();
  });

  it('denied-empty-authentication-info.gcloud.json: no principal at all on a denied mint', async () => {
    const [event] = await events('denied-empty-authentication-info.gcloud.json');
    const ts = '2026-05-01T10:45:00.688000000Z';
    expect(withoutRaw(event!)).toEqual({
      id: eventId(logName('data_access'), ts, 'fxden0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T10:45:00.688Z'),
      kind: 'credential',
      name: 'gcp:iamcredentials.googleapis.com/GenerateAccessToken',
      actor: { id: 'gcp-unknown:no-principal', type: 'unknown', name: 'unknown (no principal in authenticationInfo)' },
      target: DEPLOYER,
      outcome: 'failure',
      ip: '198.51.100.66',
      user_agent: 'python-requests/2.32.3,gzip(gfe)',
      attrs: {
        insert_id: 'fxden0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('data_access'),
        log_type: 'data_access',
        project_id: P,
        resource_type: 'service_account',
        service_name: 'iamcredentials.googleapis.com',
        method_name: 'GenerateAccessToken',
        severity: 'ERROR',
        status_code: 7,
        status_message: 'PERMISSION_DENIED',
        denied_permission: 'iam.serviceAccounts.getAccessToken',
        sa_unique_id: '100000000000000000021',
        identity_delegation_chain: JSON.stringify([DEPLOYER]),
        minted_for: DEPLOYER,
      },
      flags: ['principal-missing'],
    });
  });

  it('service-account-key.json: CreateServiceAccountKey issues the key a later call is signed with', async () => {
    const list = await events('service-account-key.json');
    const created = byInsertId(list, 'fxkey0001a');
    const ts = '2026-05-01T10:50:36.148000000Z';
    expect(withoutRaw(created)).toEqual({
      id: eventId(logName('activity'), ts, 'fxkey0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T10:50:36.148Z'),
      kind: 'credential',
      name: 'gcp:iam.googleapis.com/google.iam.admin.v1.CreateServiceAccountKey',
      actor: human(DANA),
      credential_issued: { id: `gcp-sa-key:${KEY}`, issuedTo: sa(CI_KEY) },
      target: `projects/-/serviceAccounts/${CI_KEY}`,
      outcome: 'success',
      ip: '203.0.113.20',
      user_agent: 'google-cloud-sdk gcloud/520.0.0 command/gcloud.iam.service-accounts.keys.create,gzip(gfe)',
      attrs: {
        insert_id: 'fxkey0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('activity'),
        log_type: 'activity',
        project_id: P,
        resource_type: 'service_account',
        service_name: 'iam.googleapis.com',
        method_name: 'google.iam.admin.v1.CreateServiceAccountKey',
        severity: 'NOTICE',
        principal_email: DANA,
        principal_subject: `user:${DANA}`,
        sa_unique_id: '100000000000000000031',
      },
    });
    const used = byInsertId(list, 'fxkey0002b');
    expect(used.credential_used).toBe(`gcp-sa-key:${KEY}`);
    expect(used.actor).toEqual(sa(CI_KEY));
    expect(used.attrs?.['sa_key_id']).toBe('fixturekey00000000000000000000000000000a');
  });

  it('workload-identity-federation.gcloud.json: STS ExchangeToken names the pool principal, not the raw sub', async () => {
    const event = byInsertId(await events('workload-identity-federation.gcloud.json'), 'fxwif0001a');
    const ts = '2026-05-01T11:10:00.100000009Z';
    const provider = `${POOL}/providers/github-actions-fx`;
    expect(withoutRaw(event)).toEqual({
      id: eventId(logName('data_access'), ts, 'fxwif0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T11:10:00.100Z'),
      kind: 'credential',
      name: 'gcp:sts.googleapis.com/google.identity.sts.v1.SecurityTokenService.ExchangeToken',
      actor: ghActions,
      target: provider,
      outcome: 'success',
      ip: '192.0.2.44',
      user_agent: 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch),gzip(gfe)',
      attrs: {
        insert_id: 'fxwif0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('data_access'),
        log_type: 'data_access',
        project_id: P,
        resource_type: 'audited_resource',
        service_name: 'sts.googleapis.com',
        method_name: 'google.identity.sts.v1.SecurityTokenService.ExchangeToken',
        severity: 'INFO',
        principal_subject: GH_SUB,
        federated_subject_raw: GH_SUB,
        provider,
      },
      flags: ['federated-principal-from-provider'],
    });
  });

  it('numeric-sa-id.json: a SetIAMPolicy granting Token Creator is a delegation on the SA named by e-mail', async () => {
    const event = byInsertId(await events('numeric-sa-id.json'), 'fxnum0001a');
    const ts = '2026-05-01T09:55:00.010203040Z';
    expect(withoutRaw(event)).toEqual({
      id: eventId(logName('activity'), ts, 'fxnum0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T09:55:00.010Z'),
      kind: 'delegate',
      name: 'gcp:iam.googleapis.com/google.iam.admin.v1.SetIAMPolicy',
      actor: human(DANA),
      target: `projects/-/serviceAccounts/${DEPLOYER}`,
      outcome: 'success',
      ip: '203.0.113.20',
      user_agent: 'google-cloud-sdk gcloud/520.0.0 command/gcloud.iam.service-accounts.add-iam-policy-binding,gzip(gfe)',
      attrs: {
        insert_id: 'fxnum0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('activity'),
        log_type: 'activity',
        project_id: P,
        resource_type: 'service_account',
        service_name: 'iam.googleapis.com',
        method_name: 'google.iam.admin.v1.SetIAMPolicy',
        severity: 'NOTICE',
        principal_email: DANA,
        principal_subject: `user:${DANA}`,
        sa_unique_id: '100000000000000000021',
        granted_roles: 'roles/iam.serviceAccountTokenCreator',
        granted_members: JSON.stringify([`user:${ERIN}`]),
        grant_basis: 'policy-delta',
      },
    });
  });

  it('duplicate-export.json: the first line, as delivered', async () => {
    const [event] = await events('duplicate-export.json');
    const ts = '2026-05-01T11:20:00.123456789Z';
    expect(withoutRaw(event!)).toEqual({
      id: eventId(logName('data_access'), ts, 'fxdup0001a'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T11:20:00.123Z'),
      kind: 'action',
      name: 'gcp:storage.googleapis.com/storage.objects.get',
      actor: sa(DEPLOYER),
      on_behalf_of: human(DANA),
      target: 'projects/_/buckets/fx-backups-0005/objects/db.dump',
      outcome: 'success',
      ip: '203.0.113.20',
      user_agent: GCLOUD_UA,
      attrs: {
        insert_id: 'fxdup0001a',
        timestamp: ts,
        timestamp_ns: ts,
        log_name: logName('data_access'),
        log_type: 'data_access',
        project_id: P,
        resource_type: 'gcs_bucket',
        service_name: 'storage.googleapis.com',
        method_name: 'storage.objects.get',
        severity: 'INFO',
        principal_email: DEPLOYER,
        principal_subject: `serviceAccount:${DEPLOYER}`,
        delegation_chain: JSON.stringify([DANA]),
        delegation_empty_hops: 0,
        delegation_root: DANA,
        use_key: `${DANA}→${DEPLOYER}`,
      },
    });
  });

  it('nanosecond-timestamps.json: a 4-digit fraction keeps its text and gets a fixed-width sort key', async () => {
    const event = byInsertId(await events('nanosecond-timestamps.json'), 'fxns0002b');
    expect(withoutRaw(event)).toEqual({
      id: eventId(logName('data_access'), '2026-05-01T10:20:30.123400000Z', 'fxns0002b'),
      format: 'gcp-audit',
      time: Date.parse('2026-05-01T10:20:30.123Z'),
      kind: 'action',
      name: 'gcp:storage.googleapis.com/storage.objects.get',
      actor: sa(APP),
      target: 'projects/_/buckets/fx-ns-0012/objects/part-1',
      outcome: 'success',
      ip: '10.0.4.7',
      user_agent: 'gcloud-golang-storage/1.50.0,gzip(gfe)',
      attrs: {
        insert_id: 'fxns0002b',
        timestamp: '2026-05-01T10:20:30.1234Z',
        timestamp_ns: '2026-05-01T10:20:30.123400000Z',
        log_name: logName('data_access'),
        log_type: 'data_access',
        project_id: P,
        resource_type: 'gcs_bucket',
        service_name: 'storage.googleapis.com',
        method_name: 'storage.objects.get',
        severity: 'INFO',
        principal_email: APP,
        principal_subject: `serviceAccount:${APP}`,
      },
    });
  });
});

describe('gcp-audit: GCP quirks', () => {
  it('finds the human at the root of a 2-hop chain whichever end of the list it is on', async () => {
    const list = await events('delegated-use-two-hops.json');
    const glean = byInsertId(list, 'fxdel0001a');
    const literal = byInsertId(list, 'fxdel0002b');
    expect(json(glean.attrs?.['delegation_chain'])).toEqual([BROKER, DANA]);
    expect(json(literal.attrs?.['delegation_chain'])).toEqual([DANA, BROKER]);
    for (const event of [glean, literal]) {
      expect(event.on_behalf_of).toEqual(human(DANA));
      expect(event.attrs?.['use_key']).toBe(`${DANA}→${DEPLOYER}`);
      expect(event.flags).toBeUndefined();
    }
  });

  it('flags an all-service-account chain, where only the position can pick the root', async () => {
    const event = byInsertId(await events('delegated-use-two-hops.json'), 'fxdel0003c');
    const scheduler = `scheduler-fx@${P}.iam.gserviceaccount.com`;
    expect(event.flags).toEqual(['delegation-root-by-position']);
    expect(event.on_behalf_of).toEqual(sa(scheduler));
    expect(json(event.attrs?.['delegation_chain'])).toEqual([
      scheduler,
      'service-400000000042@gcp-sa-cloudscheduler.iam.gserviceaccount.com',
    ]);
    expect(event.ip).toBe('private');
  });

  it('gives the mint and the delegated use the same key, across files (no token id is logged)', async () => {
    const mint = byInsertId(await events('data-access-mint.gcloud.json'), 'fxdat0001a');
    const use = byInsertId(await events('delegated-use-two-hops.json'), 'fxdel0001a');
    expect(mint.attrs?.['mint_key']).toBe(use.attrs?.['use_key']);
    expect(mint.time).toBeLessThan(use.time);
    expect(use.time - mint.time).toBeLessThanOrEqual(3600_000);
    const byService = byInsertId(await events('data-access-mint.gcloud.json'), 'fxdat0002b');
    expect(byService.attrs?.['mint_key']).toBe(`ci-runner-fx@${P}.iam.gserviceaccount.com→${DEPLOYER}`);
    expect(byService.ip).toBe('gce-internal-ip');
  });

  it('keeps one federated principal through exchange, mint, SA use and direct use', async () => {
    const list = await events('workload-identity-federation.gcloud.json');
    const exchange = byInsertId(list, 'fxwif0001a');
    const mint = byInsertId(list, 'fxwif0002b');
    const saUse = byInsertId(list, 'fxwif0003c');
    const direct = byInsertId(list, 'fxwif0004d');
    expect(exchange.actor).toEqual(ghActions);
    expect(mint.actor).toEqual(ghActions);
    expect(direct.actor).toEqual(ghActions);
    expect(saUse.actor).toEqual(sa(DEPLOYER));
    expect(saUse.on_behalf_of).toEqual(ghActions);
    expect(mint.attrs?.['mint_key']).toBe(`${GH_PRINCIPAL}→${DEPLOYER}`);
    expect(saUse.attrs?.['use_key']).toBe(mint.attrs?.['mint_key']);
    expect(mint.attrs?.['delegation_empty_hops']).toBe(1);
    expect(direct.on_behalf_of).toBeUndefined();
    expect(direct.attrs?.['principal_email']).toBeUndefined();
  });

  it('names the SA by e-mail wherever the record used its numeric id', async () => {
    const list = await events('numeric-sa-id.json');
    for (const event of list) {
      expect(event.target).toBe(`projects/-/serviceAccounts/${DEPLOYER}`);
      expect(event.attrs?.['sa_unique_id']).toBe('100000000000000000021');
    }
    const removal = byInsertId(list, 'fxnum0002b');
    expect(removal.kind).toBe('action');
    expect(removal.attrs?.['granted_roles']).toBeUndefined();
    const denied = (await events('denied-empty-authentication-info.gcloud.json'))[0]!;
    expect(denied.target).toBe(DEPLOYER);
  });

  it('makes one event id of a duplicated export line, and keeps same-insertId entries of other logs or times apart', async () => {
    const list = await events('duplicate-export.json');
    const ids = list.map((e) => e.id);
    expect(ids[0]).toBe(ids[1]);
    expect(new Set(ids).size).toBe(3);
    expect(list.every((e) => e.attrs?.['insert_id'] === 'fxdup0001a')).toBe(true);
    expect(list[2]!.attrs?.['project_id']).toBe('attrib-fx-shared');
    expect(list[2]!.id).toBe(eventId(logName('data_access', 'attrib-fx-shared'), '2026-05-01T11:20:00.123456789Z', 'fxdup0001a'));
    expect(list[3]!.time - list[0]!.time).toBe(1000);
  });

  it('orders trimmed nanosecond fractions by timestamp_ns, which plain text and ms cannot', async () => {
    const list = await events('nanosecond-timestamps.json');
    const target = (e: NormalizedEvent): string => e.target!.slice(e.target!.lastIndexOf('/') + 1);
    const byNs = [...list].sort((a, b) => String(a.attrs?.['timestamp_ns']).localeCompare(String(b.attrs?.['timestamp_ns'])));
    expect(byNs.map(target)).toEqual(['part-0', 'part-1', 'part-2', 'part-3', 'part-4']);
    const byText = [...list].sort((a, b) => String(a.attrs?.['timestamp']).localeCompare(String(b.attrs?.['timestamp'])));
    expect(byText.map(target)).not.toEqual(['part-0', 'part-1', 'part-2', 'part-3', 'part-4']);
    const sameMs = list.filter((e) => e.time === Date.parse('2026-05-01T10:20:30.123Z'));
    expect(sameMs.map(target).sort()).toEqual(['part-1', 'part-2', 'part-3']);
    expect(byInsertId(list, 'fxns0003c').attrs?.['timestamp_ns']).toBe('2026-05-01T10:20:31.000000000Z');
  });

  it('reads the last record of a long-running operation (no status, no authorizationInfo) as the same operation', async () => {
    const list = await events('activity.json');
    const first = byInsertId(list, 'fxact0001a');
    const last = byInsertId(list, 'fxact0002b');
    expect(last.operation_key).toBe(first.operation_key);
    expect(last.outcome).toBe('success');
    expect(last.attrs?.['operation_last']).toBe(true);
    expect(byInsertId(list, 'fxact0003c').operation_key).toBeUndefined();
  });

  it('keeps the record in raw with key material and tokens replaced by fingerprints', () => {
    const record = {
      insertId: 'fxraw0001a',
      logName: logName('activity'),
      timestamp: '2026-05-01T12:00:00.000000001Z',
      protoPayload: {
        '@type': AUDIT_LOG,
        serviceName: 'iam.googleapis.com',
        methodName: 'google.iam.admin.v1.UploadServiceAccountKey',
        authenticationInfo: { principalEmail: DANA },
        request: { accessToken: 'FAKE-ACCESS-TOKEN-gcp-audit-0001' },
        response: { name: `projects/${P}/serviceAccounts/${CI_KEY}/keys/fixturekey0000000000000000000000000000b`, privateKeyData: 'FAKE-PRIVATE-KEY-DATA-gcp-audit-0001' },
      },
    };
    const before = JSON.stringify(record);
    const result = gcpAudit.parse(record);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const raw = JSON.stringify(result.events[0]!.raw);
    expect(raw).not.toContain('FAKE-ACCESS-TOKEN');
    expect(raw).not.toContain('FAKE-PRIVATE-KEY-DATA');
    expect(raw).toContain('[REDACTED sha256:');
    expect(JSON.stringify(record)).toBe(before);
    expect(result.events[0]!.credential_issued?.id).toBe(
      `gcp-sa-key://iam.googleapis.com/projects/${P}/serviceAccounts/${CI_KEY}/keys/fixturekey0000000000000000000000000000b`,
    );
  });

  it('treats a Workforce Identity console sign-in as the one authentication GCP audit logs carry', () => {
    const record = {
      insertId: 'fxwfs0001a',
      logName: 'organizations/900000000001/logs/cloudaudit.googleapis.com%2Fdata_access',
      timestamp: '2026-05-01T08:59:00.000000001Z',
      protoPayload: {
        '@type': AUDIT_LOG,
        serviceName: 'sts.googleapis.com',
        methodName: 'google.identity.sts.SecurityTokenService.WebSignIn',
        authenticationInfo: { principalSubject: ERIN },
        resourceName: 'locations/global/workforcePools/fx-pool/providers/fx-provider',
        metadata: { mappedPrincipal: `principal://iam.googleapis.com/locations/global/workforcePools/fx-pool/subject/${ERIN}` },
      },
    };
    const result = gcpAudit.parse(record);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const event = result.events[0]!;
    expect(event.kind).toBe('authenticate');
    expect(event.actor).toEqual({
      id: `gcp-federated:principal://iam.googleapis.com/locations/global/workforcePools/fx-pool/subject/${ERIN}`,
      type: 'human',
      name: ERIN,
      aliases: [`email:${ERIN}`],
    });
    expect(event.attrs?.['log_parent']).toBe('organizations/900000000001');
    expect(event.attrs?.['project_id']).toBeUndefined();
  });

  it('takes third-party claims and the OAuth client from authenticationInfo', () => {
    const record = {
      insertId: 'fxtpp0001a',
      logName: logName('data_access'),
      timestamp: '2026-05-01T13:00:00Z',
      protoPayload: {
        '@type': AUDIT_LOG,
        serviceName: 'bigquery.googleapis.com',
        methodName: 'google.cloud.bigquery.v2.JobService.InsertJob',
        authenticationInfo: {
          principalEmail: DEPLOYER,
          oauthInfo: { oauthClientId: '000000000000-fixtureclient.apps.googleusercontent.com' },
          serviceAccountDelegationInfo: [{ thirdPartyPrincipal: { thirdPartyClaims: { sub: 'fx-external-subject-0001', iss: 'https://idp.example' } } }],
        },
      },
    };
    const result = gcpAudit.parse(record);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const event = result.events[0]!;
    expect(event.attrs?.['third_party_subject']).toBe('fx-external-subject-0001');
    expect(event.attrs?.['oauth_client_id']).toBe('000000000000-fixtureclient.apps.googleusercontent.com');
    expect(event.on_behalf_of).toEqual({ id: 'gcp-third-party:fx-external-subject-0001', type: 'unknown', name: 'fx-external-subject-0001' });
  });
});

describe('gcp-audit: Panther corpus', () => {
  it.skipIf(!existsSync(PANTHER))('takes every record of gcp_auditlog.jsonl through detect and parse without an exception', () => {
    const lines = corpusLines(PANTHER);
    let detected = 0;
    let pantherSpelling = 0;
    for (const line of lines) {
      const record = JSON.parse(line) as unknown;
      const claimed = gcpAudit.detect(record);
      const result = gcpAudit.parse(record);
      if (!result.ok) expect(result.code).toMatch(/^[A-Z_]+$/);
      if (!claimed) continue;
      detected++;
      if (line.includes('"at_sign_type"') || line.includes('"protopayload"') || line.includes('"logname"')) pantherSpelling++;
      if (result.ok) {
        const [event] = result.events;
        expect(event!.id).toMatch(/^gcp-audit:[0-9a-f]{64}$/);
        expect(Number.isFinite(event!.time)).toBe(true);
      }
    }
    expect(lines.length).toBeGreaterThan(150);
    expect(detected).toBeGreaterThan(90);
    expect(pantherSpelling).toBeGreaterThan(50);
  });
});
