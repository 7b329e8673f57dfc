-- Bulk eligibility decisions: one row per person per confirmed rule run.
CREATE TABLE eligibility_decisions (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  country TEXT NOT NULL,
  decision TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  rule TEXT NOT NULL,                 -- JSON of the rule that matched
  decided_at TEXT NOT NULL,
  decided_by BIGINT
);
CREATE INDEX eligibility_decisions_person ON eligibility_decisions(person_id);
