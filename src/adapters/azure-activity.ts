// Azure Activity log records (Resource Manager control-plane operations) → normalized events.
// https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log-schema
// https://learn.microsoft.com/en-us/rest/api/monitor/activity-logs/list (EventData)
import type { EventKind, NormalizedEvent, Outcome, PrincipalRef } from '../model/types.js';
import { toIso } from './shared/time.js';
import {
  appPrincipal,
  epochSecondsToMs,
  field,
  fieldNum,
  fieldObj,
  fieldStr,
  isGuid,
  pickTime,
  servicePrincipal,
  sessionKey,
  userPrincipal,
  utiCredential,
} from './shared/entra.js';
import { contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { redactSecrets } from './shared/redact.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const AZURE_ACTIVITY = 'azure-activity';

/**
 * Envelope `category` values of activity records. Storage / Event Hub exports write either the event
 * category (`Administrative`, `Policy`…) or, per the documented mapping, the operation type (`Write`,
 * `Delete`, `Action`) with the event category moved to `properties.eventCategory`.
 */
const CATEGORIES: ReadonlySet<string> = new Set([
  'administrative', 'write', 'delete', 'action', 'policy', 'security', 'servicehealth', 'resourcehealth', 'alert',
  'autoscale', 'recommendation',
]);

/** Subscription, tenant (`/TeNaNtS/…` seen) and management-group scopes; compared without case. */
const SCOPE = /^\/(subscriptions|tenants|providers)\//i;

const CLAIM_OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
const CLAIM_TID = 'http://schemas.microsoft.com/identity/claims/tenantid';
const CLAIM_UPN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const CLAIM_NAME = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
const CLAIM_SCOPE = 'http://schemas.microsoft.com/identity/claims/scope';

/** Events Azure raises itself (health, advisor, autoscale, alerts): with no caller, the platform is the actor. */
const PLATFORM_CATEGORIES: ReadonlySet<string> = new Set(['servicehealth', 'resourcehealth', 'recommendation', 'autoscale', 'alert']);

/** Operations that change who may act on what. */
const DELEGATING = /^microsoft\.authorization\/(roleassignments\/write|roleassignmentschedulerequests\/write|roleeligibilityschedulerequests\/write|elevateaccess\/action)$/;

/** The REST / `az monitor activity-log list` shape (EventData): `eventDataId`, claims at the top level. */
function isEventData(record: JsonObject): boolean {
  return typeof record['eventDataId'] === 'string' && 'operationName' in record && typeof record['eventTimestamp'] === 'string';
}

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  if (isEventData(record)) return true;
  const category = fieldStr(record, 'category');
  if (!category || !CATEGORIES.has(category.toLowerCase())) return false;
  const resourceId = fieldStr(record, 'resourceId');
  if (!resourceId || !SCOPE.test(resourceId) || typeof field(record, 'operationName') !== 'string') return false;
  // Entra audit rows whose envelope category was replaced by the audit one (`Policy`) are not activity records.
  const props = fieldObj(record, 'properties');
  return !(props && ('activityDisplayName' in props || 'initiatedBy' in props));
}

/** `{"value": "…", "localizedValue": "…"}` in EventData, a plain string in diagnostic records. */
function localizable(value: unknown): string | undefined {
  return str(obj(value)?.['value']) ?? str(value);
}

function claim(claims: JsonObject | undefined, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = str(claims?.[key])?.trim();
    if (value) return value;
  }
  return undefined;
}

interface Caller {
  readonly actor: PrincipalRef;
  readonly flags: readonly string[];
}

