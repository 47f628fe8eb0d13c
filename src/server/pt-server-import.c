/* pt-server-import.c — an import's chunks of members and sales, merged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chunk (pt-import-chunk.h) is one row of the log for many members or
 * sales, each merged as the op it stands for would be:
 *
 * - a member as its create op, per field by stamp, its phone number
 *   checked against the others (pt_server_merge_created_member ());
 * - a sale as its append: registered as an event, so that the same sale
 *   imported again (the same file at another branch: the ids derive from
 *   it) is not logged twice. The sales the server has already are left
 *   out of the chunk before it is logged, and the answer carries the
 *   server's versions of them for the branch to take in place of its
 *   own, as it does for a single event seen before. A chunk whose sales
 *   the server has all is not logged at all.
 *
 * A chunk that does not read is refused whole, before anything of it is
 * written.
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-import-chunk.h"
#include "pt-json.h"
#include "pt-server-store-private.h"

gboolean
pt_server_import_is_chunk (const PtStoreOp *op)
{
  return g_strcmp0 (op->entity, "member_import") == 0 ||
         g_strcmp0 (op->entity, "purchase_import") == 0;
}

static gboolean
is_members (const PtStoreOp *op)
{
  return g_strcmp0 (op->entity, "member_import") == 0;
}

/* ------------------------------------------------------------- members */

typedef struct
{
  PtServerStore   *self;
  const PtStoreOp *chunk;
} Rows;

static gboolean
merge_member (const char  *id,
              JsonObject  *fields,
              gpointer     user_data,
              GError     **error)
{
  Rows *rows = user_data;
  PtStoreOp member = pt_store_op_chunk_row (rows->chunk, "member", id, "create", fields);

  return pt_server_merge_created_member (rows->self, &member, error);
}

/* ------------------------------------------------------------- sales */

typedef struct
{
  PtServerStore *self;
  GHashTable    *seen;    /* ids of the chunk's rows so far */
  GHashTable    *known;   /* id → seq (gint64 *) of the sales the server has already */
  gint64         seq;     /* the chunk's row of the log; while reading, the
                           * latest of those of the known sales */
} Sales;

static gboolean
find_known_sale (const char  *id,
                 JsonObject  *fields,
                 gpointer     user_data,
                 GError     **error)
{
  Sales *sales = user_data;
  gint64 seq = 0;

  if (!g_hash_table_add (sales->seen, (gpointer) id))
    {
      /* Translators: %s is the id of a sale an import's op lists twice */
      g_set_error (error, PT_IMPORT_CHUNK_ERROR, 0, _("an import’s rows: %s is listed twice"), id);
      return FALSE;
    }
  if (!pt_server_backend_find_event (pt_server_store_get_backend (sales->self), "purchase", id,
                                     &seq, error))
    return FALSE;
  if (seq > 0)
    g_hash_table_insert (sales->known, g_strdup (id), g_memdup2 (&seq, sizeof seq));
  sales->seq = MAX (sales->seq, seq);
  return TRUE;
}

static gboolean
register_sale (const char  *id,
               JsonObject  *fields,
               gpointer     user_data,
               GError     **error)
{
  Sales *sales = user_data;

  return pt_server_backend_insert_event (pt_server_store_get_backend (sales->self), "purchase", id,
                                         sales->seq, error);
}

/* A row of the log that brought sales, read once for all of them. */
typedef struct
{
  char       *hlc;
  char       *branch;
  JsonObject *payload;
  GHashTable *rows;     /* a chunk's: id → fields (the payload's) */
} Origin;

static void
origin_free (Origin *origin)
{
  g_free (origin->hlc);
  g_free (origin->branch);
  g_clear_pointer (&origin->rows, g_hash_table_unref);
  g_clear_pointer (&origin->payload, json_object_unref);
  g_free (origin);
}

static gboolean
index_row (const char  *id,
           JsonObject  *fields,
           gpointer     user_data,
           GError     **error)
{
  g_hash_table_insert (user_data, (gpointer) id, fields);
  return TRUE;
}

/* The first version the server logged of sale @id ({"hlc", "branch",
 * "payload"}), registered at @seq; @origins (seq → Origin) keeps each
 * row of the log read, an import's chunk bringing a thousand. */
