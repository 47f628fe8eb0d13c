/* pt-server-backend-pg-touches.c — a push on PostgreSQL reads ahead
 * before it takes the log lock, and checks under the lock what the pushes
 * that committed meanwhile wrote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: pushes take turns under the log lock (pt-server-backend-pg.c), so
 * the time each holds it bounds how many ops all server processes take
 * in a second. A push's read-ahead (pt-server-backend-pg-cache.c), its
 * thousands of index look-ups, was a third of that time. It now runs
 * before the lock, while another push holds it, and the lock is held for
 * the merge and the writes only.
 *
 * What the read-ahead read may be stale by the time the lock is taken:
 * the pushes that committed in between may have written some of those
 * rows. So every push that writes also records which rows it wrote: the
 * keys of its op results, entities (an erased member among them) and
 * phone numbers, as 64-bit hashes in one row of push_touches, numbered
 * one more than the last. Numbers are given under the lock, so they are
 * dense and in commit order.
 *
 * A push notes the last number before it reads ahead. Under the lock it
 * reads the rows numbered after it and reads again each row it asked for
 * whose hash is among them; a hash that two keys share costs one more
 * read, never a missed one. Why that is enough: each statement of a READ
 * COMMITTED transaction sees every push that committed before it began.
 * A push the note's statement did not see committed after it, so its
 * number is greater than the note; a push the read-ahead's statements
 * did not see is one of those. And no row in these tables is written but
 * by a push, under the lock.
 *
 * The table keeps the last TOUCHES_KEPT pushes. A push that finds a
 * number it needs gone (it waited that long) reads everything again under
 * the lock, as every push did before.
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <string.h>

#include "pt-server-backend-pg-private.h"

/* Pushes whose touched rows are kept: a push that waits for more others
 * than this reads everything again. A push waits behind about one push
 * of each other server process; a big one's record is a few dozen KB. */
#define TOUCHES_KEPT "256"

static PtPgBeforeLockFunc before_lock_hook;
static gpointer before_lock_data;

void
pt_server_backend_pg_set_before_lock_hook (PtPgBeforeLockFunc hook,
                                           gpointer           user_data)
{
  before_lock_hook = hook;
  before_lock_data = user_data;
}

#define FNV_PRIME G_GUINT64_CONSTANT (0x100000001b3)

static guint64
fnv_add (guint64     hash,
         const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    hash = (hash ^ *p) * FNV_PRIME;
  return hash;
}

/* FNV-1a, 64 bits, over @kind and @key, or over @kind and the row key of
 * @key (the entity) and @id (pt_pg_row_key ()'s text, not built): the
 * same in every process. */
static guint64
touch_hash (char        kind,
            const char *key,
            const char *id)
{
  guint64 hash = (G_GUINT64_CONSTANT (0xcbf29ce484222325) ^ (guchar) kind) * FNV_PRIME;

  hash = fnv_add (hash, key);
  if (id != NULL)
    hash = fnv_add (fnv_add (hash, "\037"), id);
  return hash;
}

static void
touch (PtServerBackendPg *self,
       guint64            hash)
{
  if (self->touched != NULL)
    g_array_append_val (self->touched, hash);
}

void
pt_pg_touch (PtServerBackendPg *self,
             char               kind,
             const char        *key)
{
  touch (self, touch_hash (kind, key, NULL));
}

void
pt_pg_touch_row (PtServerBackendPg *self,
                 const char        *entity,
                 const char        *id)
{
  touch (self, touch_hash (PT_PG_TOUCH_ROW, entity, id));
}

static int
compare_hashes (gconstpointer a,
                gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Reads the hashes of the pushes numbered after @since into @hashes
 * (sorted); FALSE in *@complete if one of them is no longer kept. */
static void
read_touches (const PGresult *result,
              gint64          since,
              GArray         *hashes,
              gboolean       *complete)
{
  gint64 expected = since + 1;

  *complete = TRUE;
  for (int i = 0; i < PQntuples (result); i++)
    {
      gint64 gen = pt_pg_cell_int (result, i, 0);
      /* bytea as text: \x, then 16 hex digits a hash (big-endian). */
      const char *keys = PQgetvalue (result, i, 1);
      int length = PQgetlength (result, i, 1);

      *complete &= gen == expected++;
      for (int at = 2; at + 16 <= length; at += 16)
        {
          guint64 hash = 0;

          for (int digit = 0; digit < 16; digit++)
            hash = hash << 4 | (guint64) g_ascii_xdigit_value (keys[at + digit]);
          g_array_append_val (hashes, hash);
        }
    }
  g_array_sort (hashes, compare_hashes);
}

static gboolean
touched (GArray     *hashes,
         guint64     hash)
{
  guint low = 0, high = hashes->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      guint64 at = g_array_index (hashes, guint64, middle);

      if (at == hash)
        return TRUE;
      if (at < hash)
        low = middle + 1;
      else
        high = middle;
    }
  return FALSE;
}

