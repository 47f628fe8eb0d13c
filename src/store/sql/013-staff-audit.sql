-- Staff, roles and the audit trail (issue 13).
--
-- Staff sync like member profiles: per-field last writer wins by hybrid
-- logical clock. The PIN hash (Argon2id, libsodium's string form) travels
-- with them, so a clerk signs in at any branch.
CREATE TABLE staff (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL DEFAULT 'clerk',   -- owner, manager, clerk
  pin_hash     TEXT,
  active       INTEGER NOT NULL DEFAULT 1,
  created_hlc  TEXT NOT NULL,
  field_hlc    TEXT NOT NULL DEFAULT '{}',
  deleted      INTEGER NOT NULL DEFAULT 0,
  deleted_hlc  TEXT
);

CREATE INDEX staff_by_name ON staff (name COLLATE NOCASE);

-- Wrong PINs typed on this device (never synced): after a few, the staff
-- member waits before the next try.
CREATE TABLE staff_pin_failures (
  staff_id      TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  locked_until  INTEGER NOT NULL   -- unix seconds
) WITHOUT ROWID;

-- The audit trail: one row per change, written in the change's own
-- transaction by the outbox hook, and one per change pulled from another
-- device (each op carries its audit entry). Each device's rows form a hash
-- chain: hash = BLAKE2b (prev_hash, the entry's fields), so an edited or
-- removed row breaks every later link.
CREATE TABLE audit_log (
  rid          INTEGER PRIMARY KEY,
  device       TEXT NOT NULL,
  seq          INTEGER NOT NULL,        -- 1, 2, ... per device
  op_id        TEXT NOT NULL,
  at           INTEGER NOT NULL,        -- unix microseconds
  staff_id     TEXT,                    -- NULL: the owner of the database file
  staff_name   TEXT NOT NULL,
  role         TEXT NOT NULL,
  branch       TEXT NOT NULL,
  entity       TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  op           TEXT NOT NULL,
  hlc          TEXT NOT NULL,
  member_id    TEXT,                    -- the member the change concerns
  changes      TEXT NOT NULL,           -- JSON [[field, before, after], ...]
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL,
  UNIQUE (device, seq)
);

CREATE INDEX audit_by_member ON audit_log (member_id, at) WHERE member_id IS NOT NULL;
CREATE INDEX audit_by_staff ON audit_log (staff_id, at);

-- The op's audit entry as it travels (JSON object), beside its payload.
ALTER TABLE outbox ADD COLUMN audit TEXT;
