/* test-staff.c — staff, the permission matrix in the store, PINs, masked
 * phones and the audit chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "pt-segment.h"
#include "pt-store-audit.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-store-redemptions.h"
#include "pt-store-rewards.h"
#include "pt-store-segments.h"
#include "pt-store-staff.h"
#include "pt-store-sync.h"
#include "pt-store-merge.h"
#include "pt-test-util.h"

typedef struct
{
  PtTestDir  tmp;
  PtStore   *store;
  PtMember  *ann;
  char      *reward_id;
  char      *purchase_id;
  PtMember   *ann_copy;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtReward) reward = pt_reward_new ();
  PtPurchase *sale;
  g_autoptr(GError) error = NULL;
  g_autofree char *adjust = NULL;

  pt_test_dir_init (&f->tmp);
  f->store = pt_test_open_store (f->tmp.db_path);
  /* Set up as the owner of the file. */
  f->ann = pt_test_add_member (f->store, "Ann Lee");
  pt_member_set (f->ann, PT_MEMBER_FIELD_PHONE, "13812345678");
  g_assert_true (pt_store_update_member (f->store, f->ann, &error));
  g_assert_no_error (error);
  adjust = pt_store_points_adjust (f->store, pt_member_get_id (f->ann), 1000, "opening", &error);
  g_assert_no_error (error);
  pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, "Mug");
  pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, 100);
  pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, 0);
  g_assert_true (pt_store_add_reward (f->store, reward, 5, &error));
  g_assert_no_error (error);
  f->reward_id = g_strdup (pt_reward_get_id (reward));
  sale = pt_store_record_purchase (f->store, pt_member_get_id (f->ann), PT_PURCHASE_SALE, 5000,
                                   NULL, NULL, &error);
  g_assert_no_error (error);
  f->purchase_id = g_strdup (sale->id);
  pt_purchase_free (sale);
  /* The same person signed up again elsewhere. */
  f->ann_copy = pt_test_add_member (f->store, "Ann Lee");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->ann);
  g_clear_object (&f->ann_copy);
  g_free (f->reward_id);
  g_free (f->purchase_id);
  g_assert_finalize_object (f->store);
  pt_test_dir_clear (&f->tmp);
}

/* ---------------------------------------------------------------- matrix */

typedef gboolean (*ActionFunc) (Fixture *f, GError **error);

static gboolean
do_add_member (Fixture *f, GError **error)
{
  g_autoptr(PtMember) m = pt_member_new ();

  pt_member_set (m, PT_MEMBER_FIELD_NAME, "Bo Chen");
  return pt_store_add_member (f->store, m, error);
}

static gboolean
do_edit_member (Fixture *f, GError **error)
{
  pt_member_set (f->ann, PT_MEMBER_FIELD_CITY, "杭州");
  return pt_store_update_member (f->store, f->ann, error);
}

static gboolean
do_delete_member (Fixture *f, GError **error)
{
  return pt_store_delete_member (f->store, pt_member_get_id (f->ann), error);
}

static gboolean
do_sale (Fixture *f, GError **error)
{
  PtPurchase *p = pt_store_record_purchase (f->store, pt_member_get_id (f->ann), PT_PURCHASE_SALE,
                                            1200, NULL, NULL, error);

  if (p == NULL)
    return FALSE;
  pt_purchase_free (p);
  return TRUE;
}

static gboolean
do_reverse (Fixture *f, GError **error)
{
  g_autofree char *id = pt_store_reverse_purchase (f->store, f->purchase_id, "wrong member", error);
  return id != NULL;
}

static gboolean
do_adjust (Fixture *f, GError **error)
{
  g_autofree char *id = pt_store_points_adjust (f->store, pt_member_get_id (f->ann), 50,
                                                "goodwill", error);
  return id != NULL;
}

static gboolean
do_redeem (Fixture *f, GError **error)
{
  g_autofree char *id = pt_store_redeem (f->store, pt_member_get_id (f->ann), f->reward_id, error);
  return id != NULL;
}

