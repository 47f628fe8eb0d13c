/* pt-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-action-gate.h"
#include "pt-format.h"
#include "pt-campaigns-view.h"
#include "pt-audit-window.h"
#include "pt-duplicates-dialog.h"
#include "pt-erase-confirm.h"
#include "pt-import-assistant.h"
#include "pt-backup.h"
#include "pt-members-view.h"
#include "pt-store-jobs.h"
#include "pt-sync-indicator.h"
#include "pt-sync-page.h"
#include "pt-reports-view.h"
#include "pt-rewards-view.h"
#include "pt-tiers-view.h"
#include "pt-segment-picker.h"
#include "pt-window.h"
#include "pt-lock-controller.h"

struct _PtWindow
{
  AdwApplicationWindow  parent_instance;

  PtContext            *context;
  PtMembersView        *members_view;
  PtReportsView        *reports_view;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkListBox           *sidebar;
  GtkStack             *stack;
  AdwWindowTitle       *page_title;
  PtSyncIndicator      *sync_indicator;
  GtkWidget            *sync_page;
  guint                 jobs_idle_id;
  PtLockController     *lock;
};

G_DEFINE_FINAL_TYPE (PtWindow, pt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The sidebar, in order; Alt+1… shows them. A page whose issue has not
 * landed yet is a placeholder until pt_window_add_page() replaces it. */
static const struct {
  const char *name;
  const char *title;
  const char *icon_name;
  const char *coming;
} pages[] = {
  { "members", N_("Members"), "system-users-symbolic", NULL },
  { "tiers", N_("Tiers"), "starred-symbolic",
    N_("Levels such as Silver and Gold, their rules and benefits, will be set up here.") },
  { "rewards", N_("Rewards"), "emblem-favorite-symbolic",
    N_("The catalog of rewards members can redeem with their points will be kept here.") },
  { "campaigns", N_("Campaigns"), "mail-send-symbolic", NULL },
  { "reports", N_("Reports"), "x-office-document-symbolic",
    N_("Printable member lists, statements and key figures will be made here.") },
  { "sync", N_("Sync"), "emblem-synchronizing-symbolic",
    N_("The connection to head office and changes waiting to be sent will be shown here.") },
};

static GtkListBoxRow *
find_row (PtWindow   *self,
          const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) &&
        g_strcmp0 (g_object_get_data (G_OBJECT (child), "page-name"), name) == 0)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static GtkWidget *
make_sidebar_row (const char *name,
                  const char *title,
                  const char *icon_name)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "page-name", g_strdup (name), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return row;
}

void
pt_window_add_page (PtWindow   *self,
                    const char *name,
                    const char *title,
                    const char *icon_name,
                    GtkWidget  *page)
{
  GtkWidget *old;
  GtkStackPage *stack_page;
  gboolean was_visible;

  g_return_if_fail (PT_IS_WINDOW (self));
  g_return_if_fail (name != NULL && title != NULL);
  g_return_if_fail (GTK_IS_WIDGET (page));

  old = gtk_stack_get_child_by_name (self->stack, name);
  was_visible = old != NULL && old == gtk_stack_get_visible_child (self->stack);
  if (old != NULL)
    gtk_stack_remove (self->stack, old);

  stack_page = gtk_stack_add_titled (self->stack, page, name, title);
  gtk_stack_page_set_icon_name (stack_page, icon_name);

  if (find_row (self, name) == NULL)
    gtk_list_box_append (self->sidebar, make_sidebar_row (name, title, icon_name));

  if (was_visible)
    gtk_stack_set_visible_child (self->stack, page);
}

void
pt_window_show_page (PtWindow   *self,
                     const char *name)
{
  g_return_if_fail (PT_IS_WINDOW (self));

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

void
pt_window_add_toast (PtWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (PT_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static GtkWidget *
make_coming_soon_page (const char *title,
                       const char *icon_name,
                       const char *description)
{
  return g_object_new (ADW_TYPE_STATUS_PAGE,
                       "icon-name", icon_name,
                       "title", title,
                       "description", description,
                       NULL);
}

static void
sidebar_row_selected_cb (PtWindow      *self,
                         GtkListBoxRow *row)
{
  if (row != NULL)
    pt_window_show_page (self, g_object_get_data (G_OBJECT (row), "page-name"));
}

static void
stack_visible_child_cb (PtWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);
  GtkListBoxRow *row;

  if (child == NULL)
    return;

  adw_window_title_set_title (self->page_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));

  row = find_row (self, name);
  if (row != NULL && row != gtk_list_box_get_selected_row (self->sidebar))
    gtk_list_box_select_row (self->sidebar, row);
}

/* "New campaign from this segment" from any page (the Members view and
 * the dashboard activate it with the segment's id; "" for everyone). */
static void
new_campaign_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);
  GtkWidget *page;

  pt_window_show_page (self, "campaigns");
  page = gtk_stack_get_child_by_name (self->stack, "campaigns");
  if (page != NULL)
    gtk_widget_activate_action_variant (page, "campaigns.new", parameter);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pt_window_show_page (PT_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* The member actions work from any page: they bring the members back. */
static void
members_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);
  const char *view_action = NULL;

  pt_window_show_page (self, "members");

  if (g_str_equal (action_name, "win.search"))
    {
      pt_members_view_focus_search (self->members_view);
      return;
    }
  else if (g_str_equal (action_name, "win.new-member"))
    view_action = "members.new";
  else if (g_str_equal (action_name, "win.edit-member"))
    view_action = "members.edit";
  else if (g_str_equal (action_name, "win.delete-member"))
    view_action = "members.delete";
  else if (g_str_equal (action_name, "win.choose-segment"))
    view_action = "members.choose-segment";
  else if (g_str_equal (action_name, "win.new-segment"))
    view_action = "members.new-segment";

  if (view_action != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->members_view), view_action, NULL);
}

