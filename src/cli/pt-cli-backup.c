/* pt-cli-backup.c — patron-cli backup create|list|restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-backup.h"
#include "pt-cli.h"

/* Days to keep backups: the GSettings key when its schema is installed. */
static guint
keep_days (void)
{
  g_autoptr(GSettings) settings = pt_cli_get_settings ();

  return settings != NULL ? g_settings_get_uint (settings, "backup-keep-days") : 30;
}

static JsonObject *
info_to_json (PtBackupInfo *info)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "path", info->path);
  json_object_set_string_member (o, "reason", info->reason);
  json_object_set_int_member (o, "created", info->created);
  json_object_set_int_member (o, "size", info->size);
  json_object_set_boolean_member (o, "encrypted", info->encrypted);
  return o;
}

static int
backup_create (PtCliContext *ctx,
               int           argc,
               char        **argv)
{
  g_autofree char *passphrase_file = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean daily = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Encrypt with the passphrase on the first line of FILE"), N_("FILE") },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, N_("The backup folder"), N_("DIR") },
    { "daily", 0, 0, G_OPTION_ARG_NONE, &daily, N_("Only if there is no backup from today"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (dir == NULL)
    dir = pt_backup_default_dir ();
  if (passphrase_file != NULL &&
      (passphrase = pt_backup_read_passphrase (passphrase_file, &error)) == NULL)
    return pt_cli_fail (error);
  if (!g_file_test (ctx->db_path, G_FILE_TEST_IS_REGULAR))
    {
      /* Translators: %s is a file name */
      g_printerr (_("patron-cli: no database %s to back up\n"), ctx->db_path);
      return 1;
    }
  if (daily && passphrase == NULL)
    {
      path = pt_backup_create_daily (ctx->db_path, dir, keep_days (), &error);
      if (path == NULL && error != NULL)
        return pt_cli_fail (error);
      if (path == NULL)
        {
          if (!json)
            g_print ("%s\n", _("Today's backup is there already"));
          return 0;
        }
    }
  if (path == NULL)
    path = pt_backup_create (ctx->db_path, dir, daily ? "daily" : "manual", passphrase, &error);
  if (path == NULL)
    return pt_cli_fail (error);
  pt_backup_prune (dir, keep_days (), NULL);
  if (json)
    {
      JsonObject *o = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (o, "path", path);
      json_object_set_boolean_member (o, "encrypted", passphrase != NULL);
      json_node_take_object (node, o);
      pt_cli_print_json (node);
    }
  else
    {
      /* Translators: %s is a file name */
      g_print (_("Backed up to %s (checked)\n"), path);
    }
  return 0;
}

static int
backup_list (PtCliContext *ctx,
             int           argc,
             char        **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, N_("The backup folder"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  PtCliColumn columns[] = {
    { _("When"), 19, FALSE },
    { _("Why"), 10, FALSE },
    { _("Encrypted"), 10, FALSE },
    { _("File"), 80, FALSE },
  };

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (dir == NULL)
    dir = pt_backup_default_dir ();
  if ((list = pt_backup_list (dir, &error)) == NULL)
    return pt_cli_fail (error);
  if (json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < list->len; i++)
        json_array_add_object_element (array, info_to_json (g_ptr_array_index (list, i)));
      json_node_take_array (node, array);
      pt_cli_print_json (node);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      PtBackupInfo *info = g_ptr_array_index (list, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (info->created);
      char **row = g_new0 (char *, 5);

      row[0] = g_date_time_format (at, "%Y-%m-%d %H:%M:%S");
      row[1] = g_strdup (info->reason);
      row[2] = g_strdup (info->encrypted ? _("yes") : _("no"));
      row[3] = g_strdup (info->path);
      g_ptr_array_add (rows, row);
    }
  pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
  return 0;
}

static int
backup_restore (PtCliContext *ctx,
                int           argc,
                char        **argv)
{
  g_autofree char *passphrase_file = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("The passphrase is on the first line of FILE"), N_("FILE") },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
      N_("Where the current database is backed up first"), N_("DIR") },
    { NULL, },
  };
  const char *file;

  if (!pt_cli_parse (_("FILE"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if ((file = pt_cli_single_argument (argc, argv)) == NULL)
    return pt_cli_fail_usage ("%s", _("backup restore: give one backup file"));
  if (dir == NULL)
    dir = pt_backup_default_dir ();
  if (passphrase_file != NULL &&
      (passphrase = pt_backup_read_passphrase (passphrase_file, &error)) == NULL)
    return pt_cli_fail (error);
  if (g_file_test (ctx->db_path, G_FILE_TEST_IS_REGULAR))
    {
      /* Only the owner takes a branch back in time (--staff says who acts). */
      PtStore *store = pt_cli_get_store (ctx, &error);

      if (store == NULL || !pt_backup_restore_store (store, file, passphrase, dir, &error))
        return pt_cli_fail (error);
    }
  else if (!pt_backup_restore (ctx->db_path, file, passphrase, dir, &error))
    {
      return pt_cli_fail (error);
    }
  /* Translators: the first %s is a backup file, the second the database */
  g_print (_("Restored %s into %s; the next sync brings back what the server has since\n"), file,
           ctx->db_path);
  return 0;
}

static const PtCliSubcommand subcommands[] = {
  { "create", backup_create, N_("Back up the database now (checked, optionally encrypted)") },
  { "list", backup_list, N_("The backups, newest first") },
  { "restore", backup_restore, N_("Replace the database with a backup") },
};

int
pt_cli_backup (PtCliContext *ctx,
               int           argc,
               char        **argv)
{
  return pt_cli_dispatch (ctx, "backup", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
