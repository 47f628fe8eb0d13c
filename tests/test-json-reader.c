/* test-json-reader.c — the strict JSON reader the bulk paths use agrees
 * with json-glib on every string and refuses what is not JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-json-reader.h"

/* Reads a whole document that is one string. */
static gboolean
read_one_string (const char *text,
                 GString    *out)
{
  PtJsonReader reader;

  pt_json_reader_init (&reader, text, strlen (text));
  return pt_json_reader_string (&reader, out) && pt_json_reader_at_end (&reader);
}

static gboolean
skips_whole (const char *text)
{
  PtJsonReader reader;

  pt_json_reader_init (&reader, text, strlen (text));
  return pt_json_reader_skip (&reader, NULL, NULL) && pt_json_reader_at_end (&reader);
}

/* Every naughty string, written by json-glib, reads back the same; the
 * file itself is one valid document. */
static void
test_blns_round_trip (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  JsonArray *strings;
  gsize length;
  guint checked = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, contents, length, &error));
  g_assert_no_error (error);

  {
    PtJsonReader reader;
    const char *from = NULL, *to = NULL;

    pt_json_reader_init (&reader, contents, length);
    g_assert_true (pt_json_reader_skip (&reader, &from, &to));
    g_assert_true (pt_json_reader_at_end (&reader));
    g_assert_true (*from == '[' && to[-1] == ']');
  }

  strings = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *value = json_array_get_string_element (strings, i);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
      g_autofree char *encoded = NULL;

      json_node_set_string (node, value);
      encoded = json_to_string (node, FALSE);
      g_assert_true (read_one_string (encoded, out));
      g_assert_cmpstr (out->str, ==, value);
      checked++;
    }
  g_assert_cmpuint (checked, >, 400);
}

static void
test_escapes (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (read_one_string ("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\u4e2d\"", out));
  g_assert_cmpstr (out->str, ==, "a\"b\\c/d\n\té中");
  g_assert_true (read_one_string ("\"\\ud83d\\ude00\"", out));
  g_assert_cmpstr (out->str, ==, "😀");
  /* What json-glib 1.6 writes for U+001F. */
  g_assert_true (read_one_string ("\"a\x1f\"", out));
  g_assert_cmpstr (out->str, ==, "a\x1f");
  g_assert_true (read_one_string (" \"\" ", out));
  g_assert_cmpstr (out->str, ==, "");
}

/* JSON text carried as a string (an audit entry's changes): a run of
 * text between each escape, read as json-glib reads it, into a buffer
 * that held a longer string before. */
static void
test_text_in_string (void)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autoptr(GString) out = g_string_new ("a string longer than the next one to be read here");
  g_autoptr(GString) inner = g_string_new ("{");
  g_autofree char *encoded = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (inner, "%s\"name %u\":\"王芳 \\ %u 😀\"", i ? "," : "", i, i);
  g_string_append_c (inner, '}');
  json_node_set_string (node, inner->str);
  encoded = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (encoded, "\\\""));
  g_assert_true (read_one_string (encoded, out));
  g_assert_cmpuint (out->len, ==, inner->len);
  g_assert_cmpstr (out->str, ==, inner->str);
  g_assert_true (skips_whole (encoded));

  g_assert_true (read_one_string ("\"short\"", out));
  g_assert_cmpuint (out->len, ==, 5);
  g_assert_cmpstr (out->str, ==, "short");
}

/* Reads @text (@length bytes, NULs and all) as one string document. */
static gboolean
read_bytes (const char *text,
            gsize       length,
            GString    *out)
{
  PtJsonReader reader;

  pt_json_reader_init (&reader, text, length);
  return pt_json_reader_string (&reader, out) && pt_json_reader_at_end (&reader);
}

static gboolean
skip_bytes (const char *text,
            gsize       length)
{
  PtJsonReader reader;

  pt_json_reader_init (&reader, text, length);
  return pt_json_reader_skip (&reader, NULL, NULL) && pt_json_reader_at_end (&reader);
}

/* Plain bytes are passed many at a time: an escape, a character of
 * several bytes, a bad byte or a NUL is found wherever it stands in a
 * string of any length, not only where a group of bytes begins. */
