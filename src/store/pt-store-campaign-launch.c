/* pt-store-campaign-launch.c — launching a campaign: the frozen audience,
 * coupons and grants within the budget, the daily trigger, cancelling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-campaigns"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-campaign-split.h"
#include "pt-clock.h"
#include "pt-segment-rules.h"
#include "pt-store-appliers.h"
#include "pt-store-campaigns-private.h"
#include "pt-store-coupons.h"
#include "pt-store-insights.h"
#include "pt-store-points-private.h"
#include "pt-store-rewards-private.h"
#include "pt-store-rewards.h"
#include "pt-store-segments.h"
#include "pt-uuid.h"

void
pt_campaign_plan_clear (PtCampaignPlan *plan)
{
  g_clear_object (&plan->campaign);
  g_clear_object (&plan->reward);
  g_clear_pointer (&plan->rules, g_free);
  g_clear_pointer (&plan->day, g_free);
  g_clear_pointer (&plan->day_start, g_free);
  g_clear_pointer (&plan->grant_expires_on, g_free);
  g_clear_pointer (&plan->coupon_expires_on, g_free);
  g_clear_pointer (&plan->grant_reason, g_free);
  g_clear_pointer (&plan->period, g_free);
  g_clear_pointer (&plan->period_start, g_free);
  pt_audience_chunk_clear (&plan->chunk);
  g_clear_pointer (&plan->chunk_hlc, g_free);
}

/* What the members of the day's chunks share. */
static void
plan_fill_chunk (PtStore        *self,
                 PtCampaignPlan *plan)
{
  PtAudienceChunk *chunk = &plan->chunk;

  pt_audience_chunk_clear (chunk);
  pt_audience_chunk_init (chunk);
  chunk->campaign_id = g_strdup (pt_campaign_get_id (plan->campaign));
  chunk->campaign_name = g_strdup (pt_campaign_get (plan->campaign, PT_CAMPAIGN_FIELD_NAME));
  chunk->day = g_strdup (plan->day);
  chunk->period = g_strdup (plan->period);
  chunk->branch = g_strdup (pt_store_get_branch_code (self));
  chunk->branch_id = g_strdup (pt_store_get_branch_id (self));
  chunk->cost_amount = plan->cost_amount;
  chunk->cost_points = plan->cost_points;
  chunk->budget_amount = plan->budget_amount;
  chunk->budget_points = plan->budget_points;
  if (plan->reward != NULL)
    {
      chunk->has_coupon = TRUE;
      chunk->reward_id = g_strdup (pt_reward_get_id (plan->reward));
      chunk->coupon_title = g_strdup (pt_reward_get_name (plan->reward));
      chunk->coupon_amount = pt_reward_get_int (plan->reward, PT_REWARD_FIELD_COUPON_AMOUNT);
      chunk->coupon_percent = pt_reward_get_int (plan->reward, PT_REWARD_FIELD_COUPON_PERCENT);
      chunk->coupon_expires_on = g_strdup (plan->coupon_expires_on);
      chunk->issued_at = pt_store_rewards_now_ms (self);
    }
  if (plan->grant_points > 0)
    {
      chunk->grant_points = plan->grant_points;
      chunk->grant_at = g_strdup (plan->day_start);
      chunk->grant_day = g_strdup (plan->day);
      chunk->grant_expires_on = g_strdup (plan->grant_expires_on);
      chunk->grant_reason = g_strdup (plan->grant_reason);
    }
}

/* What every member frozen on @day shares: the day, the expiry of the
 * points and of the coupon, the reason of the grant. */
static void
plan_set_day (PtStore         *self,
              PtCampaignPlan  *plan,
              const GDate     *day)
{
  PtPointsRules rules;
  GDate expiry;

  g_free (plan->day);
  plan->day = pt_store_format_day (day);
  g_free (plan->day_start);
  plan->day_start = pt_store_format_day_start (day);
  g_clear_pointer (&plan->period, g_free);
  g_clear_pointer (&plan->period_start, g_free);
  if (plan->yearly)
    {
      plan->period = g_strdup_printf ("%04u", g_date_get_year (day));
      plan->period_start = g_strdup_printf ("%04u-01-01", g_date_get_year (day));
    }
  g_clear_pointer (&plan->grant_expires_on, g_free);
  pt_store_get_points_rules (self, &rules);
  if (pt_points_rules_expiry_date (&rules, day, &expiry))
    plan->grant_expires_on = pt_store_format_day (&expiry);
  g_clear_pointer (&plan->coupon_expires_on, g_free);
  if (plan->reward != NULL && pt_reward_get_int (plan->reward, PT_REWARD_FIELD_COUPON_DAYS) > 0)
    {
      GDate last = *day;

      g_date_add_days (&last, pt_reward_get_int (plan->reward, PT_REWARD_FIELD_COUPON_DAYS) - 1);
      plan->coupon_expires_on = pt_store_format_day (&last);
    }
  else
    plan->coupon_expires_on = g_strdup (pt_campaign_get (plan->campaign, PT_CAMPAIGN_FIELD_ENDS_ON));
  g_free (plan->grant_reason);
  /* Translators: %s is the name of a campaign */
  plan->grant_reason = g_strdup_printf (_("Campaign “%s”"),
                                        pt_campaign_get (plan->campaign, PT_CAMPAIGN_FIELD_NAME));
  plan_fill_chunk (self, plan);
}

