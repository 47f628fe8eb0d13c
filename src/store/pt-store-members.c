/* pt-store-members.c — members: add, edit, delete, find, list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-members"

#include "config.h"

#include <glib/gi18n-lib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "pt-store-consent.h"
#include "pt-store-members.h"
#include "pt-store-merge.h"
#include "pt-store-private.h"
#include "pt-uuid.h"
#include "pt-validation.h"

#define COL_TIER_ID        (PT_MEMBER_N_FIELDS + 1)
#define COL_POINTS_BALANCE (PT_MEMBER_N_FIELDS + 2)
#define COL_DELETED        (PT_MEMBER_N_FIELDS + 3)
#define COL_TIER_NAME      (PT_MEMBER_N_FIELDS + 4)

PtMember *
pt_store_member_from_row (sqlite3_stmt *stmt)
{
  PtMember *member = pt_member_new ();

  pt_member_set_id (member, pt_store_column_text (stmt, 0));
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    pt_member_set (member, i, pt_store_column_text (stmt, 1 + i));
  pt_member_set_tier_id (member, pt_store_column_text (stmt, COL_TIER_ID));
  pt_member_set_points_balance (member, sqlite3_column_int64 (stmt, COL_POINTS_BALANCE));
  pt_member_set_deleted (member, sqlite3_column_int (stmt, COL_DELETED) != 0);
  pt_member_set_tier_name (member, pt_store_column_text (stmt, COL_TIER_NAME));
  return member;
}

GPtrArray *
pt_store_collect_members (PtStore       *self,
                          sqlite3_stmt  *stmt,
                          GError       **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, pt_store_member_from_row (stmt));

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading members"));
      return NULL;
    }

  return g_steal_pointer (&members);
}

/* NOT NULL columns take "" for a missing value, the others NULL. */
void
pt_store_bind_member_field (sqlite3_stmt  *stmt,
                            int            index,
                            PtMemberField  field,
                            const char    *value)
{
  if (field == PT_MEMBER_FIELD_MARKETING_CONSENT)
    sqlite3_bind_int (stmt, index, g_strcmp0 (value, "1") == 0);
  else if (field == PT_MEMBER_FIELD_NUMBER || field == PT_MEMBER_FIELD_NAME ||
           field == PT_MEMBER_FIELD_JOINED_ON || field == PT_MEMBER_FIELD_STATUS)
    pt_store_bind_text (stmt, index, value ? value : "");
  else
    pt_store_bind_text (stmt, index, value && *value ? value : NULL);
}

static gboolean
allocate_number (PtStore   *self,
                 char     **number,
                 GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean taken;
  gint64 seq;

  /* A number this branch gave out is skipped: a database restored from a
   * backup gets back, by sync, members numbered after its counter. */
  do
    {
      stmt = pt_store_prepare (self,
                               "UPDATE sync_state SET next_member_seq = next_member_seq + 1"
                               " RETURNING next_member_seq - 1", error);
      if (stmt == NULL)
        return FALSE;

      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return pt_store_set_db_error (self, error, _("numbering the member"));
        }
      seq = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      g_free (*number);
      *number = g_strdup_printf ("%s-%06" G_GINT64_FORMAT, pt_store_get_branch_code (self), seq);
      stmt = pt_store_prepare (self, "SELECT 1 FROM members WHERE number = ?1", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, *number);
      taken = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  while (taken);
  return TRUE;
}

static gboolean
number_taken (PtStore     *self,
              const char  *number,
              const char  *except_id,
              gboolean    *taken,
              GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT id FROM members WHERE number = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, number);
  rc = sqlite3_step (stmt);
  *taken = rc == SQLITE_ROW && g_strcmp0 (pt_store_column_text (stmt, 0), except_id) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("checking the member number"));
  return TRUE;
}

static gboolean
refuse_taken_number (PtStore     *self,
                     PtMember    *member,
                     const char  *except_id,
                     GError     **error)
{
  gboolean taken = FALSE;

  if (!number_taken (self, pt_member_get_number (member), except_id, &taken, error))
    return FALSE;

  if (taken)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE,
                   _("Member number: %s is already used by another member"),
                   pt_member_get_number (member));
      return FALSE;
    }

  return TRUE;
}

