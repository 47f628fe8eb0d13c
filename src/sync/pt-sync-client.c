/* pt-sync-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-defer.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"
#include "pt-sync-client.h"
#include "pt-sync-protocol.h"

/* A local change is pushed this long after it was made, so a burst of
 * edits goes in one sync. */
#define SOON_SECONDS 5

struct _PtSyncClient
{
  GObject       parent_instance;

  PtStore      *store;
  GMainContext *context;
  char         *server_url;
  char         *token;

  PtSyncState   state;
  gint64        pending_count;
  gint64        conflict_count;
  gint64        last_sync;
  char         *last_error;
  double        progress;

  guint         interval;
  guint         interval_id;
  guint         soon_id;
  gulong        changed_id;

  GPtrArray    *waiting;       /* GTask: callers of the running sync */
  gboolean      running;
  GCancellable *auto_cancellable;
};

G_DEFINE_FINAL_TYPE (PtSyncClient, pt_sync_client, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (PtSyncState, pt_sync_state,
                    G_DEFINE_ENUM_VALUE (PT_SYNC_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (PT_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (PT_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (PT_SYNC_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER_URL,
  PROP_TOKEN,
  PROP_STATE,
  PROP_PENDING_COUNT,
  PROP_CONFLICT_COUNT,
  PROP_LAST_SYNC,
  PROP_LAST_ERROR,
  PROP_PROGRESS,
  PROP_INTERVAL,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_soon (PtSyncClient *self);

static void
set_state (PtSyncClient *self,
           PtSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_progress (PtSyncClient *self,
              double        progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_int64 (PtSyncClient *self,
           gint64       *field,
           gint64        value,
           guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
pt_sync_client_refresh (PtSyncClient *self)
{
  g_auto(PtStoreSyncState) state = { 0, };
  gint64 pending, conflicts;

  g_return_if_fail (PT_IS_SYNC_CLIENT (self));

  pending = pt_store_count_pending_ops (self->store, NULL);
  conflicts = pt_store_count_open_conflicts (self->store, NULL);
  if (pending >= 0)
    set_int64 (self, &self->pending_count, pending, PROP_PENDING_COUNT);
  if (conflicts >= 0)
    set_int64 (self, &self->conflict_count, conflicts, PROP_CONFLICT_COUNT);
  if (pt_store_sync_get_state (self->store, &state, NULL))
    {
      set_int64 (self, &self->last_sync, state.last_sync_at, PROP_LAST_SYNC);
      if (g_strcmp0 (self->last_error, state.last_error) != 0)
        {
          g_free (self->last_error);
          self->last_error = g_strdup (state.last_error);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
        }
    }
}

static void
store_changed_cb (PtStore      *store,
                  const char   *entity,
                  PtSyncClient *self)
{
  if (g_strcmp0 (entity, "outbox") == 0)
    {
      set_int64 (self, &self->pending_count, pt_store_count_pending_ops (store, NULL),
                 PROP_PENDING_COUNT);
      if (self->interval > 0 && !self->running)
        schedule_soon (self);
    }
  else if (g_strcmp0 (entity, "conflict") == 0)
    {
      set_int64 (self, &self->conflict_count, pt_store_count_open_conflicts (store, NULL),
                 PROP_CONFLICT_COUNT);
    }
}

/* ------------------------------------------------------------ the worker */

typedef struct
{
  PtSyncClient *self;
  PtStore      *store;
  char         *server_url;
  char         *token;
  PtSyncReport  report;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->store);
  g_free (job->server_url);
  g_free (job->token);
  pt_sync_report_clear (&job->report);
  g_free (job);
}

typedef struct
{
  PtSyncClient *self;
  double        fraction;
  gint64        pending;
} Progress;

static gboolean
progress_in_main (gpointer data)
{
  Progress *progress = data;

  if (progress->self->running)
    {
      set_progress (progress->self, progress->fraction);
      set_int64 (progress->self, &progress->self->pending_count, progress->pending,
                 PROP_PENDING_COUNT);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_free (progress);
}

static void
progress_cb (double   fraction,
             gint64   pending,
             gpointer user_data)
{
  Job *job = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (job->self);
  progress->fraction = fraction;
  progress->pending = pending;
  pt_defer_to_context (job->self->context, progress_in_main, progress, progress_free);
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(PtStore) store = NULL;
  GError *error = NULL;

  /* SQLite connections stay on one thread: this run has its own, which
   * an in-memory database cannot have. */
  if (g_strcmp0 (pt_store_get_path (job->store), ":memory:") == 0)
    {
      g_task_return_new_error (task, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED,
                               _("An in-memory database cannot be synced"));
      return;
    }
  store = pt_store_open_secondary (job->store, &error);
  if (store == NULL ||
      !pt_sync_run (store, job->server_url, job->token, progress_cb, job, &job->report,
                    cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
report_free (PtSyncReport *report)
{
  pt_sync_report_clear (report);
  g_free (report);
}

static void
copy_report (PtSyncReport       *to,
             const PtSyncReport *from)
{
  *to = *from;
  to->entities = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; from->entities != NULL && i < from->entities->len; i++)
    g_ptr_array_add (to->entities, g_strdup (g_ptr_array_index (from->entities, i)));
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PtSyncClient *self = PT_SYNC_CLIENT (object);
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->running = FALSE;
  set_progress (self, ok ? 1.0 : 0.0);

  /* The worker changed the database on its own connection: tell this
   * connection's listeners (lists, counters) what to reload. */
  if (ok && job->report.entities != NULL)
    for (guint i = 0; i < job->report.entities->len; i++)
      pt_store_note_changed (self->store, g_ptr_array_index (job->report.entities, i));

  pt_sync_client_refresh (self);
  if (ok)
    set_state (self, PT_SYNC_STATE_IDLE);
  else if (g_error_matches (error, PT_SYNC_ERROR, PT_SYNC_ERROR_NETWORK) ||
           g_error_matches (error, PT_SYNC_ERROR, PT_SYNC_ERROR_SERVER) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, PT_SYNC_STATE_OFFLINE);
  else
    set_state (self, PT_SYNC_STATE_ERROR);

  if (!ok && g_strcmp0 (self->last_error, error->message) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (ok)
        {
          PtSyncReport *report = g_new0 (PtSyncReport, 1);

          copy_report (report, &job->report);
          g_task_return_pointer (task, report, (GDestroyNotify) report_free);
        }
      else
        g_task_return_error (task, g_error_copy (error));
    }

  g_signal_emit (self, signals[FINISHED], 0, ok);
}

void
pt_sync_client_sync_async (PtSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) caller = NULL;
  g_autoptr(GTask) worker = NULL;
  Job *job;

  g_return_if_fail (PT_IS_SYNC_CLIENT (self));

  caller = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (caller, pt_sync_client_sync_async);
  g_ptr_array_add (self->waiting, g_object_ref (caller));
  if (self->running)
    return;

  g_clear_handle_id (&self->soon_id, g_source_remove);
  self->running = TRUE;
  set_progress (self, 0.0);
  set_state (self, PT_SYNC_STATE_SYNCING);

  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->store = g_object_ref (self->store);
  job->server_url = g_strdup (self->server_url);
  job->token = g_strdup (self->token);

  worker = g_task_new (self, cancellable, sync_done_cb, NULL);
  g_task_set_source_tag (worker, sync_thread);
  g_task_set_task_data (worker, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (worker, sync_thread);
}

gboolean
pt_sync_client_sync_finish (PtSyncClient  *self,
                            GAsyncResult  *result,
                            PtSyncReport  *report,
                            GError       **error)
{
  PtSyncReport *got;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  got = g_task_propagate_pointer (G_TASK (result), error);
  if (got == NULL)
    return FALSE;
  if (report != NULL)
    copy_report (report, got);
  report_free (got);
  return TRUE;
}

/* ------------------------------------------------------- automatic sync */

static gboolean
can_sync (PtSyncClient *self)
{
  return self->server_url != NULL && *self->server_url != '\0' && pt_sync_client_has_token (self) &&
         self->state != PT_SYNC_STATE_ERROR;
}

static void
auto_sync_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  /* State and last-error carry the outcome; nothing else to do. */
  pt_sync_client_sync_finish (PT_SYNC_CLIENT (object), result, NULL, NULL);
}

static gboolean
auto_sync_cb (gpointer user_data)
{
  PtSyncClient *self = user_data;

  self->soon_id = 0;
  if (can_sync (self) && !self->running)
    pt_sync_client_sync_async (self, self->auto_cancellable, auto_sync_done_cb, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
interval_cb (gpointer user_data)
{
  PtSyncClient *self = user_data;

  /* A refusal (bad token, old version) waits for a person; an offline
   * branch keeps trying. */
  if (can_sync (self) && !self->running)
    pt_sync_client_sync_async (self, self->auto_cancellable, auto_sync_done_cb, NULL);
  return G_SOURCE_CONTINUE;
}

static void
schedule_soon (PtSyncClient *self)
{
  if (self->soon_id != 0 || !can_sync (self))
    return;
  self->soon_id = g_timeout_add_seconds (SOON_SECONDS, auto_sync_cb, self);
}

void
pt_sync_client_set_interval (PtSyncClient *self,
                             guint         seconds)
{
  g_return_if_fail (PT_IS_SYNC_CLIENT (self));

  if (self->interval == seconds)
    return;
  self->interval = seconds;
  g_clear_handle_id (&self->interval_id, g_source_remove);
  if (seconds > 0)
    self->interval_id = g_timeout_add_seconds (seconds, interval_cb, self);
  if (seconds > 0 && !self->running)
    schedule_soon (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

guint
pt_sync_client_get_interval (PtSyncClient *self)
{
  g_return_val_if_fail (PT_IS_SYNC_CLIENT (self), 0);
  return self->interval;
}

/* ------------------------------------------------------------- accessors */

const char *
pt_sync_client_get_server_url (PtSyncClient *self)
{
  g_return_val_if_fail (PT_IS_SYNC_CLIENT (self), NULL);
  return self->server_url;
}

void
pt_sync_client_set_server_url (PtSyncClient *self,
                               const char   *server_url)
{
  g_return_if_fail (PT_IS_SYNC_CLIENT (self));

  if (g_strcmp0 (self->server_url, server_url) == 0)
    return;
  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
  /* Another server may accept what this one refused. */
  if (self->state == PT_SYNC_STATE_ERROR)
    set_state (self, PT_SYNC_STATE_IDLE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

void
pt_sync_client_set_token (PtSyncClient *self,
                          const char   *token)
{
  g_return_if_fail (PT_IS_SYNC_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;
  g_free (self->token);
  self->token = g_strdup (token);
  if (self->state == PT_SYNC_STATE_ERROR)
    set_state (self, PT_SYNC_STATE_IDLE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);

  /* Configured (at start, or just now): catch up soon, not an interval
   * later; a new branch's first sync starts on its own. */
  if (self->interval > 0 && !self->running)
    schedule_soon (self);
}

gboolean
pt_sync_client_has_token (PtSyncClient *self)
{
  return self->token != NULL && *self->token != '\0';
}

PtSyncState
pt_sync_client_get_state (PtSyncClient *self)
{
  return self->state;
}

gint64
pt_sync_client_get_pending_count (PtSyncClient *self)
{
  return self->pending_count;
}

gint64
pt_sync_client_get_conflict_count (PtSyncClient *self)
{
  return self->conflict_count;
}

gint64
pt_sync_client_get_last_sync (PtSyncClient *self)
{
  return self->last_sync;
}

const char *
pt_sync_client_get_last_error (PtSyncClient *self)
{
  return self->last_error;
}

double
pt_sync_client_get_progress (PtSyncClient *self)
{
  return self->progress;
}

/* -------------------------------------------------------------- GObject */

static void
pt_sync_client_constructed (GObject *object)
{
  PtSyncClient *self = PT_SYNC_CLIENT (object);

  G_OBJECT_CLASS (pt_sync_client_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  self->changed_id = g_signal_connect_object (self->store, "changed",
                                              G_CALLBACK (store_changed_cb), self, 0);
  pt_sync_client_refresh (self);
}

static void
pt_sync_client_dispose (GObject *object)
{
  PtSyncClient *self = PT_SYNC_CLIENT (object);

  g_cancellable_cancel (self->auto_cancellable);
  g_clear_handle_id (&self->interval_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pt_sync_client_parent_class)->dispose (object);
}

static void
pt_sync_client_finalize (GObject *object)
{
  PtSyncClient *self = PT_SYNC_CLIENT (object);

  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_object (&self->auto_cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->server_url);
  g_free (self->token);
  g_free (self->last_error);

  G_OBJECT_CLASS (pt_sync_client_parent_class)->finalize (object);
}

static void
pt_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PtSyncClient *self = PT_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_int64 (value, self->pending_count);
      break;
    case PROP_CONFLICT_COUNT:
      g_value_set_int64 (value, self->conflict_count);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_sync_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PtSyncClient *self = PT_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SERVER_URL:
      pt_sync_client_set_server_url (self, g_value_get_string (value));
      break;
    case PROP_TOKEN:
      pt_sync_client_set_token (self, g_value_get_string (value));
      break;
    case PROP_INTERVAL:
      pt_sync_client_set_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_sync_client_class_init (PtSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pt_sync_client_constructed;
  object_class->dispose = pt_sync_client_dispose;
  object_class->finalize = pt_sync_client_finalize;
  object_class->get_property = pt_sync_client_get_property;
  object_class->set_property = pt_sync_client_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] = g_param_spec_string ("server-url", NULL, NULL, NULL, rw);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, PT_TYPE_SYNC_STATE,
                                              PT_SYNC_STATE_IDLE, ro);
  properties[PROP_PENDING_COUNT] = g_param_spec_int64 ("pending-count", NULL, NULL, 0, G_MAXINT64,
                                                       0, ro);
  properties[PROP_CONFLICT_COUNT] = g_param_spec_int64 ("conflict-count", NULL, NULL, 0,
                                                        G_MAXINT64, 0, ro);
  properties[PROP_LAST_SYNC] = g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_INTERVAL] = g_param_spec_uint ("interval", NULL, NULL, 0, 86400, 0, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PtSyncClient::finished:
   * @success: whether the run pushed and pulled everything
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
pt_sync_client_init (PtSyncClient *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->auto_cancellable = g_cancellable_new ();
}

PtSyncClient *
pt_sync_client_new (PtStore *store)
{
  g_return_val_if_fail (PT_IS_STORE (store), NULL);
  return g_object_new (PT_TYPE_SYNC_CLIENT, "store", store, NULL);
}
