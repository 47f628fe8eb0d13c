/* pt-cli-segments.c — patron-cli segments add|list|show|count|members|delete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-segments.h"

/* The rules in @path, or on standard input for "-". */
static char *
read_rules (const char  *path,
            GError     **error)
{
  char *text = NULL;

  if (g_strcmp0 (path, "-") == 0)
    {
      GString *in = g_string_new (NULL);
      char buffer[4096];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (in, buffer, n);
      if (ferror (stdin))
        {
          g_string_free (in, TRUE);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Reading the rules from standard input failed"));
          return NULL;
        }
      return g_string_free (in, FALSE);
    }
  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return text;
}

static void
today (GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_time_t (date, time (NULL));
}

/* Compiles @rules, refusing what the grammar refuses (the message names
 * the rule's path). */
static PtSegmentQuery *
compile (const char  *rules,
         GError     **error)
{
  GDate date;

  today (&date);
  return pt_segment_compile_text (rules, &date, error);
}

static gboolean
count_rules (PtStore     *store,
             const char  *rules,
             gint64      *count,
             GError     **error)
{
  g_autoptr(PtSegmentQuery) query = compile (rules, error);

  return query != NULL && pt_store_count_matching (store, query->where, query->params, count, error);
}

static void
print_node_or_text (gboolean    json,
                    JsonNode   *node,
                    const char *text)
{
  if (json)
    pt_cli_print_json (node);
  else
    {
      g_print ("%s\n", text);
      json_node_unref (node);
    }
}

static int
segments_add (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *rules_path = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The segment’s name"), N_("NAME") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("What it is for"), N_("TEXT") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
      N_("The rules (JSON) in FILE, or - for standard input"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegment) segment = pt_segment_new ();
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("segments add: unexpected argument “%s”"), argv[1]);
  if (name == NULL || rules_path == NULL)
    return pt_cli_fail_usage ("%s", _("segments add: give --name NAME and --rules FILE "
                                        "(or - for standard input)"));
  if ((rules = read_rules (rules_path, &error)) == NULL || (query = compile (rules, &error)) == NULL)
    return pt_cli_fail (error);

  pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, name);
  pt_segment_set (segment, PT_SEGMENT_FIELD_DESCRIPTION, description);
  pt_segment_set (segment, PT_SEGMENT_FIELD_RULES, rules);
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || !pt_store_add_segment (store, segment, &error))
    return pt_cli_fail (error);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, pt_segment_to_json (segment));
  text = g_strdup_printf (_("Added segment “%s” (%s)."), name, pt_segment_get_id (segment));
  print_node_or_text (json, node, text);
  return 0;
}

static int
segments_list (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("segments list: unexpected argument “%s”"), argv[1]);
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (segments = pt_store_list_segments (store, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < segments->len; i++)
        json_array_add_object_element (array, pt_segment_to_json (segments->pdata[i]));
      json_node_take_array (node, array);
      pt_cli_print_json (node);
      return 0;
    }
  for (guint i = 0; i < segments->len; i++)
    {
      PtSegment *s = segments->pdata[i];
      const char *description = pt_segment_get (s, PT_SEGMENT_FIELD_DESCRIPTION);

      g_print ("%s  %s%s%s\n", pt_segment_get_id (s), pt_segment_get (s, PT_SEGMENT_FIELD_NAME),
               description ? " — " : "", description ? description : "");
    }
  return 0;
}

/* show S, count S | --rules FILE, members S, delete S: one segment. */
static PtSegment *
one_segment (PtCliContext  *ctx,
             int            argc,
             char         **argv,
             const char    *usage,
             PtStore      **store,
             GError       **error)
{
  const char *which = pt_cli_single_argument (argc, argv);

  if (which == NULL)
    {
      pt_cli_fail_usage ("%s", usage);
      return NULL;
    }
  *store = pt_cli_get_store (ctx, error);
  if (*store == NULL)
    return NULL;
  return pt_store_get_segment (*store, which, error);
}

static int
segments_show (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegment) segment = NULL;
  g_autoptr(JsonObject) o = NULL;
  PtStore *store = NULL;
  gint64 count = 0;

  if (!pt_cli_parse ("SEGMENT", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  segment = one_segment (ctx, argc, argv, _("segments show: give one segment name or id"), &store, &error);
  if (segment == NULL)
    return error ? pt_cli_fail (error) : 2;
  if (!count_rules (store, pt_segment_get (segment, PT_SEGMENT_FIELD_RULES), &count, &error))
    return pt_cli_fail (error);

  o = pt_segment_to_json (segment);
  json_object_set_int_member (o, "count", count);
  if (json)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, o);
      pt_cli_print_json (node);
      return 0;
    }
  g_print ("%s (%s)\n", pt_segment_get (segment, PT_SEGMENT_FIELD_NAME), pt_segment_get_id (segment));
  if (pt_segment_get (segment, PT_SEGMENT_FIELD_DESCRIPTION))
    g_print ("%s\n", pt_segment_get (segment, PT_SEGMENT_FIELD_DESCRIPTION));
  g_print ("%s\n", pt_segment_get (segment, PT_SEGMENT_FIELD_RULES));
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, count);

    /* TRANSLATORS: %s is a number of members */
    g_print (_("%s members"), number);
    g_print ("\n");
  }
  return 0;
}

