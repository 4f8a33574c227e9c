// Saved GitHub webhook deliveries (pull_request, pull_request_review, push, workflow_run, installation) → normalized events.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads · https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers
import type { EventKind, NormalizedEvent, PrincipalRef } from '../model/types.js';
import { githubAccount } from './github-audit.js';
import { contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { redactSecrets } from './shared/redact.js';
import { parseIsoTime, type ParsedTime } from './shared/time.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const GITHUB_WEBHOOK = 'github-webhook';

/** Events this adapter reads; others (issues, star…) are rejected as UNSUPPORTED_EVENT rather than misread. */
const EVENTS = ['pull_request', 'pull_request_review', 'push', 'workflow_run', 'installation'] as const;
type WebhookEvent = (typeof EVENTS)[number];

/**
 * A delivery saved with its headers. The wrapper attrib reads is
 * `{"headers": {"X-GitHub-Event": "pull_request_review", "X-GitHub-Delivery": "<guid>", "X-GitHub-Hook-ID": "…"}, "payload": {…}}`;
 * header names are matched case-insensitively (HTTP/2 and most proxies lower-case them). `X-GitHub-Delivery` is
 * unique per event, shared by every hook's delivery of it and by redeliveries, so it is the dedupe key.
 */
interface Delivery {
  readonly body: JsonObject;
  readonly event?: string;
  readonly delivery?: string;
  readonly hookId?: string;
}

function header(headers: JsonObject, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : str(headers[key]);
}

function unwrap(record: JsonObject): Delivery {
  const headers = obj(record['headers']);
  const payload = obj(record['payload']);
  if (!headers || !payload) return { body: record };
  const event = header(headers, 'x-github-event');
  const delivery = header(headers, 'x-github-delivery');
  const hookId = header(headers, 'x-github-hook-id');
  return { body: payload, ...(event ? { event } : {}), ...(delivery ? { delivery } : {}), ...(hookId ? { hookId } : {}) };
}

/** The event a body alone is: the most specific object it carries decides (a review body also holds its PR). */
function inferEvent(body: JsonObject): WebhookEvent | undefined {
  if (isObject(body['review']) && isObject(body['pull_request'])) return 'pull_request_review';
  if (isObject(body['workflow_run'])) return 'workflow_run';
  if (isObject(body['pull_request'])) return 'pull_request';
  if (Array.isArray(body['commits']) && typeof body['ref'] === 'string') return 'push';
  // Every App delivery carries `installation: {id, node_id}`; the installation event's own object has `account`.
  if (isObject(obj(body['installation'])?.['account']) && typeof body['action'] === 'string') return 'installation';
  return undefined;
}

function isWrapper(record: JsonObject): boolean {
  const headers = obj(record['headers']);
  return !!headers && isObject(record['payload']) && header(headers, 'x-github-event') !== undefined;
}

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  if (isWrapper(record)) return isObject(obj(record['payload'])?.['sender']);
  // Audit log records name the actor as a login string and carry their own time.
  if (typeof record['actor'] === 'string' || '@timestamp' in record || '_document_id' in record) return false;
  const sender = obj(record['sender']);
  if (!sender || typeof sender['login'] !== 'string') return false;
  const event = inferEvent(record);
  if (!event) return false;
  return event === 'installation' || isObject(record['repository']);
}

/** ISO text, or epoch seconds as some payload timestamps are written (push `repository.created_at`/`pushed_at`). */
function readTime(value: unknown): ParsedTime | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { ms: value < 1e11 ? Math.trunc(value * 1000) : Math.trunc(value), zoneless: false };
  }
  const text = str(value);
  return text ? parseIsoTime(text) : undefined;
}

