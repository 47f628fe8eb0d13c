/* pt-store-sync-events.c — writing a synced event row: set union by id,
 * the server's version in place of a different local one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event whose id is derived from its inputs (a reversal from the sale,
 * an expiry from the lot, a cancellation from the redemption) can be made
 * at two branches offline. The server keeps the first version it gets,
 * logs only that one, and answers the second push "duplicate" with it; so
 * a pulled event, or the version in such an answer, is always the one to
 * keep. A row here with another stamp is this branch's losing version and
 * is overwritten in place, and the applier then re-derives what depends
 * on it. Every replica ends with the same row.
 */
#define G_LOG_DOMAIN "pt-store-sync"

#include "config.h"

#include "pt-store-appliers.h"
#include "pt-store-private.h"

const char *
pt_store_payload_string (JsonObject *payload,
                         const char *key)
{
  JsonNode *node = json_object_get_member (payload, key);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

gint64
pt_store_payload_int (JsonObject *payload,
                      const char *key)
{
  JsonNode *node = json_object_get_member (payload, key);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    return json_node_get_int (node);
  return 0;
}

gboolean
pt_store_write_event (PtStore             *store,
                      const char          *insert_sql,
                      const char          *replace_sql,
                      PtStoreEventBinder   bind,
                      const PtStoreOp     *op,
                      PtStoreEventFate    *fate,
                      GError             **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (store, insert_sql, error);

  if (stmt == NULL)
    return FALSE;
  bind (stmt, op);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (pt_store_get_db (store)) > 0)
    {
      *fate = PT_STORE_EVENT_NEW;
      return TRUE;
    }

  stmt = pt_store_prepare (store, replace_sql, error);
  if (stmt == NULL)
    return FALSE;
  bind (stmt, op);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  *fate = sqlite3_changes (pt_store_get_db (store)) > 0 ? PT_STORE_EVENT_REPLACED
                                                         : PT_STORE_EVENT_SAME;
  if (*fate == PT_STORE_EVENT_REPLACED)
    g_debug ("%s %s: the server's version replaces this branch's", op->entity, op->entity_id);
  return TRUE;
}

gboolean
pt_store_apply_event_canonical (PtStore          *store,
                                PtStoreApplyFunc  apply,
                                const char       *entity,
                                const char       *entity_id,
                                JsonObject       *canonical,
                                GError          **error)
{
  g_autoptr(PtStoreOp) op = NULL;
  JsonObject *payload = json_object_get_object_member (canonical, "payload");
  const char *hlc = json_object_get_string_member_with_default (canonical, "hlc", NULL);

  if (payload == NULL || hlc == NULL)
    {
      g_warning ("%s %s: the server's version has no stamp or payload, not applied",
                 entity, entity_id);
      return TRUE;
    }

  op = pt_store_op_new ();
  op->entity = g_strdup (entity);
  op->entity_id = g_strdup (entity_id);
  op->op = g_strdup ("append");
  op->hlc = g_strdup (hlc);
  op->branch = g_strdup (json_object_get_string_member_with_default (canonical, "branch", NULL));
  op->payload = json_object_ref (payload);
  return apply (store, op, error) && pt_store_merges_follow_op (store, op, error);
}
