// GitHub organization / enterprise audit log events (streaming NDJSON, JSON export, REST pages) → normalized events.
// https://docs.github.com/enterprise-cloud@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/identifying-audit-log-events-performed-by-an-access-token
// https://docs.github.com/en/copilot/reference/enterprise-administrators/agentic-audit-log-events
import type { CredentialIssue, EventKind, NormalizedEvent, Outcome, PrincipalRef } from '../model/types.js';
import { bool, contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { redactSecrets } from './shared/redact.js';
import { parseIsoTime, type ParsedTime } from './shared/time.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const GITHUB_AUDIT = 'github-audit';

/** `repo.create`, `workflows.completed_workflow_run`, `enterprise.config.disable_anonymous_git_access`. */
const DOTTED_ACTION = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/i;

/** Panther renames `@timestamp` to `at_sign_timestamp`; it stays a time field of the same record. */
const TIME_KEYS = ['@timestamp', 'at_sign_timestamp', 'created_at'] as const;

/** Below this an epoch number cannot be milliseconds of a real audit event (it would be before 1973). */
const MIN_EPOCH_MS = 1e11;

const APPROVE_ACTION = /^pull_request_review\.(submit|approve)|^workflows\.approve_workflow_job$/;
const CREDENTIAL_ACTION =
  /^(personal_access_token\.|oauth_authorization\.(create|destroy)$|oauth_access\.create$|public_key\.create$|repo\.create_deploy_key$|org_credential_authorization\.grant$)/;
/**
 * Installing a GitHub App or approving an OAuth app for the org hands that app authority over the org's
 * resources; the installation tokens it later mints are not named in the record, so this is a delegation,
 * not a credential issuance.
 */
const DELEGATE_ACTION = /^(integration_installation\.create|org\.oauth_app_access_approved)$/;
const AUTHENTICATE_ACTION = /^(user\.(login|failed_login)|oauth_authentication\.)/;
const INVOKE_ACTION = /^workflows\./;
/** Actions whose record names the token they bring into being. */
const ISSUING_ACTION =
  /^(personal_access_token\.(create|access_granted|credential_regenerated)|oauth_authorization\.create|oauth_access\.create|org_credential_authorization\.grant)$/;
const FAILED_ACTION = /(fail|denied|deny|reject)/i;
const PR_URL = /^https?:\/\/[^/]+\/([^/]+\/[^/]+)\/pull\/(\d+)/;

function isNumeric(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Epoch ms as a number (ints or floats) or as a numeric string; ISO / Panther space strings otherwise. */
function readTime(value: unknown): ParsedTime | undefined {
  if (isNumeric(value)) return value >= MIN_EPOCH_MS ? { ms: Math.trunc(value), zoneless: false } : undefined;
  const text = str(value);
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return readTime(Number(text));
  return parseIsoTime(text);
}

function recordTime(record: JsonObject): { time?: ParsedTime; present: boolean; text?: string } {
  let present = false;
  let text: string | undefined;
  for (const key of TIME_KEYS) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    present = true;
    text ??= JSON.stringify(value);
    const time = readTime(value);
    if (time) return { time, present };
  }
  return { present, ...(text ? { text } : {}) };
}

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  const action = record['action'];
  if (typeof action !== 'string' || !DOTTED_ACTION.test(action)) return false;
  if (typeof record['actor'] !== 'string' || record['actor'] === '') return false;
  // Webhook bodies carry `sender`/`repository` objects and no time of their own.
  if (isObject(record['sender'])) return false;
  if ('_document_id' in record && typeof record['_document_id'] !== 'string') return false;
  return recordTime(record).time !== undefined;
}

function looksLikeEmail(text: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text);
}

/** A GitHub account by login: logins are case-insensitive, so the id is lower-cased and the name keeps the case. */
export function githubAccount(login: string, type: PrincipalRef['type'], numericId?: string, email?: string): PrincipalRef {
  const aliases: string[] = [];
  if (numericId && numericId !== '0') aliases.push(`github-id:${numericId}`);
  if (email && looksLikeEmail(email)) aliases.push(`email:${email.toLowerCase()}`);
  return { id: `github:${login.toLowerCase()}`, type, name: login, ...(aliases.length ? { aliases } : {}) };
}

function isBot(record: JsonObject, login: string): boolean {
  return bool(record['actor_is_bot']) === true || /\[bot\]$/i.test(login);
}

interface Actors {
  readonly actor: PrincipalRef;
  readonly onBehalfOf?: PrincipalRef;
  readonly session?: string;
}

