// `attrib trace`: the chain for one action, as an attrib.trace/1 document.
import { walkChains, type ChainPath } from '../correlate/chain.js';
import { judge, tracePrincipal, verdictFor } from '../correlate/verdict.js';
import { AttribError } from '../errors.js';
import { TRACE_SCHEMA, type ChainStep, type TraceDocument, type TraceEvent } from '../model/trace.js';
import type { Db } from '../store/open.js';
import { eventById, eventIdsLike, linksTo, sameOperationAs, type StoredEvent } from '../store/queries.js';

export function traceEvent(db: Db, event: StoredEvent): TraceEvent {
  const copies = sameOperationAs(db, event.id);
  return {
    id: event.id,
    time: new Date(event.time).toISOString(),
    name: event.name,
    actor: tracePrincipal(event.actor),
    target: event.target,
    outcome: event.outcome,
    credential_used: event.credential_used,
    credential_issued: event.credential_issued,
    session: event.session,
    source_identity: event.source_identity,
    ip: event.ip,
    source: { file: event.file, sha256: event.file_sha256, line: event.line, index: event.record_index },
    ...(copies.length ? { copies } : {}),
  };
}

function authorizedBy(db: Db, event: StoredEvent): ChainStep['authorized_by'] {
  const [approval] = linksTo(db, event.id, 'approved');
  const grant = approval ? eventById(db, approval.from_id) : undefined;
  if (!approval || !grant) return undefined;
  return {
    event: traceEvent(db, grant),
    link: { method: approval.method, relation: approval.relation, key: approval.key, confidence: approval.confidence, reason: approval.reason },
  };
}

function steps(db: Db, path: ChainPath): ChainStep[] {
  return path.events.map((event, i) => {
    const authority = authorizedBy(db, event);
    return {
      role: event.kind,
      event: traceEvent(db, event),
      link: path.links[i] ?? null,
      ...(authority ? { authorized_by: authority } : {}),
    };
  });
}

/** Resolves what a responder typed: a full id, or a bare native id (a CloudTrail eventID). */
export function resolveEventId(db: Db, given: string): StoredEvent {
  const exact = eventById(db, given);
  if (exact) return exact;
  const matches = eventIdsLike(db, given);
  if (matches.length === 1) return eventById(db, matches[0]!)!;
  if (matches.length > 1) {
    throw new AttribError('EVENT_NOT_FOUND', `"${given}" matches several events: ${matches.join(', ')}`, {
      hint: 'use the full event id',
    });
  }
  throw new AttribError('EVENT_NOT_FOUND', `no event ${given} in the store`, {
    hint: 'list events with `attrib actions`; ids look like cloudtrail:<eventID>',
    exitCode: 1,
  });
}

export function traceAction(db: Db, eventId: string): TraceDocument {
  const action = resolveEventId(db, eventId);
  const { verdict, best, alternatives } = judge(walkChains(db, action));
  return {
    schema: TRACE_SCHEMA,
    action: traceEvent(db, action),
    verdict,
    chain: steps(db, best),
    alternatives: alternatives.map((p) => ({ verdict: verdictFor(p), chain: steps(db, p) })),
    gaps: best.gap ? [best.gap] : [],
  };
}
