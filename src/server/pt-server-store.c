/* pt-server-store.c — the server's SQLite database and its merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "pt-clock.h"
#include "pt-crash.h"
#include "pt-json.h"
#include "pt-server-auth.h"
#include "pt-server-backend.h"
#include "pt-server-policy.h"
#include "pt-server-store-private.h"
#include "pt-uuid.h"
#include "pt-validation.h"

struct _PtServerStore
{
  GObject          parent_instance;

  PtServerBackend *backend;
  PtClock         *clock;
  char            *epoch;
  gint64           max_skew_ms;
  /* The push under way: the phone number each of its member ops gives
   * in its payload text (pt-server-merge.c). */
  GHashTable      *push_phones;
};

G_DEFINE_FINAL_TYPE (PtServerStore, pt_server_store, G_TYPE_OBJECT)

static void
pt_server_store_finalize (GObject *object)
{
  PtServerStore *self = (PtServerStore *) object;

  g_clear_object (&self->backend);
  g_clear_object (&self->clock);
  g_free (self->epoch);
  g_hash_table_unref (self->push_phones);

  G_OBJECT_CLASS (pt_server_store_parent_class)->finalize (object);
}

static void
pt_server_store_class_init (PtServerStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_server_store_finalize;
}

static void
pt_server_store_init (PtServerStore *self)
{
  self->max_skew_ms = 300 * 1000;
  self->push_phones = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
}

void
pt_server_branch_free (PtServerBranch *branch)
{
  if (branch == NULL)
    return;
  g_free (branch->id);
  g_free (branch->name);
  g_free (branch->code);
  g_free (branch);
}

PtServerStore *
pt_server_store_open (const char  *database,
                      GError     **error)
{
  g_autoptr(PtServerStore) self = g_object_new (PT_TYPE_SERVER_STORE, NULL);

  self->backend = pt_server_backend_open (database, error);
  if (self->backend == NULL)
    return NULL;
  self->epoch = pt_server_backend_get_meta (self->backend, "epoch", error);
  if (self->epoch == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED,
                     _("The database %s has no epoch: it is not a patron-server database"),
                     database);
      return NULL;
    }
  self->clock = pt_clock_new ("server");
  return g_steal_pointer (&self);
}

PtServerBackend *
pt_server_store_get_backend (PtServerStore *self)
{
  return self->backend;
}

const char *
pt_server_store_get_epoch (PtServerStore *self)
{
  return self->epoch;
}

gint64
pt_server_store_get_head (PtServerStore *self)
{
  return pt_server_backend_get_head (self->backend, NULL);
}

void
pt_server_store_set_max_skew_ms (PtServerStore *self,
                                 gint64         max_skew_ms)
{
  self->max_skew_ms = max_skew_ms;
}

gint64
pt_server_store_get_max_skew_ms (PtServerStore *self)
{
  return self->max_skew_ms;
}

gboolean
pt_server_store_new_epoch (PtServerStore  *self,
                           GError        **error)
{
  g_autofree char *epoch = pt_uuid_new ();

  if (!pt_server_backend_set_meta (self->backend, "epoch", epoch, error))
    return FALSE;
  g_free (self->epoch);
  self->epoch = g_steal_pointer (&epoch);
  return TRUE;
}

/* --------------------------------------------------------------- branches */

static char *
default_code (const char *name)
{
  GString *code = g_string_new (NULL);

  for (const char *p = name; *p && code->len < 4; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (code, g_ascii_toupper (*p));
  if (code->len == 0)
    g_string_append (code, "BR");
  return g_string_free (code, FALSE);
}

static gboolean
code_taken (PtServerStore *self,
            const char    *code)
{
  return pt_server_backend_code_taken (self->backend, code, NULL);
}

char *
pt_server_store_add_branch (PtServerStore  *self,
                            const char     *name,
                            const char     *code,
                            GError        **error)
{
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *salt = pt_server_auth_new_salt ();
  g_autofree char *token = pt_server_auth_new_token (id);
  g_autofree char *hash = pt_server_auth_hash (salt, token);
  g_autofree char *own_code = NULL;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > 100)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("Branch name: must be 1 to 100 characters"));
      return NULL;
    }
  if (code == NULL || *code == '\0')
    {
      /* Member numbers carry the code, so codes never repeat. */
      g_autofree char *base = default_code (name);

      own_code = g_strdup (base);
      for (guint n = 2; code_taken (self, own_code); n++)
        {
          g_free (own_code);
          own_code = g_strdup_printf ("%s%u", base, n);
        }
      code = own_code;
    }
  else if (code_taken (self, code))
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("Branch code: “%s” is already used by another branch"), code);
      return NULL;
    }

  {
    PtServerBranch row = {
      .id = id,
      .name = (char *) name,
      .code = (char *) code,
      .created_at = g_get_real_time () / G_USEC_PER_SEC,
    };
    gboolean name_taken = FALSE;

    if (!pt_server_backend_insert_branch (self->backend, &row, salt, hash, &name_taken, error))
      {
        if (name_taken)
          g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                       _("Branch name: “%s” is already enrolled"), name);
        return NULL;
      }
  }
  return g_steal_pointer (&token);
}

