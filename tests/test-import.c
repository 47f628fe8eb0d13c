/* test-import.c — CSV import: encodings, the mapping given, malformed
 * files, re-import, dry run and cancel (values and the header guess:
 * test-import-values.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-csv-reader.h"
#include "pt-exchange-error.h"
#include "pt-importer.h"
#include "pt-import-chunk.h"
#include "pt-json.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-sync.h"
#include "pt-test-util.h"
#include "pt-text-decode.h"
#include "pt-uuid.h"
#include "pt-validation.h"

typedef PtTestStore Fixture;

static gint64
count (Fixture    *f,
       const char *sql)
{
  return pt_test_count_rows (f->store, sql);
}

/* Loads @data (@len bytes, or a string) and runs the import. */
static PtImportResult *
import_bytes (Fixture      *f,
              PtImportKind  kind,
              const char   *data,
              gssize        len,
              const char   *map,
              gboolean      skip,
              gboolean      dry_run)
{
  g_autoptr(PtImporter) importer = pt_importer_new (f->store, kind);
  g_autoptr(GError) error = NULL;
  PtImportResult *result;

  pt_importer_set_map (importer, map);
  pt_importer_set_skip_problems (importer, skip);
  pt_importer_set_create_members (importer, kind != PT_IMPORT_MEMBERS);
  g_assert_true (pt_importer_load_data (importer, data, len < 0 ? strlen (data) : (gsize) len,
                                        &error));
  g_assert_no_error (error);
  result = pt_importer_run (importer, dry_run, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static PtImportProblem *
problem_on (PtImportResult *result,
            guint           line)
{
  for (guint i = 0; i < result->problems->len; i++)
    {
      PtImportProblem *p = g_ptr_array_index (result->problems, i);

      if (p->line == line)
        return p;
    }
  return NULL;
}

static char *
name_of (Fixture    *f,
         const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) member = pt_store_get_member (f->store, number, FALSE, &error);

  g_assert_no_error (error);
  return g_strdup (pt_member_get_name (member));
}

static void
test_mapping_override (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PtImporter) importer = pt_importer_new (f->store, PT_IMPORT_MEMBERS);
  g_autoptr(GError) error = NULL;
  const char *csv = "Who,Tel,Colour\nAda,13800138000,red\n";
  const int *columns;

  /* No header the guess knows for the name: the map must name it. */
  g_assert_false (pt_importer_load_data (importer, csv, strlen (csv), &error));
  g_assert_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_MAPPING);
  g_clear_error (&error);

  pt_importer_set_map (importer, "name=Who,notes=3");
  g_assert_true (pt_importer_load_data (importer, csv, strlen (csv), &error));
  g_assert_no_error (error);
  columns = pt_importer_get_mapping (importer);
  g_assert_cmpint (columns[pt_import_field_index (PT_IMPORT_MEMBERS, "name")], ==, 0);
  g_assert_cmpint (columns[pt_import_field_index (PT_IMPORT_MEMBERS, "phone")], ==, 1);
  g_assert_cmpint (columns[pt_import_field_index (PT_IMPORT_MEMBERS, "notes")], ==, 2);

  pt_importer_set_map (importer, "nmae=Who");
  g_assert_false (pt_importer_load_data (importer, csv, strlen (csv), &error));
  g_assert_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_MAPPING);
  g_clear_error (&error);
  pt_importer_set_map (importer, "name=Nobody");
  g_assert_false (pt_importer_load_data (importer, csv, strlen (csv), &error));
  g_assert_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_MAPPING);
}

/* Encodings ------------------------------------------------------------------ */