/** The record's own time fields for this event, first usable wins; nothing is ever made up. */
function timeCandidates(event: WebhookEvent, body: JsonObject): Array<[string, unknown]> {
  const pr = obj(body['pull_request']);
  const action = str(body['action']);
  switch (event) {
    case 'pull_request_review': {
      const review = obj(body['review']);
      return action === 'submitted'
        ? [['review.submitted_at', review?.['submitted_at']]]
        : [['pull_request.updated_at', pr?.['updated_at']], ['review.submitted_at', review?.['submitted_at']]];
    }
    case 'pull_request':
      return action === 'closed'
        ? [['pull_request.merged_at', pr?.['merged_at']], ['pull_request.closed_at', pr?.['closed_at']], ['pull_request.updated_at', pr?.['updated_at']]]
        : [['pull_request.updated_at', pr?.['updated_at']]];
    case 'push':
      // repository.pushed_at is the server's time of the push (epoch seconds in push bodies); a branch
      // deletion has no head commit, so without it those complete payloads would have no time at all.
      return [
        ['repository.pushed_at', obj(body['repository'])?.['pushed_at']],
        ['head_commit.timestamp', obj(body['head_commit'])?.['timestamp']],
      ];
    case 'workflow_run':
      return [['workflow_run.updated_at', obj(body['workflow_run'])?.['updated_at']]];
    case 'installation': {
      const installation = obj(body['installation']);
      return [['installation.updated_at', installation?.['updated_at']], ['installation.created_at', installation?.['created_at']]];
    }
  }
}

function senderPrincipal(sender: JsonObject): PrincipalRef {
  const login = str(sender['login']) ?? 'unknown';
  const type = str(sender['type']);
  const principalType = type === 'User' ? 'human' : type === 'Bot' ? 'app' : type === 'Organization' ? 'service' : 'unknown';
  return githubAccount(login, principalType, str(sender['id']));
}

function kindOf(event: WebhookEvent, body: JsonObject): EventKind {
  const action = str(body['action']);
  if (event === 'pull_request_review' && action === 'submitted' && str(obj(body['review'])?.['state'])?.toLowerCase() === 'approved') {
    return 'approve';
  }
  if (event === 'pull_request' && action === 'closed' && obj(body['pull_request'])?.['merged'] === true) return 'action';
  if (event === 'workflow_run') return 'invoke';
  return 'other';
}

function targetOf(event: WebhookEvent, body: JsonObject): string | undefined {
  const repo = str(obj(body['repository'])?.['full_name']);
  const pr = obj(body['pull_request']);
  const number = str(pr?.['number']) ?? str(body['number']);
  if ((event === 'pull_request' || event === 'pull_request_review') && repo && number) return `repo ${repo} PR #${number}`;
  if (event === 'push' && repo) return `repo ${repo} ${str(body['ref']) ?? ''}`.trimEnd();
  if (repo) return `repo ${repo}`;
  const installation = obj(body['installation']);
  const account = str(obj(installation?.['account'])?.['login']);
  const id = str(installation?.['id']);
  return id ? `installation ${id}${account ? ` (${account})` : ''}` : undefined;
}

