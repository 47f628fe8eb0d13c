-- Purchases, the points ledger, tiers and the loyalty settings (issue 3).
--
-- Purchases, points entries, tier changes, tier locks and tier
-- subscriptions are append-only events, synced as a set union by id. No
-- foreign keys to members: an event may arrive from the server before
-- the member it belongs to. Everything below "materialised" is derived
-- from the events on this device and never synced.

-- pt_store_get_member() finds "hq-000123" as typed: without this index
-- that lookup scans every member (half a second at a million).
CREATE INDEX members_number_nocase ON members (number COLLATE NOCASE);

CREATE TABLE loyalty_settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL,
  hlc    TEXT
) WITHOUT ROWID;

CREATE TABLE tiers (
  rid                 INTEGER PRIMARY KEY,
  id                  TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  colour              TEXT NOT NULL,
  rank                INTEGER NOT NULL,
  window_days         INTEGER NOT NULL DEFAULT 365,
  min_spend           INTEGER NOT NULL DEFAULT 0,
  min_visits          INTEGER NOT NULL DEFAULT 0,
  min_points          INTEGER NOT NULL DEFAULT 0,
  grace_days          INTEGER NOT NULL DEFAULT 30,
  annual_fee          INTEGER NOT NULL DEFAULT 0,
  validity_months     INTEGER NOT NULL DEFAULT 12,
  multiplier_percent  INTEGER NOT NULL DEFAULT 100,
  discount_percent    INTEGER NOT NULL DEFAULT 0,
  birthday_gift       TEXT NOT NULL DEFAULT '',
  benefits            TEXT NOT NULL DEFAULT '',
  archived            INTEGER NOT NULL DEFAULT 0,
  updated_hlc         TEXT NOT NULL
);

-- A sale (amount in minor units) or a visit. A reversal is a row of the
-- same kind with the amount and points negated, "reverses" naming the
-- original, and "day" the original's day, so that window statistics
-- (sum over day) cancel exactly. "at" is when the row was made (ISO 8601).
CREATE TABLE purchases (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  member_id    TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('sale', 'visit')),
  amount       INTEGER NOT NULL DEFAULT 0,
  currency     TEXT NOT NULL,
  at           TEXT NOT NULL,
  day          TEXT NOT NULL,
  branch       TEXT,
  note         TEXT,
  points       INTEGER NOT NULL DEFAULT 0,
  reverses     TEXT,
  created_hlc  TEXT NOT NULL
);

-- Covering: tier statistics over a window read only this index.
CREATE INDEX purchases_member_day ON purchases (member_id, day, amount, points, kind, reverses);
CREATE INDEX purchases_day ON purchases (day);
CREATE UNIQUE INDEX purchases_reverses ON purchases (reverses) WHERE reverses IS NOT NULL;

-- The ledger. Positive entries are lots: "remaining" is what is left of
-- them, "expires_on" their last usable day (NULL: never). For a negative
-- entry "remaining" is the part no lot covered (the member's debt), paid
-- off by the next lots. Both are materialised and checked by verify.
CREATE TABLE points_entries (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  member_id    TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'expire', 'adjust', 'bonus',
                                             'reversal')),
  points       INTEGER NOT NULL CHECK (points <> 0),
  at           TEXT NOT NULL,
  day          TEXT NOT NULL,
  expires_on   TEXT,
  source       TEXT,
  source_id    TEXT,
  reason       TEXT,
  branch       TEXT,
  created_hlc  TEXT NOT NULL,
  remaining    INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX points_entries_member ON points_entries (member_id, rid);
CREATE INDEX points_entries_source ON points_entries (source, source_id);
CREATE INDEX points_entries_open ON points_entries (member_id, rid) WHERE remaining > 0;
CREATE INDEX points_entries_expiring ON points_entries (expires_on) WHERE remaining > 0 AND points > 0;

-- Materialised: which lot each debit took how many points from (a debit
-- taking from a lot, or a lot paying off a debit).
CREATE TABLE points_consumptions (
  debit_id   TEXT NOT NULL,
  lot_id     TEXT NOT NULL,
  points     INTEGER NOT NULL CHECK (points > 0),
  PRIMARY KEY (debit_id, lot_id)
) WITHOUT ROWID;

CREATE INDEX points_consumptions_lot ON points_consumptions (lot_id);

CREATE TABLE tier_changes (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  member_id    TEXT NOT NULL,
  from_tier    TEXT,
  to_tier      TEXT,
  day          TEXT NOT NULL,
  at           TEXT NOT NULL,
  reason       TEXT NOT NULL,
  source       TEXT NOT NULL,
  note         TEXT,
  created_hlc  TEXT NOT NULL
);

CREATE INDEX tier_changes_member ON tier_changes (member_id, rid);

-- The owner pins a member to a tier up to and including "until"; the
-- latest lock (by hlc) is the one that holds. tier_id NULL unlocks.
CREATE TABLE tier_locks (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  member_id    TEXT NOT NULL,
  tier_id      TEXT,
  until        TEXT,
  reason       TEXT NOT NULL,
  at           TEXT NOT NULL,
  created_hlc  TEXT NOT NULL
);

CREATE INDEX tier_locks_member ON tier_locks (member_id, created_hlc);

-- Paid tiers: one row per payment of the annual fee.
CREATE TABLE tier_subscriptions (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  member_id    TEXT NOT NULL,
  tier_id      TEXT NOT NULL,
  starts_on    TEXT NOT NULL,
  ends_on      TEXT NOT NULL,
  fee          INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  at           TEXT NOT NULL,
  created_hlc  TEXT NOT NULL
);

CREATE INDEX tier_subscriptions_member ON tier_subscriptions (member_id, ends_on);

-- Materialised: what holds each member's tier (see pt-tier-eval.h).
-- Only members who ever left the base tier have a row.
CREATE TABLE member_tier_state (
  member_id     TEXT PRIMARY KEY,
  tier_since    TEXT,
  review_on     TEXT,
  lock_tier_id  TEXT,
  lock_until    TEXT,
  paid_tier_id  TEXT,
  paid_until    TEXT
) WITHOUT ROWID;

CREATE INDEX member_tier_state_review ON member_tier_state (review_on) WHERE review_on IS NOT NULL;
