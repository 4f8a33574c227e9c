// Microsoft Graph activity log records (one per HTTP request to graph.microsoft.com) → normalized events.
// https://learn.microsoft.com/en-us/graph/microsoft-graph-activity-logs-overview
// https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/microsoftgraphactivitylogs
import type { NormalizedEvent, Outcome, PrincipalRef } from '../model/types.js';
import { toIso } from './shared/time.js';
import {
  appPrincipal,
  field,
  fieldNum,
  fieldObj,
  fieldStr,
  parseMicrosoftTime,
  pickTime,
  servicePrincipal,
  sessionKey,
  userPrincipal,
  utiCredential,
} from './shared/entra.js';
import { contentHash, isObject, type JsonObject } from './shared/json.js';
import { redactSecrets } from './shared/redact.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const GRAPH_ACTIVITY = 'graph-activity';

const CLIENT_AUTH: Readonly<Record<number, string>> = { 0: 'public', 1: 'secret', 2: 'certificate' };

/** Without a diagnostic envelope the request fields themselves mark the record. */
function isBareRequest(record: JsonObject): boolean {
  return typeof record['requestUri'] === 'string' && typeof record['requestMethod'] === 'string' && 'signInActivityId' in record;
}

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  const category = fieldStr(record, 'category');
  if (category !== undefined) return category.toLowerCase() === 'microsoftgraphactivitylogs' && fieldObj(record, 'properties') !== undefined;
  return isBareRequest(record);
}

/**
 * `https://graph.microsoft.com/v1.0/users/{id}/sendMail?$select=…` → `/v1.0/users/{id}/sendMail`: host and
 * query go, ids stay (they say what was touched). Doubled slashes (`/beta//users`) are logged as sent; one is kept.
 */
