/* pt-rfm.c — recency, frequency and monetary quintile scores and the
 * named groups of the R and F scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "pt-rfm.h"

static const struct
{
  const char *key;
  const char *name;
} groups[PT_RFM_N_GROUPS] = {
  [PT_RFM_GROUP_NONE] = { NULL, NULL },
  [PT_RFM_GROUP_CHAMPIONS] = { "champions", N_("Champions") },
  [PT_RFM_GROUP_LOYAL] = { "loyal", N_("Loyal") },
  [PT_RFM_GROUP_POTENTIAL_LOYALISTS] = { "potential_loyalists", N_("Potential loyalists") },
  [PT_RFM_GROUP_NEW] = { "new", N_("New") },
  [PT_RFM_GROUP_PROMISING] = { "promising", N_("Promising") },
  [PT_RFM_GROUP_NEED_ATTENTION] = { "need_attention", N_("Need attention") },
  [PT_RFM_GROUP_ABOUT_TO_SLEEP] = { "about_to_sleep", N_("About to sleep") },
  [PT_RFM_GROUP_AT_RISK] = { "at_risk", N_("At risk") },
  [PT_RFM_GROUP_CANT_LOSE_THEM] = { "cant_lose_them", N_("Can’t lose them") },
  [PT_RFM_GROUP_HIBERNATING] = { "hibernating", N_("Hibernating") },
  [PT_RFM_GROUP_LOST] = { "lost", N_("Lost") },
};

typedef struct
{
  double value;
  guint  index;
} Ranked;

static int
compare_ranked (const void *a,
                const void *b)
{
  const Ranked *x = a;
  const Ranked *y = b;

  if (x->value != y->value)
    return x->value < y->value ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Fills @out[i] with the quintile score of @values[i], higher values
 * scoring higher. */
static void
score_one (Ranked *ranked,
           guint   n,
           guint8 *out,
           gsize   stride)
{
  guint below = 0;

  qsort (ranked, n, sizeof *ranked, compare_ranked);
  for (guint i = 0; i < n; i++)
    {
      guint score;

      /* Equal values share the score of the first of them. */
      if (i > 0 && ranked[i].value != ranked[i - 1].value)
        below = i;
      score = 1 + (guint) ((guint64) below * 5 / n);
      out[(gsize) ranked[i].index * stride] = (guint8) MIN (score, 5);
    }
}

void
pt_rfm_score (const PtRfmInput *inputs,
              guint             n,
              PtRfmScore       *scores)
{
  g_autofree Ranked *ranked = NULL;
  gsize stride = sizeof (PtRfmScore);

  if (n == 0)
    return;
  ranked = g_new (Ranked, n);

  for (guint i = 0; i < n; i++)
    ranked[i] = (Ranked) { -inputs[i].recency_days, i };
  score_one (ranked, n, &scores[0].r, stride);
  for (guint i = 0; i < n; i++)
    ranked[i] = (Ranked) { inputs[i].frequency, i };
  score_one (ranked, n, &scores[0].f, stride);
  for (guint i = 0; i < n; i++)
    ranked[i] = (Ranked) { inputs[i].monetary, i };
  score_one (ranked, n, &scores[0].m, stride);
}

PtRfmGroup
pt_rfm_group_from_scores (guint r,
                          guint f)
{
  if (r < 1 || r > 5 || f < 1 || f > 5)
    return PT_RFM_GROUP_NONE;
  if (r <= 2)
    {
      if (f == 5)
        return PT_RFM_GROUP_CANT_LOSE_THEM;
      if (f >= 3)
        return PT_RFM_GROUP_AT_RISK;
      if (r == 1 && f == 1)
        return PT_RFM_GROUP_LOST;
      return PT_RFM_GROUP_HIBERNATING;
    }
  if (r == 3)
    {
      if (f <= 2)
        return PT_RFM_GROUP_ABOUT_TO_SLEEP;
      if (f == 3)
        return PT_RFM_GROUP_NEED_ATTENTION;
      return PT_RFM_GROUP_LOYAL;
    }
  if (f == 1)
    return r == 4 ? PT_RFM_GROUP_PROMISING : PT_RFM_GROUP_NEW;
  if (f <= 3)
    return PT_RFM_GROUP_POTENTIAL_LOYALISTS;
  return r == 4 ? PT_RFM_GROUP_LOYAL : PT_RFM_GROUP_CHAMPIONS;
}

const char *
pt_rfm_group_key (PtRfmGroup group)
{
  g_return_val_if_fail (group < PT_RFM_N_GROUPS, NULL);
  return groups[group].key;
}

const char *
pt_rfm_group_name (PtRfmGroup group)
{
  g_return_val_if_fail (group < PT_RFM_N_GROUPS, NULL);
  return groups[group].name ? _(groups[group].name) : NULL;
}

PtRfmGroup
pt_rfm_group_from_key (const char *key)
{
  for (guint i = 1; i < PT_RFM_N_GROUPS; i++)
    if (g_strcmp0 (groups[i].key, key) == 0)
      return i;
  return PT_RFM_GROUP_NONE;
}
