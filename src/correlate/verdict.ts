// Names the initiator of a chain and how it acted. The ambiguity policy lives here and nowhere else.
import type { TracePrincipal, Verdict, VerdictKind } from '../model/trace.js';
import type { StoredEvent, StoredPrincipal } from '../store/queries.js';
import type { ChainPath } from './chain.js';

/**
 * An Identity Center session's user is asserted by AWS, but no event links it to a sign-in: high, not
 * certain (an IdP import would add the sign-in).
 */
const IDENTITY_CENTER_CONFIDENCE = 0.9;

/** Two explanations closer than this in confidence are reported as ambiguous, not ranked. */
export const AMBIGUITY_MARGIN = 0.15;

export function tracePrincipal(p: StoredPrincipal): TracePrincipal {
  return p.aliases.length ? { id: p.id, type: p.type, name: p.name, aliases: p.aliases } : { id: p.id, type: p.type, name: p.name };
}

export function chainConfidence(path: ChainPath): number {
  return Math.round(path.links.reduce((c, l) => c * l.confidence, 1) * 1000) / 1000;
}

function sourceIdentityOf(path: ChainPath): string | undefined {
  for (let i = path.events.length - 1; i >= 0; i--) {
    const si = path.events[i]!.source_identity ?? path.events[i]!.attrs['issued_source_identity'];
    if (typeof si === 'string') return si;
  }
  return undefined;
}

/** The source identity is set once, at the start of a chain: it should name the person found at the root. */
function sourceIdentityNote(root: StoredEvent, sourceIdentity: string | undefined): string {
  if (!sourceIdentity) return '';
  const names = [root.actor.name, ...root.actor.aliases.map((a) => a.replace(/^[a-z-]+:/, ''))].map((n) => n.toLowerCase());
  return names.includes(sourceIdentity.toLowerCase())
    ? '; the source identity every session carries agrees'
    : `; note: the sessions carry source identity "${sourceIdentity}", which is not ${root.actor.name}`;
}

function isWebIdentityRoot(root: StoredEvent): boolean {
  return root.actor.id.startsWith('aws-web-identity:');
}

