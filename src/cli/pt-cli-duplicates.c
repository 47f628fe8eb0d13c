/* pt-cli-duplicates.c — patron-cli members duplicates|merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-cli.h"
#include "pt-duplicates.h"
#include "pt-store-members.h"
#include "pt-store-merge.h"

static JsonNode *
side_to_json (const PtMemberIdentity *side)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, side->id);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, side->number);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, side->name);
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, side->phone);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, side->email);
  json_builder_set_member_name (builder, "birthday");
  json_builder_add_string_value (builder, side->birthday);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
pairs_to_json (GPtrArray *pairs)
{
  JsonArray *array = json_array_new ();
  JsonNode *root = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < pairs->len; i++)
    {
      PtDuplicatePair *pair = g_ptr_array_index (pairs, i);
      JsonObject *object = json_object_new ();
      JsonArray *reasons = json_array_new ();

      for (guint r = 0; r < PT_DUPLICATE_N_REASONS; r++)
        if (pair->reasons & (1u << r))
          json_array_add_string_element (reasons, pt_duplicate_reason_key (1u << r));
      json_object_set_member (object, "left", side_to_json (pair->left));
      json_object_set_member (object, "right", side_to_json (pair->right));
      json_object_set_array_member (object, "reasons", reasons);
      json_object_set_double_member (object, "score", pair->score);
      json_array_add_object_element (array, object);
    }
  json_node_take_array (root, array);
  return root;
}

static char *
reasons_text (guint flags)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  for (guint r = 0; r < PT_DUPLICATE_N_REASONS; r++)
    if (flags & (1u << r))
      g_ptr_array_add (words, (gpointer) pt_duplicate_reason_label (1u << r));
  g_ptr_array_add (words, NULL);
  /* Translators: the separator between reasons, “Same phone; Same e-mail”. */
  return g_strjoinv (_("; "), (char **) words->pdata);
}

int
pt_cli_members_duplicates (PtCliContext  *ctx,
                    int            argc,
                    char         **argv)
{
  g_autofree char *limit_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text, N_("Show at most N pairs (all)"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  const PtCliColumn columns[] = {
    { _("Score"), 6, TRUE },
    { _("Number"), 14, FALSE },
    { _("Name"), 24, FALSE },
    { _("Number"), 14, FALSE },
    { _("Name"), 24, FALSE },
    { _("Reasons"), 48, FALSE },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  guint64 limit = 0;
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error) ||
      (limit_text != NULL && !pt_cli_parse_uint ("--limit", limit_text, 1, G_MAXUINT, &limit, &error)))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage ("%s", _("members duplicates: takes no arguments"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (pairs = pt_duplicates_find (store, (guint) limit, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      pt_cli_print_json (pairs_to_json (pairs));
      return 0;
    }
  if (pairs->len == 0)
    {
      g_print ("%s\n", _("No likely duplicates."));
      return 0;
    }
  for (guint i = 0; i < pairs->len; i++)
    {
      PtDuplicatePair *pair = g_ptr_array_index (pairs, i);
      char **cells = g_new0 (char *, G_N_ELEMENTS (columns) + 1);

      cells[0] = g_strdup_printf ("%.2f", pair->score);
      cells[1] = g_strdup (pair->left->number);
      cells[2] = g_strdup (pair->left->name);
      cells[3] = g_strdup (pair->right->number);
      cells[4] = g_strdup (pair->right->name);
      cells[5] = reasons_text (pair->reasons);
      g_ptr_array_add (rows, cells);
    }
  pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
  return 0;
}

int
pt_cli_members_merge (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  g_autofree char *take_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "take", 0, 0, G_OPTION_ARG_STRING, &take_text,
      N_("Take these fields from OTHER (the others keep the survivor's value, empty ones are"
         " filled from OTHER)"), N_("FIELD,…") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the survivor as a JSON object"), NULL },
    { NULL, },
  };
  g_auto(GStrv) take = NULL;
  char **which;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) survivor = NULL;
  g_autoptr(PtMember) other = NULL;
  g_autoptr(PtMember) merged = NULL;
  PtStore *store;

  if (!pt_cli_parse (_("SURVIVOR OTHER"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_positional (argc, argv, 2);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", _("members merge: give the survivor and the member merged"
                                      " into it (numbers or ids)"));
  if (take_text != NULL)
    {
      take = g_strsplit (take_text, ",", -1);
      for (guint i = 0; take[i] != NULL; i++)
        {
          g_strstrip (take[i]);
          if (pt_member_field_from_key (take[i]) < 0)
            return pt_cli_fail_usage (_("--take: “%s” is not a member field"), take[i]);
        }
    }

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (survivor = pt_store_get_member (store, which[0], FALSE, &error)) == NULL ||
      (other = pt_store_get_member (store, which[1], FALSE, &error)) == NULL)
    return pt_cli_fail (error);
  merged = pt_store_merge_fields (survivor, other, (const char * const *) take);
  if (!pt_store_merge_members (store, merged, pt_member_get_id (other), &error))
    return pt_cli_fail (error);

  if (json)
    {
      g_autoptr(PtMember) stored = pt_store_get_member (store, pt_member_get_id (survivor), FALSE,
                                                        &error);
      JsonNode *node;

      if (stored == NULL)
        return pt_cli_fail (error);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, pt_cli_member_to_json (stored));
      pt_cli_print_json (node);
    }
  else
    /* Translators: “Merged HQ-000034 (Ann Lee) into HQ-000012 (Ann Lee).” */
    g_print (_("Merged %s (%s) into %s (%s).\n"), pt_member_get_number (other),
             pt_member_get_name (other), pt_member_get_number (survivor),
             pt_member_get_name (merged));
  return 0;
}
