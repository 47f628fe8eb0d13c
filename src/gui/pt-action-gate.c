/* pt-action-gate.c — what the signed-in staff member may not do, greyed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store refuses what a role may not do; this makes the GUI say so
 * before anyone tries. Actions are the one switch: a disabled action
 * greys every button, menu item and shortcut bound to it. The table
 * below is the only place that knows which action needs what.
 */
#define G_LOG_DOMAIN "pt-action-gate"

#include "config.h"

#include "pt-action-gate.h"

static const struct
{
  const char   *action;
  PtPermission  permission;
} gated[] = {
  { "members.delete", PT_PERMISSION_DELETE_MEMBERS },
  { "members.undo-delete", PT_PERMISSION_DELETE_MEMBERS },
  { "win.delete-member", PT_PERMISSION_DELETE_MEMBERS },
  { "merge.confirm", PT_PERMISSION_DELETE_MEMBERS },
  { "win.erase-member", PT_PERMISSION_ERASE_MEMBERS },
  { "members.export-data", PT_PERMISSION_EXPORT_PERSONAL_DATA },
  /* The sample shop brings tiers, rewards and campaigns with it. */
  { "members.load-sample-data", PT_PERMISSION_MANAGE_TIERS },
  { "tiers.add", PT_PERMISSION_MANAGE_TIERS },
  { "tiers.save", PT_PERMISSION_MANAGE_TIERS },
  { "tiers.save-rules", PT_PERMISSION_MANAGE_RULES },
  { "rewards.add", PT_PERMISSION_MANAGE_REWARDS },
  { "rewards.edit", PT_PERMISSION_MANAGE_REWARDS },
  { "rewards.restock", PT_PERMISSION_MANAGE_REWARDS },
  { "win.new-campaign", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "win.new-segment", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "members.new-segment", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "members.undo-delete-segment", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "segments.new", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "segments.edit", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "segments.delete", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "segments.new-campaign", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "builder.save", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaigns.new", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaigns.edit", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaigns.delete", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaigns.undo-delete", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaigns.launch", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaigns.cancel", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaign.save", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaign.save-segment", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "insights.at-risk-segment", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "insights.at-risk-campaign", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "sync.resolve", PT_PERMISSION_RESOLVE_CONFLICTS },
  { "win.audit-trail", PT_PERMISSION_VIEW_AUDIT },
  { "staff.add", PT_PERMISSION_MANAGE_STAFF },
  { "backups.restore", PT_PERMISSION_RESTORE_BACKUPS },
  { "backups.restore-file", PT_PERMISSION_RESTORE_BACKUPS },
};

/* On the attached root: its store. On a widget: the actions it wants
 * enabled; on a button: its tooltip before the refusal was added. */
static GQuark
store_quark (void)
{
  return g_quark_from_static_string ("pt-action-gate-store");
}

static GQuark
wanted_quark (void)
{
  return g_quark_from_static_string ("pt-action-gate-wanted");
}

static GQuark
tooltip_quark (void)
{
  return g_quark_from_static_string ("pt-action-gate-tooltip");
}

gboolean
pt_action_gate_lookup (const char   *action_name,
                       PtPermission *permission)
{
  for (guint i = 0; action_name != NULL && i < G_N_ELEMENTS (gated); i++)
    if (g_str_equal (gated[i].action, action_name))
      {
        if (permission != NULL)
          *permission = gated[i].permission;
        return TRUE;
      }
  return FALSE;
}

char *
pt_action_gate_explain (PtStore      *store,
                        PtPermission  permission)
{
  g_autoptr(GError) error = NULL;

  if (pt_store_require (store, permission, &error))
    return NULL;
  return g_strdup (error->message);
}

/* The store of the nearest widget attached, up through parents and the
 * windows dialogs are transient for. */
