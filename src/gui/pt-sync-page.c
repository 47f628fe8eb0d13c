/* pt-sync-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync-page"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-store-members.h"
#include "pt-store-sync.h"
#include "pt-sync-page.h"
#include "pt-sync-server-group.h"
#include "pt-window.h"

struct _PtSyncPage
{
  AdwBin         parent_instance;

  PtContext     *context;
  PtSyncClient  *client;
  GCancellable  *cancellable;

  /* template */
  GtkImage      *state_icon;
  AdwActionRow  *state_row;
  GtkProgressBar *progress_bar;
  AdwActionRow  *pending_row;
  AdwActionRow  *last_sync_row;
  AdwActionRow  *rejected_row;
  AdwActionRow  *error_row;
  GtkListBox    *conflicts_list;
  GtkWidget     *server_group;
};

G_DEFINE_FINAL_TYPE (PtSyncPage, pt_sync_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (PtSyncPage *self,
       const char *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), PT_TYPE_WINDOW);

  if (window != NULL)
    pt_window_add_toast (PT_WINDOW (window), adw_toast_new (text));
}

char *
pt_sync_page_describe_state (PtSyncClient *client)
{
  const char *url = pt_sync_client_get_server_url (client);

  if (url == NULL || *url == '\0')
    return g_strdup (_("Working alone (no server set)"));

  switch (pt_sync_client_get_state (client))
    {
    case PT_SYNC_STATE_SYNCING:
      return g_strdup_printf (_("Syncing… %.0f%%"), pt_sync_client_get_progress (client) * 100.0);
    case PT_SYNC_STATE_OFFLINE:
      return g_strdup (_("Offline: changes are kept and sent when the server is back"));
    case PT_SYNC_STATE_ERROR:
      return g_strdup (_("Sync stopped: see the last error"));
    case PT_SYNC_STATE_IDLE:
    default:
      if (!pt_sync_client_has_token (client))
        return g_strdup (_("Not connected: enter this branch’s token"));
      return g_strdup (pt_sync_client_get_last_sync (client) > 0 ? _("Online") : _("Not synced yet"));
    }
}

static const char *
state_icon_name (PtSyncClient *client)
{
  switch (pt_sync_client_get_state (client))
    {
    case PT_SYNC_STATE_SYNCING:
      return "emblem-synchronizing-symbolic";
    case PT_SYNC_STATE_OFFLINE:
      return "network-offline-symbolic";
    case PT_SYNC_STATE_ERROR:
      return "dialog-error-symbolic";
    case PT_SYNC_STATE_IDLE:
    default:
      return pt_sync_client_get_last_sync (client) > 0 ? "emblem-ok-symbolic"
                                                       : "network-idle-symbolic";
    }
}

char *
pt_sync_page_describe_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GTimeSpan ago;

  if (unix_time <= 0)
    return g_strdup (C_("last sync", "Never"));
  when = g_date_time_new_from_unix_local (unix_time);
  ago = g_date_time_difference (now, when) / G_TIME_SPAN_MINUTE;
  if (ago < 1)
    return g_strdup (_("Just now"));
  if (ago < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (gulong) ago), (int) ago);
  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

static void
update_status (PtSyncPage *self)
{
  g_autofree char *state = pt_sync_page_describe_state (self->client);
  g_autofree char *pending = NULL;
  g_autofree char *last = pt_sync_page_describe_time (pt_sync_client_get_last_sync (self->client));
  const char *error = pt_sync_client_get_last_error (self->client);
  gint64 n = pt_sync_client_get_pending_count (self->client);
  g_autofree char *rejected_text = NULL;
  gint64 rejected;
  gboolean syncing = pt_sync_client_get_state (self->client) == PT_SYNC_STATE_SYNCING;

  pending = pt_format_count (n);
  /* Refused changes stay visible: the server kept its own values. */
  rejected = pt_store_count_rejections (pt_context_get_store (self->context), NULL);
  {
    g_autofree char *count = pt_format_count (rejected);

    rejected_text = g_strdup_printf (_("%s (kept in the sync log; the server’s "
                                       "values were applied)"), count);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_row), rejected > 0);
  adw_action_row_set_subtitle (self->rejected_row, rejected_text);
  adw_action_row_set_subtitle (self->state_row, state);
  gtk_image_set_from_icon_name (self->state_icon, state_icon_name (self->client));
  adw_action_row_set_subtitle (self->pending_row, pending);
  adw_action_row_set_subtitle (self->last_sync_row, last);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), error != NULL && *error != '\0');
  adw_action_row_set_subtitle (self->error_row, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), syncing);
  gtk_progress_bar_set_fraction (self->progress_bar, pt_sync_client_get_progress (self->client));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", !syncing);
}

