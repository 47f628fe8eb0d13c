/* pt-i18n.c — the message catalogue of every Patron program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pt-i18n.h"

void
pt_i18n_init (void)
{
  const char *localedir = g_getenv ("PATRON_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
