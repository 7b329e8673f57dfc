-- Issued documents: certificates and Convention travel documents, with numbering,
-- validity and history (a renewal is a new row that replaces the old one).
CREATE TABLE issued_documents (
  id {{id}},
  country TEXT NOT NULL,
  number TEXT NOT NULL,               -- two-letter type code + 7 digits: fits a TD3 MRZ
  doc_type TEXT NOT NULL,
  person_id BIGINT NOT NULL REFERENCES persons(id),
  case_id BIGINT REFERENCES cases(id),
  issued_on TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  status TEXT NOT NULL,               -- valid, renewed, revoked
  replaces_id BIGINT REFERENCES issued_documents(id),
  revoked_on TEXT,
  revoke_reason TEXT,
  mrz_line1 TEXT,
  mrz_line2 TEXT,
  issued_by BIGINT,
  issued_at TEXT NOT NULL,
  UNIQUE (country, number)
);
CREATE INDEX issued_documents_person ON issued_documents(person_id);

CREATE TABLE document_counters (
  prefix TEXT PRIMARY KEY,            -- "KAZ-SP"
  last_value BIGINT NOT NULL
);
