// The store's schema, as ordered migrations recorded in PRAGMA user_version. Each runs in one transaction.
import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, entities, links, import ledger and rejects',
    up: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- Import ledger: one row per distinct file content. status 'importing' marks an import that did not
      -- finish; running the same import again completes it.
      CREATE TABLE files (
        id               INTEGER PRIMARY KEY,
        path             TEXT NOT NULL,
        size             INTEGER NOT NULL,
        sha256           TEXT NOT NULL UNIQUE,
        format           TEXT,
        status           TEXT NOT NULL CHECK (status IN ('importing', 'complete', 'skipped', 'failed')),
        records          INTEGER NOT NULL DEFAULT 0,
        events_new       INTEGER NOT NULL DEFAULT 0,
        events_duplicate INTEGER NOT NULL DEFAULT 0,
        rejects          INTEGER NOT NULL DEFAULT 0,
        first_time       INTEGER,
        last_time        INTEGER,
        note             TEXT,
        imported_at      TEXT NOT NULL,
        completed_at     TEXT
      );

      CREATE TABLE principals (
        id         TEXT PRIMARY KEY,
        type       TEXT NOT NULL,
        name       TEXT NOT NULL,
        first_seen INTEGER,
        last_seen  INTEGER
      );

      CREATE TABLE principal_aliases (
        alias        TEXT NOT NULL,
        principal_id TEXT NOT NULL REFERENCES principals(id),
        PRIMARY KEY (alias, principal_id)
      ) WITHOUT ROWID;
      CREATE INDEX principal_aliases_principal ON principal_aliases (principal_id);

      -- seq is insertion order: correlation processes events above its watermark, so re-imports are incremental.
      CREATE TABLE events (
        seq               INTEGER PRIMARY KEY,
        id                TEXT NOT NULL UNIQUE,
        format            TEXT NOT NULL,
        time              INTEGER NOT NULL,
        kind              TEXT NOT NULL,
        name              TEXT NOT NULL,
        actor_id          TEXT NOT NULL REFERENCES principals(id),
        on_behalf_of      TEXT REFERENCES principals(id),
        credential_used   TEXT,
        credential_issued TEXT,
        session           TEXT,
        session_start     INTEGER,
        source_identity   TEXT,
        operation_key     TEXT,
        target            TEXT,
        outcome           TEXT NOT NULL,
        ip                TEXT,
        user_agent        TEXT,
        intent            TEXT,
        trace_id          TEXT,
        span_id           TEXT,
        parent_span_id    TEXT,
        request_id        TEXT,
        attrs             TEXT,
        flags             TEXT,
        file_id           INTEGER NOT NULL REFERENCES files(id),
        line              INTEGER,
        record_index      INTEGER NOT NULL,
        raw               TEXT NOT NULL
      );
      CREATE INDEX events_time ON events (time);
      CREATE INDEX events_actor_time ON events (actor_id, time);
      CREATE INDEX events_credential_used ON events (credential_used) WHERE credential_used IS NOT NULL;
      CREATE INDEX events_credential_issued ON events (credential_issued) WHERE credential_issued IS NOT NULL;
      CREATE INDEX events_operation ON events (operation_key) WHERE operation_key IS NOT NULL;
      CREATE INDEX events_session ON events (session) WHERE session IS NOT NULL;
      CREATE INDEX events_name ON events (name);

      CREATE TABLE credentials (
        id              TEXT PRIMARY KEY,
        issued_to       TEXT,
        issued_by_event TEXT,
        parent          TEXT,
        expires         INTEGER,
        fingerprint     TEXT,
        scopes          TEXT,
        first_used      INTEGER,
        last_used       INTEGER,
        uses            INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX credentials_parent ON credentials (parent) WHERE parent IS NOT NULL;

      CREATE TABLE sessions (
        id           TEXT PRIMARY KEY,
        principal_id TEXT,
        started      INTEGER,
        first_seen   INTEGER,
        last_seen    INTEGER,
        events       INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE links (
        id         INTEGER PRIMARY KEY,
        from_id    TEXT NOT NULL,
        to_id      TEXT NOT NULL,
        relation   TEXT NOT NULL,
        method     TEXT NOT NULL CHECK (method IN ('exact', 'inferred')),
        confidence REAL NOT NULL,
        key        TEXT NOT NULL,
        reason     TEXT NOT NULL,
        UNIQUE (from_id, to_id, relation)
      );
      CREATE INDEX links_to ON links (to_id, relation);

      CREATE TABLE rejects (
        id           INTEGER PRIMARY KEY,
        file_id      INTEGER NOT NULL REFERENCES files(id),
        path         TEXT NOT NULL,
        line         INTEGER,
        record_index INTEGER,
        code         TEXT NOT NULL,
        message      TEXT NOT NULL,
        raw          TEXT NOT NULL,
        UNIQUE (file_id, record_index, code)
      );
    `,
  },
  {
    version: 2,
    name: 'identities: one person or workload across systems',
    up: `
      -- A user-supplied map: this alias belongs to that identity (attrib identities import).
      CREATE TABLE identity_map (
        alias       TEXT PRIMARY KEY,
        identity    TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      -- Recomputed by correlation: which principals are one identity, and on what evidence.
      CREATE TABLE identity_members (
        principal_id TEXT PRIMARY KEY REFERENCES principals(id),
        identity_id  TEXT NOT NULL,
        reason       TEXT NOT NULL
      );
      CREATE INDEX identity_members_identity ON identity_members (identity_id);
    `,
  },
  {
    version: 3,
    name: 'keys for inferred (caller, target, time) joins',
    up: `
      -- Sources that log no token id (GCP mint → use, Google Workspace authorize → activity) carry a
      -- join key in attrs; these partial expression indexes keep the window join linear.
      CREATE INDEX events_mint_key ON events (json_extract(attrs, '$.mint_key'), time)
        WHERE json_extract(attrs, '$.mint_key') IS NOT NULL;
      CREATE INDEX events_grant_key ON events (json_extract(attrs, '$.grant_key'), time)
        WHERE json_extract(attrs, '$.grant_key') IS NOT NULL;
      CREATE INDEX events_use_key ON events (json_extract(attrs, '$.use_key'), time)
        WHERE json_extract(attrs, '$.use_key') IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'leaner event indexes',
    up: `
      -- Only the authentication that starts a session is ever looked up by session id; name filters
      -- are globs (LIKE), which this index never served. Both cost a B-tree insert per event.
      DROP INDEX events_session;
      DROP INDEX events_name;
      CREATE INDEX events_session_start ON events (session, time) WHERE session IS NOT NULL AND kind = 'authenticate';
    `,
  },
  {
    version: 5,
    name: 'Okta requests that carry a session',
    up: `
      -- Okta back-channel events (token grants) often say "unknown" for the session, while another
      -- event of the same HTTP request (transaction.id) names it.
      CREATE INDEX events_okta_request_session ON events (request_id)
        WHERE format = 'okta' AND request_id IS NOT NULL AND session IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'identity map may say what a principal is',
    up: `
      -- "This app is an agent": no log says so for most apps; the responder does.
      ALTER TABLE identity_map ADD COLUMN type TEXT;
    `,
  },
  {
    version: 7,
    name: 'per-format scans of new events',
    up: `
      -- Linkers that only concern one source (GCP mints, Workspace grants) read that source's new events;
      -- without this they scan every new row, and rows are large (the raw record is inline).
      CREATE INDEX events_format_seq ON events (format, seq);
      -- Acts by an app or agent for someone: few next to all events, looked at by the delegation-grant linker.
      CREATE INDEX events_delegated_seq ON events (seq) WHERE on_behalf_of IS NOT NULL;
      -- Grants (kind 'delegate') are read whole by the delegation-grant linker at every correlation.
      CREATE INDEX events_delegate_time ON events (time) WHERE kind = 'delegate';
      -- Credential use roll-ups read (credential, time) of new rows: covered by the index, rows unread.
      DROP INDEX events_credential_used;
      CREATE INDEX events_credential_used ON events (credential_used, time) WHERE credential_used IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: 'trace context: spans by id and by parent',
    up: `
      CREATE INDEX events_trace_span ON events (trace_id, span_id) WHERE span_id IS NOT NULL;
      CREATE INDEX events_trace_parent ON events (trace_id, parent_span_id) WHERE parent_span_id IS NOT NULL;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