/* ------------------------------------------------------------- conflicts */

/* "key: value" lines of one side of a conflict, for people; NULL when it
 * records nothing. */
static char *
describe_side (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GString *text = g_string_new (NULL);
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, json_node_get_object (root));
      while (json_object_iter_next (&iter, &key, &node))
        {
          g_autofree char *value = NULL;
          int field = pt_member_field_from_key (key);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            value = g_strdup (json_node_get_string (node));
          else
            value = json_to_string (node, FALSE);
          if (value == NULL || *value == '\0')
            continue;
          g_string_append_printf (text, "%s%s: %s", text->len ? "\n" : "",
                                  field >= 0 ? pt_member_field_label (field) : key, value);
        }
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "duplicate-member") == 0)
    return _("Possibly the same person signed up twice");
  if (g_strcmp0 (kind, "overdrawn") == 0)
    return _("Points redeemed twice offline");
  if (g_strcmp0 (kind, "negative-stock") == 0)
    return _("More items given than were in stock");
  if (g_strcmp0 (kind, "coupon-reused") == 0)
    return _("A single-use coupon used twice");
  if (g_strcmp0 (kind, "over-budget") == 0)
    return _("A campaign’s budget passed by branches offline");
  if (g_strcmp0 (kind, "set-aside") == 0)
    return _("Two branches made the same change offline");
  return kind;
}

static void reload_conflicts (PtSyncPage *self);

/* sync.resolve ("(sss)": conflict, resolution, member to archive or ""). */
static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PtSyncPage *self = PT_SYNC_PAGE (widget);
  const char *id, *resolution, *archive;
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(GError) error = NULL;

  g_variant_get (parameter, "(&s&s&s)", &id, &resolution, &archive);
  /* "Same person": the later sign-up is archived (a synced delete), then
   * the conflict is settled (a synced op too). */
  if (*archive != '\0' && !pt_store_delete_member (store, archive, &error) &&
      !g_error_matches (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND))
    {
      toast (self, error->message);
      return;
    }
  g_clear_error (&error);

  if (!pt_store_resolve_conflict (store, id, resolution, &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Settled; every branch will see it at its next sync"));
  reload_conflicts (self);
}

static GtkWidget *
make_button (const char *label,
             const char *conflict_id,
             const char *resolution,
             const char *archive_member)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sync.resolve");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sss)", conflict_id, resolution,
                                    archive_member ? archive_member : "");
  return button;
}

static GtkWidget *
side_row (const char *title,
          const char *text)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, text != NULL ? text : _("(nothing recorded)"));
  return GTK_WIDGET (row);
}

static GtkWidget *
conflict_row (PtSyncPage *self,
              PtConflict *conflict)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  g_autofree char *left = describe_side (conflict->left_side);
  g_autofree char *right = describe_side (conflict->right_side);
  GtkWidget *actions = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kind_label (conflict->kind));
  adw_expander_row_set_subtitle (row, conflict->summary);
  /* A conflict about a total (a campaign's budget) has no sides to show. */
  if (left != NULL || right != NULL)
    {
      adw_expander_row_add_row (row, side_row (_("First"), left));
      adw_expander_row_add_row (row, side_row (_("Second"), right));
    }

  if (g_strcmp0 (conflict->kind, "duplicate-member") == 0)
    {
      gtk_box_append (GTK_BOX (box), make_button (_("_Different People"), conflict->id,
                                                  "keep-both", NULL));
      gtk_box_append (GTK_BOX (box), make_button (_("_Same Person: Archive Second"),
                                                  conflict->id, "keep-left", conflict->other_id));
    }
  else
    {
      gtk_box_append (GTK_BOX (box), make_button (_("_Accept"), conflict->id, "dismissed",
                                                  NULL));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (actions), _("Decide"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (actions), box);
  adw_expander_row_add_row (row, actions);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  conflict->summary, -1);
  return GTK_WIDGET (row);
}

