/* pt-segment-group.c — a group of a segment's conditions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-segment-builder"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pt-segment-group.h"

struct _PtSegmentGroup
{
  GtkBox           parent_instance;

  GStrv            tier_names;
  guint            exponent;
  gboolean         quiet;

  /* template */
  GtkToggleButton *not_toggle;
  GtkDropDown     *mode_dropdown;
  GtkLabel        *empty_label;
  GtkButton       *add_condition_button;
  GtkButton       *add_group_button;
  GtkButton       *remove_button;
  GtkBox          *children_box;
};

G_DEFINE_FINAL_TYPE (PtSegmentGroup, pt_segment_group, GTK_TYPE_BOX)

enum {
  SIGNAL_CHANGED,
  SIGNAL_REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_empty_label (PtSegmentGroup *self)
{
  gboolean empty = gtk_widget_get_first_child (GTK_WIDGET (self->children_box)) == NULL;
  gboolean any = gtk_drop_down_get_selected (self->mode_dropdown) == 1;

  /* {"all": []} is everyone, {"any": []} nobody: say which. */
  gtk_label_set_text (self->empty_label,
                      !empty ? ""
                      : any ? _("No conditions: nobody")
                      : _("No conditions: every member"));
}

static void
emit_changed (PtSegmentGroup *self)
{
  update_empty_label (self);
  if (!self->quiet)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
child_removed_cb (GtkWidget      *child,
                  PtSegmentGroup *self)
{
  gtk_box_remove (self->children_box, child);
  emit_changed (self);
}

static void
add_child (PtSegmentGroup *self,
           GtkWidget      *child)
{
  gtk_box_append (self->children_box, child);
  g_signal_connect_object (child, "changed", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (child, "remove", G_CALLBACK (child_removed_cb), self, 0);
}

PtSegmentRow *
pt_segment_group_add_condition (PtSegmentGroup *self)
{
  PtSegmentRow *row;

  g_return_val_if_fail (PT_IS_SEGMENT_GROUP (self), NULL);

  row = pt_segment_row_new ((const char * const *) self->tier_names, self->exponent);
  add_child (self, GTK_WIDGET (row));
  emit_changed (self);
  return row;
}

PtSegmentGroup *
pt_segment_group_add_group (PtSegmentGroup *self)
{
  PtSegmentGroup *group;

  g_return_val_if_fail (PT_IS_SEGMENT_GROUP (self), NULL);

  group = pt_segment_group_new ((const char * const *) self->tier_names, self->exponent, FALSE);
  add_child (self, GTK_WIDGET (group));
  emit_changed (self);
  return group;
}

static void
add_condition_clicked_cb (PtSegmentGroup *self)
{
  PtSegmentRow *row = pt_segment_group_add_condition (self);

  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
add_group_clicked_cb (PtSegmentGroup *self)
{
  PtSegmentGroup *group = pt_segment_group_add_group (self);

  /* A group starts with one condition to fill in. */
  pt_segment_group_add_condition (group);
  gtk_widget_grab_focus (GTK_WIDGET (group));
}

static void
remove_clicked_cb (PtSegmentGroup *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

void
pt_segment_group_set_any (PtSegmentGroup *self,
                          gboolean        any)
{
  g_return_if_fail (PT_IS_SEGMENT_GROUP (self));
  gtk_drop_down_set_selected (self->mode_dropdown, any ? 1 : 0);
}

void
pt_segment_group_set_negated (PtSegmentGroup *self,
                              gboolean        negated)
{
  g_return_if_fail (PT_IS_SEGMENT_GROUP (self));
  gtk_toggle_button_set_active (self->not_toggle, negated);
}

/* ---------------------------------------------------------------- to JSON */

JsonNode *
pt_segment_group_to_json (PtSegmentGroup *self)
{
  g_autoptr(JsonArray) children = json_array_new ();
  g_autoptr(JsonObject) group = json_object_new ();
  g_autoptr(JsonObject) negation = NULL;
  gboolean any = gtk_drop_down_get_selected (self->mode_dropdown) == 1;
  JsonNode *node;

  g_return_val_if_fail (PT_IS_SEGMENT_GROUP (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->children_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (PT_IS_SEGMENT_ROW (child))
        json_array_add_element (children, pt_segment_row_to_json (PT_SEGMENT_ROW (child)));
      else if (PT_IS_SEGMENT_GROUP (child))
        json_array_add_element (children, pt_segment_group_to_json (PT_SEGMENT_GROUP (child)));
    }

  if (gtk_toggle_button_get_active (self->not_toggle) && !any &&
      json_array_get_length (children) == 1)
    {
      negation = json_object_new ();
      json_object_set_member (negation, "not", json_array_dup_element (children, 0));
      return json_node_init_object (json_node_alloc (), negation);
    }

  json_object_set_array_member (group, any ? "any" : "all", json_array_ref (children));
  node = json_node_init_object (json_node_alloc (), group);
  if (gtk_toggle_button_get_active (self->not_toggle))
    {
      negation = json_object_new ();
      json_object_set_member (negation, "not", node);
      return json_node_init_object (json_node_alloc (), negation);
    }
  return node;
}

/* -------------------------------------------------------------- from JSON */

static gboolean
is_group (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  return json_object_has_member (object, "all") || json_object_has_member (object, "any") ||
         json_object_has_member (object, "not");
}

static gboolean
refuse (GError     **error,
        const char  *path,
        const char  *what)
{
  /* TRANSLATORS: "%s: %s" is a rule's path (rules.all[2].value) and what is wrong */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: %s"), path, what);
  return FALSE;
}

static void
clear_children (PtSegmentGroup *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->children_box))) != NULL)
    gtk_box_remove (self->children_box, child);
}

/* One element of a group's list: a group of its own or a condition. */
static gboolean
load_child (PtSegmentGroup  *self,
            JsonNode        *node,
            const char      *path,
            GError         **error)
{
  if (is_group (node))
    {
      PtSegmentGroup *group = pt_segment_group_add_group (self);

      return pt_segment_group_set_rule (group, node, path, error);
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return refuse (error, path, _("a rule is an object"));
  return pt_segment_row_set_condition (pt_segment_group_add_condition (self),
                                       json_node_get_object (node), path, error);
}

static gboolean
load_rule (PtSegmentGroup  *self,
           JsonNode        *rule,
           const char      *path,
           GError         **error)
{
  JsonObject *object;
  const char *key;
  JsonNode *list;

  if (rule == NULL || !JSON_NODE_HOLDS_OBJECT (rule))
    return refuse (error, path, _("a rule is an object"));
  object = json_node_get_object (rule);

  if (json_object_has_member (object, "not"))
    {
      g_autofree char *inner_path = g_strdup_printf ("%s.not", path);
      JsonNode *inner = json_object_get_member (object, "not");

      if (json_object_get_size (object) != 1)
        return refuse (error, path, _("a group has one key: all, any or not"));
      pt_segment_group_set_negated (self, TRUE);
      /* "not" of a group: this group, negated; of a lone condition (or
       * another "not"): a group of all of that one rule, negated. */
      if (inner != NULL && JSON_NODE_HOLDS_OBJECT (inner) &&
          (json_object_has_member (json_node_get_object (inner), "all") ||
           json_object_has_member (json_node_get_object (inner), "any")))
        return load_rule (self, inner, inner_path, error);
      return load_child (self, inner, inner_path, error);
    }

  if (!json_object_has_member (object, "all") && !json_object_has_member (object, "any"))
    return load_child (self, rule, path, error);

  if (json_object_get_size (object) != 1)
    return refuse (error, path, _("a group has one key: all, any or not"));
  key = json_object_has_member (object, "all") ? "all" : "any";
  pt_segment_group_set_any (self, g_str_equal (key, "any"));
  list = json_object_get_member (object, key);
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_autofree char *list_path = g_strdup_printf ("%s.%s", path, key);
      return refuse (error, list_path, _("a group is a list of rules"));
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s.%s[%u]", path, key, i);

      if (!load_child (self, json_array_get_element (json_node_get_array (list), i), item_path,
                       error))
        return FALSE;
    }
  return TRUE;
}

gboolean
pt_segment_group_set_rule (PtSegmentGroup  *self,
                           JsonNode        *rule,
                           const char      *path,
                           GError         **error)
{
  gboolean was_quiet;
  gboolean ok;

  g_return_val_if_fail (PT_IS_SEGMENT_GROUP (self), FALSE);

  was_quiet = self->quiet;
  self->quiet = TRUE;
  clear_children (self);
  pt_segment_group_set_any (self, FALSE);
  pt_segment_group_set_negated (self, FALSE);
  ok = load_rule (self, rule, path, error);
  if (!ok)
    clear_children (self);
  self->quiet = was_quiet;
  emit_changed (self);
  return ok;
}

/* ------------------------------------------------------------------ class */

static void
pt_segment_group_dispose (GObject *object)
{
  PtSegmentGroup *self = (PtSegmentGroup *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_SEGMENT_GROUP);
  g_clear_pointer (&self->tier_names, g_strfreev);

  G_OBJECT_CLASS (pt_segment_group_parent_class)->dispose (object);
}

static void
pt_segment_group_class_init (PtSegmentGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_segment_group_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-segment-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PtSegmentGroup, not_toggle);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentGroup, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentGroup, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentGroup, add_condition_button);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentGroup, add_group_button);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentGroup, remove_button);
  gtk_widget_class_bind_template_child (widget_class, PtSegmentGroup, children_box);
}

static void
pt_segment_group_init (PtSegmentGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->not_toggle, "toggled", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->mode_dropdown, "notify::selected", G_CALLBACK (emit_changed),
                            self);
  g_signal_connect_swapped (self->add_condition_button, "clicked",
                            G_CALLBACK (add_condition_clicked_cb), self);
  g_signal_connect_swapped (self->add_group_button, "clicked", G_CALLBACK (add_group_clicked_cb),
                            self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  update_empty_label (self);
}

PtSegmentGroup *
pt_segment_group_new (const char * const *tier_names,
                      guint               currency_exponent,
                      gboolean            outermost)
{
  PtSegmentGroup *self = g_object_new (PT_TYPE_SEGMENT_GROUP, NULL);

  self->tier_names = g_strdupv ((char **) tier_names);
  self->exponent = currency_exponent;
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), !outermost);
  if (outermost)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "card");
  return self;
}
