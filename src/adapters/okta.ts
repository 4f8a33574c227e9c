// Okta System Log events (LogEvent) → normalized events.
// https://developer.okta.com/docs/reference/api/system-log/ · https://developer.okta.com/docs/reference/api/event-types/
import type { CredentialIssue, EventKind, NormalizedEvent, Outcome, PrincipalRef } from '../model/types.js';
import { isObject, obj, str, type JsonObject } from './shared/json.js';
import { redactSecrets } from './shared/redact.js';
import { parseIsoTime } from './shared/time.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const OKTA = 'okta';

/** Grants where a client or agent obtains a token for a user it names: the user is who it acts for. */
const DELEGATED_GRANT = /(token-exchange|jwt-bearer)$/i;

/** Token-minting and authorization-code steps, at custom (`.as.`) and org authorization servers. */
const CREDENTIAL_EVENT = /^app\.oauth2\.(as\.)?(token\.grant|authorize)(\.|$)/;

/** A user (or an admin, for Okta API scopes) letting an app act for them. */
const CONSENT_EVENT = /^app\.oauth2\.(as\.|admin\.)?consent\.grant$/;

const API_TOKEN_CREATE = 'system.api_token.create';

/** Rate-limit chatter says nothing about who did what. */
const NOISE_EVENT = /^(system\.(org|operation)\.rate_limit\.|application\.integration\.rate_limit)/;

/**
 * Target types that are issued tokens, strongest first: the first one present becomes `credential_issued`.
 * `id_jag` is the cross-app-access assertion (`app.oauth2.token.grant.id_jag`).
 */
const TOKEN_TYPES: readonly string[] = ['access_token', 'id_jag', 'id_token', 'refresh_token'];

/** Targets that are artefacts of the grant rather than what the actor acted on. */
const NOT_SHOWN_AS_TARGET: ReadonlySet<string> = new Set([...TOKEN_TYPES, 'code']);

/** Lower-cased top-level keys mean the record went through a data lake (Panther), not an Okta export. */
const LOWERCASED_MARKERS: readonly string[] = ['eventtype', 'displaymessage', 'authenticationcontext', 'debugcontext'];

const MAX_TARGETS_SHOWN = 8;

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  return (
    typeof record['uuid'] === 'string' &&
    typeof record['published'] === 'string' &&
    typeof record['eventType'] === 'string' &&
    isObject(record['actor']) &&
    ('displayMessage' in record || 'version' in record)
  );
}

function looksLikeEmail(text: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text);
}

/** Scopes and other debugData values: a string, or a list some exporters emit; objects are not text. */
function text(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const parts = value.map(str).filter((p): p is string => !!p);
    return parts.length ? parts.join(', ') : undefined;
  }
  return str(value);
}

/** Okta writes the literal `unknown` where it has no value (session ids, alternateIds). */
function known(value: unknown): string | undefined {
  const s = str(value);
  return s && s.toLowerCase() !== 'unknown' ? s : undefined;
}

function slug(type: string): string {
  return type.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'unknown';
}

/**
 * An agent's workload principal acts through an OAuth client; gateways and MCP proxies log only that
 * client id. The client id as an alias lets the two be merged into one identity.
 */
function withClientAlias(actor: PrincipalRef, clientId: string | undefined): PrincipalRef {
  if (actor.type !== 'agent' || !clientId || actor.aliases?.includes(`okta:${clientId}`)) return actor;
  return { ...actor, aliases: [...(actor.aliases ?? []), `okta:${clientId}`] };
}

