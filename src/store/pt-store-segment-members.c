/* pt-store-segment-members.c — the members of a compiled segment: counted
 * off the caller's thread, paged for the member list, streamed for
 * reports, and a search's matches narrowed to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <time.h>

#include "pt-store-insights.h"
#include "pt-store-private.h"
#include "pt-store-segment-members.h"

/* How many SQLite VM steps between two looks at the cancellable. */
#define CANCEL_CHECK_STEPS 4000

/* The sort keys as the member list orders them; each has an index on
 * (key, rid) over the members not deleted. */
static const char * const sort_keys[PT_MEMBER_N_SORTS] = {
  [PT_MEMBER_SORT_NUMBER] = "members.number",
  [PT_MEMBER_SORT_NAME] = "members.name COLLATE NOCASE",
  [PT_MEMBER_SORT_JOINED] = "members.joined_on",
  [PT_MEMBER_SORT_CITY] = "members.city COLLATE NOCASE",
  [PT_MEMBER_SORT_POINTS] = "members.points_balance",
};


/* The segment's own parameters take ?1 … ?n; the ones added here are
 * named, so they come after. */
static gboolean
bind_segment (PtStore       *self,
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
        rc = sqlite3_bind_text (stmt, i + 1, g_variant_get_string (value, NULL), -1,
                                SQLITE_TRANSIENT);
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

/* A statement of its own (the condition varies, so it is not cached),
 * the segment's values bound. */
static sqlite3_stmt *
prepare_segment_sql (PtStore     *self,
                     const char  *sql,
                     GPtrArray   *params,
                     GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (pt_store_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      pt_store_set_db_error (self, error, _("preparing a segment"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  if (!bind_segment (self, stmt, params, error))
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static GPtrArray *
copy_params (GPtrArray *params)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  for (guint i = 0; params != NULL && i < params->len; i++)
    g_ptr_array_add (copy, g_variant_ref (params->pdata[i]));
  return copy;
}

/* ------------------------------------------------------------------ count */

typedef struct
{
  PtStore      *main_store;
  char         *where;
  GPtrArray    *params;
  JsonNode     *rules;       /* a live count by pt_store_count_segment () */
  gboolean      list;        /* the rids in order, not only how many */
  PtMemberSort  sort;
  gboolean      descending;
} CountJob;

static void
count_job_free (CountJob *job)
{
  g_clear_object (&job->main_store);
  g_free (job->where);
  g_clear_pointer (&job->params, g_ptr_array_unref);
  g_clear_pointer (&job->rules, json_node_unref);
  g_free (job);
}

/* The live counts' own connection, kept for as long as the main store:
 * pt_store_count_segment () keeps its copy of the profile fields with the
 * connection, so a new connection for each count would make the copy
 * again every time (a second at a million members). One count at a time
 * uses it; a cancelled one lets go within CANCEL_CHECK_STEPS. */
typedef struct
{
  GMutex   lock;
  PtStore *store;
} LiveCounter;

static void
live_counter_free (gpointer data)
{
  LiveCounter *counter = data;

  g_clear_object (&counter->store);
  g_mutex_clear (&counter->lock);
  g_free (counter);
}

static LiveCounter *
live_counter_get (PtStore *main_store)
{
  static GMutex create_lock;
  LiveCounter *counter;

  g_mutex_lock (&create_lock);
  counter = g_object_get_data (G_OBJECT (main_store), "pt-live-counter");
  if (counter == NULL)
    {
      counter = g_new0 (LiveCounter, 1);
      g_mutex_init (&counter->lock);
      g_object_set_data_full (G_OBJECT (main_store), "pt-live-counter", counter, live_counter_free);
    }
  g_mutex_unlock (&create_lock);
  return counter;
}

static int count_progress_cb (void *user_data);

static gboolean
live_count (CountJob      *job,
            GCancellable  *cancellable,
            gint64        *count,
            GError       **error)
{
  LiveCounter *counter = live_counter_get (job->main_store);
  GDate today;
  gboolean ok;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_mutex_lock (&counter->lock);
  if (counter->store == NULL)
    counter->store = pt_store_open_secondary (job->main_store, error);
  ok = counter->store != NULL;
  if (ok)
    {
      if (cancellable != NULL)
        sqlite3_progress_handler (pt_store_get_db (counter->store), CANCEL_CHECK_STEPS,
                                  count_progress_cb, cancellable);
      ok = pt_store_count_segment (counter->store, job->rules, &today, count, error);
      sqlite3_progress_handler (pt_store_get_db (counter->store), 0, NULL, NULL);
    }
  g_mutex_unlock (&counter->lock);
  return ok;
}

static int
count_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountJob *job = task_data;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GArray) rids = NULL;
  GError *error = NULL;
  gint64 count = 0;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (job->rules != NULL)
    {
      ok = live_count (job, cancellable, &count, &error);
      if (g_task_return_error_if_cancelled (task))
        g_clear_error (&error);
      else if (!ok)
        g_task_return_error (task, error);
      else
        g_task_return_int (task, count);
      return;
    }

  store = pt_store_open_secondary (job->main_store, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (pt_store_get_db (store), CANCEL_CHECK_STEPS, count_progress_cb,
                              cancellable);
  if (job->list)
    {
      rids = pt_store_list_matching_rids (store, job->where, job->params, job->sort,
                                          job->descending, &error);
      ok = rids != NULL;
    }
  else
    {
      ok = pt_store_count_matching (store, job->where, job->params, &count, &error);
    }
  sqlite3_progress_handler (pt_store_get_db (store), 0, NULL, NULL);

  if (g_task_return_error_if_cancelled (task))
    g_clear_error (&error);
  else if (!ok)
    g_task_return_error (task, error);
  else if (job->list)
    g_task_return_pointer (task, g_steal_pointer (&rids), (GDestroyNotify) g_array_unref);
  else
    g_task_return_int (task, count);
}

static void
run_job (PtStore             *self,
         CountJob            *job,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  job->main_store = g_object_ref (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) count_job_free);
  g_task_run_in_thread (task, count_thread);
}

void
pt_store_count_matching_async (PtStore             *self,
                               const char          *where,
                               GPtrArray           *params,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  CountJob *job;

  g_return_if_fail (PT_IS_STORE (self));
  g_return_if_fail (where != NULL);

  job = g_new0 (CountJob, 1);
  job->where = g_strdup (where);
  job->params = copy_params (params);
  run_job (self, job, pt_store_count_matching_async, cancellable, callback, user_data);
}

void
pt_store_count_segment_async (PtStore             *self,
                              JsonNode            *rules,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  CountJob *job;

  g_return_if_fail (PT_IS_STORE (self));
  g_return_if_fail (rules != NULL);

  job = g_new0 (CountJob, 1);
  job->rules = json_node_copy (rules);
  /* Finished by pt_store_count_matching_finish (). */
  run_job (self, job, pt_store_count_matching_async, cancellable, callback, user_data);
}

void
pt_store_list_matching_rids_async (PtStore             *self,
                                   const char          *where,
                                   GPtrArray           *params,
                                   PtMemberSort         sort,
                                   gboolean             descending,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  CountJob *job;

  g_return_if_fail (PT_IS_STORE (self));
  g_return_if_fail (where != NULL);
  g_return_if_fail ((guint) sort < PT_MEMBER_N_SORTS);

  job = g_new0 (CountJob, 1);
  job->where = g_strdup (where);
  job->params = copy_params (params);
  job->list = TRUE;
  job->sort = sort;
  job->descending = descending;
  run_job (self, job, pt_store_list_matching_rids_async, cancellable, callback, user_data);
}

GArray *
pt_store_list_matching_rids_finish (PtStore       *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pt_store_list_matching_rids_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
pt_store_count_matching_finish (PtStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pt_store_count_matching_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* ------------------------------------------------------------------- pages */

GArray *
pt_store_list_matching_rids (PtStore       *self,
                             const char    *where,
                             GPtrArray     *params,
                             PtMemberSort   sort,
                             gboolean       descending,
                             GError       **error)
{
  g_autoptr(GArray) rids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *dir = descending ? " DESC" : " ASC";
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (where != NULL, NULL);
  g_return_val_if_fail ((guint) sort < PT_MEMBER_N_SORTS, NULL);

  /* The condition is compiled SQL with placeholders, no values. The
   * unary + keeps SQLite from walking the sort key's index (a lookup of
   * every member's row in key order) when an index serves the condition:
   * it finds the few members that way and sorts them. */
  sql = g_strconcat ("SELECT members.rid FROM members WHERE members.deleted = 0 AND (", where, ")"
                     " ORDER BY +", sort_keys[sort], dir, ", members.rid", dir, NULL);
  stmt = prepare_segment_sql (self, sql, params, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rids, rid);
    }
  if (rc != SQLITE_DONE)
    pt_store_set_db_error (self, error, _("listing a segment"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&rids) : NULL;
}

GPtrArray *
pt_store_get_members_by_rid (PtStore       *self,
                             const gint64  *rids,
                             guint          n_rids,
                             GError       **error)
{
  g_autoptr(GString) list = g_string_new ("[");
  sqlite3_stmt *stmt;
  GPtrArray *members;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  for (guint i = 0; i < n_rids; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", rids[i]);
  g_string_append_c (list, ']');

  /* In the order given: json_each's key is the position in the list. */
  stmt = pt_store_prepare (self,
                           "SELECT " PT_STORE_MEMBER_COLUMNS " FROM json_each (?1) AS wanted"
                           " JOIN members ON members.rid = wanted.value"
                           " WHERE members.deleted = 0 ORDER BY wanted.key", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, list->str);
  members = pt_store_collect_members (self, stmt, error);
  return members;
}

GPtrArray *
pt_store_filter_matching (PtStore     *self,
                          const char  *where,
                          GPtrArray   *params,
                          GPtrArray   *members,
                          GError     **error)
{
  g_autoptr(GHashTable) inside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (where != NULL && members != NULL, NULL);

  /* One statement for all of them: their ids travel as one JSON array. */
  json_builder_begin_array (builder);
  for (guint i = 0; i < members->len; i++)
    json_builder_add_string_value (builder, pt_member_get_id (members->pdata[i]));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  ids = json_generator_to_data (generator, NULL);

  sql = g_strconcat ("SELECT members.id FROM members WHERE members.deleted = 0 AND (", where, ")"
                     " AND members.id IN (SELECT value FROM json_each (:ids))", NULL);
  stmt = prepare_segment_sql (self, sql, params, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":ids"), ids, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (inside, g_strdup (pt_store_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    pt_store_set_db_error (self, error, _("listing a segment"));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return NULL;

  for (guint i = 0; i < members->len; i++)
    if (g_hash_table_contains (inside, pt_member_get_id (members->pdata[i])))
      g_ptr_array_add (kept, g_object_ref (members->pdata[i]));
  return g_steal_pointer (&kept);
}

static gint
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (pt_member_get_number (*(PtMember **) a), pt_member_get_number (*(PtMember **) b));
}

gboolean
pt_store_foreach_matching_member (PtStore            *self,
                                  const char         *where,
                                  GPtrArray          *params,
                                  const char         *filter,
                                  PtStoreMemberFunc   func,
                                  gpointer            user_data,
                                  GError            **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (where != NULL && func != NULL, FALSE);

  if (filter != NULL && *filter != '\0')
    {
      /* The search box's matches, without its page limit, in the segment. */
      g_autoptr(GPtrArray) found = pt_store_search_members (self, filter, G_MAXINT, error);
      g_autoptr(GPtrArray) kept = NULL;

      if (found != NULL)
        kept = pt_store_filter_matching (self, where, params, found, error);
      if (kept == NULL)
        return FALSE;
      g_ptr_array_sort (kept, compare_numbers);
      for (guint i = 0; i < kept->len; i++)
        if (!func (kept->pdata[i], user_data))
          break;
      return TRUE;
    }

  sql = g_strconcat ("SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                     " WHERE members.deleted = 0 AND (", where, ") ORDER BY members.number, members.rid",
                     NULL);
  stmt = prepare_segment_sql (self, sql, params, error);
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
  if (rc != SQLITE_DONE)
    pt_store_set_db_error (self, error, _("reading members"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}
