/* pt-server-backend-pg-cache.c — the rows a push transaction on
 * PostgreSQL will ask for, read in a few statements before it takes the
 * log lock (and checked under it: pt-server-backend-pg-touches.c), kept
 * up to date by the push's own writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: the merge asks the backend row by row (was this op seen, what is
 * this member's state, who has this phone number). Over a socket each
 * question was a round trip; the questions of a whole batch are asked at
 * once (pt_pg_prefetch) and answered from memory (pt_pg_cache_*).
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <string.h>

#include "pt-server-backend-pg-private.h"
#include "pt-str-hash.h"

typedef struct
{
  char   *status;
  gint64  seq;
  char   *reason;
} Previous;

static void
previous_free (Previous *previous)
{
  if (previous == NULL)
    return;
  g_free (previous->status);
  g_free (previous->reason);
  g_free (previous);
}

static void
row_free (PtServerEntityRow *row)
{
  if (row == NULL)
    return;
  pt_server_entity_row_clear (row);
  g_free (row);
}

/* ----------------------------------------------------------------- cache */

void
pt_pg_cache_clear (PtServerBackendPg *self)
{
  g_clear_pointer (&self->previous, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->phones, g_hash_table_unref);
  g_clear_pointer (&self->erased, g_hash_table_unref);
  g_clear_pointer (&self->meta, g_hash_table_unref);
}

gboolean
pt_pg_read_ahead (PtServerBackendPg        *self,
                  const PtServerPrefetch   *prefetch,
                  GError                  **error)
{
  GPtrArray *op_ids[] = { prefetch->op_ids };
  GPtrArray *keys[] = { prefetch->entities, prefetch->entity_ids };
  g_autoptr(GPtrArray) distinct = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (pt_str_hash, g_str_equal);
  GPtrArray *digits[] = { distinct };
  /* Each key looked up in its index (LATERAL … LIMIT / OFFSET keeps the
   * planner from joining otherwise): for a batch's thousands of keys it
   * would rather read the whole log or phone table, which costs as much
   * as the table is long, under the lock, at every push. The four
   * questions go in one round trip. */
  const PtPgArrayQuery queries[] = {
    { "SELECT k.op_id, 'logged', l.seq, NULL"
      " FROM unnest ($1::text[]) AS k (op_id) CROSS JOIN LATERAL"
      " (SELECT seq FROM log WHERE log.op_id = k.op_id COLLATE \"C\" LIMIT 1) l"
      " UNION ALL"
      " SELECT k.op_id, r.status, r.seq, r.reason"
      " FROM unnest ($1::text[]) AS k (op_id) CROSS JOIN LATERAL"
      " (SELECT status, seq, reason FROM op_results"
      "  WHERE op_results.op_id = k.op_id COLLATE \"C\" LIMIT 1) r", 1, op_ids },
    { "SELECT k.entity, k.id, e.fields, e.stamps, e.created_hlc, e.deleted, e.deleted_hlc"
      " FROM unnest ($1::text[], $2::text[]) AS k (entity, id)"
      " CROSS JOIN LATERAL (SELECT * FROM entities WHERE entities.entity = k.entity COLLATE \"C\""
      "  AND entities.id = k.id COLLATE \"C\" LIMIT 1) e", 2, keys },
    /* A number two ops of the batch give is looked up once (sent once:
     * a DISTINCT here sorted them, under the lock). */
    { "SELECT k.digits, p.member_id"
      " FROM unnest ($1::text[]) AS k (digits) CROSS JOIN LATERAL"
      " (SELECT member_id FROM member_phones WHERE member_phones.digits = k.digits COLLATE \"C\""
      "  OFFSET 0) p", 1, digits },
    /* Issue 12: which of the members the ops write were erased. */
    { "SELECT e.id FROM erased_members e"
      " JOIN unnest ($1::text[], $2::text[]) AS k (entity, id)"
      " ON k.entity = 'member' AND e.id = k.id COLLATE \"C\"", 2, keys },
  };
  PGresult *answers[G_N_ELEMENTS (queries)] = { NULL, };
  g_autoptr(PGresult) previous = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(PGresult) phones = NULL;
  g_autoptr(PGresult) erased = NULL;

  for (guint i = 0; i < prefetch->phone_digits->len; i++)
    if (g_hash_table_add (seen, g_ptr_array_index (prefetch->phone_digits, i)))
      g_ptr_array_add (distinct, g_ptr_array_index (prefetch->phone_digits, i));
  if (!pt_pg_query_arrays (self, G_N_ELEMENTS (queries), queries, answers, error))
    return FALSE;
  previous = answers[0];
  rows = answers[1];
  phones = answers[2];
  erased = answers[3];

  /* Asked and absent is an answer too: a NULL value. A row read again
   * (pt_pg_lock_log) replaces what was read of it before. */
  for (guint i = 0; i < prefetch->op_ids->len; i++)
    g_hash_table_insert (self->previous, g_strdup (g_ptr_array_index (prefetch->op_ids, i)), NULL);
  for (int i = 0; i < PQntuples (previous); i++)
    {
      Previous *answer = g_new0 (Previous, 1);

      answer->status = g_strdup (pt_pg_cell (previous, i, 1));
      answer->seq = pt_pg_cell_int (previous, i, 2);
      answer->reason = g_strdup (pt_pg_cell (previous, i, 3));
      g_hash_table_insert (self->previous, g_strdup (pt_pg_cell (previous, i, 0)), answer);
    }

  for (guint i = 0; i < prefetch->entities->len; i++)
    g_hash_table_insert (self->rows, pt_pg_row_key (g_ptr_array_index (prefetch->entities, i),
                                                    g_ptr_array_index (prefetch->entity_ids, i)),
                         NULL);
  for (int i = 0; i < PQntuples (rows); i++)
    {
      PtServerEntityRow *row = g_new0 (PtServerEntityRow, 1);

      row->fields = g_strdup (pt_pg_cell (rows, i, 2));
      row->stamps = g_strdup (pt_pg_cell (rows, i, 3));
      row->created_hlc = g_strdup (pt_pg_cell (rows, i, 4));
      row->deleted = pt_pg_cell_int (rows, i, 5) != 0;
      row->deleted_hlc = g_strdup (pt_pg_cell (rows, i, 6));
      g_hash_table_insert (self->rows,
                           pt_pg_row_key (pt_pg_cell (rows, i, 0), pt_pg_cell (rows, i, 1)), row);
    }

  for (guint i = 0; i < prefetch->phone_digits->len; i++)
    g_hash_table_insert (self->phones, g_strdup (g_ptr_array_index (prefetch->phone_digits, i)),
                         g_ptr_array_new_with_free_func (g_free));
  for (int i = 0; i < PQntuples (phones); i++)
    g_ptr_array_add (g_hash_table_lookup (self->phones, pt_pg_cell (phones, i, 0)),
                     g_strdup (pt_pg_cell (phones, i, 1)));

  for (guint i = 0; i < prefetch->entities->len; i++)
    if (g_str_equal (g_ptr_array_index (prefetch->entities, i), "member"))
      g_hash_table_insert (self->erased, g_strdup (g_ptr_array_index (prefetch->entity_ids, i)),
                           GINT_TO_POINTER (FALSE));
  for (int i = 0; i < PQntuples (erased); i++)
    g_hash_table_insert (self->erased, g_strdup (pt_pg_cell (erased, i, 0)),
                         GINT_TO_POINTER (TRUE));
  return TRUE;
}

