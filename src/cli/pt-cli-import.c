/* pt-cli-import.c — patron-cli import members|purchases|balances FILE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-importer.h"

/* The header cells no field was mapped to: left out of the import. */
static GPtrArray *
unmapped_columns (PtImporter   *importer,
                  PtImportKind  kind)
{
  GPtrArray *header = pt_importer_get_header (importer);
  const int *columns = pt_importer_get_mapping (importer);
  GPtrArray *unmapped = g_ptr_array_new ();

  for (guint c = 0; header != NULL && c < header->len; c++)
    {
      gboolean used = FALSE;

      for (guint f = 0; f < pt_import_kind_n_fields (kind); f++)
        used |= columns[f] == (int) c;
      if (!used && *(const char *) g_ptr_array_index (header, c) != '\0')
        g_ptr_array_add (unmapped, g_ptr_array_index (header, c));
    }
  return unmapped;
}

static JsonNode *
result_to_json (PtImporter     *importer,
                PtImportKind    kind,
                PtImportResult *result,
                gboolean        dry_run)
{
  JsonObject *o = json_object_new ();
  JsonObject *mapping = json_object_new ();
  JsonArray *unmapped = json_array_new ();
  JsonArray *problems = json_array_new ();
  g_autoptr(GPtrArray) left_out = unmapped_columns (importer, kind);
  GPtrArray *header = pt_importer_get_header (importer);
  const int *columns = pt_importer_get_mapping (importer);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  char delimiter[2] = { pt_importer_get_delimiter (importer), '\0' };

  json_object_set_int_member (o, "rows", result->rows);
  json_object_set_int_member (o, "imported", result->imported);
  json_object_set_int_member (o, "skipped", result->skipped);
  json_object_set_int_member (o, "already_imported", result->already);
  json_object_set_int_member (o, "created_members", result->created_members);
  json_object_set_boolean_member (o, "dry_run", dry_run);
  json_object_set_boolean_member (o, "written", result->written);
  json_object_set_string_member (o, "encoding", pt_importer_get_encoding (importer));
  json_object_set_string_member (o, "delimiter", delimiter);
  for (guint f = 0; f < pt_import_kind_n_fields (kind); f++)
    if (columns[f] >= 0)
      json_object_set_string_member (mapping, pt_import_kind_fields (kind)[f],
                                     g_ptr_array_index (header, columns[f]));
  json_object_set_object_member (o, "mapping", mapping);
  for (guint i = 0; i < left_out->len; i++)
    json_array_add_string_element (unmapped, g_ptr_array_index (left_out, i));
  json_object_set_array_member (o, "unmapped_columns", unmapped);
  for (guint i = 0; i < result->problems->len; i++)
    {
      PtImportProblem *p = g_ptr_array_index (result->problems, i);
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "line", p->line);
      json_object_set_string_member (item, "column", p->column);
      json_object_set_string_member (item, "value", p->value);
      json_object_set_string_member (item, "reason", p->reason);
      json_array_add_object_element (problems, item);
    }
  json_object_set_array_member (o, "problems", problems);
  json_node_take_object (node, o);
  return node;
}

static void
print_result (PtImporter     *importer,
              PtImportKind    kind,
              PtImportResult *result,
              gboolean        dry_run)
{
  g_autoptr(GPtrArray) left_out = unmapped_columns (importer, kind);
  const PtCliColumn columns[] = {
    { _("Line"), 8, TRUE }, { _("Column"), 20, FALSE }, { _("Value"), 30, FALSE },
    { _("Problem"), 70, FALSE },
  };

  if (result->problems->len > 0)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; i < result->problems->len; i++)
        {
          PtImportProblem *p = g_ptr_array_index (result->problems, i);
          char **cells = g_new0 (char *, 5);

          cells[0] = g_strdup_printf ("%u", p->line);
          cells[1] = g_strdup (p->column);
          cells[2] = g_strdup (p->value);
          cells[3] = g_strdup (p->reason);
          g_ptr_array_add (rows, cells);
        }
      pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
      g_print ("\n");
    }

  /* Translators: a summary of an import; each %u is a number of rows */
  g_print (_("%u rows: %u imported, %u skipped, %u imported before.\n"), result->rows,
           result->imported, result->skipped, result->already);
  if (left_out->len > 0)
    {
      g_ptr_array_add (left_out, NULL);
      {
        g_autofree char *list = g_strjoinv (", ", (char **) left_out->pdata);
        /* Translators: %s is a list of column headers */
        g_print (_("Columns left out (name them with --map FIELD=COLUMN): %s\n"), list);
      }
    }
  if (result->created_members > 0)
    g_print (_("%u new members were made for unknown keys.\n"), result->created_members);
  if (dry_run)
    g_print ("%s\n", _("Dry run: nothing was written."));
  else if (!result->written)
    g_print ("%s\n", _("Nothing was written: fix the rows above, or import with --on-error skip."));
}