gboolean
pt_store_campaign_spent (PtStore     *self,
                         const char  *campaign_id,
                         gint64      *amount,
                         gint64      *points,
                         GError     **error)
{
  g_autoptr(PtCampaign) campaign = pt_store_get_campaign (self, campaign_id, error);
  sqlite3_stmt *stmt;
  gint64 value;
  int rc;

  if (campaign == NULL)
    return FALSE;
  value = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_POINT_VALUE,
                               PT_CAMPAIGN_DEFAULT_POINT_VALUE);
  stmt = pt_store_prepare (self,
                           "SELECT (SELECT coalesce (sum (points), 0) FROM points_entries"
                           "        WHERE source = 'campaign' AND source_id = ?1),"
                           " (SELECT coalesce (sum (amount), 0) FROM coupons WHERE campaign_id = ?1)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_campaign_get_id (campaign));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *points = sqlite3_column_int64 (stmt, 0);
      *amount = sqlite3_column_int64 (stmt, 1) + *points * value / 100;
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || pt_store_set_db_error (self, error, _("reading a campaign’s costs"));
}

gboolean
pt_store_campaign_plan_load (PtStore         *self,
                             PtCampaign      *campaign,
                             PtCampaignPlan  *plan,
                             GError         **error)
{
  g_autoptr(GPtrArray) actions = pt_campaign_get_actions (campaign, error);
  const char *segment_id = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID);

  if (actions == NULL)
    return FALSE;
  plan->campaign = g_object_ref (campaign);
  plan->budget_amount = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, -1);
  plan->budget_points = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_BUDGET_POINTS, -1);
  plan->control = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT,
                                       PT_CAMPAIGN_DEFAULT_CONTROL);
  plan->point_value = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_POINT_VALUE,
                                           PT_CAMPAIGN_DEFAULT_POINT_VALUE);

  for (guint i = 0; i < actions->len; i++)
    {
      PtCampaignAction *action = g_ptr_array_index (actions, i);

      if (action->kind == PT_CAMPAIGN_ACTION_GRANT)
        plan->grant_points += action->value;
      else if (action->kind == PT_CAMPAIGN_ACTION_MULTIPLIER)
        plan->multiplier = action->value;
      else if (action->kind == PT_CAMPAIGN_ACTION_CONTACTS)
        plan->contacts = TRUE;
      else if (action->kind == PT_CAMPAIGN_ACTION_CALLS)
        plan->calls = TRUE;
      else if (action->kind == PT_CAMPAIGN_ACTION_CHALLENGE)
        plan->challenge = TRUE;
      else if (action->kind == PT_CAMPAIGN_ACTION_COUPON && plan->reward == NULL)
        {
          plan->reward = pt_store_get_reward (self, action->reward_id, error);
          if (plan->reward == NULL)
            return FALSE;
          if (!pt_reward_is_coupon (plan->reward))
            {
              g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                           _("Actions: the reward “%s” is not a coupon"),
                           pt_reward_get_name (plan->reward));
              return FALSE;
            }
        }
    }

  if (segment_id != NULL)
    {
      g_autoptr(PtSegment) segment = pt_store_get_segment (self, segment_id, error);

      if (segment == NULL)
        return FALSE;
      plan->rules = g_strdup (pt_segment_get (segment, PT_SEGMENT_FIELD_RULES));
    }
  else
    plan->rules = g_strdup (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_RULES));
  plan->yearly = g_strcmp0 (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_TRIGGER), "daily") == 0 &&
                 pt_segment_rules_use_field (plan->rules, "birthday_month");

  plan->cost_points = plan->grant_points;
  plan->cost_amount = plan->grant_points * plan->point_value / 100;
  if (plan->reward != NULL)
    plan->cost_amount += pt_reward_get_int (plan->reward, PT_REWARD_FIELD_COUPON_AMOUNT);
  return pt_store_campaign_spent (self, pt_campaign_get_id (campaign), &plan->spent_amount,
                                  &plan->spent_points, error);
}