gboolean
pt_server_store_revoke_branch (PtServerStore  *self,
                               const char     *name,
                               GError        **error)
{
  gboolean found = FALSE;

  if (!pt_server_backend_revoke_branch (self->backend, name, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED, _("No branch named “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
pt_server_store_list_branches (PtServerStore  *self,
                               GError        **error)
{
  return pt_server_backend_list_branches (self->backend, error);
}

PtServerBranch *
pt_server_store_authenticate (PtServerStore  *self,
                              const char     *token,
                              GError        **error)
{
  g_autofree char *branch_id = pt_server_auth_token_branch (token);
  g_autofree char *hash = NULL;
  g_autoptr(PtServerBranch) branch = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *stored = NULL;

  if (branch_id == NULL)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED,
                   _("missing or malformed branch token"));
      return NULL;
    }

  branch = pt_server_backend_find_branch (self->backend, branch_id, &salt, &stored, error);
  if (branch == NULL && error != NULL && *error != NULL)
    return NULL;
  if (branch != NULL)
    {
      hash = pt_server_auth_hash (salt, token);
      if (!pt_server_auth_equal (hash, stored))
        g_clear_pointer (&branch, pt_server_branch_free);
    }

  if (branch == NULL)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED, _("unknown branch token"));
      return NULL;
    }
  if (branch->revoked)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED,
                   _("the token of branch “%s” has been revoked"), branch->name);
      return NULL;
    }
  return g_steal_pointer (&branch);
}

/* -------------------------------------------------------------------- log */

char *
pt_server_json_to_text (JsonObject *object)
{
  return pt_json_object_to_text (object);
}

JsonObject *
pt_server_json_from_text (const char *text)
{
  JsonObject *object = text != NULL ? pt_json_parse_object (text, -1, NULL) : NULL;

  return object != NULL ? object : json_object_new ();
}

gint64
pt_server_store_append_log (PtServerStore    *self,
            const PtStoreOp  *op,
            GError          **error)
{
  return pt_server_store_append_log_text (self, op, NULL, error);
}

gint64
pt_server_store_append_log_text (PtServerStore    *self,
                                 const PtStoreOp  *op,
                                 const char       *payload_text,
                                 GError          **error)
{
  g_autofree char *own_payload = NULL;
  PtServerLogRow row = {
    .op_id = op->op_id,
    .entity = op->entity,
    .entity_id = op->entity_id,
    .op = op->op,
    .hlc = op->hlc,
    .branch = op->branch,
    .received_at = g_get_real_time () / G_USEC_PER_SEC,
    .audit = op->audit,
  };

  if (payload_text == NULL)
    payload_text = op->payload_text;
  if (payload_text == NULL)
    payload_text = own_payload = pt_server_json_to_text (op->payload);
  row.payload = payload_text;
  return pt_server_backend_append_log (self->backend, &row, error);
}

gboolean
pt_server_store_save_result (PtServerStore   *self,
                             const char      *op_id,
                             PtSyncStatus     status,
                             gint64           seq,
                             const char      *reason,
                             GError         **error)
{
  return pt_server_backend_save_result (self->backend, op_id, pt_sync_status_to_string (status),
                                        seq, reason, error);
}

/* The answer given before to @op_id, if any: the op is in the log, or its
 * answer was kept (one statement, as every op of a push asks). */
static gboolean
find_previous (PtServerStore   *self,
               const char      *op_id,
               PtSyncOpResult **out,
               GError         **error)
{
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;
  PtSyncOpResult *result = NULL;
  gint64 seq = 0;

  if (!pt_server_backend_find_previous (self->backend, op_id, &status, &seq, &reason, error))
    return FALSE;
  if (status != NULL)
    {
      result = g_new0 (PtSyncOpResult, 1);
      result->op_id = g_strdup (op_id);
      if (g_strcmp0 (status, "rejected") == 0)
        {
          result->status = PT_SYNC_STATUS_REJECTED;
          result->reason = g_steal_pointer (&reason);
        }
      else
        {
          result->status = PT_SYNC_STATUS_DUPLICATE;
          result->seq = seq;
        }
    }

  *out = result;
  return TRUE;
}

