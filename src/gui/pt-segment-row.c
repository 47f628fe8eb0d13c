/* pt-segment-row.c — one condition of a segment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-segment-builder"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pt-segment-fields.h"
#include "pt-segment-row.h"

struct _PtSegmentRow
{
  GtkBox                     parent_instance;

  GStrv                      tier_names;
  guint                      exponent;      /* money: digits after the point */
  const PtSegmentFieldInfo  *field;
  GPtrArray                 *choice_values; /* JsonNode, one per choice item */
  gboolean                   quiet;         /* no "changed" while filling in */

  /* template */
  GtkDropDown               *field_dropdown;
  GtkDropDown               *op_dropdown;
  GtkStack                  *value_stack;
  GtkEntry                  *text_entry;
  GtkSpinButton             *number_spin;
  GtkSpinButton             *low_spin;
  GtkSpinButton             *high_spin;
  GtkDropDown               *choice_dropdown;
  GtkEntry                  *list_entry;
  GtkWidget                 *days_box;
  GtkLabel                  *days_before_label;
  GtkSpinButton             *days_spin;
  GtkButton                 *remove_button;
};

G_DEFINE_FINAL_TYPE (PtSegmentRow, pt_segment_row, GTK_TYPE_BOX)

enum {
  SIGNAL_CHANGED,
  SIGNAL_REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (PtSegmentRow *self)
{
  if (!self->quiet)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static const char *
current_op (PtSegmentRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->op_dropdown);
  guint n_ops = g_strv_length ((char **) self->field->ops);

  return self->field->ops[selected < n_ops ? selected : 0];
}

static gboolean
is_money (PtSegmentRow *self)
{
  return self->field->kind == PT_SEGMENT_VALUE_MONEY;
}

static double
scale (PtSegmentRow *self)
{
  return is_money (self) ? pow (10, self->exponent) : 1;
}

static void
add_choice (PtSegmentRow *self,
            GtkStringList *labels,
            const char   *label,
            JsonNode     *value)
{
  gtk_string_list_append (labels, label);
  g_ptr_array_add (self->choice_values, value);
}

/* The items of the value drop-down for the field's kind. */
static void
fill_choices (PtSegmentRow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->choice_values, 0);
  switch (self->field->kind)
    {
    case PT_SEGMENT_VALUE_TIER:
      for (guint i = 0; self->tier_names != NULL && self->tier_names[i] != NULL; i++)
        {
          JsonNode *value = json_node_new (JSON_NODE_VALUE);

          json_node_set_string (value, self->tier_names[i]);
          add_choice (self, labels, self->tier_names[i], value);
        }
      break;

    case PT_SEGMENT_VALUE_MONTH:
      {
        JsonNode *this_month = json_node_new (JSON_NODE_VALUE);

        json_node_set_string (this_month, "this");
        add_choice (self, labels, _("This month"), this_month);
        for (int month = 1; month <= 12; month++)
          {
            g_autoptr(GDateTime) date = g_date_time_new_utc (2000, month, 1, 0, 0, 0);
            g_autofree char *name = g_date_time_format (date, "%B");
            JsonNode *value = json_node_new (JSON_NODE_VALUE);

            json_node_set_int (value, month);
            add_choice (self, labels, name, value);
          }
      }
      break;

    case PT_SEGMENT_VALUE_BOOL:
      {
        JsonNode *yes = json_node_new (JSON_NODE_VALUE);
        JsonNode *no = json_node_new (JSON_NODE_VALUE);

        json_node_set_boolean (yes, TRUE);
        json_node_set_boolean (no, FALSE);
        add_choice (self, labels, _("Yes"), yes);
        add_choice (self, labels, _("No"), no);
      }
      break;

    case PT_SEGMENT_VALUE_CHOICE:
      {
        const char * const *keys;
        const char * const *names;

        pt_segment_field_choices (self->field, &keys, &names);
        for (guint i = 0; keys[i] != NULL; i++)
          {
            JsonNode *value = json_node_new (JSON_NODE_VALUE);

            json_node_set_string (value, keys[i]);
            add_choice (self, labels, names[i], value);
          }
      }
      break;

    case PT_SEGMENT_VALUE_TEXT:
    case PT_SEGMENT_VALUE_NUMBER:
    case PT_SEGMENT_VALUE_MONEY:
    default:
      break;
    }
  gtk_drop_down_set_model (self->choice_dropdown, G_LIST_MODEL (labels));
}

static void
show_value_page (PtSegmentRow *self)
{
  const char *op = current_op (self);
  const char *page;

  if (g_str_equal (op, "in"))
    page = "list";
  else if (g_str_equal (op, "between"))
    page = "between";
  else if (self->field->kind == PT_SEGMENT_VALUE_TEXT)
    page = "text";
  else if (self->field->kind == PT_SEGMENT_VALUE_NUMBER || is_money (self))
    page = "number";
  else
    page = "choice";
  gtk_stack_set_visible_child_name (self->value_stack, page);
}

