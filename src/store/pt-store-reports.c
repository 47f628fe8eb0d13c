/* pt-store-reports.c — what the reports read from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-points.h"
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

void
pt_expiring_lot_free (PtExpiringLot *lot)
{
  if (lot == NULL)
    return;
  g_free (lot->member_id);
  g_free (lot->number);
  g_free (lot->name);
  g_free (lot->phone);
  g_free (lot->expires_on);
  g_free (lot);
}

static char *
iso_day (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

GPtrArray *
pt_store_list_expiring_lots (PtStore      *self,
                             const GDate  *from,
                             const GDate  *to,
                             GError      **error)
{
  g_autoptr(GPtrArray) lots = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_expiring_lot_free);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  first = iso_day (from);
  last = iso_day (to);
  stmt = pt_store_prepare (self,
                           "SELECT members.id, members.number, members.name, members.phone,"
                           " points_entries.expires_on, points_entries.remaining"
                           " FROM points_entries JOIN members ON members.id = points_entries.member_id"
                           " WHERE points_entries.remaining > 0 AND points_entries.points > 0"
                           " AND points_entries.expires_on BETWEEN ?1 AND ?2 AND members.deleted = 0"
                           " ORDER BY points_entries.expires_on, members.number, points_entries.rid",
                           error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, first);
  pt_store_bind_text (stmt, 2, last);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtExpiringLot *lot = g_new0 (PtExpiringLot, 1);

      lot->member_id = g_strdup (pt_store_column_text (stmt, 0));
      lot->number = g_strdup (pt_store_column_text (stmt, 1));
      lot->name = g_strdup (pt_store_column_text (stmt, 2));
      lot->phone = g_strdup (pt_store_column_text (stmt, 3));
      lot->expires_on = g_strdup (pt_store_column_text (stmt, 4));
      lot->points = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (lots, lot);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading expiring points"));
      return NULL;
    }
  return g_steal_pointer (&lots);
}

/* Runs @sql with the text parameters given (NULL-terminated) and returns
 * its first column of its first row as a number. */
static gboolean
query_int64 (PtStore     *self,
             const char  *sql,
             gint64      *value,
             GError     **error,
             ...)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, sql, error);
  const char *arg;
  va_list args;
  int i = 1;
  int rc;

  if (stmt == NULL)
    return FALSE;

  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    pt_store_bind_text (stmt, i++, arg);
  va_end (args);

  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("computing the key figures"));
  return TRUE;
}

/* Purchases that count: not a reversal, and not reversed. */
#define COUNTED_PURCHASES \
  "purchases AS p WHERE p.reverses IS NULL" \
  " AND NOT EXISTS (SELECT 1 FROM purchases AS r WHERE r.reverses = p.id)"

