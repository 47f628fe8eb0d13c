-- The rewards catalog, stock movements, redemptions and coupons.
--
-- Rewards are profile-like rows (per-field last writer wins, like members).
-- Everything else is an append-only event: a mistake is undone by a later
-- event, never by changing or deleting a row, so branches merge by set
-- union of ids. Stock and coupon state are derived from the events and
-- materialised for speed; pt_store_verify_reward_stock() recomputes them.

CREATE TABLE rewards (
  rid             INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  kind            TEXT NOT NULL DEFAULT 'item' CHECK (kind IN ('item', 'service', 'coupon')),
  description     TEXT,
  image           TEXT,
  points_cost     INTEGER NOT NULL,
  coupon_amount   INTEGER NOT NULL DEFAULT 0,
  coupon_percent  INTEGER NOT NULL DEFAULT 0,
  coupon_days     INTEGER NOT NULL DEFAULT 0,
  unlimited       INTEGER NOT NULL DEFAULT 1,
  limit_count     INTEGER NOT NULL DEFAULT 0,
  limit_days      INTEGER NOT NULL DEFAULT 0,
  min_tier_id     TEXT,
  valid_from      TEXT,
  valid_until     TEXT,
  active          INTEGER NOT NULL DEFAULT 1,
  -- Derived: the sum of the reward's stock movements.
  stock           INTEGER NOT NULL DEFAULT 0,
  created_hlc     TEXT NOT NULL,
  field_hlc       TEXT NOT NULL DEFAULT '{}'
);

CREATE INDEX rewards_by_name ON rewards (name COLLATE NOCASE, rid);

-- Signed quantities: initial and restock add, a redemption takes one, its
-- cancellation gives it back. A stock below zero (two branches gave away
-- the last item offline) is kept and listed by pt_store_list_overdrawn_rewards().
CREATE TABLE stock_movements (
  rid            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  reward_id      TEXT NOT NULL,
  kind           TEXT NOT NULL
                 CHECK (kind IN ('initial', 'restock', 'redemption', 'cancellation', 'correction')),
  quantity       INTEGER NOT NULL,
  redemption_id  TEXT,
  note           TEXT,
  branch_id      TEXT NOT NULL,
  created_at     INTEGER NOT NULL,   -- ms since the epoch
  hlc            TEXT NOT NULL
);

CREATE INDEX stock_movements_by_reward ON stock_movements (reward_id, created_at);

CREATE TABLE redemptions (
  rid            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  member_id      TEXT NOT NULL,
  reward_id      TEXT NOT NULL,
  reward_name    TEXT NOT NULL,     -- as it was when redeemed, for receipts
  points         INTEGER NOT NULL,
  coupon_id      TEXT,
  branch_id      TEXT NOT NULL,
  created_at     INTEGER NOT NULL,  -- ms since the epoch
  hlc            TEXT NOT NULL
);

CREATE INDEX redemptions_by_member ON redemptions (member_id, created_at);
CREATE INDEX redemptions_by_reward ON redemptions (reward_id, member_id, created_at);
CREATE INDEX redemptions_by_time ON redemptions (created_at, rid);

-- A cancellation is its own event. Its id is derived from the redemption's,
-- so two branches cancelling the same redemption offline make one event.
CREATE TABLE redemption_cancellations (
  rid            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  redemption_id  TEXT NOT NULL UNIQUE,
  reason         TEXT,
  branch_id      TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  hlc            TEXT NOT NULL
);

CREATE TABLE coupons (
  rid            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  code           TEXT NOT NULL UNIQUE,   -- written form, K7QM-3XPA-R
  member_id      TEXT NOT NULL,
  reward_id      TEXT,
  campaign_id    TEXT,
  redemption_id  TEXT,
  title          TEXT NOT NULL,
  amount         INTEGER NOT NULL DEFAULT 0,
  percent        INTEGER NOT NULL DEFAULT 0,
  expires_on     TEXT,                   -- last valid day, YYYY-MM-DD
  branch_id      TEXT NOT NULL,
  issued_at      INTEGER NOT NULL,
  hlc            TEXT NOT NULL,
  -- Derived from coupon_events: issued, used, expired or cancelled.
  state          TEXT NOT NULL DEFAULT 'issued'
);

CREATE INDEX coupons_by_member ON coupons (member_id, issued_at);

-- issued / used / expired / cancelled. A coupon is used once: locally a
-- second use is refused; across branches the server keeps the first use
-- it accepted and flags the other.
CREATE TABLE coupon_events (
  rid            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  coupon_id      TEXT NOT NULL,
  event          TEXT NOT NULL CHECK (event IN ('issued', 'used', 'expired', 'cancelled')),
  purchase_id    TEXT,
  discount       INTEGER NOT NULL DEFAULT 0,
  branch_id      TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  hlc            TEXT NOT NULL
);

CREATE INDEX coupon_events_by_coupon ON coupon_events (coupon_id, event);
CREATE INDEX coupon_events_by_purchase ON coupon_events (purchase_id) WHERE purchase_id IS NOT NULL;
