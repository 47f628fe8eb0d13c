/* pt-store-snapshot.c — an initial sync from the server's snapshot of
 * members: each page goes into the members table in one INSERT that reads
 * the page with SQLite's JSON functions; the search index catches up after
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-json-reader.h"
#include "pt-store-appliers.h"
#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-store-snapshot.h"
#include "pt-store-sync.h"
#include "pt-validation.h"

void
pt_store_snapshot_page_clear (PtStoreSnapshotPage *page)
{
  g_clear_pointer (&page->epoch, g_free);
  g_clear_pointer (&page->after, g_free);
}

gboolean
pt_store_snapshot_get_state (PtStore   *self,
                             gboolean  *done,
                             gint64    *head,
                             char     **after,
                             GError   **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self, "SELECT snapshot_done, snapshot_head, snapshot_after FROM sync_state",
                           error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return pt_store_set_db_error (self, error, _("reading the sync state"));
    }
  *done = sqlite3_column_int (stmt, 0) != 0;
  *head = sqlite3_column_int64 (stmt, 1);
  *after = g_strdup (pt_store_column_text (stmt, 2));
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
pt_store_snapshot_skip (PtStore  *self,
                        GError  **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "UPDATE sync_state SET snapshot_done = 1", error);

  return stmt != NULL && pt_store_step_done (self, stmt, error);
}

static gboolean
refuse (PtJsonReader  *reader,
        const char    *what,
        GError       **error)
{
  g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
               _("The server’s snapshot page is malformed at byte %" PRIu64 ": %s"),
               (guint64) pt_json_reader_offset (reader), what);
  return FALSE;
}

/* ------------------------------------------------------------------- rows */

/* One row of a page, read into reused buffers. */
typedef struct
{
  GString    *id;
  GString    *created_hlc;
  GString    *deleted_hlc;
  gboolean    has_deleted_hlc;
  gboolean    deleted;
  gboolean    erased;
  GString    *fields[PT_MEMBER_N_FIELDS];
  gboolean    has_field[PT_MEMBER_N_FIELDS];
  const char *stamps_from;
  const char *stamps_to;
  GString    *max_stamp;
  GString    *key;
  GString    *value;
} Row;

static void
row_init (Row *row)
{
  row->id = g_string_new (NULL);
  row->created_hlc = g_string_new (NULL);
  row->deleted_hlc = g_string_new (NULL);
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    row->fields[i] = g_string_new (NULL);
  row->max_stamp = g_string_new (NULL);
  row->key = g_string_new (NULL);
  row->value = g_string_new (NULL);
}

