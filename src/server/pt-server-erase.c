/* pt-server-erase.c — a member erased on request, on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kept beside the merge code, behind one call, so that the storage
 * backends need only run the statements below.
 */
#define G_LOG_DOMAIN "pt-server"

#include "config.h"

#include "pt-audit-chain.h"
#include "pt-member-erase.h"
#include "pt-server-erase.h"
#include "pt-server-store-private.h"

static gboolean
exec_sql (PtServerStore  *self,
          const char     *sql,
          GError        **error)
{
  if (sqlite3_exec (pt_server_store_get_db (self), sql, NULL, NULL, NULL) != SQLITE_OK)
    return pt_server_store_db_error (self, error, "erase");
  return TRUE;
}

static gboolean
is_erased (PtServerStore *self,
           const char    *member_id)
{
  sqlite3_stmt *stmt;
  gboolean erased;

  /* No table yet: nobody was ever erased. */
  if (sqlite3_table_column_metadata (pt_server_store_get_db (self), NULL, "erased_members", "id",
                                     NULL, NULL, NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  stmt = pt_server_store_prepare (self, "SELECT 1 FROM erased_members WHERE id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  pt_server_bind_text (stmt, 1, member_id);
  erased = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return erased;
}

typedef void (*ScrubFunc) (JsonObject *object);

static void
scrub_fields (JsonObject *object)
{
  pt_member_erase_json (object, FALSE);
}

/* A conflict's payload names the member in its summary and both sides. */
static void
scrub_conflict (JsonObject *object)
{
  json_object_set_string_member (object, "summary", PT_MEMBER_ERASED_NAME);
  json_object_set_object_member (object, "left", json_object_new ());
  json_object_set_object_member (object, "right", json_object_new ());
}

/* REDACT (issue 12 x 13): an erased member's audit entries keep their
 * field names and the digest their chain covers, not their values. */
static void
scrub_audit (JsonObject *object)
{
  pt_audit_object_redact (object);
}

/* Rewrites the JSON column of the rows @select_sql (key, text) finds for
 * @member_id with @update_sql (?1 text, ?2 key). */
static gboolean
rewrite (PtServerStore  *self,
         const char     *select_sql,
         const char     *update_sql,
         const char     *member_id,
         ScrubFunc       scrub,
         GError        **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = pt_server_store_prepare (self, select_sql, error);

  if (stmt == NULL)
    return FALSE;
  pt_server_bind_text (stmt, 1, member_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) object = pt_server_json_from_text ((const char *) sqlite3_column_text (stmt, 1));

      if (object == NULL)
        continue;
      scrub (object);
      g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (texts, pt_server_json_to_text (object));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < keys->len; i++)
    {
      stmt = pt_server_store_prepare (self, update_sql, error);
      if (stmt == NULL)
        return FALSE;
      pt_server_bind_text (stmt, 1, g_ptr_array_index (texts, i));
      pt_server_bind_text (stmt, 2, g_ptr_array_index (keys, i));
      if (!pt_server_store_step (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static const char * const scrub_sql[] = {
  "INSERT OR IGNORE INTO erased_members (id) VALUES (?1)",
  "DELETE FROM member_phones WHERE member_id = ?1",
  "UPDATE conflicts SET summary = '" PT_MEMBER_ERASED_NAME "' WHERE entity_id = ?1 OR other_id = ?1",
};

static gboolean
erase_member (PtServerStore  *self,
              const char     *member_id,
              GError        **error)
{
  if (!exec_sql (self, "CREATE TABLE IF NOT EXISTS erased_members (id TEXT PRIMARY KEY)"
                       " WITHOUT ROWID", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (scrub_sql); i++)
    {
      sqlite3_stmt *stmt = pt_server_store_prepare (self, scrub_sql[i], error);

      if (stmt == NULL)
        return FALSE;
      pt_server_bind_text (stmt, 1, member_id);
      if (!pt_server_store_step (self, stmt, error))
        return FALSE;
    }
  return rewrite (self, "SELECT seq, payload FROM log WHERE entity = 'member' AND entity_id = ?1",
                  "UPDATE log SET payload = ?1 WHERE seq = ?2", member_id, scrub_fields, error) &&
         rewrite (self, "SELECT seq, payload FROM log WHERE entity = 'conflict'"
                        " AND (json_extract (payload, '$.entity_id') = ?1"
                        " OR json_extract (payload, '$.other_id') = ?1)",
                  "UPDATE log SET payload = ?1 WHERE seq = ?2", member_id, scrub_conflict, error) &&
         rewrite (self, "SELECT id, fields FROM entities WHERE entity = 'member' AND id = ?1",
                  "UPDATE entities SET fields = ?1 WHERE entity = 'member' AND id = ?2", member_id,
                  scrub_fields, error) &&
         /* REDACT: the one statement for log.audit (see scrub_audit()). */
         rewrite (self, "SELECT seq, audit FROM log WHERE audit IS NOT NULL"
                        " AND json_extract (audit, '$.member') = ?1",
                  "UPDATE log SET audit = ?1 WHERE seq = ?2", member_id, scrub_audit, error);
}

gboolean
pt_server_erase_prepare (PtServerStore  *self,
                         PtStoreOp      *op,
                         GError        **error)
{
  if (g_strcmp0 (op->entity, "member") != 0)
    return TRUE;
  if (op->payload == NULL && op->payload_text != NULL)
    op->payload = pt_server_json_from_text (op->payload_text);
  if (op->payload == NULL)
    return TRUE;
  if (g_strcmp0 (op->op, "erase") == 0)
    {
      pt_member_erase_json (op->payload, TRUE);
      g_clear_pointer (&op->payload_text, g_free);
      return erase_member (self, op->entity_id, error);
    }
  if (is_erased (self, op->entity_id))
    {
      /* REDACT: a late op's audit entry keeps no values either. */
      char *audit = pt_audit_json_redact (op->audit);

      if (audit != NULL)
        {
          g_free (op->audit);
          op->audit = audit;
        }
      pt_member_erase_json (op->payload, FALSE);
      g_clear_pointer (&op->payload_text, g_free);
    }
  return TRUE;
}
