/* pt-store-private.h — what the store's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "pt-member.h"
#include "pt-permissions.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* A member number typed in any case ("hq-000001"), for "number IN (…)"
 * with the number as ?1. Not "number = ?1 COLLATE NOCASE": the number
 * index uses the binary collation, so that would read every member;
 * this is three lookups in the index. */
#define PT_STORE_NUMBER_ANY_CASE "?1, upper (?1), lower (?1)"

sqlite3       *pt_store_get_db            (PtStore      *self);

/* A cached prepared statement for @sql (a string constant), reset and with
 * its bindings cleared. Owned by the store. */
sqlite3_stmt  *pt_store_prepare           (PtStore      *self,
                                           const char   *sql,
                                           GError      **error);

/* Runs @sql that takes no parameters. */
gboolean       pt_store_exec              (PtStore      *self,
                                           const char   *sql,
                                           GError      **error);

/* pt-store-migrate.c: the first column of the first row of @sql as an
 * int, -1 on error; and the migrations after the file's schema version,
 * which @schema_version follows. */
int            pt_store_query_int         (PtStore      *self,
                                           const char   *sql);
gboolean       pt_store_migrate           (PtStore      *self,
                                           int          *schema_version,
                                           GError      **error);

/* A page cache of 256 MB for one large write (@large), or back to the
 * usual 16 MB. */
gboolean       pt_store_set_large_cache   (PtStore      *self,
                                           gboolean      large,
                                           GError      **error);

/* Steps @stmt to completion, then resets it. */
gboolean       pt_store_step_done         (PtStore      *self,
                                           sqlite3_stmt *stmt,
                                           GError      **error);

/* Sets @error from the connection's last error; always returns FALSE. */
gboolean       pt_store_set_db_error      (PtStore      *self,
                                           GError      **error,
                                           const char   *context);

/* Nesting transactions: the outermost is BEGIN IMMEDIATE, inner ones are
 * savepoints. Changes noted with pt_store_note_changed() are signalled
 * when the outermost commits. */
gboolean       pt_store_begin             (PtStore      *self,
                                           GError      **error);
gboolean       pt_store_commit            (PtStore      *self,
                                           GError      **error);
void           pt_store_rollback          (PtStore      *self);
void           pt_store_note_changed      (PtStore      *self,
                                           const char   *entity);

/* Notes that the clock moved: pt_store_commit () persists it. */
void           pt_store_mark_clock_dirty  (PtStore      *self);

/* Appends an operation to the outbox; must run inside a transaction, the
 * same one as the change it describes. Takes a fresh HLC stamp unless
 * @hlc is given, and returns the stamp used in @out_hlc. */
gboolean       pt_store_outbox_append     (PtStore      *self,
                                           const char   *entity,
                                           const char   *entity_id,
                                           const char   *op,
                                           const char   *hlc,
                                           JsonObject   *payload,
                                           GError      **error);

/* An event (an "append") whose payload text is written already and
 * whose audit entry lists @changes (JSON [[key, before, after], ...])
 * in place of the payload: an import's chunk of members, whose entry
 * says how many, not who. */
gboolean       pt_store_outbox_append_text (PtStore         *self,
                                            const char      *entity,
                                            const char      *entity_id,
                                            const char      *hlc,
                                            const char      *payload_text,
                                            const char      *changes,
                                            GError         **error);

/* pt_store_outbox_append () for a create or an append (no before) whose
 * payload has a fixed shape: its texts are written without a JSON tree.
 * The op, its payload text and its audit entry are the same. */
gboolean       pt_store_outbox_append_fields (PtStore          *self,
                                              const char       *entity,
                                              const char       *entity_id,
                                              const char       *op,
                                              const char       *hlc,
                                              const PtOpFields *payload,
                                              GError          **error);

/* Who the store acts for (issue 13): a staff member signed in, or the
 * owner of the database file (staff_id NULL) until someone signs in. Owned
 * by the store; pt-store-staff.c changes it. */
typedef struct
{
  char     *staff_id;
  char     *name;
  PtRole    role;
  /* bench-audit only: no permission check, no audit entry, so that the
   * cost of both can be shown beside a sale without them. */
  gboolean  bench_without_audit;
} PtStoreActing;

PtStoreActing *pt_store_get_acting        (PtStore      *self);

/* TRUE inside pt_store_begin () ... commit/rollback. */
gboolean       pt_store_in_transaction    (PtStore      *self);

/* The values the next outbox entry's fields had before the change (read
 * from the row in the same transaction by the code that changes it): the
 * audit entry shows them as "before". Taken by pt_store_outbox_append(),
 * cleared on rollback. */
void           pt_store_audit_set_before  (PtStore      *self,
                                           JsonObject   *before);
JsonObject    *pt_store_audit_take_before (PtStore      *self);

/* An audit entry's columns, as pt_store_audit_entry_json_at () reads
 * them (pt-store-audit.c). */
#define PT_STORE_AUDIT_ROW_COLUMNS \
  "rid, device, seq, op_id, at, staff_id, staff_name, role, branch, entity, entity_id, op," \
  " hlc, member_id, changes, prev_hash, hash"
/* The travelling form of the audit entry whose PT_STORE_AUDIT_ROW_COLUMNS
 * begin at column @first of @stmt. */
char          *pt_store_audit_entry_json_at (sqlite3_stmt *stmt,
                                             int           first);

/* A text column as a string, or NULL; a convenience over sqlite3. */
const char    *pt_store_column_text       (sqlite3_stmt *stmt,
                                           int           column);
void           pt_store_bind_text         (sqlite3_stmt *stmt,
                                           int           index,
                                           const char   *value);