/** The principal an Okta actor or target entity (`{id, type, alternateId, displayName}`) names. */
export function oktaPrincipal(entity: JsonObject | undefined): PrincipalRef {
  if (!entity) return { id: 'okta-unknown:no-actor', type: 'unknown', name: 'unknown (no actor)' };
  const type = str(entity['type']) ?? 'unknown';
  const id = str(entity['id']);
  const alternateId = known(entity['alternateId']);
  const displayName = str(entity['displayName']);
  const key = id ?? alternateId ?? displayName ?? 'unknown';
  switch (type) {
    case 'User': {
      const aliases: string[] = [];
      if (alternateId && looksLikeEmail(alternateId)) aliases.push(`email:${alternateId.toLowerCase()}`);
      if (id) aliases.push(`okta:${id}`);
      return { id: `okta-user:${key}`, type: 'human', name: alternateId ?? displayName ?? key, aliases };
    }
    case 'PublicClientApp':
    case 'Client':
    case 'AppInstance':
      return { id: `okta-app:${key}`, type: 'app', name: displayName ?? alternateId ?? key, aliases: id ? [`okta:${id}`] : [] };
    case 'WorkloadIdentityPrincipal':
      return { id: `okta-workload:${key}`, type: 'agent', name: displayName ?? alternateId ?? key, aliases: id ? [`okta:${id}`] : [] };
    case 'SystemPrincipal':
      return { id: `okta-system:${key}`, type: 'service', name: alternateId ?? displayName ?? key };
    default:
      // NOTE: Okta also logs actors such as `IP address` (security.threat.detected) and `AppUser`.
      return { id: `okta-${slug(type)}:${key}`, type: 'unknown', name: displayName ?? alternateId ?? key };
  }
}

function targetsOf(record: JsonObject): JsonObject[] {
  // `target` is null, absent, [] or a long list; entries that are not objects are dropped, not fatal.
  const raw = record['target'];
  return Array.isArray(raw) ? raw.filter(isObject) : [];
}

function targetLabel(target: JsonObject): string | undefined {
  const type = str(target['type']);
  const display = str(target['displayName']);
  const alternateId = known(target['alternateId']);
  const label = display ?? alternateId ?? str(target['id']);
  if (!label) return undefined;
  const detail = alternateId && alternateId !== label ? ` (${alternateId})` : '';
  return `${type ? `${type} ` : ''}${label}${detail}`;
}

/** What the event acted on, as text: the non-token targets, the first few of a long list. */
function targetText(targets: readonly JsonObject[]): string | undefined {
  const labels = targets
    .filter((t) => !NOT_SHOWN_AS_TARGET.has(str(t['type']) ?? ''))
    .map(targetLabel)
    .filter((l): l is string => !!l);
  if (!labels.length) return undefined;
  const shown = labels.slice(0, MAX_TARGETS_SHOWN).join(', ');
  return labels.length > MAX_TARGETS_SHOWN ? `${shown} … (+${labels.length - MAX_TARGETS_SHOWN} more)` : shown;
}

function tokenTargets(targets: readonly JsonObject[]): JsonObject[] {
  return targets.filter((t) => TOKEN_TYPES.includes(str(t['type']) ?? '') && str(t['id']));
}

function credentialId(token: JsonObject): string {
  const id = str(token['id'])!;
  // Access, id and ID-JAG tokens are JWTs whose `jti` is this id; a refresh token's id is not a jti.
  return str(token['type']) === 'refresh_token' ? `okta-refresh-token:${id}` : `okta-jti:${id}`;
}

/**
 * `detailEntry.hash` is base64 SHA-256 of the raw token (Okta support: "Computing the hash value of a
 * refresh token"). As hex it equals `fingerprint(rawToken)`, so a gateway holding the token can join on it.
 */
function hashFingerprint(hash: string | undefined): string | undefined {
  if (!hash || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(hash)) return undefined;
  const bytes = Buffer.from(hash, 'base64');
  return bytes.length === 32 ? `sha256:${bytes.toString('hex')}` : undefined;
}

function issuedCredential(tokens: readonly JsonObject[], actor: PrincipalRef, scopes: string | undefined): CredentialIssue | undefined {
  const token = TOKEN_TYPES.map((type) => tokens.find((t) => str(t['type']) === type)).find((t) => t !== undefined);
  if (!token) return undefined;
  const detail = obj(token['detailEntry']);
  const expiresText = str(detail?.['expires']);
  const expires = expiresText ? parseIsoTime(expiresText)?.ms : undefined;
  const fingerprint = hashFingerprint(str(detail?.['hash']));
  return {
    id: credentialId(token),
    issuedTo: actor,
    ...(expires !== undefined ? { expires } : {}),
    ...(fingerprint ? { fingerprint } : {}),
    ...(scopes ? { scopes } : {}),
  };
}

/** An SSWS API token created by the actor: the issuance behind later `requestApiTokenId` calls. */
function apiTokenCreated(eventType: string, targets: readonly JsonObject[], actor: PrincipalRef): CredentialIssue | undefined {
  if (eventType !== API_TOKEN_CREATE) return undefined;
  const id = str(targets.find((t) => str(t['type']) === 'Token')?.['id']);
  return id ? { id: `okta-api-token:${id}`, issuedTo: actor } : undefined;
}

