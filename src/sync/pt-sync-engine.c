/* pt-sync-engine.c — the push-then-pull loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "pt-crash.h"
#include "pt-store-sync.h"
#include "pt-sync-engine-private.h"
#include "pt-sync-protocol.h"

/* Wall clocks further apart than this are corrected. */
#define CLOCK_TOLERANCE_MS 2000
#define MAX_RESTARTS       2

static void
engine_clear (Engine *e)
{
  g_clear_object (&e->session);
  g_clear_pointer (&e->base_url, g_free);
  g_clear_pointer (&e->auth, g_free);
  g_clear_pointer (&e->epoch, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Engine, engine_clear)

void
pt_sync_engine_progress (Engine *e,
                         double  fraction)
{
  e->fraction = MAX (e->fraction, CLAMP (fraction, 0.0, 1.0));
  if (e->progress != NULL)
    e->progress (e->fraction, e->push_total - e->push_done, e->progress_data);
}

static gboolean
is_retryable (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
         error->domain == SOUP_SESSION_ERROR ||
         g_error_matches (error, PT_SYNC_ERROR, PT_SYNC_ERROR_SERVER);
}

/* One HTTP exchange, retried unchanged on 5xx and network failures. The
 * body of a 200 answer, or NULL with @error. */
GBytes *
pt_sync_engine_exchange (Engine      *e,
                         const char  *method,
                         const char  *path,
                         GBytes      *body,
                         GError     **error)
{
  g_autofree char *url = g_strconcat (e->base_url, path, NULL);
  g_autoptr(GError) last_error = NULL;
  gulong delay_ms = 100;

  for (guint attempt = 0; attempt < e->attempts; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) answer = NULL;
      SoupMessageHeaders *headers;
      char schema[16];
      guint status;

      g_clear_error (&last_error);
      if (attempt > 0)
        {
          /* Backoff; the cancellable still stops it at once. */
          for (gulong waited = 0; waited < delay_ms; waited += 20)
            {
              if (g_cancellable_set_error_if_cancelled (e->cancellable, error))
                return NULL;
              g_usleep (20 * 1000);
            }
          delay_ms = MIN (delay_ms * 3, 5000);
        }

      msg = soup_message_new (method, url);
      if (msg == NULL)
        {
          g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED,
                       _("The server address “%s” is not a valid URL"), e->base_url);
          return NULL;
        }
      headers = soup_message_get_request_headers (msg);
      g_snprintf (schema, sizeof schema, "%d", pt_store_get_schema_version (e->store));
      soup_message_headers_append (headers, "Authorization", e->auth);
      soup_message_headers_append (headers, PT_SYNC_HEADER_PROTOCOL,
                                   G_STRINGIFY (PT_SYNC_PROTOCOL_VERSION));
      soup_message_headers_append (headers, PT_SYNC_HEADER_SCHEMA, schema);
      if (body != NULL)
        soup_message_set_request_body_from_bytes (msg, "application/json", body);

      answer = soup_session_send_and_read (e->session, msg, e->cancellable, &last_error);
      if (answer == NULL)
        {
          if (!is_retryable (last_error))
            break;
          g_debug ("%s %s failed (%s), retrying", method, path, last_error->message);
          continue;
        }

      status = soup_message_get_status (msg);
      if (status == 200)
        return g_steal_pointer (&answer);

      pt_sync_decode_error (status, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                            &last_error);
      if (!is_retryable (last_error))
        break;
      g_debug ("%s %s answered %u, retrying", method, path, status);
    }

  if (last_error->domain != PT_SYNC_ERROR && !g_error_matches (last_error, G_IO_ERROR,
                                                               G_IO_ERROR_CANCELLED))
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_NETWORK,
                   _("Cannot reach the sync server at %s: %s"), e->base_url, last_error->message);
      return NULL;
    }
  g_propagate_error (error, g_steal_pointer (&last_error));
  return NULL;
}

/* --------------------------------------------------------------- hello */

