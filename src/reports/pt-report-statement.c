/* pt-report-statement.c — one member's statement: ledger, lots, coupons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-report-builders.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"

#define EXPIRING_DAYS 30

static char *
signed_points (gint64 points)
{
  g_autofree char *count = pt_format_count (points);

  return points > 0 ? g_strconcat ("+", count, NULL) : g_steal_pointer (&count);
}

static char *
iso_day (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

/* The origin of an entry, for people. */
static const char *
source_label (const char *source)
{
  static const struct { const char *source; const char *label; } labels[] = {
    { "purchase", N_("Purchase") },
    { "redemption", N_("Redemption") },
    { "campaign", N_("Campaign") },
    { "rule", N_("Rule") },
    { "manual", N_("Manual") },
  };

  for (guint i = 0; source != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (source, labels[i].source) == 0)
      return _(labels[i].label);
  return source ? source : "";
}

static void
add_ledger (PtReport             *report,
            PtPointsSummary      *summary,
            const PtReportParams *params)
{
  g_autofree char *first = g_date_valid (&params->from) ? iso_day (&params->from) : NULL;
  g_autofree char *last = g_date_valid (&params->to) ? iso_day (&params->to) : NULL;
  PtReportTable *table = pt_report_add_table (report, _("Points ledger"));
  gint64 opening = 0, closing = 0, change = 0;
  gboolean any = FALSE;

  pt_report_table_add_column (table, _("Date"), 1.1, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Entry"), 1.2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Details"), 2.6, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Expires"), 1.1, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Points"), 0.9, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Balance"), 0.9, PT_REPORT_ALIGN_END);

  for (guint i = 0; i < summary->entries->len; i++)
    {
      PtPointsEntry *entry = g_ptr_array_index (summary->entries, i);
      g_autofree char *points = NULL;
      g_autofree char *balance = NULL;
      const char *details;

      if (first != NULL && g_strcmp0 (entry->day, first) < 0)
        {
          opening = entry->balance;
          closing = entry->balance;
          continue;
        }
      if (last != NULL && g_strcmp0 (entry->day, last) > 0)
        break;

      if (!any && first != NULL)
        {
          g_autofree char *brought = pt_format_count (opening);
          pt_report_table_add_row_values (table, first, _("Brought forward"), "", "", "", brought);
        }
      any = TRUE;

      points = signed_points (entry->points);
      balance = pt_format_count (entry->balance);
      details = entry->reason && *entry->reason ? entry->reason : source_label (entry->source);
      pt_report_table_add_row_values (table, entry->day, pt_points_kind_label (entry->kind),
                                      details, entry->points > 0 ? entry->expires_on : "",
                                      points, balance);
      change += entry->points;
      closing = entry->balance;
    }

  if (!any)
    pt_report_table_set_empty_text (table, _("No points entries in this period."));

  {
    g_autofree char *net = signed_points (change);
    g_autofree char *end = pt_format_count (closing);
    const char *totals[] = { "", "", _("Closing balance"), "", net, end };

    pt_report_table_set_totals (table, totals);
  }
}

static void
add_lots (PtReport        *report,
          PtPointsSummary *summary)
{
  PtReportTable *table = pt_report_add_table (report, _("Open lots, spent first to last"));
  gint64 left = 0;

  pt_report_table_add_column (table, _("Earned on"), 1.2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Entry"), 1.2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Earned"), 1, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Left"), 1, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Expires"), 1.2, PT_REPORT_ALIGN_START);

  for (guint i = 0; i < summary->lots->len; i++)
    {
      PtPointsEntry *lot = g_ptr_array_index (summary->lots, i);
      g_autofree char *earned = pt_format_count (lot->points);
      g_autofree char *remaining = pt_format_count (lot->remaining);

      pt_report_table_add_row_values (table, lot->day, pt_points_kind_label (lot->kind), earned,
                                      remaining, lot->expires_on ? lot->expires_on : _("Never"));
      left += lot->remaining;
    }

  if (summary->lots->len == 0)
    pt_report_table_set_empty_text (table, _("No open lots."));
  else
    {
      g_autofree char *total = pt_format_count (left);
      const char *totals[] = { _("Total"), "", "", total, "" };

      pt_report_table_set_totals (table, totals);
    }
}