function actorsOf(record: JsonObject, login: string): Actors {
  const actorId = str(record['actor_id']);
  const nameid = str(record['external_identity_nameid']);
  const human = (): PrincipalRef => githubAccount(login, isBot(record, login) ? 'app' : 'human', actorId, nameid);
  if (bool(record['actor_is_agent']) === true) {
    // For agentic events `user` is "the person who initiated the agentic event" (GitHub docs).
    const initiator = str(record['user']);
    const sessionId = str(record['agent_session_id']);
    const aliases = actorId && actorId !== '0' ? [`github-id:${actorId}`] : [];
    return {
      actor: { id: `github-agent:${login.toLowerCase()}`, type: 'agent', name: login, ...(aliases.length ? { aliases } : {}) },
      ...(initiator ? { onBehalfOf: githubAccount(initiator, 'human', str(record['user_id'])) } : {}),
      ...(sessionId ? { session: `github-agent-session:${sessionId}` } : {}),
    };
  }
  const access = str(record['programmatic_access_type']) ?? '';
  const appId = str(record['oauth_application_id']);
  if (/user-to-server/i.test(access) && appId && appId !== '0') {
    // A GitHub App's user-to-server token: the app acts, for the user GitHub records as `actor`.
    const appName = str(record['oauth_application_name']) ?? str(record['integration']) ?? appId;
    return { actor: { id: `github-app:${appId}`, type: 'app', name: appName }, onBehalfOf: human() };
  }
  return { actor: human() };
}

/**
 * NOTE: the `pull_request_review.submit` records seen (docs, samples) carry no review state, so every submitted review is read as
 * an approval; the webhook's `review.state` (or the UI) tells an approval from a comment.
 */
function kindOf(action: string): EventKind {
  if (APPROVE_ACTION.test(action)) return 'approve';
  if (DELEGATE_ACTION.test(action)) return 'delegate';
  if (CREDENTIAL_ACTION.test(action)) return 'credential';
  if (AUTHENTICATE_ACTION.test(action)) return 'authenticate';
  if (INVOKE_ACTION.test(action)) return 'invoke';
  return 'action';
}

function outcomeOf(action: string): Outcome {
  return FAILED_ACTION.test(action) ? 'failure' : 'success';
}

/** The token a record names: its base64 SHA-256 (kept exactly as logged) first, else a non-zero token id. */
function tokenRef(record: JsonObject): string | undefined {
  const hashed = str(record['hashed_token']);
  if (hashed) return `gh-token:${hashed}`;
  const tokenId = record['token_id'];
  const n = typeof tokenId === 'string' ? Number(tokenId) : tokenId;
  return isNumeric(n) && n > 0 ? `gh-token-id:${String(tokenId)}` : undefined;
}

/** `hashed_token` as hex `sha256:…`, the form `fingerprint(rawToken)` gives, so a known raw token can be matched. */
function hashFingerprint(hash: string | undefined): string | undefined {
  if (!hash || !/^[A-Za-z0-9+/]+={0,2}$/.test(hash)) return undefined;
  const bytes = Buffer.from(hash, 'base64');
  return bytes.length === 32 ? `sha256:${bytes.toString('hex')}` : undefined;
}

/** An OAuth authorization's token goes to the OAuth app the user authorized; a PAT to its owner, the actor. */
function issuedTo(record: JsonObject, action: string, actor: PrincipalRef): PrincipalRef {
  const appId = str(record['oauth_application_id']);
  if (!/^oauth_(authorization|access)\./.test(action) || !appId || appId === '0') return actor;
  const appName = str(record['oauth_application_name']) ?? str(record['integration']) ?? appId;
  return { id: `github-app:${appId}`, type: 'app', name: appName };
}

function pullRequest(record: JsonObject): { repo?: string; number?: string } {
  const match = PR_URL.exec(str(record['pull_request_url']) ?? '');
  return match ? { repo: match[1]!, number: match[2]! } : {};
}

function targetOf(record: JsonObject): string | undefined {
  const pr = pullRequest(record);
  const repo = str(record['repo']) ?? str(record['repository']) ?? pr.repo;
  const prId = str(record['pull_request_id']);
  if (repo && pr.number) return `repo ${repo} PR #${pr.number}`;
  if (repo && prId) return `repo ${repo} PR id ${prId}`;
  if (repo) return `repo ${repo}`;
  const org = str(record['org']);
  if (org) return `org ${org}`;
  const business = str(record['business']);
  return business ? `enterprise ${business}` : undefined;
}

