-- Campaigns (issue 11), synced like segments: per-field last writer wins
-- by hybrid logical clock, deletes are tombstones. Every field is text
-- (numbers in decimal) so that one merge serves them all.

CREATE TABLE campaigns (
  rid             INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  goal            TEXT,
  segment_id      TEXT,
  rules           TEXT,
  actions         TEXT,
  starts_on       TEXT,
  ends_on         TEXT,
  budget_amount   TEXT,
  budget_points   TEXT,
  control_percent TEXT,
  status          TEXT,
  trigger         TEXT,
  launched_on     TEXT,
  tail_days       TEXT,
  point_value     TEXT,
  created_hlc     TEXT NOT NULL,
  field_hlc       TEXT NOT NULL DEFAULT '{}',
  deleted         INTEGER NOT NULL DEFAULT 0,
  deleted_hlc     TEXT
);

CREATE INDEX campaigns_by_name ON campaigns (name COLLATE NOCASE) WHERE deleted = 0;

-- The frozen audience: one event per member and campaign, its id derived
-- from the two, so that every branch and every daily catch-up makes the
-- same row once. The group is the deterministic split; reached says the
-- action was given (within the budget), cost what it took then.
CREATE TABLE campaign_members (
  rid          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  campaign_id  TEXT NOT NULL,
  member_id    TEXT NOT NULL,
  grp          TEXT NOT NULL CHECK (grp IN ('target', 'control')),
  day          TEXT NOT NULL,
  reached      INTEGER NOT NULL DEFAULT 0,
  cost_amount  INTEGER NOT NULL DEFAULT 0,
  cost_points  INTEGER NOT NULL DEFAULT 0,
  branch       TEXT,
  hlc          TEXT NOT NULL
);

CREATE INDEX campaign_members_by_campaign ON campaign_members (campaign_id, member_id);
CREATE INDEX campaign_members_by_member ON campaign_members (member_id, grp);
CREATE INDEX coupons_by_campaign ON coupons (campaign_id) WHERE campaign_id IS NOT NULL;
