/* pt-store-segment-count.c — the live count of a segment while it is
 * edited: profile criteria over a compact copy of the members' profile
 * fields, one bit a member, the rest by SQL
 *
 * Any count in SQL visits every member the indexes cannot rule out, about
 * a tenth of a microsecond each: with a million members, more than the
 * tenth of a second a live count may take. Here the store keeps, between
 * counts, the fields the common criteria read (city, gender, home branch,
 * status, tags as codes of their distinct values; consent; points; the
 * birthday's month) in
 * arrays by member, and evaluates a condition on each distinct value once.
 * A condition it does not evaluate itself is compiled alone and run in
 * SQL (pt_segment_compile () decides what it means), giving a bit set; the
 * groups combine the bit sets. The copy is made again after any change
 * to the database.
 *
 * Two-valued logic on bits is exact here: the compiled SQL treats a
 * condition that is NULL as false at every level ("not" is NOT coalesce
 * (…, 0)), and so do the bits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-private.h"
#include "pt-store-purchase-window.h"

#define FACTS_KEY "pt-member-facts"

enum
{
  TEXT_CITY,
  TEXT_GENDER,
  TEXT_HOME_BRANCH,
  TEXT_STATUS,
  TEXT_TAGS,
  N_TEXT
};

static const char * const text_fields[N_TEXT] = { "city", "gender", "home_branch", "status", "tags" };

typedef struct
{
  gint64      data_version;
  gint64      total_changes;
  guint       n;
  gint64     *rids;            /* ascending */
  guint32    *codes[N_TEXT];   /* 0: NULL, else 1 + index in values */
  GPtrArray  *values[N_TEXT];  /* distinct texts; city folded as NOCASE */
  gint64     *consent;
  gint64     *points;
  /* The compiled SQL's own expression of the birthday's month, evaluated
   * by SQLite when the copy is made; NULL (no birthday) is
   * BIRTH_MONTH_NONE. */
  gint64     *birth_month;
} Facts;

#define BIRTH_MONTH_NONE G_MININT64

typedef struct
{
  guint64 *words;
  guint    n;
} Bits;

static void
facts_free (gpointer data)
{
  Facts *facts = data;

  g_free (facts->rids);
  for (guint i = 0; i < N_TEXT; i++)
    {
      g_free (facts->codes[i]);
      g_clear_pointer (&facts->values[i], g_ptr_array_unref);
    }
  g_free (facts->consent);
  g_free (facts->points);
  g_free (facts->birth_month);
  g_free (facts);
}

gboolean
pt_store_read_versions (PtStore  *self,
                        gint64   *data_version,
                        gint64   *total_changes,
                        GError  **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "PRAGMA data_version", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return pt_store_set_db_error (self, error, _("counting a segment"));
    }
  *data_version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  *total_changes = sqlite3_total_changes64 (pt_store_get_db (self));
  return TRUE;
}

/* The NOCASE collation folds ASCII letters only. */
static char *
fold_nocase (const char *text)
{
  return text != NULL ? g_ascii_strdown (text, -1) : NULL;
}

static guint32
intern (GHashTable *codes,
        GPtrArray  *values,
        const char *text)
{
  gpointer code;

  if (text == NULL)
    return 0;
  if (g_hash_table_lookup_extended (codes, text, NULL, &code))
    return GPOINTER_TO_UINT (code);
  g_ptr_array_add (values, g_strdup (text));
  g_hash_table_insert (codes, values->pdata[values->len - 1], GUINT_TO_POINTER (values->len));
  return values->len;
}