static gboolean
say_hello (Engine  *e,
           GError **error)
{
  g_autoptr(GBytes) answer = pt_sync_engine_exchange (e, "GET", "/v1/hello", NULL, error);
  g_autoptr(PtSyncHello) hello = NULL;
  PtStoreSyncState state = { 0, };
  PtClock *clock = pt_store_get_clock (e->store);
  gint64 skew;
  gboolean ok = TRUE;

  if (answer == NULL)
    return FALSE;
  hello = pt_sync_decode_hello (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), error);
  if (hello == NULL || !pt_store_sync_get_state (e->store, &state, error))
    return FALSE;

  /* The token decides which branch this database is. */
  if (g_strcmp0 (pt_store_get_branch_id (e->store), hello->branch_id) != 0 ||
      g_strcmp0 (pt_store_get_branch_code (e->store), hello->branch_code) != 0)
    ok = pt_store_set_branch (e->store, hello->branch_id, hello->branch_code, error);

  /* A wrong wall clock would stamp edits out of order (and the server
   * refuses stamps far ahead); correct it by the server's. */
  skew = pt_clock_wall_ms (clock) - hello->server_time_ms;
  if (ok && ABS (skew) > CLOCK_TOLERANCE_MS)
    {
      g_message ("correcting the clock by %" G_GINT64_FORMAT " ms", -skew);
      ok = pt_store_sync_set_clock_offset (e->store, state.clock_offset_ms - skew, error);
      e->report->clock_corrected = TRUE;
    }

  /* A new epoch (the server was restored) or a head below our cursor (an
   * older copy of the server): pull from zero, push again what it lacks. */
  if (ok && state.server_epoch == NULL && state.pull_cursor == 0)
    ok = pt_store_sync_set_epoch (e->store, hello->epoch, error);
  else if (ok && (g_strcmp0 (state.server_epoch, hello->epoch) != 0 ||
                  hello->head < state.pull_cursor))
    {
      g_message ("server epoch changed (%s → %s, head %" G_GINT64_FORMAT " < cursor %"
                 G_GINT64_FORMAT "?): pulling again from zero",
                 state.server_epoch ? state.server_epoch : "none", hello->epoch, hello->head,
                 state.pull_cursor);
      ok = pt_store_sync_reset_epoch (e->store, hello->epoch, error);
      e->report->repulled = TRUE;
    }

  g_free (e->epoch);
  e->epoch = g_strdup (hello->epoch);
  e->server_head = hello->head;
  e->server_snapshots = hello->snapshot;
  /* As much in a push as both sides take (a server that does not say
   * takes what the first servers did). */
  e->batch_ops = hello->max_batch_ops > 0 ? (guint) MIN (hello->max_batch_ops, PT_SYNC_MAX_BATCH_OPS)
                                          : PT_SYNC_LEGACY_BATCH_OPS;
  /* Smaller batches for a slow link, or a test that kills between them. */
  if (g_getenv ("PATRON_SYNC_BATCH_OPS") != NULL)
    e->batch_ops = CLAMP (atoi (g_getenv ("PATRON_SYNC_BATCH_OPS")), 1, (int) e->batch_ops);
  e->batch_bytes = hello->max_batch_bytes > 0
    ? (gsize) MIN (hello->max_batch_bytes, PT_SYNC_MAX_BATCH_BYTES)
    : PT_SYNC_LEGACY_BATCH_BYTES;
  pt_store_sync_state_clear (&state);
  return ok;
}

/* ---------------------------------------------------------------- push */

typedef struct
{
  GPtrArray          *ops;
  PtSyncPushResponse *response;
  PtSyncReport       *report;
} PushAnswer;

/* Acknowledges ops[@from..@to), which needed nothing but that. */
static gboolean
ack_run (PtStore    *store,
         GPtrArray  *ops,
         guint       from,
         guint       to,
         GError    **error)
{
  PtStoreOp *first;
  PtStoreOp *last;

  if (from >= to)
    return TRUE;
  first = g_ptr_array_index (ops, from);
  last = g_ptr_array_index (ops, to - 1);
  return pt_store_outbox_mark_acked_range (store, first->op_id, last->op_id, error);
}

