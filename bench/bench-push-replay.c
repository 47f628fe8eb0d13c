/* bench-push-replay.c — a push measured on the server's side alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-push-replay.h"

#include <libsoup/soup.h>
#include <string.h>

#include "pt-store.h"
#include "pt-store-sync.h"
#include "pt-sync-protocol.h"

typedef struct
{
  char      *push_url;
  char      *auth;
  int        schema;   /* the branch database's, as its sync says */
  GPtrArray *bodies;   /* GBytes, in the order the sync sends them */
  guint      next;
} Branch;

struct _BenchReplay
{
  SoupSession *session;
  GPtrArray   *branches;   /* Branch */
  guint        running;
};

static void
branch_free (gpointer data)
{
  Branch *branch = data;

  g_free (branch->push_url);
  g_free (branch->auth);
  g_ptr_array_unref (branch->bodies);
  g_free (branch);
}

BenchReplay *
bench_replay_new (void)
{
  BenchReplay *replay = g_new0 (BenchReplay, 1);

  /* One connection a branch, as each branch's sync has its own; on
   * loopback, no proxy to ask. */
  replay->session = soup_session_new_with_options ("timeout", 60, "max-conns", 64,
                                                   "max-conns-per-host", 64,
                                                   "proxy-resolver", NULL, NULL);
  replay->branches = g_ptr_array_new_with_free_func (branch_free);
  return replay;
}

void
bench_replay_free (BenchReplay *replay)
{
  g_object_unref (replay->session);
  g_ptr_array_unref (replay->branches);
  g_free (replay);
}

static SoupMessage *
new_message (const char *method,
             const char *url,
             const char *auth,
             int         schema_version)
{
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  char schema[16];

  g_snprintf (schema, sizeof schema, "%d", schema_version);
  soup_message_headers_append (headers, "Authorization", auth);
  soup_message_headers_append (headers, PT_SYNC_HEADER_PROTOCOL,
                               G_STRINGIFY (PT_SYNC_PROTOCOL_VERSION));
  soup_message_headers_append (headers, PT_SYNC_HEADER_SCHEMA, schema);
  return msg;
}

static PtSyncHello *
get_hello (BenchReplay  *replay,
           const char   *url,
           const Branch *branch)
{
  g_autofree char *hello_url = g_strconcat (url, "/v1/hello", NULL);
  g_autoptr(SoupMessage) msg = new_message ("GET", hello_url, branch->auth, branch->schema);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read (replay->session, msg, NULL, &error);
  PtSyncHello *hello;

  if (answer == NULL || soup_message_get_status (msg) != 200)
    g_error ("hello to %s: %s (status %u)", url, error ? error->message : "refused",
             soup_message_get_status (msg));
  hello = pt_sync_decode_hello (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                &error);
  if (hello == NULL)
    g_error ("hello to %s: %s", url, error->message);
  return hello;
}

void
bench_replay_add_branch (BenchReplay *replay,
                         const char  *db,
                         const char  *url,
                         const char  *token)
{
  Branch *branch = g_new0 (Branch, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = pt_store_open (db, &error);
  g_autoptr(PtSyncHello) hello = NULL;
  guint batch_ops;
  gsize batch_bytes;

  if (store == NULL)
    g_error ("%s: %s", db, error->message);
  branch->push_url = g_strconcat (url, "/v1/push", NULL);
  branch->auth = g_strconcat ("Bearer ", token, NULL);
  branch->schema = pt_store_get_schema_version (store);
  branch->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (replay->branches, branch);

  /* What the sync learns from the hello before it pushes. */
  hello = get_hello (replay, url, branch);
  if (!pt_store_set_branch (store, hello->branch_id, hello->branch_code, &error))
    g_error ("%s: %s", db, error->message);
  batch_ops = (guint) MIN (hello->max_batch_ops, PT_SYNC_MAX_BATCH_OPS);
  batch_bytes = (gsize) MIN (hello->max_batch_bytes, PT_SYNC_MAX_BATCH_BYTES);

  /* Its batches, as it takes them from the outbox and encodes them. */
  for (;;)
    {
      g_autoptr(GPtrArray) ops = pt_store_outbox_peek_text (store, batch_ops, batch_bytes, &error);
      g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
      PtStoreOp *first, *last;
      char *text;

      if (ops == NULL)
        g_error ("%s: %s", db, error->message);
      if (ops->len == 0)
        break;
      request->schema = branch->schema;
      request->branch = g_strdup (pt_store_get_branch_id (store));
      request->device = g_strdup (pt_store_get_device_id (store));
      g_ptr_array_unref (request->ops);
      request->ops = g_ptr_array_ref (ops);
      text = pt_sync_encode_push_request (request);
      g_ptr_array_add (branch->bodies, g_bytes_new_take (text, strlen (text)));

      first = g_ptr_array_index (ops, 0);
      last = g_ptr_array_index (ops, ops->len - 1);
      if (!pt_store_outbox_mark_acked_range (store, first->op_id, last->op_id, &error))
        g_error ("%s: %s", db, error->message);
    }
}

static void send_next (BenchReplay *replay,
                       Branch      *branch);

typedef struct
{
  BenchReplay *replay;
  Branch      *branch;
} Sending;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sending *sending = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                                &error);

  if (answer == NULL)
    g_error ("push to %s: %s", sending->branch->push_url, error->message);
  if (soup_message_get_status (msg) != 200)
    g_error ("push to %s answered %u: %.*s", sending->branch->push_url,
             soup_message_get_status (msg), (int) MIN (g_bytes_get_size (answer), 500),
             (const char *) g_bytes_get_data (answer, NULL));
  send_next (sending->replay, sending->branch);
  g_free (sending);
}

static void
send_next (BenchReplay *replay,
           Branch      *branch)
{
  g_autoptr(SoupMessage) msg = NULL;
  Sending *sending;

  if (branch->next == branch->bodies->len)
    {
      replay->running--;
      return;
    }
  msg = new_message ("POST", branch->push_url, branch->auth, branch->schema);
  soup_message_set_request_body_from_bytes (msg, "application/json",
                                            g_ptr_array_index (branch->bodies, branch->next));
  branch->next++;
  sending = g_new (Sending, 1);
  *sending = (Sending) { replay, branch };
  soup_session_send_and_read_async (replay->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb,
                                    sending);
}

double
bench_replay_run (BenchReplay *replay)
{
  gint64 start = g_get_monotonic_time ();

  replay->running = replay->branches->len;
  for (guint i = 0; i < replay->branches->len; i++)
    send_next (replay, g_ptr_array_index (replay->branches, i));
  while (replay->running > 0)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

guint
bench_replay_n_requests (BenchReplay *replay)
{
  guint n = 0;

  for (guint i = 0; i < replay->branches->len; i++)
    n += ((Branch *) g_ptr_array_index (replay->branches, i))->bodies->len;
  return n;
}
