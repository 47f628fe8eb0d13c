/* pt-store-audit.c — the outbox hook: permission, staff stamp and audit
 * entry of every change, and the audit trail's reading and checking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-audit"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "pt-audit-chain.h"
#include "pt-json.h"
#include "pt-store-audit.h"
#include "pt-store-private.h"
#include "pt-store-staff.h"
#include "pt-store-sync.h"
#include "pt-uuid.h"

void
pt_audit_row_free (PtAuditRow *row)
{
  if (row == NULL)
    return;
  g_free (row->device);
  g_free (row->op_id);
  g_free (row->staff_id);
  g_free (row->staff_name);
  g_free (row->role);
  g_free (row->branch);
  g_free (row->entity);
  g_free (row->entity_id);
  g_free (row->op);
  g_free (row->hlc);
  g_free (row->member_id);
  g_free (row->changes);
  g_free (row->prev_hash);
  g_free (row->hash);
  g_free (row->member_name);
  g_free (row);
}

/* [[field, before, after], ...]. The after-values are the op's own
 * payload (what travels is what is audited). The before-values are the
 * row as it was, read in the same transaction by the code that changes it
 * (it alone knows the table, and loads the old row anyway to compare):
 * this hook runs after the change is written, too late to read them
 * itself. An event (append) and a create have no before. */
