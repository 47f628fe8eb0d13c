/* pt-report-birthdays.c — members whose birthday is in a month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "pt-format.h"
#include "pt-report-builders.h"
#include "pt-store-reports.h"
#include "pt-validation.h"

PtReport *
pt_report_build_birthdays (PtStore               *store,
                           const PtReportParams  *params,
                           GError               **error)
{
  g_autoptr(GDateTime) now = pt_report_params_now (params);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(PtReport) report = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *month_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  PtReportTable *table;
  guint month = params->month ? params->month : (guint) g_date_time_get_month (now);
  int year = g_date_time_get_year (now);

  members = pt_store_list_birthdays (store, month, error);
  if (members == NULL)
    return NULL;

  first = g_date_time_new_local (year, month, 1, 0, 0, 0);
  /* Translators: strftime format of a month in a report title. */
  month_name = g_date_time_format (first, _("%B %Y"));
  title = g_strdup_printf (_("Birthdays in %s"), month_name);
  report = pt_report_new (title);
  pt_report_set_subtitle (report, _("Members to greet, by day"));

  table = pt_report_add_table (report, NULL);
  pt_report_table_add_column (table, _("Day"), 0.7, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Name"), 2.0, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Number"), 1.2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Phone"), 1.4, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Turns"), 0.6, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Tier"), 1.0, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Marketing"), 0.9, PT_REPORT_ALIGN_CENTER);

  for (guint i = 0; i < members->len; i++)
    {
      PtMember *member = g_ptr_array_index (members, i);
      const char *birthday = pt_member_get (member, PT_MEMBER_FIELD_BIRTHDAY);
      g_autofree char *day = g_strndup (birthday + 5, 5);
      g_autofree char *age = g_strdup_printf ("%d", year - atoi (birthday));
      const char *tier = pt_member_get_tier_name (member);
      g_autofree char *phone = pt_phone_format (pt_member_get_phone (member));

      pt_report_table_add_row_values (table, day, pt_member_get_name (member),
                                      pt_member_get_number (member), phone, age,
                                      tier ? tier : "",
                                      pt_member_get_marketing_consent (member)
                                        ? _("Yes") : _("No"));
    }

  if (members->len == 0)
    pt_report_table_set_empty_text (table, _("No member has a birthday this month."));

  {
    g_autofree char *n = pt_format_count (members->len);

    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s birthday", "%s birthdays",
                                          members->len), n);
  }
  {
    const char *totals[] = { _("Total"), count, "", "", "", "", "" };
    pt_report_table_set_totals (table, totals);
  }

  return g_steal_pointer (&report);
}
