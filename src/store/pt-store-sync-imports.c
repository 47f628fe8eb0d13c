/* pt-store-sync-imports.c — an import's chunks of members and sales, pulled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row of a chunk (pt-import-chunk.h) is applied as the op it
 * stands for, stamped with the chunk's stamp: a member as its create op,
 * a sale as its append.
 */
#define G_LOG_DOMAIN "pt-store-sync"

#include "config.h"

#include "pt-import-chunk.h"
#include "pt-store-appliers.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"

typedef struct
{
  PtStore          *store;
  const PtStoreOp  *chunk;
  const char       *entity;   /* what each row is: "member" or "purchase" */
  const char       *op;       /* and its op */
  PtStoreApplyFunc  apply;
} ChunkApply;

static gboolean
apply_row (const char  *id,
           JsonObject  *fields,
           gpointer     user_data,
           GError     **error)
{
  ChunkApply *apply = user_data;
  PtStoreOp row = pt_store_op_chunk_row (apply->chunk, apply->entity, id, apply->op, fields);

  if (!apply->apply (apply->store, &row, error))
    return FALSE;
  /* What a merge moved follows its survivor: the member itself, or the
   * sale's member. */
  return g_strcmp0 (apply->entity, "member") == 0
         ? pt_store_merges_follow_member (apply->store, id, error)
         : pt_store_merges_follow_op (apply->store, &row, error);
}

static gboolean
apply_chunk (ChunkApply   *apply,
             const char   *list,
             GError      **error)
{
  g_autoptr(GError) local = NULL;

  if (pt_import_chunk_foreach (apply->chunk->payload, list, apply_row, apply, &local))
    return TRUE;
  /* The server refuses one that does not read; one that does not here
   * is left out rather than stop the pull (nothing of it was written: it
   * is read whole before its first row). */
  if (g_error_matches (local, PT_IMPORT_CHUNK_ERROR, 0))
    {
      g_debug ("%s %s: %s", apply->chunk->entity, apply->chunk->entity_id, local->message);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gboolean
pt_store_apply_member_import_op (PtStore          *store,
                                 const PtStoreOp  *op,
                                 GError          **error)
{
  ChunkApply apply = { store, op, "member", "create", pt_store_apply_member_op };

  return apply_chunk (&apply, PT_IMPORT_CHUNK_MEMBERS, error);
}

gboolean
pt_store_apply_purchase_import_op (PtStore          *store,
                                   const PtStoreOp  *op,
                                   GError          **error)
{
  ChunkApply apply = { store, op, "purchase", "append", pt_store_apply_purchase_op };

  return apply_chunk (&apply, PT_IMPORT_CHUNK_PURCHASES, error);
}

/* The server's versions of the sales of a chunk it had already (another
 * branch imported them first): {"purchases": [{"id", "canonical"}, ...]}
 * with each canonical as an event's. */
gboolean
pt_store_apply_purchase_import_canonical (PtStore     *store,
                                          const char  *entity_id,
                                          JsonObject  *canonical,
                                          gboolean     force,
                                          GError     **error)
{
  JsonNode *node = json_object_get_member (canonical, PT_IMPORT_CHUNK_PURCHASES);
  JsonArray *versions;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  versions = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (versions); i++)
    {
      JsonNode *element = json_array_get_element (versions, i);
      JsonObject *version;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      version = json_node_get_object (element);
      id = json_object_get_string_member_with_default (version, "id", NULL);
      if (id == NULL || !json_object_has_member (version, "canonical") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (version, "canonical")))
        continue;
      if (!pt_store_sync_apply_canonical (store, "purchase", id,
                                          json_object_get_object_member (version, "canonical"),
                                          force, error))
        return FALSE;
    }
  return TRUE;
}
