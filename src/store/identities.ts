// SQL for identities: the user's alias map, the principal/alias graph, and the merged membership.
import type { Db } from './open.js';
import { cached } from './statements.js';

export interface AliasEdge {
  readonly principal_id: string;
  readonly alias: string;
}

export function aliasEdges(db: Db): AliasEdge[] {
  return cached(db, 'SELECT principal_id, alias FROM principal_aliases').all() as AliasEdge[];
}

export function allPrincipalIds(db: Db): string[] {
  return (cached(db, 'SELECT id FROM principals ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id);
}

export interface MapRow {
  readonly alias: string;
  readonly identity: string;
  /** What the principals behind the alias are (human, agent, service, app, role), when the user says so. */
  readonly type?: string | null;
}

export function identityMap(db: Db): MapRow[] {
  return cached(db, 'SELECT alias, identity, type FROM identity_map ORDER BY alias').all() as MapRow[];
}

/** The user's word on a principal's type wins over what the logs implied: applied after each merge. */
export function applyMappedTypes(db: Db): number {
  return cached(db, 
      `UPDATE principals SET type = (
         SELECT m.type FROM identity_map m
         WHERE m.type IS NOT NULL AND (m.alias = principals.id
           OR m.alias IN (SELECT alias FROM principal_aliases WHERE principal_id = principals.id))
         LIMIT 1)
       WHERE EXISTS (
         SELECT 1 FROM identity_map m
         WHERE m.type IS NOT NULL AND m.type <> principals.type AND (m.alias = principals.id
           OR m.alias IN (SELECT alias FROM principal_aliases WHERE principal_id = principals.id)))`,
    )
    .run().changes;
}

export function putIdentityMap(db: Db, rows: readonly MapRow[]): number {
  const now = new Date().toISOString();
  const insert = cached(db, 
    `INSERT INTO identity_map (alias, identity, type, imported_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (alias) DO UPDATE SET identity = excluded.identity, type = excluded.type, imported_at = excluded.imported_at`,
  );
  return db.transaction(() => rows.reduce((n, r) => n + insert.run(r.alias, r.identity, r.type ?? null, now).changes, 0))();
}

export interface Membership {
  readonly principal_id: string;
  readonly identity_id: string;
  readonly reason: string;
}

export function replaceMemberships(db: Db, rows: readonly Membership[]): void {
  cached(db, 'DELETE FROM identity_members').run();
  const insert = cached(db, 'INSERT INTO identity_members (principal_id, identity_id, reason) VALUES (?, ?, ?)');
  for (const r of rows) insert.run(r.principal_id, r.identity_id, r.reason);
}

/** Every principal id and alias of the identity a principal belongs to (the principal's own when unmerged). */
export function identityAliases(db: Db, principalId: string): string[] {
  const rows = cached(db, 
      `WITH members AS (
         SELECT principal_id FROM identity_members
         WHERE identity_id = (SELECT identity_id FROM identity_members WHERE principal_id = @p)
         UNION SELECT @p)
       SELECT principal_id AS a FROM members WHERE principal_id <> @p
       UNION SELECT alias FROM principal_aliases WHERE principal_id IN (SELECT principal_id FROM members)
       ORDER BY 1`,
    )
    .all({ p: principalId }) as Array<{ a: string }>;
  return rows.map((r) => r.a);
}

export interface IdentityRow {
  readonly identity_id: string;
  readonly principal_id: string;
  readonly type: string;
  readonly name: string;
  readonly reason: string;
}

export function listIdentityRows(db: Db): IdentityRow[] {
  return cached(db, 
      `SELECT m.identity_id, m.principal_id, p.type, p.name, m.reason FROM identity_members m
       JOIN principals p ON p.id = m.principal_id ORDER BY m.identity_id, m.principal_id`,
    )
    .all() as IdentityRow[];
}
