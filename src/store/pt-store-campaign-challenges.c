/* pt-store-campaign-challenges.c — challenges ("5 visits in December →
 * 300 points"): progress on the receipt, the award once, with an id
 * derived from (campaign, member)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-campaigns"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-store-campaigns-private.h"
#include "pt-store-points-private.h"
#include "pt-uuid.h"

/* What a member's purchases in a window count towards: visits (sales and
 * visits not reversed) or net spend. The same SQL for one member (?4 set)
 * or every target member of a campaign. */
#define PROGRESS_SQL(member_filter) \
  "SELECT cm.member_id, CASE ?5 WHEN 'visits' THEN" \
  "   count(p.id) FILTER (WHERE p.reverses IS NULL AND NOT EXISTS" \
  "     (SELECT 1 FROM purchases r WHERE r.reverses = p.id))" \
  "   ELSE coalesce (sum (p.amount), 0) END" \
  " FROM (SELECT DISTINCT member_id FROM campaign_members" \
  "       WHERE campaign_id = ?1 AND grp = 'target'" member_filter ") cm" \
  " JOIN purchases p ON p.member_id = cm.member_id AND p.day >= ?2 AND p.day <= ?3" \
  " GROUP BY cm.member_id"

typedef struct
{
  PtCampaign *campaign;
  char       *metric;
  gint64      goal;
  gint64      points;
  char       *from;
  char       *to;
} Challenge;

static void
challenge_free (Challenge *c)
{
  g_clear_object (&c->campaign);
  g_free (c->metric);
  g_free (c->from);
  g_free (c->to);
  g_free (c);
}

/* The challenge of @campaign, or NULL when it has none. */
static Challenge *
challenge_of (PtCampaign *campaign)
{
  g_autoptr(GPtrArray) actions = pt_campaign_get_actions (campaign, NULL);
  const char *starts_on = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_STARTS_ON);
  const char *ends_on = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_ENDS_ON);
  Challenge *c;

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      PtCampaignAction *action = g_ptr_array_index (actions, i);

      if (action->kind != PT_CAMPAIGN_ACTION_CHALLENGE)
        continue;
      c = g_new0 (Challenge, 1);
      c->campaign = g_object_ref (campaign);
      c->metric = g_strdup (action->metric);
      c->goal = action->goal;
      c->points = action->value;
      c->from = g_strdup (starts_on ? starts_on
                                    : pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_LAUNCHED_ON));
      c->to = g_strdup (ends_on ? ends_on : "9999-12-31");
      return c;
    }
  return NULL;
}

/* The award, once: a bonus entry whose id is derived from the campaign
 * and the member, within the budget. @awarded says it is new. */
static gboolean
award (PtStore     *self,
       Challenge   *c,
       const char  *member_id,
       const char  *day,
       gboolean    *awarded,
       GError     **error)
{
  const char *campaign_id = pt_campaign_get_id (c->campaign);
  g_autofree char *id = pt_uuid_derive ("campaign-challenge", campaign_id, member_id, NULL);
  g_autofree char *at = NULL;
  g_autofree char *expires_on = NULL;
  g_autofree char *reason = NULL;
  gint64 budget_points = pt_campaign_get_int (c->campaign, PT_CAMPAIGN_FIELD_BUDGET_POINTS, -1);
  gint64 budget_amount = pt_campaign_get_int (c->campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, -1);
  gint64 value = pt_campaign_get_int (c->campaign, PT_CAMPAIGN_FIELD_POINT_VALUE,
                                      PT_CAMPAIGN_DEFAULT_POINT_VALUE);
  gint64 spent_amount = 0, spent_points = 0;
  PtNewPointsEntry entry = { NULL, };
  PtPointsRules rules;
  GDate date, expiry;

  *awarded = FALSE;
  if (budget_points >= 0 || budget_amount >= 0)
    {
      if (!pt_store_campaign_spent (self, campaign_id, &spent_amount, &spent_points, error))
        return FALSE;
      if ((budget_points >= 0 && spent_points + c->points > budget_points) ||
          (budget_amount >= 0 && spent_amount + c->points * value / 100 > budget_amount))
        return TRUE;
    }
  pt_store_get_points_rules (self, &rules);
  if (pt_store_parse_day (day, &date))
    {
      at = pt_store_format_day_start (&date);
      if (pt_points_rules_expiry_date (&rules, &date, &expiry))
        expires_on = pt_store_format_day (&expiry);
    }
  /* Translators: the reason of a challenge's award; %s is the campaign */
  reason = g_strdup_printf (_("Challenge “%s” completed"),
                            pt_campaign_get (c->campaign, PT_CAMPAIGN_FIELD_NAME));
  entry.id = id;
  entry.member_id = member_id;
  entry.kind = PT_POINTS_BONUS;
  entry.points = c->points;
  entry.at = at;
  entry.day = day;
  entry.expires_on = expires_on;
  entry.source = "campaign";
  entry.source_id = campaign_id;
  entry.reason = reason;
  return pt_store_points_append_entry (self, &entry, awarded, error);
}

