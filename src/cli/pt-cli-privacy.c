/* pt-cli-privacy.c — patron-cli members export-data M: a member's data
 * access request, as JSON; members erase M --yes: an erasure request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-cli.h"
#include "pt-store-staff.h"
#include "pt-exchange-error.h"
#include "pt-privacy-export.h"
#include "pt-report-privacy.h"
#include "pt-store-erase.h"
#include "pt-store-members.h"

int
pt_cli_members_export_data (PtCliContext  *ctx,
                            int            argc,
                            char         **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *pdf = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the JSON to FILE instead of printing it"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf,
      N_("Write the same data as a readable PDF to FILE (the JSON is then printed only with"
         " --output)"), N_("FILE") },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *member;
  PtStore *store;

  if (!pt_cli_parse (_("MEMBER"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  member = pt_cli_single_argument (argc, argv);
  if (member == NULL)
    return pt_cli_fail_usage ("%s", _("members export-data: give one member (number or id)"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);
  node = pt_privacy_export_member (store, member, &error);
  if (node == NULL)
    return pt_cli_fail (error);
  if (pdf != NULL)
    {
      g_autoptr(PtReport) report = pt_report_privacy_new (json_node_get_object (node));

      if (!pt_report_write_pdf (report, pdf, &error))
        return pt_cli_fail (error);
      if (output == NULL)
        return 0;
    }

  if (output == NULL)
    {
      pt_cli_print_json (g_steal_pointer (&node));
      return 0;
    }
  {
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autoptr(GError) local = NULL;

    json_generator_set_root (generator, node);
    json_generator_set_pretty (generator, TRUE);
    if (!json_generator_to_file (generator, output, &local))
      {
        g_set_error (&error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_IO, _("Could not write %s: %s"),
                     output, local->message);
        return pt_cli_fail (error);
      }
  }
  return 0;
}

int
pt_cli_members_erase (PtCliContext  *ctx,
                      int            argc,
                      char         **argv)
{
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes,
      N_("Erase without asking (required: an erase cannot be undone)"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) member = NULL;
  const char *which;
  PtStore *store;

  if (!pt_cli_parse (_("MEMBER --yes"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", _("members erase: give one member (number or id)"));
  if (!yes)
    return pt_cli_fail_usage ("%s", _("members erase: an erase cannot be undone; add --yes to"
                                      " erase the member's personal data"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (member = pt_store_get_member (store, which, TRUE, &error)) == NULL ||
      !pt_store_erase_member (store, pt_member_get_id (member), &error))
    return pt_cli_fail (error);
  /* Translators: “Erased the personal data of HQ-000012; purchases and points stay.” */
  g_print (_("Erased the personal data of %s; purchases and points stay.\n"),
           pt_member_get_number (member));
  return 0;
}
