/* test-import-values.c — what the importer makes of cells and headers:
 * dates, amounts and phones as people type them, and the column mapping
 * guessed from English and Chinese headers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pt-import-mapping.h"
#include "pt-import-values.h"
#include "pt-validation.h"

/* Values --------------------------------------------------------------------- */

static void
test_dates (void)
{
  static const struct { const char *text; PtDateOrder order; const char *iso; } good[] = {
    { "2024-03-05", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { "2024/3/5", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { "2024.3.5", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { "2024年3月5日", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { " 2024年03月05日 ", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { "20240305", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { "05.03.2024", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { "03/05/2024", PT_DATE_ORDER_MDY, "2024-03-05" },
    { "05/03/2024", PT_DATE_ORDER_DMY, "2024-03-05" },
    { "25/12/2023", PT_DATE_ORDER_AUTO, "2023-12-25" },
    { "12/25/2023", PT_DATE_ORDER_AUTO, "2023-12-25" },
    { "45356", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { "45356.5", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { "2024-03-05 14:30", PT_DATE_ORDER_AUTO, "2024-03-05" },
    { "2024-03-05T14:30:00", PT_DATE_ORDER_AUTO, "2024-03-05" },
  };
  static const char * const bad[] = {
    "", "2024-02-30", "2024-13-01", "yesterday", "03/05/2024", "1/2", "2024-03", "1E2",
    "2024-03-05 25:00", "2024-03/05", "12345678901", "99.99.9999",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      char iso[16];
      GDate date;
      int seconds;

      g_assert_true (pt_import_parse_date (good[i].text, good[i].order, &date, &seconds, &error));
      g_assert_no_error (error);
      g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &date);
      g_assert_cmpstr (iso, ==, good[i].iso);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;
      int seconds;

      g_assert_false (pt_import_parse_date (bad[i], PT_DATE_ORDER_AUTO, &date, &seconds, &error));
      g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_DATE);
    }

  {
    GDate date;
    int seconds;

    g_assert_true (pt_import_parse_date ("2024-03-05 14:30", PT_DATE_ORDER_AUTO, &date, &seconds,
                                         NULL));
    g_assert_cmpint (seconds, ==, 14 * 3600 + 30 * 60);
    g_assert_true (pt_import_parse_date ("45356.5", PT_DATE_ORDER_AUTO, &date, &seconds, NULL));
    g_assert_cmpint (seconds, ==, 12 * 3600);
  }
}

static void
test_amounts (void)
{
  static const struct { const char *text; gint64 minor; } good[] = {
    { "12", 1200 }, { "12.5", 1250 }, { "12,50", 1250 }, { "¥1,234.50", 123450 },
    { "￥ 1,234.50", 123450 }, { "1.234,50 元", 123450 }, { "$12", 1200 }, { "88元", 8800 },
    { "1 234,50", 123450 }, { "RMB 99.9", 9990 }, { "1,234,567", 123456700 },
    { "-5", -500 }, { "(5.00)", -500 }, { "CNY1234", 123400 },
  };
  static const char * const bad[] = {
    "", "abc", "12.345", "1,23,4", "¥", "1.2.3,4,5", "12a", "--5", "1,2345",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = 0;

      g_assert_true (pt_import_parse_amount (good[i].text, "CNY", &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, good[i].minor);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = 0;

      if (pt_import_parse_amount (bad[i], "CNY", &minor, &error))
        g_error ("“%s” was read as %" G_GINT64_FORMAT, bad[i], minor);
      g_assert_nonnull (error);
    }
}

static void
test_phones (void)
{
  static const struct { const char *text; const char *phone; } good[] = {
    { "138 0013 8000", "13800138000" }, { "+86 138-0013-8000", "13800138000" },
    { "0086 13800138000", "13800138000" }, { "8613800138000", "13800138000" },
    { "(0571) 8888-6666", "057188886666" }, { "+852 9123 4567", "+85291234567" },
    { "１３８００１３８０００", "13800138000" },
  };
  static const char * const bad[] = { "1.38001E+10", "call me", "123" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *phone = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (pt_import_parse_phone (good[i].text, &phone, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (phone, ==, good[i].phone);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *phone = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (pt_import_parse_phone (bad[i], &phone, &error));
      g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_PHONE);
    }
}

/* Mapping -------------------------------------------------------------------- */

static void
assert_guess (PtImportKind         kind,
              const char * const  *header_cells,
              const char * const  *expected)   /* field per column, NULL = none */
{
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  guint n_fields = pt_import_kind_n_fields (kind);
  g_autofree int *columns = g_new (int, n_fields);

  for (guint c = 0; header_cells[c]; c++)
    g_ptr_array_add (header, (gpointer) header_cells[c]);
  pt_import_guess_mapping (kind, header, columns);

  for (guint c = 0; header_cells[c]; c++)
    {
      int f = expected[c] ? pt_import_field_index (kind, expected[c]) : -1;

      if (f >= 0)
        g_assert_cmpint (columns[f], ==, (int) c);
    }
  /* No field got a column that should have none. */
  for (guint f = 0; f < n_fields; f++)
    if (columns[f] >= 0)
      g_assert_cmpstr (expected[columns[f]], ==, pt_import_kind_fields (kind)[f]);
}

static void
test_mapping_guess (void)
{
  assert_guess (PT_IMPORT_MEMBERS,
                (const char *[]) { "会员卡号", "姓名", "手机号码", "生日", "性别", "邮箱", "地址",
                                   "城市", "注册日期", "备注", "积分", NULL },
                (const char *[]) { "number", "name", "phone", "birthday", "gender", "email",
                                   "address", "city", "joined_on", "notes", NULL });
  assert_guess (PT_IMPORT_MEMBERS,
                (const char *[]) { "Card No.", "Full Name", "Mobile", "E-mail", "Date of Birth",
                                   "Sex", "City", "Member since", "Marketing", "Colour", NULL },
                (const char *[]) { "number", "name", "phone", "email", "birthday", "gender",
                                   "city", "joined_on", "marketing_consent", NULL });
  assert_guess (PT_IMPORT_MEMBERS,
                (const char *[]) { "客户姓名（必填）", "联系电话", "电子邮箱", NULL },
                (const char *[]) { "name", "phone", "email" });
  assert_guess (PT_IMPORT_PURCHASES,
                (const char *[]) { "卡号", "消费日期", "消费金额", "门店", "流水号", "备注", NULL },
                (const char *[]) { "member", "date", "amount", "branch", "ref", "note" });
  assert_guess (PT_IMPORT_PURCHASES,
                (const char *[]) { "Receipt No", "Member", "Date", "Amount", "Store", NULL },
                (const char *[]) { "ref", "member", "date", "amount", "branch" });
  assert_guess (PT_IMPORT_BALANCES,
                (const char *[]) { "手机号", "积分余额", "到期日", NULL },
                (const char *[]) { "member", "points", "expires" });
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/exchange/values/dates", test_dates);
  g_test_add_func ("/exchange/values/amounts", test_amounts);
  g_test_add_func ("/exchange/values/phones", test_phones);
  g_test_add_func ("/exchange/mapping/guess", test_mapping_guess);

  return g_test_run ();
}