/* The import assistant, from the main menu and the empty member list. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);
  PtImportAssistant *assistant = pt_import_assistant_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (assistant), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (assistant));
}

/* The duplicates review is a window of its own over this one. */
static void
find_duplicates_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);
  PtDuplicatesDialog *dialog = pt_duplicates_dialog_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The audit trail over this window, for those allowed to see it. */
static void
audit_trail_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!pt_audit_window_present (GTK_WINDOW (self), self->context, &error))
    pt_window_add_toast (self, adw_toast_new (error->message));
}

static void
erased_cb (const GError *error,
           gpointer      user_data)
{
  PtWindow *self = PT_WINDOW (user_data);

  pt_window_add_toast (self, adw_toast_new (error ? error->message
                                                  : _("The member’s personal data was erased")));
  g_object_unref (self);
}

/* Erasing the selected member's personal data, after asking. */
static void
erase_member_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);
  PtMember *member;

  pt_window_show_page (self, "members");
  member = pt_members_view_get_selected (self->members_view);
  if (member == NULL)
    {
      pt_window_add_toast (self, adw_toast_new (_("Select the member to erase first")));
      return;
    }
  pt_erase_confirm_present (GTK_WINDOW (self), self->context, member, erased_cb,
                            g_object_ref (self));
}

/* Ctrl+P: on the members page, the member list as shown; elsewhere
 * the report shown on the Reports page. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "members") == 0)
    {
      GtkEditable *search = pt_members_view_get_search_entry (self->members_view);
      GtkWidget *picker = pt_members_view_get_segment_picker (self->members_view);
      PtSegment *segment = pt_segment_picker_get_segment (PT_SEGMENT_PICKER (picker));

      /* The list as the page shows it: searched, and in its segment. */
      pt_reports_view_show_members_report (self->reports_view, "members", gtk_editable_get_text (search),
                                           segment ? pt_segment_get_id (segment) : NULL);
    }
  pt_window_show_page (self, "reports");
  pt_reports_view_print (self->reports_view);
}

static void
members_segment_changed_cb (PtWindow        *self,
                            PtSegmentPicker *picker)
{
  PtSegment *segment = pt_segment_picker_get_segment (picker);

  pt_reports_view_set_segment (self->reports_view, segment ? pt_segment_get_id (segment) : NULL);
}

/* F5 from any page: sync now (the Sync page shows how it went). */
static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);

  if (self->sync_page != NULL)
    gtk_widget_activate_action (self->sync_page, "sync.now", NULL);
}

/* A segment made elsewhere (the dashboard): shown in Members. */
static void
show_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  GtkWidget *picker = pt_members_view_get_segment_picker (self->members_view);

  pt_window_show_page (self, "members");
  /* A segment deleted meanwhile (by a sync) leaves the list as it was. */
  if (!pt_segment_picker_select (PT_SEGMENT_PICKER (picker), id))
    pt_window_add_toast (self, adw_toast_new (_("That segment no longer exists")));
}

static void
show_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);

  pt_window_show_page (self, "members");
  pt_members_view_select_member (self->members_view, g_variant_get_string (parameter, NULL));
}

/* Widgets say things through this action: only the window knows its
 * toast overlay. */
static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_autofree char *escaped = g_markup_escape_text (g_variant_get_string (parameter, NULL), -1);

  pt_window_add_toast (PT_WINDOW (widget), adw_toast_new (escaped));
}

/* Ctrl+Shift+M from any page: refit the churn and value models; the
 * dashboard shows the progress and a Cancel button. */
static void
refit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PtWindow *self = PT_WINDOW (widget);

  if (!pt_refit_runner_start (pt_context_get_refit_runner (self->context)))
    pt_window_add_toast (self, adw_toast_new (_("The models are being refitted already")));
}