function kindOf(eventType: string, severity: string | undefined): EventKind {
  if (eventType === 'user.session.start' || eventType.startsWith('user.authentication.')) return 'authenticate';
  if (CONSENT_EVENT.test(eventType)) return 'delegate';
  if (CREDENTIAL_EVENT.test(eventType) || eventType === API_TOKEN_CREATE) return 'credential';
  if (NOISE_EVENT.test(eventType) || severity === 'DEBUG') return 'other';
  return 'action';
}

function outcomeOf(record: JsonObject): Outcome {
  const result = str(obj(record['outcome'])?.['result'])?.toUpperCase();
  if (result === 'SUCCESS' || result === 'ALLOW') return 'success';
  if (result === 'FAILURE' || result === 'DENY') return 'failure';
  return 'unknown';
}

/**
 * The user a record names as the one the actor acts for. Only grants and consents say that: on an admin
 * event (`user.lifecycle.suspend` by an agent) a User target is what was acted on, not whom for.
 */
function onBehalfOf(
  kind: EventKind,
  actorType: string | undefined,
  grantType: string | undefined,
  targets: readonly JsonObject[],
  tokens: readonly JsonObject[],
): PrincipalRef | undefined {
  if (actorType === 'User') return undefined;
  const users = targets.filter((t) => str(t['type']) === 'User');
  const subject = tokens.map((t) => str(obj(t['detailEntry'])?.['subject'])).find((s) => !!s);
  const user = users.find((u) => subject && str(u['id']) === subject) ?? users[0];
  if (kind === 'credential' && (actorType === 'WorkloadIdentityPrincipal' || DELEGATED_GRANT.test(grantType ?? ''))) {
    return user ? oktaPrincipal(user) : undefined;
  }
  if (kind === 'delegate') {
    // NOTE: consent is often recorded with actor `system@okta.com`; the consenting user, when named at all,
    // is a User target or a scope target's `detailEntry.user`.
    if (user) return oktaPrincipal(user);
    const consenting = targets.map((t) => str(obj(t['detailEntry'])?.['user'])).find((u) => !!u);
    return consenting ? oktaPrincipal({ id: consenting, type: 'User' }) : undefined;
  }
  return undefined;
}

/** The app a consent grant delegates to: the OAuth client, or a scope target's `detailEntry.publicclientapp`. */
function consentClient(record: JsonObject, targets: readonly JsonObject[]): string | undefined {
  const fromTargets =
    targets.map((t) => str(obj(t['detailEntry'])?.['publicclientapp'])).find((c) => !!c) ??
    str(targets.find((t) => ['PublicClientApp', 'AppInstance', 'Client'].includes(str(t['type']) ?? ''))?.['id']);
  return str(obj(record['client'])?.['id']) ?? fromTargets;
}

