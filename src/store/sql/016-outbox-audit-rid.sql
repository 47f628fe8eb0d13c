-- An op's audit entry by its row in audit_log, read back into its
-- travelling form when the op is pushed, instead of a second copy of it
-- (as large as the rest of the op) in every outbox entry. Ops written
-- before keep theirs in "audit".
ALTER TABLE outbox ADD COLUMN audit_rid INTEGER;