/* Whether the plan gives each target member something (a coupon, points),
 * which the budget caps; a percentage coupon costs nothing up front. */
static gboolean
plan_gives (const PtCampaignPlan *plan)
{
  return plan->reward != NULL || plan->grant_points > 0;
}

/* Whether one more target member's actions fit the budget. */
static gboolean
fits_budget (const PtCampaignPlan *plan)
{
  return (plan->budget_amount < 0 || plan->spent_amount + plan->cost_amount <= plan->budget_amount) &&
         (plan->budget_points < 0 || plan->spent_points + plan->cost_points <= plan->budget_points);
}

/* Writes the chunk's op and starts the next one. */
static gboolean
flush_chunk (PtStore         *self,
             PtCampaignPlan  *plan,
             GError         **error)
{
  if (plan->chunk_hlc == NULL)
    return TRUE;
  if (!pt_store_audience_append_op (self, &plan->chunk, plan->chunk_hlc, error))
    return FALSE;
  pt_audience_chunk_reset (&plan->chunk);
  g_clear_pointer (&plan->chunk_hlc, g_free);
  return TRUE;
}

static gboolean
freeze_member (PtStore         *self,
               PtCampaignPlan  *plan,
               const char      *member_id,
               gboolean         consented,
               GError         **error)
{
  const char *campaign_id = pt_campaign_get_id (plan->campaign);
  gboolean target = pt_campaign_split (campaign_id, member_id, plan->control) ==
                    PT_CAMPAIGN_GROUP_TARGET;
  gboolean gives = plan_gives (plan);
  gboolean reached = FALSE;
  g_autofree char *code = NULL;
  PtAudienceChunk *chunk = &plan->chunk;

  if (target && gives && fits_budget (plan))
    {
      if (plan->reward != NULL && (code = pt_store_coupon_new_code (self, error)) == NULL)
        return FALSE;
      plan->spent_amount += plan->cost_amount;
      plan->spent_points += plan->cost_points;
      plan->launch.coupons += plan->reward != NULL;
      plan->launch.points += plan->grant_points;
      reached = TRUE;
    }
  else if (target && gives)
    plan->launch.over_budget++;
  else if (target)
    /* Contacts reach those who said yes to marketing; a call list reaches everyone. */
    reached = plan->calls || plan->multiplier > 0 || plan->challenge || (plan->contacts && consented);

  if (plan->chunk_hlc == NULL)
    plan->chunk_hlc = pt_clock_tick (pt_store_get_clock (self));
  pt_audience_chunk_add (chunk, member_id, target, reached, code);
  if (!pt_store_audience_write_member (self, chunk,
                                       &g_array_index (chunk->members, PtAudienceMember,
                                                       chunk->members->len - 1),
                                       plan->chunk_hlc, error))
    return FALSE;
  if (chunk->members->len >= PT_AUDIENCE_CHUNK_SIZE && !flush_chunk (self, plan, error))
    return FALSE;

  plan->launch.audience++;
  if (target)
    plan->launch.target++;
  else
    plan->launch.control++;
  if (reached)
    plan->launch.reached++;
  return TRUE;
}

/* Freezes the members of the plan's segment on @day who are not in the
 * audience yet (all of them on a launch), inside the open transaction. */
static gboolean
freeze_audience (PtStore         *self,
                 PtCampaignPlan  *plan,
                 const GDate     *day,
                 GError         **error)
{
  g_autoptr(PtSegmentQuery) query = pt_segment_compile_text (plan->rules, day, error);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GArray) consent = NULL;

  if (query == NULL)
    return FALSE;
  plan_set_day (self, plan, day);
  ids = pt_store_list_matching_ids (self, query->where, query->params,
                                    pt_campaign_get_id (plan->campaign), plan->period_start,
                                    &consent, error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!freeze_member (self, plan, g_ptr_array_index (ids, i),
                        g_array_index (consent, gboolean, i), error))
      return FALSE;
  if (!flush_chunk (self, plan, error))
    return FALSE;
  if (ids->len > 0)
    pt_store_note_changed (self, "campaign");
  return TRUE;
}

