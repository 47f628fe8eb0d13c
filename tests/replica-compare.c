/* replica-compare.c — every synced table of several replicas, and the
 * server's view of them, compared column by column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "pg-test-util.h"
#include "pt-campaign-audience.h"
#include "replica-compare.h"

typedef struct
{
  const char *table;
  const char *key;           /* the column the rows are matched by */
  const char *key2;          /* and a second one, or NULL */
  const char *entity;        /* what the server calls its rows, or NULL */
  gboolean    is_event;      /* an append-only event (else a merged profile row) */
  const char *stamp;         /* the column of an event's HLC */
  const char *filter;        /* which rows sync, or NULL for all */
} SyncedTable;

/* Every table that syncs. Their columns are compared in full, derived
 * ones (balances, lots, stock, coupon state, the member's tier) too: the
 * same events must give the same values everywhere. Only rid, the local
 * row number, is left out. */
static const SyncedTable synced_tables[] = {
  { "members", "id", NULL, "member", FALSE, NULL },
  /* A setting without a stamp is this device's own (when its daily jobs
   * last ran). */
  { "loyalty_settings", "key", NULL, "setting", FALSE, NULL, "hlc IS NOT NULL" },
  { "tiers", "id", NULL, "tier", FALSE, NULL },
  { "rewards", "id", NULL, "reward", FALSE, NULL },
  { "purchases", "id", NULL, "purchase", TRUE, "created_hlc" },
  { "points_entries", "id", NULL, "points_entry", TRUE, "created_hlc" },
  { "points_consumptions", "debit_id", "lot_id", NULL, FALSE, NULL },
  { "tier_changes", "id", NULL, "tier_change", TRUE, "created_hlc" },
  { "tier_locks", "id", NULL, "tier_lock", TRUE, "created_hlc" },
  { "tier_subscriptions", "id", NULL, "tier_subscription", TRUE, "created_hlc" },
  { "member_tier_state", "member_id", NULL, NULL, FALSE, NULL },
  { "stock_movements", "id", NULL, "stock_movement", TRUE, "hlc" },
  { "redemptions", "id", NULL, "redemption", TRUE, "hlc" },
  { "redemption_cancellations", "id", NULL, "redemption_cancellation", TRUE, "hlc" },
  { "coupons", "id", NULL, "coupon", TRUE, "hlc" },
  { "coupon_events", "id", NULL, "coupon_event", TRUE, "hlc" },
  { "conflicts", "id", NULL, NULL, FALSE, NULL },
  { "segments", "id", NULL, "segment", FALSE, NULL },
  { "campaigns", "id", NULL, "campaign", FALSE, NULL },
  { "campaign_members", "id", NULL, "campaign_member", TRUE, "hlc" },
  { "member_merges", "id", NULL, "member_merge", TRUE, "hlc" },
  { "consent_changes", "id", NULL, "consent_change", TRUE, "hlc" },
  { "staff", "id", NULL, "staff", FALSE, NULL },
};

/* This device's own state, never synced: the outbox and sync position,
 * refusals it was told of, values it saw lose a merge, ops it cannot
 * apply yet, the search index, and the models it fitted on its own copy
 * of the history with each member's scores (refitted daily). */
static const char * const local_tables[] = {
  "sync_state", "outbox", "sync_rejections", "field_history", "sync_unknown_ops",
  "search_backlog", "sqlite_sequence", "analytics_fits", "member_insights",
  /* Issue 13: wrong PINs typed here; and the audit trail, which holds this
   * device's entries and those the ops it pulled carried (a snapshot
   * carries none), so two replicas' trails differ by design. */
  "staff_pin_failures", "audit_log",
  /* Where this replica's merges moved events from: a branch that applied
   * a losing merge before the winning one remembers more moves. */
  "merged_rows",
};

static const char *local_prefixes[] = { "member_search", "sqlite_stat" };

static sqlite3 *
open_db (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static gboolean
is_local_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (local_tables); i++)
    if (strcmp (name, local_tables[i]) == 0)
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (local_prefixes); i++)
    if (g_str_has_prefix (name, local_prefixes[i]))
      return TRUE;
  return FALSE;
}