/* Twenty members with Chinese names and addresses, in UTF-8. */
static char *
chinese_members_csv (gboolean traditional,
                     char     delimiter)
{
  static const char * const simplified[] = {
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞",
  };
  static const char * const traditional_names[] = {
    "陳大文", "黃美玲", "林志強", "張國榮", "劉德華", "鄭秀文", "郭富城", "關之琳", "許冠傑", "葉麗儀",
  };
  GString *csv = g_string_new (NULL);

  g_string_append_printf (csv, "会员号%c姓名%c手机%c地址%c备注\n", delimiter, delimiter, delimiter,
                          delimiter);
  if (traditional)
    {
      g_string_truncate (csv, 0);
      g_string_append_printf (csv, "會員號%c姓名%c手機%c地址%c備註\n", delimiter, delimiter,
                              delimiter, delimiter);
    }
  for (guint i = 0; i < 20; i++)
    g_string_append_printf (csv, "E%03u%c%s%c1380013%04u%c%s%c%s\n", i, delimiter,
                            traditional ? traditional_names[i % 10] : simplified[i % 10], delimiter,
                            i, delimiter,
                            traditional ? "臺北市中正區重慶南路一段" : "浙江省杭州市西湖区文三路",
                            delimiter,
                            traditional ? "老顧客，喜歡喝咖啡" : "老顾客，喜欢喝咖啡");
  return g_string_free (csv, FALSE);
}

static void
import_encoded (Fixture    *f,
                const char *encoding,
                const char *bom,
                gsize       bom_len,
                gboolean    traditional,
                char        delimiter)
{
  g_autofree char *utf8 = chinese_members_csv (traditional, delimiter);
  g_autofree char *encoded = NULL;
  g_autofree char *with_bom = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtImporter) importer = pt_importer_new (f->store, PT_IMPORT_MEMBERS);
  g_autoptr(PtImportResult) result = NULL;
  gsize len = 0;

  encoded = g_convert (utf8, -1, encoding, "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  with_bom = g_malloc (bom_len + len);
  memcpy (with_bom, bom, bom_len);
  memcpy (with_bom + bom_len, encoded, len);

  g_assert_true (pt_importer_load_data (importer, with_bom, bom_len + len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_importer_get_delimiter (importer), ==, delimiter);
  result = pt_importer_run (importer, FALSE, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < result->problems->len; i++)
    {
      PtImportProblem *p = g_ptr_array_index (result->problems, i);
      g_test_message ("line %u %s “%s”: %s", p->line, p->column, p->value, p->reason);
    }
  g_assert_cmpuint (result->problems->len, ==, 0);
  g_assert_cmpuint (result->imported, ==, 20);

  name = name_of (f, "E001");
  g_assert_cmpstr (name, ==, traditional ? "黃美玲" : "王芳");
  {
    g_autoptr(PtMember) member = pt_store_get_member (f->store, "E009", FALSE, NULL);

    g_assert_cmpstr (pt_member_get_phone (member), ==, "13800130009");
    g_assert_cmpstr (pt_member_get (member, PT_MEMBER_FIELD_NOTES), ==,
                     traditional ? "老顧客，喜歡喝咖啡" : "老顾客，喜欢喝咖啡");
  }
}

static void
test_encoding_utf8 (Fixture *f, gconstpointer data)
{
  import_encoded (f, "UTF-8", "", 0, FALSE, ',');
}

static void
test_encoding_utf8_bom (Fixture *f, gconstpointer data)
{
  import_encoded (f, "UTF-8", "\xef\xbb\xbf", 3, FALSE, ';');
}

static void
test_encoding_gbk (Fixture *f, gconstpointer data)
{
  import_encoded (f, "GBK", "", 0, FALSE, ',');
}

static void
test_encoding_gb18030 (Fixture *f, gconstpointer data)
{
  import_encoded (f, "GB18030", "", 0, FALSE, '\t');
}

static void
test_encoding_big5 (Fixture *f, gconstpointer data)
{
  import_encoded (f, "BIG5", "", 0, TRUE, ',');
}

static void
test_encoding_utf16le (Fixture *f, gconstpointer data)
{
  import_encoded (f, "UTF-16LE", "\xff\xfe", 2, FALSE, '\t');
}

static void
test_encoding_utf16be (Fixture *f, gconstpointer data)
{
  import_encoded (f, "UTF-16BE", "\xfe\xff", 2, TRUE, ',');
}

static void
test_encoding_override (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PtImporter) importer = pt_importer_new (f->store, PT_IMPORT_MEMBERS);
  g_autoptr(GError) error = NULL;
  /* "姓名\n张三\n" in GBK, too short for any detector to be sure. */
  const char gbk[] = "\xd0\xd5\xc3\xfb\n\xd5\xc5\xc8\xfd\n";

  pt_importer_set_encoding (importer, "gbk");
  g_assert_true (pt_importer_load_data (importer, gbk, strlen (gbk), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pt_importer_get_encoding (importer), ==, "GB18030");
  g_assert_cmpstr (g_ptr_array_index (pt_importer_get_header (importer), 0), ==, "姓名");

  pt_importer_set_encoding (importer, "NO-SUCH-ENCODING");
  g_assert_false (pt_importer_load_data (importer, gbk, strlen (gbk), &error));
  g_assert_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_ENCODING);
}