gboolean
pt_store_campaign_run_day (PtStore           *self,
                           PtCampaign        *campaign,
                           const GDate       *day,
                           PtCampaignLaunch  *launch,
                           GError           **error)
{
  g_auto(PtCampaignPlan) plan = { NULL, };
  g_autofree char *day_text = pt_store_format_day (day);

  if (launch != NULL)
    memset (launch, 0, sizeof *launch);
  /* Catching up never reaches back before the launch. */
  if (pt_campaign_get_status (campaign, day_text) != PT_CAMPAIGN_RUNNING ||
      g_strcmp0 (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_TRIGGER), "daily") != 0 ||
      g_strcmp0 (day_text, pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_LAUNCHED_ON)) < 0)
    return TRUE;
  if (!pt_store_begin (self, error))
    return FALSE;
  if (!pt_store_campaign_plan_load (self, campaign, &plan, error) ||
      !freeze_audience (self, &plan, day, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  if (launch != NULL)
    *launch = plan.launch;
  return pt_store_commit (self, error);
}

static gboolean
launch_in_transaction (PtStore           *self,
                       PtCampaign        *campaign,
                       const GDate       *today,
                       PtCampaignLaunch  *launch,
                       GError           **error)
{
  g_auto(PtCampaignPlan) plan = { NULL, };
  g_autofree char *today_text = pt_store_format_day (today);
  g_autoptr(PtCampaign) launched = pt_campaign_copy (campaign);

  pt_campaign_set (launched, PT_CAMPAIGN_FIELD_STATUS, "launched");
  pt_campaign_set (launched, PT_CAMPAIGN_FIELD_LAUNCHED_ON, today_text);
  if (!pt_store_update_campaign (self, launched, error) ||
      !pt_store_campaign_plan_load (self, launched, &plan, error))
    return FALSE;

  /* A daily campaign takes its audience day by day, from its start. */
  if (g_strcmp0 (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_TRIGGER), "daily") != 0 ||
      pt_campaign_get_status (launched, today_text) == PT_CAMPAIGN_RUNNING)
    if (!freeze_audience (self, &plan, today, error))
      return FALSE;
  *launch = plan.launch;
  return TRUE;
}

gboolean
pt_store_launch_campaign (PtStore           *self,
                          const char        *key,
                          const GDate       *today,
                          PtCampaignLaunch  *launch,
                          GError           **error)
{
  g_autoptr(PtCampaign) campaign = pt_store_get_campaign (self, key, error);
  PtCampaignLaunch local = { 0, };
  gboolean done;
  GDate day;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (campaign == NULL)
    return FALSE;
  if (g_strcmp0 (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_STATUS), "draft") != 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("The campaign “%s” was launched or cancelled already"),
                   pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME));
      return FALSE;
    }
  if (today != NULL)
    day = *today;
  else
    pt_store_today (&day);

  if (!pt_store_set_large_cache (self, TRUE, error))
    return FALSE;
  if (!pt_store_begin (self, error))
    done = FALSE;
  else if (!launch_in_transaction (self, campaign, &day, launch ? launch : &local, error))
    {
      pt_store_rollback (self);
      done = FALSE;
    }
  else
    done = pt_store_commit (self, error);
  return pt_store_set_large_cache (self, FALSE, done ? error : NULL) && done;
}

gboolean
pt_store_campaign_preview (PtStore           *self,
                           const char        *key,
                           const GDate       *today,
                           PtCampaignLaunch  *preview,
                           GError           **error)
{
  g_autoptr(PtCampaign) campaign = pt_store_get_campaign (self, key, error);
  g_auto(PtCampaignPlan) plan = { NULL, };
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  GDate day;

  if (campaign == NULL || !pt_store_campaign_plan_load (self, campaign, &plan, error))
    return FALSE;
  if (today != NULL)
    day = *today;
  else
    pt_store_today (&day);
  query = pt_segment_compile_text (plan.rules, &day, error);
  if (query == NULL)
    return FALSE;
  plan_set_day (self, &plan, &day);
  ids = pt_store_list_matching_ids (self, query->where, query->params, pt_campaign_get_id (campaign),
                                    plan.period_start, NULL, error);
  if (ids == NULL)
    return FALSE;
  memset (preview, 0, sizeof *preview);
  for (guint i = 0; i < ids->len; i++)
    {
      preview->audience++;
      if (pt_campaign_split (pt_campaign_get_id (campaign), g_ptr_array_index (ids, i), plan.control) ==
          PT_CAMPAIGN_GROUP_CONTROL)
        {
          preview->control++;
          continue;
        }
      preview->target++;
      if (!plan_gives (&plan))
        continue;
      if (!fits_budget (&plan))
        {
          preview->over_budget++;
          continue;
        }
      plan.spent_amount += plan.cost_amount;
      plan.spent_points += plan.cost_points;
      preview->reached++;
      preview->points += plan.cost_points;
      preview->cost_amount += plan.cost_amount;
    }
  return TRUE;
}