static void
op_selected_cb (PtSegmentRow *self)
{
  show_value_page (self);
  emit_changed (self);
}

static void
apply_field (PtSegmentRow *self,
             guint         index)
{
  guint n_fields;
  const PtSegmentFieldInfo *fields = pt_segment_field_infos (&n_fields);
  g_autoptr(GtkStringList) ops = gtk_string_list_new (NULL);
  gboolean was_quiet = self->quiet;
  guint digits;

  self->quiet = TRUE;
  self->field = &fields[MIN (index, n_fields - 1)];
  for (guint i = 0; self->field->ops[i] != NULL; i++)
    gtk_string_list_append (ops, pt_segment_op_label (self->field->kind, self->field->ops[i]));
  gtk_drop_down_set_model (self->op_dropdown, G_LIST_MODEL (ops));
  gtk_drop_down_set_selected (self->op_dropdown, 0);
  fill_choices (self);

  digits = is_money (self) ? self->exponent : 0;
  gtk_spin_button_set_digits (self->number_spin, digits);
  gtk_spin_button_set_digits (self->low_spin, digits);
  gtk_spin_button_set_digits (self->high_spin, digits);

  gtk_widget_set_visible (self->days_box, self->field->windowed);
  gtk_label_set_text (self->days_before_label,
                      g_str_equal (self->field->key, "points_expiring")
                      ? C_("points expiring within N days", "within")
                      : C_("purchases in the last N days", "in the last"));
  show_value_page (self);
  self->quiet = was_quiet;
}

static void
field_selected_cb (PtSegmentRow *self)
{
  apply_field (self, gtk_drop_down_get_selected (self->field_dropdown));
  emit_changed (self);
}

static void
remove_clicked_cb (PtSegmentRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

gboolean
pt_segment_row_set_field (PtSegmentRow *self,
                          const char   *key)
{
  int index = pt_segment_field_index (key);

  g_return_val_if_fail (PT_IS_SEGMENT_ROW (self), FALSE);
  if (index < 0)
    return FALSE;
  /* Selecting runs field_selected_cb, unless it is selected already. */
  if (gtk_drop_down_get_selected (self->field_dropdown) == (guint) index)
    apply_field (self, index);
  else
    gtk_drop_down_set_selected (self->field_dropdown, index);
  return TRUE;
}

gboolean
pt_segment_row_set_op (PtSegmentRow *self,
                       const char   *op)
{
  g_return_val_if_fail (PT_IS_SEGMENT_ROW (self), FALSE);

  for (guint i = 0; self->field->ops[i] != NULL; i++)
    if (g_str_equal (self->field->ops[i], op))
      {
        gtk_drop_down_set_selected (self->op_dropdown, i);
        show_value_page (self);
        return TRUE;
      }
  return FALSE;
}

GtkWidget *
pt_segment_row_get_value_widget (PtSegmentRow *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT_ROW (self), NULL);
  return gtk_stack_get_visible_child (self->value_stack);
}

/* ---------------------------------------------------------------- to JSON */

/* One value of a list typed as text, as the field takes it: a number
 * that does not read as one stays text, for the compiler to refuse with
 * its path. */
static JsonNode *
list_item (PtSegmentRow *self,
           const char   *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  gint64 number;
  char *end = NULL;

  switch (self->field->kind)
    {
    case PT_SEGMENT_VALUE_NUMBER:
    case PT_SEGMENT_VALUE_MONTH:
      if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
        {
          json_node_set_int (node, number);
          return node;
        }
      break;
    case PT_SEGMENT_VALUE_MONEY:
      {
        double amount = g_ascii_strtod (text, &end);

        if (end != text && *end == '\0' && isfinite (amount))
          {
            json_node_set_int (node, llround (amount * scale (self)));
            return node;
          }
      }
      break;
    case PT_SEGMENT_VALUE_TEXT:
    case PT_SEGMENT_VALUE_TIER:
    case PT_SEGMENT_VALUE_BOOL:
    case PT_SEGMENT_VALUE_CHOICE:
    default:
      break;
    }
  json_node_set_string (node, text);
  return node;
}

static JsonNode *
spin_value (PtSegmentRow  *self,
            GtkSpinButton *spin)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, llround (gtk_spin_button_get_value (spin) * scale (self)));
  return node;
}

