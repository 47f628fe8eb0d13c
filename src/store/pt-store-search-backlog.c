/* pt-store-search-backlog.c — members loaded in bulk that the search index
 * has yet to take in: indexed in batches after the load, and matched by
 * reading them directly until then
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-store-private.h"
#include "pt-store-snapshot.h"

gint64
pt_store_search_backlog_count (PtStore  *self,
                               GError  **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT count (*) FROM search_backlog", error);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (count < 0)
    pt_store_set_db_error (self, error, _("reading the search index"));
  return count;
}

static gboolean
index_batch_in_transaction (PtStore   *self,
                            gpointer   user_data,
                            GError   **error)
{
  guint batch = GPOINTER_TO_UINT (user_data);
  sqlite3_int64 last = 0;
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT rid, number, name, phone, email, deleted"
                           " FROM search_backlog JOIN members USING (rid) ORDER BY rid LIMIT ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *number = g_strdup (pt_store_column_text (stmt, 1));
      g_autofree char *name = g_strdup (pt_store_column_text (stmt, 2));
      g_autofree char *phone = g_strdup (pt_store_column_text (stmt, 3));
      g_autofree char *email = g_strdup (pt_store_column_text (stmt, 4));

      last = sqlite3_column_int64 (stmt, 0);
      if (!pt_store_index_search_row (self, last, number, name, phone, email,
                                      sqlite3_column_int (stmt, 5) != 0, TRUE, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading the search index"));

  stmt = pt_store_prepare (self, "DELETE FROM search_backlog WHERE rid <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last);
  return pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_search_backlog_index (PtStore  *self,
                               guint     batch,
                               GError  **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  return pt_store_transaction (self, index_batch_in_transaction, GUINT_TO_POINTER (batch), error);
}

/* The words of a query, case-folded once per statement. */
static void
free_words (void *words)
{
  g_strfreev (words);
}

static char **
query_words (sqlite3_context *context,
             sqlite3_value   *query)
{
  char **words = sqlite3_get_auxdata (context, 4);
  g_autofree char *folded = NULL;

  if (words != NULL)
    return words;
  folded = g_utf8_casefold ((const char *) sqlite3_value_text (query), -1);
  words = g_strsplit_set (folded, " \t\r\n", -1);
  sqlite3_set_auxdata (context, 4, words, free_words);
  /* SQLite may have freed them at once (no room): ask again next time. */
  return sqlite3_get_auxdata (context, 4);
}

/* The row's text in @out, case-folded: number, name, phone, its digits
 * and e-mail on lines of their own. */
static void
fold_row (sqlite3_value **argv,
          GString        *out)
{
  gboolean ascii = TRUE;

  for (int i = 0; i < 4; i++)
    {
      const char *value = (const char *) sqlite3_value_text (argv[i]);

      for (const char *p = value; p != NULL && *p; p++)
        {
          ascii = ascii && (guchar) *p < 0x80;
          g_string_append_c (out, g_ascii_tolower (*p));
        }
      g_string_append_c (out, '\n');
      if (i == 2)
        {
          for (const char *p = value; p != NULL && *p; p++)
            if (g_ascii_isdigit (*p))
              g_string_append_c (out, *p);
          g_string_append_c (out, '\n');
        }
    }

  if (!ascii && g_utf8_validate_len (out->str, out->len, NULL))
    {
      g_autofree char *folded = g_utf8_casefold (out->str, out->len);

      g_string_assign (out, folded);
    }
}

/* pt_search_match (number, name, phone, email, query): every word of the
 * query is in one of them, ignoring case; the phone also as digits. */
static void
search_match (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  g_autoptr(GString) row = NULL;
  char **words;
  gboolean match = TRUE;

  if (sqlite3_value_text (argv[4]) == NULL || (words = query_words (context, argv[4])) == NULL)
    {
      sqlite3_result_int (context, 0);
      return;
    }

  row = g_string_sized_new (256);
  fold_row (argv, row);
  for (guint i = 0; words[i] != NULL && match; i++)
    match = *words[i] == '\0' || strstr (row->str, words[i]) != NULL;
  sqlite3_result_int (context, match);
}

gboolean
pt_store_register_search_functions (sqlite3 *db)
{
  return sqlite3_create_function_v2 (db, "pt_search_match", 5,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                     search_match, NULL, NULL, NULL) == SQLITE_OK;
}
