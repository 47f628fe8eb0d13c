/* pt-tier-eval.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-tier-eval"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-tier-eval.h"

static const struct {
  const char *key;
  const char *label;
} reasons[PT_TIER_N_REASONS] = {
  [PT_TIER_REASON_NONE] = { "none", N_("No change") },
  [PT_TIER_REASON_QUALIFIED] = { "qualified", N_("Qualified") },
  [PT_TIER_REASON_REQUALIFIED] = { "requalified", N_("Qualified again") },
  [PT_TIER_REASON_PAID] = { "paid", N_("Paid membership") },
  [PT_TIER_REASON_LOCKED] = { "locked", N_("Set by the owner") },
  [PT_TIER_REASON_HELD] = { "held", N_("Kept until the review date") },
  [PT_TIER_REASON_NOT_REQUALIFIED] = { "not-requalified",
                                       N_("Did not qualify again by the review date") },
  [PT_TIER_REASON_PAID_EXPIRED] = { "paid-expired", N_("Paid membership ended") },
  [PT_TIER_REASON_LOCK_EXPIRED] = { "lock-expired", N_("The owner’s lock ended") },
};

const char *
pt_tier_reason_to_string (PtTierReason reason)
{
  return (guint) reason < PT_TIER_N_REASONS ? reasons[reason].key : "none";
}

PtTierReason
pt_tier_reason_from_string (const char *text)
{
  for (guint i = 0; i < PT_TIER_N_REASONS; i++)
    if (g_strcmp0 (text, reasons[i].key) == 0)
      return i;
  return PT_TIER_REASON_NONE;
}

const char *
pt_tier_reason_label (PtTierReason reason)
{
  return (guint) reason < PT_TIER_N_REASONS ? _(reasons[reason].label) : "";
}

int
pt_tier_find_base (PtTier **tiers,
                   guint    n_tiers)
{
  for (guint i = 0; i < n_tiers; i++)
    if (pt_tier_is_open (tiers[i]))
      return (int) i;
  return -1;
}

int
pt_tier_find_index (PtTier     **tiers,
                    guint        n_tiers,
                    const char  *id)
{
  if (id != NULL)
    for (guint i = 0; i < n_tiers; i++)
      if (g_strcmp0 (pt_tier_get_id (tiers[i]), id) == 0)
        return (int) i;
  return pt_tier_find_base (tiers, n_tiers);
}

static gboolean
runs_on (const char  *tier_id,
         const GDate *until,
         const GDate *date)
{
  return tier_id != NULL && g_date_valid (until) && g_date_compare (date, until) <= 0;
}

/* The review in progress is the one the end of the lock set. */
static gboolean
lock_just_ended (const PtTierState *state)
{
  GDate end;

  if (!g_date_valid (&state->lock_until) || !g_date_valid (&state->review_on))
    return FALSE;
  end = state->lock_until;
  g_date_add_days (&end, 1);
  return g_date_compare (&end, &state->review_on) == 0;
}

/* First review of a member who enters tiers[index] on @date. */
static void
first_review (PtTier            **tiers,
              int                 index,
              int                 base,
              const PtTierState  *state,
              const GDate        *date,
              GDate              *review_on)
{
  g_date_clear (review_on, 1);

  if (index < 0 || index == base)
    return;

  if (pt_tier_is_paid (tiers[index]))
    {
      if (g_date_valid (&state->paid_until))
        {
          *review_on = state->paid_until;
          g_date_add_days (review_on, 1);
        }
      return;
    }

  *review_on = *date;
  g_date_add_days (review_on, pt_tier_get_window_days (tiers[index]) +
                              pt_tier_get_grace_days (tiers[index]));
}

void
pt_tier_evaluate (PtTier            **tiers,
                  guint               n_tiers,
                  const PtTierStats  *stats,
                  const PtTierState  *state,
                  const GDate        *date,
                  PtTierDecision     *decision)
{
  int base = pt_tier_find_base (tiers, n_tiers);
  int current = pt_tier_find_index (tiers, n_tiers, state->tier_id);
  int target = base;
  PtTierReason reason = PT_TIER_REASON_QUALIFIED;

  g_return_if_fail (date != NULL && g_date_valid (date));

  decision->tier_index = current;
  decision->changed = FALSE;
  decision->upgrade = FALSE;
  decision->reason = PT_TIER_REASON_NONE;
  decision->review_on = state->review_on;

  if (runs_on (state->lock_tier_id, &state->lock_until, date))
    {
      int locked = pt_tier_find_index (tiers, n_tiers, state->lock_tier_id);

      decision->tier_index = locked;
      decision->changed = locked != current;
      decision->upgrade = locked > current;
      decision->reason = PT_TIER_REASON_LOCKED;
      decision->review_on = state->lock_until;
      g_date_add_days (&decision->review_on, 1);
      return;
    }

  for (guint i = 0; i < n_tiers; i++)
    if (pt_tier_qualifies (tiers[i], &stats[i]))
      target = (int) i;

  if (runs_on (state->paid_tier_id, &state->paid_until, date))
    {
      int paid = pt_tier_find_index (tiers, n_tiers, state->paid_tier_id);

      if (paid > target && pt_tier_is_paid (tiers[paid]))
        {
          target = paid;
          reason = PT_TIER_REASON_PAID;
        }
    }

  if (target > current)
    {
      decision->tier_index = target;
      decision->changed = TRUE;
      decision->upgrade = TRUE;
      decision->reason = reason;
      first_review (tiers, target, base, state, date, &decision->review_on);
      return;
    }

  if (target == current)
    {
      /* Qualified again: the next evaluation date is one window on. */
      if (g_date_valid (&state->review_on) && g_date_compare (date, &state->review_on) >= 0)
        {
          if (current >= 0 && pt_tier_is_paid (tiers[current]))
            first_review (tiers, current, base, state, date, &decision->review_on);
          else if (current >= 0 && current != base)
            {
              guint window = pt_tier_get_window_days (tiers[current]);

              while (g_date_compare (&decision->review_on, date) <= 0)
                g_date_add_days (&decision->review_on, window);
            }
          else
            g_date_clear (&decision->review_on, 1);
          decision->reason = PT_TIER_REASON_REQUALIFIED;
        }
      return;
    }

  /* Below the current tier: only at (or after) the review day. A member
   * with no review day recorded (a tier set before reviews existed) is
   * reviewed now. */
  if (g_date_valid (&state->review_on) && g_date_compare (date, &state->review_on) < 0)
    {
      decision->reason = PT_TIER_REASON_HELD;
      return;
    }

  decision->tier_index = target;
  decision->changed = TRUE;
  decision->upgrade = FALSE;
  if (current >= 0 && pt_tier_is_paid (tiers[current]))
    decision->reason = PT_TIER_REASON_PAID_EXPIRED;
  else if (state->lock_tier_id != NULL && lock_just_ended (state) &&
           pt_tier_find_index (tiers, n_tiers, state->lock_tier_id) == current)
    decision->reason = PT_TIER_REASON_LOCK_EXPIRED;
  else
    decision->reason = PT_TIER_REASON_NOT_REQUALIFIED;
  first_review (tiers, target, base, state, date, &decision->review_on);
}