/* Malformed files ------------------------------------------------------------ */

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  /* Line by line: header; good; ragged (too few); good with a newline in
   * a quoted field (lines 4–5); bad date... (members have birthdays);
   * text after a closing quote; NUL byte; too many fields; good; a quote
   * never closed, swallowing the line after it, which is read again. */
  static const char csv[] =
    "number,name,birthday,email\n"                 /* 1 */
    "M1,Ada,1990-01-02,ada@example.com\n"          /* 2 */
    "M2,Bob\n"                                     /* 3 */
    "M3,\"Cy\nRus\",1980-05-06,\n"                 /* 4-5 */
    "M4,Dee,1990-02-30,\n"                         /* 6 */
    "M5,\"Eve\"x,1990-01-01,\n"                    /* 7 */
    "M6,Fa\0y,1990-01-01,\n"                       /* 8 */
    "M7,Gus,1990-01-01,g@example.com,extra\n"      /* 9 */
    "M8,Hal,,hal@\n"                               /* 10 */
    "M9,\"Ivy,1990-01-01,\n"                       /* 11 */
    "M10,Jo,,\n";                                  /* 12 */
  g_autoptr(PtImportResult) result = import_bytes (f, PT_IMPORT_MEMBERS, csv, sizeof csv - 1,
                                                   NULL, TRUE, FALSE);
  PtImportProblem *p;
  g_autofree char *name = NULL;

  g_assert_cmpuint (result->rows, ==, 10);
  g_assert_cmpuint (result->imported, ==, 3);
  g_assert_cmpuint (result->skipped, ==, 7);

  p = problem_on (result, 3);
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->reason, "wrong number of fields"));
  g_assert_null (problem_on (result, 4));
  name = name_of (f, "M3");
  g_assert_cmpstr (name, ==, "Cy\nRus");

  p = problem_on (result, 6);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->column, ==, "birthday");
  g_assert_cmpstr (p->value, ==, "1990-02-30");
  g_assert_nonnull (strstr (p->reason, "not a date"));

  p = problem_on (result, 7);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->reason, ==, "unbalanced quotes");
  p = problem_on (result, 8);
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->reason, "NUL"));
  p = problem_on (result, 9);
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->reason, "wrong number of fields"));
  p = problem_on (result, 10);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->column, ==, "email");
  g_assert_cmpstr (p->value, ==, "hal@");
  p = problem_on (result, 11);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->reason, ==, "unbalanced quotes");

  /* The line after the unclosed quote was read on its own. */
  g_clear_pointer (&name, g_free);
  name = name_of (f, "M10");
  g_assert_cmpstr (name, ==, "Jo");
  g_assert_cmpint (count (f, "SELECT count(*) FROM members"), ==, 3);
}

static void
test_bad_bytes (Fixture       *f,
                gconstpointer  data)
{
  /* GB18030 with one byte that is no character on line 3. */
  g_autofree char *utf8 = chinese_members_csv (FALSE, ',');
  g_autofree char *gbk = NULL;
  g_autoptr(PtImportResult) result = NULL;
  char *line3;
  gsize len = 0;

  gbk = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &len, NULL);
  g_assert_nonnull (gbk);
  line3 = strchr (strchr (gbk, '\n') + 1, '\n') + 1;
  line3[6] = '\xff';
  result = import_bytes (f, PT_IMPORT_MEMBERS, gbk, len, NULL, TRUE, FALSE);
  g_assert_cmpuint (result->imported, ==, 19);
  g_assert_cmpuint (result->skipped, ==, 1);
  g_assert_nonnull (problem_on (result, 3));
  g_assert_nonnull (strstr (problem_on (result, 3)->reason, "GB18030"));
}