static void
refit_finished_cb (PtWindow      *self,
                   const GError  *error,
                   PtRefitRunner *runner)
{
  const PtRefitModels *models = pt_refit_runner_get_models (runner);
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Refit cancelled: the figures of the last fit stay"));
  else if (error != NULL)
    /* Translators: %s is why the refit failed */
    message = g_strdup_printf (_("The refit failed: %s"), error->message);
  else if (models != NULL && models->bgnbd_ok)
    {
      g_autofree char *members = pt_format_count (models->members);

      /* Translators: %s is a number of members, "1,500" */
      message = g_strdup_printf (g_dngettext (NULL, "Models refitted on %s member",
                                              "Models refitted on %s members", models->members), members);
    }
  else
    message = g_strdup (_("Models refitted: too little data for the churn model, so no numbers are shown"));
  escaped = g_markup_escape_text (message, -1);
  pt_window_add_toast (self, adw_toast_new (escaped));
}

static gboolean
pt_window_close_request (GtkWindow *window)
{
  PtWindow *self = PT_WINDOW (window);
  GSettings *settings = pt_context_get_settings (self->context);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (pt_window_parent_class)->close_request (window);
}

/* Points expiry, birthday bonuses and tier reviews catch up on the days
 * the program was closed, once the window shows, and say what they did.
 * Over a million members that takes seconds: a worker thread does it on
 * its own connection. */
static void
daily_jobs_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autoptr(PtStore) store = NULL;
  PtJobsSummary summary = { NULL, };
  GError *error = NULL;

  store = pt_store_open_secondary (task_data, &error);
  if (store == NULL || !pt_store_run_jobs (store, NULL, &summary, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Issue 13: the daily backup (GSettings: how many days are kept). */
  {
    g_autofree char *dir = pt_backup_default_dir ();
    g_autofree char *made = NULL;
    g_autoptr(GSettings) settings = g_settings_new ("io.github.patronapp.Patron");

    made = pt_backup_create_daily (pt_store_get_path (store), dir,
                                   g_settings_get_uint (settings, "backup-keep-days"), &error);
    if (error != NULL)
      {
        pt_jobs_summary_clear (&summary);
        g_task_return_error (task, error);
        return;
      }
  }

  g_task_return_pointer (task, pt_jobs_summary_describe (&summary), g_free);
  pt_jobs_summary_clear (&summary);
}

static void
daily_jobs_done_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PtWindow *self = PT_WINDOW (source_object);
  static const char * const entities[] = { "member", "points", "tier_change" };
  g_autoptr(GError) error = NULL;
  g_autofree char *message = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->context == NULL)
    return;

  if (error != NULL)
    message = g_strdup_printf (_("The daily jobs failed: %s"), error->message);
  else if (message != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
      pt_store_announce_changed (pt_context_get_store (self->context), entities[i]);

  if (message != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (message, -1);
      pt_window_add_toast (self, adw_toast_new (escaped));
    }

  /* The daily refit of the churn and value models, once a day. */
  if (error == NULL && pt_refit_runner_is_due (pt_context_get_refit_runner (self->context)))
    pt_refit_runner_start (pt_context_get_refit_runner (self->context));
}

static gboolean
run_daily_jobs_cb (gpointer user_data)
{
  PtWindow *self = user_data;
  g_autoptr(GTask) task = g_task_new (self, NULL, daily_jobs_done_cb, NULL);

  self->jobs_idle_id = 0;
  g_task_set_source_tag (task, run_daily_jobs_cb);
  g_task_set_task_data (task, g_object_ref (pt_context_get_store (self->context)), g_object_unref);
  g_task_run_in_thread (task, daily_jobs_thread);
  return G_SOURCE_REMOVE;
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  pt_lock_controller_lock (PT_WINDOW (widget)->lock);
}

