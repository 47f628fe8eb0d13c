/* pt-demo-purchases.h — sample data: the café's tiers, rules and sales
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

/* Gives the sample café a tier ladder (Regular, Silver, Gold, Platinum)
 * and earning rules when it has none, a rewards catalog (Free coffee, …)
 * when it has none, both named in the interface's language, then a year of purchases for the
 * first @n_members members (a few each; some none), recorded through
 * pt_store_record_purchase() so that points, lots, tiers and the outbox
 * are what real use would give, and runs the daily jobs. The same @seed
 * gives the same history. One transaction. */
gboolean pt_demo_generate_purchases (PtStore  *store,
                                     guint     n_members,
                                     guint32   seed,
                                     GError  **error);

G_END_DECLS
