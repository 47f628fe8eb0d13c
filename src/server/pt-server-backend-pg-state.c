/* pt-server-backend-pg-state.c — the merged state in PostgreSQL: entities,
 * events, conflicts, phones, balances, coupon uses; snapshot pages; the
 * row-by-row copy of admin migrate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write here runs inside a push transaction that holds the log lock
 * (see pt-server-backend-pg.c), so a read-modify-write of a row cannot
 * interleave with another process's.
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include "pt-server-backend-pg-private.h"
#include "pt-sync-protocol.h"

#define SELF PtServerBackendPg *self = (PtServerBackendPg *) backend

static gboolean
pg_is_erased (PtServerBackend  *backend,
              const char       *member_id,
              gboolean         *erased,
              GError          **error)
{
  SELF;
  g_autoptr(PGresult) result = NULL;

  if (pt_pg_cache_erased (self, member_id, erased))
    return TRUE;
  result = pt_pg_query (self, "SELECT 1 FROM erased_members WHERE id = $1", error, 1, member_id);
  if (result == NULL)
    return FALSE;
  *erased = PQntuples (result) > 0;
  return TRUE;
}

static gboolean
pg_erase_member (PtServerBackend  *backend,
                 const char       *member_id,
                 const char       *name,
                 GError          **error)
{
  SELF;
  g_autoptr(PGresult) erased = NULL;
  g_autoptr(PGresult) phones = NULL;
  g_autoptr(PGresult) conflicts = NULL;

  /* Queries, not commands: in a push, the rows batched before them (this
   * member's phone numbers) are sent first. */
  erased = pt_pg_query (self, "INSERT INTO erased_members (id) VALUES ($1)"
                              " ON CONFLICT DO NOTHING", error, 1, member_id);
  if (erased == NULL)
    return FALSE;
  pt_pg_cache_set_erased (self, member_id);
  phones = pt_pg_query (self, "DELETE FROM member_phones WHERE member_id = $1 RETURNING digits",
                        error, 1, member_id);
  if (phones == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (phones); i++)
    pt_pg_touch (self, PT_PG_TOUCH_PHONE, pt_pg_cell (phones, i, 0));
  pt_pg_cache_drop_phones (self, member_id);
  conflicts = pt_pg_query (self, "UPDATE conflicts SET summary = $2"
                                 " WHERE entity_id = $1 OR other_id = $1", error, 2, member_id,
                           name);
  return conflicts != NULL;
}

static gboolean
pg_load_entity (PtServerBackend    *backend,
                const char         *entity,
                const char         *id,
                PtServerEntityRow  *row,
                gboolean           *found,
                GError            **error)
{
  SELF;
  g_autoptr(PGresult) result = NULL;

  if (pt_pg_cache_row (self, entity, id, row, found))
    return TRUE;
  result = pt_pg_query (self, "SELECT fields, stamps, created_hlc, deleted, deleted_hlc"
                              " FROM entities WHERE entity = $1 AND id = $2", error, 2, entity, id);
  if (result == NULL)
    return FALSE;
  *found = PQntuples (result) > 0;
  if (*found)
    {
      row->fields = g_strdup (pt_pg_cell (result, 0, 0));
      row->stamps = g_strdup (pt_pg_cell (result, 0, 1));
      row->created_hlc = g_strdup (pt_pg_cell (result, 0, 2));
      row->deleted = pt_pg_cell_int (result, 0, 3) != 0;
      row->deleted_hlc = g_strdup (pt_pg_cell (result, 0, 4));
    }
  return TRUE;
}

static gboolean
pg_write_entity (PtServerBackend          *backend,
                 const char               *entity,
                 const char               *id,
                 const PtServerEntityRow  *row,
                 GError                  **error)
{
  SELF;
  gboolean found = TRUE;

  /* Asked in the prefetch and absent, and not written since: new. */
  if (self->pipelined && !pt_pg_cache_row_known (self, entity, id, &found))
    found = TRUE;
  pt_pg_cache_set_row (self, entity, id, row);
  if (self->pipelined)
    return pt_pg_batch_entity (self, entity, id, row, !found, error);
  return pt_pg_command (self, "INSERT INTO entities (entity, id, fields, stamps, created_hlc,"
                              " deleted, deleted_hlc) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                              " ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields,"
                              " stamps = excluded.stamps, created_hlc = excluded.created_hlc,"
                              " deleted = excluded.deleted, deleted_hlc = excluded.deleted_hlc",
                        error, NULL, 7, entity, id, row->fields, row->stamps, row->created_hlc,
                        row->deleted ? "1" : "0", row->deleted_hlc);
}

