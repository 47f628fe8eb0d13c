/* pt-store-erase.c — erasing a member on request (PIPL / GDPR)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The erase is an op of the member ("erase") whose payload holds the
 * erased values: the server and every branch write them over whatever
 * they had, whatever its stamp, and scrub their own copies of the old
 * values. Free pages keep old bytes until the database is vacuumed; the
 * full-text index keeps them in old segments until it is optimised,
 * which the erase does.
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-audit-chain.h"
#include "pt-member-erase.h"
#include "pt-import-chunk.h"
#include "pt-store-appliers.h"
#include "pt-store-consent.h"
#include "pt-store-erase.h"
#include "pt-store-members.h"
#include "pt-store-private.h"

/* Rewrites the JSON text of one column of the rows @select_sql picks
 * (rowid, text) through @scrub, with @update_sql (?1 text, ?2 rowid). */
static gboolean
rewrite_json_rows (PtStore     *self,
                   const char  *select_sql,
                   const char  *update_sql,
                   const char  *member_id,
                   void       (*scrub) (JsonObject *object,
                                        const char *member_id),
                   GError     **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (sqlite3_int64));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = pt_store_prepare (self, select_sql, error);

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_int64 rowid = sqlite3_column_int64 (stmt, 0);
      g_autoptr(JsonNode) node = json_from_string (pt_store_column_text (stmt, 1), NULL);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      scrub (json_node_get_object (node), member_id);
      g_array_append_val (rowids, rowid);
      g_ptr_array_add (texts, json_to_string (node, FALSE));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < rowids->len; i++)
    {
      stmt = pt_store_prepare (self, update_sql, error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, g_ptr_array_index (texts, i));
      sqlite3_bind_int64 (stmt, 2, g_array_index (rowids, sqlite3_int64, i));
      if (!pt_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

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

/* The outbox entry's audit (pending or acked) with its changes redacted. */
static void
scrub_audit (JsonObject *object,
             const char *member_id)
{
  pt_audit_object_redact (object);
}

/* Every audit entry of the member, this device's and those pulled from
 * others: the changes give way to a marker that keeps their field names
 * and their digest, so every chain still verifies. */
static gboolean
redact_audit (PtStore     *self,
              const char  *member_id,
              GError     **error)
{
  g_autoptr(GArray) rids = g_array_new (FALSE, FALSE, sizeof (sqlite3_int64));
  g_autoptr(GPtrArray) markers = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self, "SELECT rid, changes FROM audit_log WHERE member_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_int64 rid = sqlite3_column_int64 (stmt, 0);
      char *marker = pt_audit_changes_redact (pt_store_column_text (stmt, 1));

      if (marker == NULL)
        continue;
      g_array_append_val (rids, rid);
      g_ptr_array_add (markers, marker);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < rids->len; i++)
    {
      stmt = pt_store_prepare (self, "UPDATE audit_log SET changes = ?1 WHERE rid = ?2", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, g_ptr_array_index (markers, i));
      sqlite3_bind_int64 (stmt, 2, g_array_index (rids, sqlite3_int64, i));
      if (!pt_store_step_done (self, stmt, error))
        return FALSE;
    }
  if (rids->len > 0)
    pt_store_note_changed (self, "audit");
  return rewrite_json_rows (self, "SELECT seq, audit FROM outbox WHERE audit IS NOT NULL"
                                  " AND json_extract (audit, '$.member') = ?1",
                            "UPDATE outbox SET audit = ?1 WHERE seq = ?2", member_id, scrub_audit,
                            error);
}

static const char * const scrub_sql[] = {
  /* The erased values win over any stamp: a branch that edited the
   * member offline after the erase keeps no old value. The columns are
   * the personal fields of pt_member_field_is_personal(). */
  "UPDATE members SET name = '" PT_MEMBER_ERASED_NAME "', phone = NULL, email = NULL,"
  " birthday = NULL, gender = NULL, address = NULL, city = NULL, notes = NULL, tags = NULL,"
  " marketing_consent = 0 WHERE id = ?1",
  "DELETE FROM field_history WHERE entity = 'member' AND entity_id = ?1",
  "DELETE FROM sync_unknown_ops WHERE entity = 'member' AND entity_id = ?1",
  /* A conflict quoted both sides as the server saw them. */
  "UPDATE conflicts SET summary = '" PT_MEMBER_ERASED_NAME "', left_side = '{}', right_side = '{}'"
  " WHERE entity_id = ?1 OR other_id = ?1",
};

gboolean
pt_store_erase_scrub (PtStore     *self,
                      const char  *member_id,
                      GError     **error)
{
  g_autoptr(PtMember) member = NULL;
  sqlite3_stmt *stmt;
  sqlite3_int64 rid = 0;

  stmt = pt_store_prepare (self, "SELECT rid FROM members WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rid == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (scrub_sql); i++)
    {
      stmt = pt_store_prepare (self, scrub_sql[i], error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, member_id);
      if (!pt_store_step_done (self, stmt, error))
        return FALSE;
    }
  if (!rewrite_json_rows (self, "SELECT seq, payload FROM outbox WHERE entity = 'member'"
                                " AND entity_id = ?1",
                          "UPDATE outbox SET payload = ?1 WHERE seq = ?2", member_id, scrub_fields,
                          error) ||
      !rewrite_json_rows (self, "SELECT rowid, payload FROM sync_rejections WHERE entity = 'member'"
                                " AND entity_id = ?1",
                          "UPDATE sync_rejections SET payload = ?1 WHERE rowid = ?2", member_id,
                          scrub_fields, error) ||
      /* An import's chunks name many members: those that name this one. */
      !rewrite_json_rows (self, "SELECT seq, payload FROM outbox WHERE entity = 'member_import'"
                                " AND instr (payload, ?1) > 0",
                          "UPDATE outbox SET payload = ?1 WHERE seq = ?2", member_id, scrub_chunk,
                          error) ||
      !rewrite_json_rows (self, "SELECT rowid, payload FROM sync_rejections"
                                " WHERE entity = 'member_import' AND instr (payload, ?1) > 0",
                          "UPDATE sync_rejections SET payload = ?1 WHERE rowid = ?2", member_id,
                          scrub_chunk, error) ||
      !redact_audit (self, member_id, error))
    return FALSE;

  member = pt_store_get_member (self, member_id, TRUE, error);
  if (member == NULL || !pt_store_index_member (self, rid, member, error))
    return FALSE;
  /* Old segments of the full-text index still hold the old words. */
  if (!pt_store_exec (self, "INSERT INTO member_search (member_search) VALUES ('optimize')", error))
    return FALSE;
  pt_store_note_changed (self, "member");
  return TRUE;
}

static gboolean
erase_in_transaction (PtStore     *self,
                      PtMember    *member,
                      GError     **error)
{
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  g_autoptr(JsonObject) payload = json_object_new ();
  sqlite3_int64 rid = 0;
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self, "SELECT rid FROM members WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_member_get_id (member));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  /* Each personal field stamped by the erase, as an edit would be. */
  if (pt_member_get_marketing_consent (member) &&
      !pt_store_consent_record (self, pt_member_get_id (member), FALSE, "erase", error))
    return FALSE;
  for (guint f = 0; f < PT_MEMBER_N_FIELDS; f++)
    if (pt_member_field_is_personal (f) &&
        !pt_store_member_write_field (self, rid, f, pt_member_erased_value (f), hlc, error))
      return FALSE;
  pt_member_erase_json (payload, TRUE);
  return pt_store_erase_scrub (self, pt_member_get_id (member), error) &&
         pt_store_outbox_append (self, "member", pt_member_get_id (member), "erase", hlc, payload,
                                 error);
}

gboolean
pt_store_erase_member (PtStore     *self,
                       const char  *id_or_number,
                       GError     **error)
{
  g_autoptr(PtMember) member = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  member = pt_store_get_member (self, id_or_number, TRUE, error);
  if (member == NULL)
    return FALSE;
  if (!pt_store_begin (self, error))
    return FALSE;
  if (!erase_in_transaction (self, member, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  return pt_store_commit (self, error);
}