export function graphPath(uri: string): string {
  const withoutHost = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const path = withoutHost.split(/[?#]/, 1)[0] ?? '';
  const collapsed = path.replace(/\/{2,}/g, '/');
  return collapsed.startsWith('/') ? collapsed : `/${collapsed}`;
}

function outcomeOf(status: number | undefined): Outcome {
  if (status === undefined) return 'unknown';
  return status < 400 ? 'success' : 'failure';
}

interface Caller {
  readonly actor: PrincipalRef;
  readonly onBehalfOf?: PrincipalRef;
  readonly flags: readonly string[];
}

/** Delegated calls name the user (`userId`) and the app acting for them; app-only calls name a service principal. */
function callerOf(props: JsonObject): Caller {
  const appId = fieldStr(props, 'appId');
  const userId = fieldStr(props, 'userId');
  const spId = fieldStr(props, 'servicePrincipalId');
  const user = userPrincipal(userId, undefined);
  if (user && appId) return { actor: appPrincipal(appId, undefined, 'app'), onBehalfOf: user, flags: [] };
  if (user) return { actor: user, flags: ['no-app-id'] };
  if (spId) return { actor: servicePrincipal(spId, undefined, appId), flags: [] };
  if (appId) return { actor: appPrincipal(appId, undefined, 'app'), flags: ['no-user-or-service-principal'] };
  return { actor: { id: 'entra-unknown:no-caller', type: 'unknown', name: 'unknown caller' }, flags: ['no-caller'] };
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'a Graph activity record must be a JSON object');
  const props = field(value, 'category') !== undefined ? fieldObj(value, 'properties') : value;
  if (!props) return reject('MISSING_FIELD', 'properties is missing');
  const method = fieldStr(props, 'requestMethod');
  const uri = fieldStr(props, 'requestUri');
  if (!method || !uri) return reject('MISSING_FIELD', 'requestMethod or requestUri is missing');
  const picked = pickTime([fieldStr(props, 'timeGenerated'), fieldStr(value, 'time')]);
  if (!picked.time) {
    return picked.tried.length
      ? reject('BAD_TIME', `no parsable time in ${JSON.stringify(picked.tried).slice(0, 120)}`)
      : reject('MISSING_FIELD', 'timeGenerated and time are missing');
  }

  const flags: string[] = [];
  if (picked.time.zoneless) flags.push('time-zoneless-assumed-utc');
  const who = callerOf(props);
  flags.push(...who.flags);
  const uti = fieldStr(props, 'signInActivityId');
  if (!uti) flags.push('no-sign-in-activity-id');
  const sessionId = fieldStr(props, 'sessionId');
  const requestId = fieldStr(props, 'requestId');
  const status = fieldNum(props, 'responseStatusCode');
  const clientAuth = fieldNum(props, 'clientAuthMethod');
  const issuedAtText = fieldStr(props, 'tokenIssuedAt');
  const issuedAt = issuedAtText ? parseMicrosoftTime(issuedAtText)?.ms : undefined;
  const ip = fieldStr(props, 'ipAddress') ?? fieldStr(value, 'callerIpAddress');
  const userAgent = fieldStr(props, 'userAgent');
  const clientRequestId = fieldStr(props, 'clientRequestId');

  const attrs: Record<string, string | number | boolean> = {};
  const put = (key: string, v: string | number | boolean | undefined): void => {
    if (v !== undefined) attrs[key] = v;
  };
  put('app_id', fieldStr(props, 'appId'));
  put('user_id', fieldStr(props, 'userId'));
  put('service_principal_id', fieldStr(props, 'servicePrincipalId'));
  put('scopes', fieldStr(props, 'scopes'));
  put('roles', fieldStr(props, 'roles'));
  put('wids', fieldStr(props, 'wids'));
  put('client_auth_method', clientAuth);
  put('client_auth', clientAuth !== undefined ? CLIENT_AUTH[clientAuth] : undefined);
  put('operation_id', fieldStr(props, 'operationId'));
  put('client_request_id', clientRequestId);
  put('api_version', fieldStr(props, 'apiVersion'));
  put('response_status', status);
  put('response_size_bytes', fieldNum(props, 'responseSizeBytes'));
  put('duration_ms', fieldNum(props, 'durationMs') ?? fieldNum(value, 'durationMs'));
  put('token_issued_at', issuedAt !== undefined ? toIso(issuedAt) : undefined);
  put('sign_in_activity_id', uti);
  put('tenant_id', fieldStr(props, 'tenantId') ?? fieldStr(value, 'tenantId'));
  put('identity_provider', fieldStr(props, 'identityProvider'));
  put('device_id', fieldStr(props, 'deviceId'));
  put('location', fieldStr(props, 'location'));

  const event: NormalizedEvent = {
    id: `${GRAPH_ACTIVITY}:${requestId ?? `sha256:${contentHash(value)}`}`,
    format: GRAPH_ACTIVITY,
    time: picked.time.ms,
    kind: 'action',
    name: `graph:${method.toUpperCase()} ${graphPath(uri)}`,
    actor: who.actor,
    ...(who.onBehalfOf ? { on_behalf_of: who.onBehalfOf } : {}),
    ...(uti ? { credential_used: utiCredential(uti) } : {}),
    ...(sessionId ? { session: sessionKey(sessionId) } : {}),
    target: uri,
    outcome: outcomeOf(status),
    ...(ip ? { ip } : {}),
    ...(userAgent ? { user_agent: userAgent } : {}),
    ...(requestId ? { trace: { request_id: requestId } } : {}),
    attrs,
    ...(flags.length ? { flags } : {}),
    raw: redactSecrets(value),
  };
  return { ok: true, events: [event] };
}

export const graphActivity = {
  name: GRAPH_ACTIVITY,
  family: 'azure-diagnostics',
  title: 'Microsoft Graph activity logs (API requests)',
  containers: [
    'diagnostic settings → storage: JSON lines, insights-logs-microsoftgraphactivitylogs/resourceId=/tenants/<t>/…/PT1H.json',
    'diagnostic settings → Event Hub: {"records":[…]}',
  ],
  detectionKeys: ['category = MicrosoftGraphActivityLogs, properties', 'or requestUri + requestMethod + signInActivityId'],
  detect,
  parse,
} satisfies Adapter;