static gboolean
do_restock (Fixture *f, GError **error)
{
  return pt_store_restock_reward (f->store, f->reward_id, 3, NULL, error);
}

static gboolean
do_add_reward (Fixture *f, GError **error)
{
  g_autoptr(PtReward) reward = pt_reward_new ();

  pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, "Tote");
  pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, 10);
  pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, 1);
  return pt_store_add_reward (f->store, reward, 0, error);
}

static gboolean
do_rules (Fixture *f, GError **error)
{
  PtPointsRules rules;

  pt_store_get_points_rules (f->store, &rules);
  rules.signup_bonus += 10;
  return pt_store_set_points_rules (f->store, &rules, error);
}

static gboolean
do_segment (Fixture *f, GError **error)
{
  g_autoptr(PtSegment) segment = pt_segment_new ();

  pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, "Everyone");
  pt_segment_set (segment, PT_SEGMENT_FIELD_RULES, "{\"all\": []}");
  return pt_store_add_segment (f->store, segment, error);
}

static gboolean
do_add_staff (Fixture *f, GError **error)
{
  g_autoptr(PtStaff) staff = pt_store_add_staff (f->store, "Dee", PT_ROLE_CLERK, "2468", error);
  return staff != NULL;
}

/* Two branches signed the same person up: the copy goes into Ann. */
static gboolean
do_merge (Fixture *f, GError **error)
{
  return pt_store_merge_members (f->store, f->ann, pt_member_get_id (f->ann_copy), error);
}

/* Consent is a member's own choice, recorded with its date and source. */
static gboolean
do_consent (Fixture *f, GError **error)
{
  pt_member_set (f->ann, PT_MEMBER_FIELD_MARKETING_CONSENT,
                 pt_member_get_marketing_consent (f->ann) ? "0" : "1");
  return pt_store_update_member (f->store, f->ann, error);
}

static const struct
{
  const char   *name;
  ActionFunc    run;
  PtPermission  needs;
} actions[] = {
  { "add-member", do_add_member, PT_PERMISSION_EDIT_MEMBERS },
  { "edit-member", do_edit_member, PT_PERMISSION_EDIT_MEMBERS },
  { "delete-member", do_delete_member, PT_PERMISSION_DELETE_MEMBERS },
  { "record-sale", do_sale, PT_PERMISSION_RECORD_SALES },
  { "reverse-sale", do_reverse, PT_PERMISSION_REVERSE_SALES },
  { "adjust-points", do_adjust, PT_PERMISSION_ADJUST_POINTS },
  { "redeem", do_redeem, PT_PERMISSION_REDEEM },
  { "restock", do_restock, PT_PERMISSION_MANAGE_REWARDS },
  { "add-reward", do_add_reward, PT_PERMISSION_MANAGE_REWARDS },
  { "points-rules", do_rules, PT_PERMISSION_MANAGE_RULES },
  { "add-segment", do_segment, PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "add-staff", do_add_staff, PT_PERMISSION_MANAGE_STAFF },
  { "merge-members", do_merge, PT_PERMISSION_DELETE_MEMBERS },
  { "consent", do_consent, PT_PERMISSION_EDIT_MEMBERS },
};

/* What the issue says each role may do, written out rather than read
 * from the matrix under test. */
static const gboolean expected[PT_N_ROLES][G_N_ELEMENTS (actions)] = {
  [PT_ROLE_OWNER] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
  [PT_ROLE_MANAGER] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1 },
  [PT_ROLE_CLERK] = { 1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1 },
};

