// Schema migrations, applied in order and recorded in `PRAGMA user_version`. Never edit a released
// migration: add a new one.

export const MIGRATIONS: string[] = [
  // 1: flows with every revision, executions + task runs, logs, KV, namespace-file metadata.
  `
  CREATE TABLE flows (
    namespace TEXT NOT NULL,
    id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    document TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (namespace, id)
  );
  CREATE TABLE flow_revisions (
    namespace TEXT NOT NULL,
    id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    document TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (namespace, id, revision)
  );

  CREATE TABLE executions (
    id TEXT PRIMARY KEY,
    namespace TEXT NOT NULL,
    flow_id TEXT NOT NULL,
    flow_revision INTEGER NOT NULL,
    state TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    duration_ms REAL,
    original_id TEXT,
    parent_id TEXT,
    kind TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    labels TEXT NOT NULL DEFAULT '[]',
    document TEXT NOT NULL
  );
  CREATE INDEX executions_flow ON executions (namespace, flow_id, start_date);
  CREATE INDEX executions_start ON executions (start_date);
  CREATE INDEX executions_state ON executions (state);

  CREATE TABLE task_runs (
    id TEXT PRIMARY KEY,
    execution_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    document TEXT NOT NULL
  );
  CREATE INDEX task_runs_execution ON task_runs (execution_id, position);

  CREATE TABLE logs (
    seq INTEGER PRIMARY KEY,
    execution_id TEXT,
    namespace TEXT NOT NULL,
    flow_id TEXT NOT NULL,
    task_id TEXT,
    task_run_id TEXT,
    attempt INTEGER,
    trigger_id TEXT,
    timestamp TEXT NOT NULL,
    level INTEGER NOT NULL,
    thread TEXT,
    message TEXT NOT NULL,
    execution_kind TEXT
  );
  CREATE INDEX logs_execution ON logs (execution_id, seq);
  CREATE INDEX logs_flow ON logs (namespace, flow_id, timestamp);
  CREATE INDEX logs_timestamp ON logs (timestamp);

  CREATE TABLE kv (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    description TEXT,
    creation_date TEXT NOT NULL,
    update_date TEXT NOT NULL,
    expiration_date TEXT,
    PRIMARY KEY (namespace, key)
  );

  CREATE TABLE namespace_files (
    namespace TEXT NOT NULL,
    path TEXT NOT NULL,
    directory INTEGER NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0,
    creation_time INTEGER NOT NULL,
    last_modified_time INTEGER NOT NULL,
    PRIMARY KEY (namespace, path)
  );
  CREATE TABLE namespace_file_revisions (
    namespace TEXT NOT NULL,
    path TEXT NOT NULL,
    revision INTEGER NOT NULL,
    size INTEGER NOT NULL,
    blob TEXT NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (namespace, path, revision)
  );
  `,
  // 2: per-execution text copies of the logs (`<timestamp> <LEVEL> <message>` lines) so a download
  // streams a file instead of a million rows; `bytes` is the committed length of that file.
  `
  CREATE TABLE log_files (
    execution_id TEXT PRIMARY KEY,
    bytes INTEGER NOT NULL
  );
  `,
];