static void
assert_tables_known (sqlite3    *db,
                     const char *path)
{
  sqlite3_stmt *stmt = prepare (db, "SELECT name FROM sqlite_master WHERE type = 'table'");

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      gboolean known = is_local_table (name);

      for (guint i = 0; i < G_N_ELEMENTS (synced_tables) && !known; i++)
        known = strcmp (name, synced_tables[i].table) == 0;
      if (!known)
        g_error ("%s: table %s is neither synced nor local: classify it in replica-compare.c",
                 path, name);
    }
  sqlite3_finalize (stmt);
}

/* @text, or for a JSON object its members with the keys in order, so
 * that the same stamps or rules written in another order compare equal. */
static char *
normalised (const char *text)
{
  g_autoptr(JsonNode) node = text[0] == '{' ? json_from_string (text, NULL) : NULL;
  g_autoptr(GList) keys = NULL;
  JsonObject *object;
  GString *out;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (text);
  object = json_node_get_object (node);
  keys = g_list_sort (json_object_get_members (object), (GCompareFunc) strcmp);
  out = g_string_new ("{");
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autofree char *value = json_to_string (json_object_get_member (object, l->data), FALSE);
      g_string_append_printf (out, "%s=%s;", (const char *) l->data, value);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static char *
column_value (sqlite3_stmt *stmt,
              int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return g_strdup ("NULL");
  return normalised ((const char *) sqlite3_column_text (stmt, column));
}

/* The rows of @table, key → "column=value" strings in column order. */
static GHashTable *
load_rows (sqlite3           *db,
           const SyncedTable *t,
           GPtrArray        **columns_out)
{
  g_autoptr(GString) sql = g_string_new ("SELECT * FROM ");
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int n;

  g_string_append (sql, t->table);
  if (t->filter != NULL)
    {
      g_string_append (sql, " WHERE ");
      g_string_append (sql, t->filter);
    }
  stmt = prepare (db, sql->str);
  n = sqlite3_column_count (stmt);
  for (int c = 0; c < n; c++)
    g_ptr_array_add (columns, g_strdup (sqlite3_column_name (stmt, c)));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) key = g_string_new (NULL);

      for (int c = 0; c < n; c++)
        {
          const char *name = g_ptr_array_index (columns, c);

          g_ptr_array_add (values, strcmp (name, "rid") == 0 ? g_strdup ("") : column_value (stmt, c));
          if (strcmp (name, t->key) == 0 || g_strcmp0 (name, t->key2) == 0)
            {
              g_autofree char *part = column_value (stmt, c);
              g_string_append_printf (key, "%s%s", key->len ? "/" : "", part);
            }
        }
      g_hash_table_replace (rows, g_strdup (key->str), values);
    }
  sqlite3_finalize (stmt);
  *columns_out = columns;
  return rows;
}

static void
compare_table (const SyncedTable   *t,
               sqlite3            **dbs,
               const char * const  *paths)
{
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GHashTable) first = load_rows (dbs[0], t, &columns);

  for (guint r = 1; dbs[r] != NULL; r++)
    {
      g_autoptr(GPtrArray) other_columns = NULL;
      g_autoptr(GHashTable) other = load_rows (dbs[r], t, &other_columns);
      GHashTableIter iter;
      gpointer key, value;

      g_assert_cmpuint (other_columns->len, ==, columns->len);
      g_hash_table_iter_init (&iter, first);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GPtrArray *a = value;
          GPtrArray *b = g_hash_table_lookup (other, key);

          if (b == NULL)
            g_error ("%s %s is in %s but not in %s", t->table, (char *) key, paths[0], paths[r]);
          for (guint c = 0; c < a->len; c++)
            if (strcmp (g_ptr_array_index (a, c), g_ptr_array_index (b, c)) != 0)
              g_error ("%s %s column %s: “%s” in %s, “%s” in %s", t->table, (char *) key,
                       (char *) g_ptr_array_index (columns, c), (char *) g_ptr_array_index (a, c),
                       paths[0], (char *) g_ptr_array_index (b, c), paths[r]);
        }
      g_hash_table_iter_init (&iter, other);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (first, key))
          g_error ("%s %s is in %s but not in %s", t->table, (char *) key, paths[r], paths[0]);
    }
}

