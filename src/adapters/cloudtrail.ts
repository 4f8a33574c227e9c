// AWS CloudTrail records → normalized events.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
import type { CredentialIssue, EventKind, NormalizedEvent, Outcome, PrincipalRef } from '../model/types.js';
import { bool, contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { fingerprint, redactSecrets } from './shared/redact.js';
import { parseIsoTime, parseLocaleOrIsoTime, toIso } from './shared/time.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const CLOUDTRAIL = 'cloudtrail';

/** STS (and IAM Identity Center) calls whose response carries a new temporary credential. */
const ISSUING_CALLS: ReadonlySet<string> = new Set([
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:GetSessionToken',
  'sts:GetFederationToken',
  'sts:AssumeRoot',
  'iam:CreateAccessKey',
]);

/** Changes to who may assume or act as whom. */
const DELEGATING_CALLS: ReadonlySet<string> = new Set([
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateRole',
  'sso:CreateAccountAssignment',
  'sso:AttachManagedPolicyToPermissionSet',
  'sso:PutInlinePolicyToPermissionSet',
]);

/**
 * Sign-in steps whose result sits in `responseElements.<eventName>` or `serviceEventDetails.<eventName>`
 * (`"Success"`/`"Failure"`) rather than in `errorCode`, and that authenticate someone.
 */
const SIGN_IN_STEPS: ReadonlySet<string> = new Set([
  'signin:ConsoleLogin',
  'signin:CredentialChallenge',
  'signin:CredentialVerification',
  'signin:UserAuthentication',
]);

/** What AWS writes instead of a user name it will not disclose (failed console logins with an unknown name). */
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Top-level keys lower-cased by a data lake (Panther) instead of CloudTrail's camelCase. */
const LOWERCASED_MARKERS: readonly string[] = ['eventname', 'eventsource', 'eventtime'];

/** OIDC issuers of CI/workload identities: a web-identity root from one of these is automation, not a person. */
const WORKLOAD_IDP = /(token\.actions\.githubusercontent\.com|gitlab|app\.terraform\.io|circleci|oidc\.eks\.|bitbucket|buildkite|oidc\.circleci|sts\.windows\.net|spacelift)/i;

function serviceOf(eventSource: string): string {
  return eventSource.replace(/\.amazonaws\.com$/i, '').replace(/\.amazonaws\.com\.cn$/i, '');
}

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  const source = record['eventSource'];
  const time = record['eventTime'];
  return (
    typeof source === 'string' &&
    /\.amazonaws\.com(\.cn)?$/i.test(source) &&
    typeof record['eventName'] === 'string' &&
    typeof time === 'string' &&
    // A record whose time cannot be read is no evidence that the file is CloudTrail (STYLE rule 3).
    parseIsoTime(time) !== undefined &&
    ('eventVersion' in record || 'userIdentity' in record || 'eventID' in record)
  );
}

/** `arn:aws:sts::111:assumed-role/name/session` → `arn:aws:iam::111:role/name` (the path is not in the sts ARN). */
function roleArnFromAssumedRole(arn: string): string | undefined {
  const m = /^arn:(aws[\w-]*):sts::(\d+):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

function lastArnSegment(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn.slice(arn.lastIndexOf(':') + 1);
}

function roleName(arn: string): string {
  const m = /:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? m[1]! : lastArnSegment(arn);
}

/** An account id, given as itself or inside a principal ARN (`arn:aws:iam::444455556666:root`). */
function accountOf(principal: string | undefined): string | undefined {
  if (!principal) return undefined;
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[\w-]+:[\w-]*:[^:]*:(\d{12}):/.exec(principal)?.[1];
}

function rootPrincipal(account: string): PrincipalRef {
  return { id: `aws:arn:aws:iam::${account}:root`, type: 'human', name: `root (${account === 'unknown' ? 'unknown account' : account})` };
}

export function rolePrincipal(arn: string): PrincipalRef {
  return { id: `aws:${arn}`, type: 'role', name: roleName(arn) };
}

function looksLikeEmail(text: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text);
}

function withEmailAlias(name: string, extra: readonly string[] = []): string[] {
  const aliases = [...extra];
  if (looksLikeEmail(name)) aliases.push(`email:${name.toLowerCase()}`);
  return aliases;
}

