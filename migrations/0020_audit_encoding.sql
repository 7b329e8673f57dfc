-- Each audit row names the canonical encoding its hash was computed with (access/
-- audit_chain.h): 1 = the original form, 2 = typed and length-prefixed (NULL and empty
-- differ). Rows already written keep 1 and are verified as they were hashed; re-hashing
-- them would erase the evidence of any earlier tampering. New rows are written with 2.
ALTER TABLE audit_log ADD COLUMN encoding INTEGER NOT NULL DEFAULT 1;