/* A JSON value as SQLite would store it from a payload. */
static char *
json_value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("NULL");
  if (!JSON_NODE_HOLDS_VALUE (node))
    return json_to_string (node, FALSE);
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "1" : "0");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_STRING:
      return normalised (json_node_get_string (node));
    default:
      return json_to_string (node, FALSE);
    }
}

/* Each merged member → the member its rows belong to now, as the store
 * resolves it: the first merge of each member counts, merges of merges
 * are followed, and on a circle the smallest id survives. The server
 * logs events as they were made; a replica moves a merged member's
 * events to the survivor. */
static GHashTable *
load_survivors (sqlite3 *db)
{
  g_autoptr(GHashTable) first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *final = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = prepare (db, "SELECT other_id, survivor_id FROM member_merges"
                                    " ORDER BY hlc DESC, id DESC");
  GHashTableIter iter;
  gpointer key;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_replace (first, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                          g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);

  g_hash_table_iter_init (&iter, first);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GPtrArray) seen = g_ptr_array_new ();
      const char *current = key;
      const char *next;

      while ((next = g_hash_table_lookup (first, current)) != NULL)
        {
          gboolean circle = FALSE;

          g_ptr_array_add (seen, (gpointer) current);
          current = next;
          for (guint i = 0; i < seen->len && !circle; i++)
            if (strcmp (g_ptr_array_index (seen, i), current) == 0)
              {
                for (guint j = i; j < seen->len; j++)
                  if (strcmp (g_ptr_array_index (seen, j), current) < 0)
                    current = g_ptr_array_index (seen, j);
                circle = TRUE;
              }
          if (circle)
            break;
        }
      if (strcmp (current, key) != 0)
        g_hash_table_replace (final, g_strdup (key), g_strdup (current));
    }
  return final;
}

/* The fields of @payload that are columns of @t equal @key's row of @t
 * in @db (a merged profile row, or an event as logged). */
static void
compare_with_server_row (sqlite3           *db,
                         const char        *path,
                         const SyncedTable *t,
                         GHashTable        *rows,
                         GPtrArray         *columns,
                         const char        *key,
                         JsonObject        *payload,
                         GHashTable        *survivors)
{
  GPtrArray *row = g_hash_table_lookup (rows, key);
  g_autoptr(GList) members = json_object_get_members (payload);

  if (row == NULL)
    g_error ("%s %s is on the server but not in %s", t->table, key, path);
  for (GList *l = members; l != NULL; l = l->next)
    for (guint c = 0; c < columns->len; c++)
      if (strcmp (g_ptr_array_index (columns, c), l->data) == 0)
        {
          g_autofree char *expected = json_value_text (json_object_get_member (payload, l->data));
          const char *here = g_ptr_array_index (row, c);
          const char *survivor = NULL;

          if (t->is_event && strcmp (l->data, "member_id") == 0 &&
              (survivor = g_hash_table_lookup (survivors, expected)) != NULL)
            {
              g_free (expected);
              expected = g_strdup (survivor);
            }

          /* The store keeps an empty text as NULL. */
          if (strcmp (expected, here) != 0 && !(*expected == '\0' && strcmp (here, "NULL") == 0))
            g_error ("%s %s column %s: “%s” on the server, “%s” in %s", t->table, key,
                     (char *) l->data, expected, here, path);
        }
}

static GPtrArray *server_rows (sqlite3           *server,
                               const char        *server_db,
                               const SyncedTable *t);

static int
compare_stamps (gconstpointer a,
                gconstpointer b)
{
  return strcmp ((*(char ***) a)[2], (*(char ***) b)[2]);
}

