/* pt-store-merge-moves.c — a merged member's events moved to where they
 * belong, and moved again when a merge made earlier elsewhere arrives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two branches, offline, may merge the same member B into different
 * survivors (A at one, C at the other). The first merge by its stamp wins
 * on every replica (pt_store_merge_resolve()); the branch that merged B
 * into C first has already moved B's events into C, where nothing in
 * their rows tells them from C's own. So the first move of an event out
 * of its member writes down where it came from (merged_rows), and every
 * move is made from that record: each event of a member that was merged
 * goes to where that member resolves to now, whatever moved it before.
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "pt-store-merge-private.h"
#include "pt-store-points-private.h"
#include "pt-store-private.h"

typedef struct
{
  const char *record;   /* writes where the member's own events come from */
  const char *holders;  /* who holds them, other than where they go */
  const char *move;     /* moves them */
} MovedTable;

/* The events that belong to a member, each in its own table. The table
 * names are constants of this file, never data. */
#define MOVED_TABLE(t) \
  { "INSERT OR IGNORE INTO merged_rows (tbl, row_id, origin) SELECT '" t "', id, ?1 FROM " t \
    " WHERE member_id = ?1", \
    "SELECT DISTINCT member_id FROM " t " WHERE member_id <> ?2 AND id IN" \
    " (SELECT row_id FROM merged_rows WHERE origin = ?1 AND tbl = '" t "')", \
    "UPDATE " t " SET member_id = ?2 WHERE member_id <> ?2 AND id IN" \
    " (SELECT row_id FROM merged_rows WHERE origin = ?1 AND tbl = '" t "')" }

static const MovedTable moved_tables[] = {
  MOVED_TABLE ("purchases"),
  MOVED_TABLE ("points_entries"),
  MOVED_TABLE ("tier_changes"),
  MOVED_TABLE ("tier_locks"),
  MOVED_TABLE ("tier_subscriptions"),
  MOVED_TABLE ("redemptions"),
  MOVED_TABLE ("coupons"),
  MOVED_TABLE ("consent_changes"),
};

/* Derived and local: made again for the survivor. */
static const char * const derived_sql[] = {
  "DELETE FROM member_tier_state WHERE member_id = ?1",
  "DELETE FROM member_insights WHERE member_id = ?1",
  "UPDATE members SET tier_id = NULL WHERE id = ?1",
};

static gboolean
step_two (PtStore     *self,
          const char  *sql,
          const char  *first,
          const char  *second,
          GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, first);
  if (second != NULL)
    pt_store_bind_text (stmt, 2, second);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
add_rows (PtStore     *self,
          const char  *sql,
          const char  *first,
          const char  *second,
          GHashTable  *into,
          GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, first);
  if (second != NULL)
    pt_store_bind_text (stmt, 2, second);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (into, g_strdup (pt_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("moving a merged member’s history"));
  return TRUE;
}

/* @id and every member merged into it, or into one of those, … */
static GPtrArray *
merged_around (PtStore     *self,
               const char  *id,
               GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_ptr_array_add (ids, g_strdup (id));
  g_hash_table_add (seen, g_strdup (id));
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GHashTable) followers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GHashTableIter iter;
      gpointer follower;

      if (!add_rows (self, "SELECT other_id FROM member_merges WHERE survivor_id = ?1",
                     g_ptr_array_index (ids, i), NULL, followers, error))
        return NULL;
      g_hash_table_iter_init (&iter, followers);
      while (g_hash_table_iter_next (&iter, &follower, NULL))
        if (!g_hash_table_contains (seen, follower))
          {
            g_hash_table_add (seen, g_strdup (follower));
            g_ptr_array_add (ids, g_strdup (follower));
          }
    }
  return g_steal_pointer (&ids);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Moves the events of one member to where it resolves to; @touched gets
 * every member whose events changed. */
static gboolean
rehome_one (PtStore     *self,
            const char  *id,
            GHashTable  *touched,
            GError     **error)
{
  g_autofree char *final = NULL;
  const char *target;

  if (!pt_store_merge_resolve (self, id, &final, error))
    return FALSE;
  target = final != NULL ? final : id;
  for (guint i = 0; i < G_N_ELEMENTS (moved_tables); i++)
    if ((final != NULL && !step_two (self, moved_tables[i].record, id, NULL, error)) ||
        !add_rows (self, moved_tables[i].holders, id, target, touched, error) ||
        !step_two (self, moved_tables[i].move, id, target, error))
      return FALSE;
  if (final != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (derived_sql); i++)
      if (!step_two (self, derived_sql[i], id, NULL, error))
        return FALSE;
  g_hash_table_add (touched, g_strdup (id));
  g_hash_table_add (touched, g_strdup (target));
  return TRUE;
}

gboolean
pt_store_merge_rehome (PtStore     *self,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(GPtrArray) ids = merged_around (self, id, error);
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gpointer *members = NULL;
  guint n_members;

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!rehome_one (self, g_ptr_array_index (ids, i), touched, error))
      return FALSE;

  /* Every member that gained or lost events has its lots replayed, in
   * one order, so that balances stay provable; those still standing have
   * their tier settled again. */
  members = g_hash_table_get_keys_as_array (touched, &n_members);
  qsort (members, n_members, sizeof *members, compare_strings);
  for (guint i = 0; i < n_members; i++)
    {
      g_autofree char *final = NULL;

      if (!pt_store_points_replay_member (self, members[i], error) ||
          !pt_store_merge_resolve (self, members[i], &final, error) ||
          (final == NULL && !pt_store_tiers_settle_member (self, members[i], error)))
        return FALSE;
    }
  pt_store_note_changed (self, "member");
  pt_store_note_changed (self, "points");
  pt_store_note_changed (self, "purchase");
  return TRUE;
}
