/* pt-duplicates.c — likely duplicate members, each pair with its reasons
 * and a score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass over the members makes a record of each key a member has (its
 * phone, e-mail, name and birthday, name form) as a 64-bit hash; sorting
 * the records puts the members who share a key side by side. Only the few
 * pairs found are read back in full. A million members need about 100 MB
 * for a moment and no index.
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "pt-duplicates.h"
#include "pt-name-key.h"
#include "pt-store-merge.h"

/* A key shared by more members than this is not evidence (a walk-in
 * phone, a common name). */
#define MAX_GROUP 12

typedef struct
{
  guint64       hash;
  sqlite3_int64 rid;
  guint32       raw;      /* the name as typed, for name forms */
  guint32       reason;
} KeyRecord;

static const struct
{
  PtDuplicateReason reason;
  const char       *key;
  const char       *label;
  double            weight;
} reasons[PT_DUPLICATE_N_REASONS] = {
  { PT_DUPLICATE_PHONE, "phone", N_("Same phone"), 0.9 },
  { PT_DUPLICATE_EMAIL, "email", N_("Same e-mail"), 0.85 },
  { PT_DUPLICATE_NAME_BIRTHDAY, "name-birthday", N_("Same name and birthday"), 0.8 },
  { PT_DUPLICATE_NAME_FORM, "name-form", N_("Same name written another way"), 0.5 },
};

const char *
pt_duplicate_reason_key (PtDuplicateReason reason)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reasons[i].reason == reason)
      return reasons[i].key;
  return NULL;
}

const char *
pt_duplicate_reason_label (PtDuplicateReason reason)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reasons[i].reason == reason)
      return _(reasons[i].label);
  return NULL;
}

void
pt_duplicate_pair_free (PtDuplicatePair *pair)
{
  if (pair == NULL)
    return;
  pt_member_identity_free (pair->left);
  pt_member_identity_free (pair->right);
  g_free (pair);
}

/* FNV-1a, 64 bits: among a million keys a collision is a one in ten
 * million chance, where GLib's 32-bit hash would make dozens. */
static guint64
hash64 (const char *text,
        guint64     seed)
{
  guint64 h = 14695981039346656037ULL ^ seed;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      h ^= *p;
      h *= 1099511628211ULL;
    }
  return h;
}

/* The digits of a phone without a +86 / 0086 country code; NULL when
 * too short to mean anything. */
