/* main.c — patron-server: the central sync server, and its admin commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>

#include "pt-i18n.h"
#include "pt-server.h"
#include "pt-server-backend.h"
#include "pt-server-store.h"

typedef struct
{
  char   *config_path;
  char   *db_path;
  char   *listen;
  char   *tls_cert;
  char   *tls_key;
  char   *code;
  char   *migrate_from;
  char   *migrate_to;
  gboolean json;
  gint64  max_body;
  gint64  max_skew_seconds;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->config_path);
  g_free (options->db_path);
  g_free (options->listen);
  g_free (options->tls_cert);
  g_free (options->tls_key);
  g_free (options->code);
  g_free (options->migrate_from);
  g_free (options->migrate_to);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
fail (const GError *error)
{
  g_printerr ("patron-server: %s\n", error->message);
  return 1;
}

/* Values from the [server] group of --config, unless given on the command line. */
static gboolean
load_config (Options  *options,
             GError  **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  if (options->config_path == NULL)
    return TRUE;

  if (!g_key_file_load_from_file (keyfile, options->config_path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, _("Config file %s: "), options->config_path);
      return FALSE;
    }

#define STRING_KEY(field, key) \
  if (options->field == NULL) \
    options->field = g_key_file_get_string (keyfile, "server", key, NULL);
  STRING_KEY (db_path, "database")
  STRING_KEY (listen, "listen")
  STRING_KEY (tls_cert, "tls-certificate")
  STRING_KEY (tls_key, "tls-key")
#undef STRING_KEY

  if (options->max_body <= 0 && g_key_file_has_key (keyfile, "server", "max-body-bytes", NULL))
    options->max_body = g_key_file_get_int64 (keyfile, "server", "max-body-bytes", NULL);
  if (options->max_skew_seconds <= 0 &&
      g_key_file_has_key (keyfile, "server", "max-skew-seconds", NULL))
    options->max_skew_seconds = g_key_file_get_int64 (keyfile, "server", "max-skew-seconds", NULL);
  return TRUE;
}

static int
run_admin (PtServerStore  *store,
           Options        *options,
           int             argc,
           char          **argv)
{
  g_autoptr(GError) error = NULL;
  const char *command = argc > 1 ? argv[1] : "";

  if (g_strcmp0 (command, "add-branch") == 0 && argc == 3)
    {
      g_autofree char *token = pt_server_store_add_branch (store, argv[2], options->code, &error);

      if (token == NULL)
        return fail (error);
      g_printerr (_("Branch “%s” enrolled. Its token is shown only this once:\n"), argv[2]);
      g_print ("%s\n", token);
      return 0;
    }
  if (g_strcmp0 (command, "revoke") == 0 && argc == 3)
    {
      if (!pt_server_store_revoke_branch (store, argv[2], &error))
        return fail (error);
      g_print (_("Branch “%s” revoked; its token no longer syncs.\n"), argv[2]);
      return 0;
    }
  if (g_strcmp0 (command, "list") == 0 && argc == 2)
    {
      g_autoptr(GPtrArray) branches = pt_server_store_list_branches (store, &error);

      if (branches == NULL)
        return fail (error);
      for (guint i = 0; i < branches->len; i++)
        {
          PtServerBranch *branch = g_ptr_array_index (branches, i);
          g_print ("%s\t%s\t%s\t%s\n", branch->name, branch->code, branch->id,
                   branch->revoked ? _("revoked") : _("active"));
        }
      return 0;
    }
  if (g_strcmp0 (command, "new-epoch") == 0 && argc == 2)
    {
      if (!pt_server_store_new_epoch (store, &error))
        return fail (error);
      g_print (_("New epoch %s: every branch will pull again and push what is missing.\n"),
               pt_server_store_get_epoch (store));
      return 0;
    }

  g_printerr ("%s\n", _("Usage: patron-server --db FILE admin add-branch NAME [--code CODE]\n"
                        "       patron-server --db FILE admin revoke NAME\n"
                        "       patron-server --db FILE admin list\n"
                        "       patron-server --db FILE admin new-epoch\n"
                        "       patron-server admin migrate --from FILE --to postgresql://…"));
  return 2;
}

