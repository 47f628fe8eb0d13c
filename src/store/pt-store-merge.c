/* pt-store-merge.c — duplicate members merged into one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A merge is an event ("member_merge", op "append") that every replica
 * applies the same way: the other member's events are moved to the
 * survivor here, in the local tables, and so is any event of the other
 * member that arrives later (a branch that was offline kept selling to
 * it). The server keeps every op as it was made; the replicas agree
 * because each moves the same events to the same survivor and replays
 * the survivor's lots from all its entries in one order.
 *
 * An offline branch that edited the other member's profile learns of the
 * merge when it pulls; it then writes its own edits again, on the
 * survivor (the merge records the stamps it saw, so an edit the merge
 * already weighed is not carried twice).
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "pt-store-appliers.h"
#include "pt-store-members.h"
#include "pt-store-merge.h"
#include "pt-store-merge-private.h"
#include "pt-store-points-private.h"
#include "pt-store-private.h"
#include "pt-uuid.h"

void
pt_member_identity_free (PtMemberIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->id);
  g_free (identity->number);
  g_free (identity->name);
  g_free (identity->phone);
  g_free (identity->email);
  g_free (identity->birthday);
  g_free (identity);
}

void
pt_member_merge_record_free (PtMemberMergeRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->other_id);
  g_free (record->other_number);
  g_free (record->branch);
  g_free (record->at);
  g_free (record);
}

#define IDENTITY_COLUMNS "rid, id, number, name, phone, email, birthday"

static void
identity_from_row (sqlite3_stmt     *stmt,
                   PtMemberIdentity *m)
{
  m->rid = sqlite3_column_int64 (stmt, 0);
  m->id = (char *) pt_store_column_text (stmt, 1);
  m->number = (char *) pt_store_column_text (stmt, 2);
  m->name = (char *) pt_store_column_text (stmt, 3);
  m->phone = (char *) pt_store_column_text (stmt, 4);
  m->email = (char *) pt_store_column_text (stmt, 5);
  m->birthday = (char *) pt_store_column_text (stmt, 6);
}

gboolean
pt_store_members_foreach_identity (PtStore               *self,
                                   PtMemberIdentityFunc   func,
                                   gpointer               user_data,
                                   GError               **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  stmt = pt_store_prepare (self, "SELECT " IDENTITY_COLUMNS " FROM members WHERE deleted = 0"
                                 " ORDER BY rid", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtMemberIdentity m;

      identity_from_row (stmt, &m);
      if (!func (&m, user_data, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading members"));
  return TRUE;
}

PtMemberIdentity *
pt_store_member_identity (PtStore        *self,
                          sqlite3_int64   rid,
                          GError        **error)
{
  PtMemberIdentity *result = NULL;
  PtMemberIdentity m;
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self, "SELECT " IDENTITY_COLUMNS " FROM members WHERE rid = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      identity_from_row (stmt, &m);
      result = g_new0 (PtMemberIdentity, 1);
      result->rid = m.rid;
      result->id = g_strdup (m.id);
      result->number = g_strdup (m.number);
      result->name = g_strdup (m.name);
      result->phone = g_strdup (m.phone);
      result->email = g_strdup (m.email);
      result->birthday = g_strdup (m.birthday);
    }
  sqlite3_reset (stmt);
  if (result == NULL)
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No member with row %" PRId64),
                 (gint64) rid);
  return result;
}

/* ------------------------------------------------------------ resolving */