static gboolean
add_coupons (PtReport    *report,
             PtStore     *store,
             const char  *member_id,
             GError     **error)
{
  g_autoptr(GPtrArray) coupons = pt_store_list_coupons (store, member_id, error);
  PtPointsRules rules;
  PtReportTable *table;

  if (coupons == NULL)
    return FALSE;

  pt_store_get_points_rules (store, &rules);
  table = pt_report_add_table (report, _("Coupons"));
  pt_report_table_add_column (table, _("Code"), 1.3, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("For"), 2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Value"), 0.9, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Expires"), 1.1, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("State"), 1, PT_REPORT_ALIGN_START);

  for (guint i = 0; i < coupons->len; i++)
    {
      PtCoupon *coupon = g_ptr_array_index (coupons, i);
      g_autofree char *value = pt_coupon_get_amount (coupon) > 0
        ? pt_money_format (pt_coupon_get_amount (coupon), rules.currency)
        : g_strdup_printf ("%" G_GINT64_FORMAT "%%", pt_coupon_get_percent (coupon));
      const char *expires = pt_coupon_get_expires_on (coupon);

      pt_report_table_add_row_values (table, pt_coupon_get_code (coupon),
                                      pt_coupon_get_title (coupon), value,
                                      expires ? expires : _("Never"),
                                      pt_coupon_state_label (pt_coupon_get_state (coupon)));
    }

  if (coupons->len == 0)
    pt_report_table_set_empty_text (table, _("No coupons."));
  return TRUE;
}

PtReport *
pt_report_build_statement (PtStore               *store,
                           const PtReportParams  *params,
                           GError               **error)
{
  g_autoptr(GDateTime) now = pt_report_params_now (params);
  g_autoptr(PtMember) member = NULL;
  g_autoptr(PtReport) report = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *balance = NULL;
  g_autofree char *summary_text = NULL;
  PtPointsSummary *summary;
  const char *tier;
  GDate today;

  member = pt_store_get_member (store, params->member, FALSE, error);
  if (member == NULL)
    return NULL;

  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  summary = pt_store_points_summary (store, pt_member_get_id (member), EXPIRING_DAYS, &today, error);
  if (summary == NULL)
    return NULL;

  report = pt_report_new (_("Member statement"));
  tier = pt_member_get_tier_name (member);
  g_string_append_printf (subtitle, "%s · %s", pt_member_get_name (member),
                          pt_member_get_number (member));
  if (tier != NULL)
    g_string_append_printf (subtitle, " · %s", tier);
  if (g_date_valid (&params->from) && g_date_valid (&params->to))
    {
      g_autofree char *first = iso_day (&params->from);
      g_autofree char *last = iso_day (&params->to);
      /* Translators: a report's period, from and to as YYYY-MM-DD. */
      g_string_append_printf (subtitle, " · ");
      g_string_append_printf (subtitle, _("%s to %s"), first, last);
    }
  pt_report_set_subtitle (report, subtitle->str);

  balance = pt_format_count (summary->balance);
  if (summary->expiring > 0)
    {
      g_autofree char *expiring = pt_format_count (summary->expiring);
      summary_text = g_strdup_printf (_("Balance: %s points. %s points expire in the next %d days "
                                        "(the first on %s)."),
                                      balance, expiring, EXPIRING_DAYS,
                                      summary->next_expiry ? summary->next_expiry : "");
    }
  else
    summary_text = g_strdup_printf (_("Balance: %s points. None expire in the next %d days."),
                                    balance, EXPIRING_DAYS);
  pt_report_add_paragraph (report, summary_text);

  add_ledger (report, summary, params);
  add_lots (report, summary);
  if (!add_coupons (report, store, pt_member_get_id (member), error))
    {
      pt_points_summary_free (summary);
      return NULL;
    }

  pt_points_summary_free (summary);
  return g_steal_pointer (&report);
}
