// cloudtrail adapter: every fixture file read through the real reader, every normalized field asserted with
// the fixture's distinctive values (fixtures/cloudtrail/README.md maps each file to its case).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudtrail } from '../../src/adapters/cloudtrail.js';
import { skippedKind } from '../../src/adapters/registry.js';
import { redactSecrets } from '../../src/adapters/shared/redact.js';
import type { NormalizedEvent, PrincipalRef } from '../../src/model/types.js';
import { fixtureLoader, ms, rejectCodes, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const CT = join(FIXTURES, 'cloudtrail');
const S3_EAST = 's3-layout/AWSLogs/111122223333/CloudTrail/us-east-1/2026/05/01/111122223333_CloudTrail_us-east-1_20260501T1005Z_FixtureAbCdEfGh12.json.gz';
const S3_WEST = 's3-layout/AWSLogs/111122223333/CloudTrail/us-west-2/2026/05/01/111122223333_CloudTrail_us-west-2_20260501T1010Z_FixtureIjKlMnOp34.json.gz';
const S3_DIGEST =
  's3-layout/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/05/01/111122223333_CloudTrail-Digest_us-east-1_fixture-trail_us-east-1_20260501T110000Z.json.gz';

/** Every event file of the fixture folder (bad/ is covered elsewhere; the digest is not an event file). */
const CLEAN: Readonly<Record<string, readonly string[]>> = {
  'identity-root.json': ['100146fa-72a7-4d80-b03e-431932fc179d', '1002b217-c82c-412f-aa54-c1a3e4cae8d7', '10033fc2-5a84-40e8-b6c6-f0ad049e5e26'],
  'identity-iam-user.json': ['11013701-dd8c-4318-894b-8ead6c2a6ec2'],
  'identity-assumed-role.json': ['120129f5-d499-45cd-b353-90fcc8d89d67'],
  'identity-role.json': ['130163fc-a73b-4e5b-9d44-ae13e1f15040'],
  'identity-federated-user.json': ['140118bf-ea43-4f39-9bca-0a0703c8b810', '1402f7ae-33dc-445c-9364-9fd0dc2f5e7c'],
  'identity-aws-account.json': ['1501168d-eb01-47ff-9506-0c527909fae0', '1502e27d-3eab-4eec-9795-675fb07c48fc'],
  'identity-aws-service.json': ['160147d8-105f-417a-bd66-117e07832510', '160227b5-7e68-49d5-81e3-a2dcb6be268c', '1603bb72-a12b-42c3-b1ec-002a482ab6ec'],
  'identity-identity-center-user.json': ['170109b8-bbf0-4108-9a42-2e8e294b559b', '17024a45-6440-477b-87cf-2bc657adac44', '17032e2a-ea71-4192-b64d-0a9f3bc39cc5'],
  'identity-assumed-role-on-behalf-of.json': ['18014625-2d78-4f41-a4e1-294914d1da64', '18029e13-bd59-4d7c-9f6f-c1ef970c6810'],
  'identity-saml-user.json': ['1901ef03-6354-4c59-87e9-6f449d185048', '1902aefa-cd94-4636-a69c-2ed09aec0975'],
  'identity-web-identity-user.json': ['1a0103de-d99f-4e68-8cf9-a70219beb64e', '1a021f7c-5ac7-4d15-b1b3-a6465839e9f8'],
  'identity-unknown.json': ['1b011d96-7321-4a70-af7d-e99d4e14f12e', '1b0297cc-05bb-4f32-8611-8767d62ae557', '1b0347cb-0b07-410a-bb51-1e7d3bc11f4d'],
  'identity-in-scope-of.json': ['1c01fc96-e8fd-44f6-8954-941c0712ab04', '1c02be36-692d-4fa5-b908-60b80d912dd7'],
  'sts-assume-role.json': ['20019ad0-02b5-43f9-b25f-ca23e585b074', '2002c6a5-962a-408f-a358-e3d683a4e7c8'],
  'sts-get-session-token.json': ['2101035d-47f1-4369-b8f1-ac63965d3a5e', '21021c44-6633-4f7f-8c05-1042667b8597'],
  'sts-get-federation-token.json': ['22010d0f-cf4c-45b0-bd1c-3d47cff73e53', '22026b88-12d5-4848-a94c-5c220e55800c', '220365c6-6c03-4623-8a8c-26ae7660e382'],
  'console-login-success.json': ['2301a4dd-2005-4564-9fca-cfc6a13d8ed3', '23020233-86d1-449b-af1c-cd306170c286', '2303a047-2019-4252-80c5-a0459a2ad9e4'],
  'console-login-failure.json': ['2401af7c-d106-4f10-8654-74451902ae9d', '2402394f-938e-4de1-8ea4-289b77eb2445'],
  'error-code.json': ['2501f007-078f-41f7-8e8d-9f24054620b9', '2502c956-9fe2-4484-9719-a3a93aee8611', '2503c05f-febd-48d0-bc6e-10570ab40a43'],
  'null-fields.json': ['260151d5-e87c-48c8-b16e-a9e7bcfc5273', '2602539f-4288-457a-b869-306f51064c00', '2603d613-46d3-407e-8daa-1e538c14c627'],
  'creation-date-basic.json': ['270111b7-96db-43e5-9693-debd8263a487', '27028384-df63-47ca-b398-6cab11513ccd'],
  'cross-account-duplicate.json': ['2801e268-594e-4342-90a9-89ddb914e859', '2802ba6b-074b-4ab5-b93c-692f37a126e6', '28031986-28f9-471e-9a34-e529bdb6f83c'],
  'duplicate-delivery.json': ['2901bd23-032b-4267-abf7-c4d298acdd8f', '290297ed-9646-4541-86af-2101bfad1cdf', '2901bd23-032b-4267-abf7-c4d298acdd8f'],
  // LookupEvents pages are newest first.
  'lookup-events.json': ['2a0215af-0983-46c3-b997-a77a2a7f6aef', '2a0153e3-14e4-4a2f-b1c6-f52ae1d247dc'],
  'lookup-events-cli-v1.json': ['2b024711-87bf-4621-b8e5-343cdf8a603c', '2b01d67c-93fe-44b4-b581-1fbf38b97026'],
  'eventbridge.jsonl': ['2c015c83-ee4a-4032-a04a-224238f2fdea', '2c02507c-6cec-436a-a426-3a0877e907f1'],
  'ndjson.jsonl': ['2d0111c5-7c98-4789-b91a-aa897aebdf98', '2d02a2a7-c218-4cd7-ba3f-ddd2e9898516', '2d033695-5d1b-49d3-baf7-b2bbd3fa1f6d'],
  // Delivered out of time order: file order is kept, time says otherwise.
  [S3_EAST]: ['3002e7d4-705b-4145-8e46-5b62a282a862', '3003bebd-14e5-4d86-82f3-ff952715cc78', '30014d3e-1e8a-45e2-8173-fcd616c2cc03'],
  [S3_WEST]: ['310172c5-c61c-4a88-b4a2-ec103ef4c968', '31023abf-40eb-4da1-ba73-ba9d57244458'],
  'space-timestamp.jsonl': ['34010fce-8980-4f46-bd67-3c8648f384af', '34022b54-11b9-4840-81c0-1aacf98a4bc7', '3403cd2f-a037-49b2-9c0f-7df235767a3d'],
  'expiration-locale.json': [
    '3501e7ad-9ec7-455e-8cab-315329fad2c4',
    '35020bed-eb5c-4b9c-9a87-07b5317de663',
    '35033383-5ecf-44be-9efe-05ebd78067a4',
    '350415ca-0cb4-4dc5-a58e-ac0484652ad1',
    '3505f77b-315c-4bda-93b5-b41e5bfe6bbc',
  ],
};

/** Session-token canaries (README) and the issuing event that carries each. */
const CANARIES: ReadonlyArray<readonly [file: string, eventId: string, token: string]> = [
  ['sts-assume-role.json', '20019ad0-02b5-43f9-b25f-ca23e585b074', 'FAKE-SESSION-TOKEN-assume-role-0001'],
  ['identity-aws-service.json', '160147d8-105f-417a-bd66-117e07832510', 'FAKE-SESSION-TOKEN-aws-service-0016'],
  ['creation-date-basic.json', '270111b7-96db-43e5-9693-debd8263a487', 'FAKE-SESSION-TOKEN-creation-date-basic-0027'],
  ['cross-account-duplicate.json', '2801e268-594e-4342-90a9-89ddb914e859', 'FAKE-SESSION-TOKEN-cross-account-0028'],
  ['cross-account-duplicate.json', '2802ba6b-074b-4ab5-b93c-692f37a126e6', 'FAKE-SESSION-TOKEN-cross-account-0028'],
  ['eventbridge.jsonl', '2c02507c-6cec-436a-a426-3a0877e907f1', 'FAKE-SESSION-TOKEN-eventbridge-0044'],
  ['expiration-locale.json', '3501e7ad-9ec7-455e-8cab-315329fad2c4', 'FAKE-SESSION-TOKEN-expiration-locale-0001'],
  ['expiration-locale.json', '35020bed-eb5c-4b9c-9a87-07b5317de663', 'FAKE-SESSION-TOKEN-expiration-locale-0002'],
  ['expiration-locale.json', '35033383-5ecf-44be-9efe-05ebd78067a4', 'FAKE-SESSION-TOKEN-expiration-locale-0003'],
  ['expiration-locale.json', '350415ca-0cb4-4dc5-a58e-ac0484652ad1', 'FAKE-SESSION-TOKEN-expiration-locale-0004'],
  ['expiration-locale.json', '3505f77b-315c-4bda-93b5-b41e5bfe6bbc', 'FAKE-SESSION-TOKEN-expiration-locale-0005'],
  ['sts-get-federation-token.json', '22010d0f-cf4c-45b0-bd1c-3d47cff73e53', 'FAKE-SESSION-TOKEN-get-federation-token-0022'],
  ['sts-get-session-token.json', '2101035d-47f1-4369-b8f1-ac63965d3a5e', 'FAKE-SESSION-TOKEN-get-session-token-0021'],
  ['lookup-events.json', '2a0153e3-14e4-4a2f-b1c6-f52ae1d247dc', 'FAKE-SESSION-TOKEN-lookup-events-0042'],
  ['lookup-events-cli-v1.json', '2b01d67c-93fe-44b4-b581-1fbf38b97026', 'FAKE-SESSION-TOKEN-lookup-events-cli-v1-0043'],
  ['ndjson.jsonl', '2d0111c5-7c98-4789-b91a-aa897aebdf98', 'FAKE-SESSION-TOKEN-ndjson-0045'],
  [S3_EAST, '3002e7d4-705b-4145-8e46-5b62a282a862', 'FAKE-SESSION-TOKEN-s3-layout-0048'],
  ['identity-saml-user.json', '1901ef03-6354-4c59-87e9-6f449d185048', 'FAKE-SESSION-TOKEN-saml-user-0019'],
  ['space-timestamp.jsonl', '34010fce-8980-4f46-bd67-3c8648f384af', 'FAKE-SESSION-TOKEN-space-timestamp-0052'],
  ['identity-web-identity-user.json', '1a0103de-d99f-4e68-8cf9-a70219beb64e', 'FAKE-SESSION-TOKEN-web-identity-0026'],
];

/** Reads a fixture through the real reader and parses every record with the cloudtrail adapter. */
const load = fixtureLoader(cloudtrail, CT);

async function eventOf(file: string, eventId: string): Promise<NormalizedEvent> {
  const { events } = await load(file);
  const found = events.find((e) => e.id === `cloudtrail:${eventId}`);
  expect(found, `${file}: ${eventId}`).toBeDefined();
  return found!;
}

/** The event of `eventId`, every field but `raw`. */
async function fields(file: string, eventId: string): Promise<Omit<NormalizedEvent, 'raw'>> {
  return withoutRaw(await eventOf(file, eventId));
}

const sha = (secret: string): string => `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
const sessionKey = (arn: string, created: string): string => `aws-session:${arn}@${new Date(ms(created)).toISOString()}`;

const ACCOUNT = '111122223333';
const PARTNER = '444455556666';
const CLI_PREFIX =
  'aws-cli/2.27.10 md/awscrt#0.26.1 ua/2.1 os/linux#6.8.0-1024-aws md/arch#x86_64 lang/python#3.13.3 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#';
const cli = (command: string): string => CLI_PREFIX + command;
const goSdk = (api: string): string => `aws-sdk-go-v2/1.36.3 ua/2.1 os/linux lang/go#1.24.2 md/GOOS#linux md/GOARCH#amd64 api/${api} m/E,g`;
const BOTO = 'Boto3/1.38.12 md/Botocore#1.38.12 ua/2.1 os/linux#5.10.236-227.928.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.10 md/pyimpl#CPython';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36';

const iamUser = (name: string, account = ACCOUNT): PrincipalRef => ({
  id: `aws:arn:aws:iam::${account}:user/${name}`,
  type: 'human',
  name,
  aliases: [],
});
const role = (name: string, account = ACCOUNT, path = ''): PrincipalRef => ({
  id: `aws:arn:aws:iam::${account}:role/${path}${name}`,
  type: 'role',
  name,
});
const ROOT: PrincipalRef = { id: `aws:arn:aws:iam::${ACCOUNT}:root`, type: 'human', name: `root (${ACCOUNT})` };

/** attrs every ordinary API call in the primary account has. */
function apiAttrs(identityType: string, readOnly: boolean, eventSource: string, account = ACCOUNT): Record<string, string | boolean> {
  return {
    account,
    actor_account: account,
    region: 'us-east-1',
    event_type: 'AwsApiCall',
    event_category: 'Management',
    read_only: readOnly,
    identity_type: identityType,
    event_source: eventSource,
  };
}

describe('every clean fixture file', () => {
  it.each(Object.keys(CLEAN))('%s: reads every record, parses it with zero rejects, one event per record, ids from eventID', async (file) => {
    const loaded = await load(file);
    expect(loaded.unreadable).toEqual([]);
    expect(loaded.rejects).toEqual([]);
    expect(loaded.events.map((e) => e.id)).toEqual(CLEAN[file]!.map((id) => `cloudtrail:${id}`));
    for (const event of loaded.events) {
      expect(event.format).toBe('cloudtrail');
      expect(Number.isInteger(event.time)).toBe(true);
    }
  });
});

describe('identity-root.json', () => {
  const FILE = 'identity-root.json';

  it('the console session creating a long-term key: every field', async () => {
    expect(await fields(FILE, '1002b217-c82c-412f-aa54-c1a3e4cae8d7')).toEqual({
      id: 'cloudtrail:1002b217-c82c-412f-aa54-c1a3e4cae8d7',
      format: 'cloudtrail',
      time: ms('2026-05-01T08:16:20Z'),
      kind: 'credential',
      name: 'iam:CreateAccessKey',
      actor: ROOT,
      credential_used: 'aws-akid:ASIAFXROOTCONSOLE010',
      // No userName in the request: the key is the caller's own. createDate is not an expiry.
      credential_issued: { id: 'aws-akid:AKIAFXROOTNEWKEY0010', issuedTo: ROOT },
      session: sessionKey(`arn:aws:iam::${ACCOUNT}:root`, '2026-05-01T08:14:55Z'),
      session_start: ms('2026-05-01T08:14:55Z'),
      target: `account ${ACCOUNT}`,
      outcome: 'success',
      ip: '203.0.113.10',
      user_agent: 'AWS Internal',
      trace: { request_id: '21cf21cf-eb47-4c79-a0ff-0d8ec2955f43' },
      attrs: {
        ...apiAttrs('Root', false, 'iam.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:root`,
        principal_id: ACCOUNT,
        mfa: true,
        console: true,
      },
    });
  });

  it('the root ConsoleLogin authenticates; its empty accessKeyId is no credential', async () => {
    const login = await eventOf(FILE, '100146fa-72a7-4d80-b03e-431932fc179d');
    expect(login).toMatchObject({ kind: 'authenticate', name: 'signin:ConsoleLogin', actor: ROOT, outcome: 'success', ip: '203.0.113.10' });
    expect(login.credential_used).toBeUndefined();
    expect(login.session).toBeUndefined();
    expect(login.attrs).toMatchObject({ event_type: 'AwsConsoleSignIn', mfa_used: 'Yes', identity_type: 'Root' });
  });

  it('the new AKIA key is then used by a Root identity without a session', async () => {
    const use = await eventOf(FILE, '10033fc2-5a84-40e8-b6c6-f0ad049e5e26');
    expect(use).toMatchObject({ name: 's3:ListBuckets', actor: ROOT, credential_used: 'aws-akid:AKIAFXROOTNEWKEY0010', ip: '198.51.100.10' });
    expect(use.session).toBeUndefined();
    expect(use.session_start).toBeUndefined();
  });
});

describe('identity-iam-user.json', () => {
  it('an IAM user with a long-term key: every field', async () => {
    expect(await fields('identity-iam-user.json', '11013701-dd8c-4318-894b-8ead6c2a6ec2')).toEqual({
      id: 'cloudtrail:11013701-dd8c-4318-894b-8ead6c2a6ec2',
      format: 'cloudtrail',
      time: ms('2026-05-01T09:05:41Z'),
      kind: 'action',
      name: 's3:PutBucketPolicy',
      actor: iamUser('alice.fixture'),
      credential_used: 'aws-akid:AKIAFXIAMUSERALICE11',
      target: 'arn:aws:s3:::fixture-iamuser-bucket-0011',
      outcome: 'success',
      ip: '198.51.100.11',
      user_agent: cli('s3api.put-bucket-policy'),
      trace: { request_id: '04b204b2-4508-4fd4-a555-aca23d22caad' },
      attrs: {
        ...apiAttrs('IAMUser', false, 's3.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:user/alice.fixture`,
        principal_id: 'AIDAFXALICEUSER00011',
      },
    });
  });
});

describe('identity-assumed-role.json', () => {
  it('a role session with MFA and a source identity: every field', async () => {
    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/ops-admin/alice@corp.example`;
    expect(await fields('identity-assumed-role.json', '120129f5-d499-45cd-b353-90fcc8d89d67')).toEqual({
      id: 'cloudtrail:120129f5-d499-45cd-b353-90fcc8d89d67',
      format: 'cloudtrail',
      time: ms('2026-05-01T09:20:03Z'),
      kind: 'action',
      name: 'ec2:TerminateInstances',
      // The actor is the role (from sessionIssuer); the person is the session name and the source identity.
      actor: role('ops-admin'),
      credential_used: 'aws-akid:ASIAFXOPSADMINSESS12',
      session: sessionKey(arn, '2026-05-01T09:12:40Z'),
      session_start: ms('2026-05-01T09:12:40Z'),
      source_identity: 'alice@corp.example',
      target: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0fa12e0000000012a`,
      outcome: 'success',
      ip: '198.51.100.12',
      user_agent: cli('ec2.terminate-instances'),
      trace: { request_id: '000d000d-87d4-4242-8d9c-c9d2a2ede914' },
      attrs: {
        ...apiAttrs('AssumedRole', false, 'ec2.amazonaws.com'),
        identity_arn: arn,
        principal_id: 'AROAFXOPSADMIN000012:alice@corp.example',
        session_name: 'alice@corp.example',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/ops-admin`,
        mfa: true,
      },
    });
  });
});

describe('identity-role.json', () => {
  it('a persistent Role identity (no session, no key): every field', async () => {
    expect(await fields('identity-role.json', '130163fc-a73b-4e5b-9d44-ae13e1f15040')).toEqual({
      id: 'cloudtrail:130163fc-a73b-4e5b-9d44-ae13e1f15040',
      format: 'cloudtrail',
      time: ms('2026-05-01T09:31:19Z'),
      kind: 'action',
      name: 'ssm:GetParameter',
      actor: role('fixture-persistent-role-13'),
      target: '/fixture/role-13/config',
      outcome: 'success',
      ip: '198.51.100.13',
      user_agent: goSdk('ssm#1.58.0'),
      trace: { request_id: '1d081d08-1085-4fa6-b894-999f5a0fd87c' },
      attrs: {
        ...apiAttrs('Role', true, 'ssm.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:role/fixture-persistent-role-13`,
        principal_id: 'AROAFXPERSISTROLE013',
      },
    });
  });
});

describe('identity-federated-user.json', () => {
  const FED: PrincipalRef = { id: `aws:arn:aws:sts::${ACCOUNT}:federated-user/fx-partner-portal-14`, type: 'human', name: 'fx-partner-portal-14' };

  it('a federated user issued by an IAM user: every field', async () => {
    expect(await fields('identity-federated-user.json', '140118bf-ea43-4f39-9bca-0a0703c8b810')).toEqual({
      id: 'cloudtrail:140118bf-ea43-4f39-9bca-0a0703c8b810',
      format: 'cloudtrail',
      time: ms('2026-05-01T11:20:31Z'),
      kind: 'action',
      name: 'sts:GetCallerIdentity',
      actor: FED,
      credential_used: 'aws-akid:ASIAFXFEDUSERPORTL14',
      session: sessionKey(`arn:aws:sts::${ACCOUNT}:federated-user/fx-partner-portal-14`, '2026-05-01T11:20:05Z'),
      session_start: ms('2026-05-01T11:20:05Z'),
      target: `account ${ACCOUNT}`,
      outcome: 'success',
      ip: '198.51.100.14',
      user_agent: goSdk('sts#1.33.19'),
      trace: { request_id: '91be91be-671d-4fe5-bfdd-0a7d3b97561f' },
      attrs: {
        ...apiAttrs('FederatedUser', true, 'sts.amazonaws.com'),
        identity_arn: `arn:aws:sts::${ACCOUNT}:federated-user/fx-partner-portal-14`,
        principal_id: `${ACCOUNT}:fx-partner-portal-14`,
        session_issuer: `arn:aws:iam::${ACCOUNT}:user/fx-token-broker-14`,
        mfa: false,
      },
    });
  });

  it('both calls share one session and one key', async () => {
    const [a, b] = (await load('identity-federated-user.json')).events;
    expect(b).toMatchObject({ name: 'ec2:DescribeInstances', actor: FED, credential_used: a!.credential_used, session: a!.session });
  });
});

describe('identity-aws-account.json', () => {
  it('a cross-account caller as the key owner sees it: every field', async () => {
    expect(await fields('identity-aws-account.json', '1501168d-eb01-47ff-9506-0c527909fae0')).toEqual({
      id: 'cloudtrail:1501168d-eb01-47ff-9506-0c527909fae0',
      format: 'cloudtrail',
      time: ms('2026-05-01T10:40:12Z'),
      kind: 'action',
      name: 'kms:Decrypt',
      actor: {
        id: `aws-account:${PARTNER}`,
        type: 'unknown',
        name: `AWS account ${PARTNER}`,
        aliases: ['aws-principal-id:AROAFXPARTNERAPP0015:partner-batch-15'],
      },
      operation_key: 'aws-shared-event:5e15f3a6-3328-4af7-8364-71227f8c632a',
      target: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f150000-aaaa-4bbb-8ccc-000000000015`,
      outcome: 'success',
      ip: '198.51.100.15',
      user_agent: `${BOTO} cfg/retry-mode#legacy Botocore/1.38.12`,
      trace: { request_id: '2e862e86-0996-495d-b267-5adb3d62037d' },
      attrs: {
        ...apiAttrs('AWSAccount', true, 'kms.amazonaws.com'),
        // The record lands in the key owner's account; the caller is the partner account.
        account: ACCOUNT,
        actor_account: PARTNER,
        principal_id: 'AROAFXPARTNERAPP0015:partner-batch-15',
        shared_event_id: '5e15f3a6-3328-4af7-8364-71227f8c632a',
      },
    });
  });

  it('no arn and no accessKeyId: no credential, no session', async () => {
    const second = await eventOf('identity-aws-account.json', '1502e27d-3eab-4eec-9795-675fb07c48fc');
    expect(second.actor).toEqual({ id: `aws-account:${PARTNER}`, type: 'unknown', name: `AWS account ${PARTNER}`, aliases: ['aws-principal-id:AIDAFXPARTNERUSER015'] });
    expect(second.operation_key).toBe('aws-shared-event:5e155c26-e82b-4b9d-b397-cfb76d0262ff');
    expect(second.credential_used).toBeUndefined();
    expect(second.session).toBeUndefined();
  });
});

describe('identity-aws-service.json', () => {
  const FILE = 'identity-aws-service.json';
  const INSTANCE_ROLE = role('fx-ec2-instance-role-16');

  it('EC2 assuming an instance-profile role: every field', async () => {
    expect(await fields(FILE, '160147d8-105f-417a-bd66-117e07832510')).toEqual({
      id: 'cloudtrail:160147d8-105f-417a-bd66-117e07832510',
      format: 'cloudtrail',
      time: ms('2026-05-01T07:00:04Z'),
      kind: 'credential',
      name: 'sts:AssumeRole',
      actor: { id: 'aws-service:ec2.amazonaws.com', type: 'service', name: 'ec2.amazonaws.com' },
      credential_issued: {
        id: 'aws-akid:ASIAFXEC2INSTPROF016',
        issuedTo: INSTANCE_ROLE,
        expires: ms('2026-05-01T13:00:04Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-aws-service-0016'),
      },
      target: `arn:aws:iam::${ACCOUNT}:role/fx-ec2-instance-role-16`,
      outcome: 'success',
      // AWS services show their DNS name where a client would show an address.
      ip: 'ec2.amazonaws.com',
      user_agent: 'ec2.amazonaws.com',
      trace: { request_id: '870a870a-4ef6-4e05-89bd-5a113f2d3d00' },
      attrs: {
        account: ACCOUNT,
        region: 'us-east-1',
        event_type: 'AwsApiCall',
        event_category: 'Management',
        read_only: true,
        identity_type: 'AWSService',
        invoked_by: 'ec2.amazonaws.com',
        event_source: 'sts.amazonaws.com',
        issued_session_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/fx-ec2-instance-role-16/i-0fa16e0000000016b`,
      },
    });
  });

  it('CloudTrail encrypting its own log file is the cloudtrail service acting', async () => {
    const kms = await eventOf(FILE, '160227b5-7e68-49d5-81e3-a2dcb6be268c');
    expect(kms).toMatchObject({
      name: 'kms:GenerateDataKey',
      actor: { id: 'aws-service:cloudtrail.amazonaws.com', type: 'service', name: 'cloudtrail.amazonaws.com' },
      operation_key: 'aws-shared-event:5e168918-f6cc-4780-8cde-2e77c6e60e77',
      attrs: { invoked_by: 'cloudtrail.amazonaws.com' },
    });
    expect(kms.credential_used).toBeUndefined();
  });

  it('the instance then uses the issued key as the role', async () => {
    const use = await eventOf(FILE, '1603bb72-a12b-42c3-b1ec-002a482ab6ec');
    expect(use).toMatchObject({
      actor: INSTANCE_ROLE,
      credential_used: 'aws-akid:ASIAFXEC2INSTPROF016',
      session_start: ms('2026-05-01T07:00:04Z'),
      attrs: { session_name: 'i-0fa16e0000000016b' },
    });
  });
});

describe('identity-identity-center-user.json', () => {
  const FILE = 'identity-identity-center-user.json';
  const USER_ID = 'c4a8f4e8-1071-7034-a0b1-17f1c7a00017';
  const IDC_USER: PrincipalRef = { id: `aws-idc-user:${USER_ID}`, type: 'human', name: `Identity Center user ${USER_ID}` };

  it('the portal handing out role credentials: every field (no key is logged)', async () => {
    expect(await fields(FILE, '17024a45-6440-477b-87cf-2bc657adac44')).toEqual({
      id: 'cloudtrail:17024a45-6440-477b-87cf-2bc657adac44',
      format: 'cloudtrail',
      time: ms('2026-05-01T08:40:19Z'),
      kind: 'credential',
      name: 'sso:GetRoleCredentials',
      // onBehalfOf names the actor itself here, so there is no separate on_behalf_of.
      actor: IDC_USER,
      credential_used: 'aws-idc-credential:FIXTURE-IDC-CREDENTIAL-ID-0017',
      target: `ReadOnly in account ${PARTNER}`,
      outcome: 'success',
      ip: '203.0.113.17',
      user_agent: cli('sso.get-role-credentials'),
      trace: { request_id: 'a696a696-b969-4484-b5c4-21870760ffed' },
      attrs: {
        ...apiAttrs('IdentityCenterUser', true, 'sso.amazonaws.com'),
        event_type: 'AwsServiceEvent',
        sso_role_name: 'ReadOnly',
        sso_account: PARTNER,
      },
    });
    expect((await eventOf(FILE, '17024a45-6440-477b-87cf-2bc657adac44')).credential_issued).toBeUndefined();
  });

  it('ListAccounts is the same user with the same bearer credential', async () => {
    const list = await eventOf(FILE, '170109b8-bbf0-4108-9a42-2e8e294b559b');
    expect(list).toMatchObject({ kind: 'action', name: 'sso:ListAccounts', actor: IDC_USER, credential_used: 'aws-idc-credential:FIXTURE-IDC-CREDENTIAL-ID-0017' });
    expect(list.on_behalf_of).toBeUndefined();
  });

  it('the resulting AWSReservedSSO session in the member account: role with its path, session named by e-mail', async () => {
    const use = await eventOf(FILE, '17032e2a-ea71-4192-b64d-0a9f3bc39cc5');
    expect(use).toMatchObject({
      actor: role('AWSReservedSSO_ReadOnly_0f17a0b1c2d3e4f5', PARTNER, 'aws-reserved/sso.amazonaws.com/us-east-1/'),
      credential_used: 'aws-akid:ASIAFXIDCPORTALCRD17',
      session_start: ms('2026-05-01T08:40:19Z'),
      attrs: { account: PARTNER, session_name: 'alice@corp.example' },
    });
    expect(use.credential_issued).toBeUndefined();
  });

  it('the AWS-named session user is who the Identity Center role acts for', async () => {
    const use = await eventOf(FILE, '17032e2a-ea71-4192-b64d-0a9f3bc39cc5');
    expect(use.on_behalf_of).toEqual({
      id: 'aws-sso-user:alice@corp.example',
      type: 'human',
      name: 'alice@corp.example',
      aliases: ['email:alice@corp.example'],
    });
  });
});

describe('identity-assumed-role-on-behalf-of.json', () => {
  it('an identity-enhanced role session acting for an Identity Center user: every field', async () => {
    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0f18a0b1c2d3e4f5/dana@corp.example`;
    expect(await fields('identity-assumed-role-on-behalf-of.json', '18014625-2d78-4f41-a4e1-294914d1da64')).toEqual({
      id: 'cloudtrail:18014625-2d78-4f41-a4e1-294914d1da64',
      format: 'cloudtrail',
      time: ms('2026-05-01T12:30:02Z'),
      kind: 'action',
      name: 'sts:GetCallerIdentity',
      actor: role('AWSReservedSSO_AdministratorAccess_0f18a0b1c2d3e4f5', ACCOUNT, 'aws-reserved/sso.amazonaws.com/us-east-1/'),
      on_behalf_of: {
        id: 'aws-idc-user:b5d1e2f3-1871-70aa-9c18-000000000018',
        type: 'human',
        name: 'Identity Center user b5d1e2f3-1871-70aa-9c18-000000000018',
      },
      credential_used: 'aws-akid:ASIAFXTIPSESSION0018',
      session: sessionKey(arn, '2026-05-01T12:30:02Z'),
      session_start: ms('2026-05-01T12:30:02Z'),
      target: `account ${ACCOUNT}`,
      outcome: 'success',
      ip: '198.51.100.18',
      user_agent: goSdk('sts#1.33.19'),
      trace: { request_id: 'd72ed72e-cb69-4c98-aaf4-701415f01225' },
      attrs: {
        ...apiAttrs('AssumedRole', true, 'sts.amazonaws.com'),
        identity_arn: arn,
        principal_id: 'AROAFXSSOADMIN000018:dana@corp.example',
        session_name: 'dana@corp.example',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_AdministratorAccess_0f18a0b1c2d3e4f5`,
        mfa: false,
      },
    });
  });
});

describe('identity-saml-user.json', () => {
  const FILE = 'identity-saml-user.json';

  it('AssumeRoleWithSAML by a SAML user: every field', async () => {
    expect(await fields(FILE, '1901ef03-6354-4c59-87e9-6f449d185048')).toEqual({
      id: 'cloudtrail:1901ef03-6354-4c59-87e9-6f449d185048',
      format: 'cloudtrail',
      time: ms('2026-05-01T12:00:10Z'),
      kind: 'credential',
      name: 'sts:AssumeRoleWithSAML',
      // identityProvider is the SAML nameQualifier, not the IdP URL.
      actor: {
        id: 'aws-saml:FIXTUREnameQualifierSAML19=:erin@corp.example',
        type: 'human',
        name: 'erin@corp.example',
        aliases: ['email:erin@corp.example'],
      },
      credential_issued: {
        id: 'aws-akid:ASIAFXSAMLSESSION019',
        issuedTo: role('fx-saml-engineer-19'),
        expires: ms('2026-05-01T13:00:10Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-saml-user-0019'),
      },
      target: `arn:aws:iam::${ACCOUNT}:role/fx-saml-engineer-19, arn:aws:iam::${ACCOUNT}:saml-provider/FixtureIdP19`,
      outcome: 'success',
      ip: '198.51.100.19',
      user_agent: BROWSER,
      trace: { request_id: '48a148a1-25c0-4bf2-b4dd-40338e4c2f3b' },
      attrs: {
        account: ACCOUNT,
        region: 'us-east-1',
        event_type: 'AwsApiCall',
        event_category: 'Management',
        read_only: true,
        identity_type: 'SAMLUser',
        principal_id: 'FIXTUREnameQualifierSAML19=:erin@corp.example',
        identity_provider: 'FIXTUREnameQualifierSAML19=',
        event_source: 'sts.amazonaws.com',
        issued_source_identity: 'erin@corp.example',
        issued_session_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/fx-saml-engineer-19/erin@corp.example`,
        saml_subject: 'erin@corp.example',
      },
    });
  });

  it('the console then uses the issued key, carrying the source identity', async () => {
    const use = await eventOf(FILE, '1902aefa-cd94-4636-a69c-2ed09aec0975');
    expect(use).toMatchObject({
      name: 'iam:ListRoles',
      actor: role('fx-saml-engineer-19'),
      credential_used: 'aws-akid:ASIAFXSAMLSESSION019',
      source_identity: 'erin@corp.example',
      session_start: ms('2026-05-01T12:00:10Z'),
      attrs: { console: true, session_name: 'erin@corp.example' },
    });
  });
});

describe('identity-web-identity-user.json', () => {
  const FILE = 'identity-web-identity-user.json';
  const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const SUB = 'repo:acme-fixture/deploy:ref:refs/heads/main';

  it('GitHub Actions OIDC assuming a deploy role: every field; the workload is a service, not a person', async () => {
    expect(await fields(FILE, '1a0103de-d99f-4e68-8cf9-a70219beb64e')).toEqual({
      id: 'cloudtrail:1a0103de-d99f-4e68-8cf9-a70219beb64e',
      format: 'cloudtrail',
      time: ms('2026-05-01T15:10:26Z'),
      kind: 'credential',
      name: 'sts:AssumeRoleWithWebIdentity',
      actor: { id: `aws-web-identity:${PROVIDER}:${SUB}`, type: 'service', name: SUB, aliases: [] },
      credential_issued: {
        id: 'aws-akid:ASIAFXGHACTIONSDEP1A',
        issuedTo: role('fx-gha-deploy-1a'),
        expires: ms('2026-05-01T16:10:26Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-web-identity-0026'),
      },
      target: `arn:aws:iam::${ACCOUNT}:role/fx-gha-deploy-1a`,
      outcome: 'success',
      ip: '198.51.100.26',
      user_agent: 'aws-sdk-nodejs/3.787.0 linux/v20.19.1 configure-aws-credentials-for-github-actions',
      trace: { request_id: '43e543e5-4a6b-49ed-b1c8-a7d51172bee6' },
      attrs: {
        account: ACCOUNT,
        region: 'us-east-1',
        event_type: 'AwsApiCall',
        event_category: 'Management',
        read_only: true,
        identity_type: 'WebIdentityUser',
        principal_id: `${PROVIDER}:sts.amazonaws.com:${SUB}`,
        identity_provider: PROVIDER,
        event_source: 'sts.amazonaws.com',
        issued_session_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/fx-gha-deploy-1a/GitHubActions`,
        web_identity_subject: SUB,
      },
    });
  });

  it('the deploy uses the issued key; webIdFederationData names the provider', async () => {
    const deploy = await eventOf(FILE, '1a021f7c-5ac7-4d15-b1b3-a6465839e9f8');
    expect(deploy).toMatchObject({
      name: 'lambda:UpdateFunctionCode20150331v2',
      actor: role('fx-gha-deploy-1a'),
      credential_used: 'aws-akid:ASIAFXGHACTIONSDEP1A',
      target: 'fx-deploy-target-1a',
      attrs: { web_identity_provider: PROVIDER, session_name: 'GitHubActions' },
    });
  });
});

describe('identity-unknown.json', () => {
  const FILE = 'identity-unknown.json';
  const FRANK: PrincipalRef = { id: `aws-unknown:${ACCOUNT}:frank.fixture`, type: 'unknown', name: 'frank.fixture' };

  it('a failed Identity Center password check: every field; the result is in serviceEventDetails', async () => {
    expect(await fields(FILE, '1b0297cc-05bb-4f32-8611-8767d62ae557')).toEqual({
      id: 'cloudtrail:1b0297cc-05bb-4f32-8611-8767d62ae557',
      format: 'cloudtrail',
      time: ms('2026-05-01T06:50:21Z'),
      kind: 'authenticate',
      name: 'signin:CredentialVerification',
      actor: FRANK,
      target: `account ${ACCOUNT}`,
      outcome: 'failure',
      ip: '203.0.113.27',
      user_agent: BROWSER,
      trace: { request_id: '102b102b-665a-4214-abc9-0a2c3405734d' },
      attrs: {
        ...apiAttrs('Unknown', false, 'signin.amazonaws.com'),
        event_type: 'AwsServiceEvent',
        principal_id: ACCOUNT,
      },
    });
  });

  it('the challenge step before it succeeded; an empty arn and accessKeyId are absent values', async () => {
    const challenge = await eventOf(FILE, '1b011d96-7321-4a70-af7d-e99d4e14f12e');
    expect(challenge).toMatchObject({ kind: 'authenticate', name: 'signin:CredentialChallenge', actor: FRANK, outcome: 'success' });
    expect(challenge.credential_used).toBeUndefined();
    expect(challenge.attrs).not.toHaveProperty('identity_arn');
  });

  it('an anonymous Cognito sign-up keeps "Anonymous" as its only name', async () => {
    const signUp = await eventOf(FILE, '1b0347cb-0b07-410a-bb51-1e7d3bc11f4d');
    expect(signUp).toMatchObject({
      kind: 'action',
      name: 'cognito-idp:SignUp',
      actor: { id: 'aws-unknown:Anonymous', type: 'unknown', name: 'Anonymous' },
      target: `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_Fixture1B`,
      outcome: 'success',
    });
  });
});

describe('identity-in-scope-of.json', () => {
  const FILE = 'identity-in-scope-of.json';
  const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fx-inventory-1c`;
  const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/fx-inventory-exec-1c/fx-inventory-1c`;

  it('Lambda acting for the function outside its runtime: every field', async () => {
    expect(await fields(FILE, '1c02be36-692d-4fa5-b908-60b80d912dd7')).toEqual({
      id: 'cloudtrail:1c02be36-692d-4fa5-b908-60b80d912dd7',
      format: 'cloudtrail',
      time: ms('2026-05-01T05:10:48Z'),
      kind: 'action',
      name: 'logs:CreateLogStream',
      actor: role('fx-inventory-exec-1c'),
      credential_used: 'aws-akid:ASIAFXLAMBDAEXEC001C',
      session: sessionKey(ARN, '2026-05-01T05:10:44Z'),
      session_start: ms('2026-05-01T05:10:44Z'),
      target: '/aws/lambda/fx-inventory-1c',
      outcome: 'success',
      ip: 'lambda.amazonaws.com',
      user_agent: 'lambda.amazonaws.com',
      trace: { request_id: 'd978d978-571f-4127-871c-003f6c03cf91' },
      attrs: {
        ...apiAttrs('AssumedRole', false, 'logs.amazonaws.com'),
        identity_arn: ARN,
        principal_id: 'AROAFXLAMBDAEXEC001C:fx-inventory-1c',
        session_name: 'fx-inventory-1c',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/fx-inventory-exec-1c`,
        mfa: false,
        invoked_by: 'lambda.amazonaws.com',
        in_scope_of: FUNCTION,
        credentials_issued_to: FUNCTION,
      },
    });
  });

  it('inside the runtime: inScopeOf names the function the credentials were issued to, and nothing invoked it', async () => {
    const inside = await eventOf(FILE, '1c01fc96-e8fd-44f6-8954-941c0712ab04');
    expect(inside.attrs).toMatchObject({ credentials_issued_to: FUNCTION, session_name: 'fx-inventory-1c' });
    expect(inside.attrs).not.toHaveProperty('invoked_by');
    expect(inside.attrs).not.toHaveProperty('in_scope_of');
    expect(inside.user_agent).toBe(`${BOTO} exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.38.12`);
  });
});

describe('sts-assume-role.json', () => {
  const FILE = 'sts-assume-role.json';
  const PARENT_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/orchestrator/orchestrator`;

  it('role chaining: the AssumeRole signed with the parent key issues the child key: every field', async () => {
    expect(await fields(FILE, '20019ad0-02b5-43f9-b25f-ca23e585b074')).toEqual({
      id: 'cloudtrail:20019ad0-02b5-43f9-b25f-ca23e585b074',
      format: 'cloudtrail',
      time: ms('2026-05-01T10:02:11Z'),
      kind: 'credential',
      name: 'sts:AssumeRole',
      actor: role('orchestrator'),
      credential_used: 'aws-akid:ASIAFXPARENTORCH0020',
      credential_issued: {
        id: 'aws-akid:ASIAFXCHILDROTATE020',
        issuedTo: role('secrets-rotator'),
        // "May 1, 2026, 10:17:11 AM": the comma form real records use since 2023.
        expires: ms('2026-05-01T10:17:11Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-assume-role-0001'),
      },
      session: sessionKey(PARENT_ARN, '2026-05-01T09:58:02Z'),
      session_start: ms('2026-05-01T09:58:02Z'),
      source_identity: 'dana@corp.example',
      target: `arn:aws:iam::${ACCOUNT}:role/secrets-rotator`,
      outcome: 'success',
      ip: '10.0.4.7',
      user_agent: goSdk('sts#1.33.19'),
      trace: { request_id: '3a623a62-8881-4e86-acc0-44e1a4d2546f' },
      attrs: {
        ...apiAttrs('AssumedRole', true, 'sts.amazonaws.com'),
        identity_arn: PARENT_ARN,
        principal_id: 'AROAFXORCHESTRATOR20:orchestrator',
        session_name: 'orchestrator',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/orchestrator`,
        mfa: false,
        issued_source_identity: 'dana@corp.example',
        issued_session_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/secrets-rotator/rotation-8841`,
      },
    });
  });

  it('the child key is then used, and the source identity persists', async () => {
    const use = await eventOf(FILE, '2002c6a5-962a-408f-a358-e3d683a4e7c8');
    expect(use).toMatchObject({
      kind: 'action',
      name: 'secretsmanager:PutSecretValue',
      actor: role('secrets-rotator'),
      credential_used: 'aws-akid:ASIAFXCHILDROTATE020',
      source_identity: 'dana@corp.example',
      session_start: ms('2026-05-01T10:02:11Z'),
      target: 'prod/db/password',
      user_agent: goSdk('secretsmanager#1.35.0'),
    });
    expect(use.credential_issued).toBeUndefined();
  });
});

describe('sts-get-session-token.json', () => {
  const FILE = 'sts-get-session-token.json';
  const BOB = iamUser('bob.fixture');

  it('GetSessionToken with MFA issues a session key to the same user: every field', async () => {
    expect(await fields(FILE, '2101035d-47f1-4369-b8f1-ac63965d3a5e')).toEqual({
      id: 'cloudtrail:2101035d-47f1-4369-b8f1-ac63965d3a5e',
      format: 'cloudtrail',
      time: ms('2026-05-01T07:30:00Z'),
      kind: 'credential',
      name: 'sts:GetSessionToken',
      actor: BOB,
      credential_used: 'aws-akid:AKIAFXBOBLONGTERM021',
      credential_issued: {
        id: 'aws-akid:ASIAFXBOBMFASESS0021',
        issuedTo: BOB,
        expires: ms('2026-05-01T19:30:00Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-get-session-token-0021'),
      },
      target: `account ${ACCOUNT}`,
      outcome: 'success',
      ip: '198.51.100.21',
      user_agent: cli('sts.get-session-token'),
      trace: { request_id: '43574357-27c6-4e45-95e6-e72a06ab7ae7' },
      attrs: {
        ...apiAttrs('IAMUser', false, 'sts.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:user/bob.fixture`,
        principal_id: 'AIDAFXBOBUSER0000021',
      },
    });
  });

  it('the session key is used by an IAMUser identity with a sessionContext (empty issuer, MFA)', async () => {
    const use = await eventOf(FILE, '21021c44-6633-4f7f-8c05-1042667b8597');
    expect(use).toMatchObject({
      name: 'ec2:StopInstances',
      actor: BOB,
      credential_used: 'aws-akid:ASIAFXBOBMFASESS0021',
      session: sessionKey(`arn:aws:iam::${ACCOUNT}:user/bob.fixture`, '2026-05-01T07:30:00Z'),
      session_start: ms('2026-05-01T07:30:00Z'),
      target: 'i-0fa21e00000000021',
      attrs: { mfa: true },
    });
    expect(use.attrs).not.toHaveProperty('session_issuer');
  });
});