/* The survivor @id was first merged into, or NULL. */
static char *
first_survivor (PtStore     *self,
                const char  *id,
                GError     **error)
{
  sqlite3_stmt *stmt;
  char *survivor = NULL;

  stmt = pt_store_prepare (self, "SELECT survivor_id FROM member_merges WHERE other_id = ?1"
                                 " ORDER BY hlc, id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    survivor = g_strdup (pt_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return survivor;
}

/* Two branches that merged A into B and B into A offline make a circle:
 * the smallest id on it is the survivor, the same on every replica. */
gboolean
pt_store_merge_resolve (PtStore     *self,
                        const char  *id,
                        char       **final,
                        GError     **error)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current = g_strdup (id);
  GError *local = NULL;

  *final = NULL;
  for (;;)
    {
      char *next = first_survivor (self, current, &local);

      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (next == NULL)
        break;
      g_ptr_array_add (seen, g_steal_pointer (&current));
      current = next;
      for (guint i = 0; i < seen->len; i++)
        if (g_strcmp0 (g_ptr_array_index (seen, i), current) == 0)
          {
            const char *least = current;

            for (guint j = i; j < seen->len; j++)
              if (g_strcmp0 (g_ptr_array_index (seen, j), least) < 0)
                least = g_ptr_array_index (seen, j);
            g_free (current);
            current = g_strdup (least);
            goto done;
          }
    }
done:
  if (g_strcmp0 (current, id) != 0)
    *final = g_steal_pointer (&current);
  return TRUE;
}

char *
pt_store_merged_into (PtStore     *self,
                      const char  *id_or_number,
                      GError     **error)
{
  g_autofree char *id = NULL;
  char *final = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self, "SELECT other_id FROM member_merges WHERE other_id = ?1"
                                 " OR other_number = ?1 ORDER BY hlc, id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, id_or_number);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup (pt_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (id == NULL || !pt_store_merge_resolve (self, id, &final, error))
    return NULL;
  return final;
}

static gboolean
is_merged (PtStore     *self,
           const char  *id,
           gboolean    *merged,
           GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT 1 FROM member_merges WHERE other_id = ?1",
                                         error);

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  *merged = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
pt_store_merges_follow_op (PtStore          *self,
                           const PtStoreOp  *op,
                           GError          **error)
{
  const char *member_id;

  if (op->payload == NULL || g_strcmp0 (op->entity, "member_merge") == 0)
    return TRUE;
  member_id = pt_store_payload_string (op->payload, "member_id");
  return member_id == NULL || pt_store_merges_follow_member (self, member_id, error);
}

gboolean
pt_store_merges_follow_member (PtStore     *self,
                               const char  *member_id,
                               GError     **error)
{
  gboolean merged = FALSE;

  if (!is_merged (self, member_id, &merged, error))
    return FALSE;
  return !merged || pt_store_merge_rehome (self, member_id, error);
}

/* ------------------------------------------------------------ the event */

typedef struct
{
  sqlite3_int64  rid;
  char          *created_hlc;
  JsonObject    *field_hlc;
} MemberStamps;

static void
member_stamps_clear (MemberStamps *stamps)
{
  g_free (stamps->created_hlc);
  g_clear_pointer (&stamps->field_hlc, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MemberStamps, member_stamps_clear)

static gboolean
load_stamps (PtStore       *self,
             const char    *member_id,
             MemberStamps  *stamps,
             GError       **error)
{
  g_autoptr(JsonNode) node = NULL;
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self, "SELECT rid, created_hlc, field_hlc FROM members WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      stamps->rid = sqlite3_column_int64 (stmt, 0);
      stamps->created_hlc = g_strdup (pt_store_column_text (stmt, 1));
      node = json_from_string (pt_store_column_text (stmt, 2), NULL);
    }
  sqlite3_reset (stmt);
  stamps->field_hlc = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                      ? json_object_ref (json_node_get_object (node)) : json_object_new ();
  return TRUE;
}

/* The effective stamp of every field of the member, as JSON text. */
static char *
stamps_text (MemberStamps *stamps)
{
  g_autoptr(JsonObject) all = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  for (guint f = 0; f < PT_MEMBER_N_FIELDS; f++)
    {
      const char *stamp = pt_store_sync_field_stamp (stamps->field_hlc, pt_member_field_key (f),
                                                     stamps->created_hlc);

      if (stamp != NULL)
        json_object_set_string_member (all, pt_member_field_key (f), stamp);
    }
  json_node_set_object (node, all);
  return json_to_string (node, FALSE);
}

