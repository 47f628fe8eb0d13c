/* pt-cli-demo.c — patron-cli demo --members N [--seed S]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "pt-cli.h"
#include "pt-demo-purchases.h"
#include "pt-demo.h"

#define DEFAULT_MEMBERS 2000
#define DEFAULT_SEED    1
#define MAX_MEMBERS     10000000

typedef struct
{
  guint   n_members;
  gint64  started;
} DemoProgress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  DemoProgress *progress = user_data;
  double elapsed = (g_get_monotonic_time () - progress->started) / (double) G_USEC_PER_SEC;

  g_printerr ("\r");
  /* Translators: a progress line: “Adding sample members: 45% (90000 of 200000), 12 s” */
  g_printerr (_("Adding sample members: %3.0f%% (%u of %u), %.0f s"), fraction * 100.0,
              (guint) (fraction * progress->n_members + 0.5), progress->n_members, elapsed);
}

int
pt_cli_demo (PtCliContext  *ctx,
             int            argc,
             char         **argv)
{
  g_autofree char *members_text = NULL;
  g_autofree char *seed_text = NULL;
  gboolean purchases = FALSE;
  GOptionEntry entries[] = {
    { "purchases", 0, 0, G_OPTION_ARG_NONE, &purchases,
      N_("Also add tiers, earning rules and a year of sales"), NULL },
    { "members", 0, 0, G_OPTION_ARG_STRING, &members_text,
      N_("How many sample members to add (2000)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("The same seed gives the same members (1)"), N_("SEED") },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  guint64 n_members = DEFAULT_MEMBERS;
  guint64 seed = DEFAULT_SEED;
  DemoProgress progress = { 0, };
  gboolean on_terminal = isatty (STDERR_FILENO);
  PtStore *store;
  double elapsed;

  argv[0] = (char *) "patron-cli demo";
  if (!pt_cli_parse ("", entries, &argc, &argv, &error) ||
      (members_text &&
       !pt_cli_parse_uint ("--members", members_text, 1, MAX_MEMBERS, &n_members, &error)) ||
      (seed_text && !pt_cli_parse_uint ("--seed", seed_text, 0, G_MAXUINT32, &seed, &error)))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("demo: unexpected argument “%s”"), argv[1]);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);

  progress.n_members = n_members;
  progress.started = g_get_monotonic_time ();
  if (!pt_demo_generate (store, n_members, seed, on_terminal ? progress_cb : NULL, &progress,
                         &error))
    {
      if (on_terminal)
        g_printerr ("\n");
      return pt_cli_fail (error);
    }

  if (purchases && !pt_demo_generate_purchases (store, n_members, seed, &error))
    return pt_cli_fail (error);

  elapsed = (g_get_monotonic_time () - progress.started) / (double) G_USEC_PER_SEC;
  if (on_terminal)
    g_printerr ("\n");
  g_print (ngettext ("Added %u sample member in %.1f s.\n",
                     "Added %u sample members in %.1f s.\n", n_members),
           (guint) n_members, elapsed);
  return 0;
}
