-- Members, their search index, the outbox and this device's sync state.

CREATE TABLE sync_state (
  singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
  device_id        TEXT NOT NULL,
  branch_id        TEXT NOT NULL,
  branch_code      TEXT NOT NULL,
  next_member_seq  INTEGER NOT NULL DEFAULT 1,
  hlc              INTEGER NOT NULL DEFAULT 0,
  pull_cursor      INTEGER NOT NULL DEFAULT 0,
  server_epoch     TEXT,
  last_sync_at     INTEGER
);

CREATE TABLE members (
  rid               INTEGER PRIMARY KEY,
  id                TEXT NOT NULL UNIQUE,
  number            TEXT NOT NULL,
  name              TEXT NOT NULL,
  phone             TEXT,
  email             TEXT,
  birthday          TEXT,
  gender            TEXT,
  address           TEXT,
  city              TEXT,
  joined_on         TEXT NOT NULL,
  source            TEXT,
  referred_by       TEXT,
  status            TEXT NOT NULL DEFAULT 'active',
  marketing_consent INTEGER NOT NULL DEFAULT 0,
  notes             TEXT,
  tags              TEXT,
  home_branch       TEXT,
  -- Derived, local values (sums of events), kept for speed.
  tier_id           TEXT,
  points_balance    INTEGER NOT NULL DEFAULT 0,
  -- Merge metadata: the stamp of the creation, and per field the stamp of
  -- the last change as a JSON object {"name": "<hlc>", ...}.
  created_hlc       TEXT NOT NULL,
  field_hlc         TEXT NOT NULL DEFAULT '{}',
  deleted           INTEGER NOT NULL DEFAULT 0,
  deleted_hlc       TEXT
);

CREATE UNIQUE INDEX members_number ON members (number);
CREATE INDEX members_by_name ON members (name COLLATE NOCASE, rid) WHERE deleted = 0;
CREATE INDEX members_by_joined ON members (joined_on, rid) WHERE deleted = 0;
CREATE INDEX members_by_city ON members (city COLLATE NOCASE, rid) WHERE deleted = 0;
CREATE INDEX members_by_points ON members (points_balance, rid) WHERE deleted = 0;
CREATE INDEX members_by_number ON members (number, rid) WHERE deleted = 0;
CREATE INDEX members_by_phone ON members (phone);
CREATE INDEX members_by_birthday ON members (substr (birthday, 6, 5)) WHERE deleted = 0;

-- Trigram full-text index; rowid = members.rid. "body" holds the number,
-- name, phone (as typed and digits only) and e-mail; "grams" holds every
-- two-character piece of the name behind a marker, so that a query of two
-- characters (王芳) becomes a three-character one the trigram index answers.
CREATE VIRTUAL TABLE member_search USING fts5 (body, grams, tokenize = 'trigram');

CREATE TABLE outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id       TEXT NOT NULL UNIQUE,
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  op          TEXT NOT NULL,
  hlc         TEXT NOT NULL,
  payload     TEXT NOT NULL,
  state       INTEGER NOT NULL DEFAULT 0,  -- 0 pending, 1 acked, 2 rejected
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  INTEGER NOT NULL
);

CREATE INDEX outbox_pending ON outbox (state, seq);
CREATE INDEX outbox_entity ON outbox (entity, entity_id);
