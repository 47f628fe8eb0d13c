/* test-demo.c — the sample café's members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pt-demo.h"
#include "pt-store-members.h"
#include "pt-uuid.h"
#include "pt-validation.h"

typedef struct
{
  guint  calls;
  double last;
  gboolean monotonic;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  if (fraction < progress->last)
    progress->monotonic = FALSE;
  progress->last = fraction;
  progress->calls++;
}

static PtStore *
open_memory_store (void)
{
  g_autoptr(GError) error = NULL;
  PtStore *store = pt_store_open (":memory:", &error);

  g_assert_no_error (error);
  return store;
}

static GPtrArray *
all_members (PtStore *store,
             guint    n)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *members = pt_store_list_members (store, PT_MEMBER_SORT_NUMBER, FALSE, 0, n + 1,
                                              &error);

  g_assert_no_error (error);
  g_assert_nonnull (members);
  return members;
}

static gboolean
is_han (gunichar c)
{
  return c >= 0x4e00 && c <= 0x9fff;
}

static void
test_generate (void)
{
  PtStore *store = open_memory_store ();
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GHashTable) phones = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  Progress progress = { 0, 0.0, TRUE };
  guint n_chinese = 0, n_english = 0, n_email = 0, n_birthday = 0, n_referred = 0;
  guint n_consent = 0, n_shanghai = 0, n_tags = 0, n_notes = 0;
  const guint n = 2000;

  g_assert_true (pt_demo_generate (store, n, 42, progress_cb, &progress, &error));
  g_assert_no_error (error);

  g_assert_true (progress.monotonic);
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_cmpfloat (progress.last, ==, 1.0);

  g_assert_cmpint (pt_store_count_members (store, NULL), ==, n);
  /* Every member went through the normal path, outbox entry included. */
  g_assert_cmpint (pt_store_count_pending_ops (store, NULL), ==, n);

  members = all_members (store, n);
  g_assert_cmpuint (members->len, ==, n);

  for (guint i = 0; i < members->len; i++)
    {
      PtMember *member = g_ptr_array_index (members, i);
      g_autofree char *expected_number = g_strdup_printf ("HQ-%06u", i + 1);
      const char *name = pt_member_get_name (member);
      const char *city = pt_member_get (member, PT_MEMBER_FIELD_CITY);
      g_autoptr(GError) invalid = NULL;

      g_assert_true (pt_member_validate (member, &invalid));
      g_assert_no_error (invalid);
      g_assert_true (pt_uuid_is_valid (pt_member_get_id (member)));
      g_assert_cmpstr (pt_member_get_number (member), ==, expected_number);
      g_hash_table_add (ids, (gpointer) pt_member_get_id (member));

      /* Unique, Chinese mobile numbers: 11 digits starting with 1, stored
       * as digits (issue 15) and shown “139 1234 5678”. */
      g_assert_cmpuint (strlen (pt_member_get_phone (member)), ==, 11);
      g_assert_true (pt_member_get_phone (member)[0] == '1');
      g_assert_true (g_hash_table_add (phones, (gpointer) pt_member_get_phone (member)));

      if (is_han (g_utf8_get_char (name)))
        {
          g_assert_cmpint (g_utf8_strlen (name, -1), >=, 2);
          g_assert_cmpint (g_utf8_strlen (name, -1), <=, 4);
          n_chinese++;
        }
      else
        {
          g_assert_nonnull (strchr (name, ' '));
          n_english++;
        }

      n_email += *pt_member_get_email (member) != '\0';
      n_birthday += *pt_member_get (member, PT_MEMBER_FIELD_BIRTHDAY) != '\0';
      n_consent += pt_member_get_marketing_consent (member);
      n_shanghai += g_str_equal (city, "上海") || g_str_equal (city, "Shanghai");
      n_tags += *pt_member_get (member, PT_MEMBER_FIELD_TAGS) != '\0';
      n_notes += *pt_member_get (member, PT_MEMBER_FIELD_NOTES) != '\0';

      if (*pt_member_get (member, PT_MEMBER_FIELD_BIRTHDAY) != '\0')
        {
          const char *birthday = pt_member_get (member, PT_MEMBER_FIELD_BIRTHDAY);
          g_assert_cmpstr (birthday, >=, "1950-01-01");
          g_assert_cmpstr (birthday, <=, "2008-12-31");
        }

      if (*pt_member_get (member, PT_MEMBER_FIELD_REFERRED_BY) != '\0')
        {
          /* The referrer is an earlier member: its id was seen already. */
          g_assert_true (g_hash_table_contains (ids,
                                                pt_member_get (member,
                                                               PT_MEMBER_FIELD_REFERRED_BY)));
          g_assert_cmpstr (pt_member_get (member, PT_MEMBER_FIELD_SOURCE), ==, "Friend");
          n_referred++;
        }
    }

  /* About 60% Chinese, 40% English names, and the rest in believable shares. */
  g_assert_cmpuint (n_chinese, >, n * 50 / 100);
  g_assert_cmpuint (n_chinese, <, n * 70 / 100);
  g_assert_cmpuint (n_english, >, n * 30 / 100);
  g_assert_cmpuint (n_email, >, n / 2);
  g_assert_cmpuint (n_email, <, n);
  g_assert_cmpuint (n_birthday, >, n * 70 / 100);
  g_assert_cmpuint (n_birthday, <, n);
  g_assert_cmpuint (n_referred, >, n * 5 / 100);
  g_assert_cmpuint (n_referred, <, n * 15 / 100);
  g_assert_cmpuint (n_consent, >, n * 50 / 100);
  g_assert_cmpuint (n_consent, <, n * 70 / 100);
  g_assert_cmpuint (n_shanghai, >, n * 60 / 100);
  g_assert_cmpuint (n_shanghai, <, n);
  g_assert_cmpuint (n_tags, >, 0);
  g_assert_cmpuint (n_notes, >, 0);

  /* Joining dates spread over the last three years, oldest first. */
  {
    const char *first = pt_member_get (g_ptr_array_index (members, 0), PT_MEMBER_FIELD_JOINED_ON);
    const char *last = pt_member_get (g_ptr_array_index (members, n - 1),
                                      PT_MEMBER_FIELD_JOINED_ON);
    GDate a, b;

    g_assert_true (pt_parse_iso_date (first, &a));
    g_assert_true (pt_parse_iso_date (last, &b));
    g_assert_cmpint (g_date_days_between (&a, &b), >, 3 * 365 - 10);
  }

  g_assert_finalize_object (store);
}

