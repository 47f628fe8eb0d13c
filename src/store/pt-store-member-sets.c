/* pt-store-member-sets.c — sets of members by their purchases in a window
 * ("spend in the last 90 days ≥ 500"), computed in one pass over the
 * window's range of the covering index purchases_day_member, and the
 * per-member totals of a window that RFM scores
 *
 * A GROUP BY member over that range makes SQLite sort every row of the
 * window (the index is in day order); a hash table by member does the
 * same work without the sort, several times faster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-private.h"

#define MEMBER_SET_POINTER_TYPE "pt-member-set"

typedef struct
{
  gint64 spend;
  gint64 purchases;
} Totals;

/* pt_member_in (set, id): whether @id is in the set bound as a pointer. */
static void
member_in_func (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  GHashTable *set = sqlite3_value_pointer (argv[0], MEMBER_SET_POINTER_TYPE);
  const char *id = (const char *) sqlite3_value_text (argv[1]);

  if (set == NULL)
    {
      sqlite3_result_error (context, "pt_member_in: no member set bound", -1);
      return;
    }
  sqlite3_result_int (context, id != NULL && g_hash_table_contains (set, id));
}

gboolean
pt_store_register_member_set_functions (sqlite3 *db)
{
  return sqlite3_create_function (db, "pt_member_in", 2, SQLITE_UTF8, NULL, member_in_func, NULL,
                                  NULL) == SQLITE_OK;
}

gboolean
pt_store_scan_window_runs (PtStore         *self,
                           const char      *after,
                           const char      *until,
                           PtStoreRunFunc   func,
                           gpointer         user_data,
                           GError         **error)
{
  char member[64] = "";
  char day[16] = "";
  gint64 amount = 0;
  gint64 purchases = 0;
  gboolean have_run = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT member_id, day, amount, reverses IS NULL"
                           " FROM purchases INDEXED BY purchases_day_member WHERE day > ?1 AND day <= ?2",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, after);
  pt_store_bind_text (stmt, 2, until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_member = (const char *) sqlite3_column_text (stmt, 0);
      const char *row_day = (const char *) sqlite3_column_text (stmt, 1);
      int member_len = sqlite3_column_bytes (stmt, 0);
      int day_len = sqlite3_column_bytes (stmt, 1);

      if (row_member == NULL || row_day == NULL || member_len >= (int) sizeof member ||
          day_len >= (int) sizeof day)
        continue;
      if (!have_run || strcmp (row_member, member) != 0 || strcmp (row_day, day) != 0)
        {
          if (have_run)
            func (member, day, amount, purchases, user_data);
          memcpy (member, row_member, member_len + 1);
          memcpy (day, row_day, day_len + 1);
          amount = purchases = 0;
          have_run = TRUE;
        }
      amount += sqlite3_column_int64 (stmt, 2);
      purchases += sqlite3_column_int (stmt, 3) ? 1 : -1;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading purchases"));
  if (have_run)
    func (member, day, amount, purchases, user_data);
  return TRUE;
}

static void
add_totals_cb (const char *member_id,
               const char *day,
               gint64      amount,
               gint64      purchases,
               gpointer    user_data)
{
  GHashTable *totals = user_data;
  Totals *t = g_hash_table_lookup (totals, member_id);

  if (t == NULL)
    {
      t = g_new0 (Totals, 1);
      g_hash_table_insert (totals, g_strdup (member_id), t);
    }
  t->spend += amount;
  t->purchases += purchases;
}

static void
add_bought_cb (const char *member_id,
               const char *day,
               gint64      amount,
               gint64      purchases,
               gpointer    user_data)
{
  GHashTable *set = user_data;

  /* A day whose purchases were all reversed is no purchase day. */
  if (purchases > 0 && !g_hash_table_contains (set, member_id))
    g_hash_table_add (set, g_strdup (member_id));
}

typedef struct
{
  GVariant *spec;
  gboolean  spend;
} FilterData;

static gboolean
fails_cb (gpointer key,
          gpointer value,
          gpointer user_data)
{
  const FilterData *data = user_data;
  const Totals *t = value;

  return !pt_segment_member_set_holds (data->spec, data->spend ? t->spend : t->purchases);
}

GHashTable *
pt_store_member_set_new (PtStore   *self,
                GVariant  *spec,
                GError   **error)
{
  const char *measure, *after, *until;
  g_autoptr(GHashTable) set = NULL;

  g_variant_get (spec, "(&sb&s&s&s@ax)", &measure, NULL, &after, &until, NULL, NULL);
  if (g_str_equal (measure, "bought"))
    {
      set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (!pt_store_scan_window_runs (self, after, until, add_bought_cb, set, error))
        return NULL;
    }
  else
    {
      FilterData data = { spec, g_str_equal (measure, "spend") };

      set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (!pt_store_scan_window_runs (self, after, until, add_totals_cb, set, error))
        return NULL;
      g_hash_table_foreach_remove (set, fails_cb, &data);
    }
  return g_steal_pointer (&set);
}

gboolean
pt_store_bind_member_set (PtStore       *self,
                          sqlite3_stmt  *stmt,
                          int            index,
                          GVariant      *spec,
                          GError       **error)
{
  GHashTable *set = pt_store_member_set_new (self, spec, error);

  if (set == NULL)
    return FALSE;
  if (sqlite3_bind_pointer (stmt, index, set, MEMBER_SET_POINTER_TYPE,
                            (void (*) (void *)) g_hash_table_unref) != SQLITE_OK)
    return pt_store_set_db_error (self, error, _("preparing a segment"));
  return TRUE;
}

/* ------------------------------------------------------- window totals */

typedef struct
{
  GHashTable *members;   /* id -> PtStoreWindowTotals */
} TotalsState;

static void
add_window_totals_cb (const char *member_id,
                      const char *day,
                      gint64      amount,
                      gint64      purchases,
                      gpointer    user_data)
{
  TotalsState *state = user_data;
  PtStoreWindowTotals *t;
  gint32 number;

  /* As pt_store_scan_purchase_days: a day all reversed does not count. */
  if (purchases <= 0)
    return;
  number = pt_store_day_number (day);
  t = g_hash_table_lookup (state->members, member_id);
  if (t == NULL)
    {
      t = g_new0 (PtStoreWindowTotals, 1);
      t->member_id = g_strdup (member_id);
      t->first_day = number;
      g_hash_table_insert (state->members, (gpointer) t->member_id, t);
    }
  t->last_day = MAX (t->last_day, number);
  t->first_day = MIN (t->first_day, number);
  t->n_days++;
  t->spend += amount;
}

static void
window_totals_free (gpointer data)
{
  PtStoreWindowTotals *t = data;

  g_free (t->member_id);
  g_free (t);
}

gboolean
pt_store_scan_window_totals (PtStore                   *self,
                             const char                *after,
                             const char                *until,
                             PtStoreWindowTotalsFunc    func,
                             gpointer                   user_data,
                             GError                   **error)
{
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, window_totals_free);
  TotalsState state = { members };
  GHashTableIter iter;
  gpointer value;

  if (!pt_store_scan_window_runs (self, after, until, add_window_totals_cb, &state, error))
    return FALSE;
  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!func (value, user_data, error))
      return FALSE;
  return TRUE;
}
