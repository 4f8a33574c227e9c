// Microsoft Entra ID audit log records (directory changes: consent, permission grants, credentials…) → normalized events.
// https://learn.microsoft.com/en-us/graph/api/resources/directoryaudit
// https://learn.microsoft.com/en-us/entra/identity/monitoring-health/reference-audit-activities
import type { CredentialIssue, EventKind, NormalizedEvent, Outcome, PrincipalRef } from '../model/types.js';
import {
  appPrincipal,
  decodeAuditValue,
  field,
  fieldObj,
  fieldStr,
  isGuid,
  keyCredential,
  pickTime,
  servicePrincipal,
  sessionKey,
  userPrincipal,
  utiCredential,
} from './shared/entra.js';
import { contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { redactSecrets } from './shared/redact.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const ENTRA_AUDIT = 'entra-audit';

/**
 * Activities that let an app act (for users or as itself) or give it a credential: each is a delegation hop
 * to the app named in `target_app_id` / the grantee service principal.
 */
const DELEGATING = /^(consent to application|add delegated permission grant|add oauth2permissiongrant|add app role assignment to service principal|add service principal credentials|update application\W+certificates and secrets management)$/i;

/** Activities whose KeyDescription diff names a new key credential. */
const ADDS_KEY = /^(add service principal credentials|update application\W+certificates and secrets management)$/i;

/** The audit fields: under `properties` in diagnostic exports, at the top level in Graph directoryAudits. */
function bodyOf(record: JsonObject): JsonObject | undefined {
  return fieldObj(record, 'properties') ?? (field(record, 'activityDisplayName') !== undefined ? record : undefined);
}

function hasAuditMarks(body: JsonObject | undefined): boolean {
  return !!body && typeof field(body, 'activityDisplayName') === 'string' && isObject(field(body, 'initiatedBy'));
}

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  const category = fieldStr(record, 'category');
  if (category?.toLowerCase() === 'auditlogs') return fieldObj(record, 'properties') !== undefined;
  // Some exports replace the envelope category with the audit one (`Policy`, `ApplicationManagement`); the
  // activity name and initiator still mark the record. Graph directoryAudits have them at the top level.
  return hasAuditMarks(bodyOf(record)) && typeof field(bodyOf(record), 'activityDateTime') === 'string';
}

interface Initiator {
  readonly actor: PrincipalRef;
  readonly ip?: string;
  readonly flags: readonly string[];
}

function initiatorOf(initiatedBy: JsonObject | undefined): Initiator {
  const user = fieldObj(initiatedBy, 'user');
  const person = userPrincipal(fieldStr(user, 'id'), fieldStr(user, 'userPrincipalName'), fieldStr(user, 'displayName'));
  if (person) {
    const ip = fieldStr(user, 'ipAddress');
    return { actor: person, ...(ip ? { ip } : {}), flags: [] };
  }
  const app = fieldObj(initiatedBy, 'app');
  const appId = fieldStr(app, 'appId');
  const spId = fieldStr(app, 'servicePrincipalId');
  const name = fieldStr(app, 'displayName') ?? fieldStr(app, 'servicePrincipalName');
  // An app changing the directory acts as itself (app-only): a workload.
  if (appId) return { actor: appPrincipal(appId, name, 'service', spId), flags: [] };
  // System apps ("Managed Service Identity") are logged with appId null and only a service principal id.
  if (spId) return { actor: servicePrincipal(spId, name), flags: [] };
  return { actor: { id: 'entra-unknown:no-initiator', type: 'unknown', name: name ?? 'unknown initiator' }, flags: ['no-initiator'] };
}

/** `modifiedProperties[]` of a target as name → {old, new} (raw JSON-encoded text). */
function modifiedOf(target: JsonObject | undefined): Map<string, { readonly old: unknown; readonly new: unknown }> {
  const map = new Map<string, { readonly old: unknown; readonly new: unknown }>();
  const list = field(target, 'modifiedProperties');
  if (!Array.isArray(list)) return map;
  for (const item of list) {
    const entry = obj(item);
    const name = str(entry?.['displayName']);
    if (name && !map.has(name)) map.set(name, { old: entry?.['oldValue'], new: entry?.['newValue'] });
  }
  return map;
}

/** `TargetId.ServicePrincipalNames` is `"<appId>;<uri>;…"`: the first GUID is the app id of the target service principal. */
function appIdFromNames(value: unknown): string | undefined {
  const text = decodeAuditValue(value);
  return text?.split(';').map((s) => s.trim()).find(isGuid);
}

