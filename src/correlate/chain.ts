// Walks from an action upstream, hop by hop along credential lineage, to a root or a gap.
import type { Gap, TraceLink } from '../model/trace.js';
import type { Db } from '../store/open.js';
import {
  credentialById,
  eventById,
  linksTo,
  oktaTransactionSession,
  sessionAuthentication,
  type StoredEvent,
  type StoredLink,
} from '../store/queries.js';
import { gapHint } from './gaps.js';

export interface ChainPath {
  /** Root first, the action last. */
  readonly events: readonly StoredEvent[];
  /** links[i] connects events[i] to events[i + 1]. */
  readonly links: readonly TraceLink[];
  readonly gap: Gap | null;
}

/** Longest chain followed; real role chains are a handful of hops. */
const MAX_HOPS = 64;
/** Inferred candidates kept per hop: enough to show an ambiguity, not to explode. */
const MAX_CANDIDATES = 3;

interface Upstream {
  readonly event: StoredEvent;
  readonly link: TraceLink;
}

type Step = { readonly kind: 'root' } | { readonly kind: 'gap'; readonly gap: Gap } | { readonly kind: 'up'; readonly candidates: Upstream[] };

/** Long-term IAM user keys are the person's own credential: the chain starts there. */
function isLongTermKey(credential: string): boolean {
  return credential.startsWith('aws-akid:AKIA');
}

/**
 * The authentication that began the event's session, as an exact hop on the session id. An Okta event
 * that names no session inherits the one another event of the same request (transaction.id) names.
 */
function sessionHop(db: Db, event: StoredEvent): Step | undefined {
  const viaRequest = !event.session && event.format === 'okta' && event.request_id
    ? oktaTransactionSession(db, event.request_id, event.id)
    : undefined;
  const session = event.session ?? viaRequest;
  if (!session) return undefined;
  // A later step of a sign-in (SSO to an app, MFA) leads to the session's start; the start has no earlier
  // step, and no clock slack is allowed between two authentications or they would point at each other.
  const auth = sessionAuthentication(db, session, event.time, event.id, event.kind === 'authenticate');
  if (!auth) return undefined;
  return {
    kind: 'up',
    candidates: [
      {
        event: auth,
        link: {
          method: 'exact',
          relation: 'same_session',
          key: session,
          confidence: 1,
          reason: viaRequest
            ? `${auth.name} started session ${session}; ${event.name} ran in the same Okta request (${event.request_id}) as an event of that session`
            : `${auth.name} started session ${session}; ${event.name} ran in it`,
        },
      },
    ],
  };
}

/** An actor that acts for a stated principal, or a person or service acting as itself, is where a chain may start. */
function canBeRoot(event: StoredEvent): boolean {
  const type = event.actor.type;
  // An agent may start a chain on its own: its run is where the decision was taken, with or without a person.
  return type === 'human' || type === 'service' || type === 'agent' || (type === 'app' && event.on_behalf_of !== null);
}

/** The call that returned the credential the event was signed with (exact), or inferred issuers of it. */
function credentialHop(db: Db, event: StoredEvent, credential: string): Step | undefined {
  const stored = credentialById(db, credential);
  if (stored?.issued_by_event && stored.issued_by_event !== event.id) {
    const issuer = eventById(db, stored.issued_by_event);
    if (issuer) {
      return {
        kind: 'up',
        candidates: [
          {
            event: issuer,
            link: {
              method: 'exact',
              relation: 'issued',
              key: credential,
              confidence: 1,
              reason: `${issuer.name} returned ${credential}; ${event.name} was signed with it`,
            },
          },
        ],
      };
    }
  }
  return linkedHop(db, linksTo(db, credential, 'issued').filter((l) => l.method === 'inferred'), event);
}

/** Links that name this very event as what a grant, a mint or a parent span explains. */
function eventHop(db: Db, event: StoredEvent): Step | undefined {
  return linkedHop(
    db,
    [...linksTo(db, event.id, 'issued'), ...linksTo(db, event.id, 'delegated'), ...linksTo(db, event.id, 'invoked')],
    event,
  );
}

function linkedHop(db: Db, links: readonly StoredLink[], event: StoredEvent): Step | undefined {
  const candidates: Upstream[] = [];
  for (const link of [...links].sort((a, b) => b.confidence - a.confidence).slice(0, MAX_CANDIDATES)) {
    if (link.from_id === event.id) continue;
    const issuer = eventById(db, link.from_id);
    if (issuer) {
      candidates.push({
        event: issuer,
        link: { method: link.method, relation: link.relation, key: link.key, confidence: link.confidence, reason: link.reason },
      });
    }
  }
  return candidates.length ? { kind: 'up', candidates } : undefined;
}

function upstreamOf(db: Db, event: StoredEvent): Step {
  const credential = event.credential_used;
  if (credential && isLongTermKey(credential) && event.actor.type === 'human') return { kind: 'root' };
  const hop = (credential ? credentialHop(db, event, credential) : undefined) ?? eventHop(db, event) ?? sessionHop(db, event);
  if (hop) return hop;
  if (credential && isLongTermKey(credential)) return { kind: 'root' };
  if (!credential && canBeRoot(event)) return { kind: 'root' };
  // A role session whose record names the person it serves (Identity Center): the start of what is logged.
  if (event.actor.type === 'role' && event.on_behalf_of?.type === 'human') return { kind: 'root' };
  if (credential) {
    return {
      kind: 'gap',
      gap: { after: event.id, missing: `issuance of ${credential}`, hint: gapHint(event, credential) },
    };
  }
  return {
    kind: 'gap',
    gap: {
      after: event.id,
      missing: `the credential behind ${event.actor.name}`,
      hint: `the record names no access key to follow from ${event.actor.id}; ${gapHint(event, null)}`,
    },
  };
}

/** Every chain from the action to a root or gap; one per inferred candidate where a hop is uncertain. */
export function walkChains(db: Db, action: StoredEvent): ChainPath[] {
  const done: ChainPath[] = [];
  const visit = (events: StoredEvent[], links: TraceLink[], seen: Set<string>): void => {
    const current = events[0]!;
    if (events.length > MAX_HOPS) {
      done.push({ events, links, gap: { after: current.id, missing: 'the rest of the chain', hint: `the chain is longer than ${MAX_HOPS} hops` } });
      return;
    }
    const step = upstreamOf(db, current);
    if (step.kind === 'root') {
      done.push({ events, links, gap: null });
      return;
    }
    if (step.kind === 'gap') {
      done.push({ events, links, gap: step.gap });
      return;
    }
    for (const candidate of step.candidates) {
      if (seen.has(candidate.event.id)) {
        done.push({
          events,
          links,
          gap: { after: current.id, missing: 'a credential loop', hint: `${candidate.event.id} is already in the chain; the records contradict each other` },
        });
        continue;
      }
      visit([candidate.event, ...events], [candidate.link, ...links], new Set([...seen, candidate.event.id]));
    }
  };
  visit([action], [], new Set([action.id]));
  return done;
}