gboolean
pt_store_get_kpi (PtStore      *self,
                  const GDate  *from,
                  const GDate  *to,
                  PtStoreKpi   *kpi,
                  GError      **error)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *last_30 = NULL;
  g_autofree char *last_90 = NULL;
  PtPointsRules rules;
  GDate day;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL && kpi != NULL, FALSE);

  memset (kpi, 0, sizeof *kpi);
  first = iso_day (from);
  last = iso_day (to);
  day = *to;
  g_date_subtract_days (&day, 29);
  last_30 = iso_day (&day);
  day = *to;
  g_date_subtract_days (&day, 89);
  last_90 = iso_day (&day);

  pt_store_get_points_rules (self, &rules);
  memcpy (kpi->currency, rules.currency, sizeof kpi->currency);

  if (!query_int64 (self, "SELECT count (*) FROM members WHERE deleted = 0 AND joined_on <= ?1",
                    &kpi->members, error, last, NULL) ||
      !query_int64 (self, "SELECT count (*) FROM members WHERE deleted = 0 AND joined_on < ?1",
                    &kpi->members_before, error, first, NULL) ||
      !query_int64 (self, "SELECT count (DISTINCT p.member_id) FROM " COUNTED_PURCHASES
                    " AND p.day BETWEEN ?1 AND ?2", &kpi->active_30, error, last_30, last, NULL) ||
      !query_int64 (self, "SELECT count (DISTINCT p.member_id) FROM " COUNTED_PURCHASES
                    " AND p.day BETWEEN ?1 AND ?2", &kpi->active_90, error, last_90, last, NULL) ||
      !query_int64 (self, "SELECT count (DISTINCT p.member_id) FROM " COUNTED_PURCHASES
                    " AND p.day BETWEEN ?1 AND ?2", &kpi->buyers, error, first, last, NULL) ||
      !query_int64 (self, "SELECT count (*) FROM (SELECT p.member_id FROM " COUNTED_PURCHASES
                    " AND p.day BETWEEN ?1 AND ?2 GROUP BY p.member_id HAVING count (*) > 1)",
                    &kpi->repeat_buyers, error, first, last, NULL) ||
      !query_int64 (self, "SELECT count (*) FROM " COUNTED_PURCHASES " AND p.day BETWEEN ?1 AND ?2",
                    &kpi->purchases, error, first, last, NULL) ||
      !query_int64 (self, "SELECT coalesce (sum (amount), 0) FROM purchases"
                    " WHERE kind = 'sale' AND day BETWEEN ?1 AND ?2",
                    &kpi->revenue, error, first, last, NULL) ||
      !query_int64 (self, "SELECT coalesce (max (coupon_amount * 1000 / points_cost), -1)"
                    " FROM rewards WHERE kind = 'coupon' AND active = 1 AND coupon_amount > 0"
                    " AND points_cost > 0", &kpi->point_value_milli, error, NULL) ||
      !query_int64 (self, "SELECT coalesce (sum (points_balance), 0) FROM members WHERE deleted = 0",
                    &kpi->points_outstanding, error, NULL))
    return FALSE;

  kpi->new_members = kpi->members - kpi->members_before;
  return TRUE;
}

GArray *
pt_store_get_months (PtStore      *self,
                     const GDate  *last_day,
                     guint         n_months,
                     GError      **error)
{
  g_autoptr(GArray) months = g_array_sized_new (FALSE, TRUE, sizeof (PtStoreMonth), n_months);
  GDate start;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (last_day != NULL && n_months > 0, NULL);

  g_date_set_dmy (&start, 1, g_date_get_month (last_day), g_date_get_year (last_day));
  g_date_subtract_months (&start, n_months - 1);

  for (guint i = 0; i < n_months; i++)
    {
      PtStoreMonth month = { g_date_get_year (&start), g_date_get_month (&start), };
      g_autofree char *first = iso_day (&start);
      g_autofree char *last = NULL;
      GDate end = start;

      g_date_add_months (&end, 1);
      g_date_subtract_days (&end, 1);
      last = iso_day (&end);

      if (!query_int64 (self, "SELECT count (*) FROM members WHERE deleted = 0 AND joined_on <= ?1",
                        &month.members, error, last, NULL) ||
          !query_int64 (self, "SELECT count (*) FROM members WHERE deleted = 0"
                        " AND joined_on BETWEEN ?1 AND ?2", &month.new_members, error,
                        first, last, NULL) ||
          !query_int64 (self, "SELECT count (DISTINCT p.member_id) FROM " COUNTED_PURCHASES
                        " AND p.day BETWEEN ?1 AND ?2", &month.active, error, first, last, NULL) ||
          !query_int64 (self, "SELECT coalesce (sum (amount), 0) FROM purchases"
                        " WHERE kind = 'sale' AND day BETWEEN ?1 AND ?2",
                        &month.revenue, error, first, last, NULL))
        return NULL;

      g_array_append_val (months, month);
      g_date_add_months (&start, 1);
    }

  return g_steal_pointer (&months);
}