static PtStore *
find_store (GtkWidget *widget)
{
  while (widget != NULL)
    {
      PtStore *store = g_object_get_qdata (G_OBJECT (widget), store_quark ());
      GtkWidget *parent;

      if (store != NULL)
        return store;
      parent = gtk_widget_get_parent (widget);
      if (parent == NULL && GTK_IS_WINDOW (widget))
        parent = GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (widget)));
      widget = parent;
    }
  return NULL;
}

/* What @widget itself wants of @action_name (TRUE unless it said). */
static gboolean
get_wanted (GtkWidget  *widget,
            const char *action_name)
{
  GHashTable *wanted = g_object_get_qdata (G_OBJECT (widget), wanted_quark ());
  gpointer value;

  if (wanted == NULL || !g_hash_table_lookup_extended (wanted, action_name, NULL, &value))
    return TRUE;
  return GPOINTER_TO_INT (value);
}

/* The name of the @index'th action @klass installs, or NULL past the
 * last (GTK 4.8 writes every out argument: none may be NULL). */
static const char *
class_action_name (GtkWidgetClass *klass,
                   guint           index)
{
  GType owner;
  const char *name;
  const GVariantType *parameter_type;
  const char *property_name;

  if (!gtk_widget_class_query_action (klass, index, &owner, &name, &parameter_type,
                                      &property_name))
    return NULL;
  return name;
}

/* Whether @widget's class installs a gated action: asked of every
 * widget shown, so answered once per class. */
static gboolean
class_is_gated (GtkWidget *widget)
{
  static GHashTable *answers = NULL;
  GType type = G_OBJECT_TYPE (widget);
  gpointer answer;
  const char *name;
  gboolean gated_class = FALSE;

  if (answers == NULL)
    answers = g_hash_table_new (NULL, NULL);
  if (g_hash_table_lookup_extended (answers, GSIZE_TO_POINTER (type), NULL, &answer))
    return GPOINTER_TO_INT (answer);
  for (guint i = 0; (name = class_action_name (GTK_WIDGET_GET_CLASS (widget), i)) != NULL; i++)
    gated_class |= pt_action_gate_lookup (name, NULL);
  g_hash_table_insert (answers, GSIZE_TO_POINTER (type), GINT_TO_POINTER (gated_class));
  return gated_class;
}

static gboolean
is_gated_actionable (GtkWidget *widget)
{
  return GTK_IS_ACTIONABLE (widget) &&
         pt_action_gate_lookup (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), NULL);
}

/* Sets the gated actions @widget's class installs. */
static void
evaluate_actions (GtkWidget *widget,
                  PtStore   *store)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (widget);
  const char *name;
  PtPermission permission;

  if (!class_is_gated (widget))
    return;
  for (guint i = 0; (name = class_action_name (klass, i)) != NULL; i++)
    if (pt_action_gate_lookup (name, &permission))
      gtk_widget_action_set_enabled (widget, name,
                                     get_wanted (widget, name) && pt_store_can (store, permission));
}

/* A button of a gated action says why it is grey: its own tooltip, then
 * the refusal (the accessible description follows the tooltip). Its own
 * tooltip is kept aside meanwhile ("" for none). Menu items made from a
 * GMenu are no GtkActionable: they are grey, and say nothing more. */
static void
explain_actionable (GtkWidget *widget,
                    PtStore   *store)
{
  PtPermission permission;
  g_autofree char *refusal = NULL;
  const char *saved;

  if (!GTK_IS_ACTIONABLE (widget) ||
      !pt_action_gate_lookup (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                              &permission))
    return;

  refusal = pt_action_gate_explain (store, permission);
  saved = g_object_get_qdata (G_OBJECT (widget), tooltip_quark ());
  if (refusal != NULL)
    {
      g_autofree char *text = NULL;

      if (saved == NULL)
        {
          const char *own = gtk_widget_get_tooltip_text (widget);

          saved = g_strdup (own ? own : "");
          g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark (), (gpointer) saved, g_free);
        }
      text = *saved != '\0' ? g_strdup_printf ("%s\n%s", saved, refusal)
                            : g_steal_pointer (&refusal);
      gtk_widget_set_tooltip_text (widget, text);
    }
  else if (saved != NULL)
    {
      gtk_widget_set_tooltip_text (widget, *saved != '\0' ? saved : NULL);
      g_object_set_qdata (G_OBJECT (widget), tooltip_quark (), NULL);
    }
}

