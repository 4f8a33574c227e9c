// Microsoft Entra ID sign-in records (all four sign-in categories, and Graph /auditLogs/signIns) → normalized events.
// https://learn.microsoft.com/en-us/graph/api/resources/signin?view=graph-rest-beta
// https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/signinlogs
import type { EventKind, NormalizedEvent, Outcome, PrincipalRef } from '../model/types.js';
import {
  appPrincipal,
  field,
  fieldNum,
  fieldObj,
  fieldStr,
  keyCredential,
  pickTime,
  servicePrincipal,
  sessionKey,
  userPrincipal,
  utiCredential,
} from './shared/entra.js';
import { bool, contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { redactSecrets } from './shared/redact.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const ENTRA_SIGNIN = 'entra-signin';

/** Which sign-in table a record belongs to; it decides the event name and whether a person authenticated. */
export type SignInCategory = 'interactive' | 'non_interactive' | 'service_principal' | 'managed_identity';

/** Diagnostic-settings `category` (lower-cased) → sign-in category. */
const DIAG_CATEGORIES: Readonly<Record<string, SignInCategory>> = {
  signinlogs: 'interactive',
  noninteractiveusersigninlogs: 'non_interactive',
  serviceprincipalsigninlogs: 'service_principal',
  // Microsoft's own first-party service principals: the same schema as customer ones.
  microsoftserviceprincipalsigninlogs: 'service_principal',
  managedidentitysigninlogs: 'managed_identity',
};

/** Graph beta `signInEventTypes[]` → sign-in category. */
const GRAPH_EVENT_TYPES: Readonly<Record<string, SignInCategory>> = {
  interactiveuser: 'interactive',
  noninteractiveuser: 'non_interactive',
  serviceprincipal: 'service_principal',
  managedidentity: 'managed_identity',
};

function diagCategory(record: JsonObject): SignInCategory | undefined {
  const category = fieldStr(record, 'category');
  return category ? DIAG_CATEGORIES[category.toLowerCase()] : undefined;
}

/** Graph `/auditLogs/signIns` rows carry the sign-in fields at the top level and no `category`. */
function isGraphSignIn(record: JsonObject): boolean {
  return (
    typeof record['createdDateTime'] === 'string' &&
    'appId' in record &&
    isObject(record['status']) &&
    'errorCode' in record['status'] &&
    ('userPrincipalName' in record || Array.isArray(record['signInEventTypes']) || 'uniqueTokenIdentifier' in record) &&
    !('activityDisplayName' in record)
  );
}

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  if (field(record, 'category') !== undefined) return diagCategory(record) !== undefined && fieldObj(record, 'properties') !== undefined;
  return isGraphSignIn(record);
}

/** The category of a Graph row: beta lists `signInEventTypes`; v1.0 only says `isInteractive`. */
function graphCategory(props: JsonObject): SignInCategory {
  const types = props['signInEventTypes'];
  if (Array.isArray(types)) {
    for (const t of types) {
      const known = typeof t === 'string' ? GRAPH_EVENT_TYPES[t.toLowerCase()] : undefined;
      if (known) return known;
    }
  }
  if (bool(field(props, 'isInteractive')) === true) return 'interactive';
  if (fieldStr(props, 'servicePrincipalId') && !fieldStr(props, 'userId')) return 'service_principal';
  return 'non_interactive';
}

/** `agent.agentType` other than `notAgentic` marks an Entra Agent ID sign-in (beta/preview). */
function agentTypeOf(props: JsonObject): string | undefined {
  return fieldStr(fieldObj(props, 'agent'), 'agentType');
}

function isAgentic(agentType: string | undefined): boolean {
  return agentType !== undefined && agentType !== 'notAgentic';
}

interface Who {
  readonly actor: PrincipalRef;
  readonly onBehalfOf?: PrincipalRef;
  readonly flags: readonly string[];
}

