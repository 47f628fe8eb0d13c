/* test-backup.c — backups: plain and encrypted round trips, a wrong
 * passphrase, damaged and cut files, pruning, the copy before a migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "pt-backup.h"
#include "pt-store-private.h"
#include "pt-store-staff.h"
#include "pt-test-util.h"

typedef struct
{
  PtTestDir  tmp;
  char      *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtStore) store = NULL;
  g_autoptr(PtMember) ann = NULL;

  pt_test_dir_init (&f->tmp);
  f->dir = pt_test_dir_file (&f->tmp, "backups");
  store = pt_test_open_store (f->tmp.db_path);
  ann = pt_test_add_member (store, "Ann Lee");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->dir);
  pt_test_dir_clear (&f->tmp);
}

static gint64
count_members (const char *db_path)
{
  g_autoptr(PtStore) store = pt_test_open_store (db_path);

  return pt_test_count_rows (store, "SELECT count(*) FROM members");
}

static char *
device_of (const char *db_path)
{
  g_autoptr(PtStore) store = pt_test_open_store (db_path);

  return g_strdup (pt_store_get_device_id (store));
}

static void
add_member (const char *db_path,
            const char *name)
{
  g_autoptr(PtStore) store = pt_test_open_store (db_path);
  g_autoptr(PtMember) member = pt_test_add_member (store, name);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  const char *passphrase = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pt_backup_create (f->tmp.db_path, f->dir, "manual", passphrase, &error);
  g_autofree char *device = device_of (f->tmp.db_path);
  g_autofree char *device_after = NULL;
  g_autoptr(GPtrArray) list = NULL;
  PtBackupInfo *info;

  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, passphrase ? ".db.enc" : ".db"));
  list = pt_backup_list (f->dir, &error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpint (info->encrypted, ==, passphrase != NULL);
  g_assert_cmpstr (info->reason, ==, "manual");
  if (passphrase != NULL)
    {
      g_autofree char *bytes = NULL;
      gsize len = 0;

      /* Nothing readable inside. */
      g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
      g_assert_null (g_strstr_len (bytes, len, "Ann Lee"));
      g_assert_null (g_strstr_len (bytes, len, "SQLite format"));
    }

  add_member (f->tmp.db_path, "Bo Chen");
  g_assert_cmpint (count_members (f->tmp.db_path), ==, 2);
  g_assert_true (pt_backup_restore (f->tmp.db_path, path, passphrase, f->dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_members (f->tmp.db_path), ==, 1);
  /* A new device: its audit chain starts afresh. */
  device_after = device_of (f->tmp.db_path);
  g_assert_cmpstr (device, !=, device_after);
  /* And what was there before the restore is kept. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pt_backup_list (f->dir, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_true (g_strcmp0 (((PtBackupInfo *) g_ptr_array_index (list, 0))->reason, "restore") == 0 ||
                 g_strcmp0 (((PtBackupInfo *) g_ptr_array_index (list, 1))->reason, "restore") == 0);
}

static void
assert_restore_fails (Fixture    *f,
                      const char *path,
                      const char *passphrase,
                      int         code,
                      const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *device = device_of (f->tmp.db_path);
  g_autofree char *device_after = NULL;
  g_autoptr(GPtrArray) list = pt_backup_list (f->dir, NULL);
  g_autoptr(GPtrArray) list_after = NULL;

  g_assert_false (pt_backup_restore (f->tmp.db_path, path, passphrase, f->dir, &error));
  g_assert_error (error, PT_STORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, words));
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
  /* Nothing changed: same members, same device, no new backup. */
  g_assert_cmpint (count_members (f->tmp.db_path), ==, 2);
  device_after = device_of (f->tmp.db_path);
  g_assert_cmpstr (device, ==, device_after);
  list_after = pt_backup_list (f->dir, NULL);
  g_assert_cmpuint (list_after->len, ==, list->len);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pt_backup_create (f->tmp.db_path, f->dir, "manual", "correct horse",
                                            &error);
  g_autofree char *cut = g_strconcat (path, ".cut.db.enc", NULL);
  g_autofree char *flipped = g_strconcat (path, ".flip.db.enc", NULL);
  g_autofree char *garbage = pt_test_dir_file (&f->tmp, "garbage.db");
  g_autofree char *bytes = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  add_member (f->tmp.db_path, "Bo Chen");

  assert_restore_fails (f, path, "wrong horse", PT_STORE_ERROR_REFUSED, "Wrong passphrase");
  assert_restore_fails (f, path, NULL, PT_STORE_ERROR_REFUSED, "encrypted");

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (cut, bytes, len - 100, NULL));
  assert_restore_fails (f, cut, "correct horse", PT_STORE_ERROR_FAILED, "damaged or incomplete");
  bytes[len / 2] ^= 0x40;
  g_assert_true (g_file_set_contents (flipped, bytes, len, NULL));
  assert_restore_fails (f, flipped, "correct horse", PT_STORE_ERROR_FAILED, "damaged");

  g_assert_true (g_file_set_contents (garbage, "SQLite format 3 but not really", -1, NULL));
  assert_restore_fails (f, garbage, NULL, PT_STORE_ERROR_FAILED, "not a Patron database");
}

/* Restoring is the owner's: every role against the same backup, with the
 * store open as the program has it. */
