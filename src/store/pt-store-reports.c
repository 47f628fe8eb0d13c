/* pt-store-reports.c — what the reports read from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-store-reports.h"

static gint
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  PtMember *ma = *(PtMember **) a;
  PtMember *mb = *(PtMember **) b;

  return g_strcmp0 (pt_member_get_number (ma), pt_member_get_number (mb));
}

gboolean
pt_store_foreach_report_member (PtStore            *self,
                                const char         *filter,
                                PtStoreMemberFunc   func,
                                gpointer            user_data,
                                GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (filter != NULL && *filter != '\0')
    {
      /* The same matches as the search box, without its page limit. */
      g_autoptr(GPtrArray) found = pt_store_search_members (self, filter, G_MAXINT, error);

      if (found == NULL)
        return FALSE;
      g_ptr_array_sort (found, compare_numbers);
      for (guint i = 0; i < found->len; i++)
        if (!func (g_ptr_array_index (found, i), user_data))
          break;
      return TRUE;
    }

  stmt = pt_store_prepare (self,
                           "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                           " WHERE deleted = 0 ORDER BY number, rid", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PtMember) member = pt_store_member_from_row (stmt);

      if (!func (member, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading members"));
  return TRUE;
}

GPtrArray *
pt_store_list_birthdays (PtStore  *self,
                         guint     month,
                         GError  **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *mm = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  /* Birthdays are YYYY-MM-DD; the range on the month-day part uses the
   * members_by_birthday index. */
  mm = g_strdup_printf ("%02u-", month);
  stmt = pt_store_prepare (self,
                           "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                           " WHERE deleted = 0 AND substr (birthday, 6, 5) >= ?1 || '00'"
                           " AND substr (birthday, 6, 5) <= ?1 || '99'"
                           " ORDER BY substr (birthday, 6, 5), name COLLATE NOCASE, rid", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, mm);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, pt_store_member_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading birthdays"));
      return NULL;
    }
  return g_steal_pointer (&members);
}
