/* pt-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-context"

#include "config.h"

#include "pt-context.h"
#include "pt-sync-token.h"

/* The schema keeps the base id in both profiles, so a development build
 * reads the same settings keys (under its own GSETTINGS_SCHEMA_DIR). */
#define SETTINGS_SCHEMA_ID "io.github.patronapp.Patron"

struct _PtContext
{
  GObject    parent_instance;

  PtStore      *store;
  GSettings    *settings;
  PtSyncClient *sync_client;
  PtRefitRunner *refit_runner;
};

G_DEFINE_FINAL_TYPE (PtContext, pt_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_SYNC_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pt_context_dispose (GObject *object)
{
  PtContext *self = (PtContext *) object;

  g_clear_object (&self->sync_client);
  if (self->refit_runner != NULL)
    pt_refit_runner_cancel (self->refit_runner);
  g_clear_object (&self->refit_runner);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pt_context_parent_class)->dispose (object);
}

static void
pt_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PtContext *self = PT_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SYNC_CLIENT:
      g_value_set_object (value, self->sync_client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PtContext *self = PT_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The token is kept per server: a new address brings its own token. */
static void
server_url_changed_cb (PtSyncClient *client,
                       GParamSpec   *pspec,
                       PtContext    *self)
{
  const char *url = pt_sync_client_get_server_url (client);
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  if (url != NULL && *url != '\0')
    token = pt_sync_token_lookup (url, &error);
  if (error != NULL)
    g_warning ("Cannot read the sync token: %s", error->message);
  pt_sync_client_set_token (client, token);
}

static void
pt_context_constructed (GObject *object)
{
  PtContext *self = (PtContext *) object;

  G_OBJECT_CLASS (pt_context_parent_class)->constructed (object);

  /* Sync runs on its own, every sync-interval seconds and soon after a
   * change, once a server address and a token are set. */
  self->sync_client = pt_sync_client_new (self->store);
  g_signal_connect_object (self->sync_client, "notify::server-url",
                           G_CALLBACK (server_url_changed_cb), self, 0);
  g_settings_bind (self->settings, "server-url", self->sync_client, "server-url",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "sync-interval", self->sync_client, "interval",
                   G_SETTINGS_BIND_GET);
}

static void
pt_context_class_init (PtContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pt_context_constructed;
  object_class->dispose = pt_context_dispose;
  object_class->get_property = pt_context_get_property;
  object_class->set_property = pt_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_CLIENT] =
    g_param_spec_object ("sync-client", NULL, NULL, PT_TYPE_SYNC_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pt_context_init (PtContext *self)
{
  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
}

PtContext *
pt_context_new (PtStore *store)
{
  g_return_val_if_fail (PT_IS_STORE (store), NULL);
  return g_object_new (PT_TYPE_CONTEXT, "store", store, NULL);
}

PtContext *
pt_context_open (const char  *path,
                 GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(PtStore) store = NULL;

  if (path == NULL)
    path = default_path = pt_store_default_path ();

  store = pt_store_open (path, error);
  if (store == NULL)
    return NULL;

  return pt_context_new (store);
}

PtStore *
pt_context_get_store (PtContext *self)
{
  g_return_val_if_fail (PT_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
pt_context_get_settings (PtContext *self)
{
  g_return_val_if_fail (PT_IS_CONTEXT (self), NULL);
  return self->settings;
}

PtSyncClient *
pt_context_get_sync_client (PtContext *self)
{
  g_return_val_if_fail (PT_IS_CONTEXT (self), NULL);
  return self->sync_client;
}

PtRefitRunner *
pt_context_get_refit_runner (PtContext *self)
{
  g_return_val_if_fail (PT_IS_CONTEXT (self), NULL);

  if (self->refit_runner == NULL)
    self->refit_runner = pt_refit_runner_new (self->store);
  return self->refit_runner;
}
