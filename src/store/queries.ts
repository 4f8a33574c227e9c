// Named reads over the store, returning model-shaped rows. The only SQL outside writer, ledger and lineage.
import type { EventKind, LinkMethod, LinkRelation, Outcome, PrincipalType } from '../model/types.js';
import { identityAliases } from './identities.js';
import type { Db } from './open.js';
import { cached } from './statements.js';

export interface StoredPrincipal {
  readonly id: string;
  readonly type: PrincipalType;
  readonly name: string;
  readonly aliases: string[];
}

/** An event as stored, with its actor resolved. `raw` is left out: traces never need it. */
export interface StoredEvent {
  readonly seq: number;
  readonly id: string;
  readonly format: string;
  readonly time: number;
  readonly kind: EventKind;
  readonly name: string;
  readonly actor: StoredPrincipal;
  readonly on_behalf_of: StoredPrincipal | null;
  readonly credential_used: string | null;
  readonly credential_issued: string | null;
  readonly session: string | null;
  readonly session_start: number | null;
  readonly source_identity: string | null;
  readonly operation_key: string | null;
  readonly target: string | null;
  readonly outcome: Outcome;
  readonly ip: string | null;
  readonly user_agent: string | null;
  readonly intent: string | null;
  readonly request_id: string | null;
  readonly attrs: Record<string, unknown>;
  readonly flags: string[];
  readonly file: string;
  readonly file_sha256: string;
  readonly line: number | null;
  readonly record_index: number;
}

interface EventRow {
  seq: number;
  id: string;
  format: string;
  time: number;
  kind: EventKind;
  name: string;
  actor_id: string;
  actor_type: PrincipalType | null;
  actor_name: string | null;
  on_behalf_of: string | null;
  obo_type: PrincipalType | null;
  obo_name: string | null;
  credential_used: string | null;
  credential_issued: string | null;
  session: string | null;
  session_start: number | null;
  source_identity: string | null;
  operation_key: string | null;
  target: string | null;
  outcome: Outcome;
  ip: string | null;
  user_agent: string | null;
  intent: string | null;
  request_id: string | null;
  attrs: string | null;
  flags: string | null;
  path: string;
  sha256: string;
  line: number | null;
  record_index: number;
}

const EVENT_SELECT = `
  SELECT e.seq, e.id, e.format, e.time, e.kind, e.name, e.actor_id, a.type AS actor_type, a.name AS actor_name,
    e.on_behalf_of, o.type AS obo_type, o.name AS obo_name, e.credential_used, e.credential_issued, e.session,
    e.session_start, e.source_identity, e.operation_key, e.target, e.outcome, e.ip, e.user_agent, e.intent,
    e.request_id, e.attrs, e.flags, f.path, f.sha256, e.line, e.record_index
  FROM events e
  LEFT JOIN principals a ON a.id = e.actor_id
  LEFT JOIN principals o ON o.id = e.on_behalf_of
  JOIN files f ON f.id = e.file_id`;

/** Every other name of the principal's identity: its aliases, and the principals merged with it. */
export function aliasesOf(db: Db, principalId: string): string[] {
  return identityAliases(db, principalId);
}

function toEvent(db: Db, row: EventRow, withAliases: boolean): StoredEvent {
  const principal = (id: string, type: PrincipalType | null, name: string | null): StoredPrincipal => ({
    id,
    type: type ?? 'unknown',
    name: name ?? id,
    aliases: withAliases ? aliasesOf(db, id) : [],
  });
  return {
    seq: row.seq,
    id: row.id,
    format: row.format,
    time: row.time,
    kind: row.kind,
    name: row.name,
    actor: principal(row.actor_id, row.actor_type, row.actor_name),
    on_behalf_of: row.on_behalf_of ? principal(row.on_behalf_of, row.obo_type, row.obo_name) : null,
    credential_used: row.credential_used,
    credential_issued: row.credential_issued,
    session: row.session,
    session_start: row.session_start,
    source_identity: row.source_identity,
    operation_key: row.operation_key,
    target: row.target,
    outcome: row.outcome,
    ip: row.ip,
    user_agent: row.user_agent,
    intent: row.intent,
    request_id: row.request_id,
    attrs: row.attrs ? (JSON.parse(row.attrs) as Record<string, unknown>) : {},
    flags: row.flags ? row.flags.split(',') : [],
    file: row.path,
    file_sha256: row.sha256,
    line: row.line,
    record_index: row.record_index,
  };
}

export function eventById(db: Db, id: string): StoredEvent | undefined {
  const row = cached(db, `${EVENT_SELECT} WHERE e.id = ?`).get(id) as EventRow | undefined;
  return row ? toEvent(db, row, true) : undefined;
}