static void
test_big_field (Fixture       *f,
                gconstpointer  data)
{
  GString *csv = g_string_new ("number,name,notes\nB1,\"Big\",\"");
  g_autoptr(PtImportResult) result = NULL;
  g_autofree char *name = NULL;
  PtImportProblem *p;

  for (guint i = 0; i < 10 * 1024 * 1024 / 16; i++)
    g_string_append (csv, "0123456789abcd\"\"");
  g_string_append (csv, "\"\nB2,Small,fine\n");

  result = import_bytes (f, PT_IMPORT_MEMBERS, csv->str, csv->len, NULL, TRUE, FALSE);
  g_string_free (csv, TRUE);
  g_assert_cmpuint (result->imported, ==, 1);
  p = problem_on (result, 2);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->column, ==, "notes");
  g_assert_nonnull (strstr (p->reason, "at most"));
  /* The value shown is cut, not ten megabytes. */
  g_assert_cmpuint (strlen (p->value), <, 1000);
  g_assert_true (g_str_has_prefix (p->value, "0123456789abcd\""));
  name = name_of (f, "B2");
  g_assert_cmpstr (name, ==, "Small");
}

static char *
csv_quote (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static void
test_blns_names (Fixture       *f,
                 gconstpointer  data)
{
  const char *testdata = g_getenv ("PATRON_TESTDATA");
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PtImportResult) result = NULL;
  GString *csv = g_string_new ("number,name\n");
  JsonArray *strings;
  guint n, n_expected_ok = 0;

  if (testdata == NULL)
    {
      g_test_skip ("PATRON_TESTDATA is not set");
      g_string_free (csv, TRUE);
      return;
    }
  path = g_build_filename (testdata, "blns.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  strings = json_node_get_array (json_parser_get_root (parser));
  n = json_array_get_length (strings);
  g_assert_cmpuint (n, >, 400);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *quoted = csv_quote (json_array_get_string_element (strings, i));

      g_string_append_printf (csv, "N%04u,%s\n", i, quoted);
    }

  result = import_bytes (f, PT_IMPORT_MEMBERS, csv->str, csv->len, NULL, TRUE, FALSE);
  g_string_free (csv, TRUE);

  g_assert_cmpuint (result->rows, ==, n);
  g_assert_cmpuint (result->imported + result->skipped, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const char *text = json_array_get_string_element (strings, i);
      g_autofree char *number = g_strdup_printf ("N%04u", i);
      g_autofree char *trimmed = pt_import_trim (text);
      g_autoptr(PtMember) member = pt_store_get_member (f->store, number, FALSE, NULL);

      if (*trimmed != '\0' && g_utf8_strlen (trimmed, -1) <= 200)
        {
          /* Every name a person could have typed comes back as it was. */
          n_expected_ok++;
          g_assert_nonnull (member);
          g_assert_cmpstr (pt_member_get_name (member), ==, trimmed);
        }
      else
        {
          g_assert_null (member);
          g_assert_nonnull (problem_on (result, i + 2));
        }
    }
  g_assert_cmpuint (result->imported, ==, n_expected_ok);
}

/* Idempotence, dry run, cancel ----------------------------------------------- */

static const char members_csv[] =
  "卡号,姓名,手机,生日\n"
  "C1,张三,138 0013 8001,1990/3/5\n"
  "C2,李四,138 0013 8002,1991年4月6日\n"
  "C3,王五,+86 138 0013 8003,\n";

static const char purchases_csv[] =
  "会员,日期,金额,备注\n"
  "C1,2024-03-05,\"¥1,234.50\",咖啡豆\n"
  "13800138002,2024/3/6,88元,\n"
  "C1,2024-03-05,\"¥1,234.50\",咖啡豆\n";

