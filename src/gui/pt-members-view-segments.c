/* pt-members-view-segments.c — the Members page follows the segment
 * picker: the list shows the chosen segment's members, a deleted segment
 * can be brought back from its toast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-members-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-members-view-private.h"
#include "pt-segment-rules.h"
#include "pt-store-segments.h"

static void
segment_changed_cb (PtMembersView *self)
{
  PtSegment *segment = pt_segment_picker_get_segment (self->segment_picker);
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  if (segment == NULL)
    {
      pt_member_list_set_segment (self->list, NULL, NULL);
      pt_members_view_update_state (self);
      return;
    }

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  query = pt_segment_compile_text (pt_segment_get (segment, PT_SEGMENT_FIELD_RULES), &today, &error);
  if (query == NULL)
    {
      /* Synced from a newer Patron, say: show everyone and say why. */
      g_autoptr(GError) shown =
        g_error_new (error->domain, error->code, _("The segment “%s” cannot be shown: %s"),
                     pt_segment_get (segment, PT_SEGMENT_FIELD_NAME), error->message);

      pt_member_list_set_segment (self->list, NULL, NULL);
      pt_members_view_show_error_toast (self, shown);
    }
  else
    {
      pt_member_list_set_segment (self->list, query->where, query->params);
    }
  pt_members_view_update_state (self);
}

static void
segment_deleted_cb (PtMembersView *self,
                    PtSegment     *segment)
{
  g_autofree char *escaped = g_markup_escape_text (pt_segment_get (segment, PT_SEGMENT_FIELD_NAME), -1);
  g_autofree char *title = g_strdup_printf (_("Deleted the segment “%s”"), escaped);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "members.undo-delete-segment");
  adw_toast_set_action_target_value (toast, g_variant_new_string (pt_segment_get_id (segment)));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_delete_segment_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PtMembersView *self = PT_MEMBERS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!pt_store_restore_segment (pt_context_get_store (self->context), id, &error))
    {
      pt_members_view_show_error_toast (self, error);
      return;
    }
  pt_segment_picker_select (self->segment_picker, id);
}

/* Ctrl+G: the picker has the focus and its list is open. */
static void
choose_segment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PtMembersView *self = PT_MEMBERS_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->segment_picker));
  gtk_widget_activate (GTK_WIDGET (pt_segment_picker_get_dropdown (self->segment_picker)));
}

static void
new_segment_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PtMembersView *self = PT_MEMBERS_VIEW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->segment_picker), "segments.new", NULL);
}

void
pt_members_view_setup_segments (PtMembersView *self)
{
  pt_segment_picker_set_context (self->segment_picker, self->context);
  g_signal_connect_object (self->segment_picker, "changed", G_CALLBACK (segment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->segment_picker, "deleted", G_CALLBACK (segment_deleted_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::counting", G_CALLBACK (pt_members_view_update_state),
                           self, G_CONNECT_SWAPPED);
}

void
pt_members_view_install_segment_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "members.undo-delete-segment", "s",
                                   undo_delete_segment_action);
  gtk_widget_class_install_action (widget_class, "members.choose-segment", NULL,
                                   choose_segment_action);
  gtk_widget_class_install_action (widget_class, "members.new-segment", NULL, new_segment_action);
}

GtkWidget *
pt_members_view_get_segment_picker (PtMembersView *self)
{
  g_return_val_if_fail (PT_IS_MEMBERS_VIEW (self), NULL);
  return GTK_WIDGET (self->segment_picker);
}
