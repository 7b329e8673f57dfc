-- Foundation: accounts, sessions, API tokens and the hash-chained audit log.
-- Instants are TEXT in UTC ("YYYY-MM-DDTHH:MM:SSZ"); booleans are INTEGER 0/1.

CREATE TABLE users (
  id {{id}},
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  country TEXT,                -- ISO 3166 alpha-3; NULL = regional
  organisation TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'en',
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  last_login_at TEXT
);

CREATE TABLE sessions (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,   -- generichash of the cookie secret; the secret is never stored
  csrf_token TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  absolute_expires_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  country TEXT,
  organisation TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Append-only. hash = generichash(prev_hash || canonical(row)); see access/audit.cpp.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_user_id BIGINT,
  actor_login TEXT NOT NULL,
  action TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  country TEXT,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log(record_type, record_id);
CREATE INDEX audit_log_actor ON audit_log(actor_login);
CREATE INDEX audit_log_at ON audit_log(at);

-- The chain's head, one row. Appending takes its row lock (UPDATE ... RETURNING), which
-- serialises concurrent appends on PostgreSQL as SQLite's write lock does.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, 'genesis');