static gboolean
apply_push_answer (PtStore   *store,
                   gpointer   user_data,
                   GError   **error)
{
  PushAnswer *answer = user_data;
  guint run = 0;

  for (guint i = 0; i < answer->ops->len; i++)
    {
      PtStoreOp *op = g_ptr_array_index (answer->ops, i);
      PtSyncOpResult *result = g_ptr_array_index (answer->response->results, i);
      gboolean force = result->status == PT_SYNC_STATUS_REJECTED;

      if (result->status == PT_SYNC_STATUS_APPLIED)
        answer->report->applied++;
      else if (result->status == PT_SYNC_STATUS_DUPLICATE)
        answer->report->duplicates++;
      else if (result->status == PT_SYNC_STATUS_MERGED)
        answer->report->merged++;

      /* Plain acknowledgements gather into one statement; an op with more
       * to apply waits until every op before it is acknowledged, as if
       * they were done one by one. */
      if (!force && result->canonical == NULL)
        continue;
      if (!ack_run (store, answer->ops, run, i, error))
        return FALSE;
      run = i + 1;

      if (force)
        {
          if (!pt_store_outbox_mark_rejected (store, op, result->reason, error))
            return FALSE;
          answer->report->rejected++;
          g_message ("op %s (%s %s) rejected: %s", op->op_id, op->entity, op->op, result->reason);
        }
      else if (!pt_store_outbox_mark_acked (store, op->op_id, error))
        return FALSE;

      /* The server's state of the entity, after our op lost a field to a
       * newer one, was seen before, or was refused. */
      if (result->canonical != NULL &&
          !pt_store_sync_apply_canonical (store, op->entity, op->entity_id, result->canonical,
                                          force, error))
        return FALSE;
    }
  if (!ack_run (store, answer->ops, run, answer->ops->len, error))
    return FALSE;
  answer->report->pushed += answer->ops->len;
  return TRUE;
}

static gboolean
check_answer (GPtrArray           *ops,
              PtSyncPushResponse  *response,
              GError             **error)
{
  if (response->results->len != ops->len)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("push response: %u results for %u ops"), response->results->len, ops->len);
      return FALSE;
    }
  for (guint i = 0; i < ops->len; i++)
    {
      PtStoreOp *op = g_ptr_array_index (ops, i);
      PtSyncOpResult *result = g_ptr_array_index (response->results, i);

      if (g_strcmp0 (op->op_id, result->op_id) != 0)
        {
          g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                       _("push response: results[%u] answers %s, not %s"), i, result->op_id,
                       op->op_id);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
push_outbox (Engine  *e,
             GError **error)
{
  e->push_total = pt_store_count_pending_ops (e->store, error);
  e->push_done = 0;
  if (e->push_total < 0)
    return FALSE;

  for (;;)
    {
      g_autoptr(GPtrArray) ops = NULL;
      g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
      g_autoptr(PtSyncPushResponse) response = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GBytes) answer = NULL;
      PushAnswer push_answer;
      char *text;

      if (g_cancellable_set_error_if_cancelled (e->cancellable, error))
        return FALSE;

      /* The payloads go out as the JSON text they are stored as. */
      ops = pt_store_outbox_peek_text (e->store, e->batch_ops, e->batch_bytes, error);
      if (ops == NULL)
        return FALSE;
      if (ops->len == 0)
        return TRUE;

      request->schema = pt_store_get_schema_version (e->store);
      request->branch = g_strdup (pt_store_get_branch_id (e->store));
      request->device = g_strdup (pt_store_get_device_id (e->store));
      /* The request sends the ops the answer is then applied to. */
      g_ptr_array_unref (request->ops);
      request->ops = g_ptr_array_ref (ops);
      text = pt_sync_encode_push_request (request);
      body = g_bytes_new_take (text, strlen (text));

      answer = pt_sync_engine_exchange (e, "POST", "/v1/push", body, error);
      if (answer == NULL)
        {
          PtStoreOp *first = g_ptr_array_index (ops, 0);
          PtStoreOp *last = g_ptr_array_index (ops, ops->len - 1);

          pt_store_outbox_note_attempt (e->store, first->op_id, last->op_id,
                                        (*error)->message, NULL);
          return FALSE;
        }

      response = pt_sync_decode_push_response (g_bytes_get_data (answer, NULL),
                                               g_bytes_get_size (answer), error);
      if (response == NULL || !check_answer (ops, response, error))
        return FALSE;

      pt_crash_point ("after-push-response");

      /* Acknowledging and applying the answer is one transaction. */
      push_answer = (PushAnswer) { ops, response, e->report };
      if (!pt_store_transaction (e->store, apply_push_answer, &push_answer, error))
        return FALSE;

      pt_crash_point ("after-push-batch");

      e->push_done += ops->len;
      pt_sync_engine_progress (e, e->push_total > 0 ? 0.5 * e->push_done / e->push_total : 0.5);
    }
}

