// `attrib actions`: stored events matching a filter, in the contract's listing shape.
import type { Db } from '../store/open.js';
import { findEvents, type EventFilter, type StoredEvent } from '../store/queries.js';

export interface ActionRow {
  readonly id: string;
  readonly format: string;
  readonly time: string;
  readonly kind: string;
  readonly name: string;
  readonly actor: { readonly id: string; readonly type: string; readonly name: string };
  readonly target: string | null;
  readonly credential_used: string | null;
  readonly session: string | null;
  readonly outcome: string;
  readonly on_behalf_of: { readonly id: string; readonly type: string; readonly name: string } | null;
  readonly source_identity: string | null;
  readonly ip: string | null;
}

export function toActionRow(e: StoredEvent): ActionRow {
  return {
    id: e.id,
    format: e.format,
    time: new Date(e.time).toISOString(),
    kind: e.kind,
    name: e.name,
    actor: { id: e.actor.id, type: e.actor.type, name: e.actor.name },
    target: e.target,
    credential_used: e.credential_used,
    session: e.session,
    outcome: e.outcome,
    on_behalf_of: e.on_behalf_of ? { id: e.on_behalf_of.id, type: e.on_behalf_of.type, name: e.on_behalf_of.name } : null,
    source_identity: e.source_identity,
    ip: e.ip,
  };
}

export function listActions(db: Db, filter: EventFilter): ActionRow[] {
  return findEvents(db, filter).map(toActionRow);
}