static void
test_reimport (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtImportResult) first = NULL;
  g_autoptr(PtImportResult) second = NULL;
  g_autoptr(PtImportResult) third = NULL;
  g_autoptr(PtImportResult) fourth = NULL;
  gint64 outbox;

  first = import_bytes (f, PT_IMPORT_MEMBERS, members_csv, -1, NULL, FALSE, FALSE);
  g_assert_cmpuint (first->imported, ==, 3);
  g_assert_true (first->written);
  third = import_bytes (f, PT_IMPORT_PURCHASES, purchases_csv,
                        -1, "amount=金额", FALSE, FALSE);
  /* Two identical rows are two sales: the row identity counts repeats. */
  g_assert_cmpuint (third->imported, ==, 3);
  g_assert_cmpuint (third->created_members, ==, 0);
  outbox = count (f, "SELECT count(*) FROM outbox");
  g_assert_cmpint (count (f, "SELECT count(*) FROM purchases"), ==, 3);
  g_assert_cmpint (count (f, "SELECT sum(amount) FROM purchases"), ==, 123450 * 2 + 8800);
  /* Imported history earns nothing unless asked. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM points_entries"), ==, 0);

  second = import_bytes (f, PT_IMPORT_MEMBERS, members_csv, -1, NULL, FALSE, FALSE);
  g_assert_cmpuint (second->imported, ==, 0);
  g_assert_cmpuint (second->already, ==, 3);
  fourth = import_bytes (f, PT_IMPORT_PURCHASES, purchases_csv, -1, NULL, FALSE, FALSE);
  g_assert_cmpuint (fourth->imported, ==, 0);
  g_assert_cmpuint (fourth->already, ==, 3);

  g_assert_cmpint (count (f, "SELECT count(*) FROM members"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM purchases"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, outbox);
  /* Everything imported waits in the outbox to sync: the members in one
   * op that lists them all. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE entity = 'member'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE entity = 'member_import'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT json_array_length (payload, '$.members') FROM outbox"
                             " WHERE entity = 'member_import'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE entity = 'purchase'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT json_array_length (payload, '$.purchases') FROM outbox"
                             " WHERE entity = 'purchase_import'"), ==, 3);
}

/* Many members go out in a few ops, each listing every one of its
 * members once, stamped as they were stored. */
static void
test_member_chunks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("name,phone\n");
  g_autoptr(PtImportResult) result = NULL;
  const guint n = PT_MEMBER_CHUNK_SIZE * 2 + 201;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "Member %u,139%08u\n", i, i);
  result = import_bytes (f, PT_IMPORT_MEMBERS, csv->str, -1, NULL, FALSE, FALSE);
  g_assert_cmpuint (result->imported, ==, n);

  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE entity = 'member_import'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT max (json_extract (payload, '$.count')) FROM outbox"
                             " WHERE entity = 'member_import'"), ==, PT_MEMBER_CHUNK_SIZE);
  g_assert_cmpint (count (f, "SELECT count(DISTINCT j.value ->> '$.id')"
                             " FROM outbox, json_each (outbox.payload, '$.members') AS j"
                             " WHERE entity = 'member_import'"), ==, n);
  /* Each member carries its op's stamp, and the op lists it as stored. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM members m JOIN"
                             " (SELECT o.hlc, j.value ->> '$.id' AS id,"
                             "   j.value ->> '$.fields.phone' AS phone"
                             "  FROM outbox o, json_each (o.payload, '$.members') AS j"
                             "  WHERE o.entity = 'member_import') c"
                             " ON c.id = m.id AND c.hlc = m.created_hlc AND c.phone = m.phone"),
                   ==, n);
  /* One audit entry for each op, saying how many, not who. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'member_import'"
                             " AND changes LIKE '[[\"members\",null,%]]'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE changes LIKE '%Member 1%'"), ==,
                   0);
}

static gboolean
apply_pulled (Fixture    *f,
              const char *entity,
              const char *payload)
{
  g_autoptr(PtStoreOp) op = pt_store_op_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  op->op_id = pt_uuid_new ();
  op->entity = g_strdup (entity);
  op->entity_id = pt_uuid_new ();
  op->op = g_strdup ("append");
  op->hlc = g_strdup ("0000018c00000000@north");
  op->branch = g_strdup ("north");
  op->payload = pt_json_parse_object (payload, -1, NULL);
  g_assert_nonnull (op->payload);
  ok = pt_store_sync_apply_op (f->store, op, &error);
  g_assert_no_error (error);
  return ok;
}

/* Another branch's chunks, pulled: each row applied as its own op; one
 * that does not read is left out whole (nothing of its rows written), and
 * the pull goes on. */
