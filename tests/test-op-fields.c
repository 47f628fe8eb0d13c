/* test-op-fields.c — ops written from fields (a member's create, a
 * purchase) read exactly as ops built as JSON trees: the same payload
 * text, the same audit changes, the same permission
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-json.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-test-util.h"

/* Every kind of character a JSON string escapes, and some it does not. */
#define AWKWARD "Quote \" back\\slash\nnew\ttab\x01\x1f 王芳 ½"

/* The audit changes pt-store-audit.c builds for an op with no before
 * from its payload object: [[key, null, value], ...] in the object's
 * iteration order. Written out here as the reference. */
static char *
reference_changes (JsonObject *payload)
{
  GString *out = g_string_new ("[");
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;
  gboolean first = TRUE;

  json_object_iter_init (&iter, payload);
  while (json_object_iter_next (&iter, &key, &node))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_c (out, '[');
      pt_json_append_string (out, key);
      g_string_append (out, ",null,");
      pt_json_append_node (out, node);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* The payload and the audit changes of the op of @entity_id. */
static void
read_op (PtStore     *store,
         const char  *entity_id,
         char       **payload,
         char       **changes)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (pt_store_get_db (store),
                                       "SELECT o.payload, a.changes FROM outbox o"
                                       " JOIN audit_log a ON a.op_id = o.op_id"
                                       " WHERE o.entity_id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *payload = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *changes = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
assert_op_reads (PtStore    *store,
                 const char *entity_id,
                 JsonObject *reference)
{
  g_autofree char *payload = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *expected_payload = pt_json_object_to_text (reference);
  g_autofree char *expected_changes = reference_changes (reference);

  read_op (store, entity_id, &payload, &changes);
  g_assert_cmpstr (payload, ==, expected_payload);
  g_assert_cmpstr (changes, ==, expected_changes);
}

static void
test_member_create (PtTestStore   *f,
                    gconstpointer  data)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(PtMember) plain = pt_member_new ();
  g_autoptr(JsonObject) reference = NULL;
  g_autoptr(JsonObject) plain_reference = NULL;
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, AWKWARD);
  pt_member_set (member, PT_MEMBER_FIELD_PHONE, "138 1234 5678");
  pt_member_set (member, PT_MEMBER_FIELD_EMAIL, "ann@example.com");
  pt_member_set (member, PT_MEMBER_FIELD_BIRTHDAY, "1990-03-05");
  pt_member_set (member, PT_MEMBER_FIELD_ADDRESS, AWKWARD);
  pt_member_set (member, PT_MEMBER_FIELD_CITY, "杭州");
  pt_member_set (member, PT_MEMBER_FIELD_NOTES, "“curly” and \"straight\"");
  pt_member_set_marketing_consent (member, TRUE);
  g_assert_true (pt_store_add_member (f->store, member, &error));
  g_assert_no_error (error);
  /* As stored: numbered, dated, with its home branch. */
  reference = pt_member_to_json (member, NULL);
  assert_op_reads (f->store, pt_member_get_id (member), reference);

  /* Nothing but a name: the empty fields travel as before. */
  pt_member_set (plain, PT_MEMBER_FIELD_NAME, "Bo");
  g_assert_true (pt_store_add_member (f->store, plain, &error));
  g_assert_no_error (error);
  plain_reference = pt_member_to_json (plain, NULL);
  assert_op_reads (f->store, pt_member_get_id (plain), plain_reference);
}

/* The payload a purchase's op carried when it was built as an object. */
static JsonObject *
purchase_reference (const PtPurchase *p)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", p->id);
  json_object_set_string_member (o, "member_id", p->member_id);
  json_object_set_string_member (o, "kind", p->kind == PT_PURCHASE_VISIT ? "visit" : "sale");
  json_object_set_int_member (o, "amount", p->amount);
  json_object_set_string_member (o, "currency", p->currency);
  json_object_set_string_member (o, "at", p->at);
  json_object_set_string_member (o, "day", p->day);
  json_object_set_string_member (o, "branch", p->branch);
  json_object_set_string_member (o, "note", p->note);
  json_object_set_int_member (o, "points", p->points);
  json_object_set_string_member (o, "reverses", p->reverses);
  return o;
}

static void
test_purchase (PtTestStore   *f,
               gconstpointer  data)
{
  g_autoptr(PtMember) ann = pt_test_add_member (f->store, "Ann");
  g_autoptr(GError) error = NULL;
  g_autofree char *reversal_id = NULL;
  PtPurchase *sale;
  PtPurchase *stored;
  PtPurchase *reversal;
  JsonObject *reference;

  sale = pt_store_record_purchase (f->store, pt_member_get_id (ann), PT_PURCHASE_SALE, 12345,
                                   NULL, AWKWARD, &error);
  g_assert_no_error (error);
  stored = pt_store_get_purchase (f->store, sale->id, &error);
  g_assert_no_error (error);
  reference = purchase_reference (stored);
  assert_op_reads (f->store, sale->id, reference);
  json_object_unref (reference);

  /* A reversal: negative amounts, and "reverses" set. */
  reversal_id = pt_store_reverse_purchase (f->store, sale->id, "mistake", &error);
  g_assert_no_error (error);
  reversal = pt_store_get_purchase (f->store, reversal_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reversal->reverses, ==, sale->id);
  reference = purchase_reference (reversal);
  assert_op_reads (f->store, reversal_id, reference);
  json_object_unref (reference);

  pt_purchase_free (reversal);
  pt_purchase_free (stored);
  pt_purchase_free (sale);
}

/* Each rule of the matrix reads a payload given as fields as it reads
 * the same payload as an object. */
static void
test_permission (void)
{
  static const char * const entities[] = {
    "purchase", "points_entry", "member", "coupon", "stock_movement", "staff", "nothing",
  };
  static const char * const ops[] = { "append", "create", "update", "erase", "delete" };
  static const char * const kinds[] = { NULL, "", "earn", "redeem", "reversal", "restock" };

  for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
    for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        for (guint with_amount = 0; with_amount < 2; with_amount++)
          {
            g_autoptr(JsonObject) object = json_object_new ();
            const PtOpField fields[] = {
              { "kind", kinds[k], 0, FALSE },
              { "reverses", kinds[k], 0, FALSE },
              { "redemption_id", kinds[k], 0, FALSE },
              { "campaign_id", NULL, 7, TRUE },
            };
            PtOpFields payload = { fields, with_amount ? 4 : 3, NULL };

            json_object_set_string_member (object, "kind", kinds[k]);
            json_object_set_string_member (object, "reverses", kinds[k]);
            json_object_set_string_member (object, "redemption_id", kinds[k]);
            if (with_amount)
              json_object_set_int_member (object, "campaign_id", 7);
            g_assert_cmpint (pt_permission_for_op_fields (entities[e], ops[o], &payload), ==,
                             pt_permission_for_op (entities[e], ops[o], object));
          }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/store/op-fields/member-create", PtTestStore, NULL, pt_test_store_setup,
              test_member_create, pt_test_store_teardown);
  g_test_add ("/store/op-fields/purchase", PtTestStore, NULL, pt_test_store_setup,
              test_purchase, pt_test_store_teardown);
  g_test_add_func ("/store/op-fields/permission", test_permission);
  return g_test_run ();
}
