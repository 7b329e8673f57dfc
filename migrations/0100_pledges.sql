-- Pledges: entities, pledges, progress updates, the Global Alliance, consultations.
-- Lists inside a pledge (co-pledgers, target countries, tags ...) are stored as text joined
-- with ';' (codes only, validated on write): they are read with the pledge, filtered in C++
-- (case-folded search in any script, which SQLite's ASCII-only lower() cannot do), and
-- never joined on. A pledge's current stage is NOT stored: it is derived from its latest
-- progress update (pledges/updates.cpp).

CREATE TABLE pledge_entities (
  id {{id}},
  code TEXT NOT NULL UNIQUE,        -- "KAZ-GOV": also the organisation code of its focal points
  name_en TEXT NOT NULL,
  name_ru TEXT NOT NULL DEFAULT '',
  name_kk TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,               -- state, un_entity, ngo ... (pledges/vocabulary.cpp)
  country TEXT,                     -- ISO 3166 alpha-3; NULL = regional
  region TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE pledges (
  id {{id}},
  external_id TEXT NOT NULL UNIQUE, -- the dashboard's GRF-nnnnn, or a derived NSN-xxxxxxxxxx
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL,           -- en, ru or kk: the language the pledge was written in
  forum TEXT NOT NULL,
  entity_id BIGINT NOT NULL REFERENCES pledge_entities(id),
  co_pledgers TEXT NOT NULL DEFAULT '',
  multistakeholder_pledge TEXT NOT NULL DEFAULT '',
  gcr_areas TEXT NOT NULL DEFAULT '',
  gcr_objectives TEXT NOT NULL DEFAULT '',
  pledge_type TEXT NOT NULL,
  serves TEXT NOT NULL DEFAULT '',
  target_countries TEXT NOT NULL DEFAULT '',
  target_date TEXT,                 -- YYYY, YYYY-MM or YYYY-MM-DD
  tags TEXT NOT NULL DEFAULT '',
  ibelong_actions TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX pledges_entity ON pledges(entity_id);

CREATE TABLE pledge_updates (
  id {{id}},
  pledge_id BIGINT NOT NULL REFERENCES pledges(id),
  reported_on TEXT NOT NULL,        -- YYYY-MM-DD: the date the progress refers to
  stage TEXT NOT NULL,              -- not_reported, planning, in_progress, fulfilled
  done TEXT NOT NULL DEFAULT '',
  challenges TEXT NOT NULL DEFAULT '',
  next_steps TEXT NOT NULL DEFAULT '',
  evidence_links TEXT NOT NULL DEFAULT '', -- one URL per line
  author TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT 'en',
  illustrative INTEGER NOT NULL DEFAULT 0, -- 1 = demo data, not a fact
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX pledge_updates_pledge ON pledge_updates(pledge_id, reported_on);

CREATE TABLE alliance_members (
  id {{id}},
  entity_id BIGINT NOT NULL UNIQUE REFERENCES pledge_entities(id),
  joined_on TEXT NOT NULL,
  commitments TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE consultations (
  id {{id}},
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,            -- YYYY-MM-DD
  place TEXT NOT NULL DEFAULT '',
  organiser_entity_id BIGINT REFERENCES pledge_entities(id),
  notes TEXT NOT NULL DEFAULT '',   -- outcome notes
  opened_at TEXT,                   -- when the stage snapshot was taken; NULL = not yet opened
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (title, held_on)
);

CREATE TABLE consultation_participants (
  consultation_id BIGINT NOT NULL REFERENCES consultations(id),
  entity_id BIGINT NOT NULL REFERENCES pledge_entities(id),
  PRIMARY KEY (consultation_id, entity_id)
);

CREATE TABLE consultation_countries (
  consultation_id BIGINT NOT NULL REFERENCES consultations(id),
  country TEXT NOT NULL,
  PRIMARY KEY (consultation_id, country)
);

-- The pledges under review, and each one's stage when the consultation was opened.
CREATE TABLE consultation_pledges (
  consultation_id BIGINT NOT NULL REFERENCES consultations(id),
  pledge_id BIGINT NOT NULL REFERENCES pledges(id),
  stage_at_opening TEXT,            -- NULL until the consultation is opened
  PRIMARY KEY (consultation_id, pledge_id)
);

CREATE TABLE consultation_follow_ups (
  id {{id}},
  consultation_id BIGINT NOT NULL REFERENCES consultations(id),
  pledge_id BIGINT REFERENCES pledges(id),
  action TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  due_on TEXT,                      -- YYYY-MM-DD
  done INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX consultation_follow_ups_consultation ON consultation_follow_ups(consultation_id);
