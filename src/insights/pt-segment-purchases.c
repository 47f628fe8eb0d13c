/* pt-segment-purchases.c — the segment criteria over purchases
 * (windowed purchases and spend, days since the last purchase) as sets
 * of members from one range scan of an index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include "pt-segment-rules-private.h"

/* Whether a comparison of @x by @op with @values holds: for a windowed
 * figure, what a member with no purchase in the window (a figure of 0)
 * gets. */
static gboolean
holds (const char *op,
       GPtrArray  *values,
       gint64      x)
{
  gint64 v = g_variant_get_int64 (values->pdata[0]);

  if (g_str_equal (op, "between"))
    return x >= v && x <= g_variant_get_int64 (values->pdata[1]);
  if (g_str_equal (op, "in"))
    {
      for (guint i = 0; i < values->len; i++)
        if (g_variant_get_int64 (values->pdata[i]) == x)
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

/* The comparison itself, of @subject, for HAVING. */
static void
append_comparison (PtSegmentCompiler   *c,
                   const char *subject,
                   const char *op,
                   GPtrArray  *values)
{
  g_string_append (c->sql, subject);
  if (g_str_equal (op, "between"))
    {
      g_string_append (c->sql, " BETWEEN ");
      pt_segment_add_param (c, g_variant_ref (values->pdata[0]));
      g_string_append (c->sql, " AND ");
      pt_segment_add_param (c, g_variant_ref (values->pdata[1]));
    }
  else if (g_str_equal (op, "in"))
    {
      g_string_append (c->sql, " IN (");
      for (guint i = 0; i < values->len; i++)
        {
          if (i > 0)
            g_string_append (c->sql, ", ");
          pt_segment_add_param (c, g_variant_ref (values->pdata[i]));
        }
      g_string_append (c->sql, ")");
    }
  else
    {
      g_string_append_printf (c->sql, " %s ", pt_segment_sql_operator (op));
      pt_segment_add_param (c, g_variant_ref (values->pdata[0]));
    }
}

/* purchases / spend over the last @days: one range scan of the covering
 * index purchases_day_member for all members, not a look-up per member.
 * Members with no purchase in the window have a figure of 0; when 0
 * satisfies the condition the set is that of the members who fail it. */
void
pt_segment_append_windowed (PtSegmentCompiler *c,
                            gboolean           spend,
                            const char        *op,
                            GPtrArray         *values,
                            int                days)
{
  gboolean zero_holds = holds (op, values, 0);

  g_string_append (c->sql, zero_holds ? "members.id NOT IN (" : "members.id IN (");
  g_string_append (c->sql, "SELECT member_id FROM purchases WHERE day > ");
  pt_segment_add_date_param (c, -days);
  g_string_append (c->sql, " AND day <= ");
  pt_segment_add_date_param (c, 0);
  g_string_append (c->sql, " GROUP BY member_id HAVING ");
  if (zero_holds)
    g_string_append (c->sql, "NOT (");
  append_comparison (c, spend ? "sum (amount)"
                        : "sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END)", op, values);
  if (zero_holds)
    g_string_append (c->sql, ")");
  g_string_append (c->sql, ")");
}

/* The members with a purchase day (one not all reversed) in the last
 * @days days, @days ≥ 1. */
static void
append_bought_within (PtSegmentCompiler *c,
                      gint64    days)
{
  days = MIN (days, MAX_DAYS + 1);
  g_string_append (c->sql, "members.id IN (SELECT member_id FROM purchases WHERE day > ");
  pt_segment_add_date_param (c, (int) -days);
  g_string_append (c->sql, " AND day <= ");
  pt_segment_add_date_param (c, 0);
  g_string_append (c->sql, " GROUP BY member_id, day"
                   " HAVING sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) > 0)");
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