static void
test_every_position (void)
{
  static const struct
  {
    const char *inside;   /* as written in the JSON text */
    const char *read;     /* as read, NULL: refused */
  } cases[] = {
    { "\\\"", "\"" },
    { "\\\\", "\\" },
    { "\\u00e9", "é" },
    { "é", "é" },
    { "中", "中" },
    { "😀", "😀" },
    { "\x1f", "\x1f" },
    { "\xff", NULL },
    { "\xc3", NULL },
    { "\xe4\xb8", NULL },
    { "\"", NULL },
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (guint length = 1; length <= 40; length++)
      for (guint at = 0; at < length; at++)
        {
          g_autoptr(GString) text = g_string_new ("\"");
          g_autoptr(GString) want = g_string_new (NULL);
          gboolean read;

          for (guint i = 0; i < length; i++)
            {
              g_string_append (text, i == at ? cases[c].inside : "a");
              g_string_append (want, i == at && cases[c].read != NULL ? cases[c].read : "a");
            }
          g_string_append_c (text, '"');
          read = read_bytes (text->str, text->len, out);
          g_assert_cmpint (read, ==, cases[c].read != NULL);
          g_assert_cmpint (skip_bytes (text->str, text->len), ==, read);
          if (read)
            g_assert_cmpstr (out->str, ==, want->str);

          /* A NUL in place of the character, inside the text's length. */
          text->str[1 + at] = '\0';
          g_assert_false (read_bytes (text->str, text->len, out));
          g_assert_false (skip_bytes (text->str, text->len));
        }
  /* Unterminated at every length: the end is found, not read past. */
  for (guint length = 0; length <= 40; length++)
    {
      g_autofree char *text = g_strnfill (length + 1, 'a');

      text[0] = '"';
      g_assert_false (read_bytes (text, length + 1, out));
      g_assert_false (skip_bytes (text, length + 1));
    }
}

static void
test_refuses (void)
{
  const char * const bad_strings[] = {
    "\"unterminated", "\"bad \\x escape\"", "\"lone \\ud83d surrogate\"", "\"lone \\ude00\"",
    "\"nul \\u0000\"", "\"short \\u12\"", "\"bad utf8 \xff\xfe\"",
    "\"\xc3\x28 bad UTF-8 first\"", "\"a string with a bad byte \xff in the middle of it\"",
    "\"a\" trailing", "'single'", "",
  };
  const char * const bad_values[] = {
    "01", "1.", "-", "1e", "+1", "tru", "nul", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]",
    "{1:2}", "[", "{\"a\":[}", "NaN", "[1]]",
    /* Read as a tree, these are refused: skipped, too. */
    "99999999999999999999", "[-9223372036854775809]",
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_strings); i++)
    {
      /* A string skipped is checked as one read, as a value and as a
       * key: the decoder keeps a payload's text whole, unread. */
      g_autofree char *as_value = g_strdup_printf ("{\"k\": %s}", bad_strings[i]);
      g_autofree char *as_key = g_strdup_printf ("{%s: 1}", bad_strings[i]);

      g_assert_false (read_one_string (bad_strings[i], out));
      g_assert_false (skips_whole (bad_strings[i]));
      g_assert_false (skips_whole (as_value));
      g_assert_false (skips_whole (as_key));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    g_assert_false (skips_whole (bad_values[i]));

  /* A NUL byte inside a string the text's length holds. */
  {
    static const char with_nul[] = "\"abcdefghij\0klmnopqrstuvwxyz\"";
    PtJsonReader reader;

    pt_json_reader_init (&reader, with_nul, sizeof with_nul - 1);
    g_assert_false (pt_json_reader_string (&reader, out));
    pt_json_reader_init (&reader, with_nul, sizeof with_nul - 1);
    g_assert_false (pt_json_reader_skip (&reader, NULL, NULL));
  }

  /* Nesting is bounded: no stack overflow from a hostile page. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (skips_whole (deep->str));
}

static void
test_values (void)
{
  const char *text = "{\"n\": -12, \"t\": true, \"f\": false, \"z\": null, "
                     "\"x\": [1.5e3, {\"k\": \"v\"}, []], \"big\": 99999999999999999999}";
  g_autoptr(GString) key = g_string_new (NULL);
  PtJsonReader reader;
  gboolean first = TRUE;
  gboolean flag = FALSE;
  gint64 number = 0;
  const char *from, *to;

  /* Skipped whole but for its last member, which no reading takes. */
  g_assert_false (skips_whole (text));
  {
    g_autofree char *head = g_strndup (text, strstr (text, ", \"big\"") - text);
    g_autofree char *fits = g_strconcat (head, ", \"big\": 9223372036854775807}", NULL);

    g_assert_true (skips_whole (fits));
  }
  pt_json_reader_init (&reader, text, strlen (text));
  g_assert_true (pt_json_reader_expect (&reader, '{'));
  g_assert_true (pt_json_reader_next (&reader, '}', &first));
  g_assert_true (pt_json_reader_key (&reader, key));
  g_assert_cmpstr (key->str, ==, "n");
  g_assert_true (pt_json_reader_int (&reader, &number));
  g_assert_cmpint (number, ==, -12);
  g_assert_true (pt_json_reader_next (&reader, '}', &first));
  g_assert_true (pt_json_reader_key (&reader, key) && pt_json_reader_boolean (&reader, &flag));
  g_assert_true (flag);
  g_assert_true (pt_json_reader_next (&reader, '}', &first));
  g_assert_true (pt_json_reader_key (&reader, key) && pt_json_reader_boolean (&reader, &flag));
  g_assert_false (flag);
  g_assert_true (pt_json_reader_next (&reader, '}', &first));
  g_assert_true (pt_json_reader_key (&reader, key) && pt_json_reader_null (&reader));
  g_assert_true (pt_json_reader_next (&reader, '}', &first));
  g_assert_true (pt_json_reader_key (&reader, key));
  g_assert_true (pt_json_reader_skip (&reader, &from, &to));
  g_assert_cmpint (to - from, ==, strlen ("[1.5e3, {\"k\": \"v\"}, []]"));
  g_assert_true (pt_json_reader_next (&reader, '}', &first));
  g_assert_true (pt_json_reader_key (&reader, key));
  /* Too big for 64 bits: refused, not wrapped. */
  g_assert_false (pt_json_reader_int (&reader, &number));
  g_assert_true (reader.failed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-reader/blns-round-trip", test_blns_round_trip);
  g_test_add_func ("/json-reader/escapes", test_escapes);
  g_test_add_func ("/json-reader/text-in-string", test_text_in_string);
  g_test_add_func ("/json-reader/every-position", test_every_position);
  g_test_add_func ("/json-reader/refuses", test_refuses);
  g_test_add_func ("/json-reader/values", test_values);

  return g_test_run ();
}