static JsonObject *
sale_version (PtServerStore  *self,
              const char     *id,
              gint64          seq,
              GHashTable     *origins)
{
  PtServerBackend *backend = pt_server_store_get_backend (self);
  Origin *origin;
  JsonObject *row;
  JsonObject *version;

  origin = g_hash_table_lookup (origins, &seq);
  if (origin == NULL)
    {
      g_autofree char *text = NULL;
      gint64 *key = g_new (gint64, 1);

      origin = g_new0 (Origin, 1);
      *key = seq;
      g_hash_table_insert (origins, key, origin);
      if (pt_server_backend_event_origin (backend, "purchase", id, &origin->hlc, &origin->branch,
                                          &text, NULL) && text != NULL)
        origin->payload = pt_server_json_from_text (text);
      if (origin->payload != NULL &&
          json_object_has_member (origin->payload, PT_IMPORT_CHUNK_PURCHASES))
        {
          origin->rows = g_hash_table_new (g_str_hash, g_str_equal);
          pt_import_chunk_foreach (origin->payload, PT_IMPORT_CHUNK_PURCHASES, index_row,
                                   origin->rows, NULL);
        }
    }
  if (origin->hlc == NULL || origin->payload == NULL)
    return NULL;
  row = origin->rows != NULL ? g_hash_table_lookup (origin->rows, id) : origin->payload;
  if (row == NULL)
    return NULL;
  version = json_object_new ();
  json_object_set_string_member (version, "hlc", origin->hlc);
  json_object_set_string_member (version, "branch", origin->branch);
  json_object_set_object_member (version, "payload", json_object_ref (row));
  return version;
}

typedef struct
{
  PtServerStore   *self;
  const PtStoreOp *chunk;
  GHashTable      *only;      /* id → seq of the rows to answer for, or NULL: every row */
  GHashTable      *origins;
  JsonArray       *versions;
} Versions;

static gboolean
add_version (const char  *id,
             JsonObject  *fields,
             gpointer     user_data,
             GError     **error)
{
  Versions *v = user_data;
  const gint64 *known = v->only ? g_hash_table_lookup (v->only, id) : NULL;
  JsonObject *version;
  JsonObject *element;
  gint64 seq = known ? *known : 0;

  if (v->only != NULL && known == NULL)
    return TRUE;
  if (known == NULL &&
      !pt_server_backend_find_event (pt_server_store_get_backend (v->self), "purchase", id, &seq,
                                     NULL))
    return TRUE;
  version = seq > 0 ? sale_version (v->self, id, seq, v->origins) : NULL;
  if (version == NULL)
    return TRUE;
  /* The chunk's own rows need no answer. */
  if (g_strcmp0 (json_object_get_string_member (version, "hlc"), v->chunk->hlc) == 0)
    {
      json_object_unref (version);
      return TRUE;
    }
  element = json_object_new ();
  json_object_set_string_member (element, "id", id);
  json_object_set_object_member (element, "canonical", version);
  json_array_add_object_element (v->versions, element);
  return TRUE;
}

/* {"purchases": [{"id", "canonical"}, ...]}: the server's versions of
 * the rows of @op (or of those in @only) that came before it. */
static JsonObject *
sale_versions (PtServerStore    *self,
               const PtStoreOp  *op,
               GHashTable       *only)
{
  g_autoptr(GHashTable) origins = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) origin_free);
  Versions v = { self, op, only, origins, json_array_new () };
  JsonObject *canonical;

  pt_import_chunk_foreach (pt_server_op_payload (op), PT_IMPORT_CHUNK_PURCHASES, add_version, &v,
                           NULL);
  if (json_array_get_length (v.versions) == 0)
    {
      json_array_unref (v.versions);
      return NULL;
    }
  canonical = json_object_new ();
  json_object_set_array_member (canonical, PT_IMPORT_CHUNK_PURCHASES, v.versions);
  return canonical;
}

JsonObject *
pt_server_import_canonical (PtServerStore    *self,
                            const PtStoreOp  *op)
{
  /* Members merge per field: what the branch lost reaches it by pulls. */
  if (is_members (op))
    return NULL;
  return sale_versions (self, op, NULL);
}