static JsonNode *
current_value (PtSegmentRow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->value_stack);

  if (g_str_equal (page, "list"))
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->list_entry)));
      g_auto(GStrv) parts = NULL;
      JsonNode *node;

      /* A Chinese comma separates as well as an ASCII one. */
      g_strdelimit (text, "\n", ',');
      parts = g_strsplit (text, ",", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_auto(GStrv) wide = g_strsplit (parts[i], "，", -1);

          for (guint j = 0; wide[j] != NULL; j++)
            {
              char *item = g_strstrip (wide[j]);

              if (*item != '\0')
                json_array_add_element (array, list_item (self, item));
            }
        }
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (node, array);
      return node;
    }
  if (g_str_equal (page, "between"))
    {
      g_autoptr(JsonArray) array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      json_array_add_element (array, spin_value (self, self->low_spin));
      json_array_add_element (array, spin_value (self, self->high_spin));
      json_node_set_array (node, array);
      return node;
    }
  if (g_str_equal (page, "number"))
    return spin_value (self, self->number_spin);
  if (g_str_equal (page, "choice"))
    {
      guint selected = gtk_drop_down_get_selected (self->choice_dropdown);

      if (selected < self->choice_values->len)
        return json_node_copy (self->choice_values->pdata[selected]);
      /* No tiers yet: a name no tier has, which nobody is in. */
      return json_node_init_string (json_node_alloc (), "");
    }
  return json_node_init_string (json_node_alloc (),
                                gtk_editable_get_text (GTK_EDITABLE (self->text_entry)));
}

JsonNode *
pt_segment_row_to_json (PtSegmentRow *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (PT_IS_SEGMENT_ROW (self), NULL);

  json_object_set_string_member (object, "field", self->field->key);
  json_object_set_string_member (object, "op", current_op (self));
  json_object_set_member (object, "value", current_value (self));
  if (self->field->windowed)
    json_object_set_int_member (object, "days", gtk_spin_button_get_value_as_int (self->days_spin));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

/* -------------------------------------------------------------- from JSON */

static gboolean
refuse (GError     **error,
        const char  *path,
        const char  *what)
{
  /* TRANSLATORS: "%s: %s" is a rule's path (rules.all[2].value) and what is wrong */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: %s"), path, what);
  return FALSE;
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* The text of one list item, as the list entry shows it. */
static char *
item_text (PtSegmentRow *self,
           JsonNode     *node)
{
  if (node_is (node, G_TYPE_STRING))
    return g_strdup (json_node_get_string (node));
  if (node_is (node, G_TYPE_INT64) && is_money (self))
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *format = g_strdup_printf ("%%.%uf", self->exponent);

      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format,
                                        json_node_get_int (node) / scale (self)));
    }
  if (node_is (node, G_TYPE_INT64))
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static gboolean
set_spin (PtSegmentRow  *self,
          GtkSpinButton *spin,
          JsonNode      *node)
{
  if (!node_is (node, G_TYPE_INT64))
    return FALSE;
  gtk_spin_button_set_value (spin, json_node_get_int (node) / scale (self));
  return TRUE;
}

static gboolean
set_choice (PtSegmentRow *self,
            JsonNode     *node)
{
  for (guint i = 0; i < self->choice_values->len; i++)
    if (json_node_equal (self->choice_values->pdata[i], node))
      {
        gtk_drop_down_set_selected (self->choice_dropdown, i);
        return TRUE;
      }

  /* A tier renamed or archived since: offered as it is written. */
  if (self->field->kind == PT_SEGMENT_VALUE_TIER && node_is (node, G_TYPE_STRING))
    {
      GtkStringList *labels = GTK_STRING_LIST (gtk_drop_down_get_model (self->choice_dropdown));

      add_choice (self, labels, json_node_get_string (node), json_node_copy (node));
      gtk_drop_down_set_selected (self->choice_dropdown, self->choice_values->len - 1);
      return TRUE;
    }
  return FALSE;
}

static gboolean
set_value (PtSegmentRow *self,
           const char   *op,
           JsonNode     *value)
{
  const char *page = gtk_stack_get_visible_child_name (self->value_stack);

  if (value == NULL)
    return FALSE;
  if (g_str_equal (page, "list"))
    {
      g_autoptr(GString) text = g_string_new (NULL);
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (value))
        return FALSE;
      array = json_node_get_array (value);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item = item_text (self, json_array_get_element (array, i));

          /* A comma inside a value would split it when read back. */
          if (item == NULL || strchr (item, ',') != NULL || strstr (item, "，") != NULL)
            return FALSE;
          g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", item);
        }
      gtk_editable_set_text (GTK_EDITABLE (self->list_entry), text->str);
      return TRUE;
    }
  if (g_str_equal (page, "between"))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;

      return array != NULL && json_array_get_length (array) == 2 &&
             set_spin (self, self->low_spin, json_array_get_element (array, 0)) &&
             set_spin (self, self->high_spin, json_array_get_element (array, 1));
    }
  if (g_str_equal (page, "number"))
    return set_spin (self, self->number_spin, value);
  if (g_str_equal (page, "choice"))
    return set_choice (self, value);
  if (!node_is (value, G_TYPE_STRING))
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), json_node_get_string (value));
  return TRUE;
}

