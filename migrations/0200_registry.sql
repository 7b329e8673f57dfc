-- Registry: persons with several names, nationality claims, identity documents (type,
-- number, issuer and validity only: no scans), needs, languages, households, consent and
-- encrypted sensitive entries. Every person belongs to the country that registered them;
-- country-scoped users reach only their country's rows.

CREATE TABLE persons (
  id {{id}},
  country TEXT NOT NULL,              -- ISO 3166 alpha-3 of the registering office
  organisation TEXT NOT NULL DEFAULT '',
  sex TEXT NOT NULL,                  -- M, F, X, U (unknown)
  birth_date TEXT,                    -- YYYY, YYYY-MM or YYYY-MM-DD, '~' prefix = approximate
  birth_place TEXT NOT NULL DEFAULT '',
  interpreter_needed INTEGER NOT NULL DEFAULT 0,
  contact TEXT NOT NULL DEFAULT '',
  merged_into BIGINT REFERENCES persons(id),
  created_at TEXT NOT NULL,
  created_by BIGINT,
  updated_at TEXT NOT NULL
);
CREATE INDEX persons_country ON persons(country);

CREATE TABLE person_names (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  kind TEXT NOT NULL,                 -- official, document, mrz, alias, previous
  script TEXT NOT NULL,               -- latin, cyrillic, mixed, other
  full_name TEXT NOT NULL,
  given TEXT NOT NULL DEFAULT '',
  family TEXT NOT NULL DEFAULT '',
  patronymic TEXT NOT NULL DEFAULT '',
  skeleton TEXT NOT NULL              -- text::skeleton of the full name, for search
);
CREATE INDEX person_names_person ON person_names(person_id);
CREATE INDEX person_names_skeleton ON person_names(skeleton);

CREATE TABLE person_nationalities (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  claim TEXT NOT NULL,                -- ISO3, or 'stateless', or 'undetermined'
  basis TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_nationalities_person ON person_nationalities(person_id);

CREATE TABLE identity_documents (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  doc_type TEXT NOT NULL,
  number TEXT NOT NULL,
  number_key TEXT NOT NULL,           -- upper case, no spaces or dashes: the search key
  issuer TEXT NOT NULL DEFAULT '',
  valid_from TEXT,
  valid_until TEXT
);
CREATE INDEX identity_documents_person ON identity_documents(person_id);
CREATE INDEX identity_documents_number ON identity_documents(number_key);

CREATE TABLE person_needs (
  person_id BIGINT NOT NULL REFERENCES persons(id),
  need TEXT NOT NULL,
  PRIMARY KEY (person_id, need)
);

CREATE TABLE person_languages (
  person_id BIGINT NOT NULL REFERENCES persons(id),
  language TEXT NOT NULL,
  PRIMARY KEY (person_id, language)
);

CREATE TABLE households (
  id {{id}},
  country TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE household_members (
  household_id BIGINT NOT NULL REFERENCES households(id),
  person_id BIGINT NOT NULL REFERENCES persons(id),
  relationship TEXT NOT NULL,         -- head, spouse, child, parent, sibling, grandchild, other
  PRIMARY KEY (household_id, person_id)
);
CREATE INDEX household_members_person ON household_members(person_id);

CREATE TABLE consents (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  purpose TEXT NOT NULL,              -- rsd, statelessness, documentation, statistics
  given INTEGER NOT NULL,
  legal_basis TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by BIGINT
);
CREATE INDEX consents_person ON consents(person_id);

-- Interview notes, claim narratives, health and SGBV: libsodium secretbox, key outside
-- the database (config key_file); key_id names the key, so keys can be rotated.
CREATE TABLE sensitive_entries (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  case_id BIGINT,
  kind TEXT NOT NULL,                 -- interview_notes, claim_narrative, health, sgbv
  key_id TEXT NOT NULL,
  nonce {{blob}} NOT NULL,
  ciphertext {{blob}} NOT NULL,
  created_at TEXT NOT NULL,
  created_by BIGINT
);
CREATE INDEX sensitive_entries_person ON sensitive_entries(person_id);