describe('sts-get-federation-token.json', () => {
  const FILE = 'sts-get-federation-token.json';
  const FED: PrincipalRef = { id: `aws:arn:aws:sts::${ACCOUNT}:federated-user/fx-vendor-session-22`, type: 'human', name: 'fx-vendor-session-22' };

  it('GetFederationToken issues a key to the federated user it names: every field', async () => {
    expect(await fields(FILE, '22010d0f-cf4c-45b0-bd1c-3d47cff73e53')).toEqual({
      id: 'cloudtrail:22010d0f-cf4c-45b0-bd1c-3d47cff73e53',
      format: 'cloudtrail',
      time: ms('2026-05-01T11:00:00Z'),
      kind: 'credential',
      name: 'sts:GetFederationToken',
      actor: iamUser('fx-token-broker-22'),
      credential_used: 'aws-akid:AKIAFXBROKERKEY00022',
      credential_issued: {
        id: 'aws-akid:ASIAFXFEDTOKENPT0022',
        issuedTo: FED,
        expires: ms('2026-05-01T23:00:00Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-get-federation-token-0022'),
      },
      target: 'fx-vendor-session-22',
      outcome: 'success',
      ip: '198.51.100.22',
      user_agent: goSdk('sts#1.33.19'),
      trace: { request_id: '2d092d09-ec9e-4bba-a03d-422734f53ede' },
      attrs: {
        ...apiAttrs('IAMUser', false, 'sts.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:user/fx-token-broker-22`,
        principal_id: 'AIDAFXBROKERUSER0022',
      },
    });
  });

  it('the federated user that later acts is the principal the key was issued to', async () => {
    const { events } = await load(FILE);
    for (const use of events.slice(1)) {
      expect(use).toMatchObject({ actor: FED, credential_used: 'aws-akid:ASIAFXFEDTOKENPT0022', attrs: { session_issuer: `arn:aws:iam::${ACCOUNT}:user/fx-token-broker-22` } });
    }
    expect(events.slice(1).map((e) => e.name)).toEqual(['sts:GetCallerIdentity', 's3:ListBuckets']);
  });
});

describe('console-login-success.json', () => {
  const FILE = 'console-login-success.json';
  const CAROL = iamUser('carol.fixture');

  it('a successful IAM-user ConsoleLogin: every field (no key, no request id)', async () => {
    expect(await fields(FILE, '2301a4dd-2005-4564-9fca-cfc6a13d8ed3')).toEqual({
      id: 'cloudtrail:2301a4dd-2005-4564-9fca-cfc6a13d8ed3',
      format: 'cloudtrail',
      time: ms('2026-05-01T13:40:12Z'),
      kind: 'authenticate',
      name: 'signin:ConsoleLogin',
      actor: CAROL,
      target: `account ${ACCOUNT}`,
      outcome: 'success',
      ip: '203.0.113.23',
      user_agent: BROWSER,
      attrs: {
        ...apiAttrs('IAMUser', false, 'signin.amazonaws.com'),
        event_type: 'AwsConsoleSignIn',
        identity_arn: `arn:aws:iam::${ACCOUNT}:user/carol.fixture`,
        principal_id: 'AIDAFXCAROLUSER00023',
        mfa_used: 'Yes',
      },
    });
  });

  it('console calls run on a never-issued ASIA key whose session began one second after the login', async () => {
    const { events } = await load(FILE);
    const [login, ...calls] = events;
    for (const call of calls) {
      expect(call).toMatchObject({ actor: CAROL, credential_used: 'aws-akid:ASIAFXCAROLCONSOLE23', ip: login!.ip, attrs: { console: true, mfa: true } });
      expect(call.session_start! - login!.time).toBe(1000);
    }
    expect(calls[1]).toMatchObject({ name: 'iam:AttachUserPolicy', target: 'arn:aws:iam::aws:policy/AdministratorAccess' });
  });
});

describe('console-login-failure.json', () => {
  const FILE = 'console-login-failure.json';

  it('a login with an unknown user name: every field; the hidden name is nobody', async () => {
    expect(await fields(FILE, '2401af7c-d106-4f10-8654-74451902ae9d')).toEqual({
      id: 'cloudtrail:2401af7c-d106-4f10-8654-74451902ae9d',
      format: 'cloudtrail',
      time: ms('2026-05-01T06:12:09Z'),
      kind: 'authenticate',
      name: 'signin:ConsoleLogin',
      actor: {
        id: `aws-unknown:hidden-user@${ACCOUNT}`,
        type: 'unknown',
        name: `unknown user (name hidden by AWS) in account ${ACCOUNT}`,
      },
      target: `account ${ACCOUNT}`,
      outcome: 'failure',
      ip: '203.0.113.24',
      user_agent: BROWSER,
      attrs: {
        ...apiAttrs('IAMUser', false, 'signin.amazonaws.com'),
        event_type: 'AwsConsoleSignIn',
        error_message: 'No username found in supplied account',
        mfa_used: 'No',
      },
    });
  });

  it('a wrong password for a known user fails without an errorCode; the user is named', async () => {
    const wrong = await eventOf(FILE, '2402394f-938e-4de1-8ea4-289b77eb2445');
    expect(wrong).toMatchObject({ outcome: 'failure', actor: iamUser('grace.fixture'), attrs: { error_message: 'Failed authentication' } });
    expect(wrong.attrs).not.toHaveProperty('error_code');
  });
});

describe('error-code.json', () => {
  const FILE = 'error-code.json';
  const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/fx-capacity-25/autoscaler-25`;

  it('an error reported inside responseElements (EC2 errorSet, no errorCode): every field', async () => {
    expect(await fields(FILE, '2503c05f-febd-48d0-bc6e-10570ab40a43')).toEqual({
      id: 'cloudtrail:2503c05f-febd-48d0-bc6e-10570ab40a43',
      format: 'cloudtrail',
      time: ms('2026-05-01T14:25:41Z'),
      kind: 'action',
      name: 'ec2:CreateFleet',
      actor: role('fx-capacity-25'),
      credential_used: 'aws-akid:ASIAFXFLEETSESS00025',
      session: sessionKey(ARN, '2026-05-01T14:00:00Z'),
      session_start: ms('2026-05-01T14:00:00Z'),
      target: `account ${ACCOUNT}`,
      outcome: 'failure',
      ip: '198.51.100.125',
      user_agent: goSdk('ec2#1.210.0'),
      trace: { request_id: 'e0a4e0a4-3065-463e-95d2-b66ea3683daf' },
      attrs: {
        ...apiAttrs('AssumedRole', false, 'ec2.amazonaws.com'),
        identity_arn: ARN,
        principal_id: 'AROAFXCAPACITY000025:autoscaler-25',
        session_name: 'autoscaler-25',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/fx-capacity-25`,
        mfa: false,
        error_code: 'InsufficientInstanceCapacity',
      },
    });
  });

  it('top-level errorCode means failure, whatever its spelling', async () => {
    const denied = await eventOf(FILE, '2501f007-078f-41f7-8e8d-9f24054620b9');
    expect(denied).toMatchObject({ name: 'iam:CreateUser', outcome: 'failure', attrs: { error_code: 'AccessDenied', session_name: 'heidi@corp.example' } });
    expect(denied.attrs!['error_message']).toMatch(/^User: arn:aws:sts::111122223333:assumed-role\/fx-readonly-25\/heidi@corp\.example is not authorized/);
    const ec2 = await eventOf(FILE, '2502c956-9fe2-4484-9719-a3a93aee8611');
    expect(ec2).toMatchObject({ name: 'ec2:RunInstances', outcome: 'failure', attrs: { error_code: 'Client.UnauthorizedOperation' } });
    expect(ec2.attrs!['error_message']).toContain('FIXTURE-ENCODED-AUTHZ-MESSAGE-0025');
  });
});

