/* test-json.c — pt_json reads what JsonParser reads, refuses what is not
 * JSON, and writes text both read back unchanged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-json.h"

/* JsonGenerator's text of @node, as the reference to compare with. */
static char *
reference_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static char *
json_glib_round_trip (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return reference_text (json_parser_get_root (parser));
}

static void
test_same_as_json_glib (void)
{
  const char *documents[] = {
    "{}",
    "[]",
    "  {\"a\" : 1 , \"b\":[true,false,null], \"c\": {\"d\": \"e\"}}\n",
    "{\"n\":-0,\"m\":9223372036854775807,\"o\":-9223372036854775808,\"p\":0}",
    "{\"x\":1.5,\"y\":-2.25e3,\"z\":1E-2,\"w\":0.0}",
    "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u0041\\u00e9\\u4e2d\\ud83c\\udf89\"]",
    "{\"name\":\"王芳 Anna Müller 🎉\",\"phone\":\"138 0000 0000\"}",
    "{\"a\":1,\"a\":2}",
    "[[[[[[[[[[1]]]]]]]]]]",
    "\"just a string\"",
    "42",
    "{\"left\":{\"fields\":{\"a\":\"b\"},\"stamps\":{}},\"right\":{}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) ours = pt_json_parse (documents[i], -1, &error);
      g_autofree char *expected = json_glib_round_trip (documents[i]);
      g_autofree char *got = NULL;
      g_autoptr(GString) written = g_string_new (NULL);
      g_autofree char *again = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (ours);
      got = reference_text (ours);
      g_assert_cmpstr (got, ==, expected);

      /* Our writer's text reads back to the same value. */
      pt_json_append_node (written, ours);
      again = json_glib_round_trip (written->str);
      g_assert_cmpstr (again, ==, expected);
    }
}

/* The exact text written for a string: every escape, control characters
 * as \u00XX, the rest (DEL, UTF-8) as it is; long and empty strings. */
static void
test_string_text (void)
{
  static const struct
  {
    const char *value;
    const char *text;
  } cases[] = {
    { "", "\"\"" },
    { "plain", "\"plain\"" },
    { "\"\\\b\f\n\r\t", "\"\\\"\\\\\\b\\f\\n\\r\\t\"" },
    { "\x01" "a\x1f\x7f/", "\"\\u0001a\\u001f\x7f/\"" },
    { "王芳 🎉\x02\x03\x04", "\"王芳 🎉\\u0002\\u0003\\u0004\"" },
  };
  g_autoptr(GString) out = g_string_new ("[");
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new ("\"");
  g_autoptr(GString) written = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) one = g_string_new (NULL);

      pt_json_append_string (one, cases[i].value);
      g_assert_cmpstr (one->str, ==, cases[i].text);
      /* Appended after other text, as into an object. */
      pt_json_append_string (out, cases[i].value);
      g_string_append_c (out, ',');
    }
  g_assert_cmpstr (out->str, ==, "[\"\",\"plain\","
                   "\"\\\"\\\\\\b\\f\\n\\r\\t\",\"\\u0001a\\u001f\x7f/\","
                   "\"王芳 🎉\\u0002\\u0003\\u0004\",");

  /* Nothing but control characters: the longest escape, many times. */
  for (guint i = 0; i < 5000; i++)
    {
      g_string_append_c (many, (char) (1 + i % 31));
      g_string_append_printf (expected, "%s", (1 + i % 31) == '\b' ? "\\b"
                              : (1 + i % 31) == '\f' ? "\\f" : (1 + i % 31) == '\n' ? "\\n"
                              : (1 + i % 31) == '\r' ? "\\r" : (1 + i % 31) == '\t' ? "\\t" : "");
      if (strchr ("\b\f\n\r\t", 1 + i % 31) == NULL)
        g_string_append_printf (expected, "\\u%04x", 1 + i % 31);
    }
  g_string_append_c (expected, '"');
  pt_json_append_string (written, many->str);
  g_assert_cmpstr (written->str, ==, expected->str);
}

/* Plain bytes are written many at a time: a character to escape, or one
 * of several bytes, is written right wherever it stands in a string of
 * any length, after text already in the buffer. */