static void
bind_merge (sqlite3_stmt    *stmt,
            const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, pt_store_payload_string (p, "survivor_id"));
  pt_store_bind_text (stmt, 3, pt_store_payload_string (p, "other_id"));
  pt_store_bind_text (stmt, 4, pt_store_payload_string (p, "other_number"));
  pt_store_bind_text (stmt, 5, pt_store_payload_string (p, "branch") ?: op->branch);
  pt_store_bind_text (stmt, 6, pt_store_payload_string (p, "at"));
  pt_store_bind_text (stmt, 7, pt_store_payload_string (p, "other_stamps") ?: "{}");
  pt_store_bind_text (stmt, 8, op->hlc);
}

static gboolean
write_merge_row (PtStore           *self,
                 const PtStoreOp   *op,
                 PtStoreEventFate  *fate,
                 GError           **error)
{
  return pt_store_write_event (self,
                               "INSERT OR IGNORE INTO member_merges (id, survivor_id, other_id,"
                               " other_number, branch, at, other_stamps, hlc)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                               "UPDATE member_merges SET survivor_id = ?2, other_id = ?3,"
                               " other_number = ?4, branch = ?5, at = ?6, other_stamps = ?7, hlc = ?8"
                               " WHERE id = ?1 AND hlc IS NOT ?8",
                               bind_merge, op, fate, error);
}

/* The member row @id as it is, merged or not. */
static PtMember *
member_row (PtStore     *self,
            const char  *id,
            GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                                               " WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, id);
  found = pt_store_collect_members (self, stmt, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                   _("No member with the number or id “%s”"), id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (found, 0));
}

/* This branch's own edits of @other_id that the merge did not weigh (made
 * offline after, or before it reached the branch that merged), written
 * again on the survivor, where they are newer than the survivor's own. */
static gboolean
carry_own_edits (PtStore     *self,
                 const char  *other_id,
                 const char  *seen_text,
                 GError     **error)
{
  g_autofree char *survivor_id = NULL;
  g_autofree char *suffix = g_strconcat ("@", pt_clock_get_device_id (pt_store_get_clock (self)),
                                         NULL);
  g_autoptr(JsonNode) seen_node = json_from_string (seen_text ? seen_text : "{}", NULL);
  JsonObject *seen = seen_node && JSON_NODE_HOLDS_OBJECT (seen_node)
                     ? json_node_get_object (seen_node) : NULL;
  g_auto(MemberStamps) other_stamps = { 0, };
  g_auto(MemberStamps) survivor_stamps = { 0, };
  g_autoptr(PtMember) other = NULL;
  g_autoptr(PtMember) survivor = NULL;
  gboolean any = FALSE;

  if (!pt_store_merge_resolve (self, other_id, &survivor_id, error))
    return FALSE;
  if (survivor_id == NULL || seen == NULL ||
      !load_stamps (self, other_id, &other_stamps, error) ||
      !load_stamps (self, survivor_id, &survivor_stamps, error))
    return survivor_id == NULL || seen == NULL ? TRUE : FALSE;
  other = member_row (self, other_id, error);
  if (other == NULL)
    return FALSE;
  survivor = pt_store_get_member (self, survivor_id, TRUE, NULL);
  if (other == NULL || survivor == NULL || pt_member_get_deleted (survivor))
    return TRUE;

  for (guint f = 0; f < PT_MEMBER_N_FIELDS; f++)
    {
      const char *key = pt_member_field_key (f);
      const char *stamp = pt_store_sync_field_stamp (other_stamps.field_hlc, key,
                                                     other_stamps.created_hlc);
      const char *weighed = json_object_has_member (seen, key)
                            ? json_object_get_string_member (seen, key) : NULL;
      const char *theirs = pt_store_sync_field_stamp (survivor_stamps.field_hlc, key,
                                                      survivor_stamps.created_hlc);

      if (f == PT_MEMBER_FIELD_NUMBER || stamp == NULL || !g_str_has_suffix (stamp, suffix) ||
          g_strcmp0 (stamp, weighed) <= 0 || g_strcmp0 (stamp, theirs) <= 0)
        continue;
      pt_member_set (survivor, f, pt_member_get (other, f));
      any = TRUE;
    }
  return !any || pt_store_update_member (self, survivor, error);
}

