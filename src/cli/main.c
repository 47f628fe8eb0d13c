/* main.c — patron-cli: members, import, export, reports, sync and bench
 * from the command line, for scripting and cron
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-i18n.h"

static const struct {
  const char       *name;
  PtCliCommandFunc  func;
  const char       *summary;
} commands[] = {
  { "members", pt_cli_members, N_("Add, find, show, edit and delete members") },
  { "import", pt_cli_import, N_("Import members, purchases or points balances from CSV") },
  { "demo", pt_cli_demo, N_("Fill the database with a sample café") },
  { "rewards", pt_cli_rewards, N_("The rewards catalog: add, list, edit, restock") },
  { "redeem", pt_cli_redeem, N_("Redeem a reward for a member's points") },
  { "redemption", pt_cli_redemption, N_("Cancel, list and show redemptions") },
  { "coupons", pt_cli_coupons, N_("A member's coupons") },
  { "report", pt_cli_report, N_("Print a report or membership cards to PDF or CSV") },
  { "purchase", pt_cli_purchase, N_("Record and reverse sales and visits") },
  { "points", pt_cli_points, N_("A member's points; adjustments; the earning rules") },
  { "tiers", pt_cli_tiers, N_("Tiers: list, add, edit, evaluate, lock") },
  { "jobs", pt_cli_jobs, N_("Run the daily jobs (expiry, bonuses, tier reviews)") },
  { "verify", pt_cli_verify, N_("Prove every points balance equals its entries") },
  { "segments", pt_cli_segments, N_("Saved segments: add, list, show, count, members, delete") },
  { "campaigns", pt_cli_campaigns, N_("Campaigns: add, list, show, launch, cancel, results") },
  { "analytics", pt_cli_analytics, N_("RFM, purchase cycles, churn risk and lifetime value") },
  { "sync", pt_cli_sync, N_("Sync with the central server, or show the sync status") },
  { "staff", pt_cli_staff, N_("Staff and their roles: add, list, disable") },
  { "audit", pt_cli_audit, N_("The audit trail: list it, prove it untouched") },
  { "backup", pt_cli_backup, N_("Back up, list and restore the database") },
};

static void
print_usage (void)
{
  g_print ("%s\n\n", _("Usage: patron-cli [--db PATH] [--staff NAME] COMMAND [ARGUMENTS…]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-12s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Run “patron-cli COMMAND --help” for a command’s options."));
}

int
main (int   argc,
      char *argv[])
{
  PtCliContext ctx = { NULL, };
  int status = 2;
  int first = 1;

  pt_i18n_init ();

  /* Global options come before the command. */
  while (first < argc && argv[first][0] == '-')
    {
      if (strcmp (argv[first], "--db") == 0 && first + 1 < argc)
        {
          g_free (ctx.db_path);
          ctx.db_path = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--db="))
        {
          g_free (ctx.db_path);
          ctx.db_path = g_strdup (argv[first] + strlen ("--db="));
          first++;
        }
      else if (strcmp (argv[first], "--staff") == 0 && first + 1 < argc)
        {
          g_free (ctx.staff);
          ctx.staff = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (strcmp (argv[first], "--help") == 0 || strcmp (argv[first], "-h") == 0)
        {
          print_usage ();
          return 0;
        }
      else if (strcmp (argv[first], "--version") == 0)
        {
          g_print ("patron-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else
        {
          g_printerr ("%s\n", _("Usage: patron-cli [--db PATH] [--staff NAME] COMMAND [ARGUMENTS…]"));
          g_printerr ("patron-cli: %s\n", _("unknown option; see patron-cli --help"));
          return 2;
        }
    }

  if (first >= argc)
    {
      print_usage ();
      return 2;
    }

  if (ctx.db_path == NULL)
    ctx.db_path = pt_store_default_path ();

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[first], commands[i].name) == 0)
      {
        /* The command's usage lines name it in full. */
        g_autofree char *full_name = g_strdup_printf ("patron-cli %s", commands[i].name);

        argv[first] = full_name;
        status = commands[i].func (&ctx, argc - first, argv + first);
        goto out;
      }

  g_printerr ("%s\n", _("Usage: patron-cli [--db PATH] [--staff NAME] COMMAND [ARGUMENTS…]"));
  g_printerr (_("patron-cli: unknown command “%s”; see patron-cli --help\n"), argv[first]);

out:
  g_clear_object (&ctx.store);
  g_free (ctx.db_path);
  g_free (ctx.staff);
  return status;
}
