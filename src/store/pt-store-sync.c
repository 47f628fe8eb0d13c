/* pt-store-sync.c — the outbox, the sync state, the entity registry,
 * conflicts and rejections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-json.h"
#include "pt-store-appliers.h"
#include "pt-store-audit.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"

typedef struct
{
  const char                *entity;
  PtStoreApplyFunc           apply;
  PtStoreApplyCanonicalFunc  apply_canonical;
} Applier;

/* One line per synced entity. */
static const Applier appliers[] = {
  { "member", pt_store_apply_member_op, pt_store_apply_member_canonical },
  { "member_import", pt_store_apply_member_import_op, NULL },
  { "purchase_import", pt_store_apply_purchase_import_op,
    pt_store_apply_purchase_import_canonical },
  { "conflict", pt_store_apply_conflict_op, NULL },
  { "reward", pt_store_apply_reward_op, pt_store_apply_reward_canonical },
  { "stock_movement", pt_store_apply_stock_movement_op, NULL },
  { "redemption", pt_store_apply_redemption_op, NULL },
  { "redemption_cancellation", pt_store_apply_redemption_cancellation_op, NULL },
  { "coupon", pt_store_apply_coupon_op, NULL },
  { "coupon_event", pt_store_apply_coupon_event_op, NULL },
  { "purchase", pt_store_apply_purchase_op, NULL },
  { "points_entry", pt_store_apply_points_entry_op, NULL },
  { "tier", pt_store_apply_tier_op, pt_store_apply_tier_canonical },
  { "tier_change", pt_store_apply_tier_change_op, NULL },
  { "tier_lock", pt_store_apply_tier_lock_op, NULL },
  { "tier_subscription", pt_store_apply_tier_subscription_op, NULL },
  { "setting", pt_store_apply_setting_op, pt_store_apply_setting_canonical },
  { "segment", pt_store_apply_segment_op, pt_store_apply_segment_canonical },
  { "campaign", pt_store_apply_campaign_op, pt_store_apply_campaign_canonical },
  { "campaign_member", pt_store_apply_campaign_member_op, NULL },
  { "campaign_audience", pt_store_apply_campaign_audience_op, NULL },
  { "member_merge", pt_store_apply_member_merge_op, NULL },
  { "consent_change", pt_store_apply_consent_change_op, NULL },
  { "staff", pt_store_apply_staff_op, pt_store_apply_staff_canonical },
};

static GMutex registry_lock;
static GHashTable *registered;   /* entity → Applier */

PtStoreOp *
pt_store_op_new (void)
{
  return g_new0 (PtStoreOp, 1);
}

PtStoreOp *
pt_store_op_copy (const PtStoreOp *op)
{
  PtStoreOp *copy = pt_store_op_new ();

  copy->seq = op->seq;
  copy->op_id = g_strdup (op->op_id);
  copy->entity = g_strdup (op->entity);
  copy->entity_id = g_strdup (op->entity_id);
  copy->op = g_strdup (op->op);
  copy->hlc = g_strdup (op->hlc);
  copy->branch = g_strdup (op->branch);
  copy->payload = op->payload ? json_object_ref (op->payload) : NULL;
  copy->payload_text = g_strdup (op->payload_text);
  copy->audit = g_strdup (op->audit);
  return copy;
}

PtStoreOp
pt_store_op_chunk_row (const PtStoreOp *chunk,
                       const char      *entity,
                       const char      *id,
                       const char      *op,
                       JsonObject      *fields)
{
  PtStoreOp row = *chunk;

  row.entity = (char *) entity;
  row.entity_id = (char *) id;
  row.op = (char *) op;
  row.payload = fields;
  row.payload_text = NULL;
  return row;
}

void
pt_store_op_free (PtStoreOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_id);
  g_free (op->entity);
  g_free (op->entity_id);
  g_free (op->op);
  g_free (op->hlc);
  g_free (op->branch);
  g_clear_pointer (&op->payload, json_object_unref);
  g_free (op->payload_text);
  g_free (op->audit);
  g_free (op);
}