static void
row_clear (Row *row)
{
  g_string_free (row->id, TRUE);
  g_string_free (row->created_hlc, TRUE);
  g_string_free (row->deleted_hlc, TRUE);
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    g_string_free (row->fields[i], TRUE);
  g_string_free (row->max_stamp, TRUE);
  g_string_free (row->key, TRUE);
  g_string_free (row->value, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static void
note_stamp (Row        *row,
            GString    *stamp)
{
  if (strcmp (stamp->str, row->max_stamp->str) > 0)
    g_string_assign (row->max_stamp, stamp->str);
}

/* "fields": strings of known fields are kept, anything else passed over
 * (as a pulled change ignores it). */
static gboolean
read_fields (PtJsonReader *reader,
             Row          *row)
{
  gboolean first = TRUE;
  int field = -1;

  if (!pt_json_reader_expect (reader, '{'))
    return FALSE;
  while (pt_json_reader_next (reader, '}', &first))
    {
      if (!pt_json_reader_key (reader, row->key))
        return FALSE;
      /* The server writes them in the field table's order. */
      if (field + 1 < PT_MEMBER_N_FIELDS && g_str_equal (row->key->str, pt_member_field_key (field + 1)))
        field++;
      else
        field = pt_member_field_from_key (row->key->str);
      if (field >= 0 && pt_json_reader_peek (reader) == '"')
        {
          if (!pt_json_reader_string (reader, row->fields[field]))
            return FALSE;
          row->has_field[field] = TRUE;
        }
      else if (!pt_json_reader_skip (reader, NULL, NULL))
        return FALSE;
    }
  return !reader->failed;
}

/* "stamps": an object of clock stamps, kept as its JSON text. */
static gboolean
read_stamps (PtJsonReader *reader,
             Row          *row)
{
  gboolean first = TRUE;

  pt_json_reader_peek (reader);
  row->stamps_from = reader->p;
  if (!pt_json_reader_expect (reader, '{'))
    return FALSE;
  while (pt_json_reader_next (reader, '}', &first))
    {
      if (!pt_json_reader_key (reader, row->key) || !pt_json_reader_string (reader, row->value))
        return FALSE;
      note_stamp (row, row->value);
    }
  row->stamps_to = reader->p;
  return !reader->failed;
}

static gboolean
read_row (PtJsonReader *reader,
          Row          *row)
{
  gboolean first = TRUE;
  gboolean ok = TRUE;

  g_string_truncate (row->id, 0);
  g_string_truncate (row->created_hlc, 0);
  g_string_truncate (row->max_stamp, 0);
  row->has_deleted_hlc = FALSE;
  row->deleted = FALSE;
  row->erased = FALSE;
  row->stamps_from = row->stamps_to = NULL;
  memset (row->has_field, 0, sizeof row->has_field);

  if (!pt_json_reader_expect (reader, '{'))
    return FALSE;
  while (ok && pt_json_reader_next (reader, '}', &first))
    {
      if (!pt_json_reader_key (reader, row->key))
        return FALSE;
      if (g_str_equal (row->key->str, "id"))
        ok = pt_json_reader_string (reader, row->id);
      else if (g_str_equal (row->key->str, "created_hlc"))
        ok = pt_json_reader_string (reader, row->created_hlc);
      else if (g_str_equal (row->key->str, "deleted"))
        ok = pt_json_reader_boolean (reader, &row->deleted);
      else if (g_str_equal (row->key->str, "erased"))
        ok = pt_json_reader_boolean (reader, &row->erased);
      else if (g_str_equal (row->key->str, "deleted_hlc"))
        {
          row->has_deleted_hlc = !pt_json_reader_null (reader);
          ok = !row->has_deleted_hlc || pt_json_reader_string (reader, row->deleted_hlc);
        }
      else if (g_str_equal (row->key->str, "fields"))
        ok = read_fields (reader, row);
      else if (g_str_equal (row->key->str, "stamps"))
        ok = read_stamps (reader, row);
      else
        ok = pt_json_reader_skip (reader, NULL, NULL);
    }
  if (!ok || reader->failed || row->id->len == 0 || row->created_hlc->len == 0 ||
      !g_utf8_validate_len (row->id->str, row->id->len, NULL))
    return FALSE;

  note_stamp (row, row->created_hlc);
  if (row->has_deleted_hlc)
    note_stamp (row, row->deleted_hlc);
  return TRUE;
}

/* ---------------------------------------------------------------- envelope */

/* Walks the page; with @row, hands each row to @func. */
typedef gboolean (*RowFunc) (PtStore *self, Row *row, gpointer user_data, GError **error);

static gboolean
walk_page (PtStore              *self,
           const char           *data,
           gsize                 length,
           PtStoreSnapshotPage  *page,
           RowFunc               func,
           gpointer              user_data,
           GError              **error)
{
  PtJsonReader reader;
  g_auto(Row) row = { 0, };
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean first = TRUE;
  gboolean has_head = FALSE, has_more = FALSE, has_rows = FALSE, is_member = FALSE;

  row_init (&row);
  pt_json_reader_init (&reader, data, length);
  if (!pt_json_reader_expect (&reader, '{'))
    return refuse (&reader, _("not a JSON object"), error);
  while (pt_json_reader_next (&reader, '}', &first))
    {
      gboolean ok;

      if (!pt_json_reader_key (&reader, key))
        break;
      /* Reading the envelope only: it came first, as the server writes it. */
      if (func == NULL && g_str_equal (key->str, "rows") && page->epoch != NULL && has_head &&
          has_more && is_member)
        return TRUE;
      if (g_str_equal (key->str, "rows"))
        {
          gboolean first_row = TRUE;

          ok = has_rows = pt_json_reader_expect (&reader, '[');
          page->rows = 0;
          while (ok && pt_json_reader_next (&reader, ']', &first_row))
            {
              if (!read_row (&reader, &row))
                return refuse (&reader, _("a row lacks “id” or “created_hlc”, or is not JSON"),
                               error);
              page->rows++;
              if (func != NULL && !func (self, &row, user_data, error))
                return FALSE;
            }
        }
      else if (g_str_equal (key->str, "entity"))
        ok = pt_json_reader_string (&reader, text) && (is_member = g_str_equal (text->str, "member"));
      else if (g_str_equal (key->str, "epoch"))
        {
          ok = pt_json_reader_string (&reader, text);
          g_free (page->epoch);
          page->epoch = g_strdup (text->str);
        }
      else if (g_str_equal (key->str, "after"))
        {
          g_clear_pointer (&page->after, g_free);
          if (pt_json_reader_peek (&reader) == 'n')
            ok = pt_json_reader_null (&reader);
          else if ((ok = pt_json_reader_string (&reader, text)))
            page->after = g_strdup (text->str);
        }
      else if (g_str_equal (key->str, "head"))
        ok = has_head = pt_json_reader_int (&reader, &page->head) && page->head >= 0;
      else if (g_str_equal (key->str, "has_more"))
        ok = has_more = pt_json_reader_boolean (&reader, &page->has_more);
      else
        ok = pt_json_reader_skip (&reader, NULL, NULL);
      if (!ok)
        return refuse (&reader, _("a member is of the wrong type"), error);
    }
  if (!pt_json_reader_at_end (&reader))
    return refuse (&reader, _("not valid JSON"), error);
  if (page->epoch == NULL || !has_head || !has_more || !has_rows || !is_member ||
      (page->rows > 0 && page->after == NULL) || (page->has_more && page->after == NULL))
    return refuse (&reader, _("“epoch”, “head”, “after”, “has_more”, “entity” or “rows” is "
                              "missing"), error);
  return TRUE;
}

gboolean
pt_store_snapshot_read_page (PtStore              *self,
                             const char           *data,
                             gsize                 length,
                             PtStoreSnapshotPage  *page,
                             GError              **error)
{
  memset (page, 0, sizeof *page);
  if (!walk_page (self, data, length, page, NULL, NULL, error))
    {
      pt_store_snapshot_page_clear (page);
      return FALSE;
    }
  return TRUE;
}

/* -------------------------------------------------------------- loading */

/* The server's state of a member this branch has: what a push answer's
 * canonical state holds, every field with its effective stamp. */
static JsonObject *
canonical_of_row (Row *row)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *canonical = json_object_new ();
  JsonObject *fields = json_object_new ();
  JsonObject *effective = json_object_new ();
  JsonObject *stamps = NULL;
  JsonNode *root;

  if (row->stamps_from != NULL &&
      json_parser_load_from_data (parser, row->stamps_from, row->stamps_to - row->stamps_from,
                                  NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    stamps = json_node_get_object (root);

  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      const char *key = pt_member_field_key (i);
      const char *stamp = stamps ? json_object_get_string_member_with_default (stamps, key, NULL)
                                 : NULL;

      if (!row->has_field[i])
        continue;
      json_object_set_string_member (fields, key, row->fields[i]->str);
      json_object_set_string_member (effective, key, stamp ? stamp : row->created_hlc->str);
    }
  json_object_set_object_member (canonical, "fields", fields);
  json_object_set_object_member (canonical, "stamps", effective);
  json_object_set_boolean_member (canonical, "deleted", row->deleted);
  if (row->has_deleted_hlc)
    json_object_set_string_member (canonical, "deleted_hlc", row->deleted_hlc->str);
  json_object_set_string_member (canonical, "created_hlc", row->created_hlc->str);
  return canonical;
}

/* created_hlc, field_hlc, deleted and deleted_hlc from parameter @first. */
static void
bind_stamps (sqlite3_stmt *stmt,
             int           first,
             Row          *row)
{
  sqlite3_bind_text (stmt, first, row->created_hlc->str, row->created_hlc->len, SQLITE_STATIC);
  if (row->stamps_from != NULL)
    sqlite3_bind_text (stmt, first + 1, row->stamps_from, row->stamps_to - row->stamps_from,
                       SQLITE_STATIC);
  else
    sqlite3_bind_text (stmt, first + 1, "{}", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, first + 2, row->deleted);
  if (row->has_deleted_hlc)
    sqlite3_bind_text (stmt, first + 3, row->deleted_hlc->str, row->deleted_hlc->len, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, first + 3);
}

static gboolean
load_row (PtStore   *self,
          Row       *row,
          gpointer   user_data,
          GError   **error)
{
  g_autoptr(JsonObject) canonical = NULL;
  sqlite3_stmt *stmt;
  gboolean same;

  pt_clock_observe (pt_store_get_clock (self), row->max_stamp->str);

  stmt = pt_store_prepare (self,
                           "INSERT INTO members (id, number, name, phone, email, birthday, gender,"
                           " address, city, joined_on, source, referred_by, status, marketing_consent,"
                           " notes, tags, home_branch, created_hlc, field_hlc, deleted, deleted_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                           " ?15, ?16, ?17, ?18, ?19, ?20, ?21) ON CONFLICT (id) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->id->str, row->id->len, SQLITE_STATIC);
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    pt_store_bind_member_field (stmt, 2 + i, i, row->has_field[i] ? row->fields[i]->str : NULL);
  bind_stamps (stmt, 18, row);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (pt_store_get_db (self)) > 0)
    {
      guint *added = user_data;

      (*added)++;
      return TRUE;
    }

  /* A member this branch has already: nothing to do when it has every
   * stamp the server has (its own members, pushed before this pull). */
  stmt = pt_store_prepare (self,
                           "SELECT 1 FROM members WHERE id = ?1 AND created_hlc = ?2 AND field_hlc = ?3"
                           " AND deleted = ?4 AND deleted_hlc IS ?5", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->id->str, row->id->len, SQLITE_STATIC);
  bind_stamps (stmt, 2, row);
  same = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (same)
    return TRUE;

  /* Otherwise merged field by field; one erased on request (elsewhere,
   * before this branch followed the log) keeps nothing it had here. */
  canonical = canonical_of_row (row);
  return pt_store_apply_member_canonical (self, row->id->str, canonical, FALSE, error) &&
         (!row->erased || pt_store_erase_scrub (self, row->id->str, error));
}

