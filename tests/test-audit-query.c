/* test-audit-query.c — listing the audit trail by member, staff, kind and
 * day, page by page, for those allowed to see it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "pt-store-audit.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-test-util.h"
#include "pt-validation.h"

typedef struct
{
  PtTestDir  tmp;
  PtStore   *store;
  PtMember  *ann;
  PtMember  *bob;
  PtStaff   *manager;
  PtStaff   *clerk;
} Fixture;

static void
adjust (PtStore  *store,
        PtMember *member,
        gint64    points)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pt_store_points_adjust (store, pt_member_get_id (member), points,
                                                "goodwill", &error);

  g_assert_no_error (error);
}

/* As the file's owner: two members and staff; then the manager adjusts
 * Ann's points and renames Bob, the clerk renames Ann. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  pt_test_dir_init (&f->tmp);
  f->store = pt_test_open_store (f->tmp.db_path);
  f->ann = pt_test_add_member (f->store, "Ann Lee");
  f->bob = pt_test_add_member (f->store, "Bob Wu");
  f->manager = pt_test_add_staff (f->store, "Mia", PT_ROLE_MANAGER);
  f->clerk = pt_test_add_staff (f->store, "Carl", PT_ROLE_CLERK);

  pt_store_act_as (f->store, f->manager);
  adjust (f->store, f->ann, 50);
  pt_test_rename_member (f->store, f->bob, "Bob Wu-Chen");
  pt_store_act_as (f->store, f->clerk);
  pt_test_rename_member (f->store, f->ann, "Ann Lee-Wong");
  pt_store_act_as_file_owner (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->ann);
  g_clear_object (&f->bob);
  g_clear_pointer (&f->manager, pt_staff_free);
  g_clear_pointer (&f->clerk, pt_staff_free);
  g_assert_finalize_object (f->store);
  pt_test_dir_clear (&f->tmp);
}

static GPtrArray *
query (Fixture             *f,
       const PtAuditFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = pt_store_audit_query (f->store, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static PtAuditRow *
row_at (GPtrArray *rows,
        guint      i)
{
  return g_ptr_array_index (rows, i);
}

static void
test_by_staff_and_kind (Fixture       *f,
                        gconstpointer  data)
{
  PtAuditFilter by_manager = { .staff_id = f->manager->id };
  PtAuditFilter points = { .kind = "points" };
  PtAuditFilter manager_members = { .staff_id = f->manager->id, .kind = "member" };
  PtAuditFilter clerk_ann = { .staff_id = f->clerk->id, .member_id = pt_member_get_id (f->ann) };
  g_autoptr(GPtrArray) rows = query (f, &by_manager);
  g_autoptr(GPtrArray) point_rows = query (f, &points);
  g_autoptr(GPtrArray) manager_member_rows = query (f, &manager_members);
  g_autoptr(GPtrArray) clerk_rows = query (f, &clerk_ann);

  /* Newest first: the rename, then the adjustment. */
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (row_at (rows, 0)->entity, ==, "member");
  g_assert_cmpstr (row_at (rows, 0)->member_name, ==, "Bob Wu-Chen");
  g_assert_cmpstr (row_at (rows, 1)->entity, ==, "points_entry");
  g_assert_cmpstr (row_at (rows, 1)->staff_name, ==, "Mia");
  g_assert_cmpstr (row_at (rows, 1)->role, ==, "manager");
  g_assert_cmpstr (row_at (rows, 1)->member_name, ==, "Ann Lee-Wong");

  g_assert_cmpuint (point_rows->len, ==, 1);
  g_assert_cmpstr (pt_audit_kind_of_entity (row_at (point_rows, 0)->entity), ==, "points");

  g_assert_cmpuint (manager_member_rows->len, ==, 1);
  g_assert_cmpstr (row_at (manager_member_rows, 0)->member_id, ==, pt_member_get_id (f->bob));

  g_assert_cmpuint (clerk_rows->len, ==, 1);
  g_assert_nonnull (strstr (row_at (clerk_rows, 0)->changes, "\"Ann Lee-Wong\""));
}

/* Puts every entry on a day of March 2026 (local time): entry n of the
 * device on day n, the last two at the very same microsecond. */
