/* pt-server-erase.c — a member erased on request, on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kept beside the merge code, behind one call; what it reads and writes
 * goes through the storage backend (pt-server-backend.h), which holds
 * the SQL: the erased members, the phone index and the conflicts
 * (erase_member), the log's payloads and audit entries and the merged
 * state.
 */
#define G_LOG_DOMAIN "pt-server"

#include "config.h"

#include "pt-audit-chain.h"
#include "pt-import-chunk.h"
#include "pt-member-erase.h"
#include "pt-server-erase.h"
#include "pt-server-store-private.h"

static gboolean
is_erased (PtServerStore  *self,
           const char     *member_id,
           gboolean       *erased,
           GError        **error)
{
  return pt_server_backend_is_erased (pt_server_store_get_backend (self), member_id, erased,
                                      error);
}

typedef void (*ScrubFunc) (JsonObject *object,
                           const char *member_id);

static void
scrub_fields (JsonObject *object,
              const char *member_id)
{
  pt_member_erase_json (object, FALSE);
}

/* The member's part of an import's chunk of members. */
static void
scrub_chunk (JsonObject *object,
             const char *member_id)
{
  pt_import_chunk_erase_member (object, member_id);
}

/* A conflict's payload names the member in its summary and both sides. */
static void
scrub_conflict (JsonObject *object,
                const char *member_id)
{
  json_object_set_string_member (object, "summary", PT_MEMBER_ERASED_NAME);
  json_object_set_object_member (object, "left", json_object_new ());
  json_object_set_object_member (object, "right", json_object_new ());
}

/* REDACT (issue 12 x 13): an erased member's audit entries keep their
 * field names and the digest their chain covers, not their values. */
static void
scrub_audit (JsonObject *object,
             const char *member_id)
{
  pt_audit_object_redact (object);
}

/* Which column of which log rows of a member rewrite_log() rewrites. */
typedef enum
{
  REWRITE_MEMBER_PAYLOADS,
  REWRITE_CONFLICT_PAYLOADS,
  /* The imports' chunks that name the member. */
  REWRITE_IMPORT_PAYLOADS,
  /* REDACT: the audit entries of the ops on the member. */
  REWRITE_MEMBER_AUDIT,
} RewriteKind;

typedef struct
{
  ScrubFunc   scrub;
  const char *member_id;
  gboolean    audit;
  GArray    *seqs;
  GPtrArray *texts;
} Rewrite;

static void
scrub_log_row (const PtServerLogRow *row,
               gpointer              user_data)
{
  Rewrite *rewrite = user_data;
  const char *text = rewrite->audit ? row->audit : row->payload;
  g_autoptr(JsonObject) object = text != NULL ? pt_server_json_from_text (text) : NULL;

  if (object == NULL)
    return;
  rewrite->scrub (object, rewrite->member_id);
  g_array_append_val (rewrite->seqs, row->seq);
  g_ptr_array_add (rewrite->texts, pt_server_json_to_text (object));
}

