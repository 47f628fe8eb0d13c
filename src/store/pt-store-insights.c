/* pt-store-insights.c — what the insights read and keep: members matching
 * a compiled segment, each member's purchase days, the fitted models and
 * each member's scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-private.h"

/* ------------------------------------------------------------ pt_has_tag */

gboolean
pt_store_tags_have (const char *tags,
                    const char *tag)
{
  const char *start;
  gsize tag_len;

  if (tags == NULL || tag == NULL)
    return FALSE;
  while (g_ascii_isspace (*tag))
    tag++;
  tag_len = strlen (tag);
  while (tag_len > 0 && g_ascii_isspace (tag[tag_len - 1]))
    tag_len--;

  start = tags;
  for (;;)
    {
      const char *end = strchr (start, ',');
      const char *stop = end ? end : start + strlen (start);

      while (start < stop && g_ascii_isspace (*start))
        start++;
      while (stop > start && g_ascii_isspace (stop[-1]))
        stop--;
      if (tag_len > 0 && (gsize) (stop - start) == tag_len && memcmp (start, tag, tag_len) == 0)
        return TRUE;
      if (end == NULL)
        break;
      start = end + 1;
    }
  return FALSE;
}

/* pt_has_tag (tags, tag): pt_store_tags_have () in SQL. */
static void
has_tag_func (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  sqlite3_result_int (context, pt_store_tags_have ((const char *) sqlite3_value_text (argv[0]),
                                                   (const char *) sqlite3_value_text (argv[1])));
}

gboolean
pt_store_register_insights_functions (sqlite3 *db)
{
  return sqlite3_create_function (db, "pt_has_tag", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                  has_tag_func, NULL, NULL) == SQLITE_OK &&
         pt_store_register_member_set_functions (db);
}

/* --------------------------------------------------------------- matching */

