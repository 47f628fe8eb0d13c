/* pt-cli-verify.c — patron-cli verify: every balance equals its entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-cli.h"
#include "pt-store-points.h"

int
pt_cli_verify (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GPtrArray) mismatches = NULL;
  g_autoptr(GError) error = NULL;
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("verify: unexpected argument “%s”"), argv[1]);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (mismatches = pt_store_points_verify (store, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonObject *o = json_object_new ();
      JsonArray *list = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      for (guint i = 0; i < mismatches->len; i++)
        {
          PtPointsMismatch *m = g_ptr_array_index (mismatches, i);
          JsonObject *mo = json_object_new ();

          json_object_set_string_member (mo, "member_id", m->member_id);
          json_object_set_string_member (mo, "number", m->number);
          json_object_set_int_member (mo, "balance", m->balance);
          json_object_set_int_member (mo, "entries_sum", m->entries_sum);
          json_object_set_string_member (mo, "problem", m->problem);
          json_array_add_object_element (list, mo);
        }
      json_object_set_boolean_member (o, "ok", mismatches->len == 0);
      json_object_set_array_member (o, "mismatches", list);
      json_node_take_object (node, o);
      pt_cli_print_json (node);
    }
  else if (mismatches->len == 0)
    g_print ("%s\n", _("All balances equal the sum of their entries."));
  else
    {
      for (guint i = 0; i < mismatches->len; i++)
        {
          PtPointsMismatch *m = g_ptr_array_index (mismatches, i);
          g_print ("%s  %s\n", m->number ? m->number : m->member_id, m->problem);
        }
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "patron-cli: %u mismatch found\n",
                               "patron-cli: %u mismatches found\n", mismatches->len),
                  mismatches->len);
    }

  return mismatches->len == 0 ? 0 : 1;
}