static void
test_deterministic (void)
{
  PtStore *a = open_memory_store ();
  PtStore *b = open_memory_store ();
  PtStore *c = open_memory_store ();
  g_autoptr(GPtrArray) ma = NULL;
  g_autoptr(GPtrArray) mb = NULL;
  g_autoptr(GPtrArray) mc = NULL;
  guint differ = 0;
  const guint n = 150;

  g_assert_true (pt_demo_generate (a, n, 7, NULL, NULL, NULL));
  g_assert_true (pt_demo_generate (b, n, 7, NULL, NULL, NULL));
  g_assert_true (pt_demo_generate (c, n, 8, NULL, NULL, NULL));

  ma = all_members (a, n);
  mb = all_members (b, n);
  mc = all_members (c, n);
  g_assert_cmpuint (ma->len, ==, n);
  g_assert_cmpuint (mb->len, ==, n);
  g_assert_cmpuint (mc->len, ==, n);

  for (guint i = 0; i < n; i++)
    {
      PtMember *x = g_ptr_array_index (ma, i);
      PtMember *y = g_ptr_array_index (mb, i);
      PtMember *z = g_ptr_array_index (mc, i);

      /* Everything but the random ids (and the referrer ids) repeats. */
      for (guint f = 0; f < PT_MEMBER_N_FIELDS; f++)
        if (f != PT_MEMBER_FIELD_REFERRED_BY)
          g_assert_cmpstr (pt_member_get (x, f), ==, pt_member_get (y, f));
      g_assert_cmpint (*pt_member_get (x, PT_MEMBER_FIELD_REFERRED_BY) != '\0', ==,
                       *pt_member_get (y, PT_MEMBER_FIELD_REFERRED_BY) != '\0');

      differ += g_strcmp0 (pt_member_get_name (x), pt_member_get_name (z)) != 0;
    }

  /* Another seed, another café. */
  g_assert_cmpuint (differ, >, n / 2);

  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
  g_assert_finalize_object (c);
}

static void
test_searchable (void)
{
  PtStore *store = open_memory_store ();
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found_cn = FALSE;

  g_assert_true (pt_demo_generate (store, 300, 3, NULL, NULL, &error));
  g_assert_no_error (error);
  members = all_members (store, 300);

  /* The first Chinese name with a two-character given name is found by
   * those two characters, and every member by the last digits of a phone. */
  for (guint i = 0; i < members->len && !found_cn; i++)
    {
      PtMember *member = g_ptr_array_index (members, i);
      const char *name = pt_member_get_name (member);

      if (is_han (g_utf8_get_char (name)) && g_utf8_strlen (name, -1) == 3)
        {
          g_autoptr(GPtrArray) hits = pt_store_search_members (store, g_utf8_next_char (name),
                                                               500, &error);
          g_assert_no_error (error);
          for (guint j = 0; j < hits->len; j++)
            found_cn |= g_ptr_array_index (hits, j) != NULL &&
                        g_str_equal (pt_member_get_id (g_ptr_array_index (hits, j)),
                                     pt_member_get_id (member));
          g_assert_true (found_cn);
        }
    }
  g_assert_true (found_cn);

  {
    PtMember *member = g_ptr_array_index (members, 123);
    const char *phone = pt_member_get_phone (member);
    const char *tail = phone + strlen (phone) - 4;
    g_autoptr(GPtrArray) hits = pt_store_search_members (store, tail, 500, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint j = 0; j < hits->len; j++)
      found |= g_str_equal (pt_member_get_id (g_ptr_array_index (hits, j)),
                            pt_member_get_id (member));
    g_assert_true (found);
  }

  g_assert_finalize_object (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/demo/generate", test_generate);
  g_test_add_func ("/store/demo/deterministic", test_deterministic);
  g_test_add_func ("/store/demo/searchable", test_searchable);

  return g_test_run ();
}
