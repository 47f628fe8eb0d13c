/* pt-members-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-members-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-action-gate.h"
#include "pt-challenges-section.h"
#include "pt-column-sorter.h"
#include "pt-format.h"
#include "pt-member-cells.h"
#include "pt-member-data-export.h"
#include "pt-member-detail.h"
#include "pt-insights-section.h"
#include "pt-points-section.h"
#include "pt-rewards-section.h"
#include "pt-member-dialog.h"
#include "pt-members-view-private.h"



G_DEFINE_FINAL_TYPE (PtMembersView, pt_members_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
pt_members_view_show_error_toast (PtMembersView *self,
                  const GError  *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
pt_members_view_update_actions (PtMembersView *self)
{
  gboolean has_member = pt_member_detail_get_member (self->detail) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.edit", has_member);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "members.delete", has_member);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "members.export-data", has_member);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "members.load-sample-data",
                              !self->loading_sample);
}

void
pt_members_view_update_state (PtMembersView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  const char *query = pt_member_list_get_query (self->list);
  const GError *error = pt_member_list_get_error (self->list);
  g_autofree char *count = NULL;
  g_autofree char *n_text = pt_format_count (n);
  gboolean in_segment = pt_member_list_has_segment (self->list);
  gboolean counting = pt_member_list_get_counting (self->list);

  if (error != NULL)
    count = g_strdup_printf (_("Could not load members: %s"), error->message);
  else if (counting && n == 0)
    count = g_strdup (_("Counting…"));
  else if (query == NULL)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members", n), n_text);
  else if (n >= PT_MEMBER_LIST_SEARCH_LIMIT)
    count = g_strdup_printf (_("Showing the first %s matches"), n_text);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s match", "%s matches", n), n_text);
  gtk_label_set_text (self->count_label, count);

  if (n == 0 && !in_segment && (query == NULL || self->loading_sample))
    gtk_stack_set_visible_child_name (self->view_stack, "empty");
  else if (n == 0 && counting)
    gtk_stack_set_visible_child_name (self->view_stack, "list");
  else if (n == 0)
    {
      adw_status_page_set_description (self->no_results_page,
                                       query == NULL
                                       ? _("No member is in this segment now.")
                                       : _("Try a name, the last digits of a phone number, a member"
                                           " number or an e-mail address."));
      gtk_stack_set_visible_child_name (self->view_stack, "no-results");
    }
  else
    gtk_stack_set_visible_child_name (self->view_stack, "list");

  pt_members_view_update_actions (self);
}

static void
show_member (PtMembersView *self,
             PtMember      *member)
{
  pt_member_detail_set_member (self->detail, member);
  pt_members_view_update_actions (self);
}

static void
selected_item_changed_cb (PtMembersView *self)
{
  PtMember *member = gtk_single_selection_get_selected_item (self->selection);

  /* Nothing selected happens while the list reloads; items_changed_cb
   * selects the member again. */
  if (member == NULL)
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (pt_member_get_id (member));
  self->selected_position = gtk_single_selection_get_selected (self->selection);
  show_member (self, member);
}

/* Finds @id among the rows near @near (loading that page if need be). */
static int
find_member_near (PtMembersView *self,
                  const char    *id,
                  guint          near)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autoptr(GObject) probe = NULL;

  if (n == 0)
    return -1;
  probe = g_list_model_get_item (G_LIST_MODEL (self->list), MIN (near, n - 1));
  return pt_member_list_find_loaded (self->list, id);
}