PtClock *
pt_server_store_get_clock (PtServerStore *self)
{
  return self->clock;
}

GHashTable *
pt_server_store_get_push_phones (PtServerStore *self)
{
  return self->push_phones;
}

/* ------------------------------------------------------------------- push */

static gboolean
reject (PtServerStore    *self,
        const PtStoreOp  *op,
        PtSyncOpResult   *result,
        char             *reason,
        GError          **error)
{
  result->status = PT_SYNC_STATUS_REJECTED;
  result->seq = 0;
  result->reason = reason;
  g_clear_pointer (&result->canonical, json_object_unref);
  result->canonical = pt_server_merge_canonical (self, op->entity, op->entity_id);
  return pt_server_store_save_result (self, op->op_id, PT_SYNC_STATUS_REJECTED, 0, reason, error);
}

static PtSyncOpResult *
push_one (PtServerStore             *self,
          const PtServerBranch      *branch,
          const PtStoreOp           *op,
          const PtServerAuditCheck  *check,
          gint64                     now_ms,
          GError                   **error)
{
  g_autoptr(PtSyncOpResult) result = NULL;
  guint64 raw = 0;

  if (!find_previous (self, op->op_id, &result, error))
    return NULL;
  if (result != NULL)
    {
      if (result->status == PT_SYNC_STATUS_DUPLICATE)
        result->canonical = pt_server_import_is_chunk (op)
                            ? pt_server_import_canonical (self, op)
                            : pt_server_merge_canonical (self, op->entity, op->entity_id);
      return g_steal_pointer (&result);
    }

  result = g_new0 (PtSyncOpResult, 1);
  result->op_id = g_strdup (op->op_id);
  pt_hlc_parse (op->hlc, &raw);

  if (g_strcmp0 (op->branch, branch->id) != 0)
    {
      if (!reject (self, op, result,
                   g_strdup_printf (_("the op is written as branch %s, but this token is branch %s"),
                                    op->branch, branch->id), error))
        return NULL;
    }
  else if (pt_hlc_get_ms (raw) > now_ms + self->max_skew_ms)
    {
      if (!reject (self, op, result,
                   g_strdup_printf (_("clock ahead: the op is stamped %" PRId64
                                      " s ahead of the server’s clock (at most %" PRId64
                                      " s allowed)"),
                                    (pt_hlc_get_ms (raw) - now_ms) / 1000,
                                    self->max_skew_ms / 1000), error))
        return NULL;
    }
  else
    {
      g_autofree char *refusal = NULL;

      /* Issue 13: the staff's role and the device's audit chain. */
      if (!pt_server_policy_apply (self, op, check, &refusal, error))
        return NULL;
      if (refusal != NULL)
        {
          if (!reject (self, op, result, g_steal_pointer (&refusal), error))
            return NULL;
          return g_steal_pointer (&result);
        }
      if (!pt_server_merge_op (self, op, result, error))
        return NULL;
      pt_clock_observe_raw (self->clock, raw);
    }

  return g_steal_pointer (&result);
}

/* The ops of a push, their audit entries checked on their own before the
 * log lock is taken (pt-server-policy.h). */
typedef struct
{
  GPtrArray          *ops;
  PtServerAuditCheck *checks;
} PushOps;

/* @audits: the entries as the decoder read them, if it did. */
static void
push_ops_init (PushOps   *push,
               GPtrArray *ops,
               GPtrArray *audits)
{
  push->ops = ops;
  push->checks = g_new (PtServerAuditCheck, ops->len);
  for (guint i = 0; i < ops->len; i++)
    {
      PtStoreOp *op = g_ptr_array_index (ops, i);

      if (audits != NULL && audits->len == ops->len)
        pt_server_audit_check_read (&push->checks[i], op, g_ptr_array_index (audits, i));
      else
        pt_server_audit_check_parse (&push->checks[i], op);
    }
}