/* The row of @t that @member of @chunk derives, or NULL. */
static JsonObject *
audience_row (const SyncedTable      *t,
              const PtAudienceChunk  *chunk,
              const PtAudienceMember *member)
{
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "member_id", member->member_id);
  json_object_set_string_member (row, strcmp (t->table, "points_entries") == 0 ? "source_id"
                                                                                : "campaign_id",
                                 chunk->campaign_id);
  if (strcmp (t->table, "campaign_members") == 0)
    {
      json_object_set_string_member (row, "grp", member->target ? "target" : "control");
      json_object_set_string_member (row, "day", chunk->day);
      json_object_set_int_member (row, "reached", member->reached);
      json_object_set_int_member (row, "cost_amount", member->reached ? chunk->cost_amount : 0);
      json_object_set_int_member (row, "cost_points", member->reached ? chunk->cost_points : 0);
      json_object_set_string_member (row, "branch", chunk->branch);
    }
  else if (strcmp (t->table, "coupons") == 0 && member->reached && chunk->has_coupon)
    {
      json_object_set_string_member (row, "code", member->code);
      json_object_set_string_member (row, "title", chunk->coupon_title);
      json_object_set_int_member (row, "amount", chunk->coupon_amount);
      json_object_set_int_member (row, "percent", chunk->coupon_percent);
      json_object_set_string_member (row, "expires_on", chunk->coupon_expires_on ?: "");
      json_object_set_string_member (row, "branch_id", chunk->branch_id);
      json_object_set_int_member (row, "issued_at", chunk->issued_at);
    }
  else if (strcmp (t->table, "points_entries") == 0 && member->reached && chunk->grant_points > 0)
    {
      json_object_set_string_member (row, "kind", "bonus");
      json_object_set_int_member (row, "points", chunk->grant_points);
      json_object_set_string_member (row, "at", chunk->grant_at);
      json_object_set_string_member (row, "day", chunk->grant_day);
      json_object_set_string_member (row, "expires_on", chunk->grant_expires_on ?: "");
      json_object_set_string_member (row, "source", "campaign");
      json_object_set_string_member (row, "reason", chunk->grant_reason);
      json_object_set_string_member (row, "branch", chunk->branch);
    }
  else
    g_clear_pointer (&row, json_object_unref);
  return row;
}

/* The rows of @t that the server's chunks of campaign audiences derive:
 * per id the earliest chunk's, reached if any chunk reached the member. */
static void
add_audience_rows (sqlite3           *server,
                   const char        *server_db,
                   const SyncedTable *t,
                   GPtrArray         *rows)
{
  static const SyncedTable chunks = { NULL, "id", NULL, "campaign_audience", TRUE, NULL };
  g_autoptr(GPtrArray) logged = server_rows (server, server_db, &chunks);
  g_autoptr(GHashTable) derived = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_ptr_array_sort (logged, compare_stamps);
  for (guint i = 0; i < logged->len; i++)
    {
      char **chunk_row = g_ptr_array_index (logged, i);
      g_autoptr(JsonNode) node = json_from_string (chunk_row[1], NULL);
      g_auto(PtAudienceChunk) chunk = { NULL, };

      pt_audience_chunk_init (&chunk);
      g_assert_true (pt_audience_chunk_from_json (json_node_get_object (node), &chunk, NULL));
      for (guint m = 0; m < chunk.members->len; m++)
        {
          const PtAudienceMember *member = &g_array_index (chunk.members, PtAudienceMember, m);
          const char *kind = strcmp (t->table, "campaign_members") == 0 ? PT_AUDIENCE_ROW_MEMBER :
                             strcmp (t->table, "coupons") == 0 ? PT_AUDIENCE_ROW_COUPON :
                                                                  PT_AUDIENCE_ROW_GRANT;
          g_autofree char *id = pt_audience_row_id (&chunk, kind, member->member_id);
          JsonObject *row = audience_row (t, &chunk, member);
          JsonObject *first = g_hash_table_lookup (derived, id);

          if (row == NULL)
            continue;
          if (first == NULL)
            {
              char **entry = g_new0 (char *, 4);

              entry[0] = g_strdup (id);
              entry[2] = g_strdup (chunk_row[2]);
              g_ptr_array_add (order, entry);
              g_hash_table_insert (derived, g_steal_pointer (&id), row);
              continue;
            }
          if (member->reached)
            for (guint f = 0; f < 3; f++)
              {
                const char *field = (const char *[]) { "reached", "cost_amount", "cost_points" }[f];

                if (json_object_has_member (first, field))
                  json_object_set_int_member (first, field, json_object_get_int_member (row, field));
              }
          json_object_unref (row);
        }
    }
  for (guint i = 0; i < order->len; i++)
    {
      char **entry = g_ptr_array_index (order, i);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                         g_hash_table_lookup (derived, entry[0]));

      entry[1] = json_to_string (node, FALSE);
    }
  g_ptr_array_extend_and_steal (rows, g_steal_pointer (&order));
}