function attrsOf(
  record: JsonObject,
  actor: JsonObject | undefined,
  kind: EventKind,
  targets: readonly JsonObject[],
  tokens: readonly JsonObject[],
): Record<string, string | number | boolean> {
  const attrs: Record<string, string | number | boolean> = {};
  const put = (key: string, value: string | number | boolean | undefined): void => {
    if (value !== undefined) attrs[key] = value;
  };
  // debugData is an open map that changes per event type and over time: read only what is there.
  const debug = obj(obj(record['debugContext'])?.['debugData']);
  const transaction = obj(record['transaction']);
  const actorType = str(actor?.['type']);
  const appActor = actorType === 'PublicClientApp' || actorType === 'Client';
  put('actor_type', actorType);
  put('display_message', str(record['displayMessage']));
  put('severity', str(record['severity']));
  put('outcome_reason', str(obj(record['outcome'])?.['reason']));
  put('transaction_type', str(transaction?.['type']));
  put('root_session_id', known(obj(record['authenticationContext'])?.['rootSessionId']));
  // client.id is the OAuth client; it is null on some grants where the client itself is the actor.
  put('client_id', str(obj(record['client'])?.['id']) ?? (appActor ? str(actor?.['id']) : undefined));
  put('grant_type', text(debug?.['grantType']));
  put('requested_scopes', text(debug?.['requestedScopes']));
  put('granted_scopes', text(debug?.['grantedScopes']));
  put('request_uri', text(debug?.['requestUri']));
  put('authorization_server', str(targets.find((t) => str(t['type']) === 'AuthorizationServer')?.['id']));
  if (tokens.length) put('issued_tokens', tokens.map((t) => str(t['id'])!).join(', '));
  put('token_subject', tokens.map((t) => str(obj(t['detailEntry'])?.['subject'])).find((s) => !!s));
  if (kind === 'delegate') {
    const client = consentClient(record, targets);
    put('delegated_to', client ? `okta-app:${client}` : undefined);
  }
  return attrs;
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'an Okta System Log event must be a JSON object');
  if (!('eventType' in value) && LOWERCASED_MARKERS.some((k) => k in value)) {
    return reject(
      'LOWERCASED_KEYS',
      'top-level keys are lower-cased (eventtype, debugcontext…): a data-lake copy, not an Okta System Log export',
    );
  }
  const uuid = str(value['uuid']);
  if (!uuid) return reject('MISSING_FIELD', 'uuid is missing');
  const eventType = str(value['eventType']);
  if (!eventType) return reject('MISSING_FIELD', 'eventType is missing');
  const published = str(value['published']);
  if (!published) return reject('MISSING_FIELD', 'published is missing');
  const time = parseIsoTime(published);
  if (!time) return reject('BAD_TIME', `published ${JSON.stringify(published).slice(0, 80)} is not an ISO-8601 time`);

  const flags: string[] = [];
  if (time.zoneless) flags.push('time-zoneless-assumed-utc');
  const actorEntity = obj(value['actor']);
  if (!actorEntity) flags.push('no-actor');
  const actor = withClientAlias(oktaPrincipal(actorEntity), str(obj(value['client'])?.['id']));
  const severity = str(value['severity']);
  const kind = kindOf(eventType, severity);
  const targets = targetsOf(value);
  const tokens = tokenTargets(targets);
  const debug = obj(obj(value['debugContext'])?.['debugData']);
  const grantType = text(debug?.['grantType']);
  const behalf = onBehalfOf(kind, str(actorEntity?.['type']), grantType, targets, tokens);
  const issued = issuedCredential(tokens, actor, text(debug?.['grantedScopes'])) ?? apiTokenCreated(eventType, targets, actor);
  const transaction = obj(value['transaction']);
  const requestId = str(transaction?.['id']) ?? str(debug?.['requestId']);
  const apiToken = str(obj(transaction?.['detail'])?.['requestApiTokenId']);
  const session = known(obj(value['authenticationContext'])?.['externalSessionId']);
  const client = obj(value['client']);
  const ip = str(client?.['ipAddress']);
  const userAgent = str(obj(client?.['userAgent'])?.['rawUserAgent']);
  const target = targetText(targets);

  const event: NormalizedEvent = {
    id: `${OKTA}:${uuid}`,
    format: OKTA,
    time: time.ms,
    kind,
    name: `${OKTA}:${eventType}`,
    actor,
    ...(behalf && behalf.id !== actor.id ? { on_behalf_of: behalf } : {}),
    ...(apiToken ? { credential_used: `okta-api-token:${apiToken}` } : {}),
    ...(issued ? { credential_issued: issued } : {}),
    ...(session ? { session: `okta-session:${session}` } : {}),
    ...(target ? { target } : {}),
    outcome: outcomeOf(value),
    ...(ip ? { ip } : {}),
    ...(userAgent ? { user_agent: userAgent } : {}),
    ...(requestId ? { trace: { request_id: requestId } } : {}),
    attrs: attrsOf(value, actorEntity, kind, targets, tokens),
    ...(flags.length ? { flags } : {}),
    raw: redactSecrets(value),
  };
  return { ok: true, events: [event] };
}

export const okta = {
  name: OKTA,
  title: 'Okta System Log',
  containers: [
    'System Log API page: JSON array of LogEvent (GET /api/v1/logs)',
    'NDJSON (one LogEvent per line; SIEM exports)',
    'EventBridge log streaming envelope (detail-type "SystemLog", source "aws.partner/okta.com/<org>/<stream>")',
  ],
  detectionKeys: ['uuid', 'published', 'eventType', 'actor (object)', 'displayMessage | version'],
  detect,
  parse,
} satisfies Adapter;
