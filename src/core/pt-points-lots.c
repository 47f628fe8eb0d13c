/* pt-points-lots.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-points-lots"

#include "config.h"

#include <stdlib.h>

#include "pt-points-lots.h"

int
pt_points_lot_compare (gconstpointer a,
                       gconstpointer b)
{
  const PtPointsLot *la = a;
  const PtPointsLot *lb = b;
  gboolean ea = g_date_valid (&la->expires_on);
  gboolean eb = g_date_valid (&lb->expires_on);

  if (ea != eb)
    return ea ? -1 : 1;
  if (ea)
    {
      int c = g_date_compare (&la->expires_on, &lb->expires_on);
      if (c != 0)
        return c;
    }
  return la->seq < lb->seq ? -1 : la->seq > lb->seq ? 1 : 0;
}

typedef struct
{
  const PtPointsLot *lot;
  guint              index;
} Ordered;

static int
compare_ordered (gconstpointer a,
                 gconstpointer b)
{
  return pt_points_lot_compare (((const Ordered *) a)->lot, ((const Ordered *) b)->lot);
}

static gint64
take (GArray            *takes,
      const PtPointsLot *lot,
      guint              index,
      gint64             wanted)
{
  PtPointsTake t;

  if (lot->remaining <= 0 || wanted <= 0)
    return 0;

  t.lot_index = index;
  t.points = MIN (lot->remaining, wanted);
  g_array_append_val (takes, t);
  return t.points;
}

static gboolean
usable (const PtPointsLot *lot,
        const GDate       *today)
{
  return today == NULL || !g_date_valid (&lot->expires_on) ||
         g_date_compare (&lot->expires_on, today) >= 0;
}

gint64
pt_points_plan_debit (const PtPointsLot *lots,
                      guint              n_lots,
                      gint64             points,
                      const char        *preferred,
                      const GDate       *today,
                      GArray            *takes)
{
  g_autofree Ordered *order = NULL;
  gint64 left = points;

  g_return_val_if_fail (takes != NULL, points);

  if (points <= 0)
    return 0;

  order = g_new (Ordered, MAX (n_lots, 1));
  for (guint i = 0; i < n_lots; i++)
    {
      order[i].lot = &lots[i];
      order[i].index = i;
    }
  qsort (order, n_lots, sizeof (Ordered), compare_ordered);

  if (preferred != NULL)
    for (guint i = 0; i < n_lots && left > 0; i++)
      if (g_strcmp0 (lots[i].id, preferred) == 0 && usable (&lots[i], today))
        left -= take (takes, &lots[i], i, left);

  for (guint i = 0; i < n_lots && left > 0; i++)
    {
      const PtPointsLot *lot = order[i].lot;

      if (g_strcmp0 (lot->id, preferred) == 0 || !usable (lot, today))
        continue;
      left -= take (takes, lot, order[i].index, left);
    }

  return left;
}