gboolean
pt_segment_row_set_condition (PtSegmentRow  *self,
                              JsonObject    *condition,
                              const char    *path,
                              GError       **error)
{
  JsonNode *field_node = json_object_get_member (condition, "field");
  JsonNode *op_node = json_object_get_member (condition, "op");
  JsonNode *days_node = json_object_get_member (condition, "days");
  const PtSegmentFieldInfo *field;
  g_autoptr(JsonNode) before = NULL;
  g_autofree char *field_path = g_strdup_printf ("%s.field", path);
  g_autofree char *op_path = g_strdup_printf ("%s.op", path);
  g_autofree char *value_path = g_strdup_printf ("%s.value", path);
  g_autofree char *days_path = g_strdup_printf ("%s.days", path);
  gboolean ok = TRUE;

  g_return_val_if_fail (PT_IS_SEGMENT_ROW (self), FALSE);

  field = node_is (field_node, G_TYPE_STRING)
          ? pt_segment_field_lookup (json_node_get_string (field_node)) : NULL;
  if (field == NULL)
    return refuse (error, field_path, _("the builder does not know this field"));
  if (!node_is (op_node, G_TYPE_STRING) ||
      !g_strv_contains (field->ops, json_node_get_string (op_node)))
    return refuse (error, op_path, _("this field does not take this operator"));
  if (field->windowed && !node_is (days_node, G_TYPE_INT64))
    return refuse (error, days_path, _("this field takes a number of days"));

  before = pt_segment_row_to_json (self);
  self->quiet = TRUE;
  pt_segment_row_set_field (self, field->key);
  pt_segment_row_set_op (self, json_node_get_string (op_node));
  if (field->windowed)
    gtk_spin_button_set_value (self->days_spin, json_node_get_int (days_node));
  if (!set_value (self, json_node_get_string (op_node), json_object_get_member (condition, "value")))
    {
      ok = refuse (error, value_path, _("the builder cannot show this value"));
      pt_segment_row_set_condition (self, json_node_get_object (before), path, NULL);
    }
  self->quiet = FALSE;
  return ok;
}

/* ------------------------------------------------------------------ class */

static void
pt_segment_row_dispose (GObject *object)
{
  PtSegmentRow *self = (PtSegmentRow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_SEGMENT_ROW);
  g_clear_pointer (&self->tier_names, g_strfreev);
  g_clear_pointer (&self->choice_values, g_ptr_array_unref);

  G_OBJECT_CLASS (pt_segment_row_parent_class)->dispose (object);
}

static void
pt_segment_row_class_init (PtSegmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_segment_row_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-segment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, field_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, op_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, value_stack);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, text_entry);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, number_spin);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, low_spin);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, high_spin);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, choice_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, list_entry);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, days_box);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, days_before_label);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, days_spin);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentRow, remove_button);
}

static void
pt_segment_row_init (PtSegmentRow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n_fields;
  const PtSegmentFieldInfo *fields = pt_segment_field_infos (&n_fields);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->choice_values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; i < n_fields; i++)
    gtk_string_list_append (labels, _(fields[i].label));
  self->quiet = TRUE;
  gtk_drop_down_set_model (self->field_dropdown, G_LIST_MODEL (labels));
  apply_field (self, 0);
  self->quiet = FALSE;

  g_signal_connect_swapped (self->field_dropdown, "notify::selected",
                            G_CALLBACK (field_selected_cb), self);
  g_signal_connect_swapped (self->op_dropdown, "notify::selected", G_CALLBACK (op_selected_cb), self);
  g_signal_connect_swapped (self->choice_dropdown, "notify::selected", G_CALLBACK (emit_changed),
                            self);
  g_signal_connect_swapped (self->text_entry, "changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->list_entry, "changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->number_spin, "value-changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->low_spin, "value-changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->high_spin, "value-changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->days_spin, "value-changed", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (remove_clicked_cb), self);
}

PtSegmentRow *
pt_segment_row_new (const char * const *tier_names,
                    guint               currency_exponent)
{
  PtSegmentRow *self = g_object_new (PT_TYPE_SEGMENT_ROW, NULL);

  self->tier_names = g_strdupv ((char **) tier_names);
  self->exponent = currency_exponent;
  /* The first field is the tier: its choices need the names. */
  self->quiet = TRUE;
  apply_field (self, gtk_drop_down_get_selected (self->field_dropdown));
  self->quiet = FALSE;
  return self;
}