static Facts *
facts_new (PtStore  *self,
           GError  **error)
{
  Facts *facts = g_new0 (Facts, 1);
  GHashTable *codes[N_TEXT];
  sqlite3_stmt *stmt;
  gint64 count = 0;
  guint i = 0;
  int rc;

  if (!pt_store_read_versions (self, &facts->data_version, &facts->total_changes, error) ||
      (stmt = pt_store_prepare (self, "SELECT count(*) FROM members WHERE deleted = 0", error)) == NULL)
    {
      facts_free (facts);
      return NULL;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  stmt = pt_store_prepare (self,
                           "SELECT rid, city, gender, home_branch, status, tags, marketing_consent,"
                           " points_balance, (CASE WHEN length (members.birthday) = 10"
                           " THEN CAST (substr (members.birthday, 6, 2) AS INTEGER) END)"
                           " FROM members WHERE deleted = 0 ORDER BY rid", error);
  if (stmt == NULL)
    {
      facts_free (facts);
      return NULL;
    }
  facts->rids = g_new (gint64, MAX (count, 1));
  facts->consent = g_new (gint64, MAX (count, 1));
  facts->points = g_new (gint64, MAX (count, 1));
  facts->birth_month = g_new (gint64, MAX (count, 1));
  for (guint f = 0; f < N_TEXT; f++)
    {
      facts->codes[f] = g_new (guint32, MAX (count, 1));
      facts->values[f] = g_ptr_array_new_with_free_func (g_free);
      codes[f] = g_hash_table_new (g_str_hash, g_str_equal);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && i < count)
    {
      facts->rids[i] = sqlite3_column_int64 (stmt, 0);
      for (guint f = 0; f < N_TEXT; f++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 1 + f);

          if (f == TEXT_CITY && text != NULL)
            {
              g_autofree char *folded = fold_nocase (text);

              facts->codes[f][i] = intern (codes[f], facts->values[f], folded);
            }
          else
            facts->codes[f][i] = intern (codes[f], facts->values[f], text);
        }
      facts->consent[i] = sqlite3_column_int64 (stmt, 6);
      facts->points[i] = sqlite3_column_int64 (stmt, 7);
      facts->birth_month[i] = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? BIRTH_MONTH_NONE
                                                                           : sqlite3_column_int64 (stmt, 8);
      i++;
    }
  sqlite3_reset (stmt);
  for (guint f = 0; f < N_TEXT; f++)
    g_hash_table_unref (codes[f]);
  facts->n = i;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      facts_free (facts);
      pt_store_set_db_error (self, error, _("counting a segment"));
      return NULL;
    }
  return facts;
}

/* The copy of the profile fields, made again when the database changed. */
static Facts *
get_facts (PtStore  *self,
           GError  **error)
{
  Facts *facts = g_object_get_data (G_OBJECT (self), FACTS_KEY);
  gint64 data_version, total_changes;

  if (!pt_store_read_versions (self, &data_version, &total_changes, error))
    return NULL;
  if (facts != NULL && facts->data_version == data_version && facts->total_changes == total_changes)
    return facts;
  g_object_set_data (G_OBJECT (self), FACTS_KEY, NULL);
  facts = facts_new (self, error);
  if (facts != NULL)
    g_object_set_data_full (G_OBJECT (self), FACTS_KEY, facts, facts_free);
  return facts;
}

/* ------------------------------------------------------------------ bits */

static Bits
bits_new (guint    n,
          gboolean set)
{
  Bits bits = { g_new0 (guint64, (n + 63) / 64 + 1), n };

  if (set)
    {
      for (guint w = 0; w < n / 64; w++)
        bits.words[w] = G_MAXUINT64;
      if (n % 64 != 0)
        bits.words[n / 64] = (G_GUINT64_CONSTANT (1) << (n % 64)) - 1;
    }
  return bits;
}

static void
bits_clear (Bits *bits)
{
  g_clear_pointer (&bits->words, g_free);
}

