/* pt-store-member-search.c — the members' search index and finding
 * members by number, name, phone or e-mail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-members"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-validation.h"

/* Marks a two-character piece of a name in the "grams" column (a private
 * use character, U+E000). */
#define GRAM_MARK "\xee\x80\x80"

static char *
name_grams (const char *name)
{
  GString *grams = g_string_new (NULL);
  const char *p = name;

  while (*p)
    {
      const char *next = g_utf8_next_char (p);
      gunichar a = g_utf8_get_char (p);

      if (*next == '\0')
        break;
      if (!g_unichar_isspace (a) && !g_unichar_isspace (g_utf8_get_char (next)))
        {
          g_string_append (grams, GRAM_MARK);
          g_string_append_len (grams, p, g_utf8_next_char (next) - p);
        }
      p = next;
    }

  return g_string_free (grams, FALSE);
}

gboolean
pt_store_index_search_row (PtStore        *self,
                           sqlite3_int64   rid,
                           const char     *number,
                           const char     *name,
                           const char     *phone,
                           const char     *email,
                           gboolean        deleted,
                           gboolean        from_backlog,
                           GError        **error)
{
  g_autofree char *digits = pt_phone_digits (phone);
  g_autofree char *body = NULL;
  g_autofree char *grams = NULL;
  sqlite3_stmt *stmt;

  /* A member in the backlog has no row in the index yet; one indexed
   * here leaves the backlog, so that stays true. */
  if (!from_backlog)
    {
      stmt = pt_store_prepare (self, "DELETE FROM member_search WHERE rowid = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rid);
      if (!pt_store_step_done (self, stmt, error))
        return FALSE;
      stmt = pt_store_prepare (self, "DELETE FROM search_backlog WHERE rid = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rid);
      if (!pt_store_step_done (self, stmt, error))
        return FALSE;
    }

  if (deleted)
    return TRUE;

  /* The phone as typed and as digits, unless they are the same. */
  body = g_strjoin (" ", number ? number : "", name ? name : "", phone ? phone : "",
                    g_strcmp0 (digits, phone) != 0 && digits ? digits : "",
                    email ? email : "", NULL);
  grams = name_grams (name ? name : "");

  stmt = pt_store_prepare (self, "INSERT INTO member_search (rowid, body, grams) VALUES (?1, ?2, ?3)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rid);
  pt_store_bind_text (stmt, 2, body);
  pt_store_bind_text (stmt, 3, grams);
  return pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_index_member (PtStore        *self,
                       sqlite3_int64   rid,
                       PtMember       *member,
                       GError        **error)
{
  return pt_store_index_search_row (self, rid, pt_member_get_number (member),
                                    pt_member_get_name (member), pt_member_get_phone (member),
                                    pt_member_get_email (member), pt_member_get_deleted (member),
                                    FALSE, error);
}

static void
append_phrase (GString    *query,
               const char *column,
               const char *prefix,
               const char *token)
{
  if (query->len > 0)
    g_string_append (query, " AND ");
  g_string_append_printf (query, "%s : \"%s", column, prefix);
  for (const char *p = token; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *p);
    }
  g_string_append_c (query, '"');
}

/* Digits with the separators people type in phone numbers, and nothing
 * else. */
static gboolean
is_phone_like (const char *token,
               gboolean   *has_separator)
{
  gboolean digit = FALSE;

  for (const char *p = token; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (strchr ("-().+", *p) != NULL)
        *has_separator = TRUE;
      else
        return FALSE;
    }
  return digit;
}

/* Phones are indexed as digits (issue 15), so a query typed like a phone
 * number, "138 0013", "(0571) 8888" or "+44 20 7946", is looked for as
 * its digits in one run; a phone-like word among others, "王 138-0013",
 * as that word's digits. */
static char *
phone_words_as_digits (const char *text)
{
  g_auto(GStrv) tokens = g_strsplit_set (text, " \t\r\n", -1);
  gboolean all_phone = TRUE;
  guint n_words = 0;
  gboolean separator = FALSE;

  for (guint i = 0; tokens[i] != NULL; i++)
    if (*tokens[i] != '\0')
      {
        n_words++;
        all_phone = all_phone && is_phone_like (tokens[i], &separator);
      }
  if (all_phone && (n_words > 1 || separator))
    return pt_phone_digits (text);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      gboolean has_separator = FALSE;

      if (is_phone_like (tokens[i], &has_separator) && has_separator)
        {
          char *digits = pt_phone_digits (tokens[i]);

          g_free (tokens[i]);
          tokens[i] = digits;
        }
    }

  return g_strjoinv (" ", tokens);
}

static char *
build_match (const char  *text,
             char       **single_char)
{
  g_auto(GStrv) tokens = g_strsplit_set (text, " \t\r\n", -1);
  GString *query = g_string_new (NULL);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (tokens[i], -1);

      if (len >= 3)
        append_phrase (query, "body", "", tokens[i]);
      else if (len == 2)
        append_phrase (query, "grams", GRAM_MARK, tokens[i]);
      else if (len == 1 && *single_char == NULL)
        *single_char = g_strdup (tokens[i]);
    }

  return g_string_free (query, FALSE);
}

static void
add_unique (GPtrArray  *results,
            GHashTable *seen,
            GPtrArray  *found,
            guint       limit)
{
  for (guint i = 0; i < found->len && results->len < limit; i++)
    {
      PtMember *member = g_ptr_array_index (found, i);

      if (g_hash_table_add (seen, g_strdup (pt_member_get_id (member))))
        g_ptr_array_add (results, g_object_ref (member));
    }
}

static gboolean
run_search_query (PtStore     *self,
                  const char  *sql,
                  const char  *arg1,
                  const char  *arg2,
                  guint        limit,
                  GPtrArray   *results,
                  GHashTable  *seen,
                  GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  if (results->len >= limit)
    return TRUE;

  stmt = pt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, arg1);
  pt_store_bind_text (stmt, 2, arg2);
  sqlite3_bind_int64 (stmt, 3, limit);

  found = pt_store_collect_members (self, stmt, error);
  if (found == NULL)
    return FALSE;
  add_unique (results, seen, found, limit);
  return TRUE;
}