/** Consent's `ConsentAction.Permissions` is free text: `[[Id: …, ConsentType: Principal, Scope:  User.Read Mail.Send, CreatedDateTime: …]]`. */
function consentScopes(value: unknown): string | undefined {
  const text = decodeAuditValue(value);
  if (!text) return undefined;
  const scopes = new Set<string>();
  for (const match of text.matchAll(/Scope:\s*([^,\]]*)/g)) {
    for (const scope of match[1]!.trim().split(/\s+/)) if (scope) scopes.add(scope);
  }
  return scopes.size ? [...scopes].join(' ') : undefined;
}

/** `KeyIdentifier=<guid>` entries of a KeyDescription value. */
function keyIds(value: unknown): string[] {
  const text = str(value);
  if (!text) return [];
  return [...text.matchAll(/KeyIdentifier=([0-9a-fA-F-]{36})/g)].map((m) => m[1]!.toLowerCase());
}

function additionalDetail(body: JsonObject, key: string): string | undefined {
  const list = field(body, 'additionalDetails');
  if (!Array.isArray(list)) return undefined;
  const entry = list.find((d) => str(obj(d)?.['key'])?.toLowerCase() === key.toLowerCase());
  return str(obj(entry)?.['value']);
}

function outcomeOf(result: string | undefined): Outcome {
  const r = result?.toLowerCase();
  if (r === 'success') return 'success';
  // Graph documents success | failure | timeout; hand-built exports also write `failed`.
  if (r === 'failure' || r === 'failed' || r === 'timeout') return 'failure';
  return 'unknown';
}

interface Grant {
  readonly attrs: Record<string, string>;
  readonly issued?: CredentialIssue;
}

/** What a delegating activity granted, and to which app. */
function grantOf(activity: string, target: JsonObject | undefined, body: JsonObject): Grant {
  const modified = modifiedOf(target);
  const attrs: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    if (value !== undefined) attrs[key] = value;
  };
  const a = activity.toLowerCase();
  const targetId = fieldStr(target, 'id');
  const namesAppId = appIdFromNames(modified.get('TargetId.ServicePrincipalNames')?.new);
  if (a === 'consent to application') {
    // The target is the client app's service principal: the app that gets to act.
    put('target_app_id', namesAppId);
    put('target_sp_id', targetId);
    put('scopes', consentScopes(modified.get('ConsentAction.Permissions')?.new));
    put('is_admin_consent', decodeAuditValue(modified.get('ConsentContext.IsAdminConsent')?.new));
    put('is_app_only', decodeAuditValue(modified.get('ConsentContext.IsAppOnly')?.new));
    put('on_behalf_of_all', decodeAuditValue(modified.get('ConsentContext.OnBehalfOfAll')?.new));
  } else if (a === 'add delegated permission grant' || a === 'add oauth2permissiongrant' || a === 'add app role assignment to service principal') {
    // The target is the resource API (e.g. Microsoft Graph); the grantee is ServicePrincipal.ObjectID.
    put('target_app_id', decodeAuditValue(modified.get('ServicePrincipal.AppId')?.new));
    put('target_sp_id', decodeAuditValue(modified.get('ServicePrincipal.ObjectID')?.new));
    put('resource_app_id', namesAppId);
    put('scopes', decodeAuditValue(modified.get('DelegatedPermissionGrant.Scope')?.new) ?? decodeAuditValue(modified.get('AppRole.Value')?.new));
    put('consent_type', decodeAuditValue(modified.get('DelegatedPermissionGrant.ConsentType')?.new));
  } else {
    put('target_app_id', namesAppId ?? additionalDetail(body, 'AppId'));
    put('target_sp_id', fieldStr(target, 'type')?.toLowerCase() === 'serviceprincipal' ? targetId : undefined);
  }
  if (!ADDS_KEY.test(activity)) return { attrs };
  const before = new Set(keyIds(modified.get('KeyDescription')?.old));
  const added = keyIds(modified.get('KeyDescription')?.new).filter((k) => !before.has(k));
  if (!added.length) return { attrs };
  put('new_key_ids', added.join(' '));
  const appId = attrs['target_app_id'];
  const spId = attrs['target_sp_id'];
  const name = fieldStr(target, 'displayName');
  const issuedTo: PrincipalRef | undefined = spId
    ? servicePrincipal(spId, name, appId)
    : appId
      ? appPrincipal(appId, name, 'service')
      : undefined;
  return { attrs, issued: { id: keyCredential(added[0]!), ...(issuedTo ? { issuedTo } : {}) } };
}