static void
test_restore_roles (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pt_backup_create (f->tmp.db_path, f->dir, "manual", NULL, &error);

  g_assert_no_error (error);
  add_member (f->tmp.db_path, "Bo Chen");
  for (int role = PT_N_ROLES - 1; role >= 0; role--)
    {
      g_autoptr(PtStore) store = pt_test_open_store (f->tmp.db_path);
      PtStaff acting = { .id = (char *) "staff-under-test", .name = (char *) "Tess",
                         .role = (PtRole) role, .active = TRUE };
      gboolean ok;

      pt_store_act_as (store, &acting);
      ok = pt_backup_restore_store (store, path, NULL, f->dir, &error);
      g_clear_object (&store);
      if (role != PT_ROLE_OWNER)
        {
          g_assert_false (ok);
          g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
          g_assert_nonnull (strstr (error->message, pt_permission_label (PT_PERMISSION_RESTORE_BACKUPS)));
          g_clear_error (&error);
          g_assert_cmpint (count_members (f->tmp.db_path), ==, 2);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (count_members (f->tmp.db_path), ==, 1);
    }
}

static void
test_info_for_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pt_backup_create (f->tmp.db_path, f->dir, "manual", "pass", &error);
  g_autofree char *copy = pt_test_dir_file (&f->tmp, "from-a-usb-stick");
  g_autoptr(PtBackupInfo) info = NULL;
  g_autoptr(PtBackupInfo) other = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  info = pt_backup_info_new_for_file (path);
  g_assert_nonnull (info);
  g_assert_true (info->encrypted);
  g_assert_cmpstr (info->reason, ==, "manual");
  g_assert_cmpint (ABS (info->created - g_get_real_time () / G_USEC_PER_SEC), <, 120);
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (copy, bytes, len, NULL));
  other = pt_backup_info_new_for_file (copy);
  g_assert_nonnull (other);
  g_assert_true (other->encrypted);
  g_assert_cmpint (other->size, ==, (gint64) len);
  g_assert_null (pt_backup_info_new_for_file (f->dir));
}

static void
test_prune (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *old_names[] = { "patron-20200101-000000-daily.db", "patron-20200102-000000-daily.db" };

  g_assert_true (g_mkdir_with_parents (f->dir, 0700) == 0);
  for (guint i = 0; i < G_N_ELEMENTS (old_names); i++)
    {
      g_autofree char *old = g_build_filename (f->dir, old_names[i], NULL);
      g_autofree char *made = pt_backup_create (f->tmp.db_path, f->dir, "daily", NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (g_rename (made, old), ==, 0);
    }
  g_assert_cmpuint (pt_backup_prune (f->dir, 30, &error), ==, 1);
  list = pt_backup_list (f->dir, &error);
  /* The newest stays even when old. */
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (g_str_has_suffix (((PtBackupInfo *) g_ptr_array_index (list, 0))->path,
                                   old_names[1]));

  /* The daily backup is made once a day, and prunes. */
  {
    g_autofree char *first = pt_backup_create_daily (f->tmp.db_path, f->dir, 30, &error);
    g_autofree char *second = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (first);
    second = pt_backup_create_daily (f->tmp.db_path, f->dir, 30, &error);
    g_assert_no_error (error);
    g_assert_null (second);
    g_clear_pointer (&list, g_ptr_array_unref);
    list = pt_backup_list (f->dir, &error);
    g_assert_cmpuint (list->len, ==, 1);
  }
}

static void
test_before_migration (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PtStore) store = NULL;
  sqlite3 *db = NULL;

  /* The database as the version before migrations 013 and 014 left it. */
  g_assert_cmpint (sqlite3_open (f->tmp.db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE audit_log; DROP TABLE staff;"
                                 " DROP TABLE staff_pin_failures; ALTER TABLE outbox DROP COLUMN audit;"
                                 " ALTER TABLE outbox DROP COLUMN audit_rid;"
                                 " DROP TABLE merged_rows;"
                                 " PRAGMA user_version = 12", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pt_test_open_store (f->tmp.db_path);
  g_assert_cmpint (pt_store_get_schema_version (store), ==, pt_store_get_latest_schema_version ());
  dir = pt_backup_default_dir ();
  list = pt_backup_list (dir, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((PtBackupInfo *) g_ptr_array_index (list, 0))->reason, ==, "migration");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/backup/round-trip/plain", Fixture, NULL, fixture_setup, test_round_trip,
              fixture_teardown);
  g_test_add ("/backup/round-trip/encrypted", Fixture, "correct horse", fixture_setup,
              test_round_trip, fixture_teardown);
  g_test_add ("/backup/refusals", Fixture, NULL, fixture_setup, test_refusals, fixture_teardown);
  g_test_add ("/backup/restore/roles", Fixture, NULL, fixture_setup, test_restore_roles,
              fixture_teardown);
  g_test_add ("/backup/info-for-file", Fixture, NULL, fixture_setup, test_info_for_file,
              fixture_teardown);
  g_test_add ("/backup/prune", Fixture, NULL, fixture_setup, test_prune, fixture_teardown);
  g_test_add ("/backup/before-migration", Fixture, NULL, fixture_setup, test_before_migration,
              fixture_teardown);
  return g_test_run ();
}
