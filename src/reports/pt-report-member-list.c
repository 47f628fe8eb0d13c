/* pt-report-member-list.c — the member list, all or a search's matches
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

typedef struct
{
  PtReportTable *table;
  gint64         count;
  gint64         points;
} ListState;

static gboolean
add_member_cb (PtMember *member,
               gpointer  user_data)
{
  ListState *state = user_data;
  g_autofree char *points = pt_format_count (pt_member_get_points_balance (member));
  g_autofree char *phone = pt_phone_format (pt_member_get_phone (member));
  const char *tier = pt_member_get_tier_name (member);

  pt_report_table_add_row_values (state->table,
                                  pt_member_get_number (member),
                                  pt_member_get_name (member),
                                  phone,
                                  pt_member_get_email (member),
                                  pt_member_get (member, PT_MEMBER_FIELD_CITY),
                                  pt_member_get (member, PT_MEMBER_FIELD_JOINED_ON),
                                  tier ? tier : "",
                                  points);
  state->count++;
  state->points += pt_member_get_points_balance (member);
  return TRUE;
}

PtReport *
pt_report_build_member_list (PtStore               *store,
                             const PtReportParams  *params,
                             GError               **error)
{
  g_autoptr(PtReport) report = pt_report_new (_("Member list"));
  ListState state = { NULL, 0, 0 };
  g_autofree char *count = NULL;
  g_autofree char *points = NULL;
  g_autofree char *members = NULL;
  const char *filter = params->filter;

  if (filter != NULL && *filter != '\0')
    {
      g_autofree char *subtitle = g_strdup_printf (_("Members matching “%s”"), filter);
      pt_report_set_subtitle (report, subtitle);
    }
  else
    pt_report_set_subtitle (report, _("All members"));

  state.table = pt_report_add_table (report, NULL);
  pt_report_table_add_column (state.table, _("Number"), 1.3, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("Name"), 1.7, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("Phone"), 1.7, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("E-mail"), 2.2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("City"), 1.1, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("Joined"), 1.3, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("Tier"), 1.0, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("Points"), 0.9, PT_REPORT_ALIGN_END);

  if (!pt_store_foreach_report_member (store, filter, add_member_cb, &state, error))
    return NULL;

  if (state.count == 0)
    pt_report_table_set_empty_text (state.table, filter && *filter
                                                   ? _("No members match the search.")
                                                   : _("There are no members yet."));

  count = pt_format_count (state.count);
  points = pt_format_count (state.points);
  members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members",
                                          (gulong) state.count), count);
  {
    const char *totals[] = { _("Total"), members, "", "", "", "", "", points };
    pt_report_table_set_totals (state.table, totals);
  }

  return g_steal_pointer (&report);
}
