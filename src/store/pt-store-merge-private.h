/* pt-store-merge-private.h — what the merge event and the moves of a
 * merged member's events share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

/* Where @id's events belong: the end of its chain of merges (the first
 * merge of each member by its stamp counts; a circle ends at its smallest
 * id). *@final is NULL when @id was not merged, or the circle ends at it. */
gboolean pt_store_merge_resolve (PtStore     *self,
                                 const char  *id,
                                 char       **final,
                                 GError     **error);

/* Moves the events of @id, and of every member merged into it, to where
 * each resolves now (pt_store_merge_resolve()), and replays the points
 * and settles the tiers of every member that gained or lost one. */
gboolean pt_store_merge_rehome  (PtStore     *self,
                                 const char  *id,
                                 GError     **error);

G_END_DECLS
