/* test-core.c — validation, money, clock, uuids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-clock.h"
#include "pt-defer.h"
#include "pt-member.h"
#include "pt-money.h"
#include "pt-str-hash.h"
#include "pt-uuid.h"
#include "pt-validation.h"

static void
test_phone (void)
{
  const struct { const char *typed, *stored, *shown; } cases[] = {
    { "13912345678", "13912345678", "139 1234 5678" },
    { "139 1234 5678", "13912345678", "139 1234 5678" },
    { " 139-1234-5678 ", "13912345678", "139 1234 5678" },
    { "(139) 1234.5678", "13912345678", "139 1234 5678" },
    { "+86 139 1234 5678", "+8613912345678", "+86 139 1234 5678" },
    { "0571-88881234", "057188881234", "0571 8888 1234" },
    { "010 65521234", "01065521234", "010 6552 1234" },
    { "+1 (415) 555-0100", "+14155550100", "+1 415 555 0100" },
    { "+44 20 7946 0958", "+442079460958", "+4420 7946 0958" },
    { "12345", "12345", "1 2345" },
    /* Not a phone number: kept as typed, so that the form can say why. */
    { "call me", "call me", "call me" },
    { "", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stored = pt_phone_normalize (cases[i].typed);
      g_autofree char *shown = pt_phone_format (cases[i].typed);
      g_autofree char *shown_stored = pt_phone_format (stored);

      g_assert_cmpstr (stored, ==, cases[i].stored);
      g_assert_cmpstr (shown, ==, cases[i].shown);
      /* The same whether shown from what was typed or what was stored. */
      g_assert_cmpstr (shown_stored, ==, cases[i].shown);
    }

  {
    g_autofree char *trunk = pt_phone_normalize ("+86 (0)571 8888 1234");
    g_autofree char *none = pt_phone_format (NULL);

    g_assert_cmpstr (trunk, ==, "+8605718888" "1234");
    g_free (trunk);
    trunk = pt_phone_format ("+86 (0)571 8888 1234");
    g_assert_cmpstr (trunk, ==, "+86 0571 8888 1234");
    g_assert_null (none);
  }

  {
    g_autoptr(PtMember) member = pt_member_new ();

    pt_member_set (member, PT_MEMBER_FIELD_PHONE, " 139-1234-5678");
    pt_member_normalize (member);
    g_assert_cmpstr (pt_member_get_phone (member), ==, "13912345678");
  }
}

