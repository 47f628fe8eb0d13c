/* pt-segment-rules-box.c — a segment's rule in rows with its live count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-segment-builder"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-segment-rules-box.h"
#include "pt-store-points.h"
#include "pt-store-segment-members.h"
#include "pt-store-tiers.h"

/* Typing pauses this long before the members are counted again. */
#define COUNT_DELAY_MS 300

struct _PtSegmentRulesBox
{
  GtkBox           parent_instance;

  PtContext       *context;
  PtSegmentGroup  *root;
  GCancellable    *count_cancellable;
  guint            count_source;
  gint64           count;
  char            *error_text;

  /* template */
  GtkBox          *rules_box;
  GtkLabel        *error_label;
  GtkSpinner      *count_spinner;
  GtkLabel        *count_label;
};

G_DEFINE_FINAL_TYPE (PtSegmentRulesBox, pt_segment_rules_box, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_COUNT,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (PtSegmentRulesBox *self,
            const char        *message)
{
  g_free (self->error_text);
  self->error_text = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_count (PtSegmentRulesBox *self,
           gint64             count,
           const char        *text)
{
  gtk_label_set_text (self->count_label, text);
  if (self->count == count)
    return;
  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

static void
stop_counting (PtSegmentRulesBox *self)
{
  g_clear_handle_id (&self->count_source, g_source_remove);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  gtk_spinner_stop (self->count_spinner);
}

PtSegmentQuery *
pt_segment_rules_box_compile (PtSegmentRulesBox  *self,
                              GError            **error)
{
  g_autofree char *rules = NULL;
  GDate today;

  g_return_val_if_fail (PT_IS_SEGMENT_RULES_BOX (self), NULL);

  rules = pt_segment_rules_box_get_rules (self);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  return pt_segment_compile_text (rules, &today, error);
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PtSegmentRulesBox) self = user_data;
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
  PtSegmentRulesBox *self = user_data;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) rules = NULL;

  self->count_source = 0;
  text = pt_segment_rules_box_get_rules (self);
  rules = json_from_string (text, NULL);
  if (rules == NULL)
    return G_SOURCE_REMOVE;

  self->count_cancellable = g_cancellable_new ();
  pt_store_count_segment_async (pt_context_get_store (self->context), rules,
                                self->count_cancellable, counted_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
rules_changed_cb (PtSegmentRulesBox *self)
{
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  stop_counting (self);
  query = pt_segment_rules_box_compile (self, &error);
  if (query == NULL)
    {
      show_error (self, error->message);
      set_count (self, -1, _("The rule is not complete"));
    }
  else
    {
      show_error (self, NULL);
      set_count (self, -1, _("Counting…"));
      gtk_spinner_start (self->count_spinner);
      self->count_source = g_timeout_add (COUNT_DELAY_MS, count_now_cb, self);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

char *
pt_segment_rules_box_get_rules (PtSegmentRulesBox *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PT_IS_SEGMENT_RULES_BOX (self), NULL);

  node = pt_segment_group_to_json (self->root);
  return json_to_string (node, FALSE);
}

gboolean
pt_segment_rules_box_set_rules (PtSegmentRulesBox  *self,
                                const char         *rules,
                                GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PT_IS_SEGMENT_RULES_BOX (self), FALSE);

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
  rules_changed_cb (self);
  return TRUE;
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
pt_segment_rules_box_constructed (GObject *object)
{
  PtSegmentRulesBox *self = (PtSegmentRulesBox *) object;
  PtStore *store;
  g_auto(GStrv) tiers = NULL;
  PtPointsRules rules;

  G_OBJECT_CLASS (pt_segment_rules_box_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  store = pt_context_get_store (self->context);
  tiers = tier_names (store);
  pt_store_get_points_rules (store, &rules);
  self->root = pt_segment_group_new ((const char * const *) tiers,
                                     pt_currency_exponent (rules.currency), TRUE);
  gtk_box_append (self->rules_box, GTK_WIDGET (self->root));
  g_signal_connect_object (self->root, "changed", G_CALLBACK (rules_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rules_changed_cb (self);
}

static void
pt_segment_rules_box_dispose (GObject *object)
{
  PtSegmentRulesBox *self = (PtSegmentRulesBox *) object;

  stop_counting (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_SEGMENT_RULES_BOX);
  g_clear_object (&self->context);
  g_clear_pointer (&self->error_text, g_free);

  G_OBJECT_CLASS (pt_segment_rules_box_parent_class)->dispose (object);
}

static void
pt_segment_rules_box_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PtSegmentRulesBox *self = PT_SEGMENT_RULES_BOX (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_COUNT:
      g_value_set_int64 (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_segment_rules_box_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PtSegmentRulesBox *self = PT_SEGMENT_RULES_BOX (object);

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
pt_segment_rules_box_class_init (PtSegmentRulesBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_segment_rules_box_constructed;
  object_class->dispose = pt_segment_rules_box_dispose;
  object_class->get_property = pt_segment_rules_box_get_property;
  object_class->set_property = pt_segment_rules_box_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_int64 ("count", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PtSegmentRulesBox::changed:
   *
   * The rule was edited; its new count has been asked for.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-segment-rules-box.ui");
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRulesBox, rules_box);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRulesBox, error_label);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRulesBox, count_spinner);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRulesBox, count_label);
}

static void
pt_segment_rules_box_init (PtSegmentRulesBox *self)
{
  self->count = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtSegmentRulesBox *
pt_segment_rules_box_new (PtContext *context)
{
  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  return g_object_new (PT_TYPE_SEGMENT_RULES_BOX, "context", context, NULL);
}

PtSegmentGroup *
pt_segment_rules_box_get_root (PtSegmentRulesBox *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_RULES_BOX (self), NULL);
  return self->root;
}

gint64
pt_segment_rules_box_get_count (PtSegmentRulesBox *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_RULES_BOX (self), -1);
  return self->count;
}

const char *
pt_segment_rules_box_get_error (PtSegmentRulesBox *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_RULES_BOX (self), NULL);
  return self->error_text;
}