/* The server's rows of @t: each {key, JSON of its fields or payload, HLC},
 * from its SQLite file or its PostgreSQL database; for the tables a
 * campaign audience's chunk derives rows of, those rows too. */
static GPtrArray *
server_rows (sqlite3           *server,
             const char        *server_db,
             const SyncedTable *t)
{
  const char *sql = t->is_event ?
    "SELECT e.id, l.payload, l.hlc FROM events e JOIN log l ON l.seq = e.seq WHERE e.entity = ?1" :
    "SELECT id, fields, created_hlc FROM entities WHERE entity = ?1";
  GPtrArray *rows;
  sqlite3_stmt *stmt;

  if (test_db_is_postgresql (server_db))
    rows = test_pg_query_rows (server_db, sql, t->entity);
  else
    {
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      stmt = prepare (server, sql);
      sqlite3_bind_text (stmt, 1, t->entity, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          char **row = g_new0 (char *, 4);

          for (int c = 0; c < 3; c++)
            row[c] = g_strdup ((const char *) sqlite3_column_text (stmt, c));
          g_ptr_array_add (rows, row);
        }
      sqlite3_finalize (stmt);
    }
  if (t->table != NULL && (strcmp (t->table, "campaign_members") == 0 ||
                           strcmp (t->table, "coupons") == 0 ||
                           strcmp (t->table, "points_entries") == 0))
    add_audience_rows (server, server_db, t, rows);
  return rows;
}

static void
compare_with_server (sqlite3           *server,
                     const char        *server_db,
                     sqlite3           *db,
                     const char        *path,
                     const SyncedTable *t)
{
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GHashTable) rows = load_rows (db, t, &columns);
  g_autoptr(GPtrArray) on_server = server_rows (server, server_db, t);
  g_autoptr(GHashTable) survivors = load_survivors (db);
  int stamp_column = -1;

  for (guint c = 0; t->stamp != NULL && c < columns->len; c++)
    if (strcmp (g_ptr_array_index (columns, c), t->stamp) == 0)
      stamp_column = c;

  for (guint i = 0; i < on_server->len; i++)
    {
      char **row = g_ptr_array_index (on_server, i);
      g_autoptr(JsonNode) node = json_from_string (row[1], NULL);

      g_assert_nonnull (node);
      compare_with_server_row (db, path, t, rows, columns, row[0], json_node_get_object (node),
                               survivors);
      if (stamp_column >= 0)
        g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) g_hash_table_lookup (rows, row[0]),
                                            stamp_column), ==, row[2]);
    }

  if (g_hash_table_size (rows) != on_server->len)
    g_error ("%s: %u rows in %s, %u on the server", t->table, g_hash_table_size (rows), path,
             on_server->len);
}

void
test_assert_replicas_equal (const char         *server_db,
                            const char * const *paths)
{
  guint n = g_strv_length ((char **) paths);
  g_autofree sqlite3 **dbs = g_new0 (sqlite3 *, n + 1);
  gboolean check_server = server_db != NULL;
  sqlite3 *server = check_server && !test_db_is_postgresql (server_db) ? open_db (server_db) : NULL;

  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    {
      dbs[i] = open_db (paths[i]);
      assert_tables_known (dbs[i], paths[i]);
    }

  for (guint t = 0; t < G_N_ELEMENTS (synced_tables); t++)
    {
      if (n > 1)
        compare_table (&synced_tables[t], dbs, paths);
      if (check_server && synced_tables[t].entity != NULL)
        for (guint i = 0; i < n; i++)
          compare_with_server (server, server_db, dbs[i], paths[i], &synced_tables[t]);
    }

  for (guint i = 0; i < n; i++)
    sqlite3_close (dbs[i]);
  if (server != NULL)
    sqlite3_close (server);
}
