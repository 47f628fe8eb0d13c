/* bench-options.c — command-line options of the bench programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-bench"

#include "config.h"

#include <stdlib.h>

#include "bench-options.h"

static gboolean
is_help (const char *arg)
{
  return g_str_equal (arg, "-h") || g_str_equal (arg, "-?") || g_str_has_prefix (arg, "--help");
}

void
bench_parse_options (const char    *summary,
                     GOptionEntry  *entries,
                     int           *argc,
                     char        ***argv)
{
  g_autoptr(GOptionContext) probe = g_option_context_new (NULL);
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) copy = g_strdupv (*argv);
  g_autoptr(GError) error = NULL;
  int kept = 1;

  /* First on a copy without --help, so that the warning about an unknown
   * option comes even when --help follows it; the values it parses are
   * parsed again below. */
  g_option_context_set_help_enabled (probe, FALSE);
  g_option_context_add_main_entries (probe, entries, NULL);
  g_option_context_set_ignore_unknown_options (probe, TRUE);
  if (g_option_context_parse_strv (probe, &copy, NULL))
    for (guint i = 1; copy[i] != NULL; i++)
      if (copy[i][0] == '-' && copy[i][1] != '\0' && !is_help (copy[i]))
        g_printerr ("%s: warning: ignoring unknown option %s\n", g_get_prgname (), copy[i]);

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s: %s\n\n%s", g_get_prgname (), error->message, help);
      exit (2);
    }

  /* What GOption left that looks like an option is one it did not know. */
  for (int i = 1; i < *argc; i++)
    {
      char *arg = (*argv)[i];

      if (arg[0] != '-' || arg[1] == '\0')
        (*argv)[kept++] = arg;
    }
  *argc = kept;
  (*argv)[kept] = NULL;
}