static void
fill_defaults (PtStore  *self,
               PtMember *member)
{
  if (pt_member_get_id (member) == NULL)
    {
      g_autofree char *id = pt_uuid_new ();
      pt_member_set_id (member, id);
    }

  if (*pt_member_get (member, PT_MEMBER_FIELD_JOINED_ON) == '\0')
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      pt_member_set (member, PT_MEMBER_FIELD_JOINED_ON, today);
    }

  if (*pt_member_get (member, PT_MEMBER_FIELD_HOME_BRANCH) == '\0')
    pt_member_set (member, PT_MEMBER_FIELD_HOME_BRANCH, pt_store_get_branch_code (self));
}

/* The create op's payload: every field, as pt_member_to_json () lists
 * them, written without a JSON tree (an import writes a hundred
 * thousand). */
static void
create_op_fields (PtMember    *member,
                  PtOpField   *fields,
                  PtOpFields  *payload)
{
  static guint audit_order[PT_MEMBER_N_FIELDS];
  static gsize ordered = 0;

  if (g_once_init_enter (&ordered))
    {
      const char *keys[PT_MEMBER_N_FIELDS];

      for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
        keys[i] = pt_member_field_key (i);
      pt_op_fields_audit_order (keys, PT_MEMBER_N_FIELDS, audit_order);
      g_once_init_leave (&ordered, 1);
    }
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    fields[i] = (PtOpField) { pt_member_field_key (i), pt_member_get (member, i), 0, FALSE };
  *payload = (PtOpFields) { fields, PT_MEMBER_N_FIELDS, audit_order };
}

char *
pt_store_member_create_payload (PtMember *member)
{
  PtOpField fields[PT_MEMBER_N_FIELDS];
  PtOpFields payload;

  create_op_fields (member, fields, &payload);
  return pt_op_fields_payload (&payload);
}

static gboolean
append_create_op (PtStore     *self,
                  PtMember    *member,
                  const char  *hlc,
                  GError     **error)
{
  PtOpField fields[PT_MEMBER_N_FIELDS];
  PtOpFields payload;

  create_op_fields (member, fields, &payload);
  return pt_store_outbox_append_fields (self, "member", pt_member_get_id (member), "create", hlc,
                                        &payload, error);
}

/* With @defer_search the member waits in the search backlog (found by a
 * direct read) instead of entering the full-text index at once: a long
 * transaction of many inserts then avoids the index flushing at every
 * statement. With @chunk_hlc the member is stamped with it and its op is
 * the caller's (an import's chunk, pt-import-chunk.h). */
static gboolean
insert_member (PtStore     *self,
               PtMember    *member,
               gboolean     defer_search,
               const char  *chunk_hlc,
               GError     **error)
{
  g_autofree char *own_hlc = chunk_hlc ? NULL : pt_clock_tick (pt_store_get_clock (self));
  const char *hlc = chunk_hlc ? chunk_hlc : own_hlc;
  sqlite3_stmt *stmt;

  if (*pt_member_get_number (member) == '\0')
    {
      g_autofree char *number = NULL;

      if (!allocate_number (self, &number, error))
        return FALSE;
      pt_member_set (member, PT_MEMBER_FIELD_NUMBER, number);
    }

  if (!refuse_taken_number (self, member, NULL, error))
    return FALSE;

  stmt = pt_store_prepare (self,
                           "INSERT INTO members (id, number, name, phone, email, birthday, gender,"
                           " address, city, joined_on, source, referred_by, status, marketing_consent,"
                           " notes, tags, home_branch, created_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                           " ?15, ?16, ?17, ?18)", error);
  if (stmt == NULL)
    return FALSE;

  pt_store_bind_text_borrowed (stmt, 1, pt_member_get_id (member));
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      const char *value = pt_member_get (member, i);
      pt_store_bind_text_borrowed (stmt, 2 + i, *value ? value : NULL);
    }
  sqlite3_bind_int (stmt, 2 + PT_MEMBER_FIELD_MARKETING_CONSENT,
                    pt_member_get_marketing_consent (member));
  pt_store_bind_text_borrowed (stmt, 18, hlc);

  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  if (defer_search)
    {
      sqlite3_int64 rid = sqlite3_last_insert_rowid (pt_store_get_db (self));

      stmt = pt_store_prepare (self, "INSERT INTO search_backlog (rid) VALUES (?1)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rid);
      if (!pt_store_step_done (self, stmt, error))
        return FALSE;
    }
  else if (!pt_store_index_member (self, sqlite3_last_insert_rowid (pt_store_get_db (self)),
                                   member, error))
    return FALSE;

  if (chunk_hlc == NULL && !append_create_op (self, member, hlc, error))
    return FALSE;

  pt_store_note_changed (self, "member");
  return TRUE;
}