static gboolean
merge_sales (PtServerStore    *self,
             const PtStoreOp  *op,
             PtSyncOpResult   *result,
             GError          **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Sales sales = { self, seen, known, 0 };
  gboolean some_known;

  if (!pt_import_chunk_foreach (op->payload, PT_IMPORT_CHUNK_PURCHASES, find_known_sale, &sales,
                                error))
    return FALSE;

  /* The answer's versions are read before the rows leave the payload. */
  some_known = g_hash_table_size (known) > 0;
  if (some_known)
    result->canonical = sale_versions (self, op, known);
  if (some_known && pt_import_chunk_remove (op->payload, PT_IMPORT_CHUNK_PURCHASES, known) == 0)
    {
      /* Seen before, as the latest of the rows that brought its sales. */
      result->status = PT_SYNC_STATUS_DUPLICATE;
      result->seq = sales.seq;
      return pt_server_store_save_result (self, op->op_id, result->status, result->seq, NULL,
                                          error);
    }
  if (some_known)
    g_clear_pointer (&((PtStoreOp *) op)->payload_text, g_free);

  result->seq = pt_server_store_append_log (self, op, error);
  if (result->seq == 0)
    return FALSE;
  result->status = some_known ? PT_SYNC_STATUS_MERGED : PT_SYNC_STATUS_APPLIED;
  sales.seq = result->seq;
  return pt_import_chunk_foreach (op->payload, PT_IMPORT_CHUNK_PURCHASES, register_sale, &sales,
                                  error);
}

/* ------------------------------------------------------------- the op */

static gboolean
refuse (PtServerStore    *self,
        const PtStoreOp  *op,
        PtSyncOpResult   *result,
        const char       *reason,
        GError          **error)
{
  result->status = PT_SYNC_STATUS_REJECTED;
  result->reason = g_strdup (reason);
  return pt_server_store_save_result (self, op->op_id, result->status, 0, result->reason, error);
}

gboolean
pt_server_import_merge (PtServerStore    *self,
                        const PtStoreOp  *op,
                        PtSyncOpResult   *result,
                        GError          **error)
{
  const char *list = is_members (op) ? PT_IMPORT_CHUNK_MEMBERS : PT_IMPORT_CHUNK_PURCHASES;
  g_autoptr(GError) invalid = NULL;
  Rows rows = { self, op };

  if (!pt_import_chunk_validate (pt_server_op_payload (op), list, &invalid))
    return refuse (self, op, result, invalid->message, error);

  if (!is_members (op))
    {
      if (merge_sales (self, op, result, &invalid))
        return TRUE;
      if (!g_error_matches (invalid, PT_IMPORT_CHUNK_ERROR, 0))
        {
          g_propagate_error (error, g_steal_pointer (&invalid));
          return FALSE;
        }
      /* Nothing was written before the rows were read through. */
      return refuse (self, op, result, invalid->message, error);
    }

  result->seq = pt_server_store_append_log (self, op, error);
  if (result->seq == 0)
    return FALSE;
  result->status = PT_SYNC_STATUS_APPLIED;
  return pt_import_chunk_foreach (op->payload, list, merge_member, &rows, error);
}

static gboolean
prefetch_member (const char  *id,
                 JsonObject  *fields,
                 gpointer     user_data,
                 GError     **error)
{
  PtServerPrefetch *prefetch = user_data;

  g_ptr_array_add (prefetch->entities, (gpointer) "member");
  g_ptr_array_add (prefetch->entity_ids, (gpointer) id);
  pt_server_merge_prefetch_phone (prefetch,
                                  json_object_get_string_member_with_default (fields, "phone",
                                                                              NULL));
  return TRUE;
}

void
pt_server_import_prefetch (PtServerPrefetch *prefetch,
                           const PtStoreOp  *op)
{
  /* The members' rows and phone numbers; a sale's registration is read
   * row by row. */
  if (is_members (op))
    pt_import_chunk_foreach (pt_server_op_payload (op), PT_IMPORT_CHUNK_MEMBERS, prefetch_member,
                             prefetch, NULL);
}

JsonObject *
pt_server_import_row_payload (const char  *payload,
                              const char  *entity,
                              const char  *id)
{
  g_autoptr(JsonObject) object = pt_server_json_from_text (payload);
  JsonObject *row;

  if (object == NULL || g_strcmp0 (entity, "purchase") != 0 ||
      !json_object_has_member (object, PT_IMPORT_CHUNK_PURCHASES))
    return g_steal_pointer (&object);
  row = pt_import_chunk_find (object, PT_IMPORT_CHUNK_PURCHASES, id);
  return row != NULL ? json_object_ref (row) : NULL;
}
