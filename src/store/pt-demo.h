/* pt-demo.h — sample data: a realistic café's members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

/* Called between batches, in the calling thread, with the share of the
 * work done so far (0.0 … 1.0). */
typedef void (*PtDemoProgressFunc) (double   fraction,
                                    gpointer user_data);

/* Adds @n_members sample members (about 60% Chinese and 40% English names,
 * Chinese mobile numbers, e-mails, birthdays, cities, joining dates over
 * the last three years, referrals, consent, tags and notes) through the
 * store's normal API, so each gets a number and an outbox entry. The same
 * @seed gives the same members. Work is committed in batches of a few
 * thousand members; on error the batches already committed stay. */
gboolean pt_demo_generate (PtStore             *store,
                           guint                n_members,
                           guint32              seed,
                           PtDemoProgressFunc   progress,
                           gpointer             user_data,
                           GError             **error);

G_END_DECLS
