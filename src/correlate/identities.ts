// One person (or workload) across systems: principals that share an alias (an e-mail, a SAML NameID, an
// Identity Center user id) or that the user's map ties together are one identity. Recomputed whole on
// each correlation: principals are few next to events.
import type { Db } from '../store/open.js';
import { aliasEdges, allPrincipalIds, applyMappedTypes, identityMap, replaceMemberships, type Membership } from '../store/identities.js';

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = next;
    }
    if (!this.parent.has(root)) this.parent.set(root, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

/** A merged identity is named by the e-mail its members share, when they share one: what a responder knows. */
function emailOf(members: readonly string[], byPrincipal: ReadonlyMap<string, readonly string[]>): string | undefined {
  const emails = members.flatMap((m) => byPrincipal.get(m) ?? []).filter((a) => a.startsWith('email:'));
  return emails.sort()[0]?.slice('email:'.length);
}

/** Merges principals; returns how many belong to an identity with more than one member. */
export function mergeIdentities(db: Db): number {
  const uf = new UnionFind();
  const why = new Map<string, Set<string>>();
  const note = (principal: string, reason: string): void => {
    const set = why.get(principal) ?? new Set<string>();
    set.add(reason);
    why.set(principal, set);
  };
  const mapped = new Map(identityMap(db).map((r) => [r.alias, r.identity]));
  const byAlias = new Map<string, string[]>();
  const byPrincipal = new Map<string, string[]>();
  for (const { principal_id, alias } of aliasEdges(db)) {
    byPrincipal.set(principal_id, [...(byPrincipal.get(principal_id) ?? []), alias]);
    const list = byAlias.get(alias) ?? [];
    list.push(principal_id);
    byAlias.set(alias, list);
  }
  for (const [alias, principals] of byAlias) {
    for (const p of principals.slice(1)) uf.union(principals[0]!, p);
    if (principals.length > 1) for (const p of principals) note(p, `shares ${alias}`);
  }
  const principals = allPrincipalIds(db);
  for (const p of principals) {
    const identity = mapped.get(p);
    if (identity) {
      uf.union(`map:${identity}`, p);
      note(p, `identity map: ${p} → ${identity}`);
    }
  }
  for (const [alias, principalList] of byAlias) {
    const identity = mapped.get(alias);
    if (!identity) continue;
    for (const p of principalList) {
      uf.union(`map:${identity}`, p);
      note(p, `identity map: ${alias} → ${identity}`);
    }
  }
  const groups = new Map<string, string[]>();
  for (const p of principals) {
    const root = uf.find(p);
    const list = groups.get(root) ?? [];
    list.push(p);
    groups.set(root, list);
  }
  const rows: Membership[] = [];
  for (const [root, members] of groups) {
    const mappedName = [...mapped.values()].find((identity) => uf.find(`map:${identity}`) === root);
    if (members.length < 2 && !mappedName) continue;
    const identityId = `identity:${mappedName ?? emailOf(members, byPrincipal) ?? [...members].sort()[0]!}`;
    for (const p of members) rows.push({ principal_id: p, identity_id: identityId, reason: [...(why.get(p) ?? [])].sort().join('; ') });
  }
  replaceMemberships(db, rows);
  applyMappedTypes(db);
  return rows.length;
}