function attrsOf(record: JsonObject): Record<string, string | number | boolean> {
  const attrs: Record<string, string | number | boolean> = {};
  const put = (key: string, value: unknown): void => {
    if (typeof value === 'string' && value !== '') attrs[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) attrs[key] = value;
    else if (typeof value === 'boolean') attrs[key] = value;
  };
  for (const key of [
    'business',
    'org',
    'repo',
    'actor_id',
    'user',
    'external_identity_nameid',
    'external_identity_username',
    'operation_type',
    'programmatic_access_type',
    'token_scopes',
    'token_id',
    'oauth_application_id',
    'oauth_application_name',
    'integration',
    'actor_is_bot',
    'actor_is_agent',
    'agent_session_id',
    'pull_request_id',
    'pull_request_url',
    'pull_request_title',
    'workflow_id',
    'workflow_run_id',
    'head_sha',
    'head_branch',
    'event',
    'run_number',
    'run_attempt',
    'conclusion',
    'request_method',
    'route',
    'status_code',
  ] as const) {
    put(key, record[key]);
  }
  if (!('repo' in attrs)) put('repo', record['repository']);
  // Workflow run events carry the workflow's name as `name`.
  put('workflow_name', record['name']);
  const prNumber = pullRequest(record).number;
  if (prNumber) attrs['pull_request_number'] = Number(prNumber);
  put('country_code', obj(record['actor_location'])?.['country_code']);
  return attrs;
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'a GitHub audit log event must be a JSON object');
  const action = str(value['action']);
  if (!action) return reject('MISSING_FIELD', 'action is missing');
  const login = str(value['actor']);
  if (!login) return reject('MISSING_FIELD', 'actor is missing');
  const when = recordTime(value);
  if (!when.present) return reject('NO_TIME', 'none of @timestamp, at_sign_timestamp, created_at is present');
  if (!when.time) return reject('BAD_TIME', `time ${(when.text ?? '').slice(0, 80)} is neither epoch ms nor ISO-8601`);

  const flags: string[] = [];
  if (when.time.zoneless) flags.push('time-zoneless-assumed-utc');
  const kind = kindOf(action);
  const { actor, onBehalfOf, session } = actorsOf(value, login);
  const token = tokenRef(value);
  let issued: CredentialIssue | undefined;
  let used = token;
  if (kind === 'credential') {
    // On a token lifecycle event the token named is the one created or revoked, not the one the actor used.
    used = undefined;
    if (token && ISSUING_ACTION.test(action)) {
      const fp = hashFingerprint(str(value['hashed_token']));
      const scopes = str(value['token_scopes']);
      issued = { id: token, issuedTo: issuedTo(value, action, actor), ...(fp ? { fingerprint: fp } : {}), ...(scopes ? { scopes } : {}) };
    }
  }
  const target = targetOf(value);
  if (!target || (/^pull_request/.test(action) && !str(value['repo']) && !pullRequest(value).repo)) flags.push('target-unknown');
  const attrs = attrsOf(value);
  if (kind === 'credential' && token) attrs['subject_token'] = token;
  const documentId = str(value['_document_id']);
  const requestId = str(value['request_id']);
  const ip = str(value['actor_ip']);
  const userAgent = str(value['user_agent']);

  const event: NormalizedEvent = {
    id: `${GITHUB_AUDIT}:${documentId ?? `sha256:${contentHash(value)}`}`,
    format: GITHUB_AUDIT,
    time: when.time.ms,
    kind,
    name: `github:${action}`,
    actor,
    ...(onBehalfOf && onBehalfOf.id !== actor.id ? { on_behalf_of: onBehalfOf } : {}),
    ...(used ? { credential_used: used } : {}),
    ...(issued ? { credential_issued: issued } : {}),
    ...(session ? { session } : {}),
    ...(target ? { target } : {}),
    outcome: outcomeOf(action),
    ...(ip ? { ip } : {}),
    ...(userAgent ? { user_agent: userAgent } : {}),
    ...(requestId ? { trace: { request_id: requestId } } : {}),
    attrs,
    ...(flags.length ? { flags } : {}),
    raw: redactSecrets(value),
  };
  return { ok: true, events: [event] };
}

export const githubAudit = {
  name: GITHUB_AUDIT,
  title: 'GitHub audit log (organization / enterprise)',
  containers: [
    'NDJSON (audit log streaming: one event per line)',
    'JSON array (UI export; REST GET /orgs/{org}/audit-log and /enterprises/{enterprise}/audit-log pages)',
  ],
  detectionKeys: ['action (dotted)', 'actor (login string)', '@timestamp | at_sign_timestamp | created_at', 'no sender object'],
  detect,
  parse,
} satisfies Adapter;
