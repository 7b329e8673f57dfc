-- Every merge of duplicates, so that unmerge undoes exactly what it did: the duplicate's
-- row as it was, and each person that had been merged into the duplicate and followed it
-- to the survivor.
CREATE TABLE person_merges (
  id {{id}},
  duplicate_id BIGINT NOT NULL REFERENCES persons(id),
  survivor_id BIGINT NOT NULL REFERENCES persons(id),
  previous_updated_at TEXT NOT NULL,  -- the duplicate's, restored by unmerge
  merged_at TEXT NOT NULL,
  merged_by BIGINT,
  unmerged_at TEXT,                   -- NULL while the merge stands
  unmerged_by BIGINT
);
CREATE INDEX person_merges_duplicate ON person_merges(duplicate_id);

CREATE TABLE person_merge_followers (
  merge_id BIGINT NOT NULL REFERENCES person_merges(id),
  person_id BIGINT NOT NULL REFERENCES persons(id),
  previous_merged_into BIGINT NOT NULL REFERENCES persons(id),
  previous_updated_at TEXT NOT NULL,
  PRIMARY KEY (merge_id, person_id)
);
