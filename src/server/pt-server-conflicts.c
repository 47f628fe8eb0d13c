/* pt-server-conflicts.c — what only a merge reveals, told to every branch,
 * and the running balances that reveal it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include "pt-server-store-private.h"
#include "pt-uuid.h"

gboolean
pt_server_merge_raise_conflict (PtServerStore  *self,
                                const char     *kind,
                                const char     *entity,
                                const char     *entity_id,
                                const char     *other_id,
                                const char     *summary,
                                JsonObject     *left,
                                JsonObject     *right,
                                GError        **error)
{
  g_autofree char *id = pt_uuid_derive ("conflict", kind, entity_id, other_id ? other_id : "", NULL);
  g_autoptr(PtStoreOp) op = pt_store_op_new ();
  PtServerBackend *backend = pt_server_store_get_backend (self);
  gboolean inserted = FALSE;
  gint64 seq;

  if (!pt_server_backend_insert_conflict (backend, id, kind, entity, entity_id, other_id, summary,
                                          &inserted, error))
    return FALSE;
  if (!inserted)
    return TRUE;

  /* Every branch learns of it through the log, like any other change. */
  op->op_id = pt_uuid_derive ("conflict-op", id, NULL);
  op->entity = g_strdup ("conflict");
  op->entity_id = g_strdup (id);
  op->op = g_strdup ("append");
  op->hlc = pt_clock_tick (pt_server_store_get_clock (self));
  op->branch = g_strdup ("server");
  op->payload = json_object_new ();
  json_object_set_string_member (op->payload, "kind", kind);
  json_object_set_string_member (op->payload, "entity", entity);
  json_object_set_string_member (op->payload, "entity_id", entity_id);
  if (other_id != NULL)
    json_object_set_string_member (op->payload, "other_id", other_id);
  json_object_set_string_member (op->payload, "summary", summary);
  json_object_set_object_member (op->payload, "left", left ? json_object_ref (left) : json_object_new ());
  json_object_set_object_member (op->payload, "right", right ? json_object_ref (right) : json_object_new ());

  seq = pt_server_store_append_log (self, op, error);
  if (seq == 0)
    return FALSE;

  g_message ("conflict %s: %s", kind, summary);
  return pt_server_backend_set_conflict_seq (backend, id, seq, error);
}

gboolean
pt_server_merge_add_to_balance (PtServerStore  *self,
                                const char     *kind,
                                const char     *key,
                                gint64          delta,
                                gboolean       *existed,
                                gint64         *after,
                                GError        **error)
{
  PtServerBackend *backend = pt_server_store_get_backend (self);
  gint64 before = 0;

  if (!pt_server_backend_get_balance (backend, kind, key, &before, existed, error))
    return FALSE;
  *after = before + delta;
  return pt_server_backend_set_balance (backend, kind, key, *after, error);
}