/** Who called Resource Manager: the token's claims first, then the RBAC evidence, then `caller`. */
function callerOf(claims: JsonObject | undefined, authorization: JsonObject | undefined, caller: string | undefined): Caller {
  const oid = claim(claims, CLAIM_OID, 'oid');
  // Guests have no upn; their unique_name is `live.com#guest@example.org`.
  const upn = claim(claims, CLAIM_UPN, 'upn') ?? claim(claims, 'unique_name')?.replace(/^[^#@]*#/, '');
  const appId = claim(claims, 'appid', 'azp');
  // App-only tokens say so (idtyp) in newer tokens; older ones just lack any user name or delegated scope.
  const appOnly = claim(claims, 'idtyp') === 'app' || (!upn && !claim(claims, CLAIM_SCOPE, 'scp') && !!appId);
  if (appOnly && appId) {
    const miResource = claim(claims, 'xms_mirid');
    const name = miResource ? miResource.slice(miResource.lastIndexOf('/') + 1) : caller && !isGuid(caller) ? caller : undefined;
    return { actor: appPrincipal(appId, name, 'service', oid), flags: [] };
  }
  if (oid) return { actor: userPrincipal(oid, upn, claim(claims, CLAIM_NAME, 'name') ?? caller)!, flags: [] };
  const evidence = fieldObj(authorization, 'evidence');
  const principalId = fieldStr(evidence, 'principalId');
  const principalType = fieldStr(evidence, 'principalType')?.toLowerCase();
  if (principalId && principalType === 'user') return { actor: userPrincipal(principalId, undefined, caller)!, flags: ['actor-from-rbac-evidence'] };
  if (principalId && principalType === 'serviceprincipal') return { actor: servicePrincipal(principalId, caller), flags: ['actor-from-rbac-evidence'] };
  if (caller?.includes('@')) return { actor: userPrincipal(undefined, caller)!, flags: ['actor-from-caller'] };
  if (caller) return { actor: { id: `entra-object:${caller}`, type: 'unknown', name: caller }, flags: ['actor-from-caller'] };
  return { actor: { id: 'azure-unknown:no-identity', type: 'unknown', name: 'no identity in record' }, flags: ['no-identity'] };
}

/** `Success`/`Succeeded` and `Failure`/`Failed` end an operation; `Start`, `Accept`, `Active`… do not say yet. */
function outcomeOf(resultType: string | undefined): Outcome {
  const r = resultType?.toLowerCase();
  if (r === 'success' || r === 'succeeded') return 'success';
  if (r === 'failure' || r === 'failed') return 'failure';
  return 'unknown';
}

/** `/subscriptions/<id>/resourceGroups/<rg>/providers/<ns>/…` → its parts, in any case. */
function scopeParts(resourceId: string | undefined): { subscription?: string; group?: string; provider?: string } {
  if (!resourceId) return {};
  const subscription = /\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1];
  const group = /\/resourcegroups\/([^/]+)/i.exec(resourceId)?.[1];
  const provider = /\/providers\/([^/]+)/i.exec(resourceId)?.[1];
  return {
    ...(subscription ? { subscription } : {}),
    ...(group ? { group } : {}),
    ...(provider ? { provider } : {}),
  };
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'an Azure Activity record must be a JSON object');
  const rest = isEventData(value);
  const identity = fieldObj(value, 'identity');
  const claims = rest ? obj(value['claims']) : fieldObj(identity, 'claims');
  const authorization = rest ? obj(value['authorization']) : fieldObj(identity, 'authorization');
  const props = fieldObj(value, 'properties');
  const operation = localizable(field(value, 'operationName'));
  if (!operation) return reject('MISSING_FIELD', 'operationName is missing');
  const timeText = rest ? str(value['eventTimestamp']) : fieldStr(value, 'time');
  const picked = pickTime([timeText]);
  if (!picked.time) {
    return timeText
      ? reject('BAD_TIME', `time ${JSON.stringify(timeText).slice(0, 80)} is not a known time format`)
      : reject('MISSING_FIELD', 'time is missing');
  }

  const flags: string[] = [];
  if (picked.time.zoneless) flags.push('time-zoneless-assumed-utc');
  const caller = rest ? str(value['caller']) : fieldStr(value, 'caller');
  const category = localizable(field(value, 'category'));
  const eventCategory = fieldStr(props, 'eventCategory') ?? category;
  const platform = !claims && !caller && PLATFORM_CATEGORIES.has((eventCategory ?? '').toLowerCase());
  const who: Caller = platform
    ? { actor: { id: 'azure-platform', type: 'service', name: 'Azure platform' }, flags: ['platform-event'] }
    : callerOf(claims, authorization, caller);
  flags.push(...who.flags);
  const resultType = rest ? localizable(value['status']) : fieldStr(value, 'resultType');
  const resultSignature = rest ? localizable(value['subStatus']) : fieldStr(value, 'resultSignature');
  const correlationId = fieldStr(value, 'correlationId');
  const resourceId = fieldStr(value, 'resourceId') ?? (rest ? str(value['resourceUri']) : undefined);
  const httpRequest = rest ? obj(value['httpRequest']) : undefined;
  const ip = (rest ? str(httpRequest?.['clientIpAddress']) : fieldStr(value, 'callerIpAddress')) ?? claim(claims, 'ipaddr');
  const uti = claim(claims, 'uti');
  const sid = claim(claims, 'sid');
  const op = operation.toLowerCase();
  const kind: EventKind = DELEGATING.test(op) ? 'delegate' : 'action';
  const eventDataId = rest ? str(value['eventDataId']) : fieldStr(props, 'eventDataId');
  // Diagnostic records carry no event id: the operation, its phase and its time identify one.
  const id = eventDataId ?? `sha256:${contentHash([correlationId ?? null, operation, resultType ?? null, timeText ?? null])}`;
  const clientRequestId = str(httpRequest?.['clientRequestId']);
  const scope = scopeParts(resourceId);
  const evidence = fieldObj(authorization, 'evidence');
  const issuedAt = epochSecondsToMs(claim(claims, 'iat'));
  const expires = epochSecondsToMs(claim(claims, 'exp'));

  const attrs: Record<string, string | number | boolean> = {};
  const put = (key: string, v: string | number | boolean | undefined): void => {
    if (v !== undefined) attrs[key] = v;
  };
  put('category', category);
  put('event_category', fieldStr(props, 'eventCategory'));
  put('operation_name', operation);
  put('result_type', resultType);
  put('result_signature', resultSignature);
  put('correlation_id', correlationId);
  put('event_name', localizable(value['eventName']) ?? fieldStr(props, 'eventName'));
  put('level', fieldStr(value, 'level'));
  put('subscription_id', scope.subscription ?? (rest ? str(value['subscriptionId']) : undefined));
  put('resource_group', scope.group);
  put('resource_provider', scope.provider);
  put('tenant_id', claim(claims, CLAIM_TID, 'tid') ?? fieldStr(value, 'tenantId'));
  put('caller', caller);
  put('app_id', claim(claims, 'appid', 'azp'));
  put('app_id_acr', claim(claims, 'appidacr', 'azpacr'));
  put('identity_type', claim(claims, 'idtyp'));
  put('audience', claim(claims, 'aud'));
  put('token_issued_at', issuedAt !== undefined ? toIso(issuedAt) : undefined);
  put('token_expires', expires !== undefined ? toIso(expires) : undefined);
  put('managed_identity_resource_id', claim(claims, 'xms_mirid'));
  put('authorization_action', fieldStr(authorization, 'action'));
  put('authorization_scope', fieldStr(authorization, 'scope'));
  put('role', fieldStr(evidence, 'role') ?? fieldStr(authorization, 'role'));
  put('role_assignment_id', fieldStr(evidence, 'roleAssignmentId'));
  put('principal_type', fieldStr(evidence, 'principalType'));
  put('status_code', fieldStr(props, 'statusCode'));
  put('duration_ms', fieldNum(value, 'durationMs'));

  const event: NormalizedEvent = {
    id: `${AZURE_ACTIVITY}:${id}`,
    format: AZURE_ACTIVITY,
    time: picked.time.ms,
    kind,
    name: `azure:${op}`,
    actor: who.actor,
    ...(uti ? { credential_used: utiCredential(uti) } : {}),
    ...(sid ? { session: sessionKey(sid) } : {}),
    // Start / Accept / Success records of one operation share the correlation id: one operation, not hops.
    ...(correlationId ? { operation_key: `azure-op:${correlationId}` } : {}),
    ...(resourceId ? { target: resourceId } : {}),
    outcome: outcomeOf(resultType),
    ...(ip ? { ip } : {}),
    ...(clientRequestId ? { trace: { request_id: clientRequestId } } : {}),
    attrs,
    ...(flags.length ? { flags } : {}),
    raw: redactSecrets(value),
  };
  return { ok: true, events: [event] };
}

export const azureActivity = {
  name: AZURE_ACTIVITY,
  family: 'azure-diagnostics',
  title: 'Azure Activity log (Resource Manager operations)',
  containers: [
    'diagnostic settings → storage: JSON lines, insights-activity-logs/resourceId=/SUBSCRIPTIONS/<s>/…/PT1H.json',
    'diagnostic settings → Event Hub: {"records":[…]}',
    'REST activityLogs / az monitor activity-log list: {"value":[…]} or a JSON array of EventData',
  ],
  detectionKeys: [
    'category ∈ Administrative | Write | Delete | Action | Policy | Security | ServiceHealth | ResourceHealth | Alert | Autoscale | Recommendation',
    'resourceId starting /subscriptions/ (or /tenants/, /providers/; any case), operationName',
    'REST: eventDataId, operationName, eventTimestamp',
  ],
  detect,
  parse,
} satisfies Adapter;
