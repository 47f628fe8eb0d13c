/* main.c — patron, the desktop program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-application.h"
#include "pt-i18n.h"

/* TRUE when the system has a GPU render node that GL can use. */
static gboolean
has_render_node (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PtApplication) app = NULL;

  /* Without a GPU (a virtual machine, remote X, Xvfb) GL is Mesa's
   * software rasteriser: with a million members it took the window from
   * 150 MB to 240 MB resident for its shader compiler and textures, and
   * draws lists and forms no faster than cairo (issue 15). GSK_RENDERER
   * still chooses. */
  if (g_getenv ("GSK_RENDERER") == NULL && !has_render_node ())
    g_setenv ("GSK_RENDERER", "cairo", TRUE);

  pt_i18n_init ();

  g_set_application_name (_("Patron"));

  app = pt_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
