/* pt-format.c — numbers as a person reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-format"

#include "config.h"

#include <glib/gi18n-lib.h>
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

static double
pow10_exact (guint exponent)
{
  double p = 1;

  for (guint i = 0; i < exponent; i++)
    p *= 10;
  return p;
}

/* The interface language's units for compact numbers, smallest first:
 * ten to the power of each exponent, and its suffix. */
typedef struct
{
  guint exponent;
  char  suffix[16];
} Unit;

static guint
compact_units (Unit *units,
               guint max_units)
{
  /* Translators: how the dashboard's charts shorten big numbers: each
   * power of ten (the exponent) and the suffix written after it, smallest
   * first, separated by “|”. English: 3:k|6:M|9:B (14.8k, 1.5M). Chinese
   * counts in myriads: 4:万|8:亿 (1.5万, 3亿). */
  g_auto(GStrv) pairs = g_strsplit (_("3:k|6:M|9:B"), "|", -1);
  guint n = 0;

  for (guint i = 0; pairs[i] != NULL && n < max_units; i++)
    {
      char *end = NULL;
      guint64 exponent = g_ascii_strtoull (pairs[i], &end, 10);

      if (end == pairs[i] || *end != ':' || exponent < 1 || exponent > 18 ||
          (n > 0 && exponent <= units[n - 1].exponent))
        continue;
      units[n].exponent = (guint) exponent;
      g_strlcpy (units[n].suffix, end + 1, sizeof units[n].suffix);
      n++;
    }
  if (n == 0)
    {
      /* A broken translation still gives readable numbers. */
      units[0] = (Unit) { 3, "k" };
      units[1] = (Unit) { 6, "M" };
      units[2] = (Unit) { 9, "B" };
      n = 3;
    }
  return n;
}

char *
pt_format_compact (gint64 value)
{
  Unit units[8];
  guint n_units = compact_units (units, G_N_ELEMENTS (units));
  guint64 magnitude = value < 0 ? (guint64) (-(value + 1)) + 1 : (guint64) value;
  const char *sign = value < 0 ? "-" : "";
  double scaled;
  guint u;
  char digits[32];

  if (magnitude < 10000)
    return pt_format_count (value);

  /* The largest unit that leaves at least 1. */
  for (u = n_units; u > 0; u--)
    if ((double) magnitude >= pow10_exact (units[u - 1].exponent))
      break;
  if (u == 0)
    return pt_format_count (value);
  u--;

  scaled = (double) magnitude / pow10_exact (units[u].exponent);
  /* Three significant digits: 1.23k → "1.2k" is two; 14.8k, 148k. */
  g_ascii_formatd (digits, sizeof digits, scaled < 100 ? "%.1f" : "%.0f", scaled);
  /* 999.96k rounds to 1000k: that is 1M when there is a next unit. */
  if (u + 1 < n_units &&
      g_ascii_strtod (digits, NULL) * pow10_exact (units[u].exponent) >=
      pow10_exact (units[u + 1].exponent))
    {
      u++;
      scaled = (double) magnitude / pow10_exact (units[u].exponent);
      g_ascii_formatd (digits, sizeof digits, scaled < 100 ? "%.1f" : "%.0f", scaled);
    }
  /* "15.0k" reads better as "15k". */
  if (g_str_has_suffix (digits, ".0"))
    digits[strlen (digits) - 2] = '\0';
  {
    /* The decimal point of the locale, as the rest of the number. */
    const char *point = localeconv ()->decimal_point;
    char *dot = strchr (digits, '.');

    if (dot != NULL && point != NULL && *point != '\0' && g_strcmp0 (point, ".") != 0)
      {
        *dot = '\0';
        return g_strdup_printf ("%s%s%s%s%s", sign, digits, point, dot + 1, units[u].suffix);
      }
  }
  return g_strdup_printf ("%s%s%s", sign, digits, units[u].suffix);
}