/* pt_store_bind_text () without a copy, for the statements written by
 * the hundred thousand: @value must stay as it is until the statement has
 * been stepped (pt_store_prepare () clears the bindings before the next
 * use, so it is never read after). */
void           pt_store_bind_text_borrowed (sqlite3_stmt *stmt,
                                            int           index,
                                            const char   *value);

G_END_DECLS

G_BEGIN_DECLS

/* The member columns in PtMemberField order (column 1 + field), then
 * tier_id, points_balance, deleted, tier name. Column 0 is the id. A
 * member with no tier id is in the base tier (the lowest open to all). */
#define PT_STORE_MEMBER_COLUMNS \
  "members.id, number, members.name, phone, email, birthday, gender, address, city, joined_on, " \
  "source, referred_by, status, marketing_consent, notes, tags, home_branch, " \
  "tier_id, points_balance, deleted, " \
  "(SELECT tiers.name FROM tiers WHERE tiers.archived = 0 AND (tiers.id = members.tier_id" \
  " OR (members.tier_id IS NULL AND tiers.min_spend = 0 AND tiers.min_visits = 0" \
  " AND tiers.min_points = 0 AND tiers.annual_fee = 0)) ORDER BY tiers.rank LIMIT 1)"

PtMember      *pt_store_member_from_row   (sqlite3_stmt *stmt);

/* Steps @stmt (which selects PT_STORE_MEMBER_COLUMNS first) to the end,
 * then resets it; the members, or NULL on error. */
GPtrArray     *pt_store_collect_members   (PtStore      *self,
                                           sqlite3_stmt *stmt,
                                           GError      **error);

/* Writes one profile field and its clock stamp (no outbox entry: the
 * caller writes that, or is applying a change that came from the server). */
gboolean       pt_store_member_write_field (PtStore      *self,
                                            sqlite3_int64 rid,
                                            PtMemberField field,
                                            const char   *value,
                                            const char   *hlc,
                                            GError      **error);

/* Binds a member field: "" for a missing value of a NOT NULL column, NULL
 * for the others, marketing consent as 0 or 1. */
void           pt_store_bind_member_field (sqlite3_stmt *stmt,
                                           int           index,
                                           PtMemberField field,
                                           const char   *value);

/* pt_store_add_member() inside the caller's open transaction, without a
 * savepoint of its own: a refusal (validation, a taken number) comes
 * before anything is written, and a failure after it fails the caller's
 * whole transaction. For imports of many members at once: the member
 * waits in the search backlog (pt_store_search_backlog_index()), is
 * stamped @hlc and gets no op of its own (the import's chunk is its op:
 * pt_store_member_create_payload() is its part of it). */
gboolean       pt_store_members_insert    (PtStore      *self,
                                           PtMember     *member,
                                           const char   *hlc,
                                           GError      **error);
/* The payload of @member's create op, as text. */
char          *pt_store_member_create_payload (PtMember *member);

/* Rewrites the search index row of the member with row id @rid. */
gboolean       pt_store_index_member      (PtStore      *self,
                                           sqlite3_int64 rid,
                                           PtMember     *member,
                                           GError      **error);
gboolean       pt_store_index_search_row  (PtStore      *self,
                                           sqlite3_int64 rid,
                                           const char   *number,
                                           const char   *name,
                                           const char   *phone,
                                           const char   *email,
                                           gboolean      deleted,
                                           gboolean      from_backlog,
                                           GError      **error);

/* pt-store-snapshot.c: pt_search_match (number, name, phone, email, query)
 * for the members the search index has yet to take in. */
gboolean       pt_store_register_search_functions (sqlite3  *db);

/* pt-store-insights.c: pt_has_tag (tags, tag) for the segment rules. */
gboolean       pt_store_register_insights_functions (sqlite3  *db);
gboolean       pt_store_register_member_set_functions (sqlite3 *db);
/* TRUE when one of the comma-separated @tags, spaces trimmed, is exactly
 * @tag (trimmed): what pt_has_tag () answers in SQL. */
gboolean       pt_store_tags_have         (const char   *tags,
                                           const char   *tag);
/* Binds a compiled segment's parameters (see pt_store_count_matching). */
gboolean       pt_store_bind_segment_params (PtStore      *self,
                                             sqlite3_stmt *stmt,
                                             GPtrArray    *params,
                                             GError      **error);
/* Calls @func for every run of rows of one member on one day in the
 * window (@after, @until], with the run's net amount and net purchases
 * (purchases less reversals), in (day, member) order, from one pass over
 * the window's range of the covering index. */
typedef void (*PtStoreRunFunc) (const char *member_id,
                                const char *day,
                                gint64      amount,
                                gint64      purchases,
                                gpointer    user_data);
gboolean       pt_store_scan_window_runs  (PtStore         *self,
                                           const char      *after,
                                           const char      *until,
                                           PtStoreRunFunc   func,
                                           gpointer         user_data,
                                           GError         **error);
/* PRAGMA data_version and the connection's total changes: together they
 * change whenever the database does, by this connection or another. */
gboolean       pt_store_read_versions     (PtStore      *self,
                                           gint64       *data_version,
                                           gint64       *total_changes,
                                           GError      **error);
/* The set of member ids (a GHashTable of strings, deleted members
 * included) that @spec (PT_SEGMENT_MEMBER_SET_TYPE) describes. */
GHashTable    *pt_store_member_set_new    (PtStore      *self,
                                           GVariant     *spec,
                                           GError      **error);
/* Computes the set of members @spec (PT_SEGMENT_MEMBER_SET_TYPE)
 * describes and binds it to parameter @index of @stmt for pt_member_in. */
gboolean       pt_store_bind_member_set   (PtStore      *self,
                                           sqlite3_stmt *stmt,
                                           int           index,
                                           GVariant     *spec,
                                           GError      **error);

G_END_DECLS
