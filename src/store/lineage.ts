// SQL the correlators need: the watermark, credential and session roll-ups, link writes, candidate lookups.
import type { Link, PrincipalType } from '../model/types.js';
import type { Db } from './open.js';
import { cached } from './statements.js';

const WATERMARK = 'correlated_seq';

export function correlatedUpTo(db: Db): number {
  const row = cached(db, 'SELECT value FROM meta WHERE key = ?').get(WATERMARK) as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

export function setCorrelatedUpTo(db: Db, seq: number): void {
  cached(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    WATERMARK,
    String(seq),
  );
}

export function maxSeq(db: Db): number {
  return (cached(db, 'SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;
}

export function insertLink(db: Db, link: Link): boolean {
  const result = cached(db, 
      `INSERT INTO links (from_id, to_id, relation, method, confidence, key, reason) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (from_id, to_id, relation) DO UPDATE SET method = excluded.method, confidence = excluded.confidence,
         key = excluded.key, reason = excluded.reason
       WHERE links.method <> excluded.method OR links.confidence <> excluded.confidence OR links.reason <> excluded.reason`,
    )
    .run(link.from, link.to, link.relation, link.method, link.confidence, link.key, link.reason);
  return result.changes > 0;
}

export function deleteInferredLinksTo(db: Db, toId: string, relation: string): void {
  cached(db, "DELETE FROM links WHERE to_id = ? AND relation = ? AND method = 'inferred'").run(toId, relation);
}

/** Rolls new events' credential use into the credentials table (set-based: one statement per import). */
export function rollUpCredentialUse(db: Db, afterSeq: number): number {
  return cached(db, 
      `INSERT INTO credentials (id, first_used, last_used, uses)
       SELECT credential_used, min(time), max(time), count(*) FROM events INDEXED BY events_credential_used
       WHERE credential_used IS NOT NULL AND seq > ? GROUP BY credential_used
       ON CONFLICT (id) DO UPDATE SET
         first_used = min(coalesce(credentials.first_used, excluded.first_used), excluded.first_used),
         last_used = max(coalesce(credentials.last_used, excluded.last_used), excluded.last_used),
         uses = credentials.uses + excluded.uses`,
    )
    .run(afterSeq).changes;
}

export function rollUpSessions(db: Db, afterSeq: number): number {
  return cached(db, 
      `INSERT INTO sessions (id, principal_id, started, first_seen, last_seen, events)
       SELECT session, min(actor_id), min(session_start), min(time), max(time), count(*) FROM events
       WHERE seq > ? AND session IS NOT NULL GROUP BY session
       ON CONFLICT (id) DO UPDATE SET
         started = coalesce(min(sessions.started, excluded.started), sessions.started, excluded.started),
         first_seen = min(sessions.first_seen, excluded.first_seen),
         last_seen = max(sessions.last_seen, excluded.last_seen),
         events = sessions.events + excluded.events`,
    )
    .run(afterSeq).changes;
}

export interface IssuanceRow {
  readonly seq: number;
  readonly id: string;
  readonly name: string;
  readonly time: number;
  readonly actor_type: PrincipalType;
  readonly credential_issued: string;
  readonly credential_used: string | null;
  readonly issued: { issuedTo?: { id: string }; expires?: number; fingerprint?: string; scopes?: string } | null;
}

export function newIssuanceEvents(db: Db, afterSeq: number): IssuanceRow[] {
  const rows = cached(db, 
      `SELECT e.seq, e.id, e.name, e.time, coalesce(p.type, 'unknown') AS actor_type, e.credential_issued, e.credential_used,
         json_extract(e.attrs, '$.issued') AS issued
       FROM events e LEFT JOIN principals p ON p.id = e.actor_id
       WHERE e.seq > ? AND e.credential_issued IS NOT NULL ORDER BY e.seq`,
    )
    .all(afterSeq) as Array<Omit<IssuanceRow, 'issued'> & { issued: string | null }>;
  return rows.map((r) => ({ ...r, issued: r.issued ? (JSON.parse(r.issued) as IssuanceRow['issued']) : null }));
}

export interface IssuerSummary {
  readonly id: string;
  readonly time: number;
  readonly actor_type: PrincipalType;
}

export function issuerSummary(db: Db, eventId: string): IssuerSummary | undefined {
  return cached(db, 
      `SELECT e.id, e.time, coalesce(p.type, 'unknown') AS actor_type FROM events e
       LEFT JOIN principals p ON p.id = e.actor_id WHERE e.id = ?`,
    )
    .get(eventId) as IssuerSummary | undefined;
}

export function setCredentialIssuer(
  db: Db,
  credential: {
    id: string;
    issued_to: string | null;
    issued_by_event: string;
    parent: string | null;
    expires: number | null;
    fingerprint: string | null;
    scopes: string | null;
  },
): void {
  cached(db, 
    `INSERT INTO credentials (id, issued_to, issued_by_event, parent, expires, fingerprint, scopes)
     VALUES (@id, @issued_to, @issued_by_event, @parent, @expires, @fingerprint, @scopes)
     ON CONFLICT (id) DO UPDATE SET issued_to = excluded.issued_to, issued_by_event = excluded.issued_by_event,
       parent = excluded.parent, expires = coalesce(excluded.expires, credentials.expires),
       fingerprint = coalesce(excluded.fingerprint, credentials.fingerprint), scopes = coalesce(excluded.scopes, credentials.scopes)`,
  ).run(credential);
}

export function currentIssuer(db: Db, credentialId: string): string | null {
  const row = cached(db, 'SELECT issued_by_event FROM credentials WHERE id = ?').get(credentialId) as
    | { issued_by_event: string | null }
    | undefined;
  return row?.issued_by_event ?? null;
}

/** New events that share a cross-account operation key with another stored event. */
export function operationPairs(db: Db, afterSeq: number): Array<{ a: string; b: string; key: string; accounts: string }> {
  return cached(db, 
      `SELECT a.id AS a, b.id AS b, a.operation_key AS key,
         coalesce(json_extract(a.attrs, '$.account'), '?') || ' and ' || coalesce(json_extract(b.attrs, '$.account'), '?') AS accounts
       FROM events a JOIN events b ON b.operation_key = a.operation_key AND b.id > a.id
       WHERE a.operation_key IS NOT NULL AND (a.seq > @after OR b.seq > @after)`,
    )
    .all({ after: afterSeq }) as Array<{ a: string; b: string; key: string; accounts: string }>;
}

export interface UnissuedTemporaryKey {
  readonly credential: string;
  readonly actor_id: string;
  readonly session_start: number;
  readonly ip: string | null;
  readonly identity_arn: string | null;
  readonly console: number | null;
  readonly first_use: number;
}

/** Temporary AWS keys used in a session with a known start, for which no event states the issuance. */
export function unissuedTemporaryKeys(db: Db): UnissuedTemporaryKey[] {
  return cached(db, 
      `SELECT c.id AS credential, e.actor_id, e.session_start, e.ip, json_extract(e.attrs, '$.identity_arn') AS identity_arn,
         json_extract(e.attrs, '$.console') AS console, c.first_used AS first_use
       FROM credentials c
       JOIN events e ON e.seq = (SELECT seq FROM events WHERE credential_used = c.id AND session_start IS NOT NULL ORDER BY time LIMIT 1)
       WHERE c.issued_by_event IS NULL AND c.id LIKE 'aws-akid:ASIA%'`,
    )
    .all() as UnissuedTemporaryKey[];
}

export interface LoginCandidate {
  readonly id: string;
  readonly time: number;
  readonly ip: string | null;
  readonly identity_arn: string | null;
}

export function consoleLoginsNear(db: Db, actorId: string, from: number, to: number): LoginCandidate[] {
  return cached(db, 
      `SELECT id, time, ip, json_extract(attrs, '$.identity_arn') AS identity_arn FROM events
       WHERE actor_id = ? AND name = 'signin:ConsoleLogin' AND outcome = 'success' AND time BETWEEN ? AND ?
       ORDER BY time`,
    )
    .all(actorId, from, to) as LoginCandidate[];
}

export interface KeyedEvent {
  readonly id: string;
  readonly time: number;
  readonly name: string;
  readonly key: string;
}

/**
 * New events of `format` carrying `attrs.<attr>` (the "use" side of a keyed window join). The format test
 * comes first so the JSON of other sources' events is never parsed.
 */
export function newEventsWithKey(
  db: Db,
  afterSeq: number,
  format: string,
  attr: string,
  names: readonly string[] | null,
): KeyedEvent[] {
  const path = `$.${attr}`;
  const nameFilter = names ? `AND name IN (${names.map(() => '?').join(',')})` : '';
  return cached(db, 
      `WITH candidates AS MATERIALIZED (
         SELECT id, time, name, attrs FROM events WHERE seq > ? AND format = ? ${nameFilter})
       SELECT id, time, name, json_extract(attrs, '${path}') AS key FROM candidates
       WHERE json_extract(attrs, '${path}') IS NOT NULL`,
    )
    .all(afterSeq, format, ...(names ?? [])) as KeyedEvent[];
}

/** Successful events whose `attrs.<attr>` equals `key`, in [from, to]: the candidate "issuing" side. */
export function keyedCandidates(db: Db, attr: 'mint_key' | 'grant_key', key: string, names: readonly string[], from: number, to: number): KeyedEvent[] {
  return cached(db, 
      `SELECT id, time, name, json_extract(attrs, '$.${attr}') AS key FROM events
       WHERE json_extract(attrs, '$.${attr}') = ? AND time BETWEEN ? AND ? AND outcome <> 'failure'
         AND name IN (${names.map(() => '?').join(',')})
       ORDER BY time DESC, id`,
    )
    .all(key, from, to, ...names) as KeyedEvent[];
}

/** Events carrying `attrs.<attr>` = key in [from, to]: uses an issuance imported later may explain. */
export function eventsWithKeyBetween(db: Db, attr: string, key: string, from: number, to: number): KeyedEvent[] {
  return cached(db, 
      `SELECT id, time, name, json_extract(attrs, '$.${attr}') AS key FROM events
       WHERE json_extract(attrs, '$.${attr}') = ? AND time BETWEEN ? AND ?`,
    )
    .all(key, from, to) as KeyedEvent[];
}

export interface GrantRow {
  readonly id: string;
  readonly time: number;
  readonly name: string;
  /** The app the grant delegates to (a principal id). */
  readonly app: string;
  /** Whose authority: the person the record names, or the actor when no one else is named. */
  readonly grantor: string;
}

const GRANT_COLUMNS = `id, time, name, coalesce(on_behalf_of, actor_id) AS grantor,
  coalesce(json_extract(attrs, '$.delegated_to'), json_extract(attrs, '$.app_principal'),
           'entra-app:' || json_extract(attrs, '$.target_app_id')) AS app`;

/** Every delegation grant (consent, OAuth authorization) that names the app it delegates to. */
export function delegationGrants(db: Db): GrantRow[] {
  return cached(db, 
      `SELECT * FROM (SELECT ${GRANT_COLUMNS} FROM events INDEXED BY events_delegate_time
         WHERE kind = 'delegate' AND outcome <> 'failure')
       WHERE app IS NOT NULL ORDER BY time`,
    )
    .all() as GrantRow[];
}

/** Revocations of such grants, keyed the same way (app + grantor). */
export function grantRevocations(db: Db, names: readonly string[]): GrantRow[] {
  return cached(db, 
      `SELECT * FROM (SELECT ${GRANT_COLUMNS} FROM events
         WHERE name IN (${names.map(() => '?').join(',')}) AND outcome <> 'failure')
       WHERE app IS NOT NULL ORDER BY time`,
    )
    .all(...names) as GrantRow[];
}

export function newDelegationGrantCount(db: Db, afterSeq: number): number {
  return (
    cached(db, "SELECT count(*) AS n FROM events INDEXED BY events_delegate_time WHERE kind = 'delegate' AND seq > ?").get(afterSeq) as {
      n: number;
    }
  ).n;
}

export interface DelegatedAct {
  readonly id: string;
  readonly time: number;
  readonly name: string;
  readonly actor_id: string;
  readonly on_behalf_of: string;
}

/** Events where an app or agent acted for a named principal (all of them, or those stored after `afterSeq`). */
export function delegatedActs(db: Db, afterSeq: number): DelegatedAct[] {
  return cached(db, 
      `SELECT e.id, e.time, e.name, e.actor_id, e.on_behalf_of FROM events e INDEXED BY events_delegated_seq
       JOIN principals p ON p.id = e.actor_id
       WHERE e.on_behalf_of IS NOT NULL AND e.seq > ? AND p.type IN ('app', 'agent')`,
    )
    .all(afterSeq) as DelegatedAct[];
}

export function linkExists(db: Db, from: string, to: string, relation: string): boolean {
  return cached(db, 'SELECT 1 FROM links WHERE from_id = ? AND to_id = ? AND relation = ?').get(from, to, relation) !== undefined;
}

/** Events by any principal of the same identity as `principalId` (itself included), by name, in [from, to]. */
export function identityEventsBetween(
  db: Db,
  principalId: string,
  names: readonly string[],
  from: number,
  to: number,
): Array<{ id: string; time: number; name: string; target: string | null; ip: string | null }> {
  return cached(db, 
      `SELECT id, time, name, target, ip FROM events
       WHERE name IN (${names.map(() => '?').join(',')}) AND outcome <> 'failure' AND time BETWEEN ? AND ?
         AND actor_id IN (SELECT principal_id FROM identity_members
                          WHERE identity_id = (SELECT identity_id FROM identity_members WHERE principal_id = ?)
                          UNION SELECT ?)
       ORDER BY time DESC, id`,
    )
    .all(...names, from, to, principalId, principalId) as Array<{ id: string; time: number; name: string; target: string | null; ip: string | null }>;
}

/** New events of the given formats and names; the (format, seq) index keeps other sources' rows unread. */
export function eventsNamed(
  db: Db,
  afterSeq: number,
  formats: readonly string[],
  names: readonly string[],
): Array<{ id: string; time: number; actor_id: string; ip: string | null }> {
  const list = (n: number): string => Array.from({ length: n }, () => '?').join(',');
  return cached(db, `SELECT id, time, actor_id, ip FROM events WHERE format IN (${list(formats.length)}) AND seq > ? AND name IN (${list(names.length)})`)
    .all(...formats, afterSeq, ...names) as Array<{ id: string; time: number; actor_id: string; ip: string | null }>;
}

/** New credential issuances with one of these names: the partial credential_issued index keeps it small. */
export function newIssuancesNamed(db: Db, afterSeq: number, names: readonly string[]): Array<{ id: string; time: number; actor_id: string; ip: string | null }> {
  return cached(db, 
      `SELECT id, time, actor_id, ip FROM events INDEXED BY events_credential_issued
       WHERE credential_issued IS NOT NULL AND seq > ? AND name IN (${names.map(() => '?').join(',')})`,
    )
    .all(afterSeq, ...names) as Array<{ id: string; time: number; actor_id: string; ip: string | null }>;
}

export interface SpanRow {
  readonly id: string;
  readonly name: string;
  readonly trace_id: string;
  readonly span_id: string | null;
  readonly parent_span_id: string | null;
}

/** New events of formats that carry trace context (spans, traceparent-stamped messages). */
export function newSpans(db: Db, afterSeq: number, formats: readonly string[]): SpanRow[] {
  return cached(
    db,
    `SELECT id, name, trace_id, span_id, parent_span_id FROM events
     WHERE format IN (${formats.map(() => '?').join(',')}) AND seq > ? AND trace_id IS NOT NULL`,
  ).all(...formats, afterSeq) as SpanRow[];
}

export function spansWithId(db: Db, traceId: string, spanId: string): SpanRow[] {
  return cached(db, 'SELECT id, name, trace_id, span_id, parent_span_id FROM events WHERE trace_id = ? AND span_id = ?').all(
    traceId,
    spanId,
  ) as SpanRow[];
}

export function spansWithParent(db: Db, traceId: string, parentSpanId: string): SpanRow[] {
  return cached(db, 'SELECT id, name, trace_id, span_id, parent_span_id FROM events WHERE trace_id = ? AND parent_span_id = ?').all(
    traceId,
    parentSpanId,
  ) as SpanRow[];
}