gboolean
pt_store_apply_member_merge_op (PtStore          *store,
                                const PtStoreOp  *op,
                                GError          **error)
{
  const char *other_id = pt_store_payload_string (op->payload, "other_id");
  PtStoreEventFate fate;

  if (other_id == NULL || pt_store_payload_string (op->payload, "survivor_id") == NULL ||
      pt_store_payload_string (op->payload, "at") == NULL)
    {
      g_warning ("member merge %s: incomplete, not applied", op->entity_id);
      return TRUE;
    }
  if (!write_merge_row (store, op, &fate, error))
    return FALSE;
  if (fate == PT_STORE_EVENT_SAME)
    return TRUE;
  /* Everything the other member holds follows the survivor, and so does
   * whatever had already followed the other member; a merge of it made
   * earlier elsewhere takes back what a later one here had moved. */
  if (!pt_store_merge_rehome (store, other_id, error))
    return FALSE;
  return carry_own_edits (store, other_id, pt_store_payload_string (op->payload, "other_stamps"),
                          error);
}

/* ------------------------------------------------------------ merging */

PtMember *
pt_store_merge_fields (PtMember           *survivor,
                       PtMember           *other,
                       const char * const *take)
{
  PtMember *merged = pt_member_copy (survivor);

  for (guint f = 0; f < PT_MEMBER_N_FIELDS; f++)
    {
      const char *mine = pt_member_get (survivor, f);
      const char *theirs = pt_member_get (other, f);
      gboolean taken = take != NULL && g_strv_contains (take, pt_member_field_key (f));

      if (f == PT_MEMBER_FIELD_NUMBER || f == PT_MEMBER_FIELD_REFERRED_BY)
        continue;
      if (taken || ((mine == NULL || *mine == '\0') && theirs != NULL && *theirs != '\0'))
        pt_member_set (merged, f, theirs);
    }
  /* The earlier joining date is when the person joined. */
  if (g_strcmp0 (pt_member_get (other, PT_MEMBER_FIELD_JOINED_ON),
                 pt_member_get (survivor, PT_MEMBER_FIELD_JOINED_ON)) < 0 &&
      (take == NULL || !g_strv_contains (take, "joined_on")))
    pt_member_set (merged, PT_MEMBER_FIELD_JOINED_ON,
                   pt_member_get (other, PT_MEMBER_FIELD_JOINED_ON));
  return merged;
}