/* admin migrate --from FILE --to postgresql://…: the whole server, copied. */
static int
run_migrate (Options *options)
{
  g_autoptr(PtServerBackend) from = NULL;
  g_autoptr(PtServerBackend) to = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char * const *tables = pt_server_backend_tables ();

  if (options->migrate_from == NULL || options->migrate_to == NULL)
    {
      g_printerr ("%s\n", _("Usage: patron-server admin migrate --from FILE --to postgresql://…"));
      return 2;
    }
  if (!g_file_test (options->migrate_from, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("patron-server: --from %s: no such server database file\n"),
                  options->migrate_from);
      return 1;
    }
  from = pt_server_backend_open (options->migrate_from, &error);
  if (from == NULL)
    return fail (error);
  to = pt_server_backend_open (options->migrate_to, &error);
  if (to == NULL)
    return fail (error);
  if (!pt_server_backend_copy (from, to, counts, &error))
    return fail (error);

  if (options->json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      for (guint t = 0; tables[t] != NULL; t++)
        g_string_append_printf (out, "%s\"%s\": %" G_GSIZE_FORMAT, t > 0 ? ", " : "", tables[t],
                                GPOINTER_TO_SIZE (g_hash_table_lookup (counts, tables[t])));
      g_print ("%s}\n", out->str);
      return 0;
    }
  for (guint t = 0; tables[t] != NULL; t++)
    g_print ("%s\t%" G_GSIZE_FORMAT "\n", tables[t],
             GPOINTER_TO_SIZE (g_hash_table_lookup (counts, tables[t])));
  g_printerr (_("Copied %s to %s. Point patron-server at the new database; branches go on"
                " syncing where they were.\n"), options->migrate_from, options->migrate_to);
  return 0;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_message ("shutting down");
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static int
run_server (PtServerStore *store,
            Options       *options)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(PtServer) server = pt_server_new (store);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint term_id, int_id;

  if (options->tls_cert != NULL || options->tls_key != NULL)
    {
      certificate = g_tls_certificate_new_from_files (options->tls_cert, options->tls_key, &error);
      if (certificate == NULL)
        {
          g_prefix_error (&error, _("TLS certificate: "));
          return fail (error);
        }
    }

  if (options->max_body > 0)
    pt_server_set_max_body (server, (gsize) options->max_body);
  if (options->max_skew_seconds > 0)
    pt_server_store_set_max_skew_ms (store, options->max_skew_seconds * 1000);

  url = pt_server_listen (server, options->listen ? options->listen : "127.0.0.1:8080",
                          certificate, &error);
  if (url == NULL)
    return fail (error);

  /* Tests read this line to learn the port. */
  g_print ("listening on %s\n", url);
  fflush (stdout);
  g_message ("listening on %s, database %s, epoch %s", url, options->db_path,
             pt_server_store_get_epoch (store));

  term_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  int_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (term_id);
  g_source_remove (int_id);

  pt_server_disconnect (server);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = { NULL, };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PtServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config_path,
      N_("Configuration file"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db_path,
      N_("Server database: a SQLite file, or postgresql://USER@HOST/DBNAME"), N_("FILE|URI") },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &options.listen,
      N_("Address to listen on (127.0.0.1:8080; port 0 picks one)"), N_("HOST:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert,
      N_("TLS certificate (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key,
      N_("TLS private key (PEM)"), N_("FILE") },
    { "max-body", 0, 0, G_OPTION_ARG_INT64, &options.max_body,
      N_("Largest request body in bytes"), N_("BYTES") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &options.code,
      N_("With admin add-branch: the member number prefix"), N_("CODE") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &options.migrate_from,
      N_("With admin migrate: the SQLite server database to copy"), N_("FILE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.migrate_to,
      N_("With admin migrate: the new, empty PostgreSQL database"), N_("URI") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("With admin migrate: print the rows copied as JSON"), NULL },
    { NULL }
  };

  /* No allocation statistics: keeping them takes a global mutex around
   * every allocation SQLite makes, and nothing here reads them. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
  pt_i18n_init ();

  context = g_option_context_new (_("[admin add-branch NAME | admin revoke NAME | admin list |"
                                    " admin new-epoch | admin migrate --from FILE --to URI]"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("patron-server: %s\n\n%s", error->message, help);
      return 2;
    }
  if (!load_config (&options, &error))
    return fail (error);
  if (argc > 2 && g_strcmp0 (argv[1], "admin") == 0 && g_strcmp0 (argv[2], "migrate") == 0)
    return run_migrate (&options);

  if (options.db_path == NULL)
    {
      g_printerr ("patron-server: %s\n",
                  _("no database: give --db FILE, --db postgresql://… or database= in --config"));
      return 2;
    }

  store = pt_server_store_open (options.db_path, &error);
  if (store == NULL)
    return fail (error);

  if (argc > 1 && g_strcmp0 (argv[1], "admin") == 0)
    return run_admin (store, &options, argc - 1, argv + 1);
  if (argc > 1)
    {
      g_printerr (_("patron-server: unknown argument “%s”; see --help\n"), argv[1]);
      return 2;
    }

  return run_server (store, &options);
}