export function verdictFor(path: ChainPath): Verdict {
  const root = path.events[0]!;
  const action = path.events[path.events.length - 1]!;
  const sourceIdentity = sourceIdentityOf(path);
  const onBehalfOf = root.on_behalf_of ?? action.on_behalf_of;
  // "alice on behalf of alice" says nothing: an app acting for the person who started the chain is that person's act.
  const obo = onBehalfOf && onBehalfOf.id !== root.actor.id ? tracePrincipal(onBehalfOf) : null;
  const attributed = (
    kind: VerdictKind,
    initiator: StoredPrincipal,
    reason: string,
    forWhom: TracePrincipal | null = obo,
  ): Verdict => ({
    kind,
    confidence: chainConfidence(path),
    complete: true,
    initiator: tracePrincipal(initiator),
    on_behalf_of: forWhom,
    reason,
    ...(sourceIdentity ? { source_identity: sourceIdentity } : {}),
  });
  const unattributed = (reason: string): Verdict => ({
    kind: 'unattributed',
    confidence: 0,
    complete: false,
    initiator: null,
    on_behalf_of: obo,
    reason,
    ...(sourceIdentity ? { source_identity: sourceIdentity } : {}),
  });
  if (path.gap) {
    return unattributed(
      `the chain breaks after ${path.gap.after}: ${path.gap.missing} is not in the store${
        sourceIdentity ? ` (the sessions carry source identity "${sourceIdentity}", set when the chain began)` : ''
      }`,
    );
  }
  // The hop nearest the action where an agent acted decides: it chose to act, whoever authenticated first.
  const agentStep = [...path.events].reverse().find((e) => e.actor.type === 'agent');
  if (agentStep) {
    const forWhom = agentStep.on_behalf_of ?? (root.actor.type === 'human' ? root.actor : null);
    return attributed(
      'agent-delegated',
      agentStep.actor,
      `the agent ${agentStep.actor.name} acted (${agentStep.name})${forWhom ? ` with authority delegated by ${forWhom.name}` : ''}; the chain starts at ${root.actor.name} (${root.name})`,
      forWhom ? tracePrincipal(forWhom) : obo,
    );
  }
  const hops = path.events.length - 1;
  const via = hops === 0 ? 'directly' : `through ${hops} hop${hops === 1 ? '' : 's'}`;
  if (isWebIdentityRoot(root) && root.actor.type === 'service') {
    return attributed(
      'automation-policy',
      root.actor,
      `the chain starts with a web-identity (OIDC) login by workload "${root.actor.name}": automation allowed by the role's trust policy, ${via}`,
    );
  }
  if (root.actor.type === 'human') {
    return attributed(
      'human-direct',
      root.actor,
      `${root.actor.name} ${root.kind === 'authenticate' ? 'authenticated' : 'began the chain'} (${root.name}) and acted ${via}${sourceIdentityNote(root, sourceIdentity)}`,
    );
  }
  if (root.actor.type === 'service' && root.on_behalf_of?.type === 'human') {
    // GCP's serviceAccountDelegationInfo and similar: the record itself names who the service acted for.
    return attributed(
      'human-direct',
      root.on_behalf_of,
      `${root.actor.name} acted for ${root.on_behalf_of.name}, as the record's delegation chain states (${root.name})`,
      null,
    );
  }
  if (root.actor.type === 'role' && root.on_behalf_of?.type === 'human') {
    // The record names the person (an Identity Center role session) but no logged event issued its key.
    return {
      ...attributed(
        'human-direct',
        root.on_behalf_of,
        `${root.actor.name} acted for ${root.on_behalf_of.name}, whom AWS named as the session's user (IAM Identity Center); the portal's issuance of ${root.credential_used ?? 'its credential'} is never logged`,
        null,
      ),
      confidence: Math.round(chainConfidence(path) * IDENTITY_CENTER_CONFIDENCE * 1000) / 1000,
    };
  }
  if (root.actor.type === 'service') {
    return attributed('service', root.actor, `the chain starts with the service ${root.actor.name} (${root.name})`);
  }
  return unattributed(`the chain starts at ${root.actor.name}, which names no person, workload or service`);
}

export interface Judgement {
  readonly verdict: Verdict;
  readonly best: ChainPath;
  /** The other explanations, best first (all of them, the best included, when the verdict is ambiguous). */
  readonly alternatives: readonly ChainPath[];
}

function rank(path: ChainPath): number {
  return path.gap ? -1 : chainConfidence(path);
}

function sameConclusion(a: Verdict, b: Verdict): boolean {
  return a.kind === b.kind && (a.initiator?.id ?? null) === (b.initiator?.id ?? null);
}

/**
 * Picks the explanation to report. When another complete explanation scores within AMBIGUITY_MARGIN and
 * names a different initiator or kind, the answer is "ambiguous" with all of them shown: a confident wrong
 * answer is the worst output. Rivals that reach the same conclusion by another hop are only alternatives.
 */
export function judge(paths: readonly ChainPath[]): Judgement {
  const sorted = [...paths].sort((a, b) => rank(b) - rank(a));
  const best = sorted[0]!;
  const bestVerdict = verdictFor(best);
  const others = sorted.slice(1);
  const rivals = best.gap
    ? []
    : others.filter((p) => !p.gap && rank(best) - rank(p) < AMBIGUITY_MARGIN && !sameConclusion(verdictFor(p), bestVerdict));
  if (!rivals.length) return { verdict: bestVerdict, best, alternatives: others };
  const names = [best, ...rivals].map((p) => verdictFor(p).initiator?.name ?? '?');
  return {
    verdict: {
      kind: 'ambiguous',
      confidence: chainConfidence(best),
      complete: false,
      initiator: null,
      on_behalf_of: bestVerdict.on_behalf_of,
      reason: `${rivals.length + 1} upstream explanations score within ${AMBIGUITY_MARGIN} of each other (${names.join(' vs ')}); the evidence does not decide`,
      ...(bestVerdict.source_identity ? { source_identity: bestVerdict.source_identity } : {}),
    },
    best,
    alternatives: sorted,
  };
}