static GPtrArray *
member_challenges (PtStore     *self,
                   const char  *member_id,
                   const char  *day,
                   GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) challenge_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT DISTINCT c.id FROM campaign_members m"
                           " JOIN campaigns c ON c.id = m.campaign_id"
                           " WHERE m.member_id = ?1 AND m.grp = 'target'"
                           /* Launched: never a draft, so never deleted
                            * (PT_CAMPAIGN_LIVE_SQL). */
                           " AND c.status = 'launched'"
                           " AND (c.starts_on IS NULL OR c.starts_on <= ?2)"
                           " AND (c.ends_on IS NULL OR c.ends_on >= ?2)"
                           " AND c.actions LIKE '%\"challenge\"%' ORDER BY c.id", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, day);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (pt_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading the campaigns of a sale"));
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PtCampaign) campaign = pt_store_get_campaign (self, g_ptr_array_index (ids, i), error);
      Challenge *c;

      if (campaign == NULL)
        return NULL;
      if ((c = challenge_of (campaign)) != NULL)
        g_ptr_array_add (found, c);
    }
  return g_steal_pointer (&found);
}

/* How far @member_id is in challenge @c: visits, or spend in minor units. */
static gboolean
member_progress (PtStore     *self,
                 Challenge   *c,
                 const char  *member_id,
                 gint64      *progress,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *progress = 0;
  stmt = pt_store_prepare (self, PROGRESS_SQL (" AND member_id = ?4"), error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_campaign_get_id (c->campaign));
  pt_store_bind_text (stmt, 2, c->from);
  pt_store_bind_text (stmt, 3, c->to);
  pt_store_bind_text (stmt, 4, member_id);
  pt_store_bind_text (stmt, 5, c->metric);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *progress = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading a challenge’s progress"));
  return TRUE;
}

static char *
progress_text (Challenge  *c,
               gint64      progress,
               gboolean    awarded,
               gboolean    done)
{
  const char *name = pt_campaign_get (c->campaign, PT_CAMPAIGN_FIELD_NAME);
  g_autofree char *points = pt_format_count (c->points);

  if (awarded)
    /* Translators: a receipt line: the challenge and the points it gave */
    return g_strdup_printf (_("Challenge “%s” completed: +%s points"), name, points);
  if (done)
    return g_strdup_printf (_("Challenge “%s” completed"), name);
  if (g_str_equal (c->metric, "visits"))
    /* Translators: a receipt line: the challenge, visits so far, visits asked */
    return g_strdup_printf (_("Challenge “%s”: %" PRId64 " of %" PRId64 " visits"), name, progress,
                            c->goal);
  /* Translators: a receipt line: the challenge, spend so far and spend asked (minor units) */
  return g_strdup_printf (_("Challenge “%s”: %" PRId64 " of %" PRId64 " spent"), name, progress,
                          c->goal);
}

