/* pt-cli-demo.c — patron-cli demo --members N
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-cli.h"

int
pt_cli_demo (PtCliContext  *ctx,
             int            argc,
             char         **argv)
{
  return pt_cli_fail_usage ("%s", _("demo: not written yet"));
}
