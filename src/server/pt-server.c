/* pt-server.c — routes, versions, auth and limits of the sync API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "pt-server.h"
#include "pt-sync-protocol.h"

struct _PtServer
{
  GObject        parent_instance;

  SoupServer    *soup;
  PtServerStore *store;
  gsize          max_body;
};

G_DEFINE_FINAL_TYPE (PtServer, pt_server, G_TYPE_OBJECT)

static void
pt_server_dispose (GObject *object)
{
  PtServer *self = (PtServer *) object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pt_server_parent_class)->dispose (object);
}

static void
pt_server_class_init (PtServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pt_server_dispose;
}

static void
pt_server_init (PtServer *self)
{
  self->max_body = PT_SERVER_DEFAULT_MAX_BODY;
}

void
pt_server_set_max_body (PtServer *self,
                        gsize     max_body)
{
  self->max_body = max_body;
}

static void
log_request (SoupServerMessage *msg,
             const char        *branch,
             guint              status,
             const char        *detail)
{
  char status_text[16];

  g_snprintf (status_text, sizeof status_text, "%u", status);
  /* Only MESSAGE is a format; the other fields are plain strings. */
  g_log_structured (G_LOG_DOMAIN, status >= 500 ? G_LOG_LEVEL_WARNING : G_LOG_LEVEL_MESSAGE,
                    "PATRON_METHOD", soup_server_message_get_method (msg),
                    "PATRON_PATH", g_uri_get_path (soup_server_message_get_uri (msg)),
                    "PATRON_STATUS", status_text,
                    "PATRON_BRANCH", branch ? branch : "-",
                    "MESSAGE", "%s %s %u branch=%s %s",
                    soup_server_message_get_method (msg),
                    g_uri_get_path (soup_server_message_get_uri (msg)),
                    status, branch ? branch : "-", detail ? detail : "");
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
respond_error (SoupServerMessage *msg,
               const GError      *error,
               const char        *branch)
{
  PtSyncError code = error->domain == PT_SYNC_ERROR ? error->code : PT_SYNC_ERROR_FAILED;
  guint status = pt_sync_error_http_status (code);

  if (status == 0)
    status = 500;
  log_request (msg, branch, status, error->message);
  respond_json (msg, status, pt_sync_encode_error (code, error->message));
}

/* Every request but health says which protocol it speaks. */
static gboolean
check_version (SoupServerMessage  *msg,
               GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, PT_SYNC_HEADER_PROTOCOL);
  gint64 version = 0;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT, &version, NULL))
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("the %s header is missing or not a number"), PT_SYNC_HEADER_PROTOCOL);
      return FALSE;
    }
  if (version < PT_SYNC_PROTOCOL_MIN_VERSION)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UPGRADE,
                   _("protocol %d is no longer served; this server speaks %d to %d"),
                   (int) version, PT_SYNC_PROTOCOL_MIN_VERSION, PT_SYNC_PROTOCOL_VERSION);
      return FALSE;
    }
  if (version > PT_SYNC_PROTOCOL_VERSION)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("protocol %d is newer than this server (%d); update patron-server"),
                   (int) version, PT_SYNC_PROTOCOL_VERSION);
      return FALSE;
    }
  return TRUE;
}

static PtServerBranch *
authenticate (PtServer           *self,
              SoupServerMessage  *msg,
              GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || !g_str_has_prefix (value, "Bearer "))
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED,
                   _("the Authorization: Bearer header is missing"));
      return NULL;
    }
  return pt_server_store_authenticate (self->store, value + strlen ("Bearer "), error);
}

static void
handle_health (PtServer          *self,
               SoupServerMessage *msg)
{
  char *body = g_strdup_printf ("{\"status\":\"ok\",\"protocol\":%d,\"epoch\":\"%s\",\"head\":%"
                                G_GINT64_FORMAT "}", PT_SYNC_PROTOCOL_VERSION,
                                pt_server_store_get_epoch (self->store),
                                pt_server_store_get_head (self->store));

  respond_json (msg, 200, body);
}