static void
test_pulled_chunks (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const broken[] = {
    "{\"count\": 1}",
    "{\"members\": [{\"id\": \"m-1\", \"fields\": {\"name\": \"A\"}}, {\"id\": \"m-2\"}]}",
    "{\"members\": [{\"id\": \"m-1\", \"fields\": {\"name\": \"A\"}}, 7]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    g_assert_true (apply_pulled (f, "member_import", broken[i]));
  g_assert_true (apply_pulled (f, "purchase_import", "{\"purchases\": [{\"fields\": {}}]}"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM purchases"), ==, 0);

  g_assert_true (apply_pulled (f, "member_import",
                               "{\"count\": 2, \"members\": ["
                               "{\"id\": \"m-1\", \"fields\": {\"number\": \"N-1\","
                               " \"name\": \"Ann\", \"joined_on\": \"2024-01-02\"}},"
                               "{\"id\": \"m-2\", \"fields\": {\"number\": \"N-2\","
                               " \"name\": \"Bo\", \"joined_on\": \"2024-01-02\"}}]}"));
  g_assert_true (apply_pulled (f, "purchase_import",
                               "{\"count\": 1, \"purchases\": [{\"id\": \"s-1\", \"fields\":"
                               " {\"member_id\": \"m-2\", \"kind\": \"sale\", \"amount\": 1250,"
                               " \"currency\": \"CNY\", \"at\": \"2024-03-05T10:00:00+08:00\","
                               " \"day\": \"2024-03-05\"}}]}"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM members WHERE created_hlc ="
                             " '0000018c00000000@north'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT amount FROM purchases WHERE id = 's-1'"
                             " AND member_id = 'm-2'"), ==, 1250);
}

static void
test_award_points (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PtImportResult) members = NULL;
  g_autoptr(PtImporter) importer = pt_importer_new (f->store, PT_IMPORT_PURCHASES);
  g_autoptr(PtImportResult) result = NULL;
  g_autoptr(GPtrArray) mismatches = NULL;
  g_autoptr(GError) error = NULL;

  members = import_bytes (f, PT_IMPORT_MEMBERS, members_csv, -1, NULL, FALSE, FALSE);
  pt_importer_set_award_points (importer, TRUE);
  g_assert_true (pt_importer_load_data (importer, purchases_csv, strlen (purchases_csv), &error));
  result = pt_importer_run (importer, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->imported, ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM points_entries WHERE kind = 'earn'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT sum(points) FROM purchases"), >, 0);
  mismatches = pt_store_points_verify (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mismatches->len, ==, 0);
}

static void
test_unknown_members (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtImporter) importer = pt_importer_new (f->store, PT_IMPORT_PURCHASES);
  g_autoptr(PtImportResult) result = NULL;
  g_autoptr(PtImportResult) created = NULL;
  g_autoptr(GError) error = NULL;
  PtImportProblem *p;

  g_assert_true (pt_importer_load_data (importer, purchases_csv, strlen (purchases_csv), &error));
  result = pt_importer_run (importer, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (result->written);
  g_assert_cmpuint (result->skipped, ==, 3);
  p = problem_on (result, 2);
  g_assert_cmpstr (p->column, ==, "会员");
  g_assert_cmpstr (p->value, ==, "C1");
  g_assert_nonnull (strstr (p->reason, "unknown member"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM purchases"), ==, 0);

  created = import_bytes (f, PT_IMPORT_PURCHASES, purchases_csv, -1, NULL, FALSE, FALSE);
  g_assert_cmpuint (created->created_members, ==, 2);
  g_assert_cmpuint (created->imported, ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM members WHERE phone = '13800138002'"), ==, 1);
}

static void
test_balances (Fixture       *f,
               gconstpointer  data)
{
  static const char csv[] =
    "会员号,积分,日期,到期日\n"
    "C1,1,200,2024-01-01,2099-12-31\n"
    "C2,300,,\n"
    "C3,abc,,\n"
    "C3,50,2024-05-01,2024-04-01\n";
  g_autoptr(PtImportResult) members = NULL;
  g_autoptr(PtImportResult) result = NULL;
  g_autoptr(PtImportResult) again = NULL;
  g_autoptr(GPtrArray) mismatches = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) c1 = NULL;

  members = import_bytes (f, PT_IMPORT_MEMBERS, members_csv, -1, NULL, FALSE, FALSE);
  result = import_bytes (f, PT_IMPORT_BALANCES, csv, -1, NULL, TRUE, FALSE);
  /* "1,200" is a thousands separator inside a quoted-less cell: the row
   * has one field too many, and says so. */
  g_assert_cmpuint (result->imported, ==, 1);
  g_assert_cmpuint (result->skipped, ==, 3);
  g_assert_nonnull (strstr (problem_on (result, 2)->reason, "wrong number of fields"));
  g_assert_cmpstr (problem_on (result, 4)->column, ==, "积分");
  g_assert_cmpstr (problem_on (result, 5)->column, ==, "到期日");

  c1 = pt_store_get_member (f->store, "C2", FALSE, &error);
  g_assert_cmpint (pt_member_get_points_balance (c1), ==, 300);
  again = import_bytes (f, PT_IMPORT_BALANCES, csv, -1, NULL, TRUE, FALSE);
  g_assert_cmpuint (again->imported, ==, 0);
  g_assert_cmpuint (again->already, ==, 1);
  mismatches = pt_store_points_verify (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mismatches->len, ==, 0);
}

static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PtImportResult) result = NULL;

  result = import_bytes (f, PT_IMPORT_MEMBERS, members_csv, -1, NULL, FALSE, TRUE);
  g_assert_cmpuint (result->imported, ==, 3);
  g_assert_false (result->written);
  g_assert_cmpint (count (f, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
} CancelState;

static void
cancel_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  CancelState *state = user_data;

  /* Half-way through, as a person pressing Cancel would. */
  if (done >= total / 2 && done > 0)
    g_cancellable_cancel (state->cancellable);
  state->calls++;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PtImporter) importer = pt_importer_new (f->store, PT_IMPORT_MEMBERS);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PtImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GString *csv = g_string_new ("number,name\n");
  CancelState state = { cancellable, 0 };

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (csv, "K%u,Member %u\n", i, i);
  g_assert_true (pt_importer_load_data (importer, csv->str, csv->len, &error));
  g_string_free (csv, TRUE);
  pt_importer_set_progress_func (importer, cancel_progress_cb, &state);

  result = pt_importer_run (importer, FALSE, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_assert_cmpuint (state.calls, >, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, pt_test_store_setup, func, pt_test_store_teardown)
  ADD ("/exchange/mapping/override", test_mapping_override);
  ADD ("/exchange/encoding/utf8", test_encoding_utf8);
  ADD ("/exchange/encoding/utf8-bom", test_encoding_utf8_bom);
  ADD ("/exchange/encoding/gbk", test_encoding_gbk);
  ADD ("/exchange/encoding/gb18030", test_encoding_gb18030);
  ADD ("/exchange/encoding/big5", test_encoding_big5);
  ADD ("/exchange/encoding/utf16le", test_encoding_utf16le);
  ADD ("/exchange/encoding/utf16be", test_encoding_utf16be);
  ADD ("/exchange/encoding/override", test_encoding_override);
  ADD ("/exchange/csv/malformed", test_malformed);
  ADD ("/exchange/csv/bad-bytes", test_bad_bytes);
  ADD ("/exchange/csv/big-field", test_big_field);
  ADD ("/exchange/csv/blns-names", test_blns_names);
  ADD ("/exchange/import/reimport", test_reimport);
  ADD ("/exchange/import/member-chunks", test_member_chunks);
  ADD ("/exchange/import/pulled-chunks", test_pulled_chunks);
  ADD ("/exchange/import/award-points", test_award_points);
  ADD ("/exchange/import/unknown-members", test_unknown_members);
  ADD ("/exchange/import/balances", test_balances);
  ADD ("/exchange/import/dry-run", test_dry_run);
  ADD ("/exchange/import/cancel", test_cancel);
#undef ADD

  return g_test_run ();
}