static void
test_validation_fields (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (pt_validate_name ("   ", &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_NAME);
  g_assert_nonnull (strstr (error->message, "Name"));
  g_clear_error (&error);

  g_assert_true (pt_validate_name ("王芳", NULL));
  g_assert_true (pt_validate_phone ("+86 138-0013 8000", NULL));
  g_assert_true (pt_validate_phone ("", NULL));
  g_assert_false (pt_validate_phone ("12", &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_PHONE);
  g_clear_error (&error);
  g_assert_false (pt_validate_phone ("138abc0000", &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_PHONE);
  g_clear_error (&error);

  g_assert_true (pt_validate_email ("ann@example.com", NULL));
  g_assert_false (pt_validate_email ("ann@", &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_EMAIL);
  g_assert_nonnull (strstr (error->message, "E-mail"));
  g_clear_error (&error);
  g_assert_false (pt_validate_email ("a b@example.com", NULL));
  g_assert_false (pt_validate_email ("@example.com", NULL));
  g_assert_false (pt_validate_email ("a@b@example.com", NULL));

  g_assert_true (pt_validate_birthday ("1990-02-28", NULL, NULL));
  g_assert_false (pt_validate_birthday ("1990-02-30", NULL, &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_BIRTHDAY);
  g_clear_error (&error);
  g_assert_false (pt_validate_birthday ("2999-01-01", NULL, &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_BIRTHDAY);
  g_clear_error (&error);
  g_assert_false (pt_validate_birthday ("1990/01/01", NULL, NULL));
}

static void
test_member_validate (void)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, "  Ann Lee  ");
  pt_member_set (member, PT_MEMBER_FIELD_EMAIL, "not-an-email");
  pt_member_normalize (member);
  g_assert_cmpstr (pt_member_get_name (member), ==, "Ann Lee");
  g_assert_cmpstr (pt_member_get (member, PT_MEMBER_FIELD_STATUS), ==, "active");
  g_assert_false (pt_member_validate (member, &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_EMAIL);
  g_clear_error (&error);

  pt_member_set (member, PT_MEMBER_FIELD_EMAIL, "ann@example.com");
  pt_member_set (member, PT_MEMBER_FIELD_GENDER, "robot");
  g_assert_false (pt_member_validate (member, &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_GENDER);
  g_clear_error (&error);

  pt_member_set (member, PT_MEMBER_FIELD_GENDER, "female");
  g_assert_true (pt_member_validate (member, &error));
  g_assert_no_error (error);
}

static void
test_money (void)
{
  gint64 v = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  g_assert_true (pt_money_parse ("12.50", "CNY", FALSE, &v, NULL));
  g_assert_cmpint (v, ==, 1250);
  g_assert_true (pt_money_parse ("12,5", "CNY", FALSE, &v, NULL));
  g_assert_cmpint (v, ==, 1250);
  g_assert_true (pt_money_parse ("7", "CNY", FALSE, &v, NULL));
  g_assert_cmpint (v, ==, 700);
  g_assert_true (pt_money_parse ("1500", "JPY", FALSE, &v, NULL));
  g_assert_cmpint (v, ==, 1500);
  g_assert_false (pt_money_parse ("1.005", "CNY", FALSE, &v, &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT);
  g_clear_error (&error);
  g_assert_false (pt_money_parse ("-3", "CNY", FALSE, &v, NULL));
  g_assert_false (pt_money_parse ("abc", "CNY", FALSE, &v, NULL));
  g_assert_false (pt_money_parse ("", "CNY", FALSE, &v, NULL));
  g_assert_false (pt_money_parse ("99999999999999999999", "CNY", FALSE, &v, NULL));

  a = pt_money_format (123456, "CNY");
  g_assert_cmpstr (a, ==, "¥1,234.56");
  b = pt_money_format (-5, "USD");
  g_assert_cmpstr (b, ==, "-$0.05");
  c = pt_money_format_plain (100000, "CNY");
  g_assert_cmpstr (c, ==, "1000.00");
}

static void
test_clock_monotonic (void)
{
  g_autoptr(PtClock) clock = pt_clock_new ("dev-a");
  guint64 prev = 0;
  guint64 future;
  g_autofree char *stamp = NULL;
  guint64 parsed;

  for (guint i = 0; i < 10000; i++)
    {
      guint64 next = pt_clock_tick_raw (clock);
      g_assert_cmpuint (next, >, prev);
      prev = next;
    }

  /* A stamp from a clock an hour ahead pulls ours past it. */
  future = ((guint64) (g_get_real_time () / 1000 + 3600 * 1000)) << 16;
  pt_clock_observe_raw (clock, future);
  g_assert_cmpuint (pt_clock_tick_raw (clock), >, future);

  /* A clock set two hours back still never goes backwards. */
  pt_clock_set_offset_ms (clock, -2 * 3600 * 1000);
  g_assert_cmpuint (pt_clock_tick_raw (clock), >, future);

  stamp = pt_clock_tick (clock);
  g_assert_true (pt_hlc_parse (stamp, &parsed));
  g_assert_cmpuint (parsed, ==, pt_clock_get_last (clock));
  g_assert_true (g_str_has_suffix (stamp, "@dev-a"));
}

static void
test_uuid_derive (void)
{
  g_autofree char *a = pt_uuid_derive ("expiry", "member-1", "2026-01-01", NULL);
  g_autofree char *b = pt_uuid_derive ("expiry", "member-1", "2026-01-01", NULL);
  g_autofree char *c = pt_uuid_derive ("expiry", "member-1", "2026-01-02", NULL);
  g_autofree char *d = pt_uuid_derive ("expiry", "member-12", "026-01-01", NULL);
  g_autofree char *known = pt_uuid_v5 ("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com");
  g_autofree char *r = pt_uuid_new ();
  g_autofree char *spelled = pt_uuid_v5 (PT_UUID_NAMESPACE, "6:expiry;8:member-1;10:2026-01-01;");

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
  g_assert_true (pt_uuid_is_valid (a));
  g_assert_true (pt_uuid_is_valid (r));
  /* A random one is version 4, variant RFC 4122, in lower case. */
  g_assert_cmpint (strlen (r), ==, 36);
  g_assert_cmpint (r[14], ==, '4');
  g_assert_nonnull (strchr ("89ab", r[19]));
  for (const char *ch = r; *ch; ch++)
    g_assert_false (g_ascii_isupper (*ch));
  /* The name hashed: each part behind its length (ids already stored
   * depend on it). */
  g_assert_cmpstr (a, ==, spelled);
  /* RFC 4122 / Python's uuid.uuid5(NAMESPACE_DNS, "www.example.com"). */
  g_assert_cmpstr (known, ==, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
}

typedef struct
{
  GThread *ran_on;
  guint    runs;
} Deferred;

static gboolean
record_thread (gpointer data)
{
  Deferred *deferred = data;

  deferred->ran_on = g_thread_self ();
  deferred->runs++;
  return G_SOURCE_REMOVE;
}

static gpointer
defer_from_worker (gpointer data)
{
  pt_defer_to_context (NULL, record_thread, data, NULL);
  return NULL;
}

/* Work a worker hands over runs on the main thread when its loop turns,
 * even while that loop is not running (a refit's progress had reached a
 * test's handler on the worker thread). */
static void
test_defer_main_thread (void)
{
  Deferred deferred = { NULL, 0 };
  GThread *worker = g_thread_new ("worker", defer_from_worker, &deferred);

  g_thread_join (worker);
  g_assert_null (deferred.ran_on);
  for (guint i = 0; i < 100 && deferred.runs == 0; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (deferred.runs, ==, 1);
  g_assert_true (deferred.ran_on == g_thread_self ());
}

/* Equal strings hash alike wherever they lie; strings one byte apart, at
 * any position of any length, do not; 100,000 ids as a push keys them
 * spread over the 32 bits; a table keyed by them finds each. */
static void
test_str_hash (void)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (pt_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) hashes = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint collisions = 0;

  for (guint length = 0; length <= 48; length++)
    {
      g_autofree char *text = g_strnfill (length, 'a');
      g_autofree char *copy = g_strdup (text);
      guint hash = pt_str_hash (text);

      g_assert_cmpuint (pt_str_hash (copy), ==, hash);
      for (guint at = 0; at < length; at++)
        {
          text[at] = 'b';
          g_assert_cmpuint (pt_str_hash (text), !=, hash);
          text[at] = 'a';
        }
      if (length > 0)
        g_assert_cmpuint (pt_str_hash (text + 1), !=, hash);
    }

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *id = pt_uuid_new ();
      char *key = g_strconcat ("member\037", id, NULL);
      guint hash = pt_str_hash (key);

      if (!g_hash_table_add (hashes, GUINT_TO_POINTER (hash)))
        collisions++;
      g_hash_table_insert (table, key, GUINT_TO_POINTER (i + 1));
    }
  /* About one expected among 100,000 random 32-bit values. */
  g_assert_cmpuint (collisions, <=, 8);
  g_assert_cmpuint (g_hash_table_size (table), ==, 100000);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, table);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_autofree char *copy = g_strdup (key);

        g_assert_true (g_hash_table_lookup (table, copy) == value);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/validation/fields", test_validation_fields);
  g_test_add_func ("/core/phone/normalize-format", test_phone);
  g_test_add_func ("/core/member/validate", test_member_validate);
  g_test_add_func ("/core/money/parse-format", test_money);
  g_test_add_func ("/core/clock/monotonic", test_clock_monotonic);
  g_test_add_func ("/core/uuid/derive", test_uuid_derive);
  g_test_add_func ("/core/str-hash", test_str_hash);
  g_test_add_func ("/core/defer/main-thread", test_defer_main_thread);

  return g_test_run ();
}