static gboolean
pg_find_event (PtServerBackend  *backend,
               const char       *entity,
               const char       *id,
               gint64           *seq,
               GError          **error)
{
  SELF;
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT seq FROM events WHERE entity = $1 AND id = $2", error, 2, entity,
                 id);

  if (result == NULL)
    return FALSE;
  *seq = PQntuples (result) > 0 ? pt_pg_cell_int (result, 0, 0) : 0;
  return TRUE;
}

static gboolean
pg_event_origin (PtServerBackend  *backend,
                 const char       *entity,
                 const char       *id,
                 char            **hlc,
                 char            **branch,
                 char            **payload,
                 GError          **error)
{
  SELF;
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT l.hlc, l.branch, l.payload FROM events e"
                       " JOIN log l ON l.seq = e.seq WHERE e.entity = $1 AND e.id = $2",
                 error, 2, entity, id);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) > 0)
    {
      *hlc = g_strdup (pt_pg_cell (result, 0, 0));
      *branch = g_strdup (pt_pg_cell (result, 0, 1));
      *payload = g_strdup (pt_pg_cell (result, 0, 2));
    }
  return TRUE;
}

static gboolean
pg_insert_event (PtServerBackend  *backend,
                 const char       *entity,
                 const char       *id,
                 gint64            seq,
                 GError          **error)
{
  SELF;
  char seq_text[24];

  return pt_pg_command (self, "INSERT INTO events (entity, id, seq) VALUES ($1, $2, $3)",
                        error, NULL, 3, entity, id, PT_PG_INT_TEXT (seq_text, seq));
}

static gboolean
pg_insert_conflict (PtServerBackend  *backend,
                    const char       *id,
                    const char       *kind,
                    const char       *entity,
                    const char       *entity_id,
                    const char       *other_id,
                    const char       *summary,
                    gboolean         *inserted,
                    GError          **error)
{
  SELF;

  return pt_pg_command (self, "INSERT INTO conflicts (id, kind, entity, entity_id, other_id,"
                              " summary, seq) VALUES ($1, $2, $3, $4, $5, $6, 0)"
                              " ON CONFLICT (id) DO NOTHING",
                        error, inserted, 6, id, kind, entity, entity_id, other_id, summary);
}

static gboolean
pg_set_conflict_seq (PtServerBackend  *backend,
                     const char       *id,
                     gint64            seq,
                     GError          **error)
{
  SELF;
  char seq_text[24];

  return pt_pg_command (self, "UPDATE conflicts SET seq = $2 WHERE id = $1", error, NULL, 2, id,
                        PT_PG_INT_TEXT (seq_text, seq));
}

static gboolean
pg_resolve_conflict (PtServerBackend  *backend,
                     const char       *id,
                     const char       *resolution,
                     gboolean         *found,
                     GError          **error)
{
  SELF;

  return pt_pg_command (self, "UPDATE conflicts SET resolution = $2 WHERE id = $1", error, found,
                        2, id, resolution);
}

static char *
pg_phone_owner (PtServerBackend  *backend,
                const char       *digits,
                const char       *member_id,
                GError          **error)
{
  SELF;
  g_autoptr(PGresult) result = NULL;
  char *owner = NULL;

  if (pt_pg_cache_phone_owner (self, digits, member_id, &owner))
    return owner;
  result = pt_pg_query (self, "SELECT member_id FROM member_phones WHERE digits = $1"
                              " AND member_id <> $2 LIMIT 1", error, 2, digits, member_id);
  return result && PQntuples (result) > 0 ? g_strdup (pt_pg_cell (result, 0, 0)) : NULL;
}

