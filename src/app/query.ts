// `attrib query`: read-only SQL over the store. The connection is opened read-only and query_only, and
// only a single SELECT/WITH statement (or a read-only PRAGMA) is accepted.
import { AttribError } from '../errors.js';
import type { Db } from '../store/open.js';

const READ_ONLY_START = /^\s*(select|with|explain|values)\b/i;

export function runQuery(db: Db, sql: string): Record<string, unknown>[] {
  if (!READ_ONLY_START.test(sql)) {
    throw new AttribError('QUERY_REFUSED', 'only read-only queries (SELECT / WITH / VALUES / EXPLAIN) are accepted', {
      hint: 'the store is evidence: `attrib query` never writes',
    });
  }
  let statement;
  try {
    statement = db.prepare(sql);
  } catch (error) {
    throw new AttribError('QUERY_FAILED', `SQL error: ${(error as Error).message}`, {
      hint: 'tables: events, principals, principal_aliases, credentials, sessions, links, files, rejects',
    });
  }
  if (!statement.readonly) {
    throw new AttribError('QUERY_REFUSED', 'the statement would write to the store', { hint: '`attrib query` is read-only' });
  }
  if (!statement.reader) return [];
  try {
    return statement.all() as Record<string, unknown>[];
  } catch (error) {
    throw new AttribError('QUERY_FAILED', `SQL error: ${(error as Error).message}`);
  }
}
