-- Saved segments (issue 10), synced like member profiles: per-field last
-- writer wins by hybrid logical clock, deletes are tombstones. And what
-- the insights compute on this device (never synced): the fitted models
-- and each member's scores.

CREATE TABLE segments (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  description  TEXT,
  rules        TEXT NOT NULL DEFAULT '{"all": []}',
  -- Merge metadata as for members: the creation stamp, per field the
  -- stamp of the last change {"name": "<hlc>", ...}, the tombstone.
  created_hlc  TEXT NOT NULL,
  field_hlc    TEXT NOT NULL DEFAULT '{}',
  deleted      INTEGER NOT NULL DEFAULT 0,
  deleted_hlc  TEXT
);

CREATE INDEX segments_by_name ON segments (name COLLATE NOCASE) WHERE deleted = 0;

-- One row per fit of a model ("bgnbd", "gamma_gamma"): its parameters
-- (JSON), log-likelihood, the as-of date and how many members it saw.
-- The latest row of a model is the one in use.
CREATE TABLE analytics_fits (
  rid            INTEGER PRIMARY KEY,
  model          TEXT NOT NULL,
  as_of          TEXT NOT NULL,
  params         TEXT,
  log_likelihood REAL,
  converged      INTEGER NOT NULL DEFAULT 0,
  members        INTEGER NOT NULL DEFAULT 0,
  repeat_buyers  INTEGER NOT NULL DEFAULT 0,
  fitted_at      INTEGER NOT NULL
);

CREATE INDEX analytics_fits_by_model ON analytics_fits (model, rid);

-- Each member's scores as of the last refit; NULL where a model had too
-- little data. Money in minor units.
CREATE TABLE member_insights (
  member_id       TEXT PRIMARY KEY,
  as_of           TEXT NOT NULL,
  rfm_r           INTEGER,
  rfm_f           INTEGER,
  rfm_m           INTEGER,
  rfm_group       TEXT,
  -- Spend in the RFM window: what a member at risk was worth.
  spend_window    INTEGER,
  cycle_days      REAL,
  overdue         INTEGER NOT NULL DEFAULT 0,
  p_alive         REAL,
  churn_risk      TEXT,
  expected_30     REAL,
  expected_90     REAL,
  expected_365    REAL,
  expected_spend  INTEGER,
  clv_12m         INTEGER
) WITHOUT ROWID;

CREATE INDEX member_insights_by_group ON member_insights (rfm_group);
CREATE INDEX member_insights_at_risk ON member_insights (churn_risk, spend_window);

-- Segment criteria over a window ("spend in the last 90 days") read one
-- range of this index for all members at once.
CREATE INDEX purchases_day_member ON purchases (day, member_id, amount, reverses);

-- "referrals" counts the members a member referred.
CREATE INDEX members_by_referrer ON members (referred_by) WHERE referred_by IS NOT NULL;