gboolean
pt_store_cancel_campaign (PtStore     *self,
                          const char  *key,
                          GError     **error)
{
  g_autoptr(PtCampaign) campaign = pt_store_get_campaign (self, key, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  PtCampaignStatus status;
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) coupons = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (campaign == NULL)
    return FALSE;
  status = pt_campaign_get_status (campaign, today);
  if (status == PT_CAMPAIGN_ENDED || status == PT_CAMPAIGN_CANCELLED)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("The campaign “%s” has ended or was cancelled already"),
                   pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME));
      return FALSE;
    }

  stmt = pt_store_prepare (self, "SELECT id FROM coupons WHERE campaign_id = ?1 AND state = 'issued'",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_campaign_get_id (campaign));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (coupons, g_strdup (pt_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading a campaign’s coupons"));

  if (!pt_store_begin (self, error))
    return FALSE;
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_STATUS, "cancelled");
  if (!pt_store_update_campaign (self, campaign, error))
    goto fail;
  for (guint i = 0; i < coupons->len; i++)
    if (!pt_store_cancel_coupon (self, g_ptr_array_index (coupons, i), error))
      goto fail;
  return pt_store_commit (self, error);

fail:
  pt_store_rollback (self);
  return FALSE;
}

/* ------------------------------------------------------------------ sync */

static void
bind_campaign_member (sqlite3_stmt    *stmt,
                      const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, json_object_get_string_member_with_default (p, "campaign_id", ""));
  pt_store_bind_text (stmt, 3, json_object_get_string_member_with_default (p, "member_id", ""));
  pt_store_bind_text (stmt, 4, json_object_get_string_member_with_default (p, "grp", "control"));
  pt_store_bind_text (stmt, 5, json_object_get_string_member_with_default (p, "day", ""));
  sqlite3_bind_int64 (stmt, 6, json_object_get_int_member_with_default (p, "reached", 0));
  sqlite3_bind_int64 (stmt, 7, json_object_get_int_member_with_default (p, "cost_amount", 0));
  sqlite3_bind_int64 (stmt, 8, json_object_get_int_member_with_default (p, "cost_points", 0));
  pt_store_bind_text (stmt, 9, json_object_get_string_member_with_default (p, "branch", op->branch));
  pt_store_bind_text (stmt, 10, op->hlc);
}

gboolean
pt_store_apply_campaign_member_op (PtStore          *store,
                                   const PtStoreOp  *op,
                                   GError          **error)
{
  PtStoreEventFate fate;

  if (op->payload == NULL)
    return TRUE;
  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO campaign_members (id, campaign_id, member_id, grp,"
                             " day, reached, cost_amount, cost_points, branch, hlc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                             "UPDATE campaign_members SET campaign_id = ?2, member_id = ?3, grp = ?4,"
                             " day = ?5, reached = ?6, cost_amount = ?7, cost_points = ?8, branch = ?9,"
                             " hlc = ?10 WHERE id = ?1 AND hlc IS NOT ?10",
                             bind_campaign_member, op, &fate, error))
    return FALSE;
  if (fate != PT_STORE_EVENT_SAME)
    pt_store_note_changed (store, "campaign");
  return TRUE;
}

gboolean
pt_store_campaigns_run_daily (PtStore      *self,
                              const GDate  *day,
                              guint        *members,
                              guint        *reached,
                              guint        *awarded,
                              GError      **error)
{
  g_autoptr(GPtrArray) campaigns = pt_store_list_campaigns (self, error);

  if (campaigns == NULL)
    return FALSE;
  for (guint i = 0; i < campaigns->len; i++)
    {
      PtCampaign *campaign = g_ptr_array_index (campaigns, i);
      PtCampaignLaunch done = { 0, };

      if (!pt_store_campaign_challenges_run_day (self, campaign, day, awarded, error))
        return FALSE;
      if (g_strcmp0 (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_TRIGGER), "daily") != 0)
        continue;
      if (!pt_store_campaign_run_day (self, campaign, day, &done, error))
        return FALSE;
      *members += done.audience;
      *reached += done.reached;
    }
  return TRUE;
}
