/* pt-segment-picker.c — which members to show: all, or a saved segment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-segment-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-action-gate.h"
#include "pt-segment-builder.h"
#include "pt-segment-picker.h"
#include "pt-store-segments.h"

struct _PtSegmentPicker
{
  GtkBox          parent_instance;

  PtContext      *context;
  GPtrArray      *segments;     /* PtSegment, in the drop-down's order after "All members" */
  PtSegment      *chosen;       /* a copy of the one chosen, or NULL */
  gboolean        filling;

  /* template */
  GtkDropDown    *dropdown;
  GtkMenuButton  *menu_button;
};

G_DEFINE_FINAL_TYPE (PtSegmentPicker, pt_segment_picker, GTK_TYPE_BOX)

enum {
  SIGNAL_CHANGED,
  SIGNAL_DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (PtSegmentPicker *self)
{
  pt_action_gate_set_enabled (GTK_WIDGET (self), "segments.new", self->context != NULL);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "segments.edit", self->chosen != NULL);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "segments.delete", self->chosen != NULL);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "segments.new-campaign", self->chosen != NULL);
}

/* Emits "changed" when the chosen segment, or its rule, is not what it was. */
static void
set_chosen (PtSegmentPicker *self,
            PtSegment       *segment)
{
  gboolean same = (segment == NULL && self->chosen == NULL) ||
                  (segment != NULL && self->chosen != NULL &&
                   g_strcmp0 (pt_segment_get_id (segment), pt_segment_get_id (self->chosen)) == 0 &&
                   g_strcmp0 (pt_segment_get (segment, PT_SEGMENT_FIELD_RULES),
                              pt_segment_get (self->chosen, PT_SEGMENT_FIELD_RULES)) == 0);

  g_clear_object (&self->chosen);
  self->chosen = segment ? pt_segment_copy (segment) : NULL;
  update_actions (self);
  if (!same)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
selected_cb (PtSegmentPicker *self)
{
  guint selected = gtk_drop_down_get_selected (self->dropdown);

  if (self->filling)
    return;
  set_chosen (self, selected >= 1 && selected <= self->segments->len
                    ? self->segments->pdata[selected - 1] : NULL);
}

/* Lists the segments again, keeping the one chosen if it is still there. */
static void
reload (PtSegmentPicker *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chosen_id = self->chosen ? g_strdup (pt_segment_get_id (self->chosen)) : NULL;
  PtSegment *still = NULL;
  guint position = 0;

  segments = pt_store_list_segments (pt_context_get_store (self->context), &error);
  if (segments == NULL)
    {
      g_warning ("Listing segments failed: %s", error->message);
      segments = g_ptr_array_new_with_free_func (g_object_unref);
    }

  gtk_string_list_append (names, _("All members"));
  for (guint i = 0; i < segments->len; i++)
    {
      gtk_string_list_append (names, pt_segment_get (segments->pdata[i], PT_SEGMENT_FIELD_NAME));
      if (g_strcmp0 (pt_segment_get_id (segments->pdata[i]), chosen_id) == 0)
        {
          still = segments->pdata[i];
          position = i + 1;
        }
    }

  g_clear_pointer (&self->segments, g_ptr_array_unref);
  self->segments = g_steal_pointer (&segments);
  self->filling = TRUE;
  gtk_drop_down_set_model (self->dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->dropdown, position);
  self->filling = FALSE;
  set_chosen (self, still);
}

static void
store_changed_cb (PtSegmentPicker *self)
{
  reload (self);
}

gboolean
pt_segment_picker_select (PtSegmentPicker *self,
                          const char      *id)
{
  g_return_val_if_fail (PT_IS_SEGMENT_PICKER (self), FALSE);

  if (id == NULL)
    {
      gtk_drop_down_set_selected (self->dropdown, 0);
      return TRUE;
    }
  for (guint i = 0; i < self->segments->len; i++)
    if (g_strcmp0 (pt_segment_get_id (self->segments->pdata[i]), id) == 0)
      {
        gtk_drop_down_set_selected (self->dropdown, i + 1);
        return TRUE;
      }
  return FALSE;
}

static void
builder_saved_cb (PtSegmentPicker *self,
                  PtSegment       *segment)
{
  /* The store's change came first, so the segment is listed by now. */
  reload (self);
  pt_segment_picker_select (self, pt_segment_get_id (segment));
}

static void
open_builder (PtSegmentPicker *self,
              PtSegment       *segment)
{
  PtSegmentBuilder *builder = pt_segment_builder_new (self->context, segment);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (builder), GTK_WINDOW (root));
  g_signal_connect_object (builder, "saved", G_CALLBACK (builder_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (builder));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_builder (PT_SEGMENT_PICKER (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtSegmentPicker *self = PT_SEGMENT_PICKER (widget);

  if (self->chosen != NULL)
    open_builder (self, self->chosen);
}

/* Only the window knows the Campaigns page: it opens the editor there
 * with this segment chosen. */
static void
new_campaign_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PtSegmentPicker *self = PT_SEGMENT_PICKER (widget);

  if (self->chosen != NULL)
    gtk_widget_activate_action (widget, "win.new-campaign", "s", pt_segment_get_id (self->chosen));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtSegmentPicker *self = PT_SEGMENT_PICKER (widget);
  g_autoptr(PtSegment) segment = NULL;
  g_autoptr(GError) error = NULL;

  if (self->chosen == NULL)
    return;
  segment = g_object_ref (self->chosen);
  if (!pt_store_delete_segment (pt_context_get_store (self->context), pt_segment_get_id (segment),
                                &error))
    {
      g_warning ("Deleting a segment failed: %s", error->message);
      return;
    }
  /* The store's change has listed the segments again, without it. */
  g_signal_emit (self, signals[SIGNAL_DELETED], 0, segment);
}

void
pt_segment_picker_set_context (PtSegmentPicker *self,
                               PtContext       *context)
{
  g_return_if_fail (PT_IS_SEGMENT_PICKER (self));
  g_return_if_fail (PT_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (pt_context_get_store (context), "changed::segment",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
}

PtSegment *
pt_segment_picker_get_segment (PtSegmentPicker *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_PICKER (self), NULL);
  return self->chosen;
}

void
pt_segment_picker_set_show_menu (PtSegmentPicker *self,
                                 gboolean         show)
{
  g_return_if_fail (PT_IS_SEGMENT_PICKER (self));
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), show);
}

GtkDropDown *
pt_segment_picker_get_dropdown (PtSegmentPicker *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_PICKER (self), NULL);
  return self->dropdown;
}