gboolean
pt_members_view_select_member (PtMembersView *self,
                               const char    *id)
{
  g_autoptr(PtMember) member = NULL;
  int position;

  g_return_val_if_fail (PT_IS_MEMBERS_VIEW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);

  position = find_member_near (self, id, self->selected_position);
  if (position >= 0)
    {
      gtk_single_selection_set_selected (self->selection, position);
      /* Already selected: the detail still wants the fresh object. */
      show_member (self, gtk_single_selection_get_selected_item (self->selection));
      return TRUE;
    }

  /* Not among the rows (another search, or far down the list): the
   * detail still shows who was chosen. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  member = pt_store_get_member (pt_context_get_store (self->context), id, FALSE, NULL);
  show_member (self, member);
  return member != NULL;
}

static void
items_changed_cb (PtMembersView *self,
                  guint          position,
                  guint          removed,
                  guint          added)
{
  pt_members_view_update_state (self);

  if (self->selected_id == NULL ||
      gtk_single_selection_get_selected_item (self->selection) != NULL)
    return;

  {
    g_autofree char *id = g_strdup (self->selected_id);

    pt_members_view_select_member (self, id);
  }
}

static void
sort_changed_cb (PtMembersView *self,
                 GtkSorterChange change,
                 GtkSorter     *view_sorter)
{
  PtMemberSort key = PT_MEMBER_SORT_NAME;
  gboolean descending = FALSE;

  pt_column_sorter_find_primary (view_sorter, &key, &descending);
  pt_member_list_set_sort (self->list, key, descending);
}

static void
search_changed_cb (PtMembersView *self)
{
  pt_member_list_set_query (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* A card scanner types the member number and Enter: that member, at
 * once, and the text selected so the next scan replaces it. */
static void
search_activated_cb (PtMembersView *self)
{
  g_autofree char *text = NULL;
  g_autoptr(PtMember) member = NULL;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  pt_member_list_set_query (self->list, text);
  if (*text == '\0')
    return;

  member = pt_store_get_member (pt_context_get_store (self->context), text, FALSE, NULL);
  if (member != NULL && g_ascii_strcasecmp (pt_member_get_number (member), text) == 0)
    pt_members_view_select_member (self, pt_member_get_id (member));
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);

  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* The search takes the keys typed on the page (see init), Delete too;
 * on the list Delete means the selected member, so it is caught first.
 * In a text field it still deletes text. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PtMembersView         *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if ((keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus)))
    return GDK_EVENT_PROPAGATE;

  return gtk_widget_activate_action (GTK_WIDGET (self), "members.delete", NULL);
}

/* Typing started on the list (a scanner, usually): the rest of it, and
 * the Enter that ends it, belong to the search, not to the selected row. */
static void
search_started_cb (PtMembersView *self)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry));

  if (GTK_IS_TEXT (text) && !gtk_widget_has_focus (GTK_WIDGET (text)))
    gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
}

static void
search_stopped_cb (PtMembersView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
column_view_activated_cb (PtMembersView *self,
                          guint          position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "members.edit", NULL);
}

static void
member_saved_cb (PtMembersView  *self,
                 PtMember       *member,
                 PtMemberDialog *dialog)
{
  pt_members_view_select_member (self, pt_member_get_id (member));
}