static int
segments_count (PtCliContext  *ctx,
                int            argc,
                char         **argv)
{
  g_autofree char *rules_path = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
      N_("Count the rules (JSON) in FILE, or - for standard input"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegment) segment = NULL;
  g_autofree char *rules = NULL;
  PtStore *store = NULL;
  gint64 count = 0;

  if (!pt_cli_parse ("SEGMENT", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (rules_path != NULL)
    {
      if (argc > 1)
        return pt_cli_fail_usage ("%s", _("segments count: give a segment or --rules FILE, not both"));
      if ((rules = read_rules (rules_path, &error)) == NULL ||
          (store = pt_cli_get_store (ctx, &error)) == NULL)
        return pt_cli_fail (error);
    }
  else
    {
      segment = one_segment (ctx, argc, argv,
                             _("segments count: give one segment name or id, or --rules FILE"), &store,
                             &error);
      if (segment == NULL)
        return error ? pt_cli_fail (error) : 2;
      rules = g_strdup (pt_segment_get (segment, PT_SEGMENT_FIELD_RULES));
    }
  if (!count_rules (store, rules, &count, &error))
    return pt_cli_fail (error);

  if (json)
    {
      JsonObject *o = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_int_member (o, "count", count);
      json_node_take_object (node, o);
      pt_cli_print_json (node);
    }
  else
    g_print ("%" G_GINT64_FORMAT "\n", count);
  return 0;
}

static int
segments_members (PtCliContext  *ctx,
                  int            argc,
                  char         **argv)
{
  gint limit = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N members (default all)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegment) segment = NULL;
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autoptr(GPtrArray) members = NULL;
  PtStore *store = NULL;

  if (!pt_cli_parse ("SEGMENT", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (limit < 0)
    return pt_cli_fail_usage ("%s", _("--limit: give a number of at least 0"));
  segment = one_segment (ctx, argc, argv, _("segments members: give one segment name or id"), &store, &error);
  if (segment == NULL)
    return error ? pt_cli_fail (error) : 2;
  if ((query = compile (pt_segment_get (segment, PT_SEGMENT_FIELD_RULES), &error)) == NULL ||
      (members = pt_store_list_matching (store, query->where, query->params, limit, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < members->len; i++)
        json_array_add_object_element (array, pt_cli_member_to_json (members->pdata[i]));
      json_node_take_array (node, array);
      pt_cli_print_json (node);
      return 0;
    }
  for (guint i = 0; i < members->len; i++)
    g_print ("%s  %s\n", pt_member_get (members->pdata[i], PT_MEMBER_FIELD_NUMBER),
             pt_member_get (members->pdata[i], PT_MEMBER_FIELD_NAME));
  return 0;
}

static int
segments_delete (PtCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegment) segment = NULL;
  g_autofree char *text = NULL;
  PtStore *store = NULL;
  JsonObject *o;
  JsonNode *node;

  if (!pt_cli_parse ("SEGMENT", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  segment = one_segment (ctx, argc, argv, _("segments delete: give one segment name or id"), &store, &error);
  if (segment == NULL)
    return error ? pt_cli_fail (error) : 2;
  if (!pt_store_delete_segment (store, pt_segment_get_id (segment), &error))
    return pt_cli_fail (error);

  o = json_object_new ();
  json_object_set_string_member (o, "id", pt_segment_get_id (segment));
  json_object_set_boolean_member (o, "deleted", TRUE);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  text = g_strdup_printf (_("Deleted segment “%s”."), pt_segment_get (segment, PT_SEGMENT_FIELD_NAME));
  print_node_or_text (json, node, text);
  return 0;
}

static const PtCliSubcommand subcommands[] = {
  { "add", segments_add, N_("Save a segment: --name N --rules FILE|-") },
  { "list", segments_list, N_("The saved segments") },
  { "show", segments_show, N_("One segment, its rules and how many members it holds") },
  { "count", segments_count, N_("How many members a segment (or --rules FILE) holds") },
  { "members", segments_members, N_("The members of a segment") },
  { "delete", segments_delete, N_("Delete a segment") },
};

int
pt_cli_segments (PtCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  return pt_cli_dispatch (ctx, "segments", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