static gboolean
pg_insert_phone (PtServerBackend  *backend,
                 const char       *digits,
                 const char       *member_id,
                 GError          **error)
{
  SELF;
  gboolean has = FALSE;

  if (self->pipelined && pt_pg_cache_has_phone (self, digits, member_id, &has))
    {
      /* Known: there already (nothing to write), or new. */
      if (has)
        return TRUE;
      pt_pg_cache_add_phone (self, digits, member_id);
      return pt_pg_batch_phone (self, digits, member_id, TRUE, error);
    }
  pt_pg_cache_add_phone (self, digits, member_id);
  if (self->pipelined)
    return pt_pg_batch_phone (self, digits, member_id, FALSE, error);
  return pt_pg_command (self, "INSERT INTO member_phones (digits, member_id) VALUES ($1, $2)"
                              " ON CONFLICT DO NOTHING", error, NULL, 2, digits, member_id);
}

static gboolean
pg_get_balance (PtServerBackend  *backend,
                const char       *kind,
                const char       *key,
                gint64           *value,
                gboolean         *found,
                GError          **error)
{
  SELF;
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT value FROM balances WHERE kind = $1 AND key = $2", error, 2, kind,
                 key);

  if (result == NULL)
    return FALSE;
  *found = PQntuples (result) > 0;
  *value = *found ? pt_pg_cell_int (result, 0, 0) : 0;
  return TRUE;
}

static gboolean
pg_set_balance (PtServerBackend  *backend,
                const char       *kind,
                const char       *key,
                gint64            value,
                GError          **error)
{
  SELF;
  char value_text[24];

  return pt_pg_command (self, "INSERT INTO balances (kind, key, value) VALUES ($1, $2, $3)"
                              " ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
                        error, NULL, 3, kind, key, PT_PG_INT_TEXT (value_text, value));
}

static gboolean
pg_insert_coupon_use (PtServerBackend  *backend,
                      const char       *coupon_id,
                      const char       *event_id,
                      gboolean         *inserted,
                      GError          **error)
{
  SELF;

  return pt_pg_command (self, "INSERT INTO coupon_uses (coupon_id, event_id) VALUES ($1, $2)"
                              " ON CONFLICT DO NOTHING", error, inserted, 2, coupon_id, event_id);
}

/* --------------------------------------------------------------- snapshot */

static gboolean
pg_snapshot_range (PtServerBackend  *backend,
                   const char       *entity,
                   const char       *after,
                   guint             limit,
                   char            **last,
                   guint            *rows,
                   GError          **error)
{
  SELF;
  char limit_text[24];
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT max (id), count (*) FROM (SELECT id FROM entities"
                       " WHERE entity = $1 AND id > $2 ORDER BY id LIMIT $3) AS page",
                 error, 3, entity, after ? after : "", PT_PG_INT_TEXT (limit_text, limit));

  *rows = 0;
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) > 0 && pt_pg_cell (result, 0, 0) != NULL)
    {
      *last = g_strdup (pt_pg_cell (result, 0, 0));
      *rows = (guint) pt_pg_cell_int (result, 0, 1);
    }
  return TRUE;
}

static gboolean
pg_snapshot_rows (PtServerBackend        *backend,
                  const char             *entity,
                  const char             *after,
                  const char             *last,
                  PtServerEntityRowFunc   func,
                  gpointer                user_data,
                  GError                **error)
{
  SELF;
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT id, created_hlc, deleted, deleted_hlc, fields, stamps"
                       " FROM entities WHERE entity = $1 AND id > $2 AND id <= $3 ORDER BY id",
                 error, 3, entity, after ? after : "", last);

  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    {
      PtServerEntityRow row = {
        .created_hlc = (char *) pt_pg_cell (result, i, 1),
        .deleted = pt_pg_cell_int (result, i, 2) != 0,
        .deleted_hlc = (char *) pt_pg_cell (result, i, 3),
        .fields = (char *) pt_pg_cell (result, i, 4),
        .stamps = (char *) pt_pg_cell (result, i, 5),
      };

      func (pt_pg_cell (result, i, 0), &row, user_data);
    }
  return TRUE;
}

