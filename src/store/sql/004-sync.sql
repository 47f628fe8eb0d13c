-- Sync: what the server refused, conflicts for a person to settle, the
-- values that lost a last-writer-wins merge, and changes this version
-- cannot apply yet.

-- Correction learned from the server's clock at the last sync, added to
-- the wall clock at open so a machine whose clock is wrong still stamps
-- its edits in the right order.
ALTER TABLE sync_state ADD COLUMN clock_offset_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN last_error TEXT;
ALTER TABLE sync_state ADD COLUMN server_head INTEGER NOT NULL DEFAULT 0;

CREATE TABLE sync_rejections (
  op_id        TEXT PRIMARY KEY,
  entity       TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  op           TEXT NOT NULL,
  payload      TEXT NOT NULL,
  reason       TEXT NOT NULL,
  rejected_at  INTEGER NOT NULL
);

-- A conflict comes from the server (an anomaly only a merge reveals) as an
-- event of entity "conflict"; resolving it is an op of the same entity.
CREATE TABLE conflicts (
  id             TEXT PRIMARY KEY,
  kind           TEXT NOT NULL,   -- duplicate-member, overdrawn, negative-stock, coupon-reused ...
  entity         TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  other_id       TEXT,
  summary        TEXT NOT NULL,
  left_side      TEXT NOT NULL,   -- JSON: the first side as the server saw it
  right_side     TEXT NOT NULL,   -- JSON: the other side
  hlc            TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  resolution     TEXT,            -- NULL while open
  resolved_hlc   TEXT
);

CREATE INDEX conflicts_open ON conflicts (resolution, created_at);

CREATE TABLE field_history (
  rid          INTEGER PRIMARY KEY,
  entity       TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  field        TEXT NOT NULL,
  value        TEXT,
  hlc          TEXT,
  winner_hlc   TEXT NOT NULL,
  recorded_at  INTEGER NOT NULL
);

CREATE INDEX field_history_entity ON field_history (entity, entity_id);

-- Pulled changes of an entity this version does not know, kept to apply
-- once an update knows it (schema changes are additive).
CREATE TABLE sync_unknown_ops (
  seq        INTEGER PRIMARY KEY,
  op_id      TEXT NOT NULL UNIQUE,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  op         TEXT NOT NULL,
  hlc        TEXT NOT NULL,
  branch     TEXT,
  payload    TEXT NOT NULL
);

-- Two branches may both give a number to different people while offline;
-- the merge keeps both and the server reports a conflict, so the number
-- index can no longer be unique (the store still refuses a number taken
-- locally).
DROP INDEX members_number;
CREATE INDEX members_number ON members (number);