static gboolean
pt_segment_picker_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (PT_SEGMENT_PICKER (widget)->dropdown));
}

static void
pt_segment_picker_dispose (GObject *object)
{
  PtSegmentPicker *self = (PtSegmentPicker *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_SEGMENT_PICKER);
  g_clear_object (&self->context);
  g_clear_object (&self->chosen);
  g_clear_pointer (&self->segments, g_ptr_array_unref);

  G_OBJECT_CLASS (pt_segment_picker_parent_class)->dispose (object);
}

static void
pt_segment_picker_class_init (PtSegmentPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_segment_picker_dispose;
  widget_class->grab_focus = pt_segment_picker_grab_focus;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DELETED] = g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, PT_TYPE_SEGMENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-segment-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, PtSegmentPicker, dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentPicker, menu_button);

  gtk_widget_class_install_action (widget_class, "segments.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "segments.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "segments.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "segments.new-campaign", NULL, new_campaign_action);
}

static void
pt_segment_picker_init (PtSegmentPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->segments = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (self->dropdown, "notify::selected", G_CALLBACK (selected_cb), self);
  update_actions (self);
}

PtSegmentPicker *
pt_segment_picker_new (void)
{
  return g_object_new (PT_TYPE_SEGMENT_PICKER, NULL);
}
