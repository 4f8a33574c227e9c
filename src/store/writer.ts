// Writes normalized events, their principals and rejects in batches, one transaction per batch.
import type { NormalizedEvent, PrincipalRef, Provenance } from '../model/types.js';
import type { Db } from './open.js';

export interface PendingEvent {
  readonly event: NormalizedEvent;
  readonly prov: Provenance;
}

export interface PendingReject {
  readonly prov: Provenance;
  readonly code: string;
  readonly message: string;
  readonly raw: string;
}

export interface BatchResult {
  readonly inserted: number;
  /** Already stored from this same record of this same file by an import that did not finish. */
  readonly resumed: number;
  readonly duplicate: number;
  /** Records whose id was already stored with different content: kept as CONFLICTING_DUPLICATE rejects. */
  readonly conflicts: readonly PendingReject[];
}

/** Principals whose seen-range is cached per writer; past this many the cache starts over. */
const PRINCIPAL_CACHE_LIMIT = 100_000;

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export class EventWriter {
  private readonly insertEvent;
  private readonly upsertPrincipal;
  private readonly insertAlias;
  private readonly insertReject;
  private readonly storedFrom;
  private readonly writeBatch: (fileId: number, events: readonly PendingEvent[], rejects: readonly PendingReject[]) => BatchResult;

  constructor(db: Db) {
    this.insertEvent = db.prepare(`
      INSERT OR IGNORE INTO events (id, format, time, kind, name, actor_id, on_behalf_of, credential_used,
        credential_issued, session, session_start, source_identity, operation_key, target, outcome, ip, user_agent,
        intent, trace_id, span_id, parent_span_id, request_id, attrs, flags, file_id, line, record_index, raw)
      VALUES (@id, @format, @time, @kind, @name, @actor_id, @on_behalf_of, @credential_used, @credential_issued,
        @session, @session_start, @source_identity, @operation_key, @target, @outcome, @ip, @user_agent, @intent,
        @trace_id, @span_id, @parent_span_id, @request_id, @attrs, @flags, @file_id, @line, @record_index, @raw)`);
    this.upsertPrincipal = db.prepare(`
      INSERT INTO principals (id, type, name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET
        first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),
        last_seen = max(coalesce(last_seen, excluded.last_seen), excluded.last_seen),
        type = CASE WHEN principals.type = 'unknown' OR excluded.type = 'agent' THEN excluded.type ELSE principals.type END,
        -- A name that is only the id's tail (a gateway knew just 00u…) gives way to a real one (alice@corp…).
        name = CASE WHEN principals.name <> excluded.name
                     AND principals.id = substr(principals.id, 1, instr(principals.id, ':')) || principals.name
                    THEN excluded.name ELSE principals.name END`);
    this.insertAlias = db.prepare('INSERT OR IGNORE INTO principal_aliases (alias, principal_id) VALUES (?, ?)');
    this.insertReject = db.prepare(`
      INSERT OR IGNORE INTO rejects (file_id, path, line, record_index, code, message, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.storedFrom = db.prepare('SELECT e.file_id, e.record_index, e.line, e.raw, f.path FROM events e JOIN files f ON f.id = e.file_id WHERE e.id = ?');
    this.writeBatch = db.transaction((fileId: number, events: readonly PendingEvent[], rejects: readonly PendingReject[]) => {
      let inserted = 0;
      let resumed = 0;
      const conflicts: PendingReject[] = [];
      for (const { event, prov } of events) {
        this.principal(event.actor, event.time);
        if (event.on_behalf_of) this.principal(event.on_behalf_of, event.time);
        if (event.credential_issued?.issuedTo) this.principal(event.credential_issued.issuedTo, event.time);
        const raw = JSON.stringify(event.raw);
        const result = this.insertEvent.run({
          id: event.id,
          format: event.format,
          time: event.time,
          kind: event.kind,
          name: event.name,
          actor_id: event.actor.id,
          on_behalf_of: event.on_behalf_of?.id ?? null,
          credential_used: event.credential_used ?? null,
          credential_issued: event.credential_issued?.id ?? null,
          session: event.session ?? null,
          session_start: event.session_start ?? null,
          source_identity: event.source_identity ?? null,
          operation_key: event.operation_key ?? null,
          target: event.target ?? null,
          outcome: event.outcome,
          ip: event.ip ?? null,
          user_agent: event.user_agent ?? null,
          intent: event.intent ?? null,
          trace_id: event.trace?.trace_id ?? null,
          span_id: event.trace?.span_id ?? null,
          parent_span_id: event.trace?.parent_span_id ?? null,
          request_id: event.trace?.request_id ?? null,
          attrs: json(event.credential_issued ? { ...event.attrs, issued: event.credential_issued } : event.attrs),
          flags: event.flags?.length ? event.flags.join(',') : null,
          file_id: fileId,
          line: prov.line ?? null,
          record_index: prov.index,
          raw,
        });
        if (result.changes) {
          inserted++;
          continue;
        }
        const stored = this.storedFrom.get(event.id) as StoredCopy | undefined;
        if (stored && stored.file_id === fileId && stored.record_index === prov.index) resumed++;
        else if (stored && stored.raw !== raw) conflicts.push(conflictReject(event.id, prov, raw, stored));
      }
      for (const r of [...rejects, ...conflicts]) {
        this.insertReject.run(fileId, r.prov.file, r.prov.line ?? null, r.prov.index, r.code, r.message, r.raw);
      }
      return { inserted, resumed, duplicate: events.length - inserted - resumed - conflicts.length, conflicts };
    });
  }

  /**
   * Seen range and type per principal already written by this writer: most events repeat a few
   * principals. An `agent` type wins over what another source called the same id (an app, say): the
   * sign-in that knows it is an agent is the better witness.
   */
  private readonly principalsSeen = new Map<
    string,
    { first: number; last: number; type: string; name: string; aliases: Set<string> }
  >();

  private principal(p: PrincipalRef, time: number): void {
    const seen = this.principalsSeen.get(p.id);
    const newAliases = (p.aliases ?? []).filter((a) => !seen?.aliases.has(a));
    if (seen && seen.first <= time && time <= seen.last && seen.type === p.type && seen.name === p.name && !newAliases.length) {
      return;
    }
    this.upsertPrincipal.run(p.id, p.type, p.name, time, time);
    for (const alias of newAliases) this.insertAlias.run(alias, p.id);
    if (this.principalsSeen.size >= PRINCIPAL_CACHE_LIMIT) this.principalsSeen.clear();
    this.principalsSeen.set(p.id, {
      first: Math.min(seen?.first ?? time, time),
      last: Math.max(seen?.last ?? time, time),
      type: seen && seen.type !== 'unknown' && p.type !== 'agent' ? seen.type : p.type,
      name: p.name,
      aliases: new Set([...(seen?.aliases ?? []), ...newAliases]),
    });
  }

  write(fileId: number, events: readonly PendingEvent[], rejects: readonly PendingReject[]): BatchResult {
    return this.writeBatch(fileId, events, rejects);
  }
}

interface StoredCopy {
  readonly file_id: number;
  readonly record_index: number;
  readonly line: number | null;
  readonly raw: string;
  readonly path: string;
}

/**
 * Deliveries of one event are byte-identical; two different records under one id are not duplicates but
 * a conflict (test fixtures, tampering, a broken exporter). The second is kept as a reject, never dropped.
 */
function conflictReject(id: string, prov: Provenance, raw: string, stored: StoredCopy): PendingReject {
  return {
    prov,
    code: 'CONFLICTING_DUPLICATE',
    message: `${id} is already stored from ${stored.path}${stored.line !== null ? `:${stored.line}` : ''} with different content; this record is kept here`,
    raw,
  };
}