/** Event ids that start with `prefix` (a responder pastes a bare CloudTrail eventID). */
export function eventIdsLike(db: Db, suffix: string, limit = 5): string[] {
  const rows = cached(db, "SELECT id FROM events WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT ?")
    .all(suffix, `%:${suffix.replace(/[\\%_]/g, (c) => `\\${c}`)}`, limit) as { id: string }[];
  return rows.map((r) => r.id);
}

export interface StoredLink {
  readonly from_id: string;
  readonly to_id: string;
  readonly relation: LinkRelation;
  readonly method: LinkMethod;
  readonly confidence: number;
  readonly key: string;
  readonly reason: string;
}

export function linksTo(db: Db, toId: string, relation: LinkRelation): StoredLink[] {
  return cached(db, 'SELECT from_id, to_id, relation, method, confidence, key, reason FROM links WHERE to_id = ? AND relation = ? ORDER BY confidence DESC, from_id')
    .all(toId, relation) as StoredLink[];
}

export interface StoredCredential {
  readonly id: string;
  readonly issued_to: string | null;
  readonly issued_by_event: string | null;
  readonly parent: string | null;
  readonly expires: number | null;
  readonly fingerprint: string | null;
  readonly first_used: number | null;
  readonly last_used: number | null;
  readonly uses: number;
}

export function credentialById(db: Db, id: string): StoredCredential | undefined {
  return cached(db, 'SELECT * FROM credentials WHERE id = ?').get(id) as StoredCredential | undefined;
}

export interface EventFilter {
  readonly actor?: string;
  readonly since?: number;
  readonly until?: number;
  /** Glob over the namespaced name: `*` and `?`. */
  readonly name?: string;
  readonly kind?: string;
  readonly target?: string;
  readonly limit?: number;
}

function globToLike(glob: string): string {
  return glob.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_');
}

/** Events matching a filter, newest first. `actor` matches a principal id, name or alias (substring). */
export function findEvents(db: Db, filter: EventFilter): StoredEvent[] {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.since !== undefined) {
    where.push('e.time >= @since');
    params['since'] = filter.since;
  }
  if (filter.until !== undefined) {
    where.push('e.time <= @until');
    params['until'] = filter.until;
  }
  if (filter.name) {
    where.push("e.name LIKE @name ESCAPE '\\'");
    params['name'] = globToLike(filter.name);
  }
  if (filter.kind) {
    where.push('e.kind = @kind');
    params['kind'] = filter.kind;
  }
  if (filter.target) {
    where.push("e.target LIKE @target ESCAPE '\\'");
    params['target'] = `%${filter.target.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (filter.actor) {
    where.push(`(e.actor_id IN (SELECT id FROM principals WHERE id LIKE @actor ESCAPE '\\' OR name LIKE @actor ESCAPE '\\')
      OR e.actor_id IN (SELECT principal_id FROM principal_aliases WHERE alias LIKE @actor ESCAPE '\\'))`);
    params['actor'] = `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const sql = `${EVENT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.time DESC, e.id${
    filter.limit !== undefined ? ' LIMIT @limit' : ''
  }`;
  if (filter.limit !== undefined) params['limit'] = filter.limit;
  const rows = cached(db, sql).all(params) as EventRow[];
  return rows.map((r) => toEvent(db, r, false));
}

/** Other records of the same operation (cross-account copies), linked as `same_operation`. */
export function sameOperationAs(db: Db, eventId: string): string[] {
  const rows = cached(db, 
      `SELECT to_id AS id FROM links WHERE from_id = ? AND relation = 'same_operation'
       UNION SELECT from_id AS id FROM links WHERE to_id = ? AND relation = 'same_operation' ORDER BY id`,
    )
    .all(eventId, eventId) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * The authentication that started a session: the earliest `authenticate` event carrying the session id,
 * at or before `before` (plus slack for delivery-time skew between sources).
 */
export function sessionAuthentication(
  db: Db,
  session: string,
  before: number,
  excludeId: string,
  strictlyBefore = false,
): StoredEvent | undefined {
  const row = cached(db, `${EVENT_SELECT} WHERE e.session = ? AND e.kind = 'authenticate' AND e.outcome <> 'failure' AND e.time <= ? AND e.id <> ? ORDER BY e.time, e.id LIMIT 1`)
    .get(session, strictlyBefore ? before - 1 : before + SESSION_SKEW_MS, excludeId) as EventRow | undefined;
  return row ? toEvent(db, row, true) : undefined;
}

/** Sources disagree on clocks by seconds; an authentication logged slightly "after" its first use is still its start. */
const SESSION_SKEW_MS = 60_000;

/** The session another event of the same Okta request (transaction.id) carries, when this one names none. */
export function oktaTransactionSession(db: Db, requestId: string, excludeId: string): string | undefined {
  const row = cached(db, "SELECT session FROM events WHERE format = 'okta' AND request_id = ? AND session IS NOT NULL AND id <> ? LIMIT 1")
    .get(requestId, excludeId) as { session: string } | undefined;
  return row?.session;
}