gboolean
pt_store_bind_segment_params (PtStore       *self,
                              sqlite3_stmt  *stmt,
                              GPtrArray     *params,
                              GError       **error)
{
  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      GVariant *value = params->pdata[i];
      int rc;

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        rc = sqlite3_bind_int64 (stmt, i + 1, g_variant_get_int64 (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        rc = sqlite3_bind_double (stmt, i + 1, g_variant_get_double (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        rc = sqlite3_bind_text (stmt, i + 1, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE (PT_SEGMENT_MEMBER_SET_TYPE)))
        {
          if (!pt_store_bind_member_set (self, stmt, i + 1, value, error))
            return FALSE;
          continue;
        }
      else
        rc = SQLITE_MISMATCH;
      if (rc != SQLITE_OK)
        {
          g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                       _("Binding the value %u of a segment: %s"), i + 1, sqlite3_errstr (rc));
          return FALSE;
        }
    }
  return TRUE;
}

/* A statement of its own (not cached: the condition varies). */
static sqlite3_stmt *
prepare_matching (PtStore     *self,
                  const char  *head,
                  const char  *where,
                  const char  *tail,
                  GPtrArray   *params,
                  GError     **error)
{
  g_autofree char *sql = g_strconcat (head, " WHERE members.deleted = 0 AND (", where, ")", tail, NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (pt_store_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      pt_store_set_db_error (self, error, _("preparing a segment"));
      return NULL;
    }
  if (!pt_store_bind_segment_params (self, stmt, params, error))
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

gboolean
pt_store_count_matching (PtStore     *self,
                         const char  *where,
                         GPtrArray   *params,
                         gint64      *count,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  stmt = prepare_matching (self, "SELECT count(*) FROM members", where, "", params, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  else
    pt_store_set_db_error (self, error, _("counting a segment"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

GPtrArray *
pt_store_list_matching (PtStore     *self,
                        const char  *where,
                        GPtrArray   *params,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *tail = g_strdup_printf (" ORDER BY members.number LIMIT %d",
                                           limit > 0 ? (int) MIN (limit, G_MAXINT) : -1);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  stmt = prepare_matching (self, "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members", where, tail, params,
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, pt_store_member_from_row (stmt));
  if (rc != SQLITE_DONE)
    pt_store_set_db_error (self, error, _("listing a segment"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&members) : NULL;
}

GPtrArray *
pt_store_list_matching_ids (PtStore     *self,
                            const char  *where,
                            GPtrArray   *params,
                            const char  *not_in_campaign,
                            const char  *since,
                            GArray     **consent,
                            GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) consents = g_array_new (FALSE, FALSE, sizeof (gboolean));
  /* The campaign and the day are the parameters after the segment's own. */
  g_autofree char *tail = g_strdup_printf (" AND NOT EXISTS (SELECT 1 FROM campaign_members c"
                                           " WHERE c.campaign_id = ?%u AND c.member_id = members.id"
                                           " AND c.day >= ?%u) ORDER BY members.id",
                                           params->len + 1, params->len + 2);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  stmt = prepare_matching (self, "SELECT members.id, members.marketing_consent FROM members", where,
                           tail, params, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, params->len + 1, not_in_campaign ? not_in_campaign : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, params->len + 2, since ? since : "", -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean consented = sqlite3_column_int (stmt, 1) != 0;

      g_ptr_array_add (ids, g_strdup (pt_store_column_text (stmt, 0)));
      g_array_append_val (consents, consented);
    }
  if (rc != SQLITE_DONE)
    pt_store_set_db_error (self, error, _("listing a segment"));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return NULL;
  if (consent != NULL)
    *consent = g_steal_pointer (&consents);
  return g_steal_pointer (&ids);
}

/* ---------------------------------------------------------- purchase days */

gint32
pt_store_day_number (const char *date)
{
  int y, m, d;
  int era, yoe, doy, doe;

  if (date == NULL || strlen (date) < 10 || date[4] != '-' || date[7] != '-')
    return 0;
  y = atoi (date);
  m = atoi (date + 5);
  d = atoi (date + 8);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
    return 0;
  /* Days from civil (H. Hinnant), shifted so that 0001-01-01 is day 1,
   * as GDate's Julian day numbers. */
  y -= m <= 2;
  era = y / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + 719163;
}

gboolean
pt_store_scan_purchase_days (PtStore                 *self,
                             const char              *after,
                             const char              *as_of,
                             const char              *member_id,
                             PtStorePurchaseDaysFunc  func,
                             gpointer                 user_data,
                             GError                 **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr(GArray) amounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *current = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  /* A reversal has its original's day: a day whose purchases were all
   * reversed nets to zero and is no purchase day. */
  if (member_id == NULL && after != NULL)
    stmt = pt_store_prepare (self,
                             "SELECT member_id, day, sum (amount),"
                             " sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) AS n"
                             " FROM purchases INDEXED BY purchases_day_member WHERE day <= ?1 AND day > ?3"
                             " GROUP BY member_id, day HAVING n > 0 ORDER BY member_id, day", error);
  else if (member_id == NULL)
    stmt = pt_store_prepare (self,
                             "SELECT member_id, day, sum (amount),"
                             " sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) AS n"
                             " FROM purchases INDEXED BY purchases_member_day WHERE day <= ?1"
                             " GROUP BY member_id, day HAVING n > 0 ORDER BY member_id, day", error);
  else
    stmt = pt_store_prepare (self,
                             "SELECT member_id, day, sum (amount),"
                             " sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) AS n"
                             " FROM purchases WHERE member_id = ?2 AND day <= ?1"
                             " GROUP BY day HAVING n > 0 ORDER BY day", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, as_of);
  if (member_id != NULL)
    pt_store_bind_text (stmt, 2, member_id);
  if (member_id == NULL && after != NULL)
    pt_store_bind_text (stmt, 3, after);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = pt_store_column_text (stmt, 0);
      gint32 day = pt_store_day_number (pt_store_column_text (stmt, 1));
      gint64 amount = sqlite3_column_int64 (stmt, 2);

      if (current != NULL && g_strcmp0 (id, current) != 0)
        {
          PtStorePurchaseDays member = {
            current, (gint32 *) days->data, (gint64 *) amounts->data, days->len
          };

          ok = func (&member, user_data, error);
          g_array_set_size (days, 0);
          g_array_set_size (amounts, 0);
        }
      if (current == NULL || g_strcmp0 (id, current) != 0)
        {
          g_free (current);
          current = g_strdup (id);
        }
      g_array_append_val (days, day);
      g_array_append_val (amounts, amount);
    }
  if (ok && rc != SQLITE_DONE)
    ok = pt_store_set_db_error (self, error, _("reading purchases"));
  sqlite3_reset (stmt);

  if (ok && current != NULL)
    {
      PtStorePurchaseDays member = { current, (gint32 *) days->data, (gint64 *) amounts->data, days->len };

      ok = func (&member, user_data, error);
    }
  return ok;
}

void
pt_store_purchase_stats_clear (PtStorePurchaseStats *stats)
{
  g_clear_pointer (&stats->last_day, g_free);
}

gboolean
pt_store_get_purchase_stats (PtStore               *self,
                             const char            *member_id,
                             const char            *as_of,
                             guint                  window_days,
                             PtStorePurchaseStats  *stats,
                             GError               **error)
{
  GDate date;
  char from[16];
  sqlite3_stmt *stmt;
  int rc;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, pt_store_day_number (as_of));
  g_date_subtract_days (&date, window_days);
  g_date_strftime (from, sizeof from, "%Y-%m-%d", &date);

  /* The same expressions the segment rules compile to. */
  stmt = pt_store_prepare (self,
                           "SELECT"
                           " (SELECT coalesce (sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END), 0)"
                           "  FROM purchases WHERE member_id = ?1 AND day > ?3 AND day <= ?2),"
                           " (SELECT coalesce (sum (amount), 0) FROM purchases"
                           "  WHERE member_id = ?1 AND day > ?3 AND day <= ?2),"
                           " (SELECT coalesce (sum (amount), 0) FROM purchases WHERE member_id = ?1),"
                           " (SELECT day FROM purchases WHERE member_id = ?1 AND day <= ?2 GROUP BY day"
                           "  HAVING sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) > 0"
                           "  ORDER BY day DESC LIMIT 1)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, as_of);
  pt_store_bind_text (stmt, 3, from);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      stats->purchases_window = sqlite3_column_int64 (stmt, 0);
      stats->spend_window = sqlite3_column_int64 (stmt, 1);
      stats->lifetime_spend = sqlite3_column_int64 (stmt, 2);
      g_free (stats->last_day);
      stats->last_day = g_strdup (pt_store_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return pt_store_set_db_error (self, error, _("reading purchases"));
  return TRUE;
}

/* --------------------------------------------------------- member scores */

void
pt_store_member_insight_init (PtStoreMemberInsight *insight)
{
  *insight = (PtStoreMemberInsight) {
    NULL, -1, -1, -1, NULL, -1, NAN, FALSE, NAN, NULL, { NAN, NAN, NAN }, -1, -1,
  };
}

void
pt_store_member_insight_clear (PtStoreMemberInsight *insight)
{
  g_clear_pointer (&insight->member_id, g_free);
  g_clear_pointer (&insight->rfm_group, g_free);
  g_clear_pointer (&insight->churn_risk, g_free);
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           index,
                  gint64        value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           index,
                     double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
replace_member_insights (PtStore                    *self,
                         const char                 *as_of,
                         GArray                     *insights,
                         const PtStoreSaveProgress  *save,
                         GError                    **error)
{
  sqlite3_stmt *stmt;

  if (!pt_store_begin (self, error))
    return FALSE;
  if (!pt_store_exec (self, "DELETE FROM member_insights", error))
    goto fail;
  for (guint i = 0; i < insights->len; i++)
    {
      const PtStoreMemberInsight *row = &g_array_index (insights, PtStoreMemberInsight, i);

      stmt = pt_store_prepare (self,
                               "INSERT OR REPLACE INTO member_insights (member_id, as_of, rfm_r, rfm_f,"
                               " rfm_m, rfm_group, cycle_days, overdue, p_alive, churn_risk, expected_30,"
                               " expected_90, expected_365, expected_spend, clv_12m, spend_window)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                               " ?16)",
                               error);
      if (stmt == NULL)
        goto fail;
      pt_store_bind_text (stmt, 1, row->member_id);
      pt_store_bind_text (stmt, 2, as_of);
      bind_int_or_null (stmt, 3, row->rfm_r);
      bind_int_or_null (stmt, 4, row->rfm_f);
      bind_int_or_null (stmt, 5, row->rfm_m);
      pt_store_bind_text (stmt, 6, row->rfm_group);
      bind_double_or_null (stmt, 7, row->cycle_days);
      sqlite3_bind_int (stmt, 8, row->overdue);
      bind_double_or_null (stmt, 9, row->p_alive);
      pt_store_bind_text (stmt, 10, row->churn_risk);
      for (guint k = 0; k < 3; k++)
        bind_double_or_null (stmt, 11 + k, row->expected[k]);
      bind_int_or_null (stmt, 14, row->expected_spend);
      bind_int_or_null (stmt, 15, row->clv_12m);
      bind_int_or_null (stmt, 16, row->spend_window);
      if (!pt_store_step_done (self, stmt, error))
        goto fail;
      if (save != NULL && (i + 1) % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (save->cancellable, error))
            goto fail;
          if (save->progress != NULL)
            save->progress (save->from + (save->to - save->from) * (i + 1) / insights->len,
                            save->progress_data);
        }
    }
  pt_store_note_changed (self, "insights");
  return pt_store_commit (self, error);

fail:
  pt_store_rollback (self);
  return FALSE;
}

gboolean
pt_store_replace_member_insights (PtStore     *self,
                                  const char  *as_of,
                                  GArray      *insights,
                                  GError     **error)
{
  return replace_member_insights (self, as_of, insights, NULL, error);
}

static double
column_double_or_nan (sqlite3_stmt *stmt,
                      int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, column);
}

static gint64
column_int_or_minus (sqlite3_stmt *stmt,
                     int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, column);
}

gboolean
pt_store_get_member_insight (PtStore               *self,
                             const char            *member_id,
                             PtStoreMemberInsight  *insight,
                             gboolean              *found,
                             GError               **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *found = FALSE;
  stmt = pt_store_prepare (self,
                           "SELECT rfm_r, rfm_f, rfm_m, rfm_group, cycle_days, overdue, p_alive, churn_risk,"
                           " expected_30, expected_90, expected_365, expected_spend, clv_12m, spend_window"
                           " FROM member_insights WHERE member_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      pt_store_member_insight_clear (insight);
      insight->member_id = g_strdup (member_id);
      insight->rfm_r = column_int_or_minus (stmt, 0);
      insight->rfm_f = column_int_or_minus (stmt, 1);
      insight->rfm_m = column_int_or_minus (stmt, 2);
      insight->rfm_group = g_strdup (pt_store_column_text (stmt, 3));
      insight->cycle_days = column_double_or_nan (stmt, 4);
      insight->overdue = sqlite3_column_int (stmt, 5);
      insight->p_alive = column_double_or_nan (stmt, 6);
      insight->churn_risk = g_strdup (pt_store_column_text (stmt, 7));
      for (guint k = 0; k < 3; k++)
        insight->expected[k] = column_double_or_nan (stmt, 8 + k);
      insight->expected_spend = column_int_or_minus (stmt, 11);
      insight->clv_12m = column_int_or_minus (stmt, 12);
      insight->spend_window = column_int_or_minus (stmt, 13);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading a member’s insights"));
  return TRUE;
}

/* ------------------------------------------------------------------ fits */

gboolean
pt_store_save_fit (PtStore     *self,
                   const char  *model,
                   const char  *as_of,
                   const char  *params,
                   double       log_likelihood,
                   gboolean     converged,
                   gint64       members,
                   gint64       repeat_buyers,
                   GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT INTO analytics_fits (model, as_of, params, log_likelihood, converged,"
                           " members, repeat_buyers, fitted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, model);
  pt_store_bind_text (stmt, 2, as_of);
  pt_store_bind_text (stmt, 3, params);
  bind_double_or_null (stmt, 4, params != NULL ? log_likelihood : NAN);
  sqlite3_bind_int (stmt, 5, converged);
  sqlite3_bind_int64 (stmt, 6, members);
  sqlite3_bind_int64 (stmt, 7, repeat_buyers);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time () / G_USEC_PER_SEC);
  return pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_save_refit (PtStore                    *self,
                     const char                 *as_of,
                     const PtStoreFit           *fits,
                     guint                       n_fits,
                     GArray                     *insights,
                     const PtStoreSaveProgress  *save,
                     GError                    **error)
{
  if (!pt_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_fits; i++)
    if (!pt_store_save_fit (self, fits[i].model, as_of, fits[i].params, fits[i].log_likelihood,
                            fits[i].converged, fits[i].members, fits[i].repeat_buyers, error))
      {
        pt_store_rollback (self);
        return FALSE;
      }
  if (!replace_member_insights (self, as_of, insights, save, error) ||
      g_cancellable_set_error_if_cancelled (save != NULL ? save->cancellable : NULL, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  return pt_store_commit (self, error);
}

gboolean
pt_store_get_latest_fit (PtStore     *self,
                         const char  *model,
                         char       **params,
                         char       **as_of,
                         gboolean    *converged,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT params, as_of, converged FROM analytics_fits WHERE model = ?1"
                           " ORDER BY rid DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, model);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *params = g_strdup (pt_store_column_text (stmt, 0));
      *as_of = g_strdup (pt_store_column_text (stmt, 1));
      *converged = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading a model fit"));
  return rc == SQLITE_ROW;
}

JsonArray *
pt_store_list_at_risk (PtStore  *self,
                       guint     limit,
                       GError  **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT m.number, m.name, i.p_alive, i.spend_window, i.clv_12m, i.rfm_group,"
                           " i.as_of, m.id FROM member_insights i JOIN members m ON m.id = i.member_id"
                           " WHERE i.churn_risk = 'high' AND m.deleted = 0"
                           " ORDER BY i.spend_window DESC, m.number LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", pt_store_column_text (stmt, 7));
      json_object_set_string_member (o, "number", pt_store_column_text (stmt, 0));
      json_object_set_string_member (o, "name", pt_store_column_text (stmt, 1));
      json_object_set_double_member (o, "p_alive", sqlite3_column_double (stmt, 2));
      json_object_set_string_member (o, "churn_risk", "high");
      json_object_set_int_member (o, "value_at_risk", sqlite3_column_int64 (stmt, 3));
      if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
        json_object_set_null_member (o, "clv_12m");
      else
        json_object_set_int_member (o, "clv_12m", sqlite3_column_int64 (stmt, 4));
      json_object_set_string_member (o, "rfm_group", pt_store_column_text (stmt, 5));
      json_object_set_string_member (o, "as_of", pt_store_column_text (stmt, 6));
      json_array_add_object_element (array, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading members at risk"));
      return NULL;
    }
  return g_steal_pointer (&array);
}