/* ---------------------------------------------------------------- pull */

typedef struct
{
  PtSyncPullResponse *page;
  PtSyncReport       *report;
} PullPage;

static gboolean
is_own_echo (PtStore          *store,
             const PtStoreOp  *op)
{
  return g_strcmp0 (op->branch, pt_store_get_branch_id (store)) == 0 &&
         pt_store_sync_outbox_has (store, op->op_id);
}

static gboolean
apply_pull_page (PtStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  PullPage *pull = user_data;

  for (guint i = 0; i < pull->page->changes->len; i++)
    {
      PtStoreOp *op = g_ptr_array_index (pull->page->changes, i);

      /* Our own ops come back; they are applied already. */
      if (is_own_echo (store, op))
        {
          pt_clock_observe (pt_store_get_clock (store), op->hlc);
          continue;
        }
      pull->report->pulled++;
      if (!g_ptr_array_find_with_equal_func (pull->report->entities, op->entity, g_str_equal, NULL))
        g_ptr_array_add (pull->report->entities, g_strdup (op->entity));
      if (!pt_store_sync_apply_op (store, op, error))
        {
          g_prefix_error (error, _("Applying change %" PRId64 " (%s %s): "),
                          op->seq, op->entity, op->op);
          return FALSE;
        }
    }

  pt_crash_point ("after-pull-apply-before-cursor");

  if (!pt_store_sync_set_cursor (store, pull->page->next, pull->page->head, error))
    return FALSE;
  pull->report->pages++;
  return TRUE;
}

/* The server's new history under a page: start again from zero. */
void
pt_sync_engine_restart (Engine      *e,
                        const char  *epoch,
                        gboolean    *restart,
                        GError     **error)
{
  if (!pt_store_sync_reset_epoch (e->store, epoch, error))
    return;
  g_free (e->epoch);
  e->epoch = g_strdup (epoch);
  e->report->repulled = TRUE;
  *restart = TRUE;
}

/* FALSE with *restart set when the server's history changed under us. */
static gboolean
pull_log (Engine    *e,
          gboolean  *restart,
          GError   **error)
{
  PtStoreSyncState state = { 0, };
  gint64 cursor;
  gint64 covered = 0;
  double start_fraction;

  if (!pt_store_sync_replay_unknown (e->store, error) ||
      !pt_store_sync_get_state (e->store, &state, error))
    return FALSE;
  cursor = state.pull_cursor;
  pt_store_sync_state_clear (&state);
  if (!pt_sync_engine_pull_snapshot (e, cursor, &covered, restart, error))
    return FALSE;
  e->pull_start = cursor;
  start_fraction = e->fraction;

  for (;;)
    {
      /* Far behind (an initial sync, a long absence): larger pages, fewer
       * round trips and commits. */
      int limit = e->server_head - cursor > 10 * PT_SYNC_DEFAULT_PAGE ? 5 * PT_SYNC_DEFAULT_PAGE
                                                                      : PT_SYNC_DEFAULT_PAGE;
      g_autofree char *path = covered > cursor
        ? g_strdup_printf ("/v1/pull?since=%" G_GINT64_FORMAT "&covered=%" G_GINT64_FORMAT
                           "&limit=%d", cursor, covered, limit)
        : g_strdup_printf ("/v1/pull?since=%" G_GINT64_FORMAT "&limit=%d", cursor, limit);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(PtSyncPullResponse) page = NULL;
      g_autoptr(GError) local_error = NULL;
      PullPage pull;

      if (g_cancellable_set_error_if_cancelled (e->cancellable, error))
        return FALSE;

      answer = pt_sync_engine_exchange (e, "GET", path, NULL, &local_error);
      if (answer == NULL && g_error_matches (local_error, PT_SYNC_ERROR, PT_SYNC_ERROR_GONE))
        {
          g_message ("cursor %" G_GINT64_FORMAT " is below the server's history: pulling again",
                     cursor);
          if (!pt_store_sync_reset_epoch (e->store, e->epoch, error))
            return FALSE;
          e->report->repulled = TRUE;
          *restart = TRUE;
          return FALSE;
        }
      if (answer == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      page = pt_sync_decode_pull_response (g_bytes_get_data (answer, NULL),
                                           g_bytes_get_size (answer), error);
      if (page == NULL)
        return FALSE;

      if (g_strcmp0 (page->epoch, e->epoch) != 0)
        {
          pt_sync_engine_restart (e, page->epoch, restart, error);
          return FALSE;
        }

      pull = (PullPage) { page, e->report };
      if (!pt_store_transaction (e->store, apply_pull_page, &pull, error))
        return FALSE;

      pt_crash_point ("after-pull-page");

      cursor = page->next;
      e->server_head = page->head;
      e->report->cursor = cursor;
      if (page->head > e->pull_start)
        pt_sync_engine_progress (e, start_fraction + (PULLED - start_fraction) *
                                        (cursor - e->pull_start) / (page->head - e->pull_start));
      if (!page->has_more)
        return TRUE;
    }
}

void
pt_sync_report_clear (PtSyncReport *report)
{
  g_clear_pointer (&report->entities, g_ptr_array_unref);
}

/* $PATRON_SYNC_CA_FILE: a PEM file of certificates to trust, for a head
 * office server with its own (self-signed) certificate. */
static gboolean
trust_own_ca (SoupSession  *session,
              GError      **error)
{
  const char *path = g_getenv ("PATRON_SYNC_CA_FILE");
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *absolute = NULL;

  if (path == NULL || *path == '\0')
    return TRUE;
  absolute = g_canonicalize_filename (path, NULL);
  database = g_tls_file_database_new (absolute, error);
  if (database == NULL)
    {
      g_prefix_error (error, _("PATRON_SYNC_CA_FILE %s: "), path);
      return FALSE;
    }
  soup_session_set_tls_database (session, database);
  return TRUE;
}

/* A server on this machine is never reached through a proxy. */
static gboolean
is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0 ||
         g_strcmp0 (host, "::1") == 0;
}

