/* main.c — patron, the desktop program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-application.h"
#include "pt-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PtApplication) app = NULL;

  pt_i18n_init ();

  g_set_application_name (_("Patron"));

  app = pt_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