void
pt_store_register_entity_applier (const char                *entity,
                                  PtStoreApplyFunc           apply,
                                  PtStoreApplyCanonicalFunc  apply_canonical)
{
  Applier *applier = g_new0 (Applier, 1);

  g_return_if_fail (entity != NULL && apply != NULL);

  applier->entity = g_intern_string (entity);
  applier->apply = apply;
  applier->apply_canonical = apply_canonical;

  g_mutex_lock (&registry_lock);
  if (registered == NULL)
    registered = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_replace (registered, (gpointer) applier->entity, applier);
  g_mutex_unlock (&registry_lock);
}

static gboolean
find_applier (const char *entity,
              Applier    *out)
{
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (appliers); i++)
    if (g_strcmp0 (appliers[i].entity, entity) == 0)
      {
        *out = appliers[i];
        return TRUE;
      }

  g_mutex_lock (&registry_lock);
  if (registered != NULL)
    {
      Applier *applier = g_hash_table_lookup (registered, entity);
      if (applier != NULL)
        {
          *out = *applier;
          found = TRUE;
        }
    }
  g_mutex_unlock (&registry_lock);
  return found;
}

static char *
payload_to_text (JsonObject *payload)
{
  return pt_json_object_to_text (payload);
}

static gboolean
keep_unknown_op (PtStore          *self,
                 const PtStoreOp  *op,
                 GError          **error)
{
  g_autofree char *payload = payload_to_text (op->payload);
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT OR IGNORE INTO sync_unknown_ops"
                           " (seq, op_id, entity, entity_id, op, hlc, branch, payload)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->seq);
  pt_store_bind_text (stmt, 2, op->op_id);
  pt_store_bind_text (stmt, 3, op->entity);
  pt_store_bind_text (stmt, 4, op->entity_id);
  pt_store_bind_text (stmt, 5, op->op);
  pt_store_bind_text (stmt, 6, op->hlc);
  pt_store_bind_text (stmt, 7, op->branch);
  pt_store_bind_text (stmt, 8, payload);
  return pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_sync_apply_op (PtStore          *self,
                        const PtStoreOp  *op,
                        GError          **error)
{
  Applier applier;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (op != NULL && op->payload != NULL, FALSE);

  /* Later local edits are stamped after everything this branch has seen. */
  pt_clock_observe (pt_store_get_clock (self), op->hlc);

  if (!pt_store_audit_record_pulled (self, op, error))
    return FALSE;
  if (!find_applier (op->entity, &applier))
    return keep_unknown_op (self, op, error);

  return applier.apply (self, op, error) && pt_store_merges_follow_op (self, op, error);
}

static gboolean
replay_in_transaction (PtStore   *self,
                       gpointer   user_data,
                       GError   **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_store_op_free);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  sqlite3_stmt *stmt;
  Applier applier;

  stmt = pt_store_prepare (self,
                           "SELECT seq, op_id, entity, entity_id, op, hlc, branch, payload"
                           " FROM sync_unknown_ops ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      PtStoreOp *op;
      JsonNode *root;

      if (!find_applier (pt_store_column_text (stmt, 2), &applier) ||
          !json_parser_load_from_data (parser, pt_store_column_text (stmt, 7), -1, NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        continue;
      op = pt_store_op_new ();
      op->seq = sqlite3_column_int64 (stmt, 0);
      op->op_id = g_strdup (pt_store_column_text (stmt, 1));
      op->entity = g_strdup (pt_store_column_text (stmt, 2));
      op->entity_id = g_strdup (pt_store_column_text (stmt, 3));
      op->op = g_strdup (pt_store_column_text (stmt, 4));
      op->hlc = g_strdup (pt_store_column_text (stmt, 5));
      op->branch = g_strdup (pt_store_column_text (stmt, 6));
      op->payload = json_object_ref (json_node_get_object (root));
      g_ptr_array_add (ops, op);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ops->len; i++)
    {
      PtStoreOp *op = g_ptr_array_index (ops, i);

      if (!pt_store_sync_apply_op (self, op, error))
        return FALSE;
      stmt = pt_store_prepare (self, "DELETE FROM sync_unknown_ops WHERE op_id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, op->op_id);
      if (!pt_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
pt_store_sync_replay_unknown (PtStore  *self,
                              GError  **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT 1 FROM sync_unknown_ops LIMIT 1", error);
  gboolean any;

  if (stmt == NULL)
    return FALSE;
  any = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!any)
    return TRUE;
  return pt_store_transaction (self, replay_in_transaction, NULL, error);
}

gboolean
pt_store_sync_apply_canonical (PtStore     *self,
                               const char  *entity,
                               const char  *entity_id,
                               JsonObject  *canonical,
                               gboolean     force,
                               GError     **error)
{
  Applier applier;

  if (!find_applier (entity, &applier))
    return TRUE;
  /* An event's version comes as the op that brought it. */
  if (json_object_has_member (canonical, "payload"))
    return pt_store_apply_event_canonical (self, applier.apply, entity, entity_id, canonical,
                                           error);
  if (applier.apply_canonical == NULL)
    return TRUE;

  return applier.apply_canonical (self, entity_id, canonical, force, error);
}

gboolean
pt_store_sync_field_pending (PtStore     *self,
                             const char  *entity,
                             const char  *entity_id,
                             const char  *field,
                             gboolean    *pending,
                             GError     **error)
{
  g_autofree char *path = g_strconcat ("$.", field, NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT 1 FROM outbox WHERE entity = ?1 AND entity_id = ?2 AND state = 0"
                           " AND (op <> 'update' OR json_type (payload, ?3) IS NOT NULL) LIMIT 1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, entity);
  pt_store_bind_text (stmt, 2, entity_id);
  pt_store_bind_text (stmt, 3, path);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading the outbox"));
  *pending = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
pt_store_sync_record_loser (PtStore     *self,
                            const char  *entity,
                            const char  *entity_id,
                            const char  *field,
                            const char  *value,
                            const char  *hlc,
                            const char  *winner_hlc,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT INTO field_history (entity, entity_id, field, value, hlc,"
                           " winner_hlc, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, entity);
  pt_store_bind_text (stmt, 2, entity_id);
  pt_store_bind_text (stmt, 3, field);
  pt_store_bind_text (stmt, 4, value);
  pt_store_bind_text (stmt, 5, hlc);
  pt_store_bind_text (stmt, 6, winner_hlc);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  return pt_store_step_done (self, stmt, error);
}

const char *
pt_store_sync_field_stamp (JsonObject *field_hlc,
                           const char *field,
                           const char *created_hlc)
{
  if (field_hlc != NULL && json_object_has_member (field_hlc, field))
    {
      JsonNode *node = json_object_get_member (field_hlc, field);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        return json_node_get_string (node);
    }
  return created_hlc;
}

/* ---------------------------------------------------------------- outbox */

static GPtrArray *
outbox_peek (PtStore  *self,
             guint     max_ops,
             gsize     max_bytes,
             gboolean  parse,
             GError  **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_store_op_free);
  sqlite3_stmt *stmt;
  gsize bytes = 0;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  /* Each op's audit entry read with it (column 8 on), not by a query of
   * its own: that was a third of a push's work on the branch. */
  stmt = pt_store_prepare (self,
                           "SELECT o.op_id, o.entity, o.entity_id, o.op, o.hlc, o.payload, o.audit,"
                           " o.audit_rid, a.*"
                           " FROM outbox o LEFT JOIN (SELECT " PT_STORE_AUDIT_ROW_COLUMNS
                           " FROM audit_log) a ON a.rid = o.audit_rid"
                           " WHERE o.state = 0 ORDER BY o.seq LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, max_ops);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *payload = pt_store_column_text (stmt, 5);
      g_autofree char *audit = g_strdup (pt_store_column_text (stmt, 6));
      gsize len = strlen (payload);
      gsize size;
      JsonObject *object = NULL;
      PtStoreOp *op;

      /* Written since 016: the entry by its row. */
      if (audit == NULL && sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        {
          if (sqlite3_column_type (stmt, 8) == SQLITE_NULL)
            {
              /* Translators: %" PRId64 " is the number of a row of the audit trail */
              g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                           _("The audit entry %" PRId64 " of a change waiting to be sent is missing"),
                           (gint64) sqlite3_column_int64 (stmt, 7));
              sqlite3_reset (stmt);
              return NULL;
            }
          audit = pt_store_audit_entry_json_at (stmt, 8);
        }
      /* The envelope, and the audit entry that travels beside the payload. */
      size = len + 256 + (audit ? strlen (audit) : 0);
      if (ops->len > 0 && bytes + size > max_bytes)
        break;
      bytes += size;

      if (parse ? (object = pt_json_parse_object (payload, len, NULL)) == NULL
                : len < 2 || payload[0] != '{' || payload[len - 1] != '}')
        {
          sqlite3_reset (stmt);
          g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                       _("The outbox entry %s is damaged"), pt_store_column_text (stmt, 0));
          return NULL;
        }

      op = pt_store_op_new ();
      op->op_id = g_strdup (pt_store_column_text (stmt, 0));
      op->entity = g_strdup (pt_store_column_text (stmt, 1));
      op->entity_id = g_strdup (pt_store_column_text (stmt, 2));
      op->op = g_strdup (pt_store_column_text (stmt, 3));
      op->hlc = g_strdup (pt_store_column_text (stmt, 4));
      op->branch = g_strdup (pt_store_get_branch_id (self));
      op->payload = object;
      op->audit = g_steal_pointer (&audit);
      if (!parse)
        op->payload_text = g_strndup (payload, len);
      g_ptr_array_add (ops, op);
    }

  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading the outbox"));
      return NULL;
    }

  return g_steal_pointer (&ops);
}

GPtrArray *
pt_store_outbox_peek (PtStore  *self,
                      guint     max_ops,
                      gsize     max_bytes,
                      GError  **error)
{
  return outbox_peek (self, max_ops, max_bytes, TRUE, error);
}

GPtrArray *
pt_store_outbox_peek_text (PtStore  *self,
                           guint     max_ops,
                           gsize     max_bytes,
                           GError  **error)
{
  return outbox_peek (self, max_ops, max_bytes, FALSE, error);
}

gboolean
pt_store_sync_outbox_has (PtStore    *self,
                          const char *op_id)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT 1 FROM outbox WHERE op_id = ?1", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

gboolean
pt_store_outbox_mark_acked (PtStore     *self,
                            const char  *op_id,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "UPDATE outbox SET state = 1, attempts = attempts + 1, last_error = NULL"
                           " WHERE op_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op_id);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;
  pt_store_note_changed (self, "outbox");
  return TRUE;
}

/* The pending ops of a batch: from op ?1 to op ?2 in outbox order. */
#define PENDING_FROM_TO \
  " WHERE state = 0 AND seq BETWEEN (SELECT seq FROM outbox WHERE op_id = ?1)" \
  " AND (SELECT seq FROM outbox WHERE op_id = ?2)"

gboolean
pt_store_outbox_mark_acked_range (PtStore     *self,
                                  const char  *first_op_id,
                                  const char  *last_op_id,
                                  GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "UPDATE outbox SET state = 1, attempts = attempts + 1, last_error = NULL"
                           PENDING_FROM_TO, error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, first_op_id);
  pt_store_bind_text (stmt, 2, last_op_id);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;
  pt_store_note_changed (self, "outbox");
  return TRUE;
}

gboolean
pt_store_outbox_mark_rejected (PtStore          *self,
                               const PtStoreOp  *op,
                               const char       *reason,
                               GError          **error)
{
  g_autofree char *payload = op->payload_text ? g_strdup (op->payload_text)
                                                : payload_to_text (op->payload);
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "UPDATE outbox SET state = 2, attempts = attempts + 1, last_error = ?2"
                           " WHERE op_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op->op_id);
  pt_store_bind_text (stmt, 2, reason);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  stmt = pt_store_prepare (self,
                           "INSERT OR REPLACE INTO sync_rejections (op_id, entity, entity_id, op,"
                           " payload, reason, rejected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op->op_id);
  pt_store_bind_text (stmt, 2, op->entity);
  pt_store_bind_text (stmt, 3, op->entity_id);
  pt_store_bind_text (stmt, 4, op->op);
  pt_store_bind_text (stmt, 5, payload);
  pt_store_bind_text (stmt, 6, reason);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  pt_store_note_changed (self, "outbox");
  pt_store_note_changed (self, "sync-rejection");
  return TRUE;
}

gboolean
pt_store_outbox_note_attempt (PtStore     *self,
                              const char  *first_op_id,
                              const char  *last_op_id,
                              const char  *error_text,
                              GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "UPDATE outbox SET attempts = attempts + 1, last_error = ?3"
                           PENDING_FROM_TO, error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, first_op_id);
  pt_store_bind_text (stmt, 2, last_op_id);
  pt_store_bind_text (stmt, 3, error_text);
  return pt_store_step_done (self, stmt, error);
}

/* ------------------------------------------------------------ sync state */

void
pt_store_sync_state_clear (PtStoreSyncState *state)
{
  g_clear_pointer (&state->server_epoch, g_free);
  g_clear_pointer (&state->last_error, g_free);
}

gboolean
pt_store_sync_get_state (PtStore           *self,
                         PtStoreSyncState  *state,
                         GError           **error)
{
  sqlite3_stmt *stmt;

  memset (state, 0, sizeof *state);
  stmt = pt_store_prepare (self,
                           "SELECT pull_cursor, server_epoch, coalesce (last_sync_at, 0), last_error,"
                           " server_head, clock_offset_ms FROM sync_state", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return pt_store_set_db_error (self, error, _("reading the sync state"));
    }
  state->pull_cursor = sqlite3_column_int64 (stmt, 0);
  state->server_epoch = g_strdup (pt_store_column_text (stmt, 1));
  state->last_sync_at = sqlite3_column_int64 (stmt, 2);
  state->last_error = g_strdup (pt_store_column_text (stmt, 3));
  state->server_head = sqlite3_column_int64 (stmt, 4);
  state->clock_offset_ms = sqlite3_column_int64 (stmt, 5);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
pt_store_sync_set_cursor (PtStore  *self,
                          gint64    cursor,
                          gint64    server_head,
                          GError  **error)
{
  sqlite3_stmt *stmt;

  /* The clock has moved past every pulled stamp: keep that across a
   * restart too, so the next local edit is stamped after them. */
  stmt = pt_store_prepare (self,
                           "UPDATE sync_state SET pull_cursor = ?1, server_head = ?2,"
                           " hlc = max (hlc, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cursor);
  sqlite3_bind_int64 (stmt, 2, server_head);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) pt_clock_get_last (pt_store_get_clock (self)));
  return pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_sync_set_epoch (PtStore     *self,
                         const char  *epoch,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self, "UPDATE sync_state SET server_epoch = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, epoch);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
reset_epoch_in_transaction (PtStore   *self,
                            gpointer   user_data,
                            GError   **error)
{
  sqlite3_stmt *stmt;

  if (!pt_store_sync_set_epoch (self, user_data, error) ||
      !pt_store_sync_set_cursor (self, 0, 0, error))
    return FALSE;

  stmt = pt_store_prepare (self, "UPDATE outbox SET state = 0 WHERE state = 1", error);
  if (stmt == NULL || !pt_store_step_done (self, stmt, error))
    return FALSE;

  /* A new snapshot too, of the server's new history. */
  stmt = pt_store_prepare (self, "UPDATE sync_state SET snapshot_head = 0, snapshot_after = NULL,"
                                 " snapshot_done = 0", error);
  if (stmt == NULL || !pt_store_step_done (self, stmt, error))
    return FALSE;

  pt_store_note_changed (self, "outbox");
  return TRUE;
}

gboolean
pt_store_sync_reset_epoch (PtStore     *self,
                           const char  *epoch,
                           GError     **error)
{
  return pt_store_transaction (self, reset_epoch_in_transaction, (gpointer) epoch, error);
}

gboolean
pt_store_sync_set_result (PtStore     *self,
                          gboolean     success,
                          const char  *error_text,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  if (success)
    {
      stmt = pt_store_prepare (self, "UPDATE sync_state SET last_sync_at = ?1, last_error = NULL",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
    }
  else
    {
      stmt = pt_store_prepare (self, "UPDATE sync_state SET last_error = ?1", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, error_text);
    }
  return pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_sync_set_clock_offset (PtStore  *self,
                                gint64    offset_ms,
                                GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 old_offset = 0;

  stmt = pt_store_prepare (self, "SELECT clock_offset_ms FROM sync_state", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    old_offset = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  stmt = pt_store_prepare (self, "UPDATE sync_state SET clock_offset_ms = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, offset_ms);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  /* The clock's offset also holds the test-only simulated skew; move it by
   * the change of the correction only. */
  {
    PtClock *clock = pt_store_get_clock (self);
    gint64 current = pt_clock_wall_ms (clock) - g_get_real_time () / 1000;

    pt_clock_set_offset_ms (clock, current + (offset_ms - old_offset));
  }
  return TRUE;
}
