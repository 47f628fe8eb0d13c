/* pt-members-view-sample.c — the Members page's sample café: written in
 * a worker thread on a connection of its own, with progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-members-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-defer.h"
#include "pt-demo-purchases.h"
#include "pt-demo.h"
#include "pt-members-view-private.h"

/* "Load Sample Data": a café of this many members. */
#define SAMPLE_MEMBERS 2000
#define SAMPLE_SEED    2026
/* sample_permille while the purchases, which report no progress, go in */
#define SAMPLE_PULSE   (-1)

static void
sample_progress_cb (double   fraction,
                    gpointer user_data)
{
  PtMembersView *self = user_data;

  g_atomic_int_set (&self->sample_permille, (int) (fraction * 1000));
}

static void announce_sample_data (PtStore *store);

static gboolean
sample_members_ready_cb (gpointer user_data)
{
  PtMembersView *self = user_data;
  AdwToast *toast;

  if (self->context == NULL)
    return G_SOURCE_REMOVE;

  pt_store_announce_changed (pt_context_get_store (self->context), "member");
  toast = adw_toast_new (_("Adding the sample café’s purchases…"));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  return G_SOURCE_REMOVE;
}

/* The sample café is written on a connection of its own in a worker
 * thread, so the window keeps drawing the progress. */
static void
load_sample_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PtMembersView *self = source_object;
  PtStore *store = task_data;
  g_autoptr(PtStore) secondary = NULL;
  GError *error = NULL;

  secondary = pt_store_open_secondary (store, &error);
  if (secondary == NULL ||
      !pt_demo_generate (secondary, SAMPLE_MEMBERS, SAMPLE_SEED, sample_progress_cb, self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The members can be browsed while their purchases go in, which
   * report no progress: the bar pulses meanwhile. */
  g_atomic_int_set (&self->sample_permille, SAMPLE_PULSE);
  pt_defer_to_context (NULL, sample_members_ready_cb, g_object_ref (self), g_object_unref);
  if (!pt_demo_generate_purchases (secondary, SAMPLE_MEMBERS, SAMPLE_SEED, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
sample_progress_tick_cb (gpointer user_data)
{
  PtMembersView *self = user_data;
  int permille = g_atomic_int_get (&self->sample_permille);

  if (permille == SAMPLE_PULSE)
    {
      gtk_progress_bar_set_text (self->sample_progress, _("Adding sample purchases…"));
      gtk_progress_bar_pulse (self->sample_progress);
    }
  else
    {
      gtk_progress_bar_set_fraction (self->sample_progress, permille / 1000.0);
    }
  return G_SOURCE_CONTINUE;
}

/* The sample was written on another connection, whose signals nobody
 * hears: tell the views of this one, as the store would have. */
static void
announce_sample_data (PtStore *store)
{
  static const char * const entities[] = {
    "member", "purchase", "points", "tier", "tier_change", "earning_rules", "setting", "outbox",
  };

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    pt_store_announce_changed (store, entities[i]);
}

static void
load_sample_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PtMembersView *self = PT_MEMBERS_VIEW (object);
  g_autoptr(GError) error = NULL;

  /* The page was closed while the worker ran. */
  if (self->context == NULL)
    return;

  self->loading_sample = FALSE;
  g_clear_handle_id (&self->sample_progress_id, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->sample_progress), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sample_button), TRUE);

  announce_sample_data (pt_context_get_store (self->context));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pt_members_view_show_error_toast (self, error);
      return;
    }

  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("The sample café is ready")));
  pt_members_view_update_state (self);
}

static void
load_sample_data_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PtMembersView *self = PT_MEMBERS_VIEW (widget);
  g_autoptr(GTask) task = NULL;

  if (self->loading_sample)
    return;

  self->loading_sample = TRUE;
  g_atomic_int_set (&self->sample_permille, 0);
  gtk_progress_bar_set_fraction (self->sample_progress, 0);
  gtk_progress_bar_set_text (self->sample_progress, _("Adding sample members…"));
  gtk_widget_set_visible (GTK_WIDGET (self->sample_progress), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sample_button), FALSE);
  self->sample_progress_id = g_timeout_add (50, sample_progress_tick_cb, self);
  pt_members_view_update_actions (self);

  task = g_task_new (self, self->cancellable, load_sample_done_cb, NULL);
  g_task_set_source_tag (task, load_sample_data_action);
  g_task_set_task_data (task, g_object_ref (pt_context_get_store (self->context)),
                        g_object_unref);
  g_task_run_in_thread (task, load_sample_thread);
}

void
pt_members_view_install_sample_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "members.load-sample-data", NULL,
                                   load_sample_data_action);
}