function webIdentityPrincipal(provider: string, subject: string): PrincipalRef {
  const workload = WORKLOAD_IDP.test(provider) || /^(repo:|system:serviceaccount:|project_path:)/.test(subject);
  return {
    id: `aws-web-identity:${provider}:${subject}`,
    type: workload ? 'service' : 'human',
    name: subject,
    aliases: withEmailAlias(subject),
  };
}

/** AWS's placeholder for an undisclosed name is not a name. */
function visibleName(name: string | undefined): string | undefined {
  return name === HIDDEN ? undefined : name;
}

/**
 * A failed console login with a user name the account does not have: AWS hides the name, so the record
 * names nobody. Inventing `user/HIDDEN_DUE_TO_SECURITY_REASONS` would merge every such attempt into one "user".
 */
function hiddenUser(account: string | undefined): PrincipalRef {
  return {
    id: `aws-unknown:hidden-user@${account ?? 'unknown'}`,
    type: 'unknown',
    name: `unknown user (name hidden by AWS) in account ${account ?? 'unknown'}`,
  };
}

/** The principal a `userIdentity` block names. */
export function principalOf(identity: JsonObject | undefined): PrincipalRef {
  if (!identity) return { id: 'aws-unknown:no-user-identity', type: 'unknown', name: 'unknown (no userIdentity)' };
  // AwsServiceEvent records often carry only {accountId, invokedBy}: the service is the actor.
  const type = str(identity['type']) ?? (str(identity['invokedBy']) ? 'AWSService' : 'Unknown');
  const arn = str(identity['arn']);
  const account = str(identity['accountId']);
  const principalId = str(identity['principalId']);
  const statedName = str(identity['userName']);
  const userName = visibleName(statedName);
  if (statedName === HIDDEN && !arn && !principalId) return hiddenUser(account);
  switch (type) {
    case 'Root':
      return { ...rootPrincipal(account ?? 'unknown'), ...(arn ? { id: `aws:${arn}` } : {}) };
    case 'IAMUser':
      return {
        id: `aws:${arn ?? `arn:aws:iam::${account ?? 'unknown'}:user/${userName ?? principalId ?? 'unknown'}`}`,
        type: 'human',
        name: userName ?? (arn ? lastArnSegment(arn) : principalId ?? 'unknown'),
        aliases: withEmailAlias(userName ?? ''),
      };
    case 'AssumedRole': {
      const issuerArn = str(obj(obj(identity['sessionContext'])?.['sessionIssuer'])?.['arn']);
      const roleArn = issuerArn ?? (arn ? roleArnFromAssumedRole(arn) : undefined);
      if (roleArn) return rolePrincipal(roleArn);
      return { id: `aws-role-session:${principalId ?? 'unknown'}`, type: 'role', name: principalId ?? 'unknown role' };
    }
    case 'Role':
      return arn ? rolePrincipal(arn) : { id: `aws-role:${principalId ?? 'unknown'}`, type: 'role', name: principalId ?? 'unknown role' };
    case 'FederatedUser':
      return {
        id: `aws:${arn ?? `federated-user/${principalId ?? 'unknown'}`}`,
        type: 'human',
        name: arn ? lastArnSegment(arn) : principalId ?? 'unknown federated user',
      };
    case 'AWSAccount':
      return {
        id: `aws-account:${account ?? principalId ?? 'unknown'}`,
        type: 'unknown',
        name: `AWS account ${account ?? principalId ?? 'unknown'}`,
        aliases: principalId ? [`aws-principal-id:${principalId}`] : [],
      };
    case 'AWSService': {
      const service = str(identity['invokedBy']) ?? principalId ?? 'unknown service';
      return { id: `aws-service:${service}`, type: 'service', name: service };
    }
    case 'IdentityCenterUser': {
      const userId = str(obj(identity['onBehalfOf'])?.['userId']) ?? principalId ?? 'unknown';
      return { id: `aws-idc-user:${userId}`, type: 'human', name: userName ?? `Identity Center user ${userId}` };
    }
    case 'SAMLUser': {
      const idp = str(identity['identityProvider']) ?? 'unknown-idp';
      const name = userName ?? principalId ?? 'unknown';
      return { id: `aws-saml:${idp}:${name}`, type: 'human', name, aliases: withEmailAlias(name) };
    }
    case 'WebIdentityUser':
      return webIdentityPrincipal(str(identity['identityProvider']) ?? 'unknown-idp', userName ?? principalId ?? 'unknown');
    case 'Directory':
      return { id: `aws:${arn ?? `directory/${principalId ?? 'unknown'}`}`, type: 'unknown', name: userName ?? principalId ?? 'directory user' };
    default:
      return {
        // IAM Identity Center sign-in steps put the account id in principalId and the user in userName:
        // both are needed to keep two users of one account apart.
        id: `aws-unknown:${[principalId, userName].filter(Boolean).join(':') || arn || 'unknown'}`,
        type: 'unknown',
        name: userName ?? principalId ?? arn ?? 'unknown',
      };
  }
}

