/* pt-report-privacy.c — everything held about one member, readable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built from the JSON of the export itself, so the PDF and the JSON a
 * person receives can never say different things.
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "pt-report-privacy.h"
#include "pt-report-table.h"

static const struct
{
  const char *key;
  const char *title;
} sections[] = {
  { "purchases", N_("Purchases") },
  { "coupons", N_("Coupons") },
  { "redemptions", N_("Redemptions") },
  { "tier_changes", N_("Tier changes") },
  { "consent_changes", N_("Marketing consent") },
  { "merged_members", N_("Members merged into this one") },
};

/* A JSON value as one line of text. */
static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_VALUE (node))
    return json_to_string (node, FALSE);
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    default:
      return g_strdup (json_node_get_string (node));
    }
}

/* "expires_on" → "expires on": the keys of the export are its column
 * names, in the form the JSON has them. */
static char *
key_title (const char *key)
{
  return g_strdelimit (g_strdup (key), "_", ' ');
}

static void
add_object_table (PtReport   *report,
                  const char *caption,
                  JsonObject *object)
{
  PtReportTable *table = pt_report_add_table (report, caption);
  g_autoptr(GList) keys = json_object_get_members (object);

  pt_report_table_add_column (table, _("Field"), 1, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Value"), 3, PT_REPORT_ALIGN_START);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autofree char *title = key_title (l->data);
      g_autofree char *value = value_text (json_object_get_member (object, l->data));

      pt_report_table_add_row_values (table, title, value);
    }
}

static void
add_array_table (PtReport   *report,
                 const char *caption,
                 JsonArray  *array)
{
  PtReportTable *table = pt_report_add_table (report, caption);
  JsonObject *first = json_array_get_length (array) > 0
                      ? json_array_get_object_element (array, 0) : NULL;
  g_autoptr(GList) keys = NULL;
  guint n = 0;

  if (first == NULL)
    {
      pt_report_table_add_column (table, caption, 1, PT_REPORT_ALIGN_START);
      pt_report_table_set_empty_text (table, _("None"));
      return;
    }
  /* Row ids are for machines; the JSON file has them. */
  for (GList *l = json_object_get_members (first); l != NULL; l = g_list_delete_link (l, l))
    if (g_strcmp0 (l->data, "id") != 0 && !g_str_has_suffix (l->data, "_id"))
      keys = g_list_append (keys, l->data);
  for (GList *l = keys; l != NULL; l = l->next, n++)
    {
      g_autofree char *title = key_title (l->data);

      pt_report_table_add_column (table, title, 1, PT_REPORT_ALIGN_START);
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

      for (GList *l = keys; l != NULL; l = l->next)
        g_ptr_array_add (cells, value_text (row ? json_object_get_member (row, l->data) : NULL));
      g_ptr_array_add (cells, NULL);
      pt_report_table_add_row (table, (const char * const *) cells->pdata);
    }
}

PtReport *
pt_report_privacy_new (JsonObject *exported)
{
  JsonObject *member;
  JsonObject *points;
  PtReport *report;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (exported != NULL, NULL);

  member = json_object_get_object_member (exported, "member");
  /* Translators: the title of a member's data access report. */
  report = pt_report_new (_("Personal data held by Patron"));
  if (member != NULL)
    {
      subtitle = g_strdup_printf ("%s · %s",
                                  json_object_get_string_member_with_default (member, "number", ""),
                                  json_object_get_string_member_with_default (member, "name", ""));
      pt_report_set_subtitle (report, subtitle);
      add_object_table (report, _("Profile"), member);
    }
  pt_report_set_branch (report, json_object_get_string_member_with_default (exported, "branch",
                                                                             NULL));
  pt_report_add_paragraph (report, _("This is everything this shop’s membership system holds"
                                     " about you, as of the date below. The same data is"
                                     " available as a JSON file."));

  points = json_object_get_object_member (exported, "points");
  if (points != NULL)
    {
      g_autofree char *balance = g_strdup_printf (_("Points balance: %" PRId64),
                                                  json_object_get_int_member_with_default (points,
                                                                                          "balance",
                                                                                          0));
      JsonArray *entries = json_object_get_array_member (points, "entries");

      pt_report_add_paragraph (report, balance);
      if (entries != NULL)
        add_array_table (report, _("Points entries"), entries);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      JsonArray *array = json_object_has_member (exported, sections[i].key)
                         ? json_object_get_array_member (exported, sections[i].key) : NULL;

      if (array != NULL)
        add_array_table (report, _(sections[i].title), array);
    }
  return report;
}
