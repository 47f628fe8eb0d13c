/* pt-store-campaign-sales.c — the points multiplier of running campaigns,
 * applied by record-sale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-campaigns"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-format.h"
#include "pt-store-campaigns-private.h"
#include "pt-store-points-private.h"
#include "pt-uuid.h"

typedef struct
{
  char   *campaign_id;
  char   *name;
  gint64  percent;
  gint64  budget_amount;
  gint64  budget_points;
  gint64  point_value;
} SaleCampaign;

static void
sale_campaign_free (SaleCampaign *c)
{
  g_free (c->campaign_id);
  g_free (c->name);
  g_free (c);
}

/* The multiplier campaigns holding @member_id in their target group whose
 * window covers @day; one indexed look-up by member. */
static GPtrArray *
find_campaigns (PtStore     *self,
                const char  *member_id,
                const char  *day,
                GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) sale_campaign_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT DISTINCT c.id, c.name, c.actions, c.budget_amount, c.budget_points,"
                           " c.point_value FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id"
                           " WHERE m.member_id = ?1 AND m.grp = 'target'"
                           /* Launched: never a draft, so never deleted
                            * (PT_CAMPAIGN_LIVE_SQL). */
                           " AND c.status = 'launched'"
                           " AND (c.starts_on IS NULL OR c.starts_on <= ?2)"
                           " AND (c.ends_on IS NULL OR c.ends_on >= ?2)"
                           " AND c.actions LIKE '%\"multiplier\"%' ORDER BY c.id", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, day);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PtCampaign) campaign = pt_campaign_new ();
      g_autoptr(GPtrArray) actions = NULL;
      SaleCampaign *c;

      pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, pt_store_column_text (stmt, 2));
      pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, pt_store_column_text (stmt, 3));
      pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_POINTS, pt_store_column_text (stmt, 4));
      pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_POINT_VALUE, pt_store_column_text (stmt, 5));
      actions = pt_campaign_get_actions (campaign, NULL);
      if (actions == NULL)
        continue;
      c = g_new0 (SaleCampaign, 1);
      for (guint i = 0; i < actions->len; i++)
        {
          PtCampaignAction *action = g_ptr_array_index (actions, i);

          if (action->kind == PT_CAMPAIGN_ACTION_MULTIPLIER)
            c->percent = MAX (c->percent, action->value);
        }
      c->campaign_id = g_strdup (pt_store_column_text (stmt, 0));
      c->name = g_strdup (pt_store_column_text (stmt, 1));
      c->budget_amount = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, -1);
      c->budget_points = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_BUDGET_POINTS, -1);
      c->point_value = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_POINT_VALUE,
                                            PT_CAMPAIGN_DEFAULT_POINT_VALUE);
      g_ptr_array_add (found, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading the campaigns of a sale"));
      return NULL;
    }
  return g_steal_pointer (&found);
}

/* The bonus @c gives on @points, cut to what is left of its budget. */
static gboolean
campaign_bonus (PtStore       *self,
                SaleCampaign  *c,
                gint64         points,
                gint64        *bonus,
                GError       **error)
{
  gint64 spent_amount = 0, spent_points = 0;

  *bonus = points * (c->percent - 100) / 100;
  if (*bonus <= 0 || (c->budget_amount < 0 && c->budget_points < 0))
    return TRUE;
  if (!pt_store_campaign_spent (self, c->campaign_id, &spent_amount, &spent_points, error))
    return FALSE;
  if (c->budget_points >= 0)
    *bonus = MIN (*bonus, MAX (0, c->budget_points - spent_points));
  if (c->budget_amount >= 0 && c->point_value > 0)
    *bonus = MIN (*bonus, MAX (0, (c->budget_amount - spent_amount) * 100 / c->point_value));
  return TRUE;
}

static char *
multiplier_text (gint64 percent)
{
  if (percent % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, percent / 100);
  if (percent % 10 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, percent / 100,
                            percent % 100 / 10);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, percent / 100, percent % 100);
}

gboolean
pt_store_campaign_sale_bonus (PtStore     *self,
                              const char  *member_id,
                              const char  *purchase_id,
                              const char  *day,
                              const char  *at,
                              gint64       points,
                              gboolean     write,
                              gint64      *bonus,
                              char       **note,
                              GError     **error)
{
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GString) text = NULL;
  gint64 total = 0;

  if (points <= 0)
    goto done;
  campaigns = find_campaigns (self, member_id, day, error);
  if (campaigns == NULL)
    return FALSE;

  for (guint i = 0; i < campaigns->len; i++)
    {
      SaleCampaign *c = g_ptr_array_index (campaigns, i);
      g_autofree char *id = NULL;
      g_autofree char *times = NULL;
      g_autofree char *reason = NULL;
      g_autofree char *expires_on = NULL;
      g_autofree char *plus = NULL;
      PtNewPointsEntry entry = { NULL, };
      PtPointsRules rules;
      gint64 extra;
      GDate date;
      GDate expiry;

      if (!campaign_bonus (self, c, points, &extra, error))
        return FALSE;
      if (extra <= 0)
        continue;
      total += extra;
      times = multiplier_text (c->percent);
      plus = pt_format_count_signed (extra);
      /* Translators: a ledger entry's reason and a receipt line: the campaign, the
       * multiplier ("2", "1.5") and the bonus points ("+40") */
      reason = g_strdup_printf (_("Campaign “%s”: points ×%s (%s)"), c->name, times, plus);
      if (text == NULL)
        text = g_string_new (reason);
      else
        g_string_append_printf (text, "; %s", reason);
      if (!write)
        continue;

      pt_store_get_points_rules (self, &rules);
      if (pt_store_parse_day (day, &date) && pt_points_rules_expiry_date (&rules, &date, &expiry))
        expires_on = pt_store_format_day (&expiry);
      id = pt_uuid_derive ("campaign-multiplier", c->campaign_id, purchase_id, NULL);
      entry.id = id;
      entry.member_id = member_id;
      entry.kind = PT_POINTS_BONUS;
      entry.points = extra;
      entry.at = at;
      entry.day = day;
      entry.expires_on = expires_on;
      entry.source = "campaign";
      entry.source_id = c->campaign_id;
      entry.reason = reason;
      if (!pt_store_points_append_entry (self, &entry, NULL, error))
        return FALSE;
    }

done:
  if (bonus != NULL)
    *bonus = total;
  if (note != NULL)
    *note = text ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
  return TRUE;
}