gboolean
pt_store_add_member (PtStore   *self,
                     PtMember  *member,
                     GError   **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_MEMBER (member), FALSE);

  pt_member_normalize (member);
  if (!pt_member_validate (member, error))
    return FALSE;

  fill_defaults (self, member);

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!insert_member (self, member, FALSE, NULL, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}

gboolean
pt_store_members_insert (PtStore     *self,
                         PtMember    *member,
                         const char  *hlc,
                         GError     **error)
{
  pt_member_normalize (member);
  if (!pt_member_validate (member, error))
    return FALSE;
  fill_defaults (self, member);
  return insert_member (self, member, TRUE, hlc, error);
}

static sqlite3_int64
lookup_rid (PtStore     *self,
            const char  *id,
            GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT rid FROM members WHERE id = ?1", error);
  sqlite3_int64 rid = 0;

  if (stmt == NULL)
    return 0;
  pt_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rid == 0)
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No member with id %s"), id);
  return rid;
}

/* Sets one field, leaving the others alone; the statement is one of a
 * fixed set, chosen by field. */
static const char * const update_field_sql[PT_MEMBER_N_FIELDS] = {
#define UPDATE_FIELD(col) \
  "UPDATE members SET " col " = ?1, field_hlc = json_set (field_hlc, '$." col "', ?2) WHERE rid = ?3"
  [PT_MEMBER_FIELD_NUMBER] = UPDATE_FIELD ("number"),
  [PT_MEMBER_FIELD_NAME] = UPDATE_FIELD ("name"),
  [PT_MEMBER_FIELD_PHONE] = UPDATE_FIELD ("phone"),
  [PT_MEMBER_FIELD_EMAIL] = UPDATE_FIELD ("email"),
  [PT_MEMBER_FIELD_BIRTHDAY] = UPDATE_FIELD ("birthday"),
  [PT_MEMBER_FIELD_GENDER] = UPDATE_FIELD ("gender"),
  [PT_MEMBER_FIELD_ADDRESS] = UPDATE_FIELD ("address"),
  [PT_MEMBER_FIELD_CITY] = UPDATE_FIELD ("city"),
  [PT_MEMBER_FIELD_JOINED_ON] = UPDATE_FIELD ("joined_on"),
  [PT_MEMBER_FIELD_SOURCE] = UPDATE_FIELD ("source"),
  [PT_MEMBER_FIELD_REFERRED_BY] = UPDATE_FIELD ("referred_by"),
  [PT_MEMBER_FIELD_STATUS] = UPDATE_FIELD ("status"),
  [PT_MEMBER_FIELD_MARKETING_CONSENT] = UPDATE_FIELD ("marketing_consent"),
  [PT_MEMBER_FIELD_NOTES] = UPDATE_FIELD ("notes"),
  [PT_MEMBER_FIELD_TAGS] = UPDATE_FIELD ("tags"),
  [PT_MEMBER_FIELD_HOME_BRANCH] = UPDATE_FIELD ("home_branch"),
#undef UPDATE_FIELD
};