/**
 * The Identity Center user an identity-enhanced session acts for. On an `IdentityCenterUser` identity the
 * user is the actor itself, and "alice on behalf of alice" says nothing.
 */
function onBehalfOfPrincipal(identity: JsonObject | undefined, actor: PrincipalRef): PrincipalRef | undefined {
  const userId = str(obj(identity?.['onBehalfOf'])?.['userId']);
  if (!userId) return identityCenterSessionUser(identity);
  const principal: PrincipalRef = { id: `aws-idc-user:${userId}`, type: 'human', name: `Identity Center user ${userId}` };
  return principal.id === actor.id ? undefined : principal;
}

/**
 * IAM Identity Center permission-set roles (`AWSReservedSSO_<set>_<hash>`): AWS itself names the role
 * session after the signed-in user, so the session name says whom the role acts for even though the
 * portal's credential issuance is never logged. Clients cannot choose this name.
 */
function identityCenterSessionUser(identity: JsonObject | undefined): PrincipalRef | undefined {
  if (str(identity?.['type']) !== 'AssumedRole') return undefined;
  const issuer = str(obj(obj(identity?.['sessionContext'])?.['sessionIssuer'])?.['arn']) ?? str(identity?.['arn']) ?? '';
  if (!/AWSReservedSSO_/.test(issuer)) return undefined;
  const principalId = str(identity?.['principalId']) ?? '';
  const user = principalId.includes(':') ? principalId.slice(principalId.indexOf(':') + 1) : undefined;
  if (!user) return undefined;
  const email = looksLikeEmail(user);
  return {
    id: `aws-sso-user:${email ? user.toLowerCase() : user}`,
    type: 'human',
    name: user,
    aliases: withEmailAlias(user),
  };
}

function credentialUsed(identity: JsonObject | undefined): string | undefined {
  if (!identity) return undefined;
  const key = str(identity['accessKeyId']);
  if (key) return `aws-akid:${key}`;
  const credentialId = str(identity['credentialId']);
  return credentialId ? `aws-idc-credential:${credentialId}` : undefined;
}

function issuedCredential(
  name: string,
  actor: PrincipalRef,
  request: JsonObject | undefined,
  response: JsonObject | undefined,
  account: string | undefined,
): CredentialIssue | undefined {
  if (!response || !ISSUING_CALLS.has(name)) return undefined;
  if (name === 'iam:CreateAccessKey') {
    const accessKey = obj(response['accessKey']);
    const keyId = str(accessKey?.['accessKeyId']);
    if (!keyId) return undefined;
    const user = str(accessKey?.['userName']) ?? str(request?.['userName']);
    const issuedTo: PrincipalRef = user
      ? { id: `aws:arn:aws:iam::${account ?? 'unknown'}:user/${user}`, type: 'human', name: user }
      : actor;
    return { id: `aws-akid:${keyId}`, issuedTo };
  }
  const credentials = obj(response['credentials']);
  const keyId = str(credentials?.['accessKeyId']);
  if (!keyId) return undefined;
  const expiration = str(credentials?.['expiration']);
  const token = str(credentials?.['sessionToken']);
  const expires = expiration ? parseLocaleOrIsoTime(expiration)?.ms : undefined;
  let issuedTo: PrincipalRef = actor;
  const assumedArn = str(obj(response['assumedRoleUser'])?.['arn']);
  const roleArn = str(request?.['roleArn']) ?? (assumedArn ? roleArnFromAssumedRole(assumedArn) : undefined);
  if (name === 'sts:AssumeRoot') {
    // The credentials are the member account's root, not the caller's: `targetPrincipal` names the account.
    const targetAccount = accountOf(str(request?.['targetPrincipal']));
    if (targetAccount) issuedTo = rootPrincipal(targetAccount);
  } else if (name === 'sts:GetFederationToken') {
    const fedArn = str(obj(response['federatedUser'])?.['arn']);
    const fedName = str(request?.['name']);
    if (fedArn) issuedTo = { id: `aws:${fedArn}`, type: 'human', name: lastArnSegment(fedArn) };
    else if (fedName) issuedTo = { id: `aws:federated-user/${fedName}`, type: 'human', name: fedName };
  } else if (roleArn && name !== 'sts:GetSessionToken') {
    issuedTo = rolePrincipal(roleArn);
  }
  return {
    id: `aws-akid:${keyId}`,
    issuedTo,
    ...(expires !== undefined ? { expires } : {}),
    ...(token ? { fingerprint: fingerprint(token) } : {}),
  };
}

