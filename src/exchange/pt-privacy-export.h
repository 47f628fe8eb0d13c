/* pt-privacy-export.h — everything a branch holds about one member, for
 * a data access request (PIPL art. 45, GDPR art. 15)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-store.h"

G_BEGIN_DECLS

/* A JSON object: "format" ("patron-member-data/1"), "exported_at",
 * "branch", "member" (every profile field, consent, balance, tier),
 * "purchases", "points" (balance, open lots, every ledger entry),
 * "coupons", "redemptions" and "tier_changes". @member is an id or a
 * member number; a deleted member is exported too. */
JsonNode *pt_privacy_export_member (PtStore     *store,
                                    const char  *member,
                                    GError     **error);

G_END_DECLS