describe('null-fields.json', () => {
  const FILE = 'null-fields.json';
  const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/fx-vendor-ops-26/VendorSession26`;

  it('a vendor-delegated role session with no accessKeyId key at all: every field', async () => {
    expect(await fields(FILE, '2603d613-46d3-407e-8daa-1e538c14c627')).toEqual({
      id: 'cloudtrail:2603d613-46d3-407e-8daa-1e538c14c627',
      format: 'cloudtrail',
      time: ms('2026-05-01T16:02:40Z'),
      kind: 'action',
      name: 'ec2:DescribeVolumes',
      actor: role('fx-vendor-ops-26'),
      session: sessionKey(ARN, '2026-05-01T15:55:00Z'),
      session_start: ms('2026-05-01T15:55:00Z'),
      target: `account ${ACCOUNT}`,
      outcome: 'success',
      ip: '198.51.100.38',
      user_agent: goSdk('ec2#1.210.0'),
      trace: { request_id: '58175817-0731-4375-869f-34a7672f7bf9' },
      attrs: {
        ...apiAttrs('AssumedRole', true, 'ec2.amazonaws.com'),
        identity_arn: ARN,
        principal_id: 'AROAFXVENDOROPS00026:VendorSession26',
        session_name: 'VendorSession26',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/fx-vendor-ops-26`,
        mfa: false,
        invoked_by_delegate: '777788889999',
      },
    });
  });

  it('null requestParameters/responseElements fall back to the account as target', async () => {
    const nulls = await eventOf(FILE, '260151d5-e87c-48c8-b16e-a9e7bcfc5273');
    expect(nulls).toMatchObject({ name: 'sts:GetCallerIdentity', target: `account ${ACCOUNT}`, outcome: 'success', credential_used: 'aws-akid:AKIAFXNULLFIELDS0026' });
    expect(nulls.credential_issued).toBeUndefined();
  });

  it('an empty-string accessKeyId is no credential', async () => {
    const empty = await eventOf(FILE, '2602539f-4288-457a-b869-306f51064c00');
    expect(empty.actor).toEqual(iamUser('judy.fixture'));
    expect(empty.credential_used).toBeUndefined();
  });
});