static void
handle_hello (PtServer             *self,
              SoupServerMessage    *msg,
              const PtServerBranch *branch)
{
  PtSyncHello hello = {
    .protocol = PT_SYNC_PROTOCOL_VERSION,
    .branch_id = branch->id,
    .branch_name = branch->name,
    .branch_code = branch->code,
    .epoch = (char *) pt_server_store_get_epoch (self->store),
    .head = pt_server_store_get_head (self->store),
    .server_time_ms = g_get_real_time () / 1000,
    .max_skew_ms = pt_server_store_get_max_skew_ms (self->store),
    .snapshot = TRUE,
    .max_batch_ops = PT_SYNC_MAX_BATCH_OPS,
    /* Room for the request around the ops. */
    .max_batch_bytes = MIN (PT_SYNC_MAX_BATCH_BYTES, self->max_body / 4 * 3),
  };

  log_request (msg, branch->name, 200, NULL);
  respond_json (msg, 200, pt_sync_encode_hello (&hello));
}

static void
handle_push (PtServer             *self,
             SoupServerMessage    *msg,
             const PtServerBranch *branch)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(PtSyncPushRequest) request = NULL;
  g_autoptr(PtSyncPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size > self->max_body)
    {
      g_set_error (&error, PT_SYNC_ERROR, PT_SYNC_ERROR_TOO_LARGE,
                   _("push: the body is %zu bytes, more than the %zu allowed"), size, self->max_body);
      respond_error (msg, error, branch->name);
      return;
    }

  /* Payloads stay the JSON text they came as: the log stores them so. */
  request = pt_sync_decode_push_request_text (data, size, PT_SERVER_PUSH_PAYLOAD_KEY, &error);
  if (request != NULL && request->protocol < PT_SYNC_PROTOCOL_MIN_VERSION)
    g_set_error (&error, PT_SYNC_ERROR, PT_SYNC_ERROR_UPGRADE,
                 _("push: protocol %d is no longer served"), request->protocol);
  if (error == NULL)
    response = pt_server_store_push (self->store, branch, request, &error);
  if (response == NULL)
    {
      respond_error (msg, error, branch->name);
      return;
    }

  detail = g_strdup_printf ("ops=%u head=%" G_GINT64_FORMAT, request->ops->len, response->head);
  log_request (msg, branch->name, 200, detail);
  respond_json (msg, 200, pt_sync_encode_push_response (response));
}

static gboolean
query_int (GHashTable  *query,
           const char  *key,
           gint64       fallback,
           gint64      *value,
           GError     **error)
{
  const char *text = query ? g_hash_table_lookup (query, key) : NULL;

  *value = fallback;
  if (text != NULL && !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, value, NULL))
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("pull: “%s” must be a whole number of at least 0"), key);
      return FALSE;
    }
  return TRUE;
}

static void
handle_pull (PtServer             *self,
             SoupServerMessage    *msg,
             GHashTable           *query,
             const PtServerBranch *branch)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  gint64 since = 0;
  gint64 covered = 0;
  gint64 limit = 0;
  char *body;

  if (!query_int (query, "since", 0, &since, &error) ||
      !query_int (query, "covered", 0, &covered, &error) ||
      !query_int (query, "limit", PT_SYNC_DEFAULT_PAGE, &limit, &error))
    {
      respond_error (msg, error, branch->name);
      return;
    }

  body = pt_server_store_pull (self->store, since, covered, (guint) MIN (limit, G_MAXUINT),
                               &error);
  if (body == NULL)
    {
      respond_error (msg, error, branch->name);
      return;
    }

  detail = g_strdup_printf ("since=%" G_GINT64_FORMAT, since);
  log_request (msg, branch->name, 200, detail);
  respond_json (msg, 200, body);
}

