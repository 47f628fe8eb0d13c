/* pt-store-segment-members.h — the members of a compiled segment: counted
 * off the caller's thread, listed in order for the member list, streamed for
 * reports, and a search's matches narrowed to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pt-store-members.h"
#include "pt-store-reports.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* @where and @params below are a compiled segment (pt_segment_compile()):
 * an SQL condition over a row of `members` with placeholders ?1 … ?n, and
 * their values (GVariants of type "x", "d" or "s"). */

/* Counts the members (not deleted) for whom @where holds, in a worker
 * thread on a connection of its own, so the caller's thread never waits
 * on a slow segment. Cancelling @cancellable interrupts the query; the
 * result is then G_IO_ERROR_CANCELLED. @params is copied. */
void       pt_store_count_matching_async   (PtStore              *self,
                                            const char           *where,
                                            GPtrArray            *params,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* The same for a live count while a segment is edited, by
 * pt_store_count_segment () on a connection the store keeps for it, so
 * its copy of the profile fields lasts from one count to the next; the
 * result is taken with pt_store_count_matching_finish (). */
void       pt_store_count_segment_async    (PtStore              *self,
                                            JsonNode             *rules,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* The count, or -1 with @error set. */
gint64     pt_store_count_matching_finish  (PtStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* The rids of the segment's members in the order of @sort (the whole
 * list as numbers: 8 bytes a member, for a list model to page through). */
GArray    *pt_store_list_matching_rids     (PtStore              *self,
                                            const char           *where,
                                            GPtrArray            *params,
                                            PtMemberSort          sort,
                                            gboolean              descending,
                                            GError              **error);
/* The same in a worker thread on a connection of its own, cancellable
 * like pt_store_count_matching_async(). */
void       pt_store_list_matching_rids_async  (PtStore           *self,
                                               const char        *where,
                                               GPtrArray         *params,
                                               PtMemberSort       sort,
                                               gboolean           descending,
                                               GCancellable      *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer           user_data);
GArray    *pt_store_list_matching_rids_finish (PtStore           *self,
                                               GAsyncResult      *result,
                                               GError           **error);

/* The members (not deleted) with these rids, in the order given: a page
 * of such a list. */
GPtrArray *pt_store_get_members_by_rid     (PtStore              *self,
                                            const gint64         *rids,
                                            guint                 n_rids,
                                            GError              **error);

/* The members of @members (PtMember) that are in the segment, in their
 * order. */
GPtrArray *pt_store_filter_matching        (PtStore              *self,
                                            const char           *where,
                                            GPtrArray            *params,
                                            GPtrArray            *members,
                                            GError              **error);

/* Calls @func for every member of the segment in member-number order,
 * row by row: a long list is never held. With @filter, only those the
 * search box finds for it. */
gboolean   pt_store_foreach_matching_member (PtStore             *self,
                                             const char          *where,
                                             GPtrArray           *params,
                                             const char          *filter,
                                             PtStoreMemberFunc    func,
                                             gpointer             user_data,
                                             GError             **error);

G_END_DECLS