typedef struct
{
  const char          *data;
  gsize                length;
  PtStoreSnapshotPage *page;
} LoadPage;

static gboolean
load_page_in_transaction (PtStore   *self,
                          gpointer   user_data,
                          GError   **error)
{
  LoadPage *load = user_data;
  g_auto(PtStoreSnapshotPage) again = { 0, };
  sqlite3_int64 last_rid = 0;
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self, "SELECT coalesce (max (rid), 0) FROM members", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last_rid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  load->page->added = 0;
  if (!walk_page (self, load->data, load->length, &again, load_row, &load->page->added, error))
    return FALSE;
  load->page->rows = again.rows;

  /* The new members wait for the search index. */
  stmt = pt_store_prepare (self, "INSERT INTO search_backlog (rid) SELECT rid FROM members WHERE rid > ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last_rid);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  /* The snapshot covers the log up to the head its first page saw. */
  stmt = pt_store_prepare (self,
                           "UPDATE sync_state SET snapshot_head = iif (snapshot_head = 0, ?1, snapshot_head),"
                           " snapshot_after = ?2, snapshot_done = ?3, hlc = max (hlc, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, load->page->head);
  pt_store_bind_text (stmt, 2, load->page->after);
  sqlite3_bind_int (stmt, 3, !load->page->has_more);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) pt_clock_get_last (pt_store_get_clock (self)));
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  pt_store_note_changed (self, "member");
  return TRUE;
}

gboolean
pt_store_snapshot_load_page (PtStore              *self,
                             const char           *data,
                             gsize                 length,
                             PtStoreSnapshotPage  *page,
                             GError              **error)
{
  LoadPage load = { data, length, page };

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  return pt_store_transaction (self, load_page_in_transaction, &load, error);
}
