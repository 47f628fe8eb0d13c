/* pt-store-campaign-results.c — what a campaign changed, measured
 * against its hold-out control group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-campaigns"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-store-campaign-results.h"
#include "pt-store-campaigns-private.h"
#include "pt-store-insights.h"
#include "pt-store-points-private.h"
#include "pt-store-staff.h"

#define CONFIDENCE 0.95
/* The chart stops here; a longer window is still measured in full. */
#define MAX_CHART_DAYS 731

void
pt_campaign_results_free (PtCampaignResults *results)
{
  if (results == NULL)
    return;
  g_free (results->campaign_id);
  g_free (results->name);
  g_free (results->status);
  g_free (results->from);
  g_free (results->to);
  g_free (results->cumulative_target);
  g_free (results->cumulative_control);
  g_free (results);
}

/* The first and last day measured: from the start (or the launch) to the
 * end (or today) plus the tail, never past today. */
static void
measured_window (PtCampaign   *campaign,
                 const GDate  *today,
                 GDate        *from,
                 GDate        *to)
{
  const char *starts_on = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_STARTS_ON);
  const char *launched_on = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_LAUNCHED_ON);
  const char *ends_on = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_ENDS_ON);
  gint64 tail = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_TAIL_DAYS,
                                     PT_CAMPAIGN_DEFAULT_TAIL);

  GDate launched;

  /* Nobody is in the campaign before its launch: a campaign launched
   * after its first day is measured from the launch. */
  if (!pt_store_parse_day (starts_on, from) && !pt_store_parse_day (launched_on, from))
    *from = *today;
  if (pt_store_parse_day (launched_on, &launched) && g_date_compare (&launched, from) > 0)
    *from = launched;
  if (pt_store_parse_day (ends_on, to))
    g_date_add_days (to, CLAMP (tail, 0, 3650));
  else
    *to = *today;
  if (g_date_compare (to, today) > 0)
    *to = *today;
  if (g_date_compare (to, from) < 0)
    *to = *from;
}

typedef struct
{
  PtGroupSums revenue;
  PtGroupSums visits;
  guint64     buyers;
  gint64      total;
  double     *by_day;    /* revenue on each day of the window */
} GroupTotals;

/* One pass over the audience with each member's purchases in the window
 * (from the member's own entry day for a daily campaign). */
static gboolean
sum_groups (PtStore            *self,
            PtCampaignResults  *r,
            const char         *from,
            const char         *to,
            gint32              first_day,
            GroupTotals        *target,
            GroupTotals        *control,
            GError            **error)
{
  const char *current = NULL;
  g_autofree char *member = NULL;
  GroupTotals *group = NULL;
  gint64 revenue = 0, visits = 0;
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT cm.member_id, cm.grp, cm.reached, p.day, p.amount, p.reverses"
                           " FROM (SELECT member_id, min (grp) AS grp, max (reached) AS reached,"
                           "       min (day) AS day FROM campaign_members WHERE campaign_id = ?1"
                           "       GROUP BY member_id) cm"
                           " LEFT JOIN purchases p ON p.member_id = cm.member_id"
                           " AND p.day >= max (cm.day, ?2) AND p.day <= ?3"
                           " ORDER BY cm.member_id", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, r->campaign_id);
  pt_store_bind_text (stmt, 2, from);
  pt_store_bind_text (stmt, 3, to);

#define CLOSE_MEMBER() \
  G_STMT_START { \
    if (group != NULL) \
      { \
        pt_group_sums_add (&group->revenue, (double) revenue); \
        pt_group_sums_add (&group->visits, (double) visits); \
        group->buyers += visits > 0; \
        group->total += revenue; \
      } \
  } G_STMT_END

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      current = pt_store_column_text (stmt, 0);
      if (g_strcmp0 (current, member) != 0)
        {
          CLOSE_MEMBER ();
          g_free (member);
          member = g_strdup (current);
          revenue = visits = 0;
          group = g_strcmp0 (pt_store_column_text (stmt, 1), "target") == 0 ? target : control;
          if (group == target && sqlite3_column_int (stmt, 2))
            r->reached++;
        }
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          gint64 amount = sqlite3_column_int64 (stmt, 4);
          gint32 day = pt_store_day_number (pt_store_column_text (stmt, 3)) - first_day;

          revenue += amount;
          visits += sqlite3_column_type (stmt, 5) == SQLITE_NULL ? 1 : -1;
          if (day >= 0 && (guint) day < r->n_days)
            group->by_day[day] += (double) amount;
        }
    }
  CLOSE_MEMBER ();
#undef CLOSE_MEMBER
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || pt_store_set_db_error (self, error, _("reading a campaign’s results"));
}