static gboolean
has_search_backlog (PtStore *self)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT 1 FROM search_backlog LIMIT 1", NULL);
  gboolean any;

  if (stmt == NULL)
    return FALSE;
  any = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return any;
}

GPtrArray *
pt_store_search_members (PtStore     *self,
                         const char  *text,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *query = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *single_char = NULL;
  g_autofree char *match = NULL;
  g_autofree char *words = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  if (*query == '\0' || !g_utf8_validate (query, -1, NULL))
    return g_steal_pointer (&results);

  /* A scanned card or a typed number or exact name first. */
  if (!run_search_query (self,
                         "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                         " WHERE number IN (" PT_STORE_NUMBER_ANY_CASE ") AND deleted = 0 AND ?2 IS NULL"
                         " LIMIT ?3",
                         query, NULL, limit, results, seen, error) ||
      /* The number or card of a member merged into another. */
      !run_search_query (self,
                         "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                         " WHERE id IN (SELECT survivor_id FROM member_merges"
                         "              WHERE other_number IN (" PT_STORE_NUMBER_ANY_CASE "))"
                         " AND deleted = 0 AND ?2 IS NULL LIMIT ?3",
                         query, NULL, limit, results, seen, error) ||
      !run_search_query (self,
                         "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                         " WHERE name = ?1 COLLATE NOCASE AND deleted = 0 AND ?2 IS NULL"
                         " ORDER BY name COLLATE NOCASE, rid LIMIT ?3",
                         query, NULL, limit, results, seen, error))
    return NULL;

  words = phone_words_as_digits (query);
  match = build_match (words, &single_char);
  if (*match != '\0')
    {
      if (!run_search_query (self,
                             "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                             " JOIN (SELECT rowid AS hit FROM member_search"
                             "       WHERE member_search MATCH ?1 LIMIT ?3) ON rid = hit"
                             " WHERE deleted = 0 AND ?2 IS NULL",
                             match, NULL, limit, results, seen, error))
        return NULL;
    }
  else if (single_char != NULL)
    {
      /* One character: names that start with it, through the name index. */
      g_autofree char *upper = g_strconcat (single_char, "\xf4\x8f\xbf\xbf", NULL);

      if (!run_search_query (self,
                             "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                             " WHERE deleted = 0 AND name >= ?1 COLLATE NOCASE"
                             " AND name < ?2 COLLATE NOCASE ORDER BY name COLLATE NOCASE, rid"
                             " LIMIT ?3",
                             single_char, upper, limit, results, seen, error))
        return NULL;
    }

  /* Members a snapshot loaded that the index has yet to take in. */
  if (has_search_backlog (self) &&
      !run_search_query (self,
                         "SELECT " PT_STORE_MEMBER_COLUMNS " FROM members"
                         " WHERE rid IN (SELECT rid FROM search_backlog) AND deleted = 0"
                         " AND pt_search_match (number, members.name, phone, email, ?1)"
                         " AND ?2 IS NULL LIMIT ?3",
                         words, NULL, limit, results, seen, error))
    return NULL;

  return g_steal_pointer (&results);
}