static gint64
spread_over_days (Fixture *f)
{
  g_autoptr(GPtrArray) all = NULL;
  PtAuditFilter everything = { 0, };
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 n;

  all = query (f, &everything);
  n = all->len;
  g_assert_cmpint (sqlite3_open (f->tmp.db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE audit_log SET at = ?1 WHERE seq = ?2", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  for (gint64 seq = 1; seq <= n; seq++)
    {
      g_autoptr(GDateTime) at = g_date_time_new_local (2026, 3, (int) MIN (seq, n - 1), 12, 0, 0);

      sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (at) * G_USEC_PER_SEC);
      sqlite3_bind_int64 (stmt, 2, seq);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_days (Fixture       *f,
           gconstpointer  data)
{
  gint64 n = spread_over_days (f);
  PtAuditFilter second_to_third = { .since = "2026-03-02", .until = "2026-03-03" };
  PtAuditFilter one_day = { .since = "2026-03-01", .until = "2026-03-01" };
  PtAuditFilter from_third = { .since = "2026-03-03" };
  PtAuditFilter before = { .until = "2026-02-28" };
  g_autoptr(GPtrArray) rows = query (f, &second_to_third);
  g_autoptr(GPtrArray) first = query (f, &one_day);
  g_autoptr(GPtrArray) later = query (f, &from_third);
  g_autoptr(GPtrArray) none = query (f, &before);

  g_assert_cmpint (n, >=, 6);
  /* Both ends inclusive, whole local days. */
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (row_at (rows, 0)->seq, ==, 3);
  g_assert_cmpint (row_at (rows, 1)->seq, ==, 2);
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpint (row_at (first, 0)->seq, ==, 1);
  g_assert_cmpuint (later->len, ==, (guint) n - 2);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  gint64 n = spread_over_days (f);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_audit_row_free);
  PtAuditFilter page = { .limit = 2 };

  /* Page by page, with two entries at the same microsecond across a page
   * boundary or not: each entry once, newest first. */
  for (guint pages = 0; pages < 100; pages++)
    {
      g_autoptr(GPtrArray) rows = query (f, &page);
      PtAuditRow *last;

      if (rows->len == 0)
        break;
      g_assert_cmpuint (rows->len, <=, 2);
      last = row_at (rows, rows->len - 1);
      page.before_at = last->at;
      page.before_rid = last->rid;
      for (guint i = 0; i < rows->len; i++)
        g_ptr_array_add (seen, g_steal_pointer (&rows->pdata[i]));
      g_ptr_array_set_free_func (rows, NULL);
    }
  g_assert_cmpuint (seen->len, ==, (guint) n);
  for (guint i = 1; i < seen->len; i++)
    {
      PtAuditRow *newer = row_at (seen, i - 1), *older = row_at (seen, i);

      g_assert_true (newer->at > older->at || (newer->at == older->at && newer->rid > older->rid));
    }
}

static void
assert_refused (Fixture             *f,
                const PtAuditFilter *filter,
                int                  code,
                const char          *names)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = pt_store_audit_query (f->store, filter, &error);

  g_assert_null (rows);
  g_assert_error (error, PT_VALIDATION_ERROR, code);
  g_assert_nonnull (strstr (error->message, names));
}

static void
test_bad_filters (Fixture       *f,
                  gconstpointer  data)
{
  PtAuditFilter kind = { .kind = "everything" };
  PtAuditFilter month = { .since = "2026-13-01" };
  PtAuditFilter shape = { .until = "5 March" };
  PtAuditFilter reversed = { .since = "2026-03-05", .until = "2026-03-01" };

  assert_refused (f, &kind, PT_VALIDATION_ERROR_OTHER, "kind");
  assert_refused (f, &month, PT_VALIDATION_ERROR_DATE, "since");
  assert_refused (f, &shape, PT_VALIDATION_ERROR_DATE, "until");
  assert_refused (f, &reversed, PT_VALIDATION_ERROR_DATE, "until");
}

static void
test_permission (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) allowed = NULL;
  PtAuditFilter everything = { 0, };

  pt_store_act_as (f->store, f->clerk);
  refused = pt_store_audit_query (f->store, &everything, &error);
  g_assert_null (refused);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, pt_permission_label (PT_PERMISSION_VIEW_AUDIT)));

  pt_store_act_as (f->store, f->manager);
  allowed = query (f, &everything);
  g_assert_cmpuint (allowed->len, >, 0);
  g_assert_false (pt_role_allows (PT_ROLE_CLERK, PT_PERMISSION_VIEW_AUDIT));
  g_assert_true (pt_role_allows (PT_ROLE_OWNER, PT_PERMISSION_VIEW_AUDIT));
}

static void
test_kinds (void)
{
  const char * const *kinds = pt_audit_kinds ();

  /* Every kind has a name and its entities map back to it. */
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      const char * const *entities = pt_audit_kind_entities (kinds[i]);

      g_assert_cmpstr (pt_audit_kind_label (kinds[i]), !=, "");
      for (guint e = 0; entities[e] != NULL; e++)
        g_assert_cmpstr (pt_audit_kind_of_entity (entities[e]), ==, kinds[i]);
    }
  g_assert_null (pt_audit_kind_entities ("nothing"));
  g_assert_null (pt_audit_kind_of_entity ("nothing"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/audit/query/staff-and-kind", test_by_staff_and_kind);
  ADD ("/audit/query/days", test_days);
  ADD ("/audit/query/pages", test_pages);
  ADD ("/audit/query/bad-filters", test_bad_filters);
  ADD ("/audit/query/permission", test_permission);
#undef ADD
  g_test_add_func ("/audit/query/kinds", test_kinds);
  return g_test_run ();
}