/* -------------------------------------------------------------- migration */

/* "SELECT a, b FROM t ORDER BY 1" or "INSERT INTO t (a, b) VALUES ($1, $2)"
 * from the fixed table list (never from input); interned, so that
 * pt_pg_query_v prepares each once. */
static const char *
table_sql (const char *table,
           gboolean    insert)
{
  const char * const *columns = pt_server_backend_columns (table);
  g_autofree char *list = g_strjoinv (", ", (char **) columns);
  g_autoptr(GString) sql = g_string_new (insert ? "INSERT INTO " : "SELECT ");

  if (insert)
    {
      g_string_append (sql, table);
      g_string_append (sql, " (");
      g_string_append (sql, list);
      g_string_append (sql, ") VALUES (");
      for (guint i = 0; columns[i] != NULL; i++)
        g_string_append_printf (sql, i > 0 ? ", $%u" : "$%u", i + 1);
      /* The new database's own epoch and floor give way to the copied ones. */
      g_string_append (sql, g_str_equal (table, "meta") ?
                            ") ON CONFLICT (key) DO UPDATE SET value = excluded.value" : ")");
    }
  else
    {
      g_string_append (sql, list);
      g_string_append (sql, " FROM ");
      g_string_append (sql, table);
      g_string_append (sql, " ORDER BY 1");
    }
  return g_intern_string (sql->str);
}

static gboolean
pg_read_table (PtServerBackend       *backend,
               const char            *table,
               PtServerTableRowFunc   func,
               gpointer               user_data,
               GError               **error)
{
  SELF;
  g_autoptr(PGresult) result = NULL;
  const char *values[PT_PG_MAX_PARAMS];

  g_return_val_if_fail (pt_server_backend_columns (table) != NULL, FALSE);
  result = pt_pg_query_v (self, table_sql (table, FALSE), 0, NULL, error);
  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    {
      int n = MIN (PQnfields (result), PT_PG_MAX_PARAMS - 1);

      for (int c = 0; c < n; c++)
        values[c] = pt_pg_cell (result, i, c);
      values[n] = NULL;
      if (!func (values, user_data, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
pg_write_table_row (PtServerBackend     *backend,
                    const char          *table,
                    const char * const  *values,
                    GError             **error)
{
  SELF;
  const char * const *columns = pt_server_backend_columns (table);
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (columns != NULL, FALSE);
  if (self->pipelined)
    return pt_pg_pipeline_send (self, table_sql (table, TRUE),
                                (int) g_strv_length ((char **) columns), values, NULL, error);
  result = pt_pg_query_v (self, table_sql (table, TRUE), (int) g_strv_length ((char **) columns),
                          values, error);
  return result != NULL;
}

static gboolean
pg_finish_copy (PtServerBackend  *backend,
                GError          **error)
{
  SELF;
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT setval (pg_get_serial_sequence ('log', 'seq'),"
                       " greatest ((SELECT max (seq) FROM log), 1),"
                       " (SELECT max (seq) FROM log) IS NOT NULL)", error, 0);

  return result != NULL;
}

void
pt_pg_state_iface_init (PtServerBackendInterface *iface)
{
  iface->is_erased = pg_is_erased;
  iface->erase_member = pg_erase_member;
  iface->load_entity = pg_load_entity;
  iface->write_entity = pg_write_entity;
  iface->find_event = pg_find_event;
  iface->event_origin = pg_event_origin;
  iface->insert_event = pg_insert_event;
  iface->insert_conflict = pg_insert_conflict;
  iface->set_conflict_seq = pg_set_conflict_seq;
  iface->resolve_conflict = pg_resolve_conflict;
  iface->phone_owner = pg_phone_owner;
  iface->insert_phone = pg_insert_phone;
  iface->get_balance = pg_get_balance;
  iface->set_balance = pg_set_balance;
  iface->insert_coupon_use = pg_insert_coupon_use;
  iface->snapshot_range = pg_snapshot_range;
  iface->snapshot_rows = pg_snapshot_rows;
  iface->read_table = pg_read_table;
  iface->write_table_row = pg_write_table_row;
  iface->finish_copy = pg_finish_copy;
}