static void
test_string_every_position (void)
{
  static const struct
  {
    const char *value;
    const char *text;
  } cases[] = {
    { "\"", "\\\"" }, { "\\", "\\\\" }, { "\n", "\\n" }, { "\x01", "\\u0001" },
    { "\x1f", "\\u001f" }, { " ", " " }, { "\x7f", "\x7f" }, { "é", "é" }, { "😀", "😀" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (guint length = 1; length <= 40; length++)
      for (guint at = 0; at < length; at++)
        {
          g_autoptr(GString) value = g_string_new (NULL);
          g_autoptr(GString) expected = g_string_new ("[\"");
          g_autoptr(GString) out = g_string_new ("[");

          for (guint i = 0; i < length; i++)
            {
              g_string_append (value, i == at ? cases[c].value : "b");
              g_string_append (expected, i == at ? cases[c].text : "b");
            }
          g_string_append_c (expected, '"');
          pt_json_append_string (out, value->str);
          g_assert_cmpstr (out->str, ==, expected->str);
        }
}

static void
test_types (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object =
    pt_json_parse_object ("{\"i\": 7, \"d\": 7.0, \"s\": \"7\", \"b\": true, \"n\": null}", -1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "i")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (object, "i"), ==, 7);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "d")), ==, G_TYPE_DOUBLE);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "s")), ==, G_TYPE_STRING);
  g_assert_true (json_object_get_boolean_member (object, "b"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "n")));

  g_assert_null (pt_json_parse_object ("[1]", -1, &error));
  g_assert_no_error (error);
}

static void
test_refuses (void)
{
  const char *bad[] = {
    "", "   ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "[1 2]",
    "01", "1.", ".5", "1e", "-", "+1", "0x10", "1 2", "{} x", "tru", "nul", "NaN", "Infinity",
    "\"abc", "\"\\u0000\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
    "\"\xff\"", "\"\xc3\"", "[1] // comment", "/* c */ 1", "99999999999999999999",
    "{\"a\":1}\x01",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = pt_json_parse (bad[i], -1, &error);

      if (node != NULL)
        g_error ("case %u: “%s” was read", i, bad[i]);
      g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "at byte"));
    }

  /* Deep nesting is refused, not a stack overflow. */
  {
    g_autoptr(GString) deep = g_string_new (NULL);
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    g_assert_null (pt_json_parse (deep->str, -1, &error));
    g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  }

  /* A length shorter than the text: only that much is read. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = pt_json_parse ("[1]garbage", 3, &error);

    g_assert_no_error (error);
    g_assert_nonnull (node);
  }
}

/* Every naughty string survives our writer and our reader, and json-glib
 * reads our text the same. */
static void
test_naughty_strings (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *strings;

  if (!g_file_get_contents (path, &data, &length, NULL))
    {
      g_test_skip ("blns.json not found");
      return;
    }
  root = pt_json_parse (data, length, &error);
  g_assert_no_error (error);
  {
    g_autofree char *expected = json_glib_round_trip (data);
    g_autofree char *got = reference_text (root);

    g_assert_cmpstr (got, ==, expected);
  }

  strings = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *value = json_array_get_string_element (strings, i);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autofree char *text = NULL;
      g_autoptr(JsonObject) ours = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_object_set_string_member (object, "notes", value);
      text = pt_json_object_to_text (object);
      ours = pt_json_parse_object (text, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (ours, "notes"), ==, value);
      g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                      "notes"), ==, value);
    }
}

static void
test_writes_in_order (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;

  json_object_set_string_member (object, "z", "1");
  json_object_set_int_member (object, "a", -3);
  json_object_set_boolean_member (object, "m", FALSE);
  json_object_set_null_member (object, "b");
  json_object_set_double_member (object, "d", 2);
  text = pt_json_object_to_text (object);
  g_assert_cmpstr (text, ==, "{\"z\":\"1\",\"a\":-3,\"m\":false,\"b\":null,\"d\":2.0}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/same-as-json-glib", test_same_as_json_glib);
  g_test_add_func ("/json/string-text", test_string_text);
  g_test_add_func ("/json/string-every-position", test_string_every_position);
  g_test_add_func ("/json/types", test_types);
  g_test_add_func ("/json/refuses", test_refuses);
  g_test_add_func ("/json/naughty-strings", test_naughty_strings);
  g_test_add_func ("/json/writes-in-order", test_writes_in_order);
  return g_test_run ();
}
