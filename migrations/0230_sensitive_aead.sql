-- Sensitive entries name their cipher: 1 = libsodium secretbox without associated data
-- (every row written before this migration), 2 = XChaCha20-Poly1305 (IETF AEAD) with the
-- person id, kind and key id as associated data, so a ciphertext moved to another row
-- fails to open. `nansen keys reencrypt` rewrites version 1 rows as version 2.
ALTER TABLE sensitive_entries ADD COLUMN cipher_version INTEGER NOT NULL DEFAULT 1;