static gboolean
refer_to_survivor (PtStore     *self,
                   const char  *other_id,
                   const char  *survivor_id,
                   GError     **error)
{
  g_autoptr(GPtrArray) referred = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT id FROM members WHERE referred_by = ?1"
                                               " AND deleted = 0", error);

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, other_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (referred, g_strdup (pt_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint i = 0; i < referred->len; i++)
    {
      g_autoptr(PtMember) member = pt_store_get_member (self, g_ptr_array_index (referred, i),
                                                        FALSE, error);

      if (member == NULL)
        return FALSE;
      pt_member_set (member, PT_MEMBER_FIELD_REFERRED_BY, survivor_id);
      if (!pt_store_update_member (self, member, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
merge_in_transaction (PtStore     *self,
                      PtMember    *survivor,
                      PtMember    *other,
                      GError     **error)
{
  const char *survivor_id = pt_member_get_id (survivor);
  const char *other_id = pt_member_get_id (other);
  g_autofree char *merge_id = pt_uuid_derive ("member-merge", survivor_id, other_id, NULL);
  g_autofree char *hlc = NULL;
  g_autofree char *seen = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  g_auto(MemberStamps) stamps = { 0, };
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(PtStoreOp) op = pt_store_op_new ();
  PtStoreEventFate fate;

  /* The stamps the person saw: taken before the survivor's fields move. */
  if (!load_stamps (self, other_id, &stamps, error))
    return FALSE;
  seen = stamps_text (&stamps);

  if (!pt_store_update_member (self, survivor, error) ||
      !refer_to_survivor (self, other_id, survivor_id, error) ||
      !pt_store_delete_member (self, other_id, error))
    return FALSE;

  hlc = pt_clock_tick (pt_store_get_clock (self));
  json_object_set_string_member (payload, "survivor_id", survivor_id);
  json_object_set_string_member (payload, "other_id", other_id);
  json_object_set_string_member (payload, "other_number", pt_member_get_number (other));
  json_object_set_string_member (payload, "branch", pt_store_get_branch_code (self));
  json_object_set_string_member (payload, "at", at);
  json_object_set_string_member (payload, "other_stamps", seen);

  op->entity = g_strdup ("member_merge");
  op->entity_id = g_strdup (merge_id);
  op->op = g_strdup ("append");
  op->hlc = g_strdup (hlc);
  op->branch = g_strdup (pt_store_get_branch_code (self));
  op->payload = json_object_ref (payload);
  if (!write_merge_row (self, op, &fate, error) ||
      !pt_store_outbox_append (self, "member_merge", merge_id, "append", hlc, payload, error))
    return FALSE;
  return pt_store_merge_rehome (self, other_id, error);
}

gboolean
pt_store_merge_members (PtStore     *self,
                        PtMember    *survivor,
                        const char  *other,
                        GError     **error)
{
  g_autoptr(PtMember) stored = NULL;
  g_autoptr(PtMember) merged = NULL;
  gboolean already = FALSE;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_MEMBER (survivor), FALSE);

  stored = pt_store_get_member (self, pt_member_get_id (survivor), FALSE, error);
  if (stored == NULL)
    return FALSE;
  merged = pt_store_get_member (self, other, FALSE, error);
  if (merged == NULL)
    return FALSE;
  if (g_strcmp0 (pt_member_get_id (stored), pt_member_get_id (merged)) == 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("A member cannot be merged into itself (%s)"), pt_member_get_number (stored));
      return FALSE;
    }
  if (!is_merged (self, pt_member_get_id (merged), &already, error))
    return FALSE;
  if (already)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("Member %s was merged already"), pt_member_get_number (merged));
      return FALSE;
    }
  pt_member_set_id (survivor, pt_member_get_id (stored));
  pt_member_set (survivor, PT_MEMBER_FIELD_NUMBER, pt_member_get_number (stored));
  pt_member_normalize (survivor);
  if (!pt_member_validate (survivor, error))
    return FALSE;

  if (!pt_store_begin (self, error))
    return FALSE;
  if (!merge_in_transaction (self, survivor, merged, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  return pt_store_commit (self, error);
}

GPtrArray *
pt_store_member_merge_history (PtStore     *self,
                               const char  *member_id,
                               GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_member_merge_record_free);
  stmt = pt_store_prepare (self, "SELECT other_id, other_number, branch, at FROM member_merges"
                                 " WHERE survivor_id = ?1 ORDER BY hlc, id", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtMemberMergeRecord *record = g_new0 (PtMemberMergeRecord, 1);

      record->other_id = g_strdup (pt_store_column_text (stmt, 0));
      record->other_number = g_strdup (pt_store_column_text (stmt, 1));
      record->branch = g_strdup (pt_store_column_text (stmt, 2));
      record->at = g_strdup (pt_store_column_text (stmt, 3));
      g_ptr_array_add (records, record);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading merges"));
      return NULL;
    }
  return g_steal_pointer (&records);
}
