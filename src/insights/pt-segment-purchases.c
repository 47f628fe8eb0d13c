/* pt-segment-purchases.c — the segment criteria over purchases
 * (windowed purchases and spend, days since the last purchase) as sets
 * of members from one range scan of an index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include "pt-segment-rules.h"
#include "pt-segment-rules-private.h"

gboolean
pt_segment_int_holds (const char   *op,
                      const gint64 *values,
                      gsize         n,
                      gint64        x)
{
  gint64 v = n > 0 ? values[0] : 0;

  if (g_str_equal (op, "between"))
    return n == 2 && x >= v && x <= values[1];
  if (g_str_equal (op, "in"))
    {
      for (gsize i = 0; i < n; i++)
        if (values[i] == x)
          return TRUE;
      return FALSE;
    }
  if (g_str_equal (op, "="))
    return x == v;
  if (g_str_equal (op, "!="))
    return x != v;
  if (g_str_equal (op, "<"))
    return x < v;
  if (g_str_equal (op, "<="))
    return x <= v;
  if (g_str_equal (op, ">"))
    return x > v;
  return x >= v;
}

gboolean
pt_segment_member_set_holds (GVariant *spec,
                             gint64    value)
{
  g_autoptr(GVariant) values = NULL;
  const char *op = NULL;
  gboolean invert = FALSE;
  const gint64 *v;
  gsize n = 0;

  g_return_val_if_fail (g_variant_is_of_type (spec, G_VARIANT_TYPE (PT_SEGMENT_MEMBER_SET_TYPE)), FALSE);
  g_variant_get (spec, "(&sb&s&s&s@ax)", NULL, &invert, NULL, NULL, &op, &values);
  v = g_variant_get_fixed_array (values, &n, sizeof (gint64));
  return pt_segment_int_holds (op, v, n, value) != invert;
}

/* Appends pt_member_in () over the set of members described by the
 * other arguments (see PT_SEGMENT_MEMBER_SET_TYPE), for the window of
 * the last @days days. */
static void
append_member_set (PtSegmentCompiler *c,
                   const char        *measure,
                   gboolean           invert,
                   gint64             days,
                   const char        *op,
                   GPtrArray         *values)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDate after = *c->today;
  char after_text[16];
  char until_text[16];

  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      gint64 v = g_variant_get_int64 (values->pdata[i]);

      g_array_append_val (numbers, v);
    }
  g_date_subtract_days (&after, (guint) days);
  g_date_strftime (after_text, sizeof after_text, "%Y-%m-%d", &after);
  g_date_strftime (until_text, sizeof until_text, "%Y-%m-%d", c->today);
  g_string_append (c->sql, "pt_member_in (");
  pt_segment_add_param (c, g_variant_new ("(sbss&s@ax)", measure, invert, after_text, until_text, op,
                                          g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, numbers->data,
                                                                     numbers->len, sizeof (gint64))));
  g_string_append (c->sql, ", members.id)");
}

/* purchases / spend over the last @days: a set of members the store
 * computes in one range scan of the covering index purchases_day_member
 * for all members, not a look-up per member. Members with no purchase in
 * the window have a figure of 0; when 0 satisfies the condition the
 * segment is that of the members not in the set of those who fail it. */
void
pt_segment_append_windowed (PtSegmentCompiler *c,
                            gboolean           spend,
                            const char        *op,
                            GPtrArray         *values,
                            int                days)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean zero_holds;

  for (guint i = 0; i < values->len; i++)
    {
      gint64 v = g_variant_get_int64 (values->pdata[i]);

      g_array_append_val (numbers, v);
    }
  zero_holds = pt_segment_int_holds (op, (const gint64 *) numbers->data, numbers->len, 0);
  if (zero_holds)
    g_string_append (c->sql, "NOT ");
  append_member_set (c, spend ? "spend" : "purchases", zero_holds, days, op, values);
}

/* The members with a purchase day (one not all reversed) in the last
 * @days days, @days ≥ 1. */
static void
append_bought_within (PtSegmentCompiler *c,
                      gint64             days)
{
  append_member_set (c, "bought", FALSE, MIN (days, MAX_DAYS + 1), "", NULL);
}

/* days_since_purchase @op @n as sets of recent buyers: "≥ n" is "no
 * purchase in the last n days" (a member who never bought is as far
 * away as can be). */
void
pt_segment_append_days_since (PtSegmentCompiler   *c,
                   const char *op,
                   gint64      n)
{
  if (g_str_equal (op, "<") || g_str_equal (op, "<="))
    {
      gint64 within = g_str_equal (op, "<") ? n : n + 1;

      if (within < 1)
        g_string_append (c->sql, "0");
      else
        append_bought_within (c, within);
    }
  else if (g_str_equal (op, ">=") || g_str_equal (op, ">"))
    {
      gint64 within = g_str_equal (op, ">=") ? n : n + 1;

      if (within < 1)
        g_string_append (c->sql, "1");
      else
        {
          g_string_append (c->sql, "NOT ");
          append_bought_within (c, within);
        }
    }
  else
    {
      /* = n: bought n days ago, not since; != n: the opposite. */
      if (g_str_equal (op, "!="))
        g_string_append (c->sql, "NOT ");
      if (n < 0)
        g_string_append (c->sql, "(0)");
      else
        {
          g_string_append (c->sql, "(");
          append_bought_within (c, n + 1);
          if (n > 0)
            {
              g_string_append (c->sql, " AND NOT ");
              append_bought_within (c, n);
            }
          g_string_append (c->sql, ")");
        }
    }
}
