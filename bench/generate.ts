// Deterministic generator of realistic AWS CloudTrail records for the benchmark.
//
// One simulated organisation-day: a few accounts, IAM users with long-term AKIA keys, SAML-federated
// people, GitHub Actions / EKS web-identity workloads, EC2 / Lambda service roles, role chains 1–3 deep
// (the key issued by one AssumeRole signs the next), cross-account AssumeRole delivered to both accounts
// (shared event id), console sign-ins, AWSService events, and the bulk of the day: API calls signed with
// those keys. Sessions that began before the window are in use without their issuance event, as in any
// real one-day cut. Records are shaped like real S3-delivered CloudTrail (key order, tlsDetails,
// sessionContext, locale `expiration`, ~700-900 char session tokens) and streamed to disk.
//
// Same (records, seed, GENERATOR_VERSION) → byte-identical files, reused when already on disk.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** Bump when the generated content changes: cached bundles from another version are regenerated. */
export const GENERATOR_VERSION = 3;

// ---------------------------------------------------------------- PRNG

/** sfc32 seeded through splitmix32: fast, 128-bit state, good enough statistics for synthetic logs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: `[[weight, value], …]`. */
  weighted<T>(table: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of table) total += w;
    let r = this.next() * total;
    for (const [w, v] of table) {
      r -= w;
      if (r < 0) return v;
    }
    return table[table.length - 1]![1];
  }

  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  hex(n: number): string {
    return this.chars('0123456789abcdef', n);
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[this.int(4)]!;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// ---------------------------------------------------------------- time text

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** CloudTrail's locale `expiration`: `May 1, 2026, 1:00:10 PM`. */
function localeTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${mm}:${ss} ${h < 12 ? 'AM' : 'PM'}`;
}

// ---------------------------------------------------------------- the simulated organisation

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObj = { [key: string]: Json };

/** What a generated action event should trace back to (the generator's ground truth). */
export type RootKind = 'saml' | 'iam-user' | 'iam-user-console' | 'web-identity' | 'aws-service' | 'missing-issuance' | 'service-event';

interface Role {
  readonly account: string;
  readonly name: string;
  readonly arn: string;
  readonly roleId: string;
}

interface Account {
  readonly id: string;
  readonly slug: string;
  readonly roles: Role[];
  readonly buckets: string[];
  readonly instances: string[];
  readonly secrets: string[];
  readonly functions: string[];
  readonly tables: string[];
  readonly kmsKeys: string[];
  readonly logGroups: string[];
  readonly parameters: string[];
  readonly repos: string[];
}

interface IamUser {
  readonly account: Account;
  readonly name: string;
  readonly arn: string;
  readonly userId: string;
  readonly key: string;
  readonly ua: string;
  readonly ip: string;
  /** Bulk automation users make most of their calls directly with the long-term key. */
  readonly bulk: boolean;
}

interface SamlPerson {
  readonly email: string;
  readonly nameQualifier: string;
  readonly ip: string;
  readonly ua: string;
}

interface Workload {
  readonly provider: string; // OIDC provider ARN
  readonly subject: string;
  readonly role: Role;
  readonly ua: string;
  readonly ip: string;
  readonly sessionName: () => string;
}

interface Session {
  readonly key: string;
  readonly identity: JsonObj;
  readonly account: Account;
  /** The role this session acts as (undefined for IAM user sessions). */
  readonly role: Role | undefined;
  readonly depth: number;
  readonly expires: number;
  readonly sourceIdentity: string | undefined;
  readonly ua: string;
  readonly ip: string;
  readonly root: RootKind;
  readonly weight: number;
  readonly console: boolean;
}

const REGIONS: readonly (readonly [number, string])[] = [
  [70, 'us-east-1'],
  [15, 'eu-west-1'],
  [10, 'us-west-2'],
  [5, 'ap-southeast-2'],
];

const CLI_COMMANDS = ['s3.ls', 's3.cp', 'ec2.describe-instances', 'sts.get-caller-identity', 'iam.list-roles', 'logs.tail', 'ssm.get-parameter'];

function cliUa(rng: Rng): string {
  const minor = rng.range(13, 27);
  return `aws-cli/2.${minor}.${rng.range(0, 12)} md/awscrt#0.${rng.range(19, 26)}.1 ua/2.1 os/linux#6.8.0-10${rng.range(10, 60)}-aws md/arch#x86_64 lang/python#3.${rng.range(11, 13)}.${rng.range(1, 9)} md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#${rng.pick(CLI_COMMANDS)}`;
}

function boto3Ua(rng: Rng): string {
  const v = rng.range(28, 38);
  const p = rng.range(0, 90);
  return `Boto3/1.${v}.${p} md/Botocore#1.${v}.${p} ua/2.0 os/linux#5.10.${rng.range(200, 230)}-${rng.range(180, 230)}.${rng.range(800, 900)}.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.${rng.range(1, 9)} md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.${v}.${p}`;
}

function goUa(rng: Rng): string {
  return `aws-sdk-go-v2/1.30.${rng.range(0, 5)} ua/2.0 os/linux lang/go#1.22.${rng.range(1, 7)} md/GOOS#linux md/GOARCH#amd64 api/${rng.pick(['s3', 'sts', 'ec2', 'dynamodb', 'kms'])}#1.${rng.range(20, 60)}.${rng.range(0, 9)}`;
}

function terraformUa(rng: Rng): string {
  return `APN/1.0 HashiCorp/1.0 Terraform/1.${rng.range(5, 9)}.${rng.range(0, 6)} (+https://www.terraform.io) terraform-provider-aws/5.${rng.range(40, 80)}.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/${rng.pick(['iam', 'ec2', 's3', 'lambda'])}#1.${rng.range(20, 60)}.2`;
}

function javaUa(rng: Rng): string {
  return `aws-sdk-java/1.12.${rng.range(400, 780)} Linux/5.10.${rng.range(200, 230)}-${rng.range(180, 230)}.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.${rng.range(8, 12)}+7-LTS java/17.0.${rng.range(8, 12)} kotlin/1.9.22 vendor/Amazon.com_Inc. cfg/retry-mode/standard`;
}

const BROWSER_UA = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:137.0) Gecko/20100101 Firefox/137.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
];

function publicIp(rng: Rng): string {
  return rng.chance(0.5) ? `198.51.100.${rng.range(1, 254)}` : `203.0.113.${rng.range(1, 254)}`;
}

function privateIp(rng: Rng): string {
  return `10.${rng.range(0, 40)}.${rng.range(0, 255)}.${rng.range(1, 254)}`;
}