static void
reload_conflicts (PtSyncPage *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflicts_list))) != NULL)
    gtk_list_box_remove (self->conflicts_list, child);

  conflicts = pt_store_list_conflicts (pt_context_get_store (self->context), TRUE, &error);
  if (conflicts == NULL)
    {
      toast (self, error->message);
      return;
    }

  if (conflicts->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No conflicts"));
      gtk_list_box_append (self->conflicts_list, row);
      return;
    }

  for (guint i = 0; i < conflicts->len; i++)
    gtk_list_box_append (self->conflicts_list,
                         conflict_row (self, g_ptr_array_index (conflicts, i)));
}

static void
store_changed_cb (PtStore    *store,
                  const char *entity,
                  PtSyncPage *self)
{
  if (g_strcmp0 (entity, "conflict") == 0)
    reload_conflicts (self);
}

/* ------------------------------------------------------------ sync now */

static void
server_group_message_cb (PtSyncPage *self,
                         const char *text)
{
  toast (self, text);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  pt_sync_server_group_sync_now (PT_SYNC_SERVER_GROUP (PT_SYNC_PAGE (widget)->server_group));
}

/* -------------------------------------------------------------- GObject */

static void
pt_sync_page_constructed (GObject *object)
{
  PtSyncPage *self = PT_SYNC_PAGE (object);
  static const char * const watched[] = { "state", "pending-count", "last-sync", "last-error",
                                          "progress", "server-url" };

  G_OBJECT_CLASS (pt_sync_page_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  self->client = g_object_ref (pt_context_get_sync_client (self->context));

  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", watched[i], NULL);
      g_signal_connect_object (self->client, signal, G_CALLBACK (update_status), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->client, "finished", G_CALLBACK (reload_conflicts), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (pt_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, 0);

  /* The status group above already has Sync Now. */
  self->server_group = g_object_new (PT_TYPE_SYNC_SERVER_GROUP, "context", self->context,
                                     "show-status", FALSE, NULL);
  g_signal_connect_object (self->server_group, "message", G_CALLBACK (server_group_message_cb),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (adw_bin_get_child (ADW_BIN (self))),
                            ADW_PREFERENCES_GROUP (self->server_group));

  update_status (self);
  reload_conflicts (self);
}

static void
pt_sync_page_dispose (GObject *object)
{
  PtSyncPage *self = PT_SYNC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_SYNC_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pt_sync_page_parent_class)->dispose (object);
}

static void
pt_sync_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PtSyncPage *self = PT_SYNC_PAGE (object);

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
pt_sync_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PtSyncPage *self = PT_SYNC_PAGE (object);

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
pt_sync_page_class_init (PtSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_sync_page_constructed;
  object_class->dispose = pt_sync_page_dispose;
  object_class->get_property = pt_sync_page_get_property;
  object_class->set_property = pt_sync_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PtSyncPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, PtSyncPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PtSyncPage, pending_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncPage, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncPage, rejected_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncPage, error_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncPage, conflicts_list);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync.resolve", "(sss)", resolve_action);
}

static void
pt_sync_page_init (PtSyncPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtSyncPage *
pt_sync_page_new (PtContext *context)
{
  return g_object_new (PT_TYPE_SYNC_PAGE, "context", context, NULL);
}

GtkListBox *
pt_sync_page_get_conflicts (PtSyncPage *self)
{
  g_return_val_if_fail (PT_IS_SYNC_PAGE (self), NULL);
  return self->conflicts_list;
}