function targetText(target: JsonObject | undefined): string | undefined {
  const name = fieldStr(target, 'displayName') ?? fieldStr(target, 'userPrincipalName') ?? fieldStr(target, 'id');
  const type = fieldStr(target, 'type');
  if (name && type) return `${name} (${type})`;
  return name;
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'an Entra audit record must be a JSON object');
  const body = bodyOf(value);
  if (!body) return reject('MISSING_FIELD', 'properties is missing');
  const activity = fieldStr(body, 'activityDisplayName') ?? fieldStr(body, 'operationName') ?? fieldStr(value, 'operationName');
  if (!activity) return reject('MISSING_FIELD', 'activityDisplayName is missing');
  const picked = pickTime([fieldStr(body, 'activityDateTime'), fieldStr(value, 'time')]);
  if (!picked.time) {
    return picked.tried.length
      ? reject('BAD_TIME', `no parsable time in ${JSON.stringify(picked.tried).slice(0, 120)}`)
      : reject('MISSING_FIELD', 'activityDateTime and time are missing');
  }

  const flags: string[] = [];
  if (picked.time.zoneless) flags.push('time-zoneless-assumed-utc');
  const initiatedBy = fieldObj(body, 'initiatedBy');
  const initiator = initiatorOf(initiatedBy);
  flags.push(...initiator.flags);
  // Linkable identifiers (beta): the token and session the initiator used, when Entra records them.
  const linkable = fieldObj(initiatedBy, 'linkableIdentifiers');
  const uti = fieldStr(fieldObj(linkable, 'tokenDetails'), 'uniqueTokenIdentifier');
  const sessionId = fieldStr(linkable, 'sessionId');
  const targets = field(body, 'targetResources');
  const target = Array.isArray(targets) ? obj(targets[0]) : undefined;
  const delegating = DELEGATING.test(activity);
  const grant = delegating ? grantOf(activity, target, body) : { attrs: {} };
  const kind: EventKind = delegating ? 'delegate' : 'action';
  const result = fieldStr(body, 'result') ?? fieldStr(value, 'result');
  const nativeId = fieldStr(body, 'id');
  const targetName = targetText(target);
  const ip = initiator.ip ?? fieldStr(value, 'callerIpAddress');
  const userAgent = additionalDetail(body, 'User-Agent') ?? fieldStr(body, 'userAgent');

  const attrs: Record<string, string | number | boolean> = {};
  const put = (key: string, v: string | number | boolean | undefined): void => {
    if (v !== undefined) attrs[key] = v;
  };
  put('operation_type', fieldStr(body, 'operationType'));
  put('result', result);
  put('result_reason', fieldStr(body, 'resultReason'));
  put('correlation_id', fieldStr(body, 'correlationId') ?? fieldStr(value, 'correlationId'));
  put('category', fieldStr(body, 'category') ?? fieldStr(value, 'category'));
  put('logged_by_service', fieldStr(body, 'loggedByService'));
  put('tenant_id', fieldStr(value, 'tenantId') ?? fieldStr(body, 'tenantId'));
  put('target_id', fieldStr(target, 'id'));
  put('target_type', fieldStr(target, 'type'));
  put('target_upn', fieldStr(target, 'userPrincipalName'));
  put('caller_app_id', additionalDetail(body, 'AppId'));
  Object.assign(attrs, grant.attrs);

  const event: NormalizedEvent = {
    id: `${ENTRA_AUDIT}:${nativeId ?? `sha256:${contentHash(value)}`}`,
    format: ENTRA_AUDIT,
    time: picked.time.ms,
    kind,
    name: `entra:audit.${activity}`,
    actor: initiator.actor,
    ...(uti ? { credential_used: utiCredential(uti) } : {}),
    ...(grant.issued ? { credential_issued: grant.issued } : {}),
    ...(sessionId ? { session: sessionKey(sessionId) } : {}),
    ...(targetName ? { target: targetName } : {}),
    outcome: outcomeOf(result),
    ...(ip ? { ip } : {}),
    ...(userAgent ? { user_agent: userAgent } : {}),
    attrs,
    ...(flags.length ? { flags } : {}),
    raw: redactSecrets(value),
  };
  return { ok: true, events: [event] };
}

export const entraAudit = {
  name: ENTRA_AUDIT,
  family: 'azure-diagnostics',
  title: 'Microsoft Entra ID audit logs (directory changes, consent, permission grants)',
  containers: [
    'diagnostic settings → storage: JSON lines, insights-logs-auditlogs/resourceId=/tenants/<t>/…/PT1H.json',
    'diagnostic settings → Event Hub: {"records":[…]}',
    'Graph /auditLogs/directoryAudits: {"value":[…]}',
  ],
  detectionKeys: [
    'category = AuditLogs, properties',
    'or activityDisplayName + initiatedBy + activityDateTime (under properties, or top level in Graph)',
  ],
  detect,
  parse,
} satisfies Adapter;
