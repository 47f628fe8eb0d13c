/* pt-cli-report.c — patron-cli report KIND … --pdf FILE | --csv FILE | --xlsx FILE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-report-kinds.h"
#include "pt-xlsx-export.h"

static gboolean
parse_date (const char  *text,
            const char  *option,
            GDate       *date,
            GError     **error)
{
  unsigned year, month, day;
  char end;

  if (text == NULL)
    return TRUE;

  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                   _("%s: “%s” is not a date; write it as YYYY-MM-DD"), option, text);
      return FALSE;
    }

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* The branch's name from the settings, when the schema is installed. */
static int
usage_error (const char *message)
{
  g_printerr ("patron-cli: %s\n", message);
  return 1;
}

int
pt_cli_report (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  g_autofree char *member = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *shop = NULL;
  g_autofree char *kinds = pt_report_kind_list ();
  g_autofree char *usage = NULL;
  int days = 0, month = 0;
  gboolean single = FALSE;
  GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_STRING, &member, N_("The member (number or id)"), "M" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period"), "YYYY-MM-DD" },
    { "filter", 0, 0, G_OPTION_ARG_STRING, &filter, N_("Only members the search finds"), "TEXT" },
    { "segment", 0, 0, G_OPTION_ARG_STRING, &segment, N_("Only the members of a saved segment"),
      "S" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Days ahead (expiring points)"), "N" },
    { "month", 0, 0, G_OPTION_ARG_INT, &month, N_("Month 1–12 (birthdays)"), "N" },
    { "single", 0, 0, G_OPTION_ARG_NONE, &single, N_("One card per page (card printers)"), NULL },
    { "shop", 0, 0, G_OPTION_ARG_STRING, &shop, N_("Shop name on the cards"), "NAME" },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write a PDF file"), "FILE" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write a CSV file"), "FILE" },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx, N_("Write an Excel (XLSX) file"), "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtReport) report = NULL;
  const PtReportKind *kind;
  PtReportParams params;
  PtStore *store;
  gboolean ok;

  usage = g_strdup_printf ("%s — %s", "KIND", kinds);
  if (!pt_cli_parse (usage, entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);

  if (argc != 2)
    {
      g_autofree char *message =
        g_strdup_printf (_("report: name one report: %s"), kinds);
      return usage_error (message);
    }

  kind = pt_report_kind_lookup (argv[1]);
  if (kind == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("report: unknown report “%s”; choose one of %s"), argv[1], kinds);
      return usage_error (message);
    }

  {
    /* An option the report does not use is a mistake worth saying. */
    const struct { gboolean given; PtReportUses use; const char *name; } used[] = {
      { member != NULL, PT_REPORT_USES_MEMBER, "--member" },
      { filter != NULL, PT_REPORT_USES_FILTER, "--filter" },
      { segment != NULL, PT_REPORT_USES_SEGMENT, "--segment" },
      { from != NULL || to != NULL, PT_REPORT_USES_PERIOD, "--from/--to" },
      { days != 0, PT_REPORT_USES_DAYS, "--days" },
      { month != 0, PT_REPORT_USES_MONTH, "--month" },
      { single || shop != NULL, PT_REPORT_USES_CARDS, "--single/--shop" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (used); i++)
      if (used[i].given && !(kind->uses & used[i].use))
        {
          g_autofree char *message =
            g_strdup_printf (_("report: %s does not apply to the “%s” report"),
                             used[i].name, kind->id);
          return usage_error (message);
        }
  }

  if ((pdf != NULL) + (csv != NULL) + (xlsx != NULL) != 1)
    return usage_error (_("report: give exactly one of --pdf FILE, --csv FILE or --xlsx FILE"));
  if (days < 0 || month < 0)
    return usage_error (_("report: --days and --month must be positive"));
  if ((from == NULL) != (to == NULL))
    return usage_error (_("report: give both --from and --to, or neither"));

  pt_report_params_init (&params);
  params.member = g_strdup (member);
  params.filter = g_strdup (filter);
  params.segment = g_strdup (segment);
  params.days = days;
  params.month = month;
  params.single_cards = single;
  params.shop = g_strdup (shop);
  {
    g_autoptr(GSettings) settings = pt_cli_get_settings ();

    if (settings != NULL)
      pt_report_params_load_settings (&params, settings);
  }

  if (!parse_date (from, "--from", &params.from, &error) ||
      !parse_date (to, "--to", &params.to, &error))
    {
      pt_report_params_clear (&params);
      return pt_cli_fail (error);
    }

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    {
      pt_report_params_clear (&params);
      return pt_cli_fail (error);
    }

  report = pt_report_kind_build (kind, store, &params, &error);
  pt_report_params_clear (&params);
  if (report == NULL)
    return pt_cli_fail (error);

  if (pdf != NULL)
    ok = pt_report_write_pdf (report, pdf, &error);
  else if (csv != NULL)
    ok = pt_report_write_csv (report, csv, &error);
  else
    ok = pt_xlsx_write_report (report, xlsx, &error);
  if (!ok)
    return pt_cli_fail (error);

  return 0;
}