static char *
build_changes (const char *op,
               JsonObject *payload,
               JsonObject *before)
{
  GString *out = g_string_sized_new (256);
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  if (payload != NULL)
    {
      json_object_iter_init (&iter, payload);
      while (json_object_iter_next (&iter, &key, &node))
        {
          JsonNode *old = before ? json_object_get_member (before, key) : NULL;
          gboolean secret = strcmp (key, "pin_hash") == 0;

          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          g_string_append_c (out, '[');
          pt_json_append_string (out, key);
          g_string_append_c (out, ',');
          if (old == NULL)
            g_string_append (out, "null");
          else if (secret)
            g_string_append (out, "\"***\"");
          else
            pt_json_append_node (out, old);
          g_string_append_c (out, ',');
          if (secret)
            g_string_append (out, "\"***\"");
          else
            pt_json_append_node (out, node);
          g_string_append_c (out, ']');
        }
    }
  if (first && (strcmp (op, "delete") == 0 || strcmp (op, "restore") == 0))
    g_string_append_printf (out, "[\"deleted\",%s,%s]",
                            strcmp (op, "delete") == 0 ? "false" : "true",
                            strcmp (op, "delete") == 0 ? "true" : "false");
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static const char *
member_of (const char *entity,
           const char *entity_id,
           JsonObject *payload)
{
  JsonNode *node;

  if (strcmp (entity, "member") == 0)
    return entity_id;
  if (payload != NULL && (node = json_object_get_member (payload, "member_id")) != NULL &&
      json_node_get_value_type (node) == G_TYPE_STRING && *json_node_get_string (node) != '\0')
    return json_node_get_string (node);
  return NULL;
}

/* member_of () for a payload given as fields. */
static const char *
member_of_fields (const char       *entity,
                  const char       *entity_id,
                  const PtOpFields *payload)
{
  const PtOpField *member = pt_op_fields_find (payload, "member_id");

  if (strcmp (entity, "member") == 0)
    return entity_id;
  if (member != NULL && !member->is_int && member->string != NULL && *member->string != '\0')
    return member->string;
  return NULL;
}

static gboolean
insert_entry (PtStore            *self,
              const PtAuditEntry *e,
              const char         *hash,
              gboolean            or_ignore,
              GError            **error)
{
  sqlite3_stmt *stmt;

#define AUDIT_INSERT \
  " INTO audit_log (device, seq, op_id, at, staff_id, staff_name, role, branch, entity," \
  " entity_id, op, hlc, member_id, changes, prev_hash, hash)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
  stmt = pt_store_prepare (self, or_ignore ? "INSERT OR IGNORE" AUDIT_INSERT
                                           : "INSERT" AUDIT_INSERT, error);
#undef AUDIT_INSERT
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text_borrowed (stmt, 1, e->device);
  sqlite3_bind_int64 (stmt, 2, e->seq);
  pt_store_bind_text_borrowed (stmt, 3, e->op_id);
  sqlite3_bind_int64 (stmt, 4, e->at);
  pt_store_bind_text_borrowed (stmt, 5, e->staff_id);
  pt_store_bind_text_borrowed (stmt, 6, e->staff_name);
  pt_store_bind_text_borrowed (stmt, 7, e->role);
  pt_store_bind_text_borrowed (stmt, 8, e->branch);
  pt_store_bind_text_borrowed (stmt, 9, e->entity);
  pt_store_bind_text_borrowed (stmt, 10, e->entity_id);
  pt_store_bind_text_borrowed (stmt, 11, e->op);
  pt_store_bind_text_borrowed (stmt, 12, e->hlc);
  pt_store_bind_text_borrowed (stmt, 13, e->member_id);
  pt_store_bind_text_borrowed (stmt, 14, e->changes);
  pt_store_bind_text_borrowed (stmt, 15, e->prev_hash);
  pt_store_bind_text_borrowed (stmt, 16, hash);
  return pt_store_step_done (self, stmt, error);
}

/* What an op's audit entry is made from, besides its identity. */
typedef struct
{
  PtPermission  permission;
  const char   *member_id;
  const char   *changes;
} AuditInput;

/* Checks the acting staff's permission for the op, then writes the
 * device's next audit entry; its row in *@audit_rid. */
static gboolean
audit_change (PtStore           *self,
              const char        *op_id,
              const char        *entity,
              const char        *entity_id,
              const char        *op,
              const char        *hlc,
              const AuditInput  *input,
              sqlite3_int64     *audit_rid,
              GError           **error)
{
  PtStoreActing *acting = pt_store_get_acting (self);
  g_autofree char *prev = NULL;
  char hash[PT_AUDIT_HASH_LEN + 1];
  PtAuditEntry e = { 0, };
  sqlite3_stmt *stmt;

  if (!pt_role_allows (acting->role, input->permission))
    return pt_permission_refuse (acting->role, input->permission, error);

  stmt = pt_store_prepare (self, "SELECT seq, hash FROM audit_log WHERE device = ?1"
                                 " ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_store_get_device_id (self));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      e.seq = sqlite3_column_int64 (stmt, 0) + 1;
      prev = g_strdup (pt_store_column_text (stmt, 1));
    }
  else
    {
      e.seq = 1;
      prev = g_strdup (PT_AUDIT_GENESIS);
    }
  sqlite3_reset (stmt);

  e.prev_hash = prev;
  e.device = pt_store_get_device_id (self);
  e.op_id = op_id;
  e.at = g_get_real_time ();
  e.staff_id = acting->staff_id;
  e.staff_name = acting->name ? acting->name : g_get_user_name ();
  e.role = pt_role_to_string (acting->role);
  e.branch = pt_store_get_branch_id (self) ? pt_store_get_branch_id (self) : "";
  e.entity = entity;
  e.entity_id = entity_id;
  e.op = op;
  e.hlc = hlc;
  e.member_id = input->member_id;
  e.changes = input->changes;
  pt_audit_entry_hash (&e, hash);

  if (!insert_entry (self, &e, hash, FALSE, error))
    return FALSE;
  *audit_rid = sqlite3_last_insert_rowid (pt_store_get_db (self));
  return TRUE;
}

/* Writes the op (its payload already text) and, unless the bench turned
 * it off, its audit entry (@input NULL: none). */
static gboolean
append_op (PtStore           *self,
           const char        *entity,
           const char        *entity_id,
           const char        *op,
           const char        *hlc,
           const char        *payload_text,
           const AuditInput  *input,
           GError           **error)
{
  g_autofree char *op_id = pt_uuid_new ();
  g_autofree char *own_hlc = NULL;
  sqlite3_int64 audit_rid = 0;
  PtClock *clock = pt_store_get_clock (self);
  sqlite3_stmt *stmt;

  if (hlc == NULL)
    hlc = own_hlc = pt_clock_tick (clock);

  if (input != NULL &&
      !audit_change (self, op_id, entity, entity_id, op, hlc, input, &audit_rid, error))
    return FALSE;

  /* The entry by its row, not a second copy of it: the op carries it
   * when it is pushed (pt_store_audit_entry_json_at ()). */
  stmt = pt_store_prepare (self,
                           "INSERT INTO outbox (op_id, entity, entity_id, op, hlc, payload,"
                           " created_at, audit_rid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;

  pt_store_bind_text_borrowed (stmt, 1, op_id);
  pt_store_bind_text_borrowed (stmt, 2, entity);
  pt_store_bind_text_borrowed (stmt, 3, entity_id);
  pt_store_bind_text_borrowed (stmt, 4, op);
  pt_store_bind_text_borrowed (stmt, 5, hlc);
  pt_store_bind_text_borrowed (stmt, 6, payload_text);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  if (audit_rid > 0)
    sqlite3_bind_int64 (stmt, 8, audit_rid);
  else
    sqlite3_bind_null (stmt, 8);

  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  /* The clock is persisted with the change (pt_store_commit()), so it
   * never runs backwards across a restart even if the wall clock does:
   * once per transaction, not once per op of an import. */
  pt_store_mark_clock_dirty (self);

  pt_store_note_changed (self, "outbox");
  pt_store_note_changed (self, "audit");
  return TRUE;
}

gboolean
pt_store_outbox_append (PtStore     *self,
                        const char  *entity,
                        const char  *entity_id,
                        const char  *op,
                        const char  *hlc,
                        JsonObject  *payload,
                        GError     **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autofree char *payload_text = NULL;
  g_autofree char *changes = NULL;
  AuditInput input;

  g_return_val_if_fail (pt_store_in_transaction (self), FALSE);

  before = pt_store_audit_take_before (self);
  payload_text = pt_json_object_to_text (payload);
  if (pt_store_get_acting (self)->bench_without_audit)
    return append_op (self, entity, entity_id, op, hlc, payload_text, NULL, error);

  changes = build_changes (op, payload, before);
  input.permission = pt_permission_for_op (entity, op, payload);
  input.member_id = member_of (entity, entity_id, payload);
  input.changes = changes;
  return append_op (self, entity, entity_id, op, hlc, payload_text, &input, error);
}

gboolean
pt_store_outbox_append_fields (PtStore           *self,
                               const char        *entity,
                               const char        *entity_id,
                               const char        *op,
                               const char        *hlc,
                               const PtOpFields  *payload,
                               GError           **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autofree char *payload_text = NULL;
  g_autofree char *changes = NULL;
  AuditInput input;

  g_return_val_if_fail (pt_store_in_transaction (self), FALSE);

  /* No before: these are creates and appends, for which no one sets
   * one. Taken all the same, as pt_store_outbox_append () does. */
  before = pt_store_audit_take_before (self);
  payload_text = pt_op_fields_payload (payload);
  if (pt_store_get_acting (self)->bench_without_audit)
    return append_op (self, entity, entity_id, op, hlc, payload_text, NULL, error);

  changes = pt_op_fields_changes (payload);
  input.permission = pt_permission_for_op_fields (entity, op, payload);
  input.member_id = member_of_fields (entity, entity_id, payload);
  input.changes = changes;
  return append_op (self, entity, entity_id, op, hlc, payload_text, &input, error);
}

gboolean
pt_store_outbox_append_text (PtStore     *self,
                             const char  *entity,
                             const char  *entity_id,
                             const char  *hlc,
                             const char  *payload_text,
                             const char  *changes,
                             GError     **error)
{
  g_autoptr(JsonObject) before = NULL;
  AuditInput input;

  g_return_val_if_fail (pt_store_in_transaction (self), FALSE);

  before = pt_store_audit_take_before (self);
  if (pt_store_get_acting (self)->bench_without_audit)
    return append_op (self, entity, entity_id, "append", hlc, payload_text, NULL, error);

  input.permission = pt_permission_for_op (entity, "append", NULL);
  input.member_id = NULL;
  input.changes = changes;
  return append_op (self, entity, entity_id, "append", hlc, payload_text, &input, error);
}

gboolean
pt_store_audit_record_pulled (PtStore          *self,
                              const PtStoreOp  *op,
                              GError          **error)
{
  g_autoptr(JsonObject) audit = NULL;
  PtAuditEntry e;
  const char *hash;

  if (op->audit == NULL)
    return TRUE;
  audit = pt_json_parse_object (op->audit, -1, NULL);
  /* The server checked the entry before it took the op; one that does
   * not even parse here is left out rather than stop the pull (verify
   * would name it anyway if it were kept). */
  if (audit == NULL ||
      !pt_audit_entry_from_json (audit, op->op_id, op->entity, op->entity_id, op->op, op->hlc,
                                 &e, &hash, NULL))
    return TRUE;
  return insert_entry (self, &e, hash, TRUE, error);
}

#define ROW_COLUMNS PT_STORE_AUDIT_ROW_COLUMNS

static PtAuditRow *
row_from_stmt (sqlite3_stmt *stmt)
{
  PtAuditRow *row = g_new0 (PtAuditRow, 1);

  row->rid = sqlite3_column_int64 (stmt, 0);
  row->device = g_strdup (pt_store_column_text (stmt, 1));
  row->seq = sqlite3_column_int64 (stmt, 2);
  row->op_id = g_strdup (pt_store_column_text (stmt, 3));
  row->at = sqlite3_column_int64 (stmt, 4);
  row->staff_id = g_strdup (pt_store_column_text (stmt, 5));
  row->staff_name = g_strdup (pt_store_column_text (stmt, 6));
  row->role = g_strdup (pt_store_column_text (stmt, 7));
  row->branch = g_strdup (pt_store_column_text (stmt, 8));
  row->entity = g_strdup (pt_store_column_text (stmt, 9));
  row->entity_id = g_strdup (pt_store_column_text (stmt, 10));
  row->op = g_strdup (pt_store_column_text (stmt, 11));
  row->hlc = g_strdup (pt_store_column_text (stmt, 12));
  row->member_id = g_strdup (pt_store_column_text (stmt, 13));
  row->changes = g_strdup (pt_store_column_text (stmt, 14));
  row->prev_hash = g_strdup (pt_store_column_text (stmt, 15));
  row->hash = g_strdup (pt_store_column_text (stmt, 16));
  return row;
}

/* The query for @filter: fixed pieces for what it names, every value
 * bound. With a member or staff member first, SQLite walks that one's
 * (…, at) index backwards, rid being the index's last column. */
static char *
query_sql (const PtAuditFilter *filter,
           guint                n_entities)
{
  GString *sql = g_string_new ("SELECT " ROW_COLUMNS " FROM audit_log"
                               " WHERE at BETWEEN ?1 AND ?2 AND (at < ?3 OR rid < ?4)");

  if (filter->member_id != NULL)
    g_string_append (sql, " AND member_id = ?5");
  if (filter->staff_id != NULL)
    g_string_append (sql, " AND staff_id = ?6");
  if (n_entities > 0)
    {
      g_string_append (sql, " AND entity IN (?7");
      for (guint i = 1; i < n_entities; i++)
        g_string_append_printf (sql, ", ?%u", 7 + i);
      g_string_append_c (sql, ')');
    }
  /* The last number, so that every bind below is in range. */
  g_string_append (sql, " ORDER BY at DESC, rid DESC LIMIT ?13");
  return g_string_free (sql, FALSE);
}

/* The names of the members the page's rows concern, as they are now. */
static gboolean
add_member_names (PtStore    *self,
                  GPtrArray  *rows,
                  GError    **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT name FROM members WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      PtAuditRow *row = g_ptr_array_index (rows, i);

      if (row->member_id == NULL)
        continue;
      sqlite3_reset (stmt);
      pt_store_bind_text (stmt, 1, row->member_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        row->member_name = g_strdup (pt_store_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

GPtrArray *
pt_store_audit_query (PtStore              *self,
                      const PtAuditFilter  *filter,
                      GError              **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_audit_row_free);
  const char * const *entities = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_entities = 0;
  gint64 from, to;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (!pt_store_require (self, PT_PERMISSION_VIEW_AUDIT, error) ||
      !pt_audit_filter_check (filter, &from, &to, error))
    return NULL;
  if (filter->kind != NULL)
    n_entities = g_strv_length ((char **) (entities = pt_audit_kind_entities (filter->kind)));
  g_assert (n_entities <= 6);

  /* Its own statement: the text depends on the filter. */
  sql = query_sql (filter, n_entities);
  if (sqlite3_prepare_v2 (pt_store_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      pt_store_set_db_error (self, error, _("reading the audit trail"));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, filter->before_rid > 0 ? filter->before_at : G_MAXINT64);
  sqlite3_bind_int64 (stmt, 4, filter->before_rid > 0 ? filter->before_rid : G_MAXINT64);
  pt_store_bind_text (stmt, 5, filter->member_id);
  pt_store_bind_text (stmt, 6, filter->staff_id);
  for (guint i = 0; i < n_entities; i++)
    pt_store_bind_text (stmt, 7 + (int) i, entities[i]);
  sqlite3_bind_int64 (stmt, 13, filter->limit > 0 ? (gint64) filter->limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_stmt (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading the audit trail"));
      return NULL;
    }
  if (!add_member_names (self, rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

GPtrArray *
pt_store_audit_list (PtStore     *self,
                     const char  *member_id,
                     const char  *staff_id,
                     guint        limit,
                     GError     **error)
{
  PtAuditFilter filter = { .member_id = member_id, .staff_id = staff_id, .limit = limit };

  return pt_store_audit_query (self, &filter, error);
}

typedef struct
{
  gint64 seq;
  char   hash[PT_AUDIT_HASH_LEN + 1];
} ChainHead;

/* The entry whose ROW_COLUMNS begin at column @first of @stmt, its
 * strings borrowed. */
static void
entry_from_stmt (sqlite3_stmt *stmt,
                 int           first,
                 PtAuditEntry *e)
{
  *e = (PtAuditEntry) {
    .device = pt_store_column_text (stmt, first + 1),
    .seq = sqlite3_column_int64 (stmt, first + 2),
    .op_id = pt_store_column_text (stmt, first + 3),
    .at = sqlite3_column_int64 (stmt, first + 4),
    .staff_id = pt_store_column_text (stmt, first + 5),
    .staff_name = pt_store_column_text (stmt, first + 6),
    .role = pt_store_column_text (stmt, first + 7),
    .branch = pt_store_column_text (stmt, first + 8),
    .entity = pt_store_column_text (stmt, first + 9),
    .entity_id = pt_store_column_text (stmt, first + 10),
    .op = pt_store_column_text (stmt, first + 11),
    .hlc = pt_store_column_text (stmt, first + 12),
    .member_id = pt_store_column_text (stmt, first + 13),
    .changes = pt_store_column_text (stmt, first + 14),
    .prev_hash = pt_store_column_text (stmt, first + 15),
  };
}

char *
pt_store_audit_entry_json_at (sqlite3_stmt *stmt,
                              int           first)
{
  PtAuditEntry e;

  entry_from_stmt (stmt, first, &e);
  return pt_audit_entry_to_json (&e, pt_store_column_text (stmt, first + 16));
}

/* What is wrong with the entry at @stmt given its device's last entry
 * (@head, seq 0 if none), or NULL. */
static char *
check_entry (sqlite3_stmt *stmt,
             ChainHead    *head,
             gboolean      own_device)
{
  char hash[PT_AUDIT_HASH_LEN + 1];
  const char *stored = pt_store_column_text (stmt, 16);
  const char *prev = pt_store_column_text (stmt, 15);
  PtAuditEntry e;

  entry_from_stmt (stmt, 0, &e);
  pt_audit_entry_hash (&e, hash);
  if (g_strcmp0 (hash, stored) != 0)
    return g_strdup (_("its contents do not match its hash (the entry was changed)"));

  if (head->seq > 0 && e.seq == head->seq + 1 && g_strcmp0 (prev, head->hash) != 0)
    return g_strdup (_("it does not follow the entry before it (an entry was changed or replaced)"));
  if (e.seq <= head->seq)
    return g_strdup (_("its number repeats an earlier entry"));
  /* This device wrote every one of its entries, so none may be missing;
   * another device's may be (what this branch never pulled). */
  if (own_device && e.seq != head->seq + 1)
    /* Translators: %" PRId64 " is the number of the missing audit entry */
    return g_strdup_printf (_("the entry before it (number %" PRId64 ") is missing"),
                            head->seq + 1);
  if (e.seq == 1 && g_strcmp0 (prev, PT_AUDIT_GENESIS) != 0)
    return g_strdup (_("it is the first entry but points to an earlier one"));

  head->seq = e.seq;
  memcpy (head->hash, hash, sizeof head->hash);
  return NULL;
}

gboolean
pt_store_audit_verify (PtStore     *self,
                       gint64      *n_checked,
                       gint64      *n_redacted,
                       PtAuditRow **first_bad,
                       char       **problem,
                       GError     **error)
{
  g_autoptr(GHashTable) heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *own = pt_store_get_device_id (self);
  g_autofree char *last_device = NULL;
  ChainHead *last_head = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0, redacted = 0;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  *first_bad = NULL;
  *problem = NULL;

  /* Its own statement, not a cached one: ten million rows step through it. */
  if (sqlite3_prepare_v2 (pt_store_get_db (self),
                          "SELECT " ROW_COLUMNS " FROM audit_log ORDER BY rid", -1, &stmt,
                          NULL) != SQLITE_OK)
    return pt_store_set_db_error (self, error, _("reading the audit trail"));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *device = pt_store_column_text (stmt, 1);
      ChainHead *head;
      char *bad;

      /* Runs of one device are the rule: the last device is looked up once. */
      if (last_head != NULL && g_strcmp0 (device, last_device) == 0)
        {
          head = last_head;
        }
      else if ((head = g_hash_table_lookup (heads, device)) == NULL)
        {
          head = g_new0 (ChainHead, 1);
          g_hash_table_insert (heads, g_strdup (device), head);
        }
      if (head != last_head)
        {
          g_free (last_device);
          last_device = g_strdup (device);
          last_head = head;
        }
      n++;
      /* Its hash covers the digest the marker keeps: the chain still
       * holds, the values are gone. */
      if (pt_audit_changes_is_redacted (pt_store_column_text (stmt, 14)))
        redacted++;
      bad = check_entry (stmt, head, g_strcmp0 (device, own) == 0);
      if (bad != NULL)
        {
          *first_bad = row_from_stmt (stmt);
          *problem = bad;
          break;
        }
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      return pt_store_set_db_error (self, error, _("reading the audit trail"));
    }
  sqlite3_finalize (stmt);
  if (n_checked != NULL)
    *n_checked = n;
  if (n_redacted != NULL)
    *n_redacted = redacted;
  return TRUE;
}