static void
handle_snapshot (PtServer             *self,
                 SoupServerMessage    *msg,
                 GHashTable           *query,
                 const PtServerBranch *branch)
{
  g_autoptr(GError) error = NULL;
  const char *entity = query ? g_hash_table_lookup (query, "entity") : NULL;
  const char *after = query ? g_hash_table_lookup (query, "after") : NULL;
  gint64 limit = 0;
  char *body;

  if (!query_int (query, "limit", PT_SYNC_SNAPSHOT_PAGE, &limit, &error))
    {
      respond_error (msg, error, branch->name);
      return;
    }

  body = pt_server_store_snapshot (self->store, entity ? entity : "", after,
                                   (guint) MIN (limit, G_MAXUINT), &error);
  if (body == NULL)
    {
      respond_error (msg, error, branch->name);
      return;
    }

  log_request (msg, branch->name, 200, entity);
  respond_json (msg, 200, body);
}

static void
handle_v1_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  PtServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(PtServerBranch) branch = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_get = g_strcmp0 (method, "GET") == 0;

  if (g_strcmp0 (path, "/v1/health") == 0 && is_get)
    {
      handle_health (self, msg);
      return;
    }

  if (!((g_strcmp0 (path, "/v1/hello") == 0 && is_get) ||
        (g_strcmp0 (path, "/v1/pull") == 0 && is_get) ||
        (g_strcmp0 (path, "/v1/snapshot") == 0 && is_get) ||
        (g_strcmp0 (path, "/v1/push") == 0 && g_strcmp0 (method, "POST") == 0)))
    {
      g_set_error (&error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED, _("no such endpoint: %s %s"),
                   method, path);
      log_request (msg, NULL, 404, error->message);
      respond_json (msg, 404, pt_sync_encode_error (PT_SYNC_ERROR_MALFORMED, error->message));
      return;
    }

  if (!check_version (msg, &error) || (branch = authenticate (self, msg, &error)) == NULL)
    {
      respond_error (msg, error, NULL);
      return;
    }

  if (g_strcmp0 (path, "/v1/hello") == 0)
    handle_hello (self, msg, branch);
  else if (g_strcmp0 (path, "/v1/pull") == 0)
    handle_pull (self, msg, query, branch);
  else if (g_strcmp0 (path, "/v1/snapshot") == 0)
    handle_snapshot (self, msg, query, branch);
  else
    handle_push (self, msg, branch);
}

/* A body announced larger than the limit is refused before it is read. */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  PtServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);
  g_autoptr(GError) error = NULL;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > (goffset) self->max_body)
    {
      g_set_error (&error, PT_SYNC_ERROR, PT_SYNC_ERROR_TOO_LARGE,
                   _("the body is %" PRId64 " bytes, more than the %zu allowed"),
                   length, self->max_body);
      respond_error (msg, error, NULL);
    }
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), user_data, 0);
}

PtServer *
pt_server_new (PtServerStore *store)
{
  PtServer *self = g_object_new (PT_TYPE_SERVER, NULL);

  self->store = g_object_ref (store);
  self->soup = soup_server_new ("server-header", "patron-server/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (self->soup, "/v1", handle_v1_cb, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started_cb), self, 0);
  return self;
}

char *
pt_server_listen (PtServer         *self,
                  const char       *address,
                  GTlsCertificate  *certificate,
                  GError          **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  SoupServerListenOptions options = 0;
  GSList *uris;
  char *url = NULL;

  connectable = g_network_address_parse (address, 0, error);
  if (connectable == NULL)
    {
      g_prefix_error (error, _("Listen address “%s”: "), address);
      return NULL;
    }
  enumerator = g_socket_connectable_enumerate (connectable);
  socket_address = g_socket_address_enumerator_next (enumerator, NULL, error);
  if (socket_address == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Listen address “%s”: not found"),
                     address);
      return NULL;
    }

  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->soup, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  if (!soup_server_listen (self->soup, socket_address, options, error))
    return NULL;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* "http://127.0.0.1:8080/" → without the slash, as clients are given it. */
  if (url != NULL && g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  return url;
}

void
pt_server_disconnect (PtServer *self)
{
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}
