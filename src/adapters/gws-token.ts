// Google Workspace OAuth token audit (Reports API activities, applicationName=token) → one event per events[] entry.
// https://developers.google.com/workspace/admin/reports/v1/appendix/activity/token
import type { EventKind, NormalizedEvent, Outcome, PrincipalRef } from '../model/types.js';
import { contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { redactSecrets } from './shared/redact.js';
import { parseIsoTime, type ParsedTime } from './shared/time.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const GWS_TOKEN = 'gws-token';

/** A parameter's value after unwrapping `value|intValue|boolValue|multiValue|multiIntValue|messageValue|multiMessageValue`. */
export type ParamValue = string | number | boolean | readonly string[] | readonly ParamMap[];

export type ParamMap = ReadonlyMap<string, ParamValue>;

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  const kind = record['kind'];
  const events = record['events'];
  return (
    obj(record['id'])?.['applicationName'] === 'token' &&
    (kind === undefined || (typeof kind === 'string' && kind.endsWith('#activity'))) &&
    Array.isArray(events) &&
    events.some((e) => typeof obj(e)?.['name'] === 'string')
  );
}

function looksLikeEmail(text: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text);
}

/** `intValue` is an int64, so the API sends it as a JSON string; other exporters send numbers. */
function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str).filter((s): s is string => !!s) : [];
}

function nested(message: unknown): ParamMap {
  return parameterMap(obj(message)?.['parameter']);
}

function paramValue(p: JsonObject): ParamValue | undefined {
  const direct = p['value'];
  if (typeof direct === 'number' || typeof direct === 'boolean') return direct;
  if (typeof direct === 'string' && direct !== '') return direct;
  if (p['intValue'] !== undefined && p['intValue'] !== null) return integer(p['intValue']) ?? str(p['intValue']);
  if (typeof p['boolValue'] === 'boolean') return p['boolValue'];
  if (Array.isArray(p['multiValue'])) return strings(p['multiValue']);
  if (Array.isArray(p['multiIntValue'])) return strings(p['multiIntValue']);
  if (isObject(p['messageValue'])) return [nested(p['messageValue'])];
  if (Array.isArray(p['multiMessageValue'])) return p['multiMessageValue'].map(nested);
  return undefined;
}

/** `[{name, value…}]` → name → value; malformed entries are skipped. */
export function parameterMap(parameters: unknown): ParamMap {
  const map = new Map<string, ParamValue>();
  if (!Array.isArray(parameters)) return map;
  for (const p of parameters) {
    if (!isObject(p)) continue;
    const name = str(p['name']);
    const value = paramValue(p);
    if (name && value !== undefined) map.set(name, value);
  }
  return map;
}

function param(params: ParamMap, name: string): string | undefined {
  const value = params.get(name);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return (value as string[]).join(' ') || undefined;
  return undefined;
}

/** Scopes from `scope` (multiValue, or one string), else from `scope_data[].scope_name`. */
function scopesOf(params: ParamMap): string | undefined {
  const scope = param(params, 'scope');
  if (scope) return scope;
  const data = params.get('scope_data');
  if (!Array.isArray(data)) return undefined;
  const names = (data as readonly unknown[])
    .map((m) => (m instanceof Map ? (m as ParamMap).get('scope_name') : undefined))
    .filter((n): n is string => typeof n === 'string');
  return names.length ? names.join(' ') : undefined;
}

/** `id.time` is RFC 3339 in the API; the field reference also speaks of epoch seconds, so take numbers too. */
function activityTime(value: unknown): ParsedTime | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,13}$/.test(value))) {
    const n = Number(value);
    return { ms: n < 1e11 ? n * 1000 : n, zoneless: false };
  }
  return typeof value === 'string' ? parseIsoTime(value) : undefined;
}

/** The Workspace user the activity is about: the one who granted, or on whose data the app called. */
export function gwsUser(actor: JsonObject | undefined): PrincipalRef {
  const email = str(actor?.['email']);
  const profileId = str(actor?.['profileId']);
  const aliases = email && looksLikeEmail(email) ? [`email:${email.toLowerCase()}`] : [];
  if (profileId) return { id: `gws-user:${profileId}`, type: 'human', name: email ?? profileId, aliases };
  if (email) return { id: `gws-user:${email.toLowerCase()}`, type: 'human', name: email, aliases };
  // callerType KEY: an OAuth consumer key or robot account, not a person.
  const key = str(actor?.['key']);
  if (key) return { id: `gws-key:${key}`, type: 'service', name: key };
  return { id: 'gws-unknown:no-actor', type: 'unknown', name: 'unknown (no actor)' };
}

function appOf(clientId: string, params: ParamMap): PrincipalRef {
  // NOTE: a Chrome extension (client_type NATIVE_CHROME_EXTENSION) is an app like any other; attrs.client_type marks it.
  return { id: `gws-app:${clientId}`, type: 'app', name: param(params, 'app_name') ?? clientId };
}

function kindOf(name: string): EventKind {
  if (name === 'authorize') return 'delegate';
  if (name === 'activity') return 'action';
  return 'other';
}

function targetOf(name: string, params: ParamMap, clientId: string | undefined, scopes: string | undefined): string | undefined {
  if (name === 'activity') {
    const call = [param(params, 'api_name'), param(params, 'method_name')].filter((p): p is string => !!p).join(' ');
    return call || undefined;
  }
  const app = param(params, 'app_name');
  const who = app && clientId ? `${app} (${clientId})` : app ?? clientId;
  if (!who) return scopes;
  return scopes ? `${who}: ${scopes}` : who;
}

