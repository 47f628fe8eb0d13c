/* pt-format.c — numbers as a person reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-format"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <string.h>

#include "pt-format.h"

char *
pt_format_group_digits (gint64      value,
                        const char *separator,
                        const char *grouping)
{
  guint64 magnitude = value < 0 ? (guint64) (-(value + 1)) + 1 : (guint64) value;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  gsize len = strlen (digits);
  gsize sep_len = separator ? strlen (separator) : 0;
  /* Built from the right: digits, then a separator where a group ends. */
  GString *reversed = g_string_sized_new (len * (1 + sep_len) + 2);
  GString *text;
  const char *g = grouping ? grouping : "";
  guint group = (guint) (g[0] > 0 && g[0] != CHAR_MAX ? g[0] : 0);
  guint in_group = 0;

  for (gsize i = len; i > 0; i--)
    {
      if (group > 0 && in_group == group && sep_len > 0)
        {
          for (gsize k = sep_len; k > 0; k--)
            g_string_append_c (reversed, separator[k - 1]);
          in_group = 0;
          /* The next size, or the last one again once the string ends;
           * CHAR_MAX means no more grouping. */
          if (g[1] != '\0')
            {
              g++;
              group = g[0] == CHAR_MAX ? 0 : (guint) g[0];
            }
        }
      g_string_append_c (reversed, digits[i - 1]);
      in_group++;
    }

  text = g_string_sized_new (reversed->len + 1);
  if (value < 0)
    g_string_append_c (text, '-');
  /* The separator was copied backwards too, so a multi-byte one (a
   * narrow no-break space) comes out whole. */
  for (gsize i = reversed->len; i > 0; i--)
    g_string_append_c (text, reversed->str[i - 1]);
  g_string_free (reversed, TRUE);
  return g_string_free (text, FALSE);
}

char *
pt_format_count (gint64 value)
{
  const struct lconv *conv = localeconv ();

  if (conv->thousands_sep == NULL || conv->thousands_sep[0] == '\0' ||
      conv->grouping == NULL || conv->grouping[0] <= 0 || conv->grouping[0] == CHAR_MAX)
    return pt_format_group_digits (value, ",", "\3");
  return pt_format_group_digits (value, conv->thousands_sep, conv->grouping);
}

char *
pt_format_count_signed (gint64 value)
{
  g_autofree char *count = pt_format_count (value);

  return value > 0 ? g_strconcat ("+", count, NULL) : g_steal_pointer (&count);
}
