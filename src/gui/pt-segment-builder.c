/* pt-segment-builder.c — the segment editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-segment-builder"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-action-gate.h"
#include "pt-segment-builder.h"
#include "pt-segment-rules-box.h"
#include "pt-store-segments.h"

struct _PtSegmentBuilder
{
  AdwWindow          parent_instance;

  PtContext         *context;
  PtSegment         *segment;       /* the one edited, or NULL for a new one */
  PtSegmentRulesBox *rules;
  char              *error_text;

  /* template */
  AdwEntryRow       *name_row;
  AdwEntryRow       *description_row;
  GtkBox            *rules_box;
  GtkLabel          *error_label;
};

G_DEFINE_FINAL_TYPE (PtSegmentBuilder, pt_segment_builder, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SEGMENT,
  PROP_COUNT,
  N_PROPS
};

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The builder's own complaints (name, saving); the rule's are the box's. */
static void
show_error (PtSegmentBuilder *self,
            const char       *message)
{
  g_free (self->error_text);
  self->error_text = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* An edit of the rule answers the complaint about the last save. */
static void
rules_edited_cb (PtSegmentBuilder *self)
{
  show_error (self, NULL);
}

static void
count_notified_cb (PtSegmentBuilder *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

char *
pt_segment_builder_get_rules (PtSegmentBuilder *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), NULL);
  return pt_segment_rules_box_get_rules (self->rules);
}

gboolean
pt_segment_builder_set_rules (PtSegmentBuilder  *self,
                              const char        *rules,
                              GError           **error)
{
  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), FALSE);
  return pt_segment_rules_box_set_rules (self->rules, rules, error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtSegmentBuilder *self = PT_SEGMENT_BUILDER (widget);
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(PtSegment) segment = NULL;
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *rules = NULL;
  gboolean ok;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (*name == '\0')
    {
      show_error (self, _("Name: a segment needs a name"));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  query = pt_segment_rules_box_compile (self->rules, &error);
  if (query == NULL)
    return;

  rules = pt_segment_builder_get_rules (self);
  segment = self->segment ? pt_segment_copy (self->segment) : pt_segment_new ();
  pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, name);
  pt_segment_set (segment, PT_SEGMENT_FIELD_DESCRIPTION,
                  gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  pt_segment_set (segment, PT_SEGMENT_FIELD_RULES, rules);
  ok = self->segment ? pt_store_update_segment (store, segment, &error)
                     : pt_store_add_segment (store, segment, &error);
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_SAVED], 0, segment);
  gtk_window_close (GTK_WINDOW (self));
}

static void
pt_segment_builder_constructed (GObject *object)
{
  PtSegmentBuilder *self = (PtSegmentBuilder *) object;

  G_OBJECT_CLASS (pt_segment_builder_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  self->rules = pt_segment_rules_box_new (self->context);
  gtk_box_append (self->rules_box, GTK_WIDGET (self->rules));
  g_signal_connect_object (self->rules, "notify::count", G_CALLBACK (count_notified_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rules, "changed", G_CALLBACK (rules_edited_cb), self,
                           G_CONNECT_SWAPPED);

  if (self->segment != NULL)
    {
      const char *name = pt_segment_get (self->segment, PT_SEGMENT_FIELD_NAME);
      const char *description = pt_segment_get (self->segment, PT_SEGMENT_FIELD_DESCRIPTION);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Segment"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->description_row), description ? description : "");
      if (!pt_segment_builder_set_rules (self,
                                         pt_segment_get (self->segment, PT_SEGMENT_FIELD_RULES),
                                         NULL))
        /* Saving the rows would replace a rule they do not hold. */
        pt_action_gate_set_enabled (GTK_WIDGET (self), "builder.save", FALSE);
    }
}

static void
pt_segment_builder_dispose (GObject *object)
{
  PtSegmentBuilder *self = (PtSegmentBuilder *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_SEGMENT_BUILDER);
  g_clear_object (&self->context);
  g_clear_object (&self->segment);
  g_clear_pointer (&self->error_text, g_free);

  G_OBJECT_CLASS (pt_segment_builder_parent_class)->dispose (object);
}

static void
pt_segment_builder_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PtSegmentBuilder *self = PT_SEGMENT_BUILDER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_SEGMENT:
      g_value_set_object (value, self->segment);
      break;
    case PROP_COUNT:
      g_value_set_int64 (value, pt_segment_rules_box_get_count (self->rules));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_segment_builder_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PtSegmentBuilder *self = PT_SEGMENT_BUILDER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_SEGMENT:
      {
        PtSegment *segment = g_value_get_object (value);

        self->segment = segment ? pt_segment_copy (segment) : NULL;
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_segment_builder_class_init (PtSegmentBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_segment_builder_constructed;
  object_class->dispose = pt_segment_builder_dispose;
  object_class->get_property = pt_segment_builder_get_property;
  object_class->set_property = pt_segment_builder_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEGMENT] =
    g_param_spec_object ("segment", NULL, NULL, PT_TYPE_SEGMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_int64 ("count", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PtSegmentBuilder::saved:
   * @segment: the segment as saved
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, PT_TYPE_SEGMENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-segment-builder.ui");
  gtk_widget_class_bind_template_child (widget_class, PtSegmentBuilder, name_row);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentBuilder, description_row);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentBuilder, rules_box);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentBuilder, error_label);

  gtk_widget_class_install_action (widget_class, "builder.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "builder.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_segment_builder_init (PtSegmentBuilder *self)
{
  g_type_ensure (PT_TYPE_SEGMENT_RULES_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtSegmentBuilder *
pt_segment_builder_new (PtContext *context,
                        PtSegment *segment)
{
  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (segment == NULL || PT_IS_SEGMENT (segment), NULL);

  return g_object_new (PT_TYPE_SEGMENT_BUILDER, "context", context, "segment", segment, NULL);
}

PtSegmentGroup *
pt_segment_builder_get_root (PtSegmentBuilder *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), NULL);
  return pt_segment_rules_box_get_root (self->rules);
}

gint64
pt_segment_builder_get_count (PtSegmentBuilder *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), -1);
  return pt_segment_rules_box_get_count (self->rules);
}

const char *
pt_segment_builder_get_error (PtSegmentBuilder *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), NULL);
  return self->error_text ? self->error_text : pt_segment_rules_box_get_error (self->rules);
}

AdwEntryRow *
pt_segment_builder_get_name_row (PtSegmentBuilder *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), NULL);
  return self->name_row;
}
