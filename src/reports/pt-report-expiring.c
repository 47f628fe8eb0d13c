/* pt-report-expiring.c — points that expire in the next days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-format.h"
#include "pt-report-builders.h"
#include "pt-store-reports.h"
#include "pt-validation.h"

#define DEFAULT_DAYS 30

PtReport *
pt_report_build_expiring (PtStore               *store,
                          const PtReportParams  *params,
                          GError               **error)
{
  g_autoptr(GDateTime) now = pt_report_params_now (params);
  g_autoptr(GPtrArray) lots = NULL;
  g_autoptr(GHashTable) members = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PtReport) report = NULL;
  g_autofree char *title = NULL;
  g_autofree char *points_text = NULL;
  g_autofree char *members_text = NULL;
  guint days = params->days ? params->days : DEFAULT_DAYS;
  PtReportTable *table;
  gint64 points = 0;
  GDate today, last;
  char first_text[16], last_text[16];

  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  last = today;
  g_date_add_days (&last, days);

  lots = pt_store_list_expiring_lots (store, &today, &last, error);
  if (lots == NULL)
    return NULL;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Points expiring in the next %u day",
                                        "Points expiring in the next %u days", days), days);
  report = pt_report_new (title);
  g_date_strftime (first_text, sizeof first_text, "%Y-%m-%d", &today);
  g_date_strftime (last_text, sizeof last_text, "%Y-%m-%d", &last);
  {
    g_autofree char *subtitle = g_strdup_printf (_("%s to %s"), first_text, last_text);
    pt_report_set_subtitle (report, subtitle);
  }

  table = pt_report_add_table (report, NULL);
  pt_report_table_add_column (table, _("Expires"), 1.1, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Number"), 1.2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Name"), 2.2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Phone"), 1.4, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Points"), 0.9, PT_REPORT_ALIGN_END);

  for (guint i = 0; i < lots->len; i++)
    {
      PtExpiringLot *lot = g_ptr_array_index (lots, i);
      g_autofree char *amount = pt_format_count (lot->points);
      g_autofree char *phone = pt_phone_format (lot->phone);

      pt_report_table_add_row_values (table, lot->expires_on, lot->number, lot->name, phone,
                                      amount);
      points += lot->points;
      g_hash_table_add (members, lot->member_id);
    }

  if (lots->len == 0)
    pt_report_table_set_empty_text (table, _("No points expire in these days."));

  points_text = pt_format_count (points);
  {
    g_autofree char *n = pt_format_count (g_hash_table_size (members));

    members_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members",
                                                 g_hash_table_size (members)), n);
  }
  {
    const char *totals[] = { _("Total"), "", members_text, "", points_text };
    pt_report_table_set_totals (table, totals);
  }

  return g_steal_pointer (&report);
}
