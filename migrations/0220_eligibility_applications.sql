-- Bulk eligibility is applied once: each confirmed apply records the fingerprint of the
-- matched set with its decision code, and the unique key refuses a second apply of the
-- same decision to the same set, across restarts and concurrent jobs alike.
CREATE TABLE eligibility_applications (
  id {{id}},
  country TEXT NOT NULL,
  fingerprint TEXT NOT NULL,          -- of the matched persons, as the preview showed it
  decision TEXT NOT NULL,
  persons BIGINT NOT NULL,
  applied_at TEXT NOT NULL,
  applied_by BIGINT,
  UNIQUE (fingerprint, decision)
);
