// Exact on the app and the person: an app or agent acting for someone did so under the latest grant
// that person gave that app before the act (Entra consent / delegated permission grant, Okta consent,
// Workspace authorization). The grant is the authority behind the hop, shown beside it in a trace.
import {
  delegatedActs,
  delegationGrants,
  grantRevocations,
  insertLink,
  linkExists,
  newDelegationGrantCount,
  type GrantRow,
} from '../../store/lineage.js';
import type { Linker } from './types.js';

/** Events that withdraw a grant: a grant revoked before an act no longer covers it. */
const REVOCATIONS = [
  'gws:token.revoke',
  'okta:app.oauth2.as.consent.revoke',
  'okta:app.oauth2.consent.revoke',
  'entra:audit.Remove delegated permission grant',
  'entra:audit.Remove app role assignment from service principal',
] as const;

function keyOf(row: GrantRow): string {
  return `${row.app}\u0000${row.grantor}`;
}

function group(rows: readonly GrantRow[]): Map<string, GrantRow[]> {
  const map = new Map<string, GrantRow[]>();
  for (const row of rows) map.set(keyOf(row), [...(map.get(keyOf(row)) ?? []), row]);
  return map;
}

function latestBefore(grants: readonly GrantRow[] | undefined, time: number): GrantRow | undefined {
  let found: GrantRow | undefined;
  for (const grant of grants ?? []) {
    if (grant.time > time) break;
    found = grant;
  }
  return found;
}

export const delegationGrant: Linker = {
  name: 'delegation-grant',
  method: 'exact',
  run(db, { afterSeq }) {
    const grants = delegationGrants(db);
    if (!grants.length) return 0;
    const byAppAndGrantor = group(grants);
    const revoked = group(grantRevocations(db, REVOCATIONS));
    // A grant imported after the acts it covers must reach them too: then every act is looked at again.
    const acts = delegatedActs(db, newDelegationGrantCount(db, afterSeq) ? 0 : afterSeq);
    let written = 0;
    for (const act of acts) {
      const key = `${act.actor_id}\u0000${act.on_behalf_of}`;
      const grant = latestBefore(byAppAndGrantor.get(key), act.time);
      if (grant && (revoked.get(key) ?? []).some((r) => r.time >= grant.time && r.time <= act.time)) continue;
      // Already the act's upstream hop (Workspace grants, joined by the keyed-window rule): not said twice.
      if (!grant || linkExists(db, grant.id, act.id, 'delegated')) continue;
      if (insertLink(db, {
        from: grant.id,
        to: act.id,
        relation: 'approved',
        method: 'exact',
        confidence: 1,
        key: grant.app,
        reason: `${grant.name} gave ${grant.app} authority to act for ${grant.grantor}; this is the latest such grant before ${act.name}`,
      })) written++;
    }
    return written;
  },
};