describe('creation-date-basic.json', () => {
  const FILE = 'creation-date-basic.json';
  const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/fx-basic-date-27/dave-basic-27`;

  it('a session whose creationDate is basic ISO (20260501T095802Z): every field', async () => {
    expect(await fields(FILE, '27028384-df63-47ca-b398-6cab11513ccd')).toEqual({
      id: 'cloudtrail:27028384-df63-47ca-b398-6cab11513ccd',
      format: 'cloudtrail',
      time: ms('2026-05-01T10:03:19Z'),
      kind: 'action',
      name: 's3:GetBucketAcl',
      actor: role('fx-basic-date-27'),
      credential_used: 'aws-akid:ASIAFXBASICDATE00027',
      session: sessionKey(ARN, '2026-05-01T09:58:02Z'),
      session_start: ms('2026-05-01T09:58:02Z'),
      target: 'arn:aws:s3:::fixture-basic-date-27',
      outcome: 'success',
      ip: '198.51.100.27',
      user_agent: cli('s3api.get-bucket-acl'),
      trace: { request_id: '9da59da5-17b5-4036-b874-b1eb2b45d4f0' },
      attrs: {
        ...apiAttrs('AssumedRole', true, 's3.amazonaws.com'),
        identity_arn: ARN,
        principal_id: 'AROAFXBASICDATE00027:dave-basic-27',
        session_name: 'dave-basic-27',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/fx-basic-date-27`,
        mfa: false,
      },
    });
  });

  it('the basic creationDate is the very instant of the issuing AssumeRole', async () => {
    const [issue, use] = (await load(FILE)).events;
    expect(issue!.credential_issued).toMatchObject({ id: use!.credential_used, issuedTo: role('fx-basic-date-27'), expires: ms('2026-05-01T10:58:02Z') });
    expect(use!.session_start).toBe(issue!.time);
  });
});