gboolean
pt_store_member_write_field (PtStore       *self,
                             sqlite3_int64  rid,
                             PtMemberField  field,
                             const char    *value,
                             const char    *hlc,
                             GError       **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, update_field_sql[field], error);

  if (stmt == NULL)
    return FALSE;

  if (field == PT_MEMBER_FIELD_MARKETING_CONSENT)
    sqlite3_bind_int (stmt, 1, g_strcmp0 (value, "1") == 0);
  else if (field == PT_MEMBER_FIELD_NUMBER || field == PT_MEMBER_FIELD_NAME ||
           field == PT_MEMBER_FIELD_JOINED_ON || field == PT_MEMBER_FIELD_STATUS)
    pt_store_bind_text (stmt, 1, value ? value : "");
  else
    pt_store_bind_text (stmt, 1, value && *value ? value : NULL);
  pt_store_bind_text (stmt, 2, hlc);
  sqlite3_bind_int64 (stmt, 3, rid);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
write_changes (PtStore   *self,
               PtMember  *member,
               GError   **error)
{
  g_autoptr(PtMember) stored = NULL;
  g_autofree char *hlc = NULL;
  gboolean changed[PT_MEMBER_N_FIELDS] = { FALSE, };
  gboolean any = FALSE;
  sqlite3_int64 rid;
  JsonObject *payload;
  gboolean ok;

  stored = pt_store_get_member (self, pt_member_get_id (member), TRUE, error);
  if (stored == NULL)
    return FALSE;

  if (pt_member_get_deleted (stored))
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("%s has been deleted and cannot be edited"), pt_member_get_name (stored));
      return FALSE;
    }

  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      changed[i] = g_strcmp0 (pt_member_get (stored, i), pt_member_get (member, i)) != 0;
      any |= changed[i];
    }

  if (!any)
    return TRUE;

  if (changed[PT_MEMBER_FIELD_NUMBER] &&
      !refuse_taken_number (self, member, pt_member_get_id (member), error))
    return FALSE;

  rid = lookup_rid (self, pt_member_get_id (member), error);
  if (rid == 0)
    return FALSE;

  hlc = pt_clock_tick (pt_store_get_clock (self));
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    if (changed[i] &&
        !pt_store_member_write_field (self, rid, i, pt_member_get (member, i), hlc, error))
      return FALSE;

  if (!pt_store_index_member (self, rid, member, error))
    return FALSE;
  if (changed[PT_MEMBER_FIELD_MARKETING_CONSENT] &&
      !pt_store_consent_record (self, pt_member_get_id (member),
                                pt_member_get_marketing_consent (member), "edit", error))
    return FALSE;

  payload = pt_member_to_json (stored, changed);
  pt_store_audit_set_before (self, payload);
  json_object_unref (payload);
  payload = pt_member_to_json (member, changed);
  ok = pt_store_outbox_append (self, "member", pt_member_get_id (member), "update", hlc,
                               payload, error);
  json_object_unref (payload);
  if (ok)
    pt_store_note_changed (self, "member");
  return ok;
}

gboolean
pt_store_update_member (PtStore   *self,
                        PtMember  *member,
                        GError   **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_MEMBER (member), FALSE);
  g_return_val_if_fail (pt_member_get_id (member) != NULL, FALSE);

  pt_member_normalize (member);
  if (!pt_member_validate (member, error))
    return FALSE;

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!write_changes (self, member, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}

static gboolean
write_deleted (PtStore     *self,
               const char  *id,
               gboolean     deleted,
               GError     **error)
{
  g_autoptr(PtMember) member = NULL;
  g_autofree char *hlc = NULL;
  sqlite3_stmt *stmt;
  sqlite3_int64 rid;
  JsonObject *payload;
  gboolean ok;

  member = pt_store_get_member (self, id, TRUE, error);
  if (member == NULL)
    return FALSE;
  if (pt_member_get_deleted (member) == deleted)
    return TRUE;

  rid = lookup_rid (self, pt_member_get_id (member), error);
  if (rid == 0)
    return FALSE;

  hlc = pt_clock_tick (pt_store_get_clock (self));
  stmt = pt_store_prepare (self, "UPDATE members SET deleted = ?1, deleted_hlc = ?2 WHERE rid = ?3",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, deleted);
  pt_store_bind_text (stmt, 2, hlc);
  sqlite3_bind_int64 (stmt, 3, rid);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  pt_member_set_deleted (member, deleted);
  if (!pt_store_index_member (self, rid, member, error))
    return FALSE;

  payload = json_object_new ();
  ok = pt_store_outbox_append (self, "member", pt_member_get_id (member),
                               deleted ? "delete" : "restore", hlc, payload, error);
  json_object_unref (payload);
  if (ok)
    pt_store_note_changed (self, "member");
  return ok;
}

