/* pt-segment-builder.c — the segment editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-segment-builder"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-segment-builder.h"
#include "pt-segment-rules.h"
#include "pt-store-points.h"
#include "pt-store-segment-members.h"
#include "pt-store-segments.h"
#include "pt-store-tiers.h"

/* Typing pauses this long before the members are counted again. */
#define COUNT_DELAY_MS 300

struct _PtSegmentBuilder
{
  AdwWindow        parent_instance;

  PtContext       *context;
  PtSegment       *segment;       /* the one edited, or NULL for a new one */
  PtSegmentGroup  *root;
  GCancellable    *count_cancellable;
  guint            count_source;
  gint64           count;
  char            *error_text;

  /* template */
  AdwEntryRow     *name_row;
  AdwEntryRow     *description_row;
  GtkBox          *rules_box;
  GtkLabel        *error_label;
  GtkSpinner      *count_spinner;
  GtkLabel        *count_label;
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

static void
show_error (PtSegmentBuilder *self,
            const char       *message)
{
  g_free (self->error_text);
  self->error_text = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_count (PtSegmentBuilder *self,
           gint64            count,
           const char       *text)
{
  gtk_label_set_text (self->count_label, text);
  if (self->count == count)
    return;
  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

static void
stop_counting (PtSegmentBuilder *self)
{
  g_clear_handle_id (&self->count_source, g_source_remove);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  gtk_spinner_stop (self->count_spinner);
}

static PtSegmentQuery *
compile (PtSegmentBuilder  *self,
         GError           **error)
{
  g_autofree char *rules = pt_segment_builder_get_rules (self);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  return pt_segment_compile_text (rules, &today, error);
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PtSegmentBuilder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;
  gint64 count = pt_store_count_matching_finish (PT_STORE (object), result, &error);

  /* A newer edit is being counted. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->count_cancellable);
  gtk_spinner_stop (self->count_spinner);
  if (count < 0)
    {
      text = g_strdup_printf (_("Could not count the members: %s"), error->message);
      set_count (self, -1, text);
      return;
    }
  number = pt_format_count (count);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members",
                                       (gulong) count), number);
  set_count (self, count, text);
}

/* Off the UI thread on a connection of its own, with the profile fields
 * kept in memory between counts: a rule over a million members' purchases
 * takes a second or two, one over their profiles a few milliseconds. */
static gboolean
count_now_cb (gpointer user_data)
{
  PtSegmentBuilder *self = user_data;
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) rules = NULL;

  self->count_source = 0;
  query = compile (self, NULL);
  if (query == NULL)
    return G_SOURCE_REMOVE;
  text = pt_segment_builder_get_rules (self);
  rules = json_from_string (text, NULL);
  if (rules == NULL)
    return G_SOURCE_REMOVE;

  self->count_cancellable = g_cancellable_new ();
  pt_store_count_segment_async (pt_context_get_store (self->context), rules,
                                self->count_cancellable, counted_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
rules_changed_cb (PtSegmentBuilder *self)
{
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  stop_counting (self);
  query = compile (self, &error);
  if (query == NULL)
    {
      show_error (self, error->message);
      set_count (self, -1, _("The rule is not complete"));
      return;
    }

  show_error (self, NULL);
  set_count (self, -1, _("Counting…"));
  gtk_spinner_start (self->count_spinner);
  self->count_source = g_timeout_add (COUNT_DELAY_MS, count_now_cb, self);
}

char *
pt_segment_builder_get_rules (PtSegmentBuilder *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), NULL);

  node = pt_segment_group_to_json (self->root);
  return json_to_string (node, FALSE);
}

gboolean
pt_segment_builder_set_rules (PtSegmentBuilder  *self,
                              const char        *rules,
                              GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), FALSE);

  if (!json_parser_load_from_data (parser, rules ? rules : "", -1, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("rules: not JSON: %s"), local_error->message);

      show_error (self, message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
      return FALSE;
    }
  if (!pt_segment_group_set_rule (self->root, json_parser_get_root (parser), "rules", &local_error))
    {
      g_autofree char *message =
        g_strdup_printf (_("This rule cannot be edited here, so it was left out: %s"),
                         local_error->message);

      show_error (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
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
  query = compile (self, &error);
  if (query == NULL)
    {
      show_error (self, error->message);
      return;
    }

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

/* The tiers a condition can name, lowest first. */
static GStrv
tier_names (PtStore *store)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) tiers = pt_store_list_tiers (store, NULL);

  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    g_strv_builder_add (builder, pt_tier_get_name (tiers->pdata[i]));
  return g_strv_builder_end (builder);
}

static void
pt_segment_builder_constructed (GObject *object)
{
  PtSegmentBuilder *self = (PtSegmentBuilder *) object;
  PtStore *store;
  g_auto(GStrv) tiers = NULL;
  PtPointsRules rules;

  G_OBJECT_CLASS (pt_segment_builder_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  store = pt_context_get_store (self->context);
  tiers = tier_names (store);
  pt_store_get_points_rules (store, &rules);
  self->root = pt_segment_group_new ((const char * const *) tiers,
                                     pt_currency_exponent (rules.currency), TRUE);
  gtk_box_append (self->rules_box, GTK_WIDGET (self->root));
  g_signal_connect_object (self->root, "changed", G_CALLBACK (rules_changed_cb), self,
                           G_CONNECT_SWAPPED);

  if (self->segment != NULL)
    {
      const char *name = pt_segment_get (self->segment, PT_SEGMENT_FIELD_NAME);
      const char *description = pt_segment_get (self->segment, PT_SEGMENT_FIELD_DESCRIPTION);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Segment"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->description_row), description ? description : "");
      if (pt_segment_builder_set_rules (self, pt_segment_get (self->segment, PT_SEGMENT_FIELD_RULES),
                                        NULL))
        rules_changed_cb (self);
      else
        /* Saving the rows would replace a rule they do not hold. */
        gtk_widget_action_set_enabled (GTK_WIDGET (self), "builder.save", FALSE);
    }
  else
    {
      rules_changed_cb (self);
    }
}

static void
pt_segment_builder_dispose (GObject *object)
{
  PtSegmentBuilder *self = (PtSegmentBuilder *) object;

  stop_counting (self);
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
      g_value_set_int64 (value, self->count);
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
  gtk_widget_class_bind_template_child (widget_class, PtSegmentBuilder, count_spinner);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentBuilder, count_label);

  gtk_widget_class_install_action (widget_class, "builder.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "builder.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_segment_builder_init (PtSegmentBuilder *self)
{
  self->count = -1;
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
  return self->root;
}

gint64
pt_segment_builder_get_count (PtSegmentBuilder *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), -1);
  return self->count;
}

const char *
pt_segment_builder_get_error (PtSegmentBuilder *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), NULL);
  return self->error_text;
}

AdwEntryRow *
pt_segment_builder_get_name_row (PtSegmentBuilder *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_BUILDER (self), NULL);
  return self->name_row;
}
