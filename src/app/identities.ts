// `attrib identities`: who is who across systems, and the user's own map of aliases to identities.
import { readFileSync } from 'node:fs';
import { relinkIdentities } from '../correlate/index.js';
import { AttribError } from '../errors.js';
import { listIdentityRows, putIdentityMap, type MapRow } from '../store/identities.js';
import type { Db } from '../store/open.js';
import { aliasesOf } from '../store/queries.js';

export const PRINCIPAL_TYPES = ['human', 'agent', 'service', 'app', 'role', 'unknown'] as const;

export const IDENTITY_MAP_HELP = `The map is a CSV file with a header line and two or three columns:
  alias     a principal id or alias as attrib shows it: email:alice@corp.example, okta-user:00u…,
            aws-saml:<idp>:alice@corp.example, github:alice, entra-app:<app id>
  identity  the name of the person or workload it belongs to: alice, release-bot
  type      optional: ${PRINCIPAL_TYPES.join(', ')} — e.g. mark an OAuth app as an agent
Every alias with the same identity is merged into one identity; lines starting with # are ignored.`;

/** Minimal CSV: commas, double-quoted fields with "" escapes; enough for a two-column map. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field.trim());
      field = '';
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

export function readIdentityMap(path: string): MapRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AttribError('FILE_NOT_FOUND', `${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read'}`);
  }
  const lines = text.split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const aliasCol = header.indexOf('alias');
  const identityCol = header.indexOf('identity');
  const typeCol = header.indexOf('type');
  if (aliasCol < 0 || identityCol < 0) {
    throw new AttribError('USAGE', `${path}:1: the header must name the columns alias and identity`, { hint: IDENTITY_MAP_HELP });
  }
  const rows: MapRow[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const cells = parseCsvLine(line);
    const alias = cells[aliasCol];
    const identity = cells[identityCol];
    if (!alias || !identity) {
      throw new AttribError('USAGE', `${path}:${i + 2}: both alias and identity are needed`, { hint: IDENTITY_MAP_HELP });
    }
    const type = typeCol >= 0 ? cells[typeCol]?.toLowerCase() || null : null;
    if (type && !(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      throw new AttribError('USAGE', `${path}:${i + 2}: type "${type}" is not one of ${PRINCIPAL_TYPES.join(', ')}`);
    }
    rows.push({ alias, identity, type });
  });
  return rows;
}

export function importIdentityMap(db: Db, path: string): { readonly mapped: number; readonly merged: number } {
  const rows = readIdentityMap(path);
  const mapped = putIdentityMap(db, rows);
  return { mapped, merged: relinkIdentities(db) };
}

export interface IdentityListing {
  readonly id: string;
  readonly members: ReadonlyArray<{ readonly id: string; readonly type: string; readonly name: string; readonly reason: string }>;
  readonly aliases: readonly string[];
}

export function listIdentities(db: Db): IdentityListing[] {
  const byIdentity = new Map<string, IdentityListing['members'][number][]>();
  for (const row of listIdentityRows(db)) {
    const list = byIdentity.get(row.identity_id) ?? [];
    list.push({ id: row.principal_id, type: row.type, name: row.name, reason: row.reason });
    byIdentity.set(row.identity_id, list);
  }
  return [...byIdentity.entries()].map(([id, members]) => ({
    id,
    members,
    aliases: aliasesOf(db, members[0]!.id).filter((a) => !members.some((m) => m.id === a)),
  }));
}