const FIRST = ['alice', 'bob', 'carol', 'dana', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yara', 'zoe', 'omar', 'lena', 'kofi', 'mei', 'raj', 'sofia', 'tomas', 'uma', 'xavier'];
const LAST = ['smith', 'nguyen', 'garcia', 'mueller', 'rossi', 'kowalski', 'tanaka', 'okafor', 'silva', 'haddad', 'novak', 'larsen', 'dubois', 'khan', 'ivanova'];
const TEAMS = ['payments', 'search', 'platform', 'data', 'identity', 'mobile', 'growth', 'infra', 'ml', 'billing'];
const ROLE_NAMES = [
  'OrganizationAccountAccessRole', 'AWSReservedSSO_AdministratorAccess_3f1c2a9e0d1b4c55', 'AWSReservedSSO_ReadOnlyAccess_9e7a2b3c4d5e6f70',
  'engineer', 'readonly', 'break-glass-admin', 'deployer', 'terraform-apply', 'secrets-rotator', 'backup-operator',
  'security-audit', 'incident-responder', 'data-pipeline', 'ecs-task-execution', 'eks-node', 'ec2-app-server', 'lambda-exec-orders',
  'lambda-exec-thumbnails', 'cross-account-observer', 'log-shipper',
];

function makeAccount(rng: Rng, index: number): Account {
  const id = String(100000000000 + rng.int(899999999999)).padStart(12, '0');
  const slug = ['prod', 'staging', 'dev', 'security', 'shared-services', 'data', 'sandbox', 'logging'][index % 8]!;
  const roles = ROLE_NAMES.map((name) => ({
    account: id,
    name,
    arn: `arn:aws:iam::${id}:role/${name.startsWith('AWSReservedSSO') ? 'aws-reserved/sso.amazonaws.com/' : ''}${name}`,
    roleId: `AROA${rng.chars(ID_ALPHABET, 17)}`,
  }));
  const n = (k: number, f: (i: number) => string): string[] => Array.from({ length: k }, (_, i) => f(i));
  return {
    id,
    slug,
    roles,
    buckets: n(12, (i) => `${slug}-${rng.pick(TEAMS)}-${['assets', 'logs', 'backups', 'exports', 'artifacts', 'uploads'][i % 6]}-${rng.hex(6)}`),
    instances: n(60, () => `i-0${rng.hex(16)}`),
    secrets: n(15, () => `${slug}/${rng.pick(TEAMS)}/${rng.pick(['db-password', 'api-key', 'oauth-client', 'signing-key'])}`),
    functions: n(20, () => `${slug}-${rng.pick(TEAMS)}-${rng.pick(['handler', 'worker', 'cron', 'api', 'consumer'])}`),
    tables: n(10, () => `${slug}-${rng.pick(TEAMS)}-${rng.pick(['orders', 'sessions', 'events', 'users', 'locks'])}`),
    kmsKeys: n(6, () => `arn:aws:kms:us-east-1:${id}:key/${rng.uuid()}`),
    logGroups: n(15, () => `/aws/${rng.pick(['lambda', 'ecs', 'eks'])}/${slug}-${rng.pick(TEAMS)}`),
    parameters: n(20, () => `/${slug}/${rng.pick(TEAMS)}/${rng.pick(['db_host', 'feature_flags', 'endpoint', 'replicas'])}`),
    repos: n(8, () => `${rng.pick(TEAMS)}-${rng.pick(['api', 'worker', 'web', 'jobs'])}`),
  };
}

function roleOf(account: Account, name: string): Role {
  return account.roles.find((r) => r.name === name)!;
}

// ---------------------------------------------------------------- action catalog

interface Ctx {
  readonly rng: Rng;
  readonly account: Account;
  readonly region: string;
}

interface ActionSpec {
  readonly weight: number;
  readonly source: string;
  readonly name: string;
  readonly readOnly: boolean;
  readonly data?: boolean;
  readonly req: (c: Ctx) => JsonObj | null;
  readonly res?: (c: Ctx, req: JsonObj | null) => JsonObj | null;
  readonly resources?: (c: Ctx, req: JsonObj | null) => JsonObj[];
  readonly extra?: (c: Ctx) => JsonObj;
}

function s3Resources(c: Ctx, req: JsonObj | null): JsonObj[] {
  const bucket = String(req?.['bucketName'] ?? '');
  const key = req?.['key'];
  const out: JsonObj[] = [];
  if (typeof key === 'string') out.push({ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` });
  out.push({ accountId: c.account.id, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` });
  return out;
}

function s3Key(rng: Rng): string {
  return `${rng.pick(['reports', 'uploads', 'exports', 'tmp', 'data/2026/05/01', 'builds'])}/${rng.hex(12)}.${rng.pick(['json', 'parquet', 'csv', 'zip', 'png', 'gz'])}`;
}

function s3Extra(c: Ctx): JsonObj {
  return {
    SignatureVersion: 'SigV4',
    CipherSuite: 'TLS_AES_128_GCM_SHA256',
    bytesTransferredIn: c.rng.int(2) ? 0 : c.rng.int(5_000_000),
    AuthenticationMethod: 'AuthHeader',
    'x-amz-id-2': `${c.rng.chars(B64, 60)}=`,
    bytesTransferredOut: c.rng.int(8_000_000),
  };
}

const ACTIONS: readonly ActionSpec[] = [
  {
    weight: 13, source: 's3', name: 'GetObject', readOnly: true, data: true,
    req: (c) => {
      const bucket = c.rng.pick(c.account.buckets);
      return { bucketName: bucket, Host: `${bucket}.s3.${c.region}.amazonaws.com`, key: s3Key(c.rng) };
    },
    resources: s3Resources, extra: s3Extra,
  },
  {
    weight: 6, source: 's3', name: 'PutObject', readOnly: false, data: true,
    req: (c) => {
      const bucket = c.rng.pick(c.account.buckets);
      return { bucketName: bucket, Host: `${bucket}.s3.${c.region}.amazonaws.com`, key: s3Key(c.rng), 'x-amz-server-side-encryption': 'aws:kms' };
    },
    res: (c) => ({ 'x-amz-server-side-encryption-aws-kms-key-id': c.rng.pick(c.account.kmsKeys), 'x-amz-server-side-encryption': 'aws:kms' }),
    resources: s3Resources, extra: s3Extra,
  },
  { weight: 3, source: 's3', name: 'ListBuckets', readOnly: true, req: (c) => ({ Host: `s3.${c.region}.amazonaws.com` }) },
  {
    weight: 3, source: 's3', name: 'GetBucketAcl', readOnly: true,
    req: (c) => ({ bucketName: c.rng.pick(c.account.buckets), Host: `s3.${c.region}.amazonaws.com`, acl: '' }),
    resources: s3Resources, extra: s3Extra,
  },
  {
    weight: 9, source: 'kms', name: 'Decrypt', readOnly: true,
    req: (c) => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:${c.region}:${c.account.id}:function:${c.rng.pick(c.account.functions)}` } }),
    resources: (c) => [{ accountId: c.account.id, type: 'AWS::KMS::Key', ARN: c.rng.pick(c.account.kmsKeys) }],
  },
  {
    weight: 5, source: 'kms', name: 'GenerateDataKey', readOnly: true,
    req: (c) => ({ keyId: c.rng.pick(c.account.kmsKeys), keySpec: 'AES_256', encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${c.rng.pick(c.account.buckets)}` } }),
    resources: (c) => [{ accountId: c.account.id, type: 'AWS::KMS::Key', ARN: c.rng.pick(c.account.kmsKeys) }],
  },
  {
    weight: 7, source: 'ec2', name: 'DescribeInstances', readOnly: true,
    req: (c) => ({ instancesSet: { items: [{ instanceId: c.rng.pick(c.account.instances) }] }, filterSet: {} }),
  },
  { weight: 3, source: 'ec2', name: 'DescribeSecurityGroups', readOnly: true, req: () => ({ securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }) },
  {
    weight: 1, source: 'ec2', name: 'CreateTags', readOnly: false,
    req: (c) => ({ resourcesSet: { items: [{ resourceId: c.rng.pick(c.account.instances) }] }, tagSet: { items: [{ key: 'team', value: c.rng.pick(TEAMS) }] } }),
    res: (c) => ({ requestId: c.rng.uuid(), _return: true }),
  },
  {
    weight: 0.3, source: 'ec2', name: 'TerminateInstances', readOnly: false,
    req: (c) => ({ instancesSet: { items: [{ instanceId: c.rng.pick(c.account.instances) }] } }),
    res: (c, req) => ({
      requestId: c.rng.uuid(),
      instancesSet: { items: [{ instanceId: ((req?.['instancesSet'] as JsonObj)['items'] as JsonObj[])[0]!['instanceId'] as string, currentState: { code: 32, name: 'shutting-down' }, previousState: { code: 16, name: 'running' } }] },
    }),
  },
  {
    weight: 0.5, source: 'ec2', name: 'RunInstances', readOnly: false,
    req: (c) => ({ instancesSet: { items: [{ imageId: `ami-0${c.rng.hex(16)}`, minCount: 1, maxCount: 1 }] }, instanceType: c.rng.pick(['t3.micro', 'm6i.large', 'c7g.xlarge']), blockDeviceMapping: {}, monitoring: { enabled: false }, disableApiTermination: false, disableApiStop: false, clientToken: c.rng.uuid() }),
    res: (c) => ({ requestId: c.rng.uuid(), reservationId: `r-0${c.rng.hex(16)}`, ownerId: c.account.id, groupSet: {}, instancesSet: { items: [{ instanceId: c.rng.pick(c.account.instances), currentState: { code: 0, name: 'pending' } }] } }),
  },
  { weight: 3, source: 'iam', name: 'ListRoles', readOnly: true, req: () => null },
  { weight: 2, source: 'iam', name: 'GetRole', readOnly: true, req: (c) => ({ roleName: c.rng.pick(c.account.roles).name }) },
  {
    weight: 0.3, source: 'iam', name: 'AttachRolePolicy', readOnly: false,
    req: (c) => ({ roleName: c.rng.pick(c.account.roles).name, policyArn: c.rng.pick(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3FullAccess', 'arn:aws:iam::aws:policy/AdministratorAccess']) }),
  },
  {
    weight: 0.2, source: 'iam', name: 'PutRolePolicy', readOnly: false,
    req: (c) => ({ roleName: c.rng.pick(c.account.roles).name, policyName: `inline-${c.rng.hex(6)}`, policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' }),
  },
  { weight: 4, source: 'secretsmanager', name: 'GetSecretValue', readOnly: true, req: (c) => ({ secretId: `arn:aws:secretsmanager:${c.region}:${c.account.id}:secret:${c.rng.pick(c.account.secrets)}-${c.rng.chars(ID_ALPHABET, 6)}` }) },
  { weight: 0.3, source: 'secretsmanager', name: 'PutSecretValue', readOnly: false, req: (c) => ({ secretId: c.rng.pick(c.account.secrets), clientRequestToken: c.rng.uuid() }), res: (c) => ({ versionId: c.rng.uuid(), versionStages: ['AWSPENDING'] }) },
  { weight: 4, source: 'ssm', name: 'GetParameter', readOnly: true, req: (c) => ({ name: c.rng.pick(c.account.parameters), withDecryption: c.rng.chance(0.5) }) },
  { weight: 2, source: 'lambda', name: 'GetFunction20150331v2', readOnly: true, req: (c) => ({ functionName: c.rng.pick(c.account.functions) }) },
  {
    weight: 0.5, source: 'lambda', name: 'UpdateFunctionCode20150331v2', readOnly: false,
    req: (c) => ({ functionName: c.rng.pick(c.account.functions), publish: true, dryRun: false }),
    res: (c, req) => ({ functionName: String(req?.['functionName']), functionArn: `arn:aws:lambda:${c.region}:${c.account.id}:function:${String(req?.['functionName'])}`, runtime: 'nodejs20.x', version: String(c.rng.range(2, 80)), lastUpdateStatus: 'InProgress' }),
  },
  { weight: 5, source: 'dynamodb', name: 'DescribeTable', readOnly: true, req: (c) => ({ tableName: c.rng.pick(c.account.tables) }) },
  { weight: 3, source: 'logs', name: 'DescribeLogGroups', readOnly: true, req: (c) => ({ logGroupNamePrefix: c.rng.pick(c.account.logGroups) }) },
  { weight: 2, source: 'logs', name: 'CreateLogStream', readOnly: false, req: (c) => ({ logGroupName: c.rng.pick(c.account.logGroups), logStreamName: `2026/05/01/[$LATEST]${c.rng.hex(32)}` }) },
  { weight: 4, source: 'sts', name: 'GetCallerIdentity', readOnly: true, req: () => null },
  { weight: 3, source: 'ecr', name: 'GetAuthorizationToken', readOnly: true, req: () => ({ registryIds: [] }) },
  { weight: 2, source: 'ecr', name: 'BatchGetImage', readOnly: true, req: (c) => ({ repositoryName: c.rng.pick(c.account.repos), registryId: c.account.id, imageIds: [{ imageTag: `v1.${c.rng.range(0, 90)}.${c.rng.range(0, 9)}` }], acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json'] }) },
  { weight: 1, source: 'cloudtrail', name: 'LookupEvents', readOnly: true, req: (c) => ({ maxResults: 50, lookupAttributes: [{ attributeKey: 'EventName', attributeValue: c.rng.pick(['ConsoleLogin', 'AssumeRole', 'DeleteBucket']) }] }) },
  { weight: 0.1, source: 'cloudtrail', name: 'StopLogging', readOnly: false, req: (c) => ({ name: `arn:aws:cloudtrail:us-east-1:${c.account.id}:trail/org-trail` }) },
  { weight: 0.1, source: 's3', name: 'DeleteBucket', readOnly: false, req: (c) => ({ bucketName: c.rng.pick(c.account.buckets), Host: `s3.${c.region}.amazonaws.com` }), resources: s3Resources },
];

const ACTION_TABLE: readonly (readonly [number, ActionSpec])[] = ACTIONS.map((a) => [a.weight, a] as const);

// ---------------------------------------------------------------- record building

const TLS = (host: string): JsonObj => ({ tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host });

function hostFor(source: string, region: string): string {
  if (source === 'iam') return 'iam.amazonaws.com';
  if (source === 's3') return `s3.${region}.amazonaws.com`;
  return `${source}.${region}.amazonaws.com`;
}

function sessionToken(rng: Rng): string {
  return `IQoJb3JpZ2luX2Vj${rng.chars(B64, rng.range(560, 880))}`;
}

function sessionIdentity(role: Role, sessionName: string, key: string, created: number, extra: { sourceIdentity?: string; mfa?: boolean; webProvider?: string; ec2?: boolean }): JsonObj {
  const context: JsonObj = {
    sessionIssuer: { type: 'Role', principalId: role.roleId, arn: role.arn, accountId: role.account, userName: role.name },
    webIdFederationData: extra.webProvider ? { federatedProvider: extra.webProvider, attributes: {} } : {},
    attributes: { creationDate: isoSeconds(created), mfaAuthenticated: extra.mfa ? 'true' : 'false' },
  };
  if (extra.sourceIdentity) context['sourceIdentity'] = extra.sourceIdentity;
  if (extra.ec2) context['ec2RoleDelivery'] = '2.0';
  return {
    type: 'AssumedRole',
    principalId: `${role.roleId}:${sessionName}`,
    arn: `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}`,
    accountId: role.account,
    accessKeyId: key,
    sessionContext: context,
  };
}

export interface GenParams {
  readonly records: number;
  readonly seed: number;
}

export interface GenCounts {
  records: number;
  actions: number;
  issuance: number;
  issuanceByKind: Record<string, number>;
  crossAccountCopies: number;
  consoleLogins: number;
  serviceEvents: number;
  errors: number;
  sessionsWithoutIssuance: number;
  maxChainDepth: number;
  chainDepths: Record<string, number>;
}

export interface SampledAction {
  readonly id: string;
  readonly root: RootKind;
  readonly depth: number;
}

export interface Bundle {
  readonly params: GenParams;
  readonly version: number;
  readonly ndjson: string;
  readonly gz: string;
  readonly bytes: number;
  readonly gzBytes: number;
  readonly counts: GenCounts;
  /** A seeded random sample of action event ids with the generator's ground truth, for trace timing. */
  readonly sample: readonly SampledAction[];
  readonly generateSeconds: number;
  readonly gzipSeconds: number;
  readonly reused?: boolean;
}

const SAMPLE_SIZE = 2000;

/** The simulation: call `next()` for one NDJSON line (without the newline) at a time. */
class World {
  private readonly rng: Rng;
  private readonly sampler: Rng;
  private readonly accounts: Account[];
  private readonly users: IamUser[];
  private userTable: (readonly [number, IamUser])[] = [];
  private humans: IamUser[] = [];
  private readonly people: SamlPerson[];
  private readonly workloads: Workload[];
  private readonly pool: Session[] = [];
  private readonly pending: string[] = [];
  private t: number;
  private readonly step: number;
  private readonly samlProvider = new Map<string, string>();
  readonly counts: GenCounts = {
    records: 0, actions: 0, issuance: 0, issuanceByKind: {}, crossAccountCopies: 0, consoleLogins: 0, serviceEvents: 0, errors: 0,
    sessionsWithoutIssuance: 0, maxChainDepth: 0, chainDepths: {},
  };
  readonly sample: SampledAction[] = [];
  private actionsSeen = 0;

  constructor(params: GenParams) {
    this.rng = new Rng(params.seed);
    this.sampler = new Rng(params.seed ^ 0x5eed5a11);
    const rng = this.rng;
    this.t = Date.UTC(2026, 4, 1, 0, 0, 0);
    this.step = (24 * 3600 * 1000) / Math.max(1, params.records);
    this.accounts = Array.from({ length: 6 }, (_, i) => makeAccount(rng, i));
    for (const account of this.accounts) {
      this.samlProvider.set(account.id, `arn:aws:iam::${account.id}:saml-provider/CorpOkta`);
    }
    this.users = [];
    for (let i = 0; i < 40; i++) {
      const account = rng.weighted(this.accounts.map((a, j) => [j === 0 ? 4 : 1, a] as const));
      const bulk = i < 12;
      const name = bulk
        ? `svc-${rng.pick(TEAMS)}-${rng.pick(['backup', 'exporter', 'sync', 'reporting', 'ci', 'etl'])}-${i}`
        : `${rng.pick(FIRST)}.${rng.pick(LAST)}${i}`;
      this.users.push({
        account, name, bulk,
        arn: `arn:aws:iam::${account.id}:user/${name}`,
        userId: `AIDA${rng.chars(ID_ALPHABET, 17)}`,
        key: `AKIA${rng.chars(KEY_ALPHABET, 16)}`,
        ua: bulk ? rng.pick([boto3Ua(rng), goUa(rng), javaUa(rng)]) : cliUa(rng),
        ip: bulk ? privateIp(rng) : publicIp(rng),
      });
    }
    this.userTable = this.users.map((u) => [u.bulk ? 8 : 1, u] as const);
    this.humans = this.users.filter((u) => !u.bulk);
    this.people = Array.from({ length: 80 }, (_, i) => ({
      email: `${rng.pick(FIRST)}.${rng.pick(LAST)}${i}@corp.example`,
      nameQualifier: `${rng.chars(B64, 27)}=`,
      ip: publicIp(rng),
      ua: rng.chance(0.4) ? rng.pick(BROWSER_UA) : cliUa(rng),
    }));
    this.workloads = [];
    for (let i = 0; i < 30; i++) {
      const account = rng.pick(this.accounts);
      if (i % 3 === 2) {
        const cluster = rng.hex(32).toUpperCase();
        const ns = rng.pick(TEAMS);
        this.workloads.push({
          provider: `arn:aws:iam::${account.id}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/${cluster}`,
          subject: `system:serviceaccount:${ns}:${rng.pick(['api', 'worker', 'external-dns', 'karpenter'])}`,
          role: roleOf(account, 'data-pipeline'),
          ua: rng.chance(0.5) ? goUa(rng) : boto3Ua(rng),
          ip: privateIp(rng),
          sessionName: () => `botocore-session-${1777593600 + this.rng.int(86400)}`,
        });
      } else {
        const repo = `acme/${rng.pick(TEAMS)}-${rng.pick(['api', 'infra', 'web', 'jobs'])}`;
        const ref = rng.chance(0.7) ? 'ref:refs/heads/main' : `environment:${rng.pick(['prod', 'staging'])}`;
        this.workloads.push({
          provider: `arn:aws:iam::${account.id}:oidc-provider/token.actions.githubusercontent.com`,
          subject: `repo:${repo}:${ref}`,
          role: roleOf(account, rng.chance(0.5) ? 'deployer' : 'terraform-apply'),
          ua: `aws-sdk-nodejs/3.${rng.range(600, 790)}.0 linux/v20.19.1 configure-aws-credentials-for-github-actions`,
          ip: `${rng.range(4, 52)}.${rng.range(0, 255)}.${rng.range(0, 255)}.${rng.range(1, 254)}`,
          sessionName: () => 'GitHubActions',
        });
      }
    }
    // Sessions that began before the window: in use, but their issuance is not in this day's logs.
    for (let i = 0; i < 40; i++) {
      const account = rng.pick(this.accounts);
      const role = rng.pick(account.roles);
      const person = rng.pick(this.people);
      const key = this.newKey('ASIA');
      const created = this.t - rng.range(60, 3000) * 1000;
      this.pool.push({
        key, account, role, depth: 1, expires: created + 3600_000, sourceIdentity: undefined, ua: person.ua, ip: person.ip,
        root: 'missing-issuance', weight: 1, console: false,
        identity: sessionIdentity(role, person.email, key, created, {}),
      });
      this.counts.sessionsWithoutIssuance++;
    }
  }

  private newKey(prefix: 'ASIA' | 'AKIA'): string {
    return `${prefix}${this.rng.chars(KEY_ALPHABET, 16)}`;
  }

  private region(): string {
    return this.rng.weighted(REGIONS);
  }

  next(): string {
    const queued = this.pending.shift();
    if (queued !== undefined) return this.emit(queued);
    this.t += this.rng.next() * 2 * this.step;
    const rng = this.rng;
    const roll = rng.next();
    if (roll < 0.038 || this.pool.length < 8) return this.issue();
    if (roll < 0.0385) return this.consoleLogin();
    if (roll < 0.07) return this.serviceEvent();
    if (roll < 0.13) return this.userAction(rng.weighted(this.userTable));
    const session = this.pickSession();
    if (!session) return this.issue();
    return this.sessionAction(session);
  }

  private emit(line: string): string {
    this.counts.records++;
    return line;
  }

  private pickSession(): Session | undefined {
    for (let tries = 0; tries < 40 && this.pool.length; tries++) {
      const i = this.rng.int(this.pool.length);
      const s = this.pool[i]!;
      if (s.expires <= this.t) {
        this.pool[i] = this.pool[this.pool.length - 1]!;
        this.pool.pop();
        continue;
      }
      if (this.rng.next() * 16 < s.weight) return s;
    }
    return undefined;
  }

  private noteAction(id: string, root: RootKind, depth: number): void {
    this.counts.actions++;
    this.actionsSeen++;
    // Reservoir sampling on its own PRNG: the records do not depend on the sample size.
    if (this.sample.length < SAMPLE_SIZE) this.sample.push({ id, root, depth });
    else {
      const j = this.sampler.int(this.actionsSeen);
      if (j < SAMPLE_SIZE) this.sample[j] = { id, root, depth };
    }
  }

  private base(identity: JsonObj, source: string, name: string, region: string, ip: string, ua: string): JsonObj {
    return {
      eventVersion: this.rng.pick(['1.09', '1.10', '1.11']),
      userIdentity: identity,
      eventTime: isoSeconds(this.t),
      eventSource: `${source}.amazonaws.com`,
      eventName: name,
      awsRegion: region,
      sourceIPAddress: ip,
      userAgent: ua,
    };
  }

  /** An API call by `identity` in `account`, from the catalog. */
  private apiCall(identity: JsonObj, account: Account, ip: string, ua: string, console: boolean): JsonObj {
    const rng = this.rng;
    const spec = rng.weighted(ACTION_TABLE);
    const region = spec.source === 'iam' ? 'us-east-1' : this.region();
    const c: Ctx = { rng, account, region };
    const record = this.base(identity, spec.source, spec.name, region, ip, console ? 'AWS Internal' : ua);
    const req = spec.req(c);
    record['requestParameters'] = req;
    const failed = rng.chance(0.02);
    if (failed) {
      record['errorCode'] = spec.source === 'ec2' ? 'Client.UnauthorizedOperation' : 'AccessDenied';
      record['errorMessage'] = `User: ${String(identity['arn'])} is not authorized to perform: ${spec.source}:${spec.name} because no identity-based policy allows the ${spec.source}:${spec.name} action`;
      this.counts.errors++;
    }
    record['responseElements'] = !failed && spec.res ? spec.res(c, req) : null;
    if (spec.extra) record['additionalEventData'] = spec.extra(c);
    record['requestID'] = spec.source === 's3' ? rng.chars(ID_ALPHABET, 16) : rng.uuid();
    const id = rng.uuid();
    record['eventID'] = id;
    record['readOnly'] = spec.readOnly;
    if (spec.resources) record['resources'] = spec.resources(c, req);
    record['eventType'] = 'AwsApiCall';
    record['managementEvent'] = !spec.data;
    record['recipientAccountId'] = account.id;
    record['eventCategory'] = spec.data ? 'Data' : 'Management';
    record['tlsDetails'] = TLS(hostFor(spec.source, region));
    if (console) record['sessionCredentialFromConsole'] = 'true';
    return record;
  }

  private sessionAction(s: Session): string {
    const record = this.apiCall(s.identity, s.account, s.ip, s.ua, s.console);
    this.noteAction(String(record['eventID']), s.root, s.depth);
    return this.emit(JSON.stringify(record));
  }

  private userAction(u: IamUser): string {
    const identity: JsonObj = { type: 'IAMUser', principalId: u.userId, arn: u.arn, accountId: u.account.id, accessKeyId: u.key, userName: u.name };
    const record = this.apiCall(identity, u.account, u.ip, u.ua, false);
    this.noteAction(String(record['eventID']), 'iam-user', 0);
    return this.emit(JSON.stringify(record));
  }

  /** Events AWS services make on their own (no key): KMS for S3/CloudTrail, scheduled service events. */
  private serviceEvent(): string {
    const rng = this.rng;
    const account = rng.pick(this.accounts);
    const region = this.region();
    const id = rng.uuid();
    let record: JsonObj;
    if (rng.chance(0.7)) {
      const by = rng.pick(['s3.amazonaws.com', 'cloudtrail.amazonaws.com', 'secretsmanager.amazonaws.com', 'logs.amazonaws.com']);
      const key = rng.pick(account.kmsKeys);
      record = this.base({ type: 'AWSService', invokedBy: by }, 'kms', rng.pick(['Decrypt', 'GenerateDataKey']), region, by, by);
      record['requestParameters'] = { keyId: key, encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${rng.pick(account.buckets)}/${s3Key(rng)}` } };
      record['responseElements'] = null;
      record['requestID'] = rng.uuid();
      record['eventID'] = id;
      record['readOnly'] = true;
      record['resources'] = [{ accountId: account.id, type: 'AWS::KMS::Key', ARN: key }];
      record['eventType'] = 'AwsApiCall';
      record['managementEvent'] = true;
      record['recipientAccountId'] = account.id;
      if (rng.chance(0.2)) record['sharedEventID'] = rng.uuid();
      record['eventCategory'] = 'Management';
    } else {
      const [source, name] = rng.pick([['ec2', 'SharedSnapshotCopyInitiated'], ['health', 'AWSHealthEvent'], ['backup', 'BackupJobCompleted'], ['autoscaling', 'ScheduledScaleOut']] as const);
      record = this.base({ accountId: account.id, invokedBy: `${source}.amazonaws.com` }, source, name, region, `${source}.amazonaws.com`, `${source}.amazonaws.com`);
      record['requestParameters'] = null;
      record['responseElements'] = null;
      record['eventID'] = id;
      record['readOnly'] = false;
      record['eventType'] = 'AwsServiceEvent';
      record['managementEvent'] = true;
      record['recipientAccountId'] = account.id;
      record['serviceEventDetails'] = { snapshotId: `snap-0${rng.hex(16)}`, jobId: rng.uuid(), state: 'COMPLETED' };
      record['eventCategory'] = 'Management';
    }
    this.counts.serviceEvents++;
    this.noteAction(id, 'service-event', 0);
    return this.emit(JSON.stringify(record));
  }

  /** An IAM user signs in to the console; the session's ASIA key is never in an STS event. */
  private consoleLogin(): string {
    const rng = this.rng;
    const u = rng.pick(this.humans);
    const ua = rng.pick(BROWSER_UA);
    const record = this.base({ type: 'IAMUser', principalId: u.userId, arn: u.arn, accountId: u.account.id, userName: u.name }, 'signin', 'ConsoleLogin', 'us-east-1', u.ip, ua);
    record['requestParameters'] = null;
    record['responseElements'] = { ConsoleLogin: 'Success' };
    record['additionalEventData'] = { LoginTo: `https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_${rng.hex(16)}`, MobileVersion: 'No', MFAIdentifier: `arn:aws:iam::${u.account.id}:mfa/${u.name}`, MFAUsed: 'Yes' };
    record['eventID'] = rng.uuid();
    record['readOnly'] = false;
    record['eventType'] = 'AwsConsoleSignIn';
    record['managementEvent'] = true;
    record['recipientAccountId'] = u.account.id;
    record['eventCategory'] = 'Management';
    record['tlsDetails'] = TLS('signin.aws.amazon.com');
    const key = this.newKey('ASIA');
    const created = this.t + 1000;
    this.pool.push({
      key, account: u.account, role: undefined, depth: 1, expires: this.t + 12 * 3600_000, sourceIdentity: undefined, ua, ip: u.ip,
      root: 'iam-user-console', weight: 4, console: true,
      identity: {
        type: 'IAMUser', principalId: u.userId, arn: u.arn, accountId: u.account.id, accessKeyId: key, userName: u.name,
        sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: isoSeconds(created), mfaAuthenticated: 'true' } },
      },
    });
    this.counts.consoleLogins++;
    return this.emit(JSON.stringify(record));
  }

  private countIssue(kind: string, depth: number): void {
    this.counts.issuance++;
    this.counts.issuanceByKind[kind] = (this.counts.issuanceByKind[kind] ?? 0) + 1;
    this.counts.chainDepths[String(depth)] = (this.counts.chainDepths[String(depth)] ?? 0) + 1;
    if (depth > this.counts.maxChainDepth) this.counts.maxChainDepth = depth;
  }

  /** One credential issuance: a new session enters the pool. */
  private issue(): string {
    const rng = this.rng;
    const kind = rng.weighted<string>([
      [25, 'saml'],
      [18, 'web-identity'],
      [17, 'aws-service'],
      [28, 'chain'],
      [6, 'iam-user-assume'],
      [6, 'session-token'],
    ]);
    if (kind === 'chain') {
      const parent = this.pickChainParent();
      if (parent) return this.assumeRole(parent);
    }
    switch (kind) {
      case 'web-identity':
        return this.webIdentity();
      case 'aws-service':
        return this.serviceAssume();
      case 'iam-user-assume':
        return this.userAssume();
      case 'session-token':
        return this.sessionToken();
      default:
        return this.saml();
    }
  }

  private pickChainParent(): Session | undefined {
    for (let tries = 0; tries < 20 && this.pool.length; tries++) {
      const s = this.pool[this.rng.int(this.pool.length)]!;
      if (s.role && s.depth < 3 && s.expires > this.t + 60_000 && !s.console && s.root !== 'missing-issuance') return s;
    }
    return undefined;
  }

  private credentials(key: string, expires: number): JsonObj {
    return { accessKeyId: key, sessionToken: sessionToken(this.rng), expiration: localeTime(expires) };
  }

  private stsTail(record: JsonObj, account: string, roleArn: string, extraResources: JsonObj[] = []): { id: string; requestId: string } {
    const rng = this.rng;
    record['additionalEventData'] = { RequestDetails: { awsServingRegion: record['awsRegion'] as string, endpointType: 'regional' } };
    const requestId = rng.uuid();
    const id = rng.uuid();
    record['requestID'] = requestId;
    record['eventID'] = id;
    record['readOnly'] = true;
    record['resources'] = [{ accountId: roleArn.split(':')[4]!, type: 'AWS::IAM::Role', ARN: roleArn }, ...extraResources];
    record['eventType'] = 'AwsApiCall';
    record['managementEvent'] = true;
    record['recipientAccountId'] = account;
    record['eventCategory'] = 'Management';
    record['tlsDetails'] = TLS(`sts.${String(record['awsRegion'])}.amazonaws.com`);
    return { id, requestId };
  }

  private addSession(s: Session, kind: string): void {
    this.pool.push(s);
    this.countIssue(kind, s.depth);
  }

  private saml(): string {
    const rng = this.rng;
    const person = rng.pick(this.people);
    const account = rng.pick(this.accounts);
    const role = roleOf(account, rng.pick(['engineer', 'readonly', 'AWSReservedSSO_AdministratorAccess_3f1c2a9e0d1b4c55', 'AWSReservedSSO_ReadOnlyAccess_9e7a2b3c4d5e6f70', 'security-audit', 'incident-responder', 'break-glass-admin']));
    const key = this.newKey('ASIA');
    const duration = rng.pick([3600, 3600, 14400, 43200]);
    const expires = this.t + duration * 1000;
    const providerArn = this.samlProvider.get(account.id)!;
    const region = 'us-east-1';
    const withSourceIdentity = rng.chance(0.6);
    const record = this.base(
      { type: 'SAMLUser', principalId: `${person.nameQualifier}:${person.email}`, userName: person.email, identityProvider: person.nameQualifier },
      'sts', 'AssumeRoleWithSAML', region, person.ip, person.ua,
    );
    record['requestParameters'] = {
      sAMLAssertionID: `_${rng.hex(32)}`, roleSessionName: person.email, ...(withSourceIdentity ? { sourceIdentity: person.email } : {}),
      roleArn: role.arn, principalArn: providerArn, durationSeconds: duration,
    };
    record['responseElements'] = {
      credentials: this.credentials(key, expires),
      assumedRoleUser: { assumedRoleId: `${role.roleId}:${person.email}`, arn: `arn:aws:sts::${account.id}:assumed-role/${role.name}/${person.email}` },
      packedPolicySize: 1, subject: person.email, subjectType: 'persistent', issuer: 'https://corp.okta.example/app/amazon_aws/exk1a2b3c4d5e6f7g8h9/sso/saml',
      audience: 'https://signin.aws.amazon.com/saml', nameQualifier: person.nameQualifier, ...(withSourceIdentity ? { sourceIdentity: person.email } : {}),
    };
    this.stsTail(record, account.id, role.arn, [{ accountId: account.id, type: 'AWS::IAM::SAMLProvider', ARN: providerArn }]);
    const console = person.ua.startsWith('Mozilla');
    this.addSession({
      key, account, role, depth: 1, expires, sourceIdentity: withSourceIdentity ? person.email : undefined, ua: person.ua, ip: person.ip,
      root: 'saml', weight: rng.pick([1, 2, 4]), console,
      identity: sessionIdentity(role, person.email, key, this.t, { mfa: true, ...(withSourceIdentity ? { sourceIdentity: person.email } : {}) }),
    }, 'AssumeRoleWithSAML');
    return this.emit(JSON.stringify(record));
  }

  private webIdentity(): string {
    const rng = this.rng;
    const w = rng.pick(this.workloads);
    const account = this.accounts.find((a) => a.id === w.role.account)!;
    const key = this.newKey('ASIA');
    const sessionName = w.sessionName();
    const expires = this.t + 3600_000;
    const record = this.base(
      { type: 'WebIdentityUser', principalId: `${w.provider}:sts.amazonaws.com:${w.subject}`, userName: w.subject, identityProvider: w.provider },
      'sts', 'AssumeRoleWithWebIdentity', this.region(), w.ip, w.ua,
    );
    record['requestParameters'] = { roleArn: w.role.arn, roleSessionName: sessionName, durationSeconds: 3600 };
    record['responseElements'] = {
      credentials: this.credentials(key, expires),
      subjectFromWebIdentityToken: w.subject,
      assumedRoleUser: { assumedRoleId: `${w.role.roleId}:${sessionName}`, arn: `arn:aws:sts::${account.id}:assumed-role/${w.role.name}/${sessionName}` },
      provider: w.provider,
      audience: 'sts.amazonaws.com',
    };
    this.stsTail(record, account.id, w.role.arn);
    (record['additionalEventData'] as JsonObj)['identityProviderConnectionVerificationMethod'] = 'IAMTrustStore';
    this.addSession({
      key, account, role: w.role, depth: 1, expires, sourceIdentity: undefined, ua: w.ua, ip: w.ip, root: 'web-identity', weight: rng.pick([4, 8, 16]), console: false,
      identity: sessionIdentity(w.role, sessionName, key, this.t, { webProvider: w.provider }),
    }, 'AssumeRoleWithWebIdentity');
    return this.emit(JSON.stringify(record));
  }

  private serviceAssume(): string {
    const rng = this.rng;
    const account = rng.pick(this.accounts);
    const ec2 = rng.chance(0.6);
    const by = ec2 ? 'ec2.amazonaws.com' : 'lambda.amazonaws.com';
    const role = roleOf(account, ec2 ? rng.pick(['ec2-app-server', 'eks-node']) : rng.pick(['lambda-exec-orders', 'lambda-exec-thumbnails']));
    const sessionName = ec2 ? rng.pick(account.instances) : rng.pick(account.functions);
    const key = this.newKey('ASIA');
    const expires = this.t + (ec2 ? 6 : 1) * 3600_000;
    const record = this.base({ type: 'AWSService', invokedBy: by }, 'sts', 'AssumeRole', this.region(), by, by);
    record['requestParameters'] = { roleArn: role.arn, roleSessionName: sessionName, ...(ec2 ? {} : { durationSeconds: 3600 }) };
    record['responseElements'] = {
      credentials: this.credentials(key, expires),
      assumedRoleUser: { assumedRoleId: `${role.roleId}:${sessionName}`, arn: `arn:aws:sts::${account.id}:assumed-role/${role.name}/${sessionName}` },
    };
    this.stsTail(record, account.id, role.arn);
    delete record['tlsDetails'];
    this.addSession({
      key, account, role, depth: 1, expires, sourceIdentity: undefined, ua: ec2 ? javaUa(rng) : `aws-sdk-nodejs/3.${rng.range(600, 790)}.0 linux/v20.19.1 exec-env/AWS_Lambda_nodejs20.x`,
      ip: ec2 ? privateIp(rng) : `${rng.range(3, 54)}.${rng.range(0, 255)}.${rng.range(0, 255)}.${rng.range(1, 254)}`,
      root: 'aws-service', weight: rng.pick([2, 4, 8, 16]), console: false,
      identity: sessionIdentity(role, sessionName, key, this.t, { ec2 }),
    }, 'AssumeRole(AWSService)');
    return this.emit(JSON.stringify(record));
  }

  /** AssumeRole signed with the parent session's key; cross-account calls are delivered to both accounts. */
  private assumeRole(parent: Session): string {
    const rng = this.rng;
    const cross = rng.chance(0.35);
    const targetAccount = cross ? rng.pick(this.accounts.filter((a) => a.id !== parent.account.id)) : parent.account;
    const role = roleOf(targetAccount, rng.pick(['OrganizationAccountAccessRole', 'secrets-rotator', 'backup-operator', 'deployer', 'cross-account-observer', 'log-shipper', 'security-audit']));
    const sessionName = parent.root === 'saml' && rng.chance(0.5) ? String((parent.identity['principalId'] as string).split(':')[1]) : `${rng.pick(['rotation', 'deploy', 'audit', 'sync', 'backup'])}-${rng.range(1000, 9999)}`;
    const key = this.newKey('ASIA');
    const duration = rng.pick([900, 3600]);
    const expires = Math.min(parent.expires, this.t + duration * 1000);
    const region = this.region();
    const record = this.base(parent.identity, 'sts', 'AssumeRole', region, parent.ip, parent.ua);
    record['requestParameters'] = {
      roleArn: role.arn, roleSessionName: sessionName, durationSeconds: duration, ...(parent.sourceIdentity ? { sourceIdentity: parent.sourceIdentity } : {}),
    };
    record['responseElements'] = {
      credentials: this.credentials(key, expires),
      assumedRoleUser: { assumedRoleId: `${role.roleId}:${sessionName}`, arn: `arn:aws:sts::${targetAccount.id}:assumed-role/${role.name}/${sessionName}` },
      ...(parent.sourceIdentity ? { sourceIdentity: parent.sourceIdentity } : {}),
    };
    const { requestId } = this.stsTail(record, parent.account.id, role.arn);
    if (cross) {
      const shared = rng.uuid();
      record['sharedEventID'] = shared;
      const copy: JsonObj = { ...record };
      copy['userIdentity'] = { type: 'AWSAccount', principalId: String(parent.identity['principalId']), accountId: parent.account.id };
      copy['eventID'] = rng.uuid();
      copy['requestID'] = requestId;
      copy['recipientAccountId'] = targetAccount.id;
      this.pending.push(JSON.stringify(copy));
      this.counts.crossAccountCopies++;
    }
    const depth = parent.depth + 1;
    this.addSession({
      key, account: targetAccount, role, depth, expires, sourceIdentity: parent.sourceIdentity, ua: parent.ua, ip: parent.ip, root: parent.root,
      weight: rng.pick([1, 2, 4, 8]), console: false,
      identity: sessionIdentity(role, sessionName, key, this.t, parent.sourceIdentity ? { sourceIdentity: parent.sourceIdentity } : {}),
    }, `AssumeRole(chain depth ${depth})`);
    return this.emit(JSON.stringify(record));
  }

  private userAssume(): string {
    const rng = this.rng;
    const u = rng.pick(this.users);
    const account = u.account;
    const role = roleOf(account, rng.pick(['deployer', 'backup-operator', 'secrets-rotator', 'data-pipeline']));
    const sessionName = `${u.name}-${rng.range(1000, 9999)}`;
    const key = this.newKey('ASIA');
    const expires = this.t + 3600_000;
    const record = this.base({ type: 'IAMUser', principalId: u.userId, arn: u.arn, accountId: account.id, accessKeyId: u.key, userName: u.name }, 'sts', 'AssumeRole', this.region(), u.ip, u.ua);
    record['requestParameters'] = { roleArn: role.arn, roleSessionName: sessionName, durationSeconds: 3600 };
    record['responseElements'] = {
      credentials: this.credentials(key, expires),
      assumedRoleUser: { assumedRoleId: `${role.roleId}:${sessionName}`, arn: `arn:aws:sts::${account.id}:assumed-role/${role.name}/${sessionName}` },
    };
    this.stsTail(record, account.id, role.arn);
    this.addSession({
      key, account, role, depth: 1, expires, sourceIdentity: undefined, ua: u.ua, ip: u.ip, root: 'iam-user', weight: rng.pick([2, 4, 8]), console: false,
      identity: sessionIdentity(role, sessionName, key, this.t, {}),
    }, 'AssumeRole(IAMUser)');
    return this.emit(JSON.stringify(record));
  }

  private sessionToken(): string {
    const rng = this.rng;
    const u = rng.pick(this.humans);
    const account = u.account;
    const key = this.newKey('ASIA');
    const expires = this.t + 12 * 3600_000;
    const record = this.base({ type: 'IAMUser', principalId: u.userId, arn: u.arn, accountId: account.id, accessKeyId: u.key, userName: u.name }, 'sts', 'GetSessionToken', 'us-east-1', u.ip, u.ua);
    record['requestParameters'] = { durationSeconds: 43200, serialNumber: `arn:aws:iam::${account.id}:mfa/${u.name}` };
    record['responseElements'] = { credentials: this.credentials(key, expires) };
    record['additionalEventData'] = { RequestDetails: { awsServingRegion: 'us-east-1', endpointType: 'regional' } };
    record['requestID'] = rng.uuid();
    record['eventID'] = rng.uuid();
    record['readOnly'] = false;
    record['eventType'] = 'AwsApiCall';
    record['managementEvent'] = true;
    record['recipientAccountId'] = account.id;
    record['eventCategory'] = 'Management';
    record['tlsDetails'] = TLS('sts.us-east-1.amazonaws.com');
    this.addSession({
      key, account, role: undefined, depth: 1, expires, sourceIdentity: undefined, ua: u.ua, ip: u.ip, root: 'iam-user', weight: rng.pick([1, 2, 4]), console: false,
      identity: {
        type: 'IAMUser', principalId: u.userId, arn: u.arn, accountId: account.id, accessKeyId: key, userName: u.name,
        sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: isoSeconds(this.t), mfaAuthenticated: 'true' } },
      },
    }, 'GetSessionToken');
    return this.emit(JSON.stringify(record));
  }
}

// ---------------------------------------------------------------- files

function writeChunk(out: WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = out.write(text, (error) => (error ? reject(error) : undefined));
    if (ok) resolve();
    else out.once('drain', resolve);
  });
}

function closeStream(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

export function bundleName(params: GenParams): string {
  return `cloudtrail-${params.records}-s${params.seed}-v${GENERATOR_VERSION}`;
}

function bundlePaths(dir: string, params: GenParams): { ndjson: string; gz: string; meta: string } {
  const name = bundleName(params);
  return { ndjson: join(dir, `${name}.jsonl`), gz: join(dir, `${name}.jsonl.gz`), meta: join(dir, `${name}.meta.json`) };
}

/** The complete bundle for `params` already under `dir`, if there is one. */
export function existingBundle(dir: string, params: GenParams): Bundle | undefined {
  const { ndjson, gz, meta: metaPath } = bundlePaths(dir, params);
  if (!existsSync(metaPath) || !existsSync(ndjson) || !existsSync(gz)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Bundle;
    if (
      meta.version === GENERATOR_VERSION && meta.params.records === params.records && meta.params.seed === params.seed &&
      statSync(ndjson).size === meta.bytes && statSync(gz).size === meta.gzBytes
    ) {
      return { ...meta, ndjson, gz, reused: true };
    }
  } catch {
    // Unreadable metadata: regenerate.
  }
  return undefined;
}

/** Generates the NDJSON and gzip files for `params` under `dir`, or reuses them when already complete. */
export async function ensureBundle(dir: string, params: GenParams, log: (line: string) => void = () => {}): Promise<Bundle> {
  mkdirSync(dir, { recursive: true });
  const existing = existingBundle(dir, params);
  if (existing) {
    log(`reusing ${existing.ndjson} (${(existing.bytes / 1e6).toFixed(1)} MB) and ${existing.gz} (${(existing.gzBytes / 1e6).toFixed(1)} MB)`);
    return existing;
  }
  const { ndjson, gz, meta: metaPath } = bundlePaths(dir, params);

  log(`generating ${params.records.toLocaleString('en-US')} CloudTrail records (seed ${params.seed}) → ${ndjson}`);
  const started = performance.now();
  const world = new World(params);
  const tmp = `${ndjson}.tmp`;
  const out = createWriteStream(tmp, { highWaterMark: 4 * 1024 * 1024 });
  let bytes = 0;
  let chunk: string[] = [];
  let chunkChars = 0;
  let lastLog = started;
  for (let i = 0; i < params.records; i++) {
    const line = world.next();
    chunk.push(line);
    chunkChars += line.length + 1;
    if (chunkChars >= 2 * 1024 * 1024) {
      const text = `${chunk.join('\n')}\n`;
      bytes += Buffer.byteLength(text);
      await writeChunk(out, text);
      chunk = [];
      chunkChars = 0;
      const now = performance.now();
      if (now - lastLog > 5000) {
        lastLog = now;
        log(`  generated ${(i + 1).toLocaleString('en-US')} records (${(bytes / 1e6).toFixed(0)} MB)`);
      }
    }
  }
  if (chunk.length) {
    const text = `${chunk.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    await writeChunk(out, text);
  }
  await closeStream(out);
  renameSync(tmp, ndjson);
  const generateSeconds = (performance.now() - started) / 1000;
  log(`  ${params.records.toLocaleString('en-US')} records, ${(bytes / 1e6).toFixed(1)} MB, ${(bytes / params.records).toFixed(0)} B/record, in ${generateSeconds.toFixed(1)} s; gzipping…`);

  const gzStarted = performance.now();
  await pipeline(createReadStream(ndjson, { highWaterMark: 1024 * 1024 }), createGzip({ level: 6 }), createWriteStream(`${gz}.tmp`));
  renameSync(`${gz}.tmp`, gz);
  const gzipSeconds = (performance.now() - gzStarted) / 1000;
  const gzBytes = statSync(gz).size;
  log(`  ${gz}: ${(gzBytes / 1e6).toFixed(1)} MB in ${gzipSeconds.toFixed(1)} s`);

  const bundle: Bundle = {
    params, version: GENERATOR_VERSION, ndjson, gz, bytes, gzBytes, counts: world.counts, sample: world.sample, generateSeconds, gzipSeconds,
  };
  writeFileSync(metaPath, `${JSON.stringify(bundle, null, 1)}\n`);
  return bundle;
}