describe('cross-account-duplicate.json', () => {
  const FILE = 'cross-account-duplicate.json';
  const ISSUED = {
    id: 'aws-akid:ASIAFXXACCTCHILD0028',
    issuedTo: role('fx-cross-audit-28'),
    expires: ms('2026-05-01T11:07:39Z'),
    fingerprint: sha('FAKE-SESSION-TOKEN-cross-account-0028'),
  };

  it("the role owner's copy (AWSAccount caller): every field", async () => {
    expect(await fields(FILE, '2802ba6b-074b-4ab5-b93c-692f37a126e6')).toEqual({
      id: 'cloudtrail:2802ba6b-074b-4ab5-b93c-692f37a126e6',
      format: 'cloudtrail',
      time: ms('2026-05-01T10:07:39Z'),
      kind: 'credential',
      name: 'sts:AssumeRole',
      actor: { id: `aws-account:${PARTNER}`, type: 'unknown', name: `AWS account ${PARTNER}`, aliases: ['aws-principal-id:AIDAFXERINUSER000028'] },
      credential_issued: ISSUED,
      operation_key: 'aws-shared-event:5e289277-118e-4ea2-bb9c-e0a3aac480f4',
      target: `arn:aws:iam::${ACCOUNT}:role/fx-cross-audit-28`,
      outcome: 'success',
      ip: '198.51.100.28',
      user_agent: cli('sts.assume-role'),
      trace: { request_id: '7a28df17-4688-4f32-9711-1526721d2056' },
      attrs: {
        ...apiAttrs('AWSAccount', true, 'sts.amazonaws.com'),
        account: ACCOUNT,
        actor_account: PARTNER,
        principal_id: 'AIDAFXERINUSER000028',
        shared_event_id: '5e289277-118e-4ea2-bb9c-e0a3aac480f4',
        issued_source_identity: 'erin.fixture',
        issued_session_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/fx-cross-audit-28/erin-audit-28`,
      },
    });
  });

  it("the caller's copy is kept too: same operation and issued key, its own id and account", async () => {
    const caller = await eventOf(FILE, '2801e268-594e-4342-90a9-89ddb914e859');
    const owner = await eventOf(FILE, '2802ba6b-074b-4ab5-b93c-692f37a126e6');
    expect(caller).toMatchObject({
      actor: iamUser('erin.fixture', PARTNER),
      credential_used: 'aws-akid:AKIAFXERINXACCT00028',
      credential_issued: ISSUED,
      attrs: { account: PARTNER, actor_account: PARTNER },
    });
    expect(caller.operation_key).toBe(owner.operation_key);
    expect(caller.trace).toEqual(owner.trace);
    expect(caller.id).not.toBe(owner.id);
  });

  it('the issued key is used in the role account with the source identity', async () => {
    const use = await eventOf(FILE, '28031986-28f9-471e-9a34-e529bdb6f83c');
    expect(use).toMatchObject({ name: 'cloudtrail:DescribeTrails', credential_used: ISSUED.id, source_identity: 'erin.fixture', attrs: { account: ACCOUNT } });
  });
});

describe('duplicate-delivery.json', () => {
  const FILE = 'duplicate-delivery.json';
  const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/fx-platform-29/kim@corp.example`;

  it('a compact one-line delivery: every field of the duplicated record', async () => {
    expect(await fields(FILE, '2901bd23-032b-4267-abf7-c4d298acdd8f')).toEqual({
      id: 'cloudtrail:2901bd23-032b-4267-abf7-c4d298acdd8f',
      format: 'cloudtrail',
      time: ms('2026-05-01T17:04:12Z'),
      kind: 'action',
      name: 'iam:CreatePolicyVersion',
      actor: role('fx-platform-29'),
      credential_used: 'aws-akid:ASIAFXDUPDELIVERY029',
      session: sessionKey(ARN, '2026-05-01T17:00:00Z'),
      session_start: ms('2026-05-01T17:00:00Z'),
      target: `arn:aws:iam::${ACCOUNT}:policy/fx-platform-policy-29`,
      outcome: 'success',
      ip: '198.51.100.29',
      user_agent: cli('iam.create-policy-version'),
      trace: { request_id: '65816581-41d7-4e39-9272-cd3848f7bf83' },
      attrs: {
        ...apiAttrs('AssumedRole', false, 'iam.amazonaws.com'),
        identity_arn: ARN,
        principal_id: 'AROAFXPLATFORM000029:kim@corp.example',
        session_name: 'kim@corp.example',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/fx-platform-29`,
        mfa: false,
      },
    });
  });

  it('the second delivery of the same record yields the identical event, so the store keeps one', async () => {
    const { events, lines } = await load(FILE);
    expect(events[2]).toEqual(events[0]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(lines).toEqual([1, 1, 1]);
  });
});

describe('lookup-events.json', () => {
  const FILE = 'lookup-events.json';

  it('the CloudTrailEvent JSON string is the record: every field of the AssumeRole inside it', async () => {
    expect(await fields(FILE, '2a0153e3-14e4-4a2f-b1c6-f52ae1d247dc')).toEqual({
      id: 'cloudtrail:2a0153e3-14e4-4a2f-b1c6-f52ae1d247dc',
      format: 'cloudtrail',
      time: ms('2026-05-01T14:05:33Z'),
      kind: 'credential',
      name: 'sts:AssumeRole',
      actor: iamUser('lookup.fixture.2a'),
      credential_used: 'aws-akid:AKIAFXLOOKUPUSER2A00',
      credential_issued: {
        id: 'aws-akid:ASIAFXLOOKUPCHILD02A',
        issuedTo: role('fx-lookup-role-2a'),
        expires: ms('2026-05-01T15:05:33Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-lookup-events-0042'),
      },
      target: `arn:aws:iam::${ACCOUNT}:role/fx-lookup-role-2a`,
      outcome: 'success',
      ip: '198.51.100.42',
      user_agent: cli('sts.assume-role'),
      trace: { request_id: 'd7d1d7d1-b6e2-444e-9bb5-caa7339218bc' },
      attrs: {
        ...apiAttrs('IAMUser', true, 'sts.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:user/lookup.fixture.2a`,
        principal_id: 'AIDAFXLOOKUPUSER002A',
        issued_session_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/fx-lookup-role-2a/lookup-session-2a`,
      },
    });
  });

  it('every record came out of the LookupEvents wrapper; the wrapper keys are not in the event', async () => {
    const { envelopes, events } = await load(FILE);
    expect(envelopes).toEqual(['lookup-events', 'lookup-events']);
    const use = events[0]!;
    expect(use).toMatchObject({ name: 's3:CreateBucket', credential_used: 'aws-akid:ASIAFXLOOKUPCHILD02A', target: 'arn:aws:s3:::fixture-lookup-bucket-2a' });
    expect(use.raw).not.toHaveProperty('CloudTrailEvent');
    expect(use.raw).not.toHaveProperty('EventId');
  });
});

describe('lookup-events-cli-v1.json', () => {
  const FILE = 'lookup-events-cli-v1.json';
  const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/fx-lookup-role-2b/lookup-session-2b`;

  it('the use of the issued key: every field; time is the inner eventTime, not the epoch-float EventTime', async () => {
    expect(await fields(FILE, '2b024711-87bf-4621-b8e5-343cdf8a603c')).toEqual({
      id: 'cloudtrail:2b024711-87bf-4621-b8e5-343cdf8a603c',
      format: 'cloudtrail',
      time: ms('2026-05-01T14:06:48Z'),
      kind: 'action',
      name: 's3:CreateBucket',
      actor: role('fx-lookup-role-2b'),
      credential_used: 'aws-akid:ASIAFXLOOKUPCHILD02B',
      session: sessionKey(ARN, '2026-05-01T14:05:33Z'),
      session_start: ms('2026-05-01T14:05:33Z'),
      target: 'arn:aws:s3:::fixture-lookup-bucket-2b',
      outcome: 'success',
      ip: '198.51.100.43',
      user_agent: cli('s3api.create-bucket'),
      trace: { request_id: '6d3c6d3c-4995-4e81-8a6f-d80292b2b8b3' },
      attrs: {
        ...apiAttrs('AssumedRole', false, 's3.amazonaws.com'),
        identity_arn: ARN,
        principal_id: 'AROAFXLOOKUPROLE002B:lookup-session-2b',
        session_name: 'lookup-session-2b',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/fx-lookup-role-2b`,
        mfa: false,
      },
    });
  });

  it('the AssumeRole inside the second wrapper issues the key the first one uses', async () => {
    const { envelopes, events } = await load(FILE);
    expect(envelopes).toEqual(['lookup-events', 'lookup-events']);
    expect(events[1]!.credential_issued).toEqual({
      id: 'aws-akid:ASIAFXLOOKUPCHILD02B',
      issuedTo: role('fx-lookup-role-2b'),
      expires: ms('2026-05-01T15:05:33Z'),
      fingerprint: sha('FAKE-SESSION-TOKEN-lookup-events-cli-v1-0043'),
    });
  });
});

describe('eventbridge.jsonl', () => {
  const FILE = 'eventbridge.jsonl';
  const SVC = iamUser('svc-backup-2c');

  it('CreateAccessKey for another user, unwrapped from detail: every field; the envelope id is not the event id', async () => {
    expect(await fields(FILE, '2c015c83-ee4a-4032-a04a-224238f2fdea')).toEqual({
      id: 'cloudtrail:2c015c83-ee4a-4032-a04a-224238f2fdea',
      format: 'cloudtrail',
      time: ms('2026-05-01T18:20:44Z'),
      kind: 'credential',
      name: 'iam:CreateAccessKey',
      actor: iamUser('mallory.fixture'),
      credential_used: 'aws-akid:AKIAFXEBADMINKEY002C',
      credential_issued: { id: 'aws-akid:AKIAFXEBNEWUSERKEY2C', issuedTo: { id: SVC.id, type: 'human', name: 'svc-backup-2c' } },
      target: 'svc-backup-2c',
      outcome: 'success',
      ip: '198.51.100.44',
      user_agent: cli('iam.create-access-key'),
      trace: { request_id: '56b056b0-cb9b-488d-bdf1-52d68cf561f0' },
      attrs: {
        ...apiAttrs('IAMUser', false, 'iam.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:user/mallory.fixture`,
        principal_id: 'AIDAFXMALLORYUSER02C',
      },
    });
  });

  it('GetSessionToken is signed with the key created on line 1 and lasts 36 hours', async () => {
    const { envelopes, events } = await load(FILE);
    expect(envelopes).toEqual(['eventbridge', 'eventbridge']);
    expect(events.map((e) => e.id)).not.toContain('cloudtrail:ee01fb4a-ae13-455c-bdaf-3754e1a7211e');
    expect(events[1]).toMatchObject({
      name: 'sts:GetSessionToken',
      actor: SVC,
      credential_used: 'aws-akid:AKIAFXEBNEWUSERKEY2C',
      credential_issued: {
        id: 'aws-akid:ASIAFXEBSESSION0002C',
        issuedTo: SVC,
        expires: ms('2026-05-03T06:22:05Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-eventbridge-0044'),
      },
    });
    expect(events[1]!.credential_issued!.expires! - events[1]!.time).toBe(129_600_000);
  });
});

describe('ndjson.jsonl', () => {
  const FILE = 'ndjson.jsonl';
  const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/fx-ndjson-role-2d/niaj-2d`;

  it('the CRLF-terminated line 2: every field', async () => {
    expect(await fields(FILE, '2d02a2a7-c218-4cd7-ba3f-ddd2e9898516')).toEqual({
      id: 'cloudtrail:2d02a2a7-c218-4cd7-ba3f-ddd2e9898516',
      format: 'cloudtrail',
      time: ms('2026-05-01T19:01:10Z'),
      kind: 'action',
      name: 'ec2:CreateSnapshot',
      actor: role('fx-ndjson-role-2d'),
      credential_used: 'aws-akid:ASIAFXNDJSONCHILD02D',
      session: sessionKey(ARN, '2026-05-01T19:00:01Z'),
      session_start: ms('2026-05-01T19:00:01Z'),
      target: 'vol-0fa2de0000000002d',
      outcome: 'success',
      ip: '198.51.100.45',
      user_agent: cli('ec2.create-snapshot'),
      trace: { request_id: '101d101d-0cad-48f9-8cfa-6b0ae69ddf74' },
      attrs: {
        ...apiAttrs('AssumedRole', false, 'ec2.amazonaws.com'),
        identity_arn: ARN,
        principal_id: 'AROAFXNDJSONROLE002D:niaj-2d',
        session_name: 'niaj-2d',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/fx-ndjson-role-2d`,
        mfa: false,
      },
    });
  });

  it('one record per line; line 1 issues the key lines 2 and 3 use; sharing the snapshot targets the snapshot', async () => {
    const { events, lines } = await load(FILE);
    expect(lines).toEqual([1, 2, 3]);
    expect(events[0]!.credential_issued).toMatchObject({ id: 'aws-akid:ASIAFXNDJSONCHILD02D', issuedTo: role('fx-ndjson-role-2d'), expires: ms('2026-05-01T20:00:01Z') });
    expect(events[2]).toMatchObject({ name: 'ec2:ModifySnapshotAttribute', credential_used: 'aws-akid:ASIAFXNDJSONCHILD02D', target: 'snap-0fa2de0000000002d' });
  });
});

describe('s3-layout us-east-1 delivery (.json.gz)', () => {
  it('CreateRole, the earliest record, delivered last: every field', async () => {
    expect(await fields(S3_EAST, '30014d3e-1e8a-45e2-8173-fcd616c2cc03')).toEqual({
      id: 'cloudtrail:30014d3e-1e8a-45e2-8173-fcd616c2cc03',
      format: 'cloudtrail',
      time: ms('2026-05-01T09:55:10Z'),
      kind: 'delegate',
      name: 'iam:CreateRole',
      actor: iamUser('oscar.fixture'),
      credential_used: 'aws-akid:AKIAFXS3LAYOUTUSER30',
      target: 'fx-s3layout-role-30',
      outcome: 'success',
      ip: '198.51.100.30',
      user_agent: cli('iam.create-role'),
      trace: { request_id: '015b015b-2744-4066-91ff-5243b524714c' },
      attrs: {
        ...apiAttrs('IAMUser', false, 'iam.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:user/oscar.fixture`,
        principal_id: 'AIDAFXOSCARUSER00030',
      },
    });
  });

  it('records keep file order even though their times do not follow it', async () => {
    const { events } = await load(S3_EAST);
    expect(events.map((e) => e.time)).toEqual([ms('2026-05-01T09:58:44Z'), ms('2026-05-01T10:01:02Z'), ms('2026-05-01T09:55:10Z')]);
    expect(events[0]!.credential_issued).toMatchObject({ id: 'aws-akid:ASIAFXS3LAYOUTCHLD30', fingerprint: sha('FAKE-SESSION-TOKEN-s3-layout-0048') });
  });
});

describe('s3-layout us-west-2 delivery (.json.gz)', () => {
  const ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/fx-s3layout-role-30/oscar-30`;

  it('RunInstances in another region with the key issued in us-east-1: every field', async () => {
    expect(await fields(S3_WEST, '310172c5-c61c-4a88-b4a2-ec103ef4c968')).toEqual({
      id: 'cloudtrail:310172c5-c61c-4a88-b4a2-ec103ef4c968',
      format: 'cloudtrail',
      time: ms('2026-05-01T10:04:31Z'),
      kind: 'action',
      name: 'ec2:RunInstances',
      actor: role('fx-s3layout-role-30'),
      credential_used: 'aws-akid:ASIAFXS3LAYOUTCHLD30',
      session: sessionKey(ARN, '2026-05-01T09:58:44Z'),
      session_start: ms('2026-05-01T09:58:44Z'),
      // The new instance is named only in the response.
      target: 'i-0fa31e0000000031c',
      outcome: 'success',
      ip: '198.51.100.31',
      user_agent: cli('ec2.run-instances'),
      trace: { request_id: '764b764b-16c4-427c-b8d4-e6e194fe53ba' },
      attrs: {
        ...apiAttrs('AssumedRole', false, 'ec2.amazonaws.com'),
        region: 'us-west-2',
        identity_arn: ARN,
        principal_id: 'AROAFXS3LAYOUTROLE30:oscar-30',
        session_name: 'oscar-30',
        session_issuer: `arn:aws:iam::${ACCOUNT}:role/fx-s3layout-role-30`,
        mfa: false,
      },
    });
  });

  it('CreateTags targets the tagged instance', async () => {
    expect(await eventOf(S3_WEST, '31023abf-40eb-4da1-ba73-ba9d57244458')).toMatchObject({ name: 'ec2:CreateTags', target: 'i-0fa31e0000000031c' });
  });
});

describe('s3-layout digest (.json.gz)', () => {
  it('is an integrity manifest, not events: skippedKind names it, and parse would reject it rather than invent one', async () => {
    const { records, events, rejects, unreadable } = await load(S3_DIGEST);
    expect(unreadable).toEqual([]);
    expect(records).toHaveLength(1);
    expect(skippedKind(records[0])).toMatch(/^CloudTrail digest file/);
    expect(cloudtrail.detect(records[0])).toBe(false);
    expect(events).toEqual([]);
    expect(rejectCodes(rejects)).toEqual([{ line: 1, code: 'MISSING_FIELD' }]);
  });
});

describe('space-timestamp.jsonl', () => {
  const FILE = 'space-timestamp.jsonl';

  it('a SIEM "2026-05-01 10:02:11" eventTime is read as UTC and flagged: every field', async () => {
    expect(await fields(FILE, '34010fce-8980-4f46-bd67-3c8648f384af')).toEqual({
      id: 'cloudtrail:34010fce-8980-4f46-bd67-3c8648f384af',
      format: 'cloudtrail',
      time: ms('2026-05-01T10:02:11Z'),
      kind: 'credential',
      name: 'sts:AssumeRole',
      actor: iamUser('peggy.fixture'),
      credential_used: 'aws-akid:AKIAFXSPACETSUSER034',
      credential_issued: {
        id: 'aws-akid:ASIAFXSPACETSCHLD034',
        issuedTo: role('fx-spacets-role-34'),
        expires: ms('2026-05-01T11:02:11Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-space-timestamp-0052'),
      },
      target: `arn:aws:iam::${ACCOUNT}:role/fx-spacets-role-34`,
      outcome: 'success',
      ip: '198.51.100.34',
      user_agent: cli('sts.assume-role'),
      trace: { request_id: 'e8c4e8c4-23a4-49b9-9f60-b2f8c3670870' },
      attrs: {
        ...apiAttrs('IAMUser', true, 'sts.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:user/peggy.fixture`,
        principal_id: 'AIDAFXPEGGYUSER00034',
        issued_session_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/fx-spacets-role-34/peggy-34`,
      },
      flags: ['time-zoneless-assumed-utc'],
    });
  });

  it('fractional seconds keep their milliseconds; only the zone-less lines are flagged', async () => {
    const { events } = await load(FILE);
    expect(events.map((e) => [e.time, e.flags])).toEqual([
      [ms('2026-05-01T10:02:11.000Z'), ['time-zoneless-assumed-utc']],
      [ms('2026-05-01T10:02:11.123Z'), undefined],
      [ms('2026-05-01T10:05:42.000Z'), ['time-zoneless-assumed-utc']],
    ]);
  });
});

describe('expiration-locale.json', () => {
  const FILE = 'expiration-locale.json';

  it('the docs-era "May 1, 2026 11:17:11 AM" expiration: every field', async () => {
    expect(await fields(FILE, '3501e7ad-9ec7-455e-8cab-315329fad2c4')).toEqual({
      id: 'cloudtrail:3501e7ad-9ec7-455e-8cab-315329fad2c4',
      format: 'cloudtrail',
      time: ms('2026-05-01T10:17:11Z'),
      kind: 'credential',
      name: 'sts:AssumeRole',
      actor: iamUser('rupert.fixture'),
      credential_used: 'aws-akid:AKIAFXEXPIRYUSER0035',
      credential_issued: {
        id: 'aws-akid:ASIAFXEXPIRYCHILD015',
        issuedTo: role('fx-expiry-role-35'),
        expires: ms('2026-05-01T11:17:11Z'),
        fingerprint: sha('FAKE-SESSION-TOKEN-expiration-locale-0001'),
      },
      target: `arn:aws:iam::${ACCOUNT}:role/fx-expiry-role-35`,
      outcome: 'success',
      ip: '198.51.100.35',
      user_agent: cli('sts.assume-role'),
      trace: { request_id: '11ab11ab-6b4d-4dd5-9947-42a99cc05e30' },
      attrs: {
        ...apiAttrs('IAMUser', true, 'sts.amazonaws.com'),
        identity_arn: `arn:aws:iam::${ACCOUNT}:user/rupert.fixture`,
        principal_id: 'AIDAFXRUPERTUSER0035',
        issued_session_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/fx-expiry-role-35/expiry-a`,
      },
    });
  });

  it.each([
    ['3501e7ad-9ec7-455e-8cab-315329fad2c4', 'May 1, 2026 11:17:11 AM (no comma)', '2026-05-01T11:17:11Z'],
    ['35020bed-eb5c-4b9c-9a87-07b5317de663', 'May 1, 2026 1:05:00 PM (single-digit PM hour)', '2026-05-01T13:05:00Z'],
    ['35033383-5ecf-44be-9efe-05ebd78067a4', 'May 1, 2026, 12:30:00 PM (comma; 12 PM is noon)', '2026-05-01T12:30:00Z'],
    ['350415ca-0cb4-4dc5-a58e-ac0484652ad1', 'May 2, 2026, 12:15:00 AM (12 AM is just after midnight)', '2026-05-02T00:15:00Z'],
    ['3505f77b-315c-4bda-93b5-b41e5bfe6bbc', '2026-05-01T22:15:33Z (ISO, from a re-export)', '2026-05-01T22:15:33Z'],
  ])('%s: %s expires at %s UTC', async (eventId, _text, expected) => {
    const event = await eventOf(FILE, eventId);
    expect(event.credential_issued!.expires).toBe(ms(expected));
    // Every variant is an hour or twelve after the call: the parse cannot be off by a half day.
    expect([3_600_000, 43_200_000]).toContain(event.credential_issued!.expires! - event.time);
  });
});

describe('secrets never leave the adapter', () => {
  it.each(CANARIES)('%s %s: the session token is replaced by its fingerprint marker', async (file, eventId, token) => {
    const event = await eventOf(file, eventId);
    const text = JSON.stringify(event);
    expect(text).not.toContain(token);
    expect(text).toContain(`[REDACTED ${sha(token)}]`);
    expect(event.credential_issued!.fingerprint).toBe(sha(token));
    const credentials = (event.raw as { responseElements: { credentials: Record<string, unknown> } }).responseElements.credentials;
    expect(credentials['sessionToken']).toBe(`[REDACTED ${sha(token)}]`);
    expect(credentials['accessKeyId']).toBe(event.credential_issued!.id.replace('aws-akid:', ''));
  });

  it.each(Object.keys(CLEAN))('%s: no FAKE-SESSION-TOKEN anywhere in its events', async (file) => {
    const { events } = await load(file);
    expect(JSON.stringify(events)).not.toContain('FAKE-SESSION-TOKEN');
  });

  it('a secretAccessKey (never in real CloudTrail, but in SDK re-exports) is redacted too, and the input is not changed', async () => {
    const [record] = (await load('sts-assume-role.json')).records as Array<Record<string, unknown>>;
    const copy = JSON.parse(JSON.stringify(record)) as { responseElements: { credentials: Record<string, unknown> } };
    copy.responseElements.credentials['secretAccessKey'] = 'FAKE-SECRET-ACCESS-KEY-test-0001';
    const before = JSON.stringify(copy);
    const result = cloudtrail.parse(copy);
    expect(result.ok).toBe(true);
    const text = JSON.stringify(result.ok ? result.events : []);
    expect(text).not.toContain('FAKE-SECRET-ACCESS-KEY');
    expect(text).not.toContain('FAKE-SESSION-TOKEN');
    expect(text).toContain(`[REDACTED ${sha('FAKE-SECRET-ACCESS-KEY-test-0001')}]`);
    expect(JSON.stringify(copy)).toBe(before);
  });

  it('a record with nothing to redact is kept as the very same object (no copy)', async () => {
    const { records, events } = await load('identity-iam-user.json');
    expect(redactSecrets(records[0])).toBe(records[0]);
    expect(events[0]!.raw).toBe(records[0]);
  });

  it('a record with a token is copied; only the path to the secret is new', async () => {
    const { records, events } = await load('sts-assume-role.json');
    const record = records[0] as Record<string, unknown>;
    const raw = events[0]!.raw as Record<string, unknown>;
    expect(raw).not.toBe(record);
    expect(raw['userIdentity']).toBe(record['userIdentity']);
    expect(raw['requestParameters']).toBe(record['requestParameters']);
    expect(raw['responseElements']).not.toBe(record['responseElements']);
  });
});

describe('awkward cases no fixture file holds (variants of fixture records)', () => {
  type Json = Record<string, unknown>;

  /** The object at `path` inside a record (the test's own fixture data, so the path is known to exist). */
  function at(record: Json, ...path: string[]): Json {
    return path.reduce((o, key) => o[key] as Json, record);
  }

  /** A deep copy of one fixture record, changed by `edit`, parsed. */
  async function variant(file: string, index: number, edit: (record: Json) => void): Promise<ReturnType<typeof cloudtrail.parse>> {
    const { records } = await load(file);
    const copy = JSON.parse(JSON.stringify(records[index])) as Json;
    edit(copy);
    return cloudtrail.parse(copy);
  }

  async function only(file: string, index: number, edit: (record: Json) => void): Promise<NormalizedEvent> {
    const result = await variant(file, index, edit);
    expect(result.ok).toBe(true);
    return result.ok ? result.events[0]! : (undefined as never);
  }

  it.each([
    ['an account id', PARTNER],
    ['a principal ARN', `arn:aws:iam::${PARTNER}:root`],
  ])('AssumeRoot issues root credentials of the member account named by targetPrincipal (%s)', async (_what, targetPrincipal) => {
    const event = await only('sts-assume-role.json', 0, (r) => {
      r['eventName'] = 'AssumeRoot';
      r['requestParameters'] = { targetPrincipal, taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials' } };
      delete at(r, 'responseElements')['assumedRoleUser'];
      delete at(r, 'responseElements')['sourceIdentity'];
    });
    expect(event.kind).toBe('credential');
    expect(event.credential_issued).toEqual({
      id: 'aws-akid:ASIAFXCHILDROTATE020',
      issuedTo: { id: `aws:arn:aws:iam::${PARTNER}:root`, type: 'human', name: `root (${PARTNER})` },
      expires: ms('2026-05-01T10:17:11Z'),
      fingerprint: sha('FAKE-SESSION-TOKEN-assume-role-0001'),
    });
  });

  it('sign-in steps state their result under their own name in responseElements (SwitchRole, PasswordUpdated)', async () => {
    const switchFailed = await only('console-login-success.json', 0, (r) => {
      r['eventName'] = 'SwitchRole';
      r['responseElements'] = { SwitchRole: 'Failure' };
    });
    expect(switchFailed).toMatchObject({ kind: 'authenticate', name: 'signin:SwitchRole', outcome: 'failure' });
    const updated = await only('identity-root.json', 0, (r) => {
      r['eventName'] = 'PasswordUpdated';
      r['responseElements'] = { PasswordUpdated: 'Success' };
    });
    expect(updated).toMatchObject({ name: 'signin:PasswordUpdated', outcome: 'success' });
  });

  it('a ConsoleLogin without a stated result is of unknown outcome, not a success', async () => {
    const login = await only('console-login-success.json', 0, (r) => {
      r['responseElements'] = null;
    });
    expect(login.outcome).toBe('unknown');
  });

  it('the older "AwsConsoleSignin" spelling is still a sign-in', async () => {
    const login = await only('console-login-success.json', 0, (r) => {
      r['eventName'] = 'CheckMfa';
      r['eventType'] = 'AwsConsoleSignin';
      r['responseElements'] = { CheckMfa: 'Success' };
    });
    expect(login).toMatchObject({ kind: 'authenticate', outcome: 'success' });
  });

  it('a numeric errorCode outside an errorSet (CloudFront custom error pages) is configuration, not a failure', async () => {
    const event = await only('identity-iam-user.json', 0, (r) => {
      r['eventSource'] = 'cloudfront.amazonaws.com';
      r['eventName'] = 'CreateDistribution';
      r['responseElements'] = { distribution: { distributionConfig: { customErrorResponses: { quantity: 1, items: [{ errorCode: 404, responsePagePath: '/404.html' }] } } } };
    });
    expect(event.outcome).toBe('success');
    expect(event.attrs).not.toHaveProperty('error_code');
  });

  it('an errorSet given as an array of items is read too', async () => {
    const event = await only('error-code.json', 2, (r) => {
      at(r, 'responseElements', 'CreateFleetResponse')['errorSet'] = { item: [{ errorCode: 'InvalidParameterValue', errorMessage: 'bad' }] };
    });
    expect(event).toMatchObject({ outcome: 'failure', attrs: { error_code: 'InvalidParameterValue' } });
  });

  it('two Identity Center users failing to sign in to one account stay two principals', async () => {
    const other = await only('identity-unknown.json', 1, (r) => {
      at(r, 'userIdentity')['userName'] = 'grace.fixture';
    });
    const frank = await eventOf('identity-unknown.json', '1b0297cc-05bb-4f32-8611-8767d62ae557');
    expect(other.actor.id).toBe(`aws-unknown:${ACCOUNT}:grace.fixture`);
    expect(other.actor.id).not.toBe(frank.actor.id);
  });

  it('a record without userIdentity has an unknown actor and says so', async () => {
    const event = await only('null-fields.json', 0, (r) => {
      delete r['userIdentity'];
    });
    expect(event.actor).toEqual({ id: 'aws-unknown:no-user-identity', type: 'unknown', name: 'unknown (no userIdentity)' });
    expect(event.flags).toEqual(['no-user-identity']);
    expect(event.credential_used).toBeUndefined();
  });

  it('a record without eventID gets a content id that does not depend on key order', async () => {
    const a = await only('null-fields.json', 0, (r) => {
      delete r['eventID'];
    });
    const b = await only('null-fields.json', 0, (r) => {
      delete r['eventID'];
      const region = r['awsRegion'] as string;
      delete r['awsRegion'];
      r['awsRegion'] = region;
    });
    expect(a.id).toMatch(/^cloudtrail:sha256:[0-9a-f]{64}$/);
    expect(b.id).toBe(a.id);
  });

  it.each([
    ['eventName missing', (r: Json) => delete r['eventName'], 'MISSING_FIELD', /eventName is missing/],
    ['eventSource missing', (r: Json) => delete r['eventSource'], 'MISSING_FIELD', /eventSource is missing/],
    ['eventTime missing', (r: Json) => delete r['eventTime'], 'MISSING_FIELD', /eventTime is missing/],
    ['eventTime a placeholder', (r: Json) => (r['eventTime'] = 'redacted'), 'BAD_TIME', /"redacted" is not an ISO-8601 time/],
    ['keys lower-cased by a data lake', (r: Json) => {
      for (const key of ['eventName', 'eventSource', 'eventTime']) {
        r[key.toLowerCase()] = r[key];
        delete r[key];
      }
    }, 'LOWERCASED_KEYS', /lower-cased/],
  ])('%s → reject %s', async (_what, edit, code, message) => {
    const result = await variant('null-fields.json', 0, edit);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.message).toMatch(message);
  });

  it('a value that is not an object is rejected, not thrown on', () => {
    for (const value of [42, 'text', null, [1, 2]]) expect(cloudtrail.parse(value)).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
  });
});

describe('AwsServiceEvent with an untyped userIdentity', () => {
  it('names the invoking service as the actor', () => {
    const result = cloudtrail.parse({
      eventVersion: '1.08',
      userIdentity: { accountId: '111122223333', invokedBy: 'ssm.amazonaws.com' },
      eventTime: '2026-05-01T12:00:00Z',
      eventSource: 'ssm.amazonaws.com',
      eventName: 'UpdateInstanceAssociationStatus',
      eventType: 'AwsServiceEvent',
      eventID: 'fe000001-0000-4000-8000-000000000001',
      recipientAccountId: '111122223333',
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.events[0]!.actor).toEqual({ id: 'aws-service:ssm.amazonaws.com', type: 'service', name: 'ssm.amazonaws.com' });
  });
});
