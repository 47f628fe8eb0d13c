/* pt-rfm.h — recency, frequency and monetary quintile scores and the
 * named groups of the R and F scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_RFM_DEFAULT_WINDOW_DAYS 365

typedef enum
{
  PT_RFM_GROUP_NONE,
  PT_RFM_GROUP_CHAMPIONS,
  PT_RFM_GROUP_LOYAL,
  PT_RFM_GROUP_POTENTIAL_LOYALISTS,
  PT_RFM_GROUP_NEW,
  PT_RFM_GROUP_PROMISING,
  PT_RFM_GROUP_NEED_ATTENTION,
  PT_RFM_GROUP_ABOUT_TO_SLEEP,
  PT_RFM_GROUP_AT_RISK,
  PT_RFM_GROUP_CANT_LOSE_THEM,
  PT_RFM_GROUP_HIBERNATING,
  PT_RFM_GROUP_LOST,
  PT_RFM_N_GROUPS,
} PtRfmGroup;

/* What one member did within the window: days since the last purchase,
 * the number of purchases and the spend (minor units). Only members with
 * a purchase in the window are scored. */
typedef struct
{
  double recency_days;
  double frequency;
  double monetary;
} PtRfmInput;

/* Scores 1–5, 5 best (most recent, most often, most spent). */
typedef struct
{
  guint8 r;
  guint8 f;
  guint8 m;
} PtRfmScore;

/* Scores @n members by quintile of each measure: a member's score is
 * 1 + ⌊5 · (members strictly worse) / n⌋, so that equal values share a
 * score and the order of @inputs does not matter. */
void        pt_rfm_score            (const PtRfmInput *inputs,
                                     guint             n,
                                     PtRfmScore       *scores);

/* The usual map of (R, F) to a group; R = F = 1 is "lost". */
PtRfmGroup  pt_rfm_group_from_scores (guint            r,
                                      guint            f);

/* "champions", "cant_lose_them" …; NULL for PT_RFM_GROUP_NONE. */
const char *pt_rfm_group_key        (PtRfmGroup        group);
/* The translated name ("Can't lose them"). */
const char *pt_rfm_group_name       (PtRfmGroup        group);
/* PT_RFM_GROUP_NONE for anything that is not a key. */
PtRfmGroup  pt_rfm_group_from_key   (const char       *key);

G_END_DECLS
