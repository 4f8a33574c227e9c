// Prepared statements, compiled once per connection: correlation and traces run the same few queries
// thousands of times, and compiling SQL costs more than running these small lookups.
import type Database from 'better-sqlite3';
import type { Db } from './open.js';

const byConnection = new WeakMap<Db, Map<string, Database.Statement>>();

export function cached(db: Db, sql: string): Database.Statement {
  let statements = byConnection.get(db);
  if (!statements) {
    statements = new Map();
    byConnection.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
