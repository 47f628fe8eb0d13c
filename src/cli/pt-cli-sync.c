/* pt-cli-sync.c — patron-cli sync [status]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <stdio.h>

#include "pt-cli.h"
#include "pt-store-sync.h"
#include "pt-sync-engine.h"
#include "pt-sync-protocol.h"
#include "pt-sync-token.h"

#define SCHEMA_ID "io.github.patronapp.Patron"

/* The server the GUI was set up with, if its settings schema is here. */
static char *
configured_server (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  char *url;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE)) == NULL)
    return NULL;
  settings = g_settings_new (SCHEMA_ID);
  url = g_settings_get_string (settings, "server-url");
  if (*url == '\0')
    g_clear_pointer (&url, g_free);
  return url;
}

static void
print_progress_cb (double   fraction,
                   gint64   pending,
                   gpointer user_data)
{
  /* Translators: sync progress on the terminal */
  g_printerr (_("progress %3.0f%% (%" PRId64 " changes to send)\n"), fraction * 100.0,
              pending);
}

static JsonNode *
report_to_json (const PtSyncReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
#define INT(name, value) \
  json_builder_set_member_name (builder, name); \
  json_builder_add_int_value (builder, value);
  INT ("pushed", report->pushed)
  INT ("applied", report->applied)
  INT ("duplicates", report->duplicates)
  INT ("merged", report->merged)
  INT ("rejected", report->rejected)
  INT ("pulled", report->pulled)
  INT ("pages", report->pages)
  INT ("cursor", report->cursor)
  INT ("pending", report->pending)
#undef INT
  json_builder_set_member_name (builder, "repulled");
  json_builder_add_boolean_value (builder, report->repulled);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
sync_status (PtCliContext  *ctx,
             int            argc,
             char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_auto(PtStoreSyncState) state = { 0, };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  PtStore *store;
  gint64 pending, conflicts, rejections;

  if (!pt_cli_parse ("status", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || !pt_store_sync_get_state (store, &state, &error))
    return pt_cli_fail (error);
  pending = pt_store_count_pending_ops (store, &error);
  conflicts = pt_store_count_open_conflicts (store, &error);
  rejections = pt_store_count_rejections (store, &error);
  if (pending < 0 || conflicts < 0 || rejections < 0)
    return pt_cli_fail (error);

  if (!json)
    {
      g_autoptr(GDateTime) when = state.last_sync_at > 0 ?
        g_date_time_new_from_unix_local (state.last_sync_at) : NULL;
      g_autofree char *when_text = when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : NULL;

      g_print (_("Branch:           %s (%s)\n"), pt_store_get_branch_code (store),
               pt_store_get_branch_id (store));
      g_print (_("Pending changes:  %" PRId64 "\n"), pending);
      g_print (_("Last sync:        %s\n"), when_text ? when_text : C_("last sync", "never"));
      g_print (_("Pull cursor:      %" PRId64 " of %" PRId64 "\n"),
               state.pull_cursor, state.server_head);
      g_print (_("Open conflicts:   %" PRId64 "\n"), conflicts);
      g_print (_("Refused changes:  %" PRId64 "\n"), rejections);
      if (state.last_error != NULL)
        g_print (_("Last error:       %s\n"), state.last_error);
      return 0;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "branch_id");
  json_builder_add_string_value (builder, pt_store_get_branch_id (store));
  json_builder_set_member_name (builder, "branch_code");
  json_builder_add_string_value (builder, pt_store_get_branch_code (store));
  json_builder_set_member_name (builder, "pending");
  json_builder_add_int_value (builder, pending);
  json_builder_set_member_name (builder, "last_sync");
  if (state.last_sync_at > 0)
    json_builder_add_int_value (builder, state.last_sync_at);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_int_value (builder, state.pull_cursor);
  json_builder_set_member_name (builder, "server_head");
  json_builder_add_int_value (builder, state.server_head);
  json_builder_set_member_name (builder, "epoch");
  if (state.server_epoch != NULL)
    json_builder_add_string_value (builder, state.server_epoch);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "open_conflicts");
  json_builder_add_int_value (builder, conflicts);
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_int_value (builder, rejections);
  json_builder_set_member_name (builder, "last_error");
  if (state.last_error != NULL)
    json_builder_add_string_value (builder, state.last_error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  pt_cli_print_json (json_builder_get_root (builder));
  return 0;
}

int
pt_cli_sync (PtCliContext  *ctx,
             int            argc,
             char         **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  gboolean json = FALSE;
  gboolean progress = FALSE;
  gboolean remember = FALSE;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
      N_("Sync server address (default: the one set in Patron)"), N_("URL") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token,
      N_("Branch token (default: the one saved for the server)"), N_("TOKEN") },
    { "remember", 0, 0, G_OPTION_ARG_NONE, &remember, N_("Save the token for later syncs"), NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &progress, N_("Show progress on stderr"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_auto(PtSyncReport) report = { 0, };
  PtStore *store;

  if (argc > 1 && g_strcmp0 (argv[1], "status") == 0)
    return sync_status (ctx, argc - 1, argv + 1);

  if (!pt_cli_parse (_("[status] — push pending changes and pull the others’"), entries, &argc,
                     &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("sync: unexpected argument “%s”"), argv[1]);

  if (server == NULL)
    server = configured_server ();
  if (server == NULL)
    return pt_cli_fail_usage ("%s", _("sync: no server; give --server URL"));
  if (token == NULL)
    {
      token = pt_sync_token_lookup (server, &error);
      if (token == NULL && error != NULL)
        return pt_cli_fail (error);
    }
  if (token == NULL)
    return pt_cli_fail_usage (_("sync: no token saved for %s; give --token TOKEN"), server);
  if (remember && !pt_sync_token_save (server, token, &error))
    return pt_cli_fail (error);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);

  if (!pt_sync_run (store, server, token, progress ? print_progress_cb : NULL, NULL, &report,
                    NULL, &error))
    {
      g_printerr (_("patron-cli: sync failed: %s\n"), error->message);
      g_printerr (_("patron-cli: %" PRId64 " changes are still waiting to be sent.\n"),
                  pt_store_count_pending_ops (store, NULL));
      return 1;
    }

  if (json)
    {
      pt_cli_print_json (report_to_json (&report));
      return 0;
    }

  g_print (_("Pushed %" PRId64 " changes (%" PRId64 " applied, %" PRId64
             " already there, %" PRId64 " merged, %" PRId64 " refused).\n"),
           report.pushed, report.applied, report.duplicates, report.merged, report.rejected);
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Received %" PRId64 " changes from other branches in %"
                        PRId64 " page; now at %" PRId64 ".\n",
                        "Received %" PRId64 " changes from other branches in %"
                        PRId64 " pages; now at %" PRId64 ".\n",
                        (gulong) report.pages),
           report.pulled, report.pages, report.cursor);
  if (report.repulled)
    g_print ("%s\n", _("The server was restored or replaced: pulled everything again."));
  g_print (_("%" PRId64 " changes waiting.\n"), report.pending);
  return 0;
}