static void
test_matrix (Fixture       *f,
             gconstpointer  data)
{
  guint role = GPOINTER_TO_UINT (data) / 100;
  guint action = GPOINTER_TO_UINT (data) % 100;
  PtStaff acting = { .id = (char *) "staff-under-test", .name = (char *) "Tess",
                     .role = (PtRole) role, .active = TRUE };
  g_autoptr(GError) error = NULL;
  gint64 outbox, audit;
  gboolean ok;

  pt_store_act_as (f->store, &acting);
  outbox = pt_test_count_rows (f->store, "SELECT count(*) FROM outbox");
  audit = pt_test_count_rows (f->store, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (outbox, ==, audit);

  ok = actions[action].run (f, &error);
  if (error != NULL)
    g_test_message ("%s: %s", actions[action].name, error->message);
  g_assert_cmpint (ok, ==, expected[role][action]);
  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox"), >, outbox);
      /* Every op has its audit entry, stamped with who did it. */
      g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox"), ==,
                       pt_test_count_rows (f->store, "SELECT count(*) FROM audit_log"));
      g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM audit_log WHERE"
                                           " staff_id = 'staff-under-test'"), ==,
                       pt_test_count_rows (f->store, "SELECT count(*) FROM outbox") - outbox);
    }
  else
    {
      g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
      g_assert_nonnull (strstr (error->message, pt_permission_label (actions[action].needs)));
      /* Nothing written. */
      g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox"), ==, outbox);
      g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM audit_log"), ==, audit);
    }
  g_assert_cmpint (pt_role_allows (role, actions[action].needs), ==, expected[role][action]);
}

/* ------------------------------------------------------------------ PINs */

