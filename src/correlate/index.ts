// Correlation: exact linkers first, then inferred ones, over the events stored since the last run.
import type { Db } from '../store/open.js';
import { correlatedUpTo, maxSeq, rollUpCredentialUse, rollUpSessions, setCorrelatedUpTo } from '../store/lineage.js';
import { mergeIdentities } from './identities.js';
import { consoleSession } from './linkers/console-session.js';
import { credentialIssuance } from './linkers/credential-issuance.js';
import { delegationGrant } from './linkers/delegation-grant.js';
import { samlFederation } from './linkers/saml-federation.js';
import { keyedWindow } from './linkers/keyed-window.js';
import { sharedOperation } from './linkers/shared-operation.js';
import { traceContext } from './linkers/trace-context.js';
import type { Linker } from './linkers/types.js';

export const linkers: readonly Linker[] = [credentialIssuance, sharedOperation, consoleSession, keyedWindow, delegationGrant, samlFederation, traceContext];

export interface CorrelationReport {
  readonly events: number;
  readonly links: Readonly<Record<string, number>>;
}

/** Incremental and idempotent: a run with nothing new does nothing; a run killed half-way is redone whole. */
export function correlate(db: Db): CorrelationReport {
  return db.transaction((): CorrelationReport => {
    const afterSeq = correlatedUpTo(db);
    const upTo = maxSeq(db);
    if (upTo <= afterSeq) return { events: 0, links: {} };
    rollUpCredentialUse(db, afterSeq);
    rollUpSessions(db, afterSeq);
    // Identities first: cross-source linkers ask whether two principals are one person.
    mergeIdentities(db);
    const links: Record<string, number> = {};
    for (const linker of linkers) links[linker.name] = linker.run(db, { afterSeq });
    setCorrelatedUpTo(db, upTo);
    return { events: upTo - afterSeq, links };
  })();
}

/** After the identity map changes: re-merge, and redo the linkers that ask who is the same person. */
export function relinkIdentities(db: Db): number {
  return db.transaction(() => {
    const merged = mergeIdentities(db);
    samlFederation.run(db, { afterSeq: 0 });
    return merged;
  })();
}
