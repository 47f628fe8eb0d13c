/* pt-store-insight-counts.c — the dashboard's counts over the scores of
 * the last refit: members by RFM cell and by churn risk band
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-store-insight-counts.h"
#include "pt-store-private.h"

/* The same members the segment rules count: those not deleted. */
gboolean
pt_store_count_rfm_cells (PtStore  *self,
                          gint64    counts[5][5],
                          GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (counts, 0, sizeof (gint64) * 25);
  stmt = pt_store_prepare (self,
                           "SELECT i.rfm_r, i.rfm_f, count(*) FROM member_insights i"
                           " JOIN members m ON m.id = i.member_id"
                           " WHERE m.deleted = 0 AND i.rfm_r BETWEEN 1 AND 5 AND i.rfm_f BETWEEN 1 AND 5"
                           " GROUP BY i.rfm_r, i.rfm_f", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    counts[sqlite3_column_int (stmt, 0) - 1][sqlite3_column_int (stmt, 1) - 1] =
      sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("counting members by RFM score"));
  return TRUE;
}

gboolean
pt_store_count_churn_risk (PtStore  *self,
                           gint64    counts[3],
                           GError  **error)
{
  static const char * const bands[3] = { "low", "medium", "high" };
  sqlite3_stmt *stmt;
  int rc;

  memset (counts, 0, sizeof (gint64) * 3);
  stmt = pt_store_prepare (self,
                           "SELECT i.churn_risk, count(*) FROM member_insights i"
                           " JOIN members m ON m.id = i.member_id"
                           " WHERE m.deleted = 0 AND i.churn_risk IS NOT NULL GROUP BY i.churn_risk", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (guint k = 0; k < G_N_ELEMENTS (bands); k++)
      if (g_strcmp0 (pt_store_column_text (stmt, 0), bands[k]) == 0)
        counts[k] = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("counting members by churn risk"));
  return TRUE;
}
