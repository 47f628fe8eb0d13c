/* pt-report-member-list.c — the member list: all, a segment's or a search's matches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-format.h"
#include "pt-report-builders.h"
#include "pt-segment-rules.h"
#include "pt-store-reports.h"
#include "pt-store-segment-members.h"
#include "pt-store-segments.h"
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

/* The segment @key (name or id) compiled as of @now's day. */
static PtSegmentQuery *
compile_segment (PtStore     *store,
                 const char  *key,
                 GDateTime   *now,
                 char       **name,
                 GError     **error)
{
  g_autoptr(PtSegment) segment = pt_store_get_segment (store, key, error);
  g_autoptr(GDateTime) local_now = now ? g_date_time_ref (now) : g_date_time_new_now_local ();
  g_autoptr(GError) local_error = NULL;
  PtSegmentQuery *query;
  GDate today;

  if (segment == NULL)
    return NULL;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (local_now),
                  g_date_time_get_month (local_now), g_date_time_get_year (local_now));
  query = pt_segment_compile_text (pt_segment_get (segment, PT_SEGMENT_FIELD_RULES), &today,
                                   &local_error);
  if (query == NULL)
    {
      g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID, _("Segment “%s”: %s"),
                   pt_segment_get (segment, PT_SEGMENT_FIELD_NAME), local_error->message);
      return NULL;
    }
  *name = g_strdup (pt_segment_get (segment, PT_SEGMENT_FIELD_NAME));
  return query;
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
  g_autoptr(PtSegmentQuery) segment = NULL;
  g_autofree char *segment_name = NULL;
  const char *filter = params->filter;
  gboolean ok;

  if (params->segment != NULL && *params->segment != '\0')
    {
      segment = compile_segment (store, params->segment, params->now, &segment_name, error);
      if (segment == NULL)
        return NULL;
    }

  if (segment != NULL && filter != NULL && *filter != '\0')
    {
      g_autofree char *subtitle =
        g_strdup_printf (_("Members of the segment “%s” matching “%s”"), segment_name, filter);
      pt_report_set_subtitle (report, subtitle);
    }
  else if (segment != NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (_("Members of the segment “%s”"), segment_name);
      pt_report_set_subtitle (report, subtitle);
    }
  else if (filter != NULL && *filter != '\0')
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

  if (segment != NULL)
    ok = pt_store_foreach_matching_member (store, segment->where, segment->params, filter,
                                           add_member_cb, &state, error);
  else
    ok = pt_store_foreach_report_member (store, filter, add_member_cb, &state, error);
  if (!ok)
    return NULL;

  if (state.count == 0)
    pt_report_table_set_empty_text (state.table, filter && *filter
                                                   ? _("No members match the search.")
                                                   : segment != NULL
                                                   ? _("No members are in the segment.")
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