static void
test_pin_sign_in (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStaff) mia = pt_store_add_staff (f->store, "Mia", PT_ROLE_CLERK, "1234", &error);
  g_autoptr(PtStaff) again = NULL;

  g_assert_no_error (error);
  g_assert_true (mia->has_pin);
  /* The hash is Argon2id, never the PIN. */
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM staff WHERE pin_hash"
                                       " LIKE '$argon2id$%' AND pin_hash NOT LIKE '%1234%'"), ==, 1);
  again = pt_store_add_staff (f->store, "mia", PT_ROLE_CLERK, "1234", &error);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (pt_store_add_staff (f->store, "Zed", PT_ROLE_CLERK, "12a4", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);

  g_assert_false (pt_store_sign_in (f->store, "Mia", "9999", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_null (pt_store_get_acting_staff_id (f->store));
  g_assert_true (pt_store_sign_in (f->store, "mia", "1234", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pt_store_get_acting_staff_id (f->store), ==, mia->id);
  g_assert_cmpint (pt_store_get_acting_role (f->store), ==, PT_ROLE_CLERK);

  /* A clerk cannot disable anyone; the owner can, and then Mia cannot sign in. */
  g_assert_false (pt_store_set_staff_active (f->store, mia->id, FALSE, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  pt_store_act_as_file_owner (f->store);
  g_assert_true (pt_store_set_staff_active (f->store, mia->id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (pt_store_sign_in (f->store, "Mia", "1234", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
}

static void
test_pin_rate_limit (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStaff) mia = pt_store_add_staff (f->store, "Mia", PT_ROLE_MANAGER, "1234", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < PT_STAFF_FREE_TRIES; i++)
    {
      g_assert_false (pt_store_sign_in (f->store, "Mia", "0000", &error));
      g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
      g_clear_error (&error);
    }
  /* Now even the right PIN waits. */
  g_assert_false (pt_store_sign_in (f->store, "Mia", "1234", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "try again"));
  g_clear_error (&error);
  g_assert_null (pt_store_get_acting_staff_id (f->store));

  /* Once the wait is over (moved back here), the right PIN works and the count starts over. */
  g_assert_true (pt_store_exec (f->store, "UPDATE staff_pin_failures SET locked_until = 0", NULL));
  g_assert_true (pt_store_sign_in (f->store, "Mia", "1234", &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM staff_pin_failures"), ==, 0);
}

/* ---------------------------------------------------------------- phones */

static void
test_masked_phones (Fixture       *f,
                    gconstpointer  data)
{
  PtStaff clerk = { .id = (char *) "c", .name = (char *) "Cal", .role = PT_ROLE_CLERK };
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *full = NULL;
  g_autofree char *intl = pt_mask_phone ("+8613812345678");
  g_autofree char *short_phone = pt_mask_phone ("5551234");

  g_assert_cmpstr (intl, ==, "+86138****5678");
  g_assert_cmpstr (short_phone, ==, "***1234");
  full = pt_store_display_phone (f->store, "13812345678");
  g_assert_cmpstr (full, ==, "13812345678");

  pt_store_act_as (f->store, &clerk);
  shown = pt_store_display_phone (f->store, "13812345678");
  g_assert_cmpstr (shown, ==, "138****5678");
  /* Search by the last digits still finds her. */
  found = pt_store_search_members (f->store, "5678", 10, NULL);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);
}

/* ----------------------------------------------------------------- audit */

static void
test_audit_entries (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(PtAuditRow) bad = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *problem = NULL;
  sqlite3_stmt *stmt = NULL;
  PtAuditRow *last;
  gint64 n = 0;

  pt_member_set (f->ann, PT_MEMBER_FIELD_NAME, "Ann Lee-Wong");
  g_assert_true (pt_store_update_member (f->store, f->ann, &error));
  g_assert_no_error (error);

  rows = pt_store_audit_list (f->store, pt_member_get_id (f->ann), NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >=, 4);
  last = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (last->entity, ==, "member");
  g_assert_cmpstr (last->op, ==, "update");
  g_assert_cmpstr (last->role, ==, "owner");
  g_assert_null (last->staff_id);
  /* Before → after. */
  g_assert_nonnull (strstr (last->changes, "[\"name\",\"Ann Lee\",\"Ann Lee-Wong\"]"));

  g_assert_true (pt_store_audit_verify (f->store, &n, NULL, &bad, &problem, &error));
  g_assert_no_error (error);
  g_assert_null (bad);
  g_assert_cmpint (n, ==, pt_test_count_rows (f->store, "SELECT count(*) FROM outbox"));
  /* Each op keeps its own entry, and carries it, chained, when pushed. */
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox o JOIN audit_log a"
                                       " ON a.rid = o.audit_rid AND a.op_id = o.op_id"),
                   ==, n);
  ops = pt_store_outbox_peek (f->store, 1000, G_MAXSIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ops->len, ==, n);
  g_assert_cmpint (sqlite3_prepare_v2 (pt_store_get_db (f->store),
                                       "SELECT count(*) FROM audit_log WHERE op_id = ?1"
                                       " AND hash = ?2 AND seq = ?3 AND prev_hash = ?4",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < ops->len; i++)
    {
      PtStoreOp *op = g_ptr_array_index (ops, i);
      g_autoptr(JsonNode) audit = json_from_string (op->audit, &error);
      JsonObject *o;

      g_assert_no_error (error);
      o = json_node_get_object (audit);
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, op->op_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, json_object_get_string_member (o, "hash"), -1,
                         SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, json_object_get_int_member (o, "seq"));
      sqlite3_bind_text (stmt, 4, json_object_get_string_member (o, "prev"), -1,
                         SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    }
  sqlite3_finalize (stmt);
}

/* An op written before its entry was kept by reference (schema 16)
 * still carries the copy it was written with. */
static void
test_audit_older_op (Fixture       *f,
                     gconstpointer  data)
{
  const char *old_entry = "{\"seq\":1,\"hash\":\"written-before-16\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (pt_store_get_db (f->store),
                                       "UPDATE outbox SET audit = ?1, audit_rid = NULL"
                                       " WHERE seq = (SELECT min (seq) FROM outbox)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, old_entry, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  ops = pt_store_outbox_peek (f->store, 1000, G_MAXSIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, >=, 2);
  g_assert_cmpstr (((PtStoreOp *) g_ptr_array_index (ops, 0))->audit, ==, old_entry);
  /* The others carry their entries from the trail. */
  g_assert_nonnull (strstr (((PtStoreOp *) g_ptr_array_index (ops, 1))->audit, "\"seq\":2,"));
}

/* An op whose entry is gone from the trail does not leave without it:
 * reading the outbox fails, naming the entry, and sends nothing. */
static void
test_audit_entry_gone (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *rid = NULL;
  gint64 first = pt_test_count_rows (f->store, "SELECT audit_rid FROM outbox"
                                               " WHERE seq = (SELECT max (seq) FROM outbox)");

  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (sqlite3_exec (pt_store_get_db (f->store),
                                 "DELETE FROM audit_log WHERE rid = (SELECT audit_rid FROM outbox"
                                 " WHERE seq = (SELECT max (seq) FROM outbox))",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  ops = pt_store_outbox_peek (f->store, 1000, G_MAXSIZE, &error);
  g_assert_null (ops);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
  rid = g_strdup_printf ("%" G_GINT64_FORMAT, first);
  g_assert_nonnull (strstr (error->message, rid));
  /* The ops before it read as before once it is back out of the way. */
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (pt_store_get_db (f->store),
                                 "DELETE FROM outbox WHERE seq = (SELECT max (seq) FROM outbox)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = pt_store_outbox_peek (f->store, 1000, G_MAXSIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, >=, 1);
  g_assert_nonnull (((PtStoreOp *) g_ptr_array_index (ops, 0))->audit);
}

static void
test_audit_tamper (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtAuditRow) bad = NULL;
  g_autofree char *problem = NULL;
  sqlite3 *db = NULL;
  gint64 n = 0;
  g_autoptr(GPtrArray) ops = NULL;

  /* Someone with the file and sqlite3 rewrites an old entry. */
  g_assert_cmpint (sqlite3_open (f->tmp.db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET changes = replace (changes, '1000', '9000')"
                                 " WHERE seq = 3", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);

  g_assert_true (pt_store_audit_verify (f->store, &n, NULL, &bad, &problem, &error));
  g_assert_no_error (error);
  g_assert_nonnull (bad);
  g_assert_cmpint (bad->seq, ==, 3);
  g_assert_nonnull (strstr (problem, "hash"));
  g_clear_pointer (&bad, pt_audit_row_free);
  g_clear_pointer (&problem, g_free);

  /* Recomputing that entry's hash is not enough: the next link breaks. */
  g_assert_cmpint (sqlite3_open (f->tmp.db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log WHERE seq = 3", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (pt_store_audit_verify (f->store, &n, NULL, &bad, &problem, &error));
  g_assert_nonnull (bad);
  g_assert_cmpint (bad->seq, ==, 4);
  g_assert_nonnull (strstr (problem, "missing"));

  /* Nor does its op leave without it. */
  ops = pt_store_outbox_peek (f->store, 1000, G_MAXSIZE, &error);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
  g_assert_null (ops);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint role = 0; role < PT_N_ROLES; role++)
    for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
      {
        g_autofree char *path = g_strdup_printf ("/staff/permissions/%s/%s",
                                                 pt_role_to_string (role), actions[a].name);

        g_test_add (path, Fixture, GUINT_TO_POINTER (role * 100 + a), fixture_setup, test_matrix,
                    fixture_teardown);
      }
  g_test_add ("/staff/pin/sign-in", Fixture, NULL, fixture_setup, test_pin_sign_in,
              fixture_teardown);
  g_test_add ("/staff/pin/rate-limit", Fixture, NULL, fixture_setup, test_pin_rate_limit,
              fixture_teardown);
  g_test_add ("/staff/phones/masked", Fixture, NULL, fixture_setup, test_masked_phones,
              fixture_teardown);
  g_test_add ("/audit/chain/entries", Fixture, NULL, fixture_setup, test_audit_entries,
              fixture_teardown);
  g_test_add ("/audit/chain/older-op", Fixture, NULL, fixture_setup, test_audit_older_op,
              fixture_teardown);
  g_test_add ("/audit/chain/entry-gone", Fixture, NULL, fixture_setup, test_audit_entry_gone,
              fixture_teardown);
  g_test_add ("/audit/chain/tamper", Fixture, NULL, fixture_setup, test_audit_tamper,
              fixture_teardown);
  return g_test_run ();
}