function whoSignedIn(category: SignInCategory, props: JsonObject): Who {
  const appId = fieldStr(props, 'appId');
  const appName = fieldStr(props, 'appDisplayName');
  const spId = fieldStr(props, 'servicePrincipalId');
  const spName = fieldStr(props, 'servicePrincipalName') ?? appName;
  const agentic = isAgentic(agentTypeOf(props));
  if (category === 'service_principal' || category === 'managed_identity') {
    if (agentic && appId) return { actor: appPrincipal(appId, appName ?? spName, 'agent', spId), flags: [] };
    if (spId) return { actor: servicePrincipal(spId, spName, appId), flags: [] };
    if (appId) return { actor: appPrincipal(appId, spName, 'service'), flags: ['no-service-principal-id'] };
    return { actor: { id: 'entra-unknown:no-principal', type: 'unknown', name: 'unknown workload' }, flags: ['no-principal'] };
  }
  const userId = fieldStr(props, 'userId');
  const upn = fieldStr(props, 'userPrincipalName');
  const displayName = fieldStr(props, 'userDisplayName');
  // An agent's own user account (agentIDuser) is the agent itself, not a person it acts for.
  if (agentTypeOf(props) === 'agentIDuser') {
    const agentUser = userPrincipal(userId, upn, displayName, 'agent');
    if (agentUser) return { actor: agentUser, flags: [] };
  }
  const user = userPrincipal(userId, upn, displayName);
  if (agentic && appId) {
    return { actor: appPrincipal(appId, appName, 'agent', spId), ...(user ? { onBehalfOf: user } : {}), flags: [] };
  }
  if (user) return { actor: user, flags: [] };
  if (appId) return { actor: appPrincipal(appId, appName, 'app', spId), flags: ['no-user'] };
  return { actor: { id: 'entra-unknown:no-principal', type: 'unknown', name: 'unknown user' }, flags: ['no-principal'] };
}

/** `status.errorCode` 0 is success; the diagnostic envelope's `resultType` says the same when status is absent. */
function outcomeOf(record: JsonObject, props: JsonObject): Outcome {
  const code = fieldNum(fieldObj(props, 'status'), 'errorCode') ?? fieldNum(record, 'resultType');
  if (code !== undefined) return code === 0 ? 'success' : 'failure';
  const resultType = fieldStr(record, 'resultType')?.toLowerCase();
  if (resultType === 'success') return 'success';
  if (resultType === 'failure') return 'failure';
  return 'unknown';
}

/**
 * Scopes granted to the token: `authenticationProcessingDetails` key `Oauth Scope Info`, written either as a
 * JSON array (`["Mail.Send","User.Read"]`) or bare (`[User.Read,Userinfo.ReadWrite]`).
 */
function scopesOf(props: JsonObject): string | undefined {
  const details = field(props, 'authenticationProcessingDetails');
  if (!Array.isArray(details)) return undefined;
  const entry = details.find((d) => str(obj(d)?.['key'])?.toLowerCase() === 'oauth scope info');
  const text = str(obj(entry)?.['value'])?.trim();
  if (!text) return undefined;
  let items: unknown[] | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) items = parsed;
  } catch {
    items = text.replace(/^\[|\]$/g, '').split(',');
  }
  const scopes = (items ?? []).map((s) => str(s)?.trim()).filter((s): s is string => !!s);
  return scopes.length ? scopes.join(' ') : undefined;
}

function targetOf(props: JsonObject): string | undefined {
  const name = fieldStr(props, 'resourceDisplayName');
  const id = fieldStr(props, 'resourceId');
  if (name && id) return `${name} (${id})`;
  return name ?? id;
}

