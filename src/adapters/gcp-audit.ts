// GCP Cloud Audit Logs (a LogEntry whose protoPayload is a google.cloud.audit.AuditLog) → normalized events.
// https://cloud.google.com/logging/docs/audit/understanding-audit-logs
// https://github.com/googleapis/googleapis/blob/master/google/cloud/audit/audit_log.proto
// https://cloud.google.com/iam/docs/audit-logging/examples-service-accounts
import { createHash } from 'node:crypto';
import type { CredentialIssue, EventKind, NormalizedEvent, Outcome, PrincipalRef, TraceContext } from '../model/types.js';
import { contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { redactedMarker, redactSecrets } from './shared/redact.js';
import { parseIsoTime, toIso } from './shared/time.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const GCP_AUDIT = 'gcp-audit';

const AUDIT_LOG_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

/** iamcredentials calls that mint a token or signature for a service account. None of them logs the token. */
const MINT_METHODS: ReadonlySet<string> = new Set(['GenerateAccessToken', 'GenerateIdToken', 'SignJwt', 'SignBlob']);

/** IAM admin calls whose response names a new service-account key. */
const KEY_METHODS: ReadonlySet<string> = new Set(['CreateServiceAccountKey', 'UploadServiceAccountKey']);

/**
 * Roles that let a member act as a service account. Granting one is a delegation hop. `workloadIdentityUser`
 * is how a federated (WIF) principal is allowed to impersonate; `serviceAccountOpenIdTokenCreator` mints ID tokens.
 */
const IMPERSONATION_ROLES: ReadonlySet<string> = new Set([
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountUser',
  'roles/iam.workloadIdentityUser',
  'roles/iam.serviceAccountOpenIdTokenCreator',
]);

const SERVICE_ACCOUNT_EMAIL = /gserviceaccount\.com$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const NUMERIC_ID = /^\d+$/;
/** `principal://iam.googleapis.com/…` or the scheme-less `//iam.googleapis.com/…` some records carry. */
const FEDERATED_PREFIX = /^(?:principal:)?\/\/iam\.googleapis\.com\//;
/** Legacy GKE workload identity subject: `serviceAccount:<project>.svc.id.goog[<namespace>/<ksa>]`. */
const LEGACY_GKE_SUBJECT = /^serviceAccount:[^\s[\]]+\[[^\]]+\]$/;
/** The operations Google runs itself (preemption, host maintenance) name this caller. */
const GOOGLE_SYSTEM = 'system@google.com';

type Attrs = Record<string, string | number | boolean>;

/** One principal as seen in the record, with the text used to join it across records. */
interface Identity {
  /** Lower-cased e-mail, or the (normalized) principal subject: the join key for mint/use. */
  readonly key: string;
  readonly ref: PrincipalRef;
  /** A Google service account: the only kind of principal another can impersonate. */
  readonly serviceAccount: boolean;
}

// NOTE: Panther's data lake lower-cases top-level keys (`protopayload`, `logname`, `insertid`); nested keys keep
// their case. The vendor spelling wins when both are present.
function field(record: JsonObject, key: string): unknown {
  return record[key] ?? record[key.toLowerCase()];
}

function payloadOf(record: JsonObject): JsonObject | undefined {
  return obj(field(record, 'protoPayload'));
}