function attrsOf(event: WebhookEvent, body: JsonObject, delivery: Delivery): Record<string, string | number | boolean> {
  const attrs: Record<string, string | number | boolean> = {};
  const put = (key: string, value: unknown): void => {
    if (typeof value === 'string' && value !== '') attrs[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) attrs[key] = value;
    else if (typeof value === 'boolean') attrs[key] = value;
  };
  const pr = obj(body['pull_request']);
  const review = obj(body['review']);
  const run = obj(body['workflow_run']);
  const installation = obj(body['installation']);
  put('event', event);
  put('delivery', delivery.delivery);
  put('hook_id', delivery.hookId);
  put('repo', obj(body['repository'])?.['full_name']);
  put('org', obj(body['organization'])?.['login']);
  put('installation_id', installation?.['id']);
  if (pr) {
    put('pr_number', pr['number']);
    put('pr_title', pr['title']);
    put('head_sha', obj(pr['head'])?.['sha']);
    put('head_ref', obj(pr['head'])?.['ref']);
    put('base_ref', obj(pr['base'])?.['ref']);
    put('merged', pr['merged']);
    put('merge_commit_sha', pr['merge_commit_sha']);
    put('merged_by', obj(pr['merged_by'])?.['login']);
  }
  if (review) {
    put('review_id', review['id']);
    put('review_state', review['state']);
    put('commit_id', review['commit_id']);
    put('reviewer', obj(review['user'])?.['login']);
  }
  if (event === 'push') {
    put('ref', body['ref']);
    put('before', body['before']);
    put('after', body['after']);
    put('forced', body['forced']);
    put('pusher', obj(body['pusher'])?.['name']);
    put('head_sha', obj(body['head_commit'])?.['id']);
  }
  if (run) {
    put('workflow_run_id', run['id']);
    put('workflow_id', run['workflow_id']);
    put('workflow_name', run['name']);
    put('workflow_path', run['path']);
    put('head_sha', run['head_sha']);
    put('head_branch', run['head_branch']);
    put('trigger_event', run['event']);
    put('run_attempt', run['run_attempt']);
    put('status', run['status']);
    put('conclusion', run['conclusion']);
    put('triggering_actor', obj(run['triggering_actor'])?.['login']);
  }
  if (event === 'installation') {
    put('app_id', installation?.['app_id']);
    put('app_slug', installation?.['app_slug']);
    put('account', obj(installation?.['account'])?.['login']);
    put('repository_selection', installation?.['repository_selection']);
  }
  return attrs;
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'a GitHub webhook payload must be a JSON object');
  const delivery = unwrap(value);
  const { body } = delivery;
  const named = delivery.event ?? inferEvent(body);
  if (!named) return reject('UNKNOWN_EVENT', 'no X-GitHub-Event header and the body is none of pull_request, pull_request_review, push, workflow_run, installation');
  if (!(EVENTS as readonly string[]).includes(named)) return reject('UNSUPPORTED_EVENT', `webhook event "${named}" is not read by ${GITHUB_WEBHOOK}`);
  const event = named as WebhookEvent;
  const sender = obj(body['sender']);
  if (!sender || !str(sender['login'])) return reject('MISSING_FIELD', 'sender.login is missing');

  let time: ParsedTime | undefined;
  let source: string | undefined;
  let badText: string | undefined;
  for (const [field, raw] of timeCandidates(event, body)) {
    if (raw === undefined || raw === null) continue;
    time = readTime(raw);
    if (time) {
      source = field;
      break;
    }
    badText ??= `${field} ${JSON.stringify(raw).slice(0, 60)}`;
  }
  if (!time) {
    return badText
      ? reject('BAD_TIME', `${badText} is not a time`)
      : reject('NO_TIME', `the ${event} body has none of ${timeCandidates(event, body).map(([f]) => f).join(', ')}: a saved body has no delivery time`);
  }

  const flags: string[] = [];
  if (time.zoneless) flags.push('time-zoneless-assumed-utc');
  // A push body's only time is its head commit's, written by the committer's clock, not the push time.
  if (source === 'head_commit.timestamp') flags.push('time-from-head-commit');
  if (!delivery.delivery) flags.push('no-delivery-id');
  const action = str(body['action']);
  const target = targetOf(event, body);
  const attrs = attrsOf(event, body, delivery);
  attrs['time_source'] = source!;

  const out: NormalizedEvent = {
    id: `${GITHUB_WEBHOOK}:${delivery.delivery ?? `sha256:${contentHash(value)}`}`,
    format: GITHUB_WEBHOOK,
    time: time.ms,
    kind: kindOf(event, body),
    name: `github:${event}${action ? `.${action}` : ''}`,
    actor: senderPrincipal(sender),
    ...(target ? { target } : {}),
    outcome: 'success',
    attrs,
    ...(flags.length ? { flags } : {}),
    raw: redactSecrets(value),
  };
  return { ok: true, events: [out] };
}

export const githubWebhook = {
  name: GITHUB_WEBHOOK,
  title: 'GitHub webhook deliveries (saved payloads)',
  containers: [
    'one JSON payload per file (body alone, as octokit/webhooks payload-examples)',
    'wrapper {"headers":{"X-GitHub-Event","X-GitHub-Delivery","X-GitHub-Hook-ID"},"payload":{…}}',
    'NDJSON of either',
  ],
  detectionKeys: ['sender.login', 'repository (object)', 'review | pull_request | workflow_run | commits+ref | installation.account', 'or headers.X-GitHub-Event + payload'],
  detect,
  parse,
} satisfies Adapter;
