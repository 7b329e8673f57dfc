-- Cases: a procedure (share/procedures/<id>.json) run for a principal and dependants.
-- The state is driven only by the definition's transitions; every transition is a row of
-- case_events (the case history) written in the same transaction as its audit record.

CREATE TABLE cases (
  id {{id}},
  number TEXT NOT NULL UNIQUE,        -- "KAZ-ASY-2024-000123"
  procedure_id TEXT NOT NULL,
  country TEXT NOT NULL,              -- the office's country: the case's scope
  modality TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  principal_id BIGINT NOT NULL REFERENCES persons(id),
  household_id BIGINT REFERENCES households(id),
  assigned_to BIGINT,                 -- users.id of the responsible officer
  opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cases_country_state ON cases(country, state);
CREATE INDEX cases_principal ON cases(principal_id);

CREATE TABLE case_members (
  case_id BIGINT NOT NULL REFERENCES cases(id),
  person_id BIGINT NOT NULL REFERENCES persons(id),
  role TEXT NOT NULL,                 -- principal, dependant
  PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_members_person ON case_members(person_id);

CREATE TABLE case_facts (
  case_id BIGINT NOT NULL REFERENCES cases(id),
  fact TEXT NOT NULL,                 -- "irregular_crossing" ...
  PRIMARY KEY (case_id, fact)
);

CREATE TABLE case_events (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  event TEXT NOT NULL,                -- a transition id or an external event
  from_state TEXT,                    -- NULL for external events
  to_state TEXT,
  on_date TEXT NOT NULL,              -- YYYY-MM-DD in the office's time zone
  at TEXT,                            -- instant when the exact time matters
  actor_id BIGINT,
  actor_login TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}',  -- JSON of the values given (no sensitive text)
  recorded_at TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id);

CREATE TABLE case_extensions (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  deadline TEXT NOT NULL,
  months INTEGER NOT NULL,
  days INTEGER NOT NULL,
  reason TEXT NOT NULL,
  granted_on TEXT NOT NULL,
  actor_id BIGINT,
  recorded_at TEXT NOT NULL
);
CREATE INDEX case_extensions_case ON case_extensions(case_id);

CREATE TABLE case_counters (
  prefix TEXT PRIMARY KEY,            -- "KAZ-ASY-2024"
  last_value BIGINT NOT NULL
);
