/* pt-duplicates-dialog.c — likely duplicate members to review and merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Over a million members the search takes seconds: it runs on a second
 * connection in a worker thread.
 */
#define G_LOG_DOMAIN "pt-duplicates-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-duplicates.h"
#include "pt-duplicates-dialog.h"
#include "pt-merge-dialog.h"
#include "pt-store-members.h"

/* A person reviews the most certain first; more would be a list no one
 * reads to the end (merging some and looking again shows the next). */
#define SHOWN_PAIRS 200

struct _PtDuplicatesDialog
{
  AdwWindow        parent_instance;

  PtContext       *context;
  GPtrArray       *pairs;        /* PtDuplicatePair, NULL while looking */
  GCancellable    *cancellable;

  /* template */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *list;
};

G_DEFINE_FINAL_TYPE (PtDuplicatesDialog, pt_duplicates_dialog, ADW_TYPE_WINDOW)

static void refresh (PtDuplicatesDialog *self);

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PtStore *main_store = task_data;
  g_autoptr(PtStore) store = NULL;
  GPtrArray *pairs = NULL;
  GError *error = NULL;

  /* An in-memory store (tests) has no second connection. */
  if (g_strcmp0 (pt_store_get_path (main_store), ":memory:") == 0)
    store = g_object_ref (main_store);
  else
    store = pt_store_open_secondary (main_store, &error);
  if (store == NULL || (pairs = pt_duplicates_find (store, SHOWN_PAIRS, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, pairs, (GDestroyNotify) g_ptr_array_unref);
}

static char *
side_text (const PtMemberIdentity *side)
{
  GString *text = g_string_new (side->number);

  if (side->phone != NULL)
    g_string_append_printf (text, " · %s", side->phone);
  if (side->email != NULL)
    g_string_append_printf (text, " · %s", side->email);
  if (side->birthday != NULL)
    g_string_append_printf (text, " · %s", side->birthday);
  return g_string_free (text, FALSE);
}

static char *
reasons_text (guint flags)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  for (guint r = 0; r < PT_DUPLICATE_N_REASONS; r++)
    if (flags & (1u << r))
      g_ptr_array_add (words, (gpointer) pt_duplicate_reason_label (1u << r));
  g_ptr_array_add (words, NULL);
  return g_strjoinv (_("; "), (char **) words->pdata);
}

static void
review_clicked_cb (GtkButton          *button,
                   PtDuplicatesDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "pair-index"));

  pt_duplicates_dialog_review (self, index);
}

static GtkWidget *
make_row (PtDuplicatesDialog *self,
          PtDuplicatePair    *pair,
          guint               index)
{
  g_autofree char *reasons = reasons_text (pair->reasons);
  g_autofree char *left = side_text (pair->left);
  g_autofree char *right = side_text (pair->right);
  /* Translators: a pair of members, “Ann Lee ↔ Ann  Lee”. */
  g_autofree char *title = g_strdup_printf (_("%s ↔ %s"), pair->left->name, pair->right->name);
  /* Translators: “Same phone · 95 %” then each side's number and details. */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %d %%\n%s\n%s"), reasons,
                                               (int) (pair->score * 100 + 0.5), left, right);
  g_autofree char *accessible = g_strdup_printf (_("Review %s and %s"), pair->left->number,
                                                 pair->right->number);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Review…"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data (G_OBJECT (button), "pair-index", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", G_CALLBACK (review_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

static void
found_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  PtDuplicatesDialog *self = PT_DUPLICATES_DIALOG (source_object);
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  pairs = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->list == NULL)
    return;
  if (pairs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  self->pairs = g_steal_pointer (&pairs);
  for (guint i = 0; i < self->pairs->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (self->pairs, i), i));
  gtk_stack_set_visible_child_name (self->stack, self->pairs->len > 0 ? "list" : "empty");
}

static void
refresh (PtDuplicatesDialog *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  task = g_task_new (self, self->cancellable, found_cb, NULL);
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, g_object_ref (pt_context_get_store (self->context)), g_object_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, find_thread);
}

static void
merged_cb (PtMergeDialog      *dialog,
           const char         *survivor_id,
           PtDuplicatesDialog *self)
{
  g_autoptr(PtMember) survivor = pt_store_get_member (pt_context_get_store (self->context),
                                                      survivor_id, FALSE, NULL);
  /* Translators: a toast, “Merged into HQ-000012”. */
  g_autofree char *message = g_strdup_printf (_("Merged into %s"),
                                              survivor ? pt_member_get_number (survivor) : "");

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  refresh (self);
}

GtkWindow *
pt_duplicates_dialog_review (PtDuplicatesDialog *self,
                             guint               index)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(PtMember) left = NULL;
  g_autoptr(PtMember) right = NULL;
  g_autoptr(GError) error = NULL;
  PtDuplicatePair *pair;
  PtMergeDialog *dialog;

  g_return_val_if_fail (PT_IS_DUPLICATES_DIALOG (self), NULL);
  g_return_val_if_fail (self->pairs != NULL && index < self->pairs->len, NULL);

  pair = g_ptr_array_index (self->pairs, index);
  left = pt_store_get_member (store, pair->left->id, FALSE, &error);
  if (left != NULL)
    right = pt_store_get_member (store, pair->right->id, FALSE, &error);
  if (right == NULL || g_strcmp0 (pt_member_get_id (left), pt_member_get_id (right)) == 0)
    {
      /* Merged or deleted since the list was made. */
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (error ? error->message
                                                        : _("These two are one member already")));
      refresh (self);
      return NULL;
    }

  dialog = pt_merge_dialog_new (self->context, left, right);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "merged", G_CALLBACK (merged_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

int
pt_duplicates_dialog_get_count (PtDuplicatesDialog *self)
{
  g_return_val_if_fail (PT_IS_DUPLICATES_DIALOG (self), -1);
  return self->pairs ? (int) self->pairs->len : -1;
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (PT_DUPLICATES_DIALOG (widget));
}

static void
pt_duplicates_dialog_dispose (GObject *object)
{
  PtDuplicatesDialog *self = PT_DUPLICATES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_DUPLICATES_DIALOG);
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (pt_duplicates_dialog_parent_class)->dispose (object);
}

static void
pt_duplicates_dialog_class_init (PtDuplicatesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_duplicates_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-duplicates-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PtDuplicatesDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PtDuplicatesDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PtDuplicatesDialog, list);
  gtk_widget_class_install_action (widget_class, "duplicates.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "duplicates.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_duplicates_dialog_init (PtDuplicatesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtDuplicatesDialog *
pt_duplicates_dialog_new (PtContext *context)
{
  PtDuplicatesDialog *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = g_object_new (PT_TYPE_DUPLICATES_DIALOG, NULL);
  self->context = g_object_ref (context);
  refresh (self);
  return self;
}