function attrsOf(
  activity: JsonObject,
  event: JsonObject,
  params: ParamMap,
  user: PrincipalRef,
  clientId: string | undefined,
  scopes: string | undefined,
): Record<string, string | number | boolean> {
  const attrs: Record<string, string | number | boolean> = {};
  const put = (key: string, value: string | number | boolean | undefined): void => {
    if (value !== undefined) attrs[key] = value;
  };
  const id = obj(activity['id']);
  const actor = obj(activity['actor']);
  const appInfo = obj(actor?.['applicationInfo']);
  put('client_id', clientId);
  put('app_name', param(params, 'app_name'));
  put('client_type', param(params, 'client_type'));
  put('scopes', scopes);
  put('api_name', param(params, 'api_name'));
  put('method_name', param(params, 'method_name'));
  const bytes = params.get('num_response_bytes');
  put('num_response_bytes', typeof bytes === 'number' ? bytes : integer(bytes));
  put('product_bucket', param(params, 'product_bucket'));
  put('rejection_type', param(params, 'rejection_type'));
  put('app_request_info', param(params, 'app_request_info'));
  put('requester_email', param(params, 'requester_email'));
  put('event_type', str(event['type']));
  put('caller_type', str(actor?.['callerType']));
  put('customer_id', str(id?.['customerId']));
  put('owner_domain', str(activity['ownerDomain']));
  put('impersonation', typeof appInfo?.['impersonation'] === 'boolean' ? appInfo['impersonation'] : undefined);
  put('actor_oauth_client_id', str(appInfo?.['oauthClientId']));
  if (clientId) {
    // GWS logs no token id: authorize → activity can only be joined on (user, client) and time.
    const userKey = str(actor?.['profileId']) ?? (str(actor?.['email']) ? `email:${str(actor?.['email'])!.toLowerCase()}` : undefined);
    put('grant_key', userKey ? `${userKey}:${clientId}` : undefined);
    put('app_principal', `gws-app:${clientId}`);
  }
  if (user.type === 'unknown') put('actor_missing', true);
  return attrs;
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'a Reports API activity must be a JSON object');
  const id = obj(value['id']);
  if (!id) return reject('MISSING_FIELD', 'id is missing');
  const application = str(id['applicationName']);
  if (application !== 'token') {
    return reject('WRONG_APPLICATION', `id.applicationName is ${JSON.stringify(application ?? null)}, not "token"`);
  }
  const events = value['events'];
  if (!Array.isArray(events)) {
    return reject(
      'NO_EVENTS',
      'the activity has no events[] (flattened exports such as Panther put name/parameters at the top level)',
    );
  }
  if (events.length === 0) return reject('NO_EVENTS', 'the activity has an empty events[]');
  const rawTime = id['time'];
  if (rawTime === undefined || rawTime === null || rawTime === '') return reject('MISSING_FIELD', 'id.time is missing');
  const time = activityTime(rawTime);
  if (!time) return reject('BAD_TIME', `id.time ${JSON.stringify(rawTime).slice(0, 80)} is not an RFC 3339 time`);

  const activityFlags: string[] = [];
  if (time.zoneless) activityFlags.push('time-zoneless-assumed-utc');
  // uniqueQualifier is a signed 64-bit integer string; without it the record's content names it.
  const qualifier = str(id['uniqueQualifier']);
  if (!qualifier) activityFlags.push('no-unique-qualifier');
  const base = `${GWS_TOKEN}:${qualifier ?? `sha256:${contentHash(value)}`}`;
  const actor = obj(value['actor']);
  const user = gwsUser(actor);
  const ip = str(value['ipAddress']);
  const raw = redactSecrets(value);

  const out: NormalizedEvent[] = events.map((entry, index): NormalizedEvent => {
    const event = obj(entry) ?? {};
    const flags = [...activityFlags];
    const name = str(event['name']) ?? 'unknown';
    if (name === 'unknown') flags.push('event-without-name');
    const params = parameterMap(event['parameters']);
    const clientId = param(params, 'client_id');
    const scopes = scopesOf(params);
    const app = clientId ? appOf(clientId, params) : undefined;
    // An `activity` is the app calling a Google API with the user's grant: the app acts, for the user.
    const appActs = name === 'activity' && app !== undefined;
    if (name === 'activity' && !app) flags.push('activity-without-client-id');
    const target = targetOf(name, params, clientId, scopes);
    const outcome: Outcome = name === 'deny' ? 'failure' : 'success';
    return {
      id: `${base}:${index}`,
      format: GWS_TOKEN,
      time: time.ms,
      kind: kindOf(name),
      name: `gws:token.${name}`,
      actor: appActs ? app : user,
      ...(appActs ? { on_behalf_of: user } : {}),
      ...(target ? { target } : {}),
      outcome,
      ...(ip ? { ip } : {}),
      attrs: attrsOf(value, event, params, user, clientId, scopes),
      ...(flags.length ? { flags } : {}),
      raw,
    };
  });
  return { ok: true, events: out };
}

export const gwsToken = {
  name: GWS_TOKEN,
  title: 'Google Workspace OAuth token audit (Reports API, applicationName=token)',
  containers: [
    'Reports API page {"kind":"admin#reports#activities","items":[…],"nextPageToken":…}',
    'NDJSON (one activity per line; BigQuery/SIEM/ALFA exports)',
  ],
  detectionKeys: ['id.applicationName = "token"', 'events[].name', 'kind = admin#reports#activity (when present)'],
  detect,
  parse,
} satisfies Adapter;