static void
bits_set (Bits  *bits,
          guint  i)
{
  bits->words[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
}

static void
bits_not (Bits *bits)
{
  Bits all = bits_new (bits->n, TRUE);

  for (guint w = 0; w < (bits->n + 63) / 64; w++)
    bits->words[w] = ~bits->words[w] & all.words[w];
  bits_clear (&all);
}

static gint64
bits_count (const Bits *bits)
{
  gint64 count = 0;

  for (guint w = 0; w < (bits->n + 63) / 64; w++)
    count += __builtin_popcountll (bits->words[w]);
  return count;
}

/* ------------------------------------------------------------ conditions */

static gboolean
text_matches (guint        field,
              const char  *op,
              const char  *value,
              GPtrArray   *params)
{
  if (g_str_equal (op, "!="))
    {
      /* coalesce (x, '') <> ?: a member with no city is not in 杭州. */
      const char *param = g_variant_get_string (params->pdata[0], NULL);
      g_autofree char *wanted = field == TEXT_CITY ? fold_nocase (param) : g_strdup (param);

      return strcmp (value != NULL ? value : "", wanted) != 0;
    }
  if (value == NULL)
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    {
      const char *param = g_variant_get_string (params->pdata[i], NULL);

      if (field == TEXT_TAGS)
        {
          if (pt_store_tags_have (value, param))
            return TRUE;
        }
      else if (field == TEXT_CITY)
        {
          g_autofree char *wanted = fold_nocase (param);

          if (strcmp (value, wanted) == 0)
            return TRUE;
        }
      else if (strcmp (value, param) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Position of the member @rid in the copy, or -1 (deleted). */
static gint64
position_of (const Facts *facts,
             gint64       rid)
{
  guint low = 0, high = facts->n;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (facts->rids[mid] < rid)
        low = mid + 1;
      else
        high = mid;
    }
  return low < facts->n && facts->rids[low] == rid ? (gint64) low : -1;
}

/* The members for whom a compiled condition holds, by SQL. A condition
 * that reads only members.id (a set of members by their purchases) runs
 * over the narrow index of member ids instead of the table; deleted
 * members are then left out by the copy, which has none. */
static gboolean
sql_condition (PtStore         *self,
               const Facts     *facts,
               PtSegmentQuery  *query,
               gboolean         id_only,
               Bits            *bits,
               GError         **error)
{
  g_autofree char *sql = g_strconcat ("SELECT members.rid FROM members WHERE ",
                                      id_only ? "" : "members.deleted = 0 AND ",
                                      "(", query->where, ")", NULL);
  sqlite3_stmt *stmt = NULL;
  guint position = 0;
  int rc;

  if (sqlite3_prepare_v2 (pt_store_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    return pt_store_set_db_error (self, error, _("preparing a segment"));
  if (!pt_store_bind_segment_params (self, stmt, query->params, error))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rid = sqlite3_column_int64 (stmt, 0);
      gint64 found;

      /* Rows often come in rowid order: try the next position first. */
      if (position < facts->n && facts->rids[position] == rid)
        {
          bits_set (bits, position++);
          continue;
        }
      found = position_of (facts, rid);
      if (found >= 0)
        {
          bits_set (bits, (guint) found);
          position = (guint) found + 1;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("counting a segment"));
  return TRUE;
}

/* Windowed spend or purchases: the members of the set, from the copy of
 * the window's purchases (pt-store-purchase-window.c), marked by their
 * row numbers. */
static gboolean
member_set_condition (PtStore      *self,
                      const Facts  *facts,
                      GVariant     *spec,
                      Bits         *bits,
                      GError      **error)
{
  g_autoptr(GArray) rids = pt_store_purchase_window_rids (self, spec, error);
  gboolean invert = FALSE;
  guint position = 0;

  if (rids == NULL)
    return FALSE;
  g_variant_get_child (spec, 1, "b", &invert);
  for (guint i = 0; i < rids->len; i++)
    {
      gint64 rid = g_array_index (rids, gint64, i);
      gint64 found;

      /* Both are in row order: try the next position first. */
      while (position < facts->n && facts->rids[position] < rid)
        position++;
      found = position < facts->n && facts->rids[position] == rid ? (gint64) position : -1;
      if (found >= 0)
        bits_set (bits, (guint) found);
    }
  /* The compiled condition is NOT pt_member_in () of an inverted set. */
  if (invert)
    bits_not (bits);
  return TRUE;
}

static int
text_field_index (const char *name)
{
  for (guint f = 0; f < N_TEXT; f++)
    if (g_str_equal (text_fields[f], name))
      return f;
  return -1;
}

static gboolean evaluate (PtStore      *self,
                          const Facts  *facts,
                          JsonNode     *node,
                          const GDate  *today,
                          Bits         *bits,
                          GError      **error);

static gboolean
evaluate_condition (PtStore      *self,
                    const Facts  *facts,
                    JsonNode     *node,
                    const GDate  *today,
                    Bits         *bits,
                    GError      **error)
{
  JsonObject *object = json_node_get_object (node);
  const char *field = json_object_get_string_member (object, "field");
  const char *op = json_object_get_string_member (object, "op");
  /* The values exactly as the SQL would take them. */
  g_autoptr(PtSegmentQuery) query = pt_segment_compile (node, today, error);
  int text = text_field_index (field);

  if (query == NULL)
    return FALSE;
  if (text >= 0)
    {
      GPtrArray *values = facts->values[text];
      g_autofree gboolean *table = g_new (gboolean, values->len + 1);

      table[0] = text_matches (text, op, NULL, query->params);
      for (guint c = 0; c < values->len; c++)
        table[c + 1] = text_matches (text, op, values->pdata[c], query->params);
      for (guint i = 0; i < facts->n; i++)
        if (table[facts->codes[text][i]])
          bits_set (bits, i);
      return TRUE;
    }
  if (g_str_equal (field, "consent") || g_str_equal (field, "points") ||
      g_str_equal (field, "birthday_month"))
    {
      const gint64 *column = g_str_equal (field, "points") ? facts->points
                           : g_str_equal (field, "consent") ? facts->consent : facts->birth_month;
      g_autofree gint64 *values = g_new (gint64, query->params->len);

      for (guint k = 0; k < query->params->len; k++)
        values[k] = g_variant_get_int64 (query->params->pdata[k]);
      /* A member with no birthday has no month: no comparison holds. */
      for (guint i = 0; i < facts->n; i++)
        if ((column != facts->birth_month || column[i] != BIRTH_MONTH_NONE) &&
            pt_segment_int_holds (op, values, query->params->len, column[i]))
          bits_set (bits, i);
      return TRUE;
    }
  if ((g_str_equal (field, "spend") || g_str_equal (field, "purchases")) && query->params->len == 1 &&
      g_variant_is_of_type (query->params->pdata[0], G_VARIANT_TYPE (PT_SEGMENT_MEMBER_SET_TYPE)))
    return member_set_condition (self, facts, query->params->pdata[0], bits, error);
  /* Days since the last purchase, as the recent buyers (one pass over the
   * window's day index) or everyone else: never a function call for each
   * of a million members. "= n" needs two sets and stays in SQL. */
  if (g_str_equal (field, "days_since_purchase") && query->params->len == 1 &&
      g_variant_is_of_type (query->params->pdata[0], G_VARIANT_TYPE (PT_SEGMENT_MEMBER_SET_TYPE)))
    {
      if (!member_set_condition (self, facts, query->params->pdata[0], bits, error))
        return FALSE;
      if (strstr (query->where, "NOT ") != NULL)
        bits_not (bits);
      return TRUE;
    }
  return sql_condition (self, facts, query, g_str_equal (field, "days_since_purchase"), bits, error);
}

static gboolean
evaluate (PtStore      *self,
          const Facts  *facts,
          JsonNode     *node,
          const GDate  *today,
          Bits         *bits,
          GError      **error)
{
  JsonObject *object = json_node_get_object (node);
  gboolean all = json_object_has_member (object, "all");

  if (json_object_has_member (object, "not"))
    {
      if (!evaluate (self, facts, json_object_get_member (object, "not"), today, bits, error))
        return FALSE;
      bits_not (bits);
      return TRUE;
    }
  if (all || json_object_has_member (object, "any"))
    {
      JsonArray *array = json_object_get_array_member (object, all ? "all" : "any");
      guint n = json_array_get_length (array);

      /* {"all": []} is everyone, {"any": []} nobody. */
      if (all)
        {
          Bits everyone = bits_new (facts->n, TRUE);

          memcpy (bits->words, everyone.words, sizeof (guint64) * ((facts->n + 63) / 64));
          bits_clear (&everyone);
        }
      for (guint i = 0; i < n; i++)
        {
          Bits part = bits_new (facts->n, FALSE);

          if (!evaluate (self, facts, json_array_get_element (array, i), today, &part, error))
            {
              bits_clear (&part);
              return FALSE;
            }
          for (guint w = 0; w < (facts->n + 63) / 64; w++)
            bits->words[w] = all ? bits->words[w] & part.words[w] : bits->words[w] | part.words[w];
          bits_clear (&part);
        }
      return TRUE;
    }
  return evaluate_condition (self, facts, node, today, bits, error);
}

gboolean
pt_store_count_segment (PtStore      *self,
                        JsonNode     *rules,
                        const GDate  *today,
                        gint64       *count,
                        GError      **error)
{
  g_autoptr(PtSegmentQuery) query = NULL;
  Facts *facts;
  Bits bits;
  gboolean ok;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  /* The whole rule is checked first: errors name its paths. */
  query = pt_segment_compile (rules, today, error);
  if (query == NULL)
    return FALSE;
  facts = get_facts (self, error);
  if (facts == NULL)
    return FALSE;
  bits = bits_new (facts->n, FALSE);
  ok = evaluate (self, facts, rules, today, &bits, error);
  if (ok)
    *count = bits_count (&bits);
  bits_clear (&bits);
  return ok;
}
