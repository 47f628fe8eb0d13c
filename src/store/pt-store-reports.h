/* pt-store-reports.h — what the reports read from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-member.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* Called once per member; return FALSE to stop early. */
typedef gboolean (*PtStoreMemberFunc) (PtMember *member,
                                       gpointer  user_data);

/* Every member (not deleted) in member-number order, or with @filter the
 * members the search box finds for it (name, phone, number, e-mail),
 * also in number order. Reads row by row: a long list is never held. */
gboolean   pt_store_foreach_report_member (PtStore            *self,
                                           const char         *filter,
                                           PtStoreMemberFunc   func,
                                           gpointer            user_data,
                                           GError            **error);

/* Members whose birthday falls in @month (1–12), by day then name. */
GPtrArray *pt_store_list_birthdays        (PtStore            *self,
                                           guint               month,
                                           GError            **error);

G_END_DECLS