static void
pt_window_constructed (GObject *object)
{
  PtWindow *self = (PtWindow *) object;
  GSettings *settings;

  G_OBJECT_CLASS (pt_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  settings = pt_context_get_settings (self->context);
  /* Issue 13: sign-in, lock on demand and after idle time. */
  self->lock = pt_lock_controller_new (ADW_APPLICATION_WINDOW (self),
                                       pt_context_get_store (self->context), settings);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      const char *title = g_dgettext (GETTEXT_PACKAGE, pages[i].title);
      GtkWidget *page;

      if (g_str_equal (pages[i].name, "members"))
        {
          self->members_view = pt_members_view_new (self->context);
          page = GTK_WIDGET (self->members_view);
        }
      else if (g_str_equal (pages[i].name, "reports"))
        {
          self->reports_view = pt_reports_view_new (self->context);
          page = GTK_WIDGET (self->reports_view);
        }
      else if (g_str_equal (pages[i].name, "rewards"))
        {
          page = GTK_WIDGET (pt_rewards_view_new (self->context));
        }
      else if (g_str_equal (pages[i].name, "campaigns"))
        {
          page = GTK_WIDGET (pt_campaigns_view_new (self->context));
        }
      else if (g_str_equal (pages[i].name, "tiers"))
        {
          page = GTK_WIDGET (pt_tiers_view_new (self->context));
        }
      else if (g_str_equal (pages[i].name, "sync"))
        {
          self->sync_page = GTK_WIDGET (pt_sync_page_new (self->context));
          page = self->sync_page;
        }
      else
        {
          page = make_coming_soon_page (title, pages[i].icon_name,
                                        g_dgettext (GETTEXT_PACKAGE, pages[i].coming));
        }

      pt_window_add_page (self, pages[i].name, title, pages[i].icon_name, page);
    }

  /* The member list report starts from the segment the Members page shows. */
  g_signal_connect_object (pt_members_view_get_segment_picker (self->members_view), "changed",
                           G_CALLBACK (members_segment_changed_cb), self, G_CONNECT_SWAPPED);

  pt_sync_indicator_set_client (self->sync_indicator,
                                pt_context_get_sync_client (self->context));
  g_signal_connect_object (pt_context_get_refit_runner (self->context), "finished",
                           G_CALLBACK (refit_finished_cb), self, G_CONNECT_SWAPPED);

  pt_window_show_page (self, "members");
  stack_visible_child_cb (self);
  /* What the one signed in may not do is grey, with the reason. */
  pt_action_gate_attach (GTK_WIDGET (self), pt_context_get_store (self->context));

  self->jobs_idle_id = g_idle_add_full (G_PRIORITY_LOW, run_daily_jobs_cb, self, NULL);
}

static void
pt_window_dispose (GObject *object)
{
  PtWindow *self = (PtWindow *) object;

  g_clear_handle_id (&self->jobs_idle_id, g_source_remove);
  g_clear_object (&self->lock);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_WINDOW);
  self->members_view = NULL;
  self->reports_view = NULL;
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pt_window_parent_class)->dispose (object);
}

static void
pt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PtWindow *self = PT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PtWindow *self = PT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_window_class_init (PtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pt_window_constructed;
  object_class->dispose = pt_window_dispose;
  object_class->get_property = pt_window_get_property;
  object_class->set_property = pt_window_set_property;
  window_class->close_request = pt_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, PtWindow, sync_indicator);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.new-campaign", "s", new_campaign_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SUPER_MASK,
                                       "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync-now", NULL);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, members_action);
  gtk_widget_class_install_action (widget_class, "win.show-segment", "s", show_segment_action);
  gtk_widget_class_install_action (widget_class, "win.show-member", "s", show_member_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.refit", NULL, refit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.refit", NULL);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "win.print", NULL);
  gtk_widget_class_install_action (widget_class, "win.new-member", NULL, members_action);
  gtk_widget_class_install_action (widget_class, "win.edit-member", NULL, members_action);
  gtk_widget_class_install_action (widget_class, "win.delete-member", NULL, members_action);
  gtk_widget_class_install_action (widget_class, "win.choose-segment", NULL, members_action);
  gtk_widget_class_install_action (widget_class, "win.new-segment", NULL, members_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK,
                                       "win.choose-segment", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new-segment", NULL);
  gtk_widget_class_install_action (widget_class, "win.find-duplicates", NULL,
                                   find_duplicates_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.find-duplicates", NULL);
  gtk_widget_class_install_action (widget_class, "win.audit-trail", NULL, audit_trail_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.audit-trail", NULL);
  gtk_widget_class_install_action (widget_class, "win.erase-member", NULL, erase_member_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.erase-member", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-member", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.edit-member", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "win.delete-member", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "win.delete-member", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", pages[i].name);

  g_type_ensure (PT_TYPE_MEMBERS_VIEW);
  g_type_ensure (PT_TYPE_SYNC_INDICATOR);
}

static void
pt_window_init (PtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

PtWindow *
pt_window_new (PtApplication *application,
               PtContext     *context)
{
  return g_object_new (PT_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

PtLockController *
pt_window_get_lock_controller (PtWindow *self)
{
  g_return_val_if_fail (PT_IS_WINDOW (self), NULL);
  return self->lock;
}

PtContext *
pt_window_get_context (PtWindow *self)
{
  g_return_val_if_fail (PT_IS_WINDOW (self), NULL);
  return self->context;
}

PtMembersView *
pt_window_get_members_view (PtWindow *self)
{
  g_return_val_if_fail (PT_IS_WINDOW (self), NULL);
  return self->members_view;
}
