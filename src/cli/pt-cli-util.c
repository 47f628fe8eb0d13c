/* pt-cli-util.c — helpers of the patron-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pt-cli.h"

PtStore *
pt_cli_get_store (PtCliContext  *ctx,
                  GError       **error)
{
  if (ctx->store == NULL)
    ctx->store = pt_store_open (ctx->db_path, error);
  return ctx->store;
}

int
pt_cli_fail (const GError *error)
{
  g_printerr ("patron-cli: %s\n", error ? error->message : _("failed"));
  return 1;
}

int
pt_cli_fail_usage (const char *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("patron-cli: %s\n", message);
  return 2;
}

void
pt_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
  json_node_unref (node);
}

gboolean
pt_cli_parse (const char     *usage,
              GOptionEntry   *entries,
              int            *argc,
              char         ***argv,
              GError        **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  return g_option_context_parse (context, argc, argv, error);
}