/* Rewrites the log rows of @member_id that @kind says with @scrub. */
static gboolean
rewrite_log (PtServerStore  *self,
             RewriteKind     kind,
             const char     *member_id,
             ScrubFunc       scrub,
             GError        **error)
{
  PtServerBackend *backend = pt_server_store_get_backend (self);
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  Rewrite rewrite = { scrub, member_id, kind == REWRITE_MEMBER_AUDIT, seqs, texts };
  gboolean ok = FALSE;

  switch (kind)
    {
    case REWRITE_MEMBER_PAYLOADS:
      ok = pt_server_backend_read_entity_log (backend, "member", member_id, NULL, scrub_log_row,
                                              &rewrite, error);
      break;
    case REWRITE_CONFLICT_PAYLOADS:
      ok = pt_server_backend_read_member_conflicts (backend, member_id, scrub_log_row, &rewrite,
                                                    error);
      break;
    case REWRITE_IMPORT_PAYLOADS:
      ok = pt_server_backend_read_member_imports (backend, member_id, scrub_log_row, &rewrite,
                                                  error);
      break;
    case REWRITE_MEMBER_AUDIT:
      ok = pt_server_backend_read_member_audit (backend, member_id, scrub_log_row, &rewrite,
                                                error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return FALSE;
  for (guint i = 0; i < seqs->len; i++)
    {
      gint64 seq = g_array_index (seqs, gint64, i);
      const char *text = g_ptr_array_index (texts, i);

      if (!(rewrite.audit ? pt_server_backend_set_log_audit (backend, seq, text, error)
                          : pt_server_backend_set_log_payload (backend, seq, text, error)))
        return FALSE;
    }
  return TRUE;
}

/* Rewrites the merged fields of @member_id with @scrub. */
static gboolean
rewrite_state (PtServerStore  *self,
               const char     *member_id,
               ScrubFunc       scrub,
               GError        **error)
{
  PtServerBackend *backend = pt_server_store_get_backend (self);
  g_auto(PtServerEntityRow) row = { 0, };
  g_autoptr(JsonObject) fields = NULL;
  gboolean found = FALSE;

  if (!pt_server_backend_load_entity (backend, "member", member_id, &row, &found, error))
    return FALSE;
  if (!found || (fields = pt_server_json_from_text (row.fields)) == NULL)
    return TRUE;
  scrub (fields, member_id);
  g_free (row.fields);
  row.fields = pt_server_json_to_text (fields);
  return pt_server_backend_write_entity (backend, "member", member_id, &row, error);
}

static gboolean
erase_member (PtServerStore  *self,
              const char     *member_id,
              GError        **error)
{
  /* Recorded as erased; its phone numbers forgotten; its conflicts named
   * PT_MEMBER_ERASED_NAME. */
  if (!pt_server_backend_erase_member (pt_server_store_get_backend (self), member_id,
                                       PT_MEMBER_ERASED_NAME, error))
    return FALSE;
  return rewrite_log (self, REWRITE_MEMBER_PAYLOADS, member_id, scrub_fields, error) &&
         rewrite_log (self, REWRITE_IMPORT_PAYLOADS, member_id, scrub_chunk, error) &&
         rewrite_log (self, REWRITE_CONFLICT_PAYLOADS, member_id, scrub_conflict, error) &&
         rewrite_state (self, member_id, scrub_fields, error) &&
         /* REDACT: log.audit (see scrub_audit()). */
         rewrite_log (self, REWRITE_MEMBER_AUDIT, member_id, scrub_audit, error);
}

typedef struct
{
  PtServerStore *self;
  gboolean       scrubbed;
} ChunkScrub;

static gboolean
scrub_if_erased (const char  *id,
                 JsonObject  *fields,
                 gpointer     user_data,
                 GError     **error)
{
  ChunkScrub *scrub = user_data;
  gboolean erased = FALSE;

  if (!is_erased (scrub->self, id, &erased, error))
    return FALSE;
  if (erased)
    {
      pt_member_erase_json (fields, FALSE);
      scrub->scrubbed = TRUE;
    }
  return TRUE;
}

/* The members of an import's chunk erased already keep nothing of
 * theirs in it (one that is not a chunk is refused later). */
static gboolean
scrub_erased_in_chunk (PtServerStore  *self,
                       PtStoreOp      *op,
                       GError        **error)
{
  ChunkScrub scrub = { self, FALSE };
  g_autoptr(GError) local = NULL;

  pt_server_op_payload (op);
  if (!pt_import_chunk_foreach (op->payload, PT_IMPORT_CHUNK_MEMBERS, scrub_if_erased, &scrub, &local))
    {
      if (g_error_matches (local, PT_IMPORT_CHUNK_ERROR, 0))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (scrub.scrubbed)
    g_clear_pointer (&op->payload_text, g_free);
  return TRUE;
}

gboolean
pt_server_erase_prepare (PtServerStore  *self,
                         PtStoreOp      *op,
                         GError        **error)
{
  gboolean erased = FALSE;

  if (g_strcmp0 (op->entity, "member_import") == 0)
    return scrub_erased_in_chunk (self, op, error);
  if (g_strcmp0 (op->entity, "member") != 0 ||
      (op->payload == NULL && op->payload_text == NULL))
    return TRUE;
  /* The payload stays text (as the log keeps it) unless it is erased:
   * reading every member op's payload into a tree was a third of a
   * push's work on the server. */
  if (g_strcmp0 (op->op, "erase") == 0)
    {
      pt_server_op_payload (op);
      pt_member_erase_json (op->payload, TRUE);
      g_clear_pointer (&op->payload_text, g_free);
      return erase_member (self, op->entity_id, error);
    }
  if (!is_erased (self, op->entity_id, &erased, error))
    return FALSE;
  if (erased)
    {
      /* REDACT: a late op's audit entry keeps no values either. */
      char *audit = pt_audit_json_redact (op->audit);

      if (audit != NULL)
        {
          g_free (op->audit);
          op->audit = audit;
        }
      pt_server_op_payload (op);
      pt_member_erase_json (op->payload, FALSE);
      g_clear_pointer (&op->payload_text, g_free);
    }
  return TRUE;
}
