/* pt-store-member-pages.c — the member list a page at a time, from a
 * neighbouring page (keyset paging)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-members"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-store-members.h"
#include "pt-store-private.h"

/* An OFFSET makes SQLite step over every earlier row: 50 ms and more deep
 * in a list of a million. Continuing from the row that ends the page
 * before is a seek in the sort index instead. Rows with the same key are
 * ordered by rid, so the page is the rest of the anchor's key (after its
 * rid), then the keys beyond it; each part reads at most a page, and the
 * merge of the two is sorted again (a page or two of rows). */
#define PAGE_AFTER_SQL(key, coll, cmp, dir) \
  "SELECT * FROM (SELECT " PT_STORE_MEMBER_COLUMNS ", " key " AS page_key, rid AS page_rid" \
  " FROM members WHERE deleted = 0 AND " key " = ?1" coll " AND rid " cmp " ?2" \
  " ORDER BY rid " dir " LIMIT ?3)" \
  " UNION ALL" \
  " SELECT * FROM (SELECT " PT_STORE_MEMBER_COLUMNS ", " key " AS page_key, rid AS page_rid" \
  " FROM members WHERE deleted = 0 AND " key " " cmp " ?1" coll \
  " ORDER BY " key coll " " dir ", rid " dir " LIMIT ?3)" \
  " ORDER BY page_key" coll " " dir ", page_rid " dir " LIMIT ?3"

#define PAGE_AFTER(key, coll) \
  { PAGE_AFTER_SQL (key, coll, ">", "ASC"), PAGE_AFTER_SQL (key, coll, "<", "DESC") }

/* City may be NULL, which a keyset over "city = ?" cannot continue from;
 * that order keeps the offset. */
static const char * const page_after_sql[PT_MEMBER_N_SORTS][2] = {
  [PT_MEMBER_SORT_NUMBER] = PAGE_AFTER ("number", ""),
  [PT_MEMBER_SORT_NAME] = PAGE_AFTER ("name", " COLLATE NOCASE"),
  [PT_MEMBER_SORT_JOINED] = PAGE_AFTER ("joined_on", ""),
  [PT_MEMBER_SORT_CITY] = { NULL, NULL },
  [PT_MEMBER_SORT_POINTS] = PAGE_AFTER ("points_balance", ""),
};

/* Column of the anchor lookup below that holds each order's key. */
static const int anchor_key_column[PT_MEMBER_N_SORTS] = {
  [PT_MEMBER_SORT_NUMBER] = 0,
  [PT_MEMBER_SORT_NAME] = 1,
  [PT_MEMBER_SORT_JOINED] = 2,
  [PT_MEMBER_SORT_CITY] = -1,
  [PT_MEMBER_SORT_POINTS] = 3,
};

/* The page after @anchor_id in the given order; NULL without an error when
 * the anchor is gone (deleted since), so the caller falls back. */
static GPtrArray *
page_after (PtStore       *self,
            PtMemberSort   sort,
            gboolean       descending,
            const char    *anchor_id,
            guint          limit,
            GError       **error)
{
  sqlite3_stmt *anchor;
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self, page_after_sql[sort][descending ? 1 : 0], error);
  if (stmt == NULL)
    return NULL;

  anchor = pt_store_prepare (self,
                             "SELECT number, name, joined_on, points_balance, rid FROM members"
                             " WHERE id = ?1 AND deleted = 0", error);
  if (anchor == NULL)
    return NULL;
  pt_store_bind_text (anchor, 1, anchor_id);
  rc = sqlite3_step (anchor);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (anchor);
      if (rc != SQLITE_DONE)
        pt_store_set_db_error (self, error, _("reading members"));
      return NULL;
    }

  /* Bound values are copies: the anchor row can go. */
  sqlite3_bind_value (stmt, 1, sqlite3_column_value (anchor, anchor_key_column[sort]));
  sqlite3_bind_int64 (stmt, 2, sqlite3_column_int64 (anchor, 4));
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_reset (anchor);

  return pt_store_collect_members (self, stmt, error);
}

GPtrArray *
pt_store_list_members_after (PtStore       *self,
                             PtMemberSort   sort,
                             gboolean       descending,
                             const char    *after_id,
                             guint          offset,
                             guint          limit,
                             GError       **error)
{
  GError *local_error = NULL;
  GPtrArray *page;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) sort < PT_MEMBER_N_SORTS, NULL);

  if (after_id == NULL || page_after_sql[sort][0] == NULL)
    return pt_store_list_members (self, sort, descending, offset, limit, error);

  page = page_after (self, sort, descending, after_id, limit, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (page == NULL)
    return pt_store_list_members (self, sort, descending, offset, limit, error);
  return page;
}

GPtrArray *
pt_store_list_members_before (PtStore       *self,
                              PtMemberSort   sort,
                              gboolean       descending,
                              const char    *before_id,
                              guint          offset,
                              guint          limit,
                              GError       **error)
{
  GError *local_error = NULL;
  GPtrArray *page;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) sort < PT_MEMBER_N_SORTS, NULL);

  if (before_id == NULL || page_after_sql[sort][0] == NULL)
    return pt_store_list_members (self, sort, descending, offset, limit, error);

  /* The rows before the anchor are the rows after it in the other
   * direction, nearest first. */
  page = page_after (self, sort, !descending, before_id, limit, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (page == NULL || page->len != limit)
    {
      /* At the top of the list, or it changed: count from the start. */
      g_clear_pointer (&page, g_ptr_array_unref);
      return pt_store_list_members (self, sort, descending, offset, limit, error);
    }

  for (guint i = 0, j = page->len - 1; i < j; i++, j--)
    {
      gpointer tmp = page->pdata[i];
      page->pdata[i] = page->pdata[j];
      page->pdata[j] = tmp;
    }
  return page;
}
