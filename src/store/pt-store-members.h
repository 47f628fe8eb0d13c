/* pt-store-members.h — members in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-member.h"
#include "pt-store.h"

G_BEGIN_DECLS

typedef enum
{
  PT_MEMBER_SORT_NUMBER,
  PT_MEMBER_SORT_NAME,
  PT_MEMBER_SORT_JOINED,
  PT_MEMBER_SORT_CITY,
  PT_MEMBER_SORT_POINTS,
  PT_MEMBER_N_SORTS
} PtMemberSort;

/* Validates @member, gives it an id, a branch-prefixed number, a joining
 * date and a home branch where it has none, and writes it with its outbox
 * entry in one transaction. @member is updated with what was filled in. */
gboolean  pt_store_add_member       (PtStore       *self,
                                     PtMember      *member,
                                     GError       **error);

/* Writes the fields of @member that differ from the stored member, each
 * with a new clock stamp, and one outbox entry listing them. */
gboolean  pt_store_update_member    (PtStore       *self,
                                     PtMember      *member,
                                     GError       **error);

/* Tombstones the member (it disappears from lists and search); restoring
 * undoes that. Both are synced. */
gboolean  pt_store_delete_member    (PtStore       *self,
                                     const char    *id,
                                     GError       **error);
gboolean  pt_store_restore_member   (PtStore       *self,
                                     const char    *id,
                                     GError       **error);

/* By id or member number; NULL with PT_STORE_ERROR_NOT_FOUND otherwise
 * (deleted members are not found unless @include_deleted). */
PtMember *pt_store_get_member       (PtStore       *self,
                                     const char    *id_or_number,
                                     gboolean       include_deleted,
                                     GError       **error);

/* Search as you type over name, phone, member number and e-mail; at most
 * @limit members, exact number and phone matches first. */
GPtrArray *pt_store_search_members  (PtStore       *self,
                                     const char    *text,
                                     guint          limit,
                                     GError       **error);

/* One page of the member list in the given order. */
GPtrArray *pt_store_list_members    (PtStore       *self,
                                     PtMemberSort   sort,
                                     gboolean       descending,
                                     guint          offset,
                                     guint          limit,
                                     GError       **error);

/* The page that follows the member @after_id (the last row of the page
 * before) or ends just before @before_id (the first row of the page
 * after): the same rows as pt_store_list_members() at @offset, found by a
 * seek in the sort index instead of stepping over @offset rows, which is
 * what it falls back to when the neighbour is gone or the order (city)
 * cannot be continued that way. */
GPtrArray *pt_store_list_members_after  (PtStore      *self,
                                         PtMemberSort  sort,
                                         gboolean      descending,
                                         const char   *after_id,
                                         guint         offset,
                                         guint         limit,
                                         GError      **error);
GPtrArray *pt_store_list_members_before (PtStore      *self,
                                         PtMemberSort  sort,
                                         gboolean      descending,
                                         const char   *before_id,
                                         guint         offset,
                                         guint         limit,
                                         GError      **error);

gint64    pt_store_count_members    (PtStore       *self,
                                     GError       **error);

G_END_DECLS
