/* pt-store-rewards.h — the rewards catalog and its stock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-reward.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* Validates @reward, gives it an id if it has none, and writes it with
 * its outbox entry (entity "reward", op "create") in one transaction.
 * A reward with stock gets an "initial" stock movement of @initial_stock
 * (which must not be negative); unlimited rewards ignore it. */
gboolean   pt_store_add_reward            (PtStore     *self,
                                           PtReward    *reward,
                                           gint64       initial_stock,
                                           GError     **error);

/* Writes the fields of @reward that differ from the stored one, each with
 * a new clock stamp, and one outbox entry ("update") listing them. */
gboolean   pt_store_update_reward         (PtStore     *self,
                                           PtReward    *reward,
                                           GError     **error);

/* By id, or by exact name (case-insensitive) when no id matches;
 * PT_STORE_ERROR_NOT_FOUND otherwise. */
PtReward  *pt_store_get_reward            (PtStore     *self,
                                           const char  *id_or_name,
                                           GError     **error);

/* The catalog by name; inactive rewards too when @include_inactive. */
GPtrArray *pt_store_list_rewards          (PtStore     *self,
                                           gboolean     include_inactive,
                                           GError     **error);

/* Adds @quantity (> 0) to the stock of a reward that keeps stock: a
 * "restock" movement and its outbox entry. */
gboolean   pt_store_restock_reward        (PtStore     *self,
                                           const char  *reward_id,
                                           gint64       quantity,
                                           const char  *note,
                                           GError     **error);

/* Recomputes the materialised stock of every reward from its movements.
 * @n_wrong (may be NULL) is set to how many stored values differed; they
 * are corrected when @repair, else left for the caller to report. Sync
 * calls this with @repair after applying pulled movements. */
gboolean   pt_store_verify_reward_stock   (PtStore     *self,
                                           gboolean     repair,
                                           guint       *n_wrong,
                                           GError     **error);

/* Rewards whose stock is below zero: only a merge of branches that gave
 * away the same items offline can do that; they are kept and shown for a
 * person to settle (by a restock or a correction). */
GPtrArray *pt_store_list_overdrawn_rewards (PtStore    *self,
                                            GError    **error);

/* The id of the tier named @name_or_id (case-insensitive) or with that id,
 * for a reward's minimum tier; PT_STORE_ERROR_NOT_FOUND naming it if
 * there is none. */
gboolean   pt_store_find_tier             (PtStore     *self,
                                           const char  *name_or_id,
                                           char       **tier_id,
                                           GError     **error);

G_END_DECLS