static int
import_kind (PtCliContext  *ctx,
             int            argc,
             char         **argv)
{
  g_autofree char *map = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *date_order = NULL;
  g_autofree char *on_error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *skipped_path = NULL;
  gboolean create_members = FALSE;
  gboolean award_points = FALSE;
  gboolean dry_run = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "map", 0, 0, G_OPTION_ARG_STRING, &map,
      N_("Which column holds which field, over the guess from the header"), "FIELD=COLUMN,…" },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
      N_("Text encoding of the file (default: detected)"), "E" },
    { "date-order", 0, 0, G_OPTION_ARG_STRING, &date_order,
      N_("How to read dates such as 03/05/2024"), "dmy|mdy|ymd" },
    { "create-members", 0, 0, G_OPTION_ARG_NONE, &create_members,
      N_("Make members for keys no member has"), NULL },
    { "award-points", 0, 0, G_OPTION_ARG_NONE, &award_points,
      N_("Purchases earn points by today's rules"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("List the problems; write nothing"), NULL },
    { "on-error", 0, 0, G_OPTION_ARG_STRING, &on_error,
      N_("On a row with a problem: stop (write nothing) or skip it"), "stop|skip" },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source,
      N_("Name of the system the rows come from (default: import)"), "NAME" },
    { "skipped", 0, 0, G_OPTION_ARG_FILENAME, &skipped_path,
      N_("Save the skipped rows to this CSV file"), "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtImporter) importer = NULL;
  g_autoptr(PtImportResult) result = NULL;
  PtDateOrder order = PT_DATE_ORDER_AUTO;
  PtImportKind kind;
  const char *path;
  PtStore *store;

  /* argv[0] is "patron-cli import KIND" (see pt_cli_dispatch). */
  if (!pt_import_kind_from_string (strrchr (argv[0], ' ') ? strrchr (argv[0], ' ') + 1 : argv[0],
                                   &kind))
    return pt_cli_fail_usage (_("import: unknown kind “%s”"), argv[0]);
  if (!pt_cli_parse (_("FILE"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  path = pt_cli_single_argument (argc, argv);
  if (path == NULL)
    return pt_cli_fail_usage ("%s", _("import: name one CSV file"));
  if (date_order != NULL && !pt_date_order_from_string (date_order, &order))
    return pt_cli_fail_usage ("%s", _("--date-order: choose dmy, mdy or ymd"));
  if (on_error != NULL && strcmp (on_error, "stop") != 0 && strcmp (on_error, "skip") != 0)
    return pt_cli_fail_usage ("%s", _("--on-error: choose stop or skip"));
  if (kind == PT_IMPORT_MEMBERS && create_members)
    return pt_cli_fail_usage ("%s", _("--create-members applies to purchases and balances"));
  if (kind != PT_IMPORT_PURCHASES && award_points)
    return pt_cli_fail_usage ("%s", _("--award-points applies to purchases"));
  if (source != NULL && *source == '\0')
    return pt_cli_fail_usage ("%s", _("--source: give a name"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);

  importer = pt_importer_new (store, kind);
  pt_importer_set_encoding (importer, encoding);
  pt_importer_set_map (importer, map);
  pt_importer_set_date_order (importer, order);
  pt_importer_set_create_members (importer, create_members);
  pt_importer_set_award_points (importer, award_points);
  pt_importer_set_skip_problems (importer, g_strcmp0 (on_error, "skip") == 0);
  if (source != NULL)
    pt_importer_set_source (importer, source);

  if (!pt_importer_load_file (importer, path, &error))
    return pt_cli_fail (error);
  result = pt_importer_run (importer, dry_run, NULL, &error);
  if (result == NULL)
    return pt_cli_fail (error);

  if (skipped_path != NULL && result->skipped > 0 &&
      !pt_importer_write_skipped (importer, result, skipped_path, &error))
    return pt_cli_fail (error);

  if (json)
    pt_cli_print_json (result_to_json (importer, kind, result, dry_run));
  else
    print_result (importer, kind, result, dry_run);

  /* Problems that stopped the import (or would, on a dry run) fail. */
  return result->skipped > 0 && g_strcmp0 (on_error, "skip") != 0 ? 1 : 0;
}

static const PtCliSubcommand import_commands[] = {
  { "members", import_kind, N_("Members from a CSV file") },
  { "purchases", import_kind, N_("Past purchases (member, date, amount, note, branch, ref)") },
  { "balances", import_kind, N_("Opening points balances (member, points, date, expires)") },
};

int
pt_cli_import (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  return pt_cli_dispatch (ctx, "import", import_commands, G_N_ELEMENTS (import_commands), argc,
                          argv);
}
