/* pt-member-list.h — the member list as a GListModel that pages from SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-store.h"
#include "pt-store-members.h"

G_BEGIN_DECLS

#define PT_TYPE_MEMBER_LIST (pt_member_list_get_type ())

G_DECLARE_FINAL_TYPE (PtMemberList, pt_member_list, PT, MEMBER_LIST, GObject)

/* Without a query the model holds every member, fetched a page at a time
 * as rows are asked for; with one it holds the best search matches (at
 * most PT_MEMBER_LIST_SEARCH_LIMIT). It reloads when members change. */
#define PT_MEMBER_LIST_PAGE_SIZE    64
#define PT_MEMBER_LIST_SEARCH_LIMIT 500

PtMemberList *pt_member_list_new           (PtStore      *store);
PtStore      *pt_member_list_get_store     (PtMemberList *self);
const char   *pt_member_list_get_query     (PtMemberList *self);
void          pt_member_list_set_query     (PtMemberList *self,
                                            const char   *query);
PtMemberSort  pt_member_list_get_sort      (PtMemberList *self);
gboolean      pt_member_list_get_descending (PtMemberList *self);
void          pt_member_list_set_sort      (PtMemberList *self,
                                            PtMemberSort  sort,
                                            gboolean      descending);
/* Only the members of a compiled segment (pt_segment_compile(); NULL:
 * every member); a search looks among them. The segment's members are
 * listed (their rids, in the list's order) in a worker thread, and each
 * page is then 64 lookups by rid however rare they are: "counting" is
 * TRUE meanwhile and the model is empty (a new segment) or keeps its
 * rows (a reload, another order); items-changed tells when they are in. */
void          pt_member_list_set_segment   (PtMemberList *self,
                                            const char   *where,
                                            GPtrArray    *params);
gboolean      pt_member_list_has_segment   (PtMemberList *self);
gboolean      pt_member_list_get_counting  (PtMemberList *self);
/* Position of the member with @id among the rows loaded so far, or -1. */
int           pt_member_list_find_loaded   (PtMemberList *self,
                                            const char   *id);
/* Rows fetched from the database since the model was made (for tests and
 * the bench: scrolling must not fetch more than it shows). */
guint64       pt_member_list_get_rows_fetched (PtMemberList *self);
/* The last error met while loading, if any. */
const GError *pt_member_list_get_error     (PtMemberList *self);
void          pt_member_list_reload        (PtMemberList *self);

G_END_DECLS