static void
gate_tree (GtkWidget *widget,
           PtStore   *store)
{
  evaluate_actions (widget, store);
  explain_actionable (widget, store);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gate_tree (child, store);
}

/* Rows, menus and dialogs made after the last sign-in: gated as they
 * are shown. */
static gboolean
widget_mapped_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);
  PtStore *store;

  if (!class_is_gated (widget) && !is_gated_actionable (widget))
    return TRUE;
  store = find_store (widget);
  if (store != NULL)
    {
      evaluate_actions (widget, store);
      explain_actionable (widget, store);
    }
  return TRUE;
}

/* Someone else signed in: the root and every window over it again. */
static void
acting_changed_cb (GtkWidget  *root,
                   const char *entity,
                   PtStore    *store)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  gate_tree (root, store);
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != (gpointer) root && find_store (l->data) == store)
      gate_tree (l->data, store);
}

void
pt_action_gate_attach (GtkWidget *root,
                       PtStore   *store)
{
  static gsize hooked = 0;

  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (PT_IS_STORE (store));

  if (g_once_init_enter (&hooked))
    {
      guint map_signal = g_signal_lookup ("map", GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (map_signal, 0, widget_mapped_hook, NULL, NULL);
      g_once_init_leave (&hooked, 1);
    }

  g_object_set_qdata_full (G_OBJECT (root), store_quark (), g_object_ref (store), g_object_unref);
  g_signal_connect_object (store, "changed::acting", G_CALLBACK (acting_changed_cb), root,
                           G_CONNECT_SWAPPED);
  gate_tree (root, store);
}

void
pt_action_gate_set_enabled (GtkWidget  *widget,
                            const char *action_name,
                            gboolean    enabled)
{
  GHashTable *wanted;
  PtPermission permission;
  PtStore *store;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  wanted = g_object_get_qdata (G_OBJECT (widget), wanted_quark ());
  if (wanted == NULL)
    {
      wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_qdata_full (G_OBJECT (widget), wanted_quark (), wanted,
                               (GDestroyNotify) g_hash_table_unref);
    }
  g_hash_table_insert (wanted, g_strdup (action_name), GINT_TO_POINTER (enabled != FALSE));

  if (enabled && pt_action_gate_lookup (action_name, &permission) &&
      (store = find_store (widget)) != NULL)
    enabled = pt_store_can (store, permission);
  gtk_widget_action_set_enabled (widget, action_name, enabled);
}

static GQuark
permission_quark (void)
{
  return g_quark_from_static_string ("pt-action-gate-permission");
}

static void
follow_role (GtkWidget  *widget,
             const char *entity,
             PtStore    *store)
{
  PtPermission permission = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (widget),
                                                                  permission_quark ()));
  g_autofree char *refusal = pt_action_gate_explain (store, permission);

  gtk_widget_set_sensitive (widget, refusal == NULL);
  gtk_widget_set_tooltip_text (widget, refusal);
}

void
pt_action_gate_bind_sensitive (GtkWidget    *widget,
                               PtStore      *store,
                               PtPermission  permission)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (PT_IS_STORE (store));
  g_return_if_fail (permission < PT_N_PERMISSIONS);

  g_object_set_qdata (G_OBJECT (widget), permission_quark (), GUINT_TO_POINTER (permission));
  g_signal_connect_object (store, "changed::acting", G_CALLBACK (follow_role), widget,
                           G_CONNECT_SWAPPED);
  follow_role (widget, NULL, store);
}