static void
open_dialog (PtMembersView *self,
             PtMember      *member)
{
  PtMemberDialog *dialog = pt_member_dialog_new (self->context, member);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (member_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_dialog (PT_MEMBERS_VIEW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtMembersView *self = PT_MEMBERS_VIEW (widget);
  PtMember *member = pt_member_detail_get_member (self->detail);

  if (member != NULL)
    open_dialog (self, member);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtMembersView *self = PT_MEMBERS_VIEW (widget);
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (pt_member_detail_get_member (self->detail) == NULL)
    return;

  member = g_object_ref (pt_member_detail_get_member (self->detail));
  if (!pt_store_delete_member (pt_context_get_store (self->context), pt_member_get_id (member),
                               &error))
    {
      pt_members_view_show_error_toast (self, error);
      return;
    }

  g_clear_pointer (&self->selected_id, g_free);
  show_member (self, NULL);

  /* Toast titles are markup; a name is not. */
  escaped = g_markup_escape_text (pt_member_get_name (member), -1);
  title = g_strdup_printf (_("Deleted %s"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "members.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (pt_member_get_id (member)));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
say_toast (const char *message,
           gpointer    user_data)
{
  PtMembersView *self = user_data;

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* A data access request (PIPL / GDPR): everything about the member shown,
 * as JSON and a readable PDF. */
static void
export_data_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PtMembersView *self = PT_MEMBERS_VIEW (widget);
  PtMember *member = pt_member_detail_get_member (self->detail);

  if (member != NULL)
    pt_member_data_export_present (GTK_WINDOW (gtk_widget_get_root (widget)), self->context, member,
                                   say_toast, g_object_ref (self), g_object_unref);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PtMembersView *self = PT_MEMBERS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!pt_store_restore_member (pt_context_get_store (self->context), id, &error))
    {
      pt_members_view_show_error_toast (self, error);
      return;
    }

  pt_members_view_select_member (self, id);
}

void
pt_members_view_focus_search (PtMembersView *self)
{
  g_return_if_fail (PT_IS_MEMBERS_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
pt_members_view_constructed (GObject *object)
{
  PtMembersView *self = (PtMembersView *) object;
  GtkSorter *view_sorter;

  G_OBJECT_CLASS (pt_members_view_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  pt_member_detail_set_context (self->detail, self->context);
  pt_member_detail_add_section (self->detail,
                                GTK_WIDGET (pt_points_section_new (self->context, self->detail)));
  pt_member_detail_add_section (self->detail,
                                GTK_WIDGET (pt_challenges_section_new (self->context, self->detail)));
  pt_member_detail_add_section (self->detail,
                                GTK_WIDGET (pt_rewards_section_new (self->context, self->detail)));
  pt_member_detail_add_section (self->detail,
                                GTK_WIDGET (pt_insights_section_new (self->context, self->detail)));

  self->list = pt_member_list_new (pt_context_get_store (self->context));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* After the selection has seen the change, so that it can be undone. */
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_changed_cb), self, G_CONNECT_SWAPPED);

  view_sorter = gtk_column_view_get_sorter (self->column_view);
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
  g_signal_connect_object (view_sorter, "changed", G_CALLBACK (sort_changed_cb), self,
                           G_CONNECT_SWAPPED);

  pt_members_view_setup_segments (self);
  pt_members_view_update_state (self);
}

static void
pt_members_view_dispose (GObject *object)
{
  PtMembersView *self = (PtMembersView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sample_progress_id, g_source_remove);

  /* Taking the columns down changes the sort: nobody must listen. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  /* The bin's child is a template child: let the bin drop it first, or
   * disposing the template would unparent it behind the bin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_MEMBERS_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (pt_members_view_parent_class)->dispose (object);
}

static void
pt_members_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PtMembersView *self = PT_MEMBERS_VIEW (object);

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
pt_members_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PtMembersView *self = PT_MEMBERS_VIEW (object);

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
pt_members_view_class_init (PtMembersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_members_view_constructed;
  object_class->dispose = pt_members_view_dispose;
  object_class->get_property = pt_members_view_get_property;
  object_class->set_property = pt_members_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PT_TYPE_MEMBER);
  g_type_ensure (PT_TYPE_MEMBER_DETAIL);
  g_type_ensure (PT_TYPE_SEGMENT_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-members-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, count_label);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, paned);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, column_view);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, number_column);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, name_column);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, phone_column);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, tier_column);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, points_column);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, city_column);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, joined_column);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, detail);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, sample_button);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, sample_progress);
  gtk_widget_class_bind_template_child (widget_class, PtMembersView, segment_picker);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_started_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activated_cb);

  gtk_widget_class_install_action (widget_class, "members.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "members.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "members.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "members.export-data", NULL, export_data_action);
  gtk_widget_class_install_action (widget_class, "members.undo-delete", "s", undo_delete_action);
  pt_members_view_install_sample_actions (widget_class);
  pt_members_view_install_segment_actions (widget_class);
}

/* The columns: what each shows and what clicking its header sorts by. */
#define NOT_SORTABLE (-1)

static const struct {
  gsize    offset;
  int      cell;        /* a PtMemberField or a PT_MEMBER_CELL_ value */
  int      sort;        /* a PtMemberSort, or NOT_SORTABLE */
  float    xalign;
  gboolean numeric;
} columns[] = {
  { G_STRUCT_OFFSET (PtMembersView, number_column), PT_MEMBER_FIELD_NUMBER,
    PT_MEMBER_SORT_NUMBER, 0, TRUE },
  { G_STRUCT_OFFSET (PtMembersView, name_column), PT_MEMBER_FIELD_NAME,
    PT_MEMBER_SORT_NAME, 0, FALSE },
  { G_STRUCT_OFFSET (PtMembersView, phone_column), PT_MEMBER_FIELD_PHONE,
    NOT_SORTABLE, 0, TRUE },
  { G_STRUCT_OFFSET (PtMembersView, tier_column), PT_MEMBER_CELL_TIER, NOT_SORTABLE, 0, FALSE },
  { G_STRUCT_OFFSET (PtMembersView, points_column), PT_MEMBER_CELL_POINTS,
    PT_MEMBER_SORT_POINTS, 1, TRUE },
  { G_STRUCT_OFFSET (PtMembersView, city_column), PT_MEMBER_FIELD_CITY,
    PT_MEMBER_SORT_CITY, 0, FALSE },
  { G_STRUCT_OFFSET (PtMembersView, joined_column), PT_MEMBER_FIELD_JOINED_ON,
    PT_MEMBER_SORT_JOINED, 0, TRUE },
};

static void
pt_members_view_init (PtMembersView *self)
{
  GtkEventController *key_controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Typing anywhere on the page searches: a card scanned while the list
   * has the focus lands in the search, not on the selected row. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  key_controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key_controller, GTK_PHASE_CAPTURE);
  g_signal_connect (key_controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key_controller);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkColumnViewColumn *column = G_STRUCT_MEMBER (GtkColumnViewColumn *, self,
                                                     columns[i].offset);
      g_autoptr(GtkListItemFactory) factory = NULL;

      factory = pt_member_cell_factory_new (columns[i].cell, columns[i].xalign,
                                            columns[i].numeric);
      gtk_column_view_column_set_factory (column, factory);

      if (columns[i].sort != NOT_SORTABLE)
        {
          g_autoptr(GtkSorter) sorter = pt_column_sorter_new (columns[i].sort);

          gtk_column_view_column_set_sorter (column, sorter);
        }
    }
}

PtMembersView *
pt_members_view_new (PtContext *context)
{
  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  return g_object_new (PT_TYPE_MEMBERS_VIEW, "context", context, NULL);
}

PtContext *
pt_members_view_get_context (PtMembersView *self)
{
  g_return_val_if_fail (PT_IS_MEMBERS_VIEW (self), NULL);
  return self->context;
}

PtMemberList *
pt_members_view_get_list (PtMembersView *self)
{
  g_return_val_if_fail (PT_IS_MEMBERS_VIEW (self), NULL);
  return self->list;
}

PtMember *
pt_members_view_get_selected (PtMembersView *self)
{
  g_return_val_if_fail (PT_IS_MEMBERS_VIEW (self), NULL);
  return pt_member_detail_get_member (self->detail);
}

PtMemberDetail *
pt_members_view_get_detail (PtMembersView *self)
{
  g_return_val_if_fail (PT_IS_MEMBERS_VIEW (self), NULL);
  return self->detail;
}

GtkEditable *
pt_members_view_get_search_entry (PtMembersView *self)
{
  g_return_val_if_fail (PT_IS_MEMBERS_VIEW (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

GtkColumnView *
pt_members_view_get_column_view (PtMembersView *self)
{
  g_return_val_if_fail (PT_IS_MEMBERS_VIEW (self), NULL);
  return self->column_view;
}