gboolean
pt_sync_run (PtStore             *store,
             const char          *server_url,
             const char          *token,
             PtSyncProgressFunc   progress,
             gpointer             progress_data,
             PtSyncReport        *report,
             GCancellable        *cancellable,
             GError             **error)
{
  g_auto(Engine) e = { 0, };
  g_autoptr(GError) local_error = NULL;
  const char *attempts = g_getenv ("PATRON_SYNC_ATTEMPTS");
  gboolean ok = FALSE;

  g_return_val_if_fail (PT_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->entities = g_ptr_array_new_with_free_func (g_free);
  if (server_url == NULL || *server_url == '\0')
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED,
                   _("No sync server is set: give the server’s address"));
      return FALSE;
    }
  if (token == NULL || *token == '\0')
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED,
                   _("No branch token is set: enter the token printed by "
                     "“patron-server admin add-branch”"));
      return FALSE;
    }

  e.store = store;
  e.session = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60, NULL);
  e.base_url = g_strdup (server_url);
  while (g_str_has_suffix (e.base_url, "/"))
    e.base_url[strlen (e.base_url) - 1] = '\0';
  if (is_loopback (e.base_url))
    g_object_set (e.session, "proxy-resolver", NULL, NULL);
  if (!trust_own_ca (e.session, error))
    return FALSE;
  e.auth = g_strconcat ("Bearer ", token, NULL);
  e.cancellable = cancellable;
  e.report = report;
  e.progress = progress;
  e.progress_data = progress_data;
  e.attempts = attempts ? (guint) CLAMP (atoi (attempts), 1, 100) : 5;

  for (guint restarts = 0; restarts <= MAX_RESTARTS && !ok; restarts++)
    {
      gboolean restart = FALSE;

      g_clear_error (&local_error);
      e.fraction = 0;
      ok = say_hello (&e, &local_error) &&
           push_outbox (&e, &local_error) &&
           pull_log (&e, &restart, &local_error) &&
           pt_sync_engine_index_backlog (&e, &local_error);
      if (!ok && !restart)
        break;
    }

  report->pending = pt_store_count_pending_ops (store, NULL);
  if (!ok && local_error == NULL)
    g_set_error (&local_error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED,
                 _("The server’s history changed again and again during the sync; try later"));
  if (!ok)
    {
      pt_store_sync_set_result (store, FALSE, local_error ? local_error->message : NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  pt_sync_engine_progress (&e, 1.0);
  return pt_store_sync_set_result (store, TRUE, NULL, error);
}