static gboolean
set_deleted (PtStore     *self,
             const char  *id,
             gboolean     deleted,
             GError     **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!write_deleted (self, id, deleted, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}

gboolean
pt_store_delete_member (PtStore     *self,
                        const char  *id,
                        GError     **error)
{
  return set_deleted (self, id, TRUE, error);
}

gboolean
pt_store_restore_member (PtStore     *self,
                         const char  *id,
                         GError     **error)
{
  return set_deleted (self, id, FALSE, error);
}

PtMember *
pt_store_get_member (PtStore     *self,
                     const char  *id_or_number,
                     gboolean     include_deleted,
                     GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_number != NULL, NULL);

  stmt = pt_store_prepare (self,
                           "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                           " WHERE id = ?1 UNION ALL"
                           " SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                           " WHERE number IN (" PT_STORE_NUMBER_ANY_CASE ")", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, id_or_number);

  found = pt_store_collect_members (self, stmt, error);
  if (found == NULL)
    return NULL;

  /* A member merged into another: its number and card find the
   * survivor. */
  if (found->len == 0 || pt_member_get_deleted (g_ptr_array_index (found, 0)))
    {
      g_autofree char *survivor = pt_store_merged_into (self, id_or_number, NULL);

      if (survivor != NULL)
        return pt_store_get_member (self, survivor, include_deleted, error);
    }

  if (found->len == 0 || (!include_deleted && pt_member_get_deleted (g_ptr_array_index (found, 0))))
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                   _("No member with the number or id “%s”"), id_or_number);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (found, 0));
}

gint64
pt_store_count_members (PtStore  *self,
                        GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (PT_IS_STORE (self), -1);

  stmt = pt_store_prepare (self, "SELECT count(*) FROM members WHERE deleted = 0", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    pt_store_set_db_error (self, error, _("counting members"));
  sqlite3_reset (stmt);

  /* The count reads a whole index (over a million members, some 15 MB)
   * that no page of the list needs afterwards: those pages leave the
   * cache at once, and the memory goes back to the system, rather than
   * staying as the program's largest allocation (issue 15). The file's
   * pages stay in the system's cache for the next count. */
  sqlite3_db_release_memory (pt_store_get_db (self));
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return count;
}

#define LIST_SQL(order) \
  "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members WHERE deleted = 0 ORDER BY " order \
  " LIMIT ?1 OFFSET ?2"

static const char * const list_sql[PT_MEMBER_N_SORTS][2] = {
  [PT_MEMBER_SORT_NUMBER] = { LIST_SQL ("number, rid"), LIST_SQL ("number DESC, rid DESC") },
  [PT_MEMBER_SORT_NAME] = { LIST_SQL ("name COLLATE NOCASE, rid"),
                            LIST_SQL ("name COLLATE NOCASE DESC, rid DESC") },
  [PT_MEMBER_SORT_JOINED] = { LIST_SQL ("joined_on, rid"), LIST_SQL ("joined_on DESC, rid DESC") },
  [PT_MEMBER_SORT_CITY] = { LIST_SQL ("city COLLATE NOCASE, rid"),
                            LIST_SQL ("city COLLATE NOCASE DESC, rid DESC") },
  [PT_MEMBER_SORT_POINTS] = { LIST_SQL ("points_balance, rid"),
                              LIST_SQL ("points_balance DESC, rid DESC") },
};

GPtrArray *
pt_store_list_members (PtStore       *self,
                       PtMemberSort   sort,
                       gboolean       descending,
                       guint          offset,
                       guint          limit,
                       GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) sort < PT_MEMBER_N_SORTS, NULL);

  stmt = pt_store_prepare (self, list_sql[sort][descending ? 1 : 0], error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, offset);
  return pt_store_collect_members (self, stmt, error);
}

/* FTS5 phrase: the token in double quotes, quotes inside doubled. */