/** Panther renames `@type` to `at_sign_type`. */
function typeOf(value: JsonObject): string | undefined {
  return str(value['@type']) ?? str(value['at_sign_type']);
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function lastSegment(methodName: string): string {
  return methodName.slice(methodName.lastIndexOf('.') + 1);
}

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  const payload = payloadOf(record);
  if (!payload || typeOf(payload) !== AUDIT_LOG_TYPE) return false;
  const insertId = str(field(record, 'insertId'));
  const logName = str(field(record, 'logName'));
  if (!insertId && !logName?.includes('cloudaudit.googleapis.com')) return false;
  const timestamp = str(field(record, 'timestamp'));
  return timestamp !== undefined && parseIsoTime(timestamp) !== undefined;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?\s*[Zz]?$/;

/**
 * The timestamp as fixed-width UTC text with 9 fraction digits, so text order is time order. Logging trims
 * trailing zeros (`…30.12Z`, `…30.1234Z`, `…30.123456789Z` all occur), which makes the raw strings sort wrong.
 */
function sortableTimestamp(text: string, ms: number): string {
  const m = RFC3339.exec(text.trim());
  if (m) return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(9, '0').slice(0, 9)}Z`;
  // Offsets other than Z never appear in Logging output; keep what the ms value knows.
  return toIso(ms).replace('Z', '000000Z');
}

function isEmail(text: string | undefined): text is string {
  return text !== undefined && EMAIL.test(text);
}

function federatedIdentity(subject: string): Identity {
  const principal = subject.replace(/^(?:principal:)?\/\//, 'principal://');
  const slash = principal.search(/\/subjects?\//);
  const name = slash >= 0 ? principal.slice(principal.indexOf('/', slash + 1) + 1) : principal;
  // Workforce pools hold people signed in at an external IdP; workload pools hold CI jobs and other software.
  const workforce = /\/workforcePools\//.test(principal);
  return {
    key: principal,
    serviceAccount: false,
    ref: {
      id: `gcp-federated:${principal}`,
      type: workforce ? 'human' : 'service',
      name,
      ...(workforce && isEmail(name) ? { aliases: [`email:${name.toLowerCase()}`] } : {}),
    },
  };
}

function emailIdentity(email: string): Identity {
  const lower = email.toLowerCase();
  if (lower === GOOGLE_SYSTEM) {
    return { key: lower, serviceAccount: false, ref: { id: `gcp-system:${lower}`, type: 'service', name: email } };
  }
  if (SERVICE_ACCOUNT_EMAIL.test(lower)) {
    return { key: lower, serviceAccount: true, ref: { id: `gcp-sa:${lower}`, type: 'service', name: email } };
  }
  if (isEmail(email)) {
    return {
      key: lower,
      serviceAccount: false,
      ref: { id: `gcp-user:${lower}`, type: 'human', name: email, aliases: [`email:${lower}`] },
    };
  }
  return { key: email, serviceAccount: false, ref: { id: `gcp-principal:${email}`, type: 'unknown', name: email } };
}

/** GKE audit entries name Kubernetes identities (`system:serviceaccount:ns:name`, `system:kube-scheduler`). */
function kubernetesIdentity(name: string): Identity {
  const anonymous = name === 'system:anonymous' || name === 'system:unauthenticated';
  const ref: PrincipalRef = { id: `gcp-k8s:${name}`, type: anonymous ? 'unknown' : 'service', name };
  return { key: name, serviceAccount: false, ref };
}

/**
 * A principal named by text: an e-mail, a `principalSubject` (`user:…`, `serviceAccount:…`,
 * `principal://iam.googleapis.com/…`, legacy GKE `serviceAccount:pool[subject]`), or a Kubernetes user.
 */
function identityOf(text: string): Identity {
  if (FEDERATED_PREFIX.test(text)) return federatedIdentity(text);
  if (LEGACY_GKE_SUBJECT.test(text)) {
    return { key: text, serviceAccount: false, ref: { id: `gcp-federated:${text}`, type: 'service', name: text } };
  }
  const prefixed = /^(user|serviceAccount):(.+)$/.exec(text);
  if (prefixed) return emailIdentity(prefixed[2]!);
  if (text.startsWith('system:')) return kubernetesIdentity(text);
  if (text.includes('@')) return emailIdentity(text);
  return { key: text, serviceAccount: false, ref: { id: `gcp-subject:${text}`, type: 'unknown', name: text } };
}

/**
 * `projects/N/locations/global/workloadIdentityPools/P/providers/X` + raw `sub` → the principal the pool grants
 * (`principal://iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/subject/<sub>`).
 */
function principalFromProvider(provider: string, subject: string): string | undefined {
  const path = provider.replace(FEDERATED_PREFIX, '');
  const m = /^(.*\/(?:workloadIdentityPools|workforcePools)\/[^/]+)\/providers\/[^/]+$/.exec(path);
  return m ? `principal://iam.googleapis.com/${m[1]}/subject/${subject}` : undefined;
}

interface Actor {
  readonly identity?: Identity;
  readonly flags: readonly string[];
  readonly rawSubject?: string;
}

/** Who made the call: `principalEmail`, else `principalSubject` (third-party callers have only the subject). */
function actorOf(auth: JsonObject | undefined, payload: JsonObject, isSts: boolean): Actor {
  const email = str(auth?.['principalEmail']);
  if (email) return { identity: identityOf(email), flags: [] };
  const subject = str(auth?.['principalSubject']);
  if (!subject) return { flags: ['principal-missing'] };
  if (isSts && !FEDERATED_PREFIX.test(subject) && !/^(?:user|serviceAccount):/.test(subject)) {
    // NOTE: STS (ExchangeToken, WebSignIn) logs the raw IdP `sub` as principalSubject; the principal later calls
    // carry is the pool's `principal://…/subject/<sub>` (metadata.mappedPrincipal when logged, else built from
    // the provider in resourceName).
    const mapped = str(obj(payload['metadata'])?.['mappedPrincipal']);
    const built = mapped ?? principalFromProvider(str(payload['resourceName']) ?? '', subject);
    if (built) {
      const flags = mapped ? [] : ['federated-principal-from-provider'];
      return { identity: identityOf(built), flags, rawSubject: subject };
    }
  }
  return { identity: identityOf(subject), flags: [] };
}

/** What a `thirdPartyPrincipal` / `thirdPartyClaims` Struct says about who it is. */
function thirdPartySubject(claims: JsonObject | undefined): string | undefined {
  if (!claims) return undefined;
  const inner = obj(claims['thirdPartyClaims']) ?? claims;
  return str(inner['sub']) ?? str(inner['subject']) ?? str(inner['email']) ?? str(inner['principal']);
}

function thirdPartyIdentity(subject: string): Identity {
  const ref: PrincipalRef = { id: `gcp-third-party:${subject}`, type: 'unknown', name: subject };
  return { key: subject, serviceAccount: false, ref };
}

interface Delegation {
  /** Hops in record order, empty ones left out. */
  readonly hops: readonly Identity[];
  readonly emptyHops: number;
  readonly present: boolean;
  readonly thirdParty: readonly string[];
}

function delegationOf(auth: JsonObject | undefined): Delegation {
  const raw = auth?.['serviceAccountDelegationInfo'];
  const hops: Identity[] = [];
  const thirdParty: string[] = [];
  let emptyHops = 0;
  for (const item of list(raw)) {
    const hop = obj(item);
    const email = str(obj(hop?.['firstPartyPrincipal'])?.['principalEmail']);
    const subject = str(hop?.['principalSubject']);
    const claimed = thirdPartySubject(obj(hop?.['thirdPartyPrincipal']));
    if (claimed) thirdParty.push(claimed);
    // A hop may carry both (`principalSubject: "user:x"` and `firstPartyPrincipal.principalEmail: "x"`):
    // the e-mail is the name.
    const text = email ?? subject ?? claimed;
    if (text) hops.push(claimed && !email && !subject ? thirdPartyIdentity(text) : identityOf(text));
    // NOTE: `[{}]` is real (WIF and GKE metadata-server mints): a hop Google chose not to describe.
    else emptyHops++;
  }
  const topClaim = thirdPartySubject(obj(auth?.['thirdPartyPrincipal']));
  if (topClaim) thirdParty.unshift(topClaim);
  return { hops, emptyHops, present: Array.isArray(raw), thirdParty };
}

interface Root {
  readonly identity?: Identity;
  /** More than one candidate, so the position in the list decided. */
  readonly byPosition: boolean;
}

/**
 * The principal at the origin of the delegation chain. Only service accounts can be impersonated, so every hop
 * but the origin is a service account: a single non-service-account hop is the origin wherever it sits.
 * NOTE: the order itself is not settled. The proto says the list is "sorted based on the original ordering of
 * the identity delegation events"; a 2026 vendor doc (Glean, GCP elevated access) shows a 2-hop chain
 * `[intermediate SA, human]` and says "the last entry … should reveal the true end user". When position has to
 * decide (all hops are service accounts), the first hop is taken and the event is flagged.
 */
function rootOf(delegation: Delegation): Root {
  const { hops } = delegation;
  const people = hops.filter((h) => !h.serviceAccount);
  if (people.length === 1) return { identity: people[0], byPosition: false };
  return { identity: hops[0], byPosition: hops.length > 1 };
}

/** `projects/-/serviceAccounts/<email or unique id>` (also `…/keys/K`) → the service-account segment. */
function serviceAccountSegment(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const m = /(?:^|\/)serviceAccounts\/([^/]+)/.exec(name);
  return m ? m[1] : undefined;
}

interface ServiceAccountRef {
  readonly email?: string;
  readonly uniqueId?: string;
}

/**
 * The service account a call is about. `resourceName` often has the numeric unique id while `request.name`
 * has the e-mail; `resource.labels.email_id` maps one to the other.
 */
function serviceAccountTarget(payload: JsonObject, labels: JsonObject | undefined): ServiceAccountRef {
  const request = obj(payload['request']);
  const candidates = [
    serviceAccountSegment(str(request?.['name'])),
    serviceAccountSegment(str(request?.['resource'])),
    serviceAccountSegment(str(payload['resourceName'])),
  ];
  const labelEmail = str(labels?.['email_id']);
  const email = candidates.find(isEmail) ?? (isEmail(labelEmail) ? labelEmail : undefined);
  const uniqueId =
    candidates.find((c): c is string => c !== undefined && NUMERIC_ID.test(c)) ?? str(labels?.['unique_id']);
  return { ...(email ? { email: email.toLowerCase() } : {}), ...(uniqueId ? { uniqueId } : {}) };
}

/** `resource.type{k=v,…}` for records without a resourceName. */
function resourceText(resource: JsonObject | undefined): string | undefined {
  const type = str(resource?.['type']);
  if (!type) return undefined;
  const labels = obj(resource?.['labels']);
  const parts = labels
    ? Object.keys(labels).sort().flatMap((k) => (str(labels[k]) ? [`${k}=${str(labels[k])}`] : []))
    : [];
  return parts.length ? `${type}{${parts.join(',')}}` : type;
}

/** resourceName with a numeric service-account id replaced by its e-mail when the record knows it. */
function targetOf(payload: JsonObject, resource: JsonObject | undefined, sa: ServiceAccountRef): string | undefined {
  const name = str(payload['resourceName']);
  if (!name) return resourceText(resource);
  const segment = serviceAccountSegment(name);
  if (segment && NUMERIC_ID.test(segment) && sa.email) {
    return name.replace(`serviceAccounts/${segment}`, `serviceAccounts/${sa.email}`);
  }
  return name;
}

interface KeyName {
  readonly name: string;
  readonly keyId?: string;
}

/**
 * One spelling for a key name. Usage records carry `//iam.googleapis.com/projects/P/serviceAccounts/SA/keys/K`;
 * the CreateServiceAccountKey response carries `projects/P/serviceAccounts/SA/keys/K` (no prefix).
 */
function canonicalKeyName(text: string, saEmail?: string): KeyName {
  const path = text.trim().replace(/^\/\/iam\.googleapis\.com\//, '');
  const m = /^projects\/([^/]+)\/serviceAccounts\/([^/]+)\/keys\/([^/]+)$/.exec(path);
  if (!m) return { name: text };
  const account = NUMERIC_ID.test(m[2]!) && saEmail ? saEmail : m[2]!.toLowerCase();
  return { name: `//iam.googleapis.com/projects/${m[1]}/serviceAccounts/${account}/keys/${m[3]}`, keyId: m[3]! };
}

/** A protobuf Timestamp as JSON: RFC 3339 text, or `{seconds}` as IAM's key responses log it. */
function timestampMs(value: unknown): number | undefined {
  const text = str(value);
  if (text && !NUMERIC_ID.test(text)) return parseIsoTime(text)?.ms;
  const seconds = Number(obj(value)?.['seconds'] ?? text);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** Keys that "never expire" are logged with validBeforeTime 9999-12-31. */
const NEVER = Date.UTC(9999, 0, 1);

function issuedKey(payload: JsonObject, labels: JsonObject | undefined): CredentialIssue | undefined {
  const response = obj(payload['response']);
  const name = str(response?.['name']);
  if (!name) return undefined;
  const labelEmail = str(labels?.['email_id']);
  const key = canonicalKeyName(name, isEmail(labelEmail) ? labelEmail.toLowerCase() : undefined);
  const segment = serviceAccountSegment(key.name);
  const expires = timestampMs(response?.['validBeforeTime'] ?? response?.['valid_before_time']);
  return {
    id: `gcp-sa-key:${key.name}`,
    ...(segment ? { issuedTo: emailIdentity(segment).ref } : {}),
    ...(expires !== undefined && expires < NEVER ? { expires } : {}),
  };
}

interface Grants {
  readonly roles: readonly string[];
  readonly members: readonly string[];
  readonly basis: 'policy-delta' | 'request-policy';
}

/**
 * Impersonation roles a SetIamPolicy call grants. The policy delta (what changed) decides when it is logged;
 * otherwise the requested policy, which also repeats bindings that already existed.
 */
function impersonationGrants(payload: JsonObject): Grants | undefined {
  const delta = obj(obj(payload['serviceData'])?.['policyDelta']) ?? obj(obj(payload['metadata'])?.['policyDelta']);
  const roles = new Set<string>();
  const members = new Set<string>();
  if (delta) {
    for (const item of list(delta['bindingDeltas'])) {
      const d = obj(item);
      const role = str(d?.['role']);
      if (str(d?.['action']) !== 'ADD' || !role || !IMPERSONATION_ROLES.has(role)) continue;
      roles.add(role);
      const member = str(d?.['member']);
      if (member) members.add(member);
    }
    return roles.size ? { roles: [...roles], members: [...members], basis: 'policy-delta' } : undefined;
  }
  const policy = obj(obj(payload['request'])?.['policy']);
  for (const item of list(policy?.['bindings'])) {
    const binding = obj(item);
    const role = str(binding?.['role']);
    if (!role || !IMPERSONATION_ROLES.has(role)) continue;
    roles.add(role);
    for (const m of list(binding?.['members'])) if (str(m)) members.add(str(m)!);
  }
  return roles.size ? { roles: [...roles], members: [...members], basis: 'request-policy' } : undefined;
}

/**
 * NOTE: Cloud Audit Logs have no general sign-in event: Google account logins live in Workspace's `login`
 * reports, not here. The one exception is a Workforce Identity Federation console sign-in, logged by STS as
 * `WebSignIn`.
 */
function kindOf(service: string, method: string, payload: JsonObject): EventKind {
  const last = lastSegment(method);
  if (service === 'sts.googleapis.com' && last === 'WebSignIn') return 'authenticate';
  if (service === 'iamcredentials.googleapis.com' && MINT_METHODS.has(last)) return 'credential';
  if (service === 'sts.googleapis.com' && last === 'ExchangeToken') return 'credential';
  if (service === 'iam.googleapis.com' && KEY_METHODS.has(last)) return 'credential';
  if (/(setiampolicy|setiampermissions)$/i.test(method) && impersonationGrants(payload)) return 'delegate';
  return 'action';
}

interface Result {
  readonly outcome: Outcome;
  readonly code?: number;
  readonly message?: string;
  readonly deniedPermission?: string;
}

/**
 * `status` `{}` or code 0 is OK and any `granted: false` is a denial. NOTE: proto3 JSON leaves out zero values,
 * so a denied check often has no `granted` key at all; it names the permission only together with a bad status.
 */
function resultOf(payload: JsonObject): Result {
  const status = obj(payload['status']);
  const code = Number(status?.['code'] ?? 0);
  const message = str(status?.['message'])?.slice(0, 500);
  const checks = list(payload['authorizationInfo']).map(obj);
  const statusFailed = Number.isFinite(code) && code !== 0;
  const denied =
    checks.find((a) => a?.['granted'] === false) ??
    (statusFailed ? checks.find((a) => a !== undefined && !('granted' in a) && str(a['permission'])) : undefined);
  const failed = statusFailed || denied !== undefined;
  const permission = str(denied?.['permission']);
  return {
    outcome: failed ? 'failure' : 'success',
    ...(Number.isFinite(code) && code !== 0 ? { code } : {}),
    ...(message ? { message } : {}),
    ...(permission ? { deniedPermission: permission } : {}),
  };
}

/** `projects/P/logs/cloudaudit.googleapis.com%2Factivity` → `activity` (`data_access`, `system_event`, `policy`). */
function logTypeOf(logName: string | undefined): string | undefined {
  const m = /cloudaudit\.googleapis\.com(?:%2F|\/)([a-z_]+)$/i.exec(logName ?? '');
  return m ? m[1]!.toLowerCase() : undefined;
}

/** The project, folder, organization or billing account that owns the log. */
function logParentOf(logName: string | undefined): string | undefined {
  const m = /^((?:projects|folders|organizations|billingAccounts)\/[^/]+)\/logs\//.exec(logName ?? '');
  return m ? m[1] : undefined;
}

/** `projects/-/serviceAccounts/<email>` entries of metadata.identityDelegationChain → e-mails. */
function identityDelegationChain(payload: JsonObject): string[] | undefined {
  const chain = obj(payload['metadata'])?.['identityDelegationChain'];
  if (!Array.isArray(chain)) return undefined;
  return chain.map((c) => {
    const text = str(c) ?? '';
    const segment = serviceAccountSegment(text) ?? text;
    return isEmail(segment) ? segment.toLowerCase() : segment;
  });
}

/** A full key the record carries in its response (UploadServiceAccountKey, legacy key creation) is a secret too. */
function redactKeyMaterial(value: unknown): unknown {
  if (!isObject(value)) return value;
  const payload = payloadOf(value);
  const response = obj(payload?.['response']);
  if (!payload || !response) return value;
  const keys = ['privateKeyData', 'private_key_data'].filter(
    (k) => typeof response[k] === 'string' && !String(response[k]).startsWith('[REDACTED'),
  );
  if (!keys.length) return value;
  const redacted: JsonObject = { ...response };
  for (const k of keys) redacted[k] = redactedMarker(String(response[k]));
  const payloadKey = 'protoPayload' in value ? 'protoPayload' : 'protopayload';
  return { ...value, [payloadKey]: { ...payload, response: redacted } };
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'a Cloud Audit Logs entry must be a JSON object');
  const payload = payloadOf(value);
  if (!payload) return reject('MISSING_FIELD', 'protoPayload is missing');
  const method = str(payload['methodName']);
  if (!method) return reject('MISSING_FIELD', 'protoPayload.methodName is missing');
  const timestamp = str(field(value, 'timestamp'));
  if (!timestamp) return reject('MISSING_FIELD', 'timestamp is missing');
  const time = parseIsoTime(timestamp);
  if (!time) return reject('BAD_TIME', `timestamp ${JSON.stringify(timestamp).slice(0, 80)} is not an RFC 3339 time`);

  const flags: string[] = [];
  if (time.zoneless) flags.push('time-zoneless-assumed-utc');
  const resource = obj(field(value, 'resource'));
  const labels = obj(resource?.['labels']);
  const service = str(payload['serviceName']) ?? str(labels?.['service']) ?? 'unknown';
  const name = `gcp:${service}/${method}`;
  const kind = kindOf(service, method, payload);
  const last = lastSegment(method);
  const isExchange = service === 'sts.googleapis.com' && last === 'ExchangeToken';
  const isMint = service === 'iamcredentials.googleapis.com' && MINT_METHODS.has(last);

  const auth = obj(payload['authenticationInfo']);
  const actor = actorOf(auth, payload, service === 'sts.googleapis.com');
  flags.push(...actor.flags);
  const actorRef: PrincipalRef = actor.identity?.ref ?? {
    id: 'gcp-unknown:no-principal',
    type: 'unknown',
    name: 'unknown (no principal in authenticationInfo)',
  };
  const delegation = delegationOf(auth);
  const root = rootOf(delegation);
  if (root.byPosition) flags.push('delegation-root-by-position');
  const original = str(obj(auth?.['serviceDelegationHistory'])?.['originalPrincipal']);
  const origin = root.identity ?? (original ? identityOf(original) : undefined);
  const onBehalfOf = origin && origin.key !== actor.identity?.key ? origin.ref : undefined;

  const sa = serviceAccountTarget(payload, labels);
  const target = isMint && sa.email ? sa.email : targetOf(payload, resource, sa);
  if (isMint && !sa.email) flags.push('target-sa-id-unresolved');

  const keyText = str(auth?.['serviceAccountKeyName']);
  const usedKey = keyText ? canonicalKeyName(keyText) : undefined;
  const issued = kind === 'credential' && service === 'iam.googleapis.com' ? issuedKey(payload, labels) : undefined;

  const logName = str(field(value, 'logName'));
  const insertId = str(field(value, 'insertId'));
  const sortable = sortableTimestamp(timestamp, time.ms);
  if (!insertId) flags.push('no-insert-id');
  // NOTE: insertId is unique only per project and timestamp, and sink exports are not de-duplicated: the
  // (logName, timestamp, insertId) triple is the identity. The timestamp is taken in its fixed-width form.
  // Without an insertId (partial SIEM exports) only the whole record can say two lines are the same entry.
  const id = insertId
    ? createHash('sha256').update(`${logName ?? ''}|${sortable}|${insertId}`).digest('hex')
    : contentHash(value);

  const result = resultOf(payload);
  const metadata = obj(payload['metadata']);
  const requestMetadata = obj(payload['requestMetadata']);
  // Panther spells it `callerIP`.
  const ip = str(requestMetadata?.['callerIp']) ?? str(requestMetadata?.['callerIP']);
  const userAgent = str(requestMetadata?.['callerSuppliedUserAgent']);
  const operation = obj(field(value, 'operation'));
  const operationId = str(operation?.['id']);
  const traceId = str(field(value, 'trace'));
  const spanId = str(field(value, 'spanId'));
  const trace: TraceContext | undefined =
    traceId || spanId
      ? { ...(traceId ? { trace_id: traceId } : {}), ...(spanId ? { span_id: spanId } : {}) }
      : undefined;

  const attrs: Attrs = {};
  const put = (key: string, v: string | number | boolean | undefined): void => {
    if (v !== undefined) attrs[key] = v;
  };
  put('insert_id', insertId);
  put('timestamp', timestamp);
  put('timestamp_ns', sortable);
  put('log_name', logName);
  put('log_type', logTypeOf(logName));
  const parent = logParentOf(logName);
  const logProject = parent?.startsWith('projects/') ? parent.slice('projects/'.length) : undefined;
  put('project_id', str(labels?.['project_id']) ?? logProject);
  if (parent && !parent.startsWith('projects/')) put('log_parent', parent);
  put('resource_type', str(resource?.['type']));
  put('service_name', service);
  put('method_name', method);
  put('severity', str(field(value, 'severity')));
  put('operation_id', operationId);
  put('operation_producer', str(operation?.['producer']));
  if (operation?.['first'] === true) put('operation_first', true);
  if (operation?.['last'] === true) put('operation_last', true);
  put('status_code', result.code);
  put('status_message', result.message);
  put('denied_permission', result.deniedPermission);
  put('principal_email', str(auth?.['principalEmail']));
  put('principal_subject', str(auth?.['principalSubject']));
  put('authority_selector', str(auth?.['authoritySelector']));
  put('oauth_client_id', str(obj(auth?.['oauthInfo'])?.['oauthClientId']));
  put('original_principal', original);
  put('sa_key_id', usedKey?.keyId);
  put('caller_network', str(requestMetadata?.['callerNetwork']));
  put('policy_violation', str(metadata?.['violationReason']));
  put('federated_subject_raw', actor.rawSubject);
  if (isExchange) put('provider', str(payload['resourceName']));
  if (delegation.present) {
    put('delegation_chain', JSON.stringify(delegation.hops.map((h) => h.key)));
    put('delegation_empty_hops', delegation.emptyHops);
  }
  put('delegation_root', root.identity?.key);
  if (delegation.thirdParty.length) put('third_party_subject', delegation.thirdParty.join(', '));
  // The numeric id a resourceName used instead of the e-mail (kept so the two spellings can be matched).
  if (sa.uniqueId && (isMint || serviceAccountSegment(str(payload['resourceName'])) === sa.uniqueId)) {
    put('sa_unique_id', sa.uniqueId);
  }

  const actorKey = actor.identity?.key;
  if (isMint) {
    const chain = identityDelegationChain(payload);
    if (chain) put('identity_delegation_chain', JSON.stringify(chain));
    put('minted_for', sa.email);
    // The person at the origin of the caller's own chain is the one a later use names; fall back to the caller.
    const caller = root.identity?.key ?? actorKey;
    if (caller && sa.email) put('mint_key', `${caller}→${sa.email}`);
    if (actorKey && actorKey !== caller) put('mint_caller', actorKey);
  }
  if (root.identity && actorKey && root.identity.key !== actorKey) put('use_key', `${root.identity.key}→${actorKey}`);
  if (kind === 'delegate') {
    const grants = impersonationGrants(payload)!;
    put('granted_roles', grants.roles.join(','));
    put('granted_members', JSON.stringify(grants.members));
    put('grant_basis', grants.basis);
  }

  const event: NormalizedEvent = {
    id: `${GCP_AUDIT}:${id}`,
    format: GCP_AUDIT,
    time: time.ms,
    kind,
    name,
    actor: actorRef,
    ...(onBehalfOf ? { on_behalf_of: onBehalfOf } : {}),
    ...(usedKey ? { credential_used: `gcp-sa-key:${usedKey.name}` } : {}),
    ...(issued ? { credential_issued: issued } : {}),
    ...(operationId ? { operation_key: `gcp-op:${operationId}` } : {}),
    ...(target ? { target } : {}),
    outcome: result.outcome,
    ...(ip ? { ip } : {}),
    ...(userAgent ? { user_agent: userAgent } : {}),
    ...(trace ? { trace } : {}),
    attrs,
    ...(flags.length ? { flags } : {}),
    raw: redactKeyMaterial(redactSecrets(value)),
  };
  return { ok: true, events: [event] };
}

export const gcpAudit = {
  name: GCP_AUDIT,
  title: 'GCP Cloud Audit Logs',
  containers: [
    'GCS sink objects: NDJSON, one LogEntry a line (cloudaudit.googleapis.com/<log>/YYYY/MM/DD/HH:00:00_…_S0.json)',
    'gcloud logging read --format=json: one JSON array',
    'Panther exports (@type renamed at_sign_type, some top-level keys lower-cased)',
  ],
  detectionKeys: [
    'protoPayload.@type (or at_sign_type) = type.googleapis.com/google.cloud.audit.AuditLog',
    'insertId | logName containing cloudaudit.googleapis.com',
    'timestamp',
  ],
  detect,
  parse,
} satisfies Adapter;