gboolean
pt_pg_prefetch (PtServerBackendPg        *self,
                const PtServerPrefetch   *prefetch,
                GError                  **error)
{
  pt_pg_cache_clear (self);
  self->previous = g_hash_table_new_full (pt_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) previous_free);
  self->rows = g_hash_table_new_full (pt_str_hash, g_str_equal, g_free, (GDestroyNotify) row_free);
  self->phones = g_hash_table_new_full (pt_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->erased = g_hash_table_new_full (pt_str_hash, g_str_equal, g_free, NULL);
  /* Meta values (issue 13's audit heads) are kept as the push reads them,
   * under the lock. */
  self->meta = g_hash_table_new_full (pt_str_hash, g_str_equal, g_free, g_free);
  return pt_pg_read_ahead (self, prefetch, error) && pt_pg_lock_log (self, prefetch, error);
}

gboolean
pt_pg_cache_erased (PtServerBackendPg  *self,
                    const char         *member_id,
                    gboolean           *erased)
{
  gpointer value;

  if (self->erased == NULL || !g_hash_table_lookup_extended (self->erased, member_id, NULL, &value))
    return FALSE;
  *erased = GPOINTER_TO_INT (value);
  return TRUE;
}

void
pt_pg_cache_set_erased (PtServerBackendPg *self,
                        const char        *member_id)
{
  pt_pg_touch_row (self, "member", member_id);
  if (self->erased != NULL)
    g_hash_table_insert (self->erased, g_strdup (member_id), GINT_TO_POINTER (TRUE));
}

gboolean
pt_pg_cache_meta (PtServerBackendPg  *self,
                  const char         *key,
                  char              **value)
{
  gpointer cached;

  if (self->meta == NULL || !g_hash_table_lookup_extended (self->meta, key, NULL, &cached))
    return FALSE;
  *value = g_strdup (cached);
  return TRUE;
}

void
pt_pg_cache_set_meta (PtServerBackendPg *self,
                      const char        *key,
                      const char        *value)
{
  if (self->meta != NULL)
    g_hash_table_insert (self->meta, g_strdup (key), g_strdup (value));
}

gboolean
pt_pg_cache_previous (PtServerBackendPg  *self,
                      const char         *op_id,
                      char              **status,
                      gint64             *seq,
                      char              **reason)
{
  Previous *answer = NULL;

  if (self->previous == NULL ||
      !g_hash_table_lookup_extended (self->previous, op_id, NULL, (gpointer *) &answer))
    return FALSE;
  if (answer != NULL)
    {
      *status = g_strdup (answer->status);
      *seq = answer->seq;
      *reason = g_strdup (answer->reason);
    }
  return TRUE;
}