gboolean
pt_store_campaign_challenges_after_sale (PtStore     *self,
                                         const char  *member_id,
                                         const char  *day,
                                         char       **note,
                                         GError     **error)
{
  g_autoptr(GPtrArray) challenges = member_challenges (self, member_id, day, error);
  g_autoptr(GString) text = NULL;

  if (challenges == NULL)
    return FALSE;
  for (guint i = 0; i < challenges->len; i++)
    {
      Challenge *c = g_ptr_array_index (challenges, i);
      g_autofree char *line = NULL;
      gboolean awarded = FALSE;
      gint64 progress = 0;

      if (!member_progress (self, c, member_id, &progress, error))
        return FALSE;
      if (progress >= c->goal && !award (self, c, member_id, day, &awarded, error))
        return FALSE;
      line = progress_text (c, progress, awarded, progress >= c->goal);
      if (text == NULL)
        text = g_string_new (line);
      else
        g_string_append_printf (text, "; %s", line);
    }
  if (note != NULL && text != NULL)
    {
      if (*note == NULL)
        *note = g_string_free (g_steal_pointer (&text), FALSE);
      else
        {
          char *both = g_strdup_printf ("%s; %s", *note, text->str);

          g_free (*note);
          *note = both;
        }
    }
  return TRUE;
}

gboolean
pt_store_campaign_challenges_run_day (PtStore     *self,
                                      PtCampaign  *campaign,
                                      const GDate *day,
                                      guint       *awarded,
                                      GError     **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *day_text = pt_store_format_day (day);
  Challenge *c;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  if (pt_campaign_get_status (campaign, day_text) != PT_CAMPAIGN_RUNNING ||
      (c = challenge_of (campaign)) == NULL)
    return TRUE;
  stmt = pt_store_prepare (self, PROGRESS_SQL (""), error);
  if (stmt == NULL)
    {
      challenge_free (c);
      return FALSE;
    }
  pt_store_bind_text (stmt, 1, pt_campaign_get_id (campaign));
  pt_store_bind_text (stmt, 2, c->from);
  pt_store_bind_text (stmt, 3, g_strcmp0 (c->to, day_text) < 0 ? c->to : day_text);
  pt_store_bind_text (stmt, 5, c->metric);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_int64 (stmt, 1) >= c->goal)
      g_ptr_array_add (members, g_strdup (pt_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    ok = pt_store_set_db_error (self, error, _("reading a challenge’s progress"));
  for (guint i = 0; ok && i < members->len; i++)
    {
      gboolean is_new = FALSE;

      ok = award (self, c, g_ptr_array_index (members, i), day_text, &is_new, error);
      *awarded += is_new;
    }
  challenge_free (c);
  return ok;
}

void
pt_challenge_progress_free (PtChallengeProgress *progress)
{
  if (progress == NULL)
    return;
  g_free (progress->campaign_id);
  g_free (progress->name);
  g_free (progress->metric);
  g_free (progress->ends_on);
  g_free (progress);
}

GPtrArray *
pt_store_member_challenges (PtStore      *self,
                            const char   *member_id,
                            const GDate  *today,
                            GError      **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_challenge_progress_free);
  g_autoptr(GPtrArray) challenges = NULL;
  g_autofree char *day = NULL;
  GDate now;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  if (today == NULL)
    {
      pt_store_today (&now);
      today = &now;
    }
  day = pt_store_format_day (today);
  challenges = member_challenges (self, member_id, day, error);
  if (challenges == NULL)
    return NULL;
  for (guint i = 0; i < challenges->len; i++)
    {
      Challenge *c = g_ptr_array_index (challenges, i);
      PtChallengeProgress *p = g_new0 (PtChallengeProgress, 1);

      g_ptr_array_add (found, p);
      p->campaign_id = g_strdup (pt_campaign_get_id (c->campaign));
      p->name = g_strdup (pt_campaign_get (c->campaign, PT_CAMPAIGN_FIELD_NAME));
      p->metric = g_strdup (c->metric);
      p->ends_on = g_strdup (pt_campaign_get (c->campaign, PT_CAMPAIGN_FIELD_ENDS_ON));
      p->goal = c->goal;
      p->points = c->points;
      if (!member_progress (self, c, member_id, &p->progress, error))
        return NULL;
    }
  return g_steal_pointer (&found);
}