static void
push_ops_clear (PushOps *push)
{
  for (guint i = 0; push->checks != NULL && i < push->ops->len; i++)
    pt_server_audit_check_clear (&push->checks[i]);
  g_clear_pointer (&push->checks, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PushOps, push_ops_clear)

static PtSyncPushResponse *
push_locked (PtServerStore         *self,
             const PtServerBranch  *branch,
             PushOps               *push,
             GError               **error)
{
  g_autoptr(PtSyncPushResponse) response = pt_sync_push_response_new ();
  gint64 now_ms = g_get_real_time () / 1000;

  if (!pt_server_merge_begin (self, push->ops, error))
    return NULL;

  for (guint i = 0; i < push->ops->len; i++)
    {
      PtSyncOpResult *result = push_one (self, branch, g_ptr_array_index (push->ops, i),
                                         &push->checks[i], now_ms, error);

      if (result == NULL)
        {
          pt_server_backend_rollback (self->backend);
          return NULL;
        }
      g_ptr_array_add (response->results, result);
      pt_crash_point ("server-after-op");
    }

  if (!pt_server_backend_commit (self->backend, error))
    {
      pt_server_backend_rollback (self->backend);
      return NULL;
    }
  pt_crash_point ("after-server-commit");

  response->epoch = g_strdup (self->epoch);
  response->head = pt_server_store_get_head (self);
  return g_steal_pointer (&response);
}

PtSyncPushResponse *
pt_server_store_push (PtServerStore         *self,
                      const PtServerBranch  *branch,
                      PtSyncPushRequest     *request,
                      GError               **error)
{
  g_auto(PushOps) push = { NULL, };
  PtSyncPushResponse *response;

  if (g_strcmp0 (request->branch, branch->id) != 0)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FORBIDDEN,
                   _("push: this token writes as branch “%s” (%s), not as %s"),
                   branch->name, branch->id, request->branch);
      return NULL;
    }

  /* Every op's entry is checked against its own hash here, where two
   * server processes can do it at once; what needs the log's state is
   * checked under the lock. */
  push_ops_init (&push, request->ops, request->audits);
  /* The phone numbers the merge asks for (pt-server-merge.c), read with
   * the request. */
  if (request->payload_values != NULL && request->payload_values->len == request->ops->len)
    for (guint i = 0; i < request->ops->len; i++)
      g_hash_table_insert (self->push_phones, g_ptr_array_index (request->ops, i),
                           g_steal_pointer (&g_ptr_array_index (request->payload_values, i)));
  response = push_locked (self, branch, &push, error);
  g_hash_table_remove_all (self->push_phones);
  return response;
}

/* ------------------------------------------------------------------- pull */

typedef struct
{
  GString *out;
  gint64   next;
  guint    rows;
} PullPage;

static void
add_pulled_row (const PtServerLogRow *row,
                gpointer              user_data)
{
  PullPage *page = user_data;

  page->next = row->seq;
  pt_sync_pull_writer_add_audited (page->out, row->seq, row->op_id, row->entity, row->entity_id,
                                   row->op, row->hlc, row->branch, row->payload, row->audit);
  page->rows++;
}

char *
pt_server_store_pull (PtServerStore  *self,
                      gint64          since,
                      gint64          covered,
                      guint           limit,
                      GError        **error)
{
  g_autofree char *floor_text = pt_server_backend_get_meta (self->backend, "floor", NULL);
  gint64 floor = floor_text ? g_ascii_strtoll (floor_text, NULL, 10) : 0;
  PullPage page = { NULL, since, 0 };
  g_autoptr(GError) head_error = NULL;
  gint64 head;

  if (since > 0 && since < floor)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_GONE,
                   _("pull: the server no longer keeps changes before %" PRId64
                     "; pull again from 0"), floor);
      return NULL;
    }

  /* The head is read before the page: every op up to it has committed
   * and is on disk (see the backends), so a short page may move the
   * cursor to it; the page reads no further. */
  head = pt_server_backend_get_head (self->backend, &head_error);
  if (head_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&head_error));
      return NULL;
    }

  limit = CLAMP (limit, 1, PT_SYNC_MAX_PAGE);
  page.out = g_string_sized_new (limit * 400);
  pt_sync_pull_writer_begin (page.out);
  if (!pt_server_backend_read_log (self->backend, since, covered, head, limit, add_pulled_row, &page,
                                   error))
    {
      g_string_free (page.out, TRUE);
      return NULL;
    }

  /* A short page read the log to its head, left-out changes included. */
  if (page.rows < limit)
    page.next = MAX (page.next, head);
  pt_sync_pull_writer_end (page.out, self->epoch, head, page.next, page.next < head);
  return g_string_free (page.out, FALSE);
}
