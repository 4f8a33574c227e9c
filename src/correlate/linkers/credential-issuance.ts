// Exact: the call that returned a credential issued it; the key that signed that call is its parent.
import type { PrincipalType } from '../../model/types.js';
import { currentIssuer, insertLink, issuerSummary, newIssuanceEvents, setCredentialIssuer, type IssuerSummary } from '../../store/lineage.js';
import type { Linker } from './types.js';

/**
 * When one issuance is delivered as several records (cross-account copies), the caller's own copy is the
 * hop: it names the caller, while the role owner's copy may only say "AWS account …".
 */
function better(a: IssuerSummary, b: IssuerSummary): IssuerSummary {
  const rank = (t: PrincipalType): number => (t === 'unknown' ? 1 : 0);
  if (rank(a.actor_type) !== rank(b.actor_type)) return rank(a.actor_type) < rank(b.actor_type) ? a : b;
  if (a.time !== b.time) return a.time < b.time ? a : b;
  return a.id < b.id ? a : b;
}

export const credentialIssuance: Linker = {
  name: 'credential-issuance',
  method: 'exact',
  run(db, { afterSeq }) {
    let written = 0;
    for (const row of newIssuanceEvents(db, afterSeq)) {
      const credential = row.credential_issued;
      const previous = currentIssuer(db, credential);
      let chosen: IssuerSummary = { id: row.id, time: row.time, actor_type: row.actor_type };
      if (previous && previous !== row.id) {
        const existing = issuerSummary(db, previous);
        if (existing) {
          chosen = better(existing, chosen);
          const [first, second] = existing.id < row.id ? [existing.id, row.id] : [row.id, existing.id];
          if (insertLink(db, {
            from: first,
            to: second,
            relation: 'same_operation',
            method: 'exact',
            confidence: 1,
            key: credential,
            reason: `both records state the issuance of ${credential}: one call delivered twice`,
          })) written++;
        }
      }
      const parent = row.credential_used && row.credential_used !== credential ? row.credential_used : null;
      if (chosen.id === row.id) {
        setCredentialIssuer(db, {
          id: credential,
          issued_to: row.issued?.issuedTo?.id ?? null,
          issued_by_event: row.id,
          parent,
          expires: row.issued?.expires ?? null,
          fingerprint: row.issued?.fingerprint ?? null,
          scopes: row.issued?.scopes ?? null,
        });
      }
      if (insertLink(db, {
        from: row.id,
        to: credential,
        relation: 'issued',
        method: 'exact',
        confidence: 1,
        key: credential,
        reason: `${row.name} returned ${credential} in its response`,
      })) written++;
      if (parent && insertLink(db, {
        from: parent,
        to: credential,
        relation: 'parent_credential',
        method: 'exact',
        confidence: 1,
        key: parent,
        reason: `${credential} was issued by a call signed with ${parent}`,
      })) written++;
    }
    return written;
  },
};
