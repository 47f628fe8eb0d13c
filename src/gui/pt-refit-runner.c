/* pt-refit-runner.c — the refit of the churn and value models, run off
 * the UI thread on a connection of its own, with progress and Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-refit-runner"

#include "config.h"

#include "pt-defer.h"
#include "pt-refit-runner.h"

struct _PtRefitRunner
{
  GObject        parent_instance;

  PtStore       *store;
  GCancellable  *cancellable;   /* the refit that runs, if any */
  double         fraction;
  gboolean       have_models;
  PtRefitModels  models;
};

G_DEFINE_FINAL_TYPE (PtRefitRunner, pt_refit_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the worker thread works with; the runner itself stays on the main
 * thread. */
typedef struct
{
  PtStore       *store;        /* the main connection: only to open a second one */
  GDate          as_of;
  PtRefitModels  models;
  GMainContext  *main_context;
  GWeakRef       runner;
  double         sent;         /* the last fraction passed on */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->main_context, g_main_context_unref);
  g_weak_ref_clear (&job->runner);
  g_free (job);
}

typedef struct
{
  GWeakRef runner;
  double   fraction;
} Progress;

static gboolean
progress_idle_cb (gpointer user_data)
{
  Progress *progress = user_data;
  g_autoptr(PtRefitRunner) self = g_weak_ref_get (&progress->runner);

  if (self != NULL && self->cancellable != NULL && progress->fraction > self->fraction)
    {
      self->fraction = progress->fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_weak_ref_clear (&progress->runner);
  g_free (progress);
}

/* In the worker thread: passed to the main thread in steps of 1 %. */
static void
refit_progress_cb (double   fraction,
                   gpointer user_data)
{
  Job *job = user_data;
  g_autoptr(PtRefitRunner) runner = NULL;
  Progress *progress;

  if (fraction < job->sent + 0.01 && fraction < 1)
    return;
  job->sent = fraction;
  runner = g_weak_ref_get (&job->runner);
  if (runner == NULL)
    return;
  progress = g_new0 (Progress, 1);
  g_weak_ref_init (&progress->runner, runner);
  progress->fraction = fraction;
  pt_defer_to_context (job->main_context, progress_idle_cb, progress, progress_free);
}

static void
refit_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(PtStore) store = NULL;
  PtRefitOptions options;
  GError *error = NULL;

  pt_refit_options_init (&options);
  store = pt_store_open_secondary (job->store, &error);
  if (store == NULL ||
      !pt_refit_run_full (store, &job->as_of, &options, cancellable, refit_progress_cb, job, &job->models,
                          &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
refit_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PtRefitRunner *self = PT_REFIT_RUNNER (source_object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->models = job->models;
      self->have_models = TRUE;
      self->fraction = 1;
      /* The refit wrote on its own connection: tell the views of this
       * one (the dashboard, the member page). */
      pt_store_announce_changed (self->store, "insights");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, error);
}

gboolean
pt_refit_runner_start (PtRefitRunner *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_val_if_fail (PT_IS_REFIT_RUNNER (self), FALSE);

  if (self->cancellable != NULL)
    return FALSE;
  self->cancellable = g_cancellable_new ();
  self->fraction = 0;

  job = g_new0 (Job, 1);
  job->store = g_object_ref (self->store);
  job->main_context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&job->runner, self);
  g_date_clear (&job->as_of, 1);
  g_date_set_time_t (&job->as_of, time (NULL));

  task = g_task_new (self, self->cancellable, refit_done_cb, NULL);
  g_task_set_source_tag (task, pt_refit_runner_start);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* The cancellation is reported by the refit itself, after it stopped
   * writing: the callback never runs while the worker still writes. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, refit_thread);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

void
pt_refit_runner_cancel (PtRefitRunner *self)
{
  g_return_if_fail (PT_IS_REFIT_RUNNER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
pt_refit_runner_get_running (PtRefitRunner *self)
{
  g_return_val_if_fail (PT_IS_REFIT_RUNNER (self), FALSE);
  return self->cancellable != NULL;
}

double
pt_refit_runner_get_fraction (PtRefitRunner *self)
{
  g_return_val_if_fail (PT_IS_REFIT_RUNNER (self), 0);
  return self->fraction;
}

const PtRefitModels *
pt_refit_runner_get_models (PtRefitRunner *self)
{
  g_return_val_if_fail (PT_IS_REFIT_RUNNER (self), NULL);
  return self->have_models ? &self->models : NULL;
}

gboolean
pt_refit_runner_is_due (PtRefitRunner *self)
{
  g_autofree char *params = NULL;
  g_autofree char *as_of = NULL;
  g_autoptr(GError) error = NULL;
  gboolean converged = FALSE;
  char today[16];
  GDate date;

  g_return_val_if_fail (PT_IS_REFIT_RUNNER (self), FALSE);

  g_date_clear (&date, 1);
  g_date_set_time_t (&date, time (NULL));
  g_date_strftime (today, sizeof today, "%Y-%m-%d", &date);
  if (!pt_store_get_latest_fit (self->store, "bgnbd", &params, &as_of, &converged, &error))
    return error == NULL;
  return g_strcmp0 (as_of, today) < 0;
}

static void
pt_refit_runner_dispose (GObject *object)
{
  PtRefitRunner *self = (PtRefitRunner *) object;

  /* The task holds the runner until it returns; a runner disposed early
   * (the program closing) stops its refit. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pt_refit_runner_parent_class)->dispose (object);
}

static void
pt_refit_runner_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PtRefitRunner *self = PT_REFIT_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, pt_refit_runner_get_running (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_refit_runner_class_init (PtRefitRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pt_refit_runner_dispose;
  object_class->get_property = pt_refit_runner_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
pt_refit_runner_init (PtRefitRunner *self)
{
}

PtRefitRunner *
pt_refit_runner_new (PtStore *store)
{
  PtRefitRunner *self;

  g_return_val_if_fail (PT_IS_STORE (store), NULL);

  self = g_object_new (PT_TYPE_REFIT_RUNNER, NULL);
  self->store = g_object_ref (store);
  return self;
}