void
pt_pg_cache_set_previous (PtServerBackendPg *self,
                          const char        *op_id,
                          const char        *status,
                          gint64             seq,
                          const char        *reason)
{
  Previous *answer;

  pt_pg_touch (self, PT_PG_TOUCH_OP, op_id);
  if (self->previous == NULL)
    return;
  answer = g_new0 (Previous, 1);
  answer->status = g_strdup (status);
  answer->seq = seq;
  answer->reason = g_strdup (reason);
  g_hash_table_insert (self->previous, g_strdup (op_id), answer);
}

gboolean
pt_pg_cache_row (PtServerBackendPg  *self,
                 const char         *entity,
                 const char         *id,
                 PtServerEntityRow  *row,
                 gboolean           *found)
{
  g_autofree char *key = pt_pg_row_key (entity, id);
  PtServerEntityRow *cached = NULL;

  if (self->rows == NULL ||
      !g_hash_table_lookup_extended (self->rows, key, NULL, (gpointer *) &cached))
    return FALSE;
  *found = cached != NULL;
  if (cached != NULL)
    {
      row->fields = g_strdup (cached->fields);
      row->stamps = g_strdup (cached->stamps);
      row->created_hlc = g_strdup (cached->created_hlc);
      row->deleted = cached->deleted;
      row->deleted_hlc = g_strdup (cached->deleted_hlc);
    }
  return TRUE;
}

gboolean
pt_pg_cache_row_known (PtServerBackendPg  *self,
                       const char         *entity,
                       const char         *id,
                       gboolean           *found)
{
  g_autofree char *key = pt_pg_row_key (entity, id);
  gpointer cached = NULL;

  if (self->rows == NULL || !g_hash_table_lookup_extended (self->rows, key, NULL, &cached))
    return FALSE;
  *found = cached != NULL;
  return TRUE;
}

void
pt_pg_cache_set_row (PtServerBackendPg        *self,
                     const char               *entity,
                     const char               *id,
                     const PtServerEntityRow  *row)
{
  PtServerEntityRow *copy;

  pt_pg_touch_row (self, entity, id);
  if (self->rows == NULL)
    return;
  copy = g_new0 (PtServerEntityRow, 1);
  copy->fields = g_strdup (row->fields);
  copy->stamps = g_strdup (row->stamps);
  copy->created_hlc = g_strdup (row->created_hlc);
  copy->deleted = row->deleted;
  copy->deleted_hlc = g_strdup (row->deleted_hlc);
  g_hash_table_insert (self->rows, pt_pg_row_key (entity, id), copy);
}

gboolean
pt_pg_cache_phone_owner (PtServerBackendPg  *self,
                         const char         *digits,
                         const char         *member_id,
                         char              **owner)
{
  GPtrArray *members = self->phones ? g_hash_table_lookup (self->phones, digits) : NULL;

  if (members == NULL)
    return FALSE;
  *owner = NULL;
  for (guint i = 0; i < members->len && *owner == NULL; i++)
    if (g_strcmp0 (g_ptr_array_index (members, i), member_id) != 0)
      *owner = g_strdup (g_ptr_array_index (members, i));
  return TRUE;
}

/* Forgets @member_id's phone numbers (an erased member). */
void
pt_pg_cache_drop_phones (PtServerBackendPg *self,
                         const char        *member_id)
{
  GHashTableIter iter;
  gpointer members;

  if (self->phones == NULL)
    return;
  g_hash_table_iter_init (&iter, self->phones);
  while (g_hash_table_iter_next (&iter, NULL, &members))
    for (guint i = ((GPtrArray *) members)->len; i > 0; i--)
      if (g_strcmp0 (g_ptr_array_index ((GPtrArray *) members, i - 1), member_id) == 0)
        g_ptr_array_remove_index ((GPtrArray *) members, i - 1);
}

gboolean
pt_pg_cache_has_phone (PtServerBackendPg  *self,
                       const char         *digits,
                       const char         *member_id,
                       gboolean           *has)
{
  GPtrArray *members = self->phones ? g_hash_table_lookup (self->phones, digits) : NULL;

  if (members == NULL)
    return FALSE;
  *has = FALSE;
  for (guint i = 0; i < members->len && !*has; i++)
    *has = g_str_equal (g_ptr_array_index (members, i), member_id);
  return TRUE;
}

void
pt_pg_cache_add_phone (PtServerBackendPg *self,
                       const char        *digits,
                       const char        *member_id)
{
  GPtrArray *members = self->phones ? g_hash_table_lookup (self->phones, digits) : NULL;

  pt_pg_touch (self, PT_PG_TOUCH_PHONE, digits);
  if (members == NULL)
    return;
  for (guint i = 0; i < members->len; i++)
    if (g_strcmp0 (g_ptr_array_index (members, i), member_id) == 0)
      return;
  g_ptr_array_add (members, g_strdup (member_id));
}