static char *
phone_key (const char *phone)
{
  GString *digits;

  if (phone == NULL)
    return NULL;
  digits = g_string_new (NULL);
  for (const char *p = phone; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (g_str_has_prefix (digits->str, "0086"))
    g_string_erase (digits, 0, 4);
  else if (*phone == '+' && g_str_has_prefix (digits->str, "86"))
    g_string_erase (digits, 0, 2);
  if (digits->len < 6)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

typedef struct
{
  GArray    *records;
  PtNameKey *names;
} Scan;

static void
add_record (Scan          *scan,
            sqlite3_int64  rid,
            guint32        reason,
            guint64        hash,
            guint32        raw)
{
  KeyRecord record = { hash, rid, raw, reason };

  g_array_append_val (scan->records, record);
}

static gboolean
scan_member_cb (const PtMemberIdentity  *m,
                gpointer                 data,
                GError                 **error)
{
  Scan *scan = data;
  g_autofree char *phone = phone_key (m->phone);
  g_autofree char *name = pt_name_key_make (scan->names, m->name);

  if (phone != NULL)
    add_record (scan, m->rid, PT_DUPLICATE_PHONE, hash64 (phone, 1), 0);
  if (m->email != NULL && strchr (m->email, '@') != NULL)
    {
      g_autofree char *email = g_utf8_casefold (m->email, -1);

      add_record (scan, m->rid, PT_DUPLICATE_EMAIL, hash64 (g_strstrip (email), 2), 0);
    }
  if (*name != '\0')
    {
      guint64 name_hash = hash64 (name, 3);

      add_record (scan, m->rid, PT_DUPLICATE_NAME_FORM, name_hash,
                  (guint32) hash64 (m->name, 4));
      if (m->birthday != NULL && *m->birthday != '\0')
        add_record (scan, m->rid, PT_DUPLICATE_NAME_BIRTHDAY, hash64 (m->birthday, name_hash), 0);
    }
  return TRUE;
}

static int
compare_records (const void *a,
                 const void *b)
{
  const KeyRecord *x = a;
  const KeyRecord *y = b;

  if (x->reason != y->reason)
    return x->reason < y->reason ? -1 : 1;
  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->rid < y->rid ? -1 : x->rid > y->rid;
}

typedef struct
{
  sqlite3_int64 left;
  sqlite3_int64 right;
} PairKey;

static guint
pair_key_hash (gconstpointer key)
{
  const PairKey *k = key;

  return (guint) (k->left * 1000003 ^ k->right);
}

static gboolean
pair_key_equal (gconstpointer a,
                gconstpointer b)
{
  return memcmp (a, b, sizeof (PairKey)) == 0;
}

/* Every pair within each group of records that share a key. */
static GHashTable *
pair_up (GArray *records)
{
  GHashTable *pairs = g_hash_table_new_full (pair_key_hash, pair_key_equal, g_free, NULL);
  guint start = 0;

  while (start < records->len)
    {
      KeyRecord *first = &g_array_index (records, KeyRecord, start);
      guint end = start + 1;

      while (end < records->len && g_array_index (records, KeyRecord, end).hash == first->hash &&
             g_array_index (records, KeyRecord, end).reason == first->reason)
        end++;
      if (end - start > 1 && end - start <= MAX_GROUP)
        for (guint i = start; i < end; i++)
          for (guint j = i + 1; j < end; j++)
            {
              KeyRecord *a = &g_array_index (records, KeyRecord, i);
              KeyRecord *b = &g_array_index (records, KeyRecord, j);
              PairKey key = { a->rid, b->rid };
              guint reasons_now;

              /* The same name typed the same way is no evidence on its own. */
              if (a->reason == PT_DUPLICATE_NAME_FORM && a->raw == b->raw)
                continue;
              reasons_now = GPOINTER_TO_UINT (g_hash_table_lookup (pairs, &key));
              if (reasons_now == 0)
                g_hash_table_insert (pairs, g_memdup2 (&key, sizeof key),
                                     GUINT_TO_POINTER (a->reason));
              else
                g_hash_table_insert (pairs, g_memdup2 (&key, sizeof key),
                                     GUINT_TO_POINTER (reasons_now | a->reason));
            }
      start = end;
    }
  return pairs;
}

static double
score_of (guint flags)
{
  double unlikely = 1.0;

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (flags & reasons[i].reason)
      unlikely *= 1.0 - reasons[i].weight;
  return 1.0 - unlikely;
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const PtDuplicatePair *x = *(PtDuplicatePair * const *) a;
  const PtDuplicatePair *y = *(PtDuplicatePair * const *) b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return g_strcmp0 (x->left->number, y->left->number);
}

GPtrArray *
pt_duplicates_find (PtStore  *store,
                    guint     limit,
                    GError  **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_duplicate_pair_free);
  g_autoptr(GHashTable) pairs = NULL;
  g_autoptr(PtNameKey) names = pt_name_key_new ();
  g_autoptr(GArray) records = g_array_sized_new (FALSE, FALSE, sizeof (KeyRecord), 1024);
  Scan scan = { records, names };
  GHashTableIter iter;
  gpointer key, value;

  if (!pt_store_members_foreach_identity (store, scan_member_cb, &scan, error))
    return NULL;
  qsort (records->data, records->len, sizeof (KeyRecord), compare_records);
  pairs = pair_up (records);
  g_array_set_size (records, 0);

  g_hash_table_iter_init (&iter, pairs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const PairKey *k = key;
      g_autoptr(PtDuplicatePair) pair = g_new0 (PtDuplicatePair, 1);

      pair->left = pt_store_member_identity (store, k->left, error);
      if (pair->left == NULL)
        return NULL;
      pair->right = pt_store_member_identity (store, k->right, error);
      if (pair->right == NULL)
        return NULL;
      pair->reasons = GPOINTER_TO_UINT (value);
      pair->score = score_of (pair->reasons);
      g_ptr_array_add (result, g_steal_pointer (&pair));
    }
  g_ptr_array_sort (result, compare_pairs);
  if (limit > 0 && result->len > limit)
    g_ptr_array_set_size (result, limit);
  return g_steal_pointer (&result);
}