function kindOf(name: string, eventType: string | undefined): EventKind {
  // Older records spell the type `AwsConsoleSignin`.
  if (SIGN_IN_STEPS.has(name) || eventType?.toLowerCase() === 'awsconsolesignin') return 'authenticate';
  if (ISSUING_CALLS.has(name) || name === 'sso:GetRoleCredentials') return 'credential';
  if (DELEGATING_CALLS.has(name)) return 'delegate';
  return 'action';
}

function firstString(record: JsonObject | undefined, keys: readonly string[]): string | undefined {
  if (!record) return undefined;
  for (const key of keys) {
    const value = str(record[key]);
    if (value) return value;
  }
  return undefined;
}

/** EC2's `{"items":[{"<key>": "…"}]}` sets → `a, b`. */
function itemIds(set: unknown, key: string): string | undefined {
  const items = obj(set)?.['items'];
  if (!Array.isArray(items)) return undefined;
  const ids = items.map((i) => str(obj(i)?.[key])).filter((i): i is string => !!i);
  return ids.length ? ids.join(', ') : undefined;
}

/** What the call acted on, as text a person can read. */
function targetOf(record: JsonObject, service: string): string | undefined {
  // IAM Identity Center portal calls (GetRoleCredentials) name the role and account only here.
  const details = obj(record['serviceEventDetails']);
  const ssoRole = str(details?.['role_name']);
  const ssoAccount = str(details?.['account_id']);
  if (ssoRole && ssoAccount) return `${ssoRole} in account ${ssoAccount}`;
  const resources = record['resources'];
  if (Array.isArray(resources)) {
    const arns = resources.map((r) => str(obj(r)?.['ARN']) ?? str(obj(r)?.['arn'])).filter((a): a is string => !!a);
    if (arns.length) return [...new Set(arns)].join(', ');
  }
  const request = obj(record['requestParameters']);
  if (request) {
    const bucket = str(request['bucketName']);
    if (bucket && service === 's3') {
      const key = str(request['key']);
      return key ? `arn:aws:s3:::${bucket}/${key}` : `arn:aws:s3:::${bucket}`;
    }
    const direct = firstString(request, [
      'roleArn', 'policyArn', 'secretId', 'functionName', 'keyId', 'trailName', 'name', 'userName', 'roleName',
      'groupName', 'tableName', 'clusterName', 'instanceId', 'dBInstanceIdentifier', 'repositoryName', 'logGroupName',
      'topicArn', 'queueUrl', 'stackName', 'detectorId', 'resourceArn', 'bucketName', 'snapshotId', 'volumeId',
      'imageId',
    ]);
    if (direct) return direct;
    const ids = itemIds(request['instancesSet'], 'instanceId') ?? itemIds(request['resourcesSet'], 'resourceId');
    if (ids) return ids;
  }
  // RunInstances names the instances it made only in its response.
  const made = itemIds(obj(record['responseElements'])?.['instancesSet'], 'instanceId');
  if (made) return made;
  const account = str(record['recipientAccountId']);
  return account ? `account ${account}` : undefined;
}

/**
 * Sign-in events report their result as `{"<eventName>": "Success" | "Failure"}`: ConsoleLogin, SwitchRole,
 * PasswordUpdated… in `responseElements`, IAM Identity Center sign-in steps in `serviceEventDetails`.
 */
function statedResult(record: JsonObject, eventName: string): 'Success' | 'Failure' | undefined {
  for (const holder of [record['responseElements'], record['serviceEventDetails']]) {
    const result = str(obj(holder)?.[eventName]);
    if (result === 'Success' || result === 'Failure') return result;
  }
  return undefined;
}

/** How deep `responseElements` is searched for an `errorSet`: EC2 nests it under `<Action>Response`. */
const ERROR_SET_DEPTH = 3;

