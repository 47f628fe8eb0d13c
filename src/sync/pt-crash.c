/* pt-crash.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-crash"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pt-crash.h"

void
pt_crash_point (const char *name)
{
  static gsize initialized = 0;
  static char *wanted = NULL;
  static gint remaining = 1;
  const char *colon;

  if (g_once_init_enter (&initialized))
    {
      const char *env = g_getenv ("PATRON_CRASH_AT");

      if (env != NULL && *env != '\0')
        {
          colon = strchr (env, ':');
          wanted = colon ? g_strndup (env, colon - env) : g_strdup (env);
          if (colon != NULL)
            remaining = MAX (1, atoi (colon + 1));
        }
      g_once_init_leave (&initialized, 1);
    }

  if (wanted == NULL || strcmp (wanted, name) != 0)
    return;

  if (g_atomic_int_dec_and_test (&remaining))
    {
      raise (SIGKILL);
      _exit (137);
    }
}