function attrsOf(record: JsonObject, props: JsonObject, category: SignInCategory, diag: string | undefined): Record<string, string | number | boolean> {
  const attrs: Record<string, string | number | boolean> = {};
  const put = (key: string, value: string | number | boolean | undefined): void => {
    if (value !== undefined) attrs[key] = value;
  };
  const agent = fieldObj(props, 'agent');
  const status = fieldObj(props, 'status');
  put('category', diag ?? category);
  put('tenant_id', fieldStr(record, 'tenantId') ?? fieldStr(props, 'resourceTenantId'));
  put('app_id', fieldStr(props, 'appId'));
  put('app_name', fieldStr(props, 'appDisplayName'));
  put('resource_id', fieldStr(props, 'resourceId'));
  put('resource_name', fieldStr(props, 'resourceDisplayName'));
  put('client_app', fieldStr(props, 'clientAppUsed'));
  put('incoming_token_type', fieldStr(props, 'incomingTokenType'));
  put('is_interactive', bool(field(props, 'isInteractive')));
  put('authentication_requirement', fieldStr(props, 'authenticationRequirement'));
  put('authentication_protocol', fieldStr(props, 'authenticationProtocol'));
  put('conditional_access_status', fieldStr(props, 'conditionalAccessStatus'));
  put('agent_type', fieldStr(agent, 'agentType'));
  put('agent_subject_type', fieldStr(agent, 'agentSubjectType'));
  put('agent_parent_id', fieldStr(agent, 'agentSubjectParentId'));
  put('correlation_id', fieldStr(props, 'correlationId') ?? fieldStr(record, 'correlationId'));
  put('unique_token_identifier', fieldStr(props, 'uniqueTokenIdentifier'));
  put('original_request_id', fieldStr(props, 'originalRequestId'));
  put('user_type', fieldStr(props, 'userType'));
  put('service_principal_id', fieldStr(props, 'servicePrincipalId'));
  put('service_principal_name', fieldStr(props, 'servicePrincipalName'));
  put('managed_identity_type', fieldStr(props, 'managedIdentityType') ?? fieldStr(fieldObj(props, 'managedServiceIdentity'), 'msiType'));
  put('token_issuer_type', fieldStr(props, 'tokenIssuerType'));
  put('error_code', fieldNum(status, 'errorCode'));
  put('failure_reason', fieldStr(status, 'failureReason'));
  put('device_id', fieldStr(fieldObj(props, 'deviceDetail'), 'deviceId'));
  put('scopes', scopesOf(props));
  return attrs;
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'an Entra sign-in record must be a JSON object');
  const diag = fieldStr(value, 'category');
  let category: SignInCategory;
  let props: JsonObject;
  if (diag !== undefined) {
    const known = DIAG_CATEGORIES[diag.toLowerCase()];
    if (!known) return reject('WRONG_CATEGORY', `category ${JSON.stringify(diag).slice(0, 80)} is not a sign-in category`);
    const inner = fieldObj(value, 'properties');
    if (!inner) return reject('MISSING_FIELD', 'properties is missing');
    category = known;
    props = inner;
  } else {
    category = graphCategory(value);
    props = value;
  }
  const picked = pickTime([fieldStr(props, 'createdDateTime'), fieldStr(value, 'time')]);
  if (!picked.time) {
    return picked.tried.length
      ? reject('BAD_TIME', `no parsable time in ${JSON.stringify(picked.tried).slice(0, 120)}`)
      : reject('MISSING_FIELD', 'createdDateTime and time are missing');
  }

  const flags: string[] = [];
  if (picked.time.zoneless) flags.push('time-zoneless-assumed-utc');
  const who = whoSignedIn(category, props);
  flags.push(...who.flags);
  const userSignIn = category === 'interactive' || category === 'non_interactive';
  const sessionId = fieldStr(props, 'sessionId');
  // sessionId only exists in exports from 2024 on; without it a token cannot be tied to its root login.
  if (userSignIn && !sessionId) flags.push('no-session-id');
  const outcome = outcomeOf(value, props);
  const uti = fieldStr(props, 'uniqueTokenIdentifier');
  const scopes = scopesOf(props);
  // A failed sign-in has a request-level uti but issued nothing.
  const issued =
    uti && outcome !== 'failure'
      ? { id: utiCredential(uti), issuedTo: who.actor, ...(scopes ? { scopes } : {}) }
      : undefined;
  // Workloads sign in with a key credential whose id the audit log showed being added. Refresh-token and
  // PRT redemptions (incomingTokenType) are left unlinked here: the session id joins them to their root login.
  const keyId = fieldStr(props, 'servicePrincipalCredentialKeyId');
  const used = keyId ? keyCredential(keyId) : undefined;
  const nativeId = fieldStr(props, 'id');
  const target = targetOf(props);
  const ip = fieldStr(props, 'ipAddress') ?? fieldStr(value, 'callerIpAddress');
  const userAgent = fieldStr(props, 'userAgent');
  const kind: EventKind = category === 'interactive' ? 'authenticate' : 'credential';

  const event: NormalizedEvent = {
    id: `${ENTRA_SIGNIN}:${nativeId ?? `sha256:${contentHash(value)}`}`,
    format: ENTRA_SIGNIN,
    time: picked.time.ms,
    kind,
    name: `entra:signin.${category}`,
    actor: who.actor,
    ...(who.onBehalfOf ? { on_behalf_of: who.onBehalfOf } : {}),
    ...(used ? { credential_used: used } : {}),
    ...(issued ? { credential_issued: issued } : {}),
    ...(sessionId ? { session: sessionKey(sessionId) } : {}),
    ...(target ? { target } : {}),
    outcome,
    ...(ip ? { ip } : {}),
    ...(userAgent ? { user_agent: userAgent } : {}),
    attrs: attrsOf(value, props, category, diag),
    ...(flags.length ? { flags } : {}),
    raw: redactSecrets(value),
  };
  return { ok: true, events: [event] };
}

export const entraSignin = {
  name: ENTRA_SIGNIN,
  family: 'azure-diagnostics',
  title: 'Microsoft Entra ID sign-ins (interactive, non-interactive, service principal, managed identity)',
  containers: [
    'diagnostic settings → storage: JSON lines, insights-logs-<category>/resourceId=/tenants/<t>/…/PT1H.json',
    'diagnostic settings → Event Hub: {"records":[…]}',
    'Graph /auditLogs/signIns: {"value":[…]} (v1.0 and beta)',
  ],
  detectionKeys: [
    'category ∈ SignInLogs | NonInteractiveUserSignInLogs | ServicePrincipalSignInLogs | ManagedIdentitySignInLogs, properties',
    'Graph: createdDateTime, appId, status.errorCode, userPrincipalName | signInEventTypes | uniqueTokenIdentifier',
  ],
  detect,
  parse,
} satisfies Adapter;