static gboolean
sum_costs (PtStore            *self,
           PtCampaignResults  *r,
           gint64              point_value,
           GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT (SELECT count(DISTINCT e.coupon_id) FROM coupons c"
                           "        JOIN coupon_events e ON e.coupon_id = c.id AND e.event = 'used'"
                           "        WHERE c.campaign_id = ?1),"
                           " (SELECT coalesce (sum (e.discount), 0) FROM coupons c"
                           "        JOIN coupon_events e ON e.coupon_id = c.id AND e.event = 'used'"
                           "        WHERE c.campaign_id = ?1),"
                           " (SELECT coalesce (sum (points), 0) FROM points_entries"
                           "        WHERE source = 'campaign' AND source_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, r->campaign_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      r->redeemed = sqlite3_column_int64 (stmt, 0);
      r->cost_discounts = sqlite3_column_int64 (stmt, 1);
      r->cost_points = sqlite3_column_int64 (stmt, 2);
      r->cost = r->cost_discounts + r->cost_points * point_value / 100;
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || pt_store_set_db_error (self, error, _("reading a campaign’s costs"));
}

static void
cumulate (double  *by_day,
          guint    n_days,
          guint64  members)
{
  double total = 0.0;

  for (guint i = 0; i < n_days; i++)
    {
      total += by_day[i];
      by_day[i] = members > 0 ? total / (double) members : 0.0;
    }
}

PtCampaignResults *
pt_store_campaign_results (PtStore      *self,
                           const char   *key,
                           const GDate  *today,
                           GError      **error)
{
  g_autoptr(PtCampaign) campaign = pt_store_get_campaign (self, key, error);
  g_autoptr(PtCampaignResults) r = NULL;
  g_autofree char *today_text = NULL;
  GroupTotals target = { { 0, }, }, control = { { 0, }, };
  GDate day, from, to;

  if (campaign == NULL)
    return NULL;
  if (today != NULL)
    day = *today;
  else
    pt_store_today (&day);
  today_text = pt_store_format_day (&day);
  measured_window (campaign, &day, &from, &to);

  r = g_new0 (PtCampaignResults, 1);
  r->campaign_id = g_strdup (pt_campaign_get_id (campaign));
  r->name = g_strdup (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME));
  r->status = g_strdup (pt_campaign_status_key (pt_campaign_get_status (campaign, today_text)));
  r->from = pt_store_format_day (&from);
  r->to = pt_store_format_day (&to);
  r->n_days = MIN (g_date_days_between (&from, &to) + 1, MAX_CHART_DAYS);
  r->cumulative_target = target.by_day = g_new0 (double, r->n_days);
  r->cumulative_control = control.by_day = g_new0 (double, r->n_days);

  if (!sum_groups (self, r, r->from, r->to, pt_store_day_number (r->from), &target, &control, error) ||
      !sum_costs (self, r,
                  pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_POINT_VALUE,
                                       PT_CAMPAIGN_DEFAULT_POINT_VALUE), error))
    return NULL;

  r->target = target.revenue.n;
  r->control = control.revenue.n;
  r->audience = r->target + r->control;
  r->redemption_rate = r->reached > 0 ? (double) r->redeemed / (double) r->reached : 0.0;
  r->revenue_target = target.total;
  r->revenue_control = control.total;
  r->revenue_per_member_target = pt_group_sums_mean (&target.revenue);
  r->revenue_per_member_control = pt_group_sums_mean (&control.revenue);
  r->visits_per_member_target = pt_group_sums_mean (&target.visits);
  r->visits_per_member_control = pt_group_sums_mean (&control.visits);
  r->buyers_rate_target = r->target > 0 ? (double) target.buyers / (double) r->target : 0.0;
  r->buyers_rate_control = r->control > 0 ? (double) control.buyers / (double) r->control : 0.0;
  pt_uplift_means (&target.revenue, &control.revenue, CONFIDENCE, &r->revenue_uplift);
  pt_uplift_means (&target.visits, &control.visits, CONFIDENCE, &r->visits_uplift);
  pt_uplift_rates (target.buyers, r->target, control.buyers, r->control, CONFIDENCE,
                   &r->buyers_uplift);
  /* Without enough of a control group nothing can be said of what the
   * campaign changed: no uplift, no incremental revenue, no return. */
  r->measurable = r->revenue_uplift.measurable;
  if (r->measurable)
    {
      r->incremental_revenue = r->revenue_uplift.estimate * (double) r->target;
      r->return_on_spend = r->cost > 0 ? r->incremental_revenue / (double) r->cost : 0.0;
    }
  cumulate (r->cumulative_target, r->n_days, r->target);
  cumulate (r->cumulative_control, r->n_days, r->control);
  return g_steal_pointer (&r);
}

GPtrArray *
pt_store_campaign_contacts (PtStore     *self,
                            const char  *key,
                            gboolean     consenting_only,
                            GError     **error)
{
  g_autoptr(PtCampaign) campaign = pt_store_get_campaign (self, key, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  sqlite3_stmt *stmt;
  int rc;

  if (campaign == NULL)
    return NULL;
  /* Phone numbers and e-mails to take away: not for every till. */
  if (!pt_store_require (self, PT_PERMISSION_EXPORT_PERSONAL_DATA, error))
    return NULL;
  stmt = pt_store_prepare (self,
                           "SELECT DISTINCT m.number, m.name, m.phone, m.email, t.name,"
                           " (SELECT max (p.day) FROM purchases p WHERE p.member_id = m.id)"
                           " FROM campaign_members cm JOIN members m ON m.id = cm.member_id"
                           " LEFT JOIN tiers t ON t.id = m.tier_id"
                           " WHERE cm.campaign_id = ?1 AND cm.grp = 'target' AND cm.reached = 1"
                           " AND m.deleted = 0 AND (?2 = 0 OR m.marketing_consent = 1)"
                           " ORDER BY m.number", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, pt_campaign_get_id (campaign));
  sqlite3_bind_int (stmt, 2, consenting_only);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 7);

      for (guint i = 0; i < 6; i++)
        row[i] = g_strdup (pt_store_column_text (stmt, i) ? pt_store_column_text (stmt, i) : "");
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading a campaign’s audience"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}