/* The part of @prefetch that pushes wrote since the read-ahead. */
static void
stale_part (const PtServerPrefetch *prefetch,
            GArray                 *hashes,
            PtServerPrefetch       *stale)
{
  for (guint i = 0; i < prefetch->op_ids->len; i++)
    if (touched (hashes, touch_hash (PT_PG_TOUCH_OP, g_ptr_array_index (prefetch->op_ids, i),
                                     NULL)))
      g_ptr_array_add (stale->op_ids, g_ptr_array_index (prefetch->op_ids, i));
  for (guint i = 0; i < prefetch->entities->len; i++)
    if (touched (hashes, touch_hash (PT_PG_TOUCH_ROW, g_ptr_array_index (prefetch->entities, i),
                                     g_ptr_array_index (prefetch->entity_ids, i))))
      {
        g_ptr_array_add (stale->entities, g_ptr_array_index (prefetch->entities, i));
        g_ptr_array_add (stale->entity_ids, g_ptr_array_index (prefetch->entity_ids, i));
      }
  for (guint i = 0; i < prefetch->phone_digits->len; i++)
    if (touched (hashes, touch_hash (PT_PG_TOUCH_PHONE,
                                     g_ptr_array_index (prefetch->phone_digits, i), NULL)))
      g_ptr_array_add (stale->phone_digits, g_ptr_array_index (prefetch->phone_digits, i));
}

gboolean
pt_pg_lock_log (PtServerBackendPg       *self,
                const PtServerPrefetch  *prefetch,
                GError                 **error)
{
  char since_text[24];
  const char *since[] = { PT_PG_INT_TEXT (since_text, self->touches_seen) };
  /* One round trip: the lock, then (under it) the head and what was
   * written since the read-ahead. */
  const PtPgRead reads[] = {
    { "SELECT pg_advisory_xact_lock (" PT_PG_LOG_LOCK_KEY ")", 0, NULL, NULL },
    { "SELECT coalesce (max (seq), 0) FROM log", 0, NULL, NULL },
    { "SELECT gen, keys FROM push_touches WHERE gen > $1::bigint ORDER BY gen", 1, since,
      NULL },
  };
  PGresult *results[G_N_ELEMENTS (reads)] = { NULL, };
  g_autoptr(GArray) hashes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GPtrArray) op_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) entities = g_ptr_array_new ();
  g_autoptr(GPtrArray) entity_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) phone_digits = g_ptr_array_new ();
  PtServerPrefetch stale = { op_ids, entities, entity_ids, phone_digits };
  gboolean complete;

  if (before_lock_hook != NULL)
    before_lock_hook (before_lock_data);
  if (!pt_pg_pipeline_read_many (self, G_N_ELEMENTS (reads), reads, results, error))
    return FALSE;
  self->locked = TRUE;
  self->head = pt_pg_cell_int (results[1], 0, 0);
  read_touches (results[2], self->touches_seen, hashes, &complete);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    PQclear (results[i]);

  if (prefetch == NULL)
    return TRUE;
  if (!complete)
    return pt_pg_read_ahead (self, prefetch, error);
  if (hashes->len == 0)
    return TRUE;
  stale_part (prefetch, hashes, &stale);
  if (op_ids->len + entities->len + phone_digits->len == 0)
    return TRUE;
  return pt_pg_read_ahead (self, &stale, error);
}

gboolean
pt_pg_touches_write (PtServerBackendPg  *self,
                     GError            **error)
{
  g_autoptr(GString) keys = NULL;
  guint64 last = 0;
  int length;
  const char *values[1];

  if (self->touched == NULL || self->touched->len == 0)
    return TRUE;
  g_array_sort (self->touched, compare_hashes);
  keys = g_string_sized_new (self->touched->len * 8);
  for (guint i = 0; i < self->touched->len; i++)
    {
      guint64 hash = g_array_index (self->touched, guint64, i);
      guint64 be = GUINT64_TO_BE (hash);

      if (i > 0 && hash == last)
        continue;
      g_string_append_len (keys, (const char *) &be, sizeof be);
      last = hash;
    }
  values[0] = keys->str;
  length = (int) keys->len;
  return pt_pg_pipeline_send (self, "INSERT INTO push_touches (gen, keys)"
                                    " SELECT coalesce (max (gen), 0) + 1, $1::bytea"
                                    " FROM push_touches", 1, values, &length, error) &&
         pt_pg_pipeline_send (self, "DELETE FROM push_touches"
                                    " WHERE gen <= (SELECT max (gen) FROM push_touches) - "
                                    TOUCHES_KEPT, 0, NULL, NULL, error);
}