/** The first string `errorCode` among an `errorSet`'s items (`item` is an object or an array of them). */
function errorSetCode(value: unknown, depth = 0): string | undefined {
  if (depth > ERROR_SET_DEPTH) return undefined;
  const items = Array.isArray(value) ? value : isObject(value) ? [value] : [];
  for (const item of items) {
    if (!isObject(item)) continue;
    const code = item['errorCode'];
    if (typeof code === 'string' && code !== '') return code;
    for (const child of Object.values(item)) {
      const found = typeof child === 'object' ? errorSetCode(child, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The error an EC2-style response lists in an `errorSet` (CreateFleet answers 200 and reports what failed
 * there, so CloudTrail has no top-level `errorCode`). Only codes inside an `errorSet` count: an `errorCode`
 * elsewhere can be configuration (CloudFront's custom error pages).
 */
function responseErrorCode(response: unknown, depth = 0): string | undefined {
  if (!isObject(response) || depth > ERROR_SET_DEPTH) return undefined;
  if ('errorSet' in response) return errorSetCode(response['errorSet']);
  for (const child of Object.values(response)) {
    const found = responseErrorCode(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function outcomeOf(record: JsonObject, eventName: string, name: string): Outcome {
  if (str(record['errorCode'])) return 'failure';
  const stated = statedResult(record, eventName);
  if (stated) return stated === 'Success' ? 'success' : 'failure';
  if (responseErrorCode(record['responseElements'])) return 'failure';
  // A sign-in without a stated result proves nothing either way.
  return SIGN_IN_STEPS.has(name) ? 'unknown' : 'success';
}

function sessionOf(identity: JsonObject | undefined, sessionStart: number | undefined): string | undefined {
  const context = obj(identity?.['sessionContext']);
  const signIn = str(context?.['signInSessionArn']);
  if (signIn) return signIn;
  const arn = str(identity?.['arn']);
  if (arn && sessionStart !== undefined) return `aws-session:${arn}@${toIso(sessionStart)}`;
  return undefined;
}

function attrsOf(record: JsonObject, identity: JsonObject | undefined): Record<string, string | number | boolean> {
  const attrs: Record<string, string | number | boolean> = {};
  const put = (key: string, value: string | number | boolean | undefined): void => {
    if (value !== undefined) attrs[key] = value;
  };
  const context = obj(identity?.['sessionContext']);
  const attributes = obj(context?.['attributes']);
  const issuer = obj(context?.['sessionIssuer']);
  const principalId = str(identity?.['principalId']);
  put('account', str(record['recipientAccountId']) ?? str(identity?.['accountId']));
  put('actor_account', str(identity?.['accountId']));
  put('region', str(record['awsRegion']));
  put('event_type', str(record['eventType']));
  put('event_category', str(record['eventCategory']));
  put('read_only', bool(record['readOnly']));
  put('identity_type', str(identity?.['type']));
  put('identity_arn', str(identity?.['arn']));
  put('principal_id', principalId);
  if (str(identity?.['type']) === 'AssumedRole' && principalId?.includes(':')) {
    put('session_name', principalId.slice(principalId.indexOf(':') + 1));
  }
  put('session_issuer', str(issuer?.['arn']));
  put('mfa', bool(attributes?.['mfaAuthenticated']));
  put('invoked_by', str(identity?.['invokedBy']));
  put('invoked_by_delegate', str(obj(identity?.['invokedByDelegate'])?.['accountId']));
  const inScope = obj(identity?.['inScopeOf']);
  put('in_scope_of', str(inScope?.['sourceArn']));
  put('credentials_issued_to', str(inScope?.['credentialsIssuedTo']));
  const webId = obj(context?.['webIdFederationData']);
  put('web_identity_provider', str(webId?.['federatedProvider']));
  put('identity_provider', str(identity?.['identityProvider']));
  put('console', bool(record['sessionCredentialFromConsole']));
  put('error_code', str(record['errorCode']) ?? responseErrorCode(record['responseElements']));
  put('error_message', str(record['errorMessage'])?.slice(0, 500));
  put('shared_event_id', str(record['sharedEventID']));
  put('event_source', str(record['eventSource']));
  const response = obj(record['responseElements']);
  put('issued_source_identity', str(response?.['sourceIdentity']));
  put('issued_session_arn', str(obj(response?.['assumedRoleUser'])?.['arn']));
  put('web_identity_subject', str(response?.['subjectFromWebIdentityToken']));
  put('saml_subject', str(response?.['subject']));
  const extra = obj(record['additionalEventData']);
  put('mfa_used', str(extra?.['MFAUsed']));
  const details = obj(record['serviceEventDetails']);
  put('sso_role_name', str(details?.['role_name']));
  put('sso_account', str(details?.['account_id']));
  return attrs;
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'a CloudTrail record must be a JSON object');
  if (!('eventName' in value) && LOWERCASED_MARKERS.some((k) => k in value)) {
    return reject(
      'LOWERCASED_KEYS',
      'top-level keys are lower-cased (eventname, eventsource…): a data-lake copy, not a CloudTrail record',
    );
  }
  const eventName = str(value['eventName']);
  const eventSource = str(value['eventSource']);
  if (!eventName) return reject('MISSING_FIELD', 'eventName is missing');
  if (!eventSource) return reject('MISSING_FIELD', 'eventSource is missing');
  const eventTime = str(value['eventTime']);
  if (!eventTime) return reject('MISSING_FIELD', 'eventTime is missing');
  const time = parseIsoTime(eventTime);
  if (!time) return reject('BAD_TIME', `eventTime ${JSON.stringify(eventTime).slice(0, 80)} is not an ISO-8601 time`);

  const flags: string[] = [];
  if (time.zoneless) flags.push('time-zoneless-assumed-utc');
  const identity = obj(value['userIdentity']);
  if (!identity) flags.push('no-user-identity');
  const service = serviceOf(eventSource);
  const name = `${service}:${eventName}`;
  const actor = principalOf(identity);
  const context = obj(identity?.['sessionContext']);
  const creation = str(obj(context?.['attributes'])?.['creationDate']);
  const sessionStart = creation ? parseIsoTime(creation)?.ms : undefined;
  const onBehalfOf = onBehalfOfPrincipal(identity, actor);
  const request = obj(value['requestParameters']);
  const response = obj(value['responseElements']);
  const account = str(value['recipientAccountId']) ?? str(identity?.['accountId']);
  const issued = issuedCredential(name, actor, request, response, account);
  const eventId = str(value['eventID']);
  const sharedId = str(value['sharedEventID']);
  const requestId = str(value['requestID']);
  const sourceIdentity = str(context?.['sourceIdentity']);
  const session = sessionOf(identity, sessionStart);
  const target = targetOf(value, service);
  const ip = str(value['sourceIPAddress']);
  const userAgent = str(value['userAgent']);
  const used = credentialUsed(identity);

  const event: NormalizedEvent = {
    id: `${CLOUDTRAIL}:${eventId ?? `sha256:${contentHash(value)}`}`,
    format: CLOUDTRAIL,
    time: time.ms,
    kind: kindOf(name, str(value['eventType'])),
    name,
    actor,
    ...(onBehalfOf ? { on_behalf_of: onBehalfOf } : {}),
    ...(used ? { credential_used: used } : {}),
    ...(issued ? { credential_issued: issued } : {}),
    ...(session ? { session } : {}),
    ...(sessionStart !== undefined ? { session_start: sessionStart } : {}),
    ...(sourceIdentity ? { source_identity: sourceIdentity } : {}),
    ...(sharedId ? { operation_key: `aws-shared-event:${sharedId}` } : {}),
    ...(target ? { target } : {}),
    outcome: outcomeOf(value, eventName, name),
    ...(ip ? { ip } : {}),
    ...(userAgent ? { user_agent: userAgent } : {}),
    ...(requestId ? { trace: { request_id: requestId } } : {}),
    attrs: attrsOf(value, identity),
    ...(flags.length ? { flags } : {}),
    raw: redactSecrets(value),
  };
  return { ok: true, events: [event] };
}

export const cloudtrail = {
  name: CLOUDTRAIL,
  title: 'AWS CloudTrail',
  containers: [
    'S3 delivery: gzip JSON {"Records":[…]} in AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/',
    'NDJSON (one record per line)',
    'JSON array',
    'LookupEvents / CloudTrail Lake {"Events":[{"CloudTrailEvent":"<json string>"}]}',
    'EventBridge envelope (detail-type "AWS API Call via CloudTrail")',
  ],
  detectionKeys: ['eventSource (*.amazonaws.com)', 'eventName', 'eventTime', 'eventVersion | userIdentity | eventID'],
  detect,
  parse,
} satisfies Adapter;

