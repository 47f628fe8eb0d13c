/* test-reports.c — the report engine: PDF text, pages, CSV, cards, QR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-card-sheet.h"
#include "pt-report-kinds.h"
#include "pt-report-layout.h"
#include "pt-report-private.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-tiers.h"
#include "pt-store-private.h"
#include "pt-test-util.h"
#include "pt-validation.h"

typedef struct
{
  char    *dir;
  PtStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("patron-reports-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_assert_finalize_object (f->store);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
temp_path (Fixture    *f,
           const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static PtMember *
add_member (PtStore    *store,
            const char *name,
            const char *phone,
            const char *birthday,
            gint64      points)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);
  pt_member_set (member, PT_MEMBER_FIELD_BIRTHDAY, birthday);
  pt_store_add_member (store, member, &error);
  g_assert_no_error (error);

  if (points != 0)
    {
      /* Balances are derived from the points ledger; set the materialised
       * total directly for a report that only reads it. */
      stmt = pt_store_prepare (store, "UPDATE members SET points_balance = ?1 WHERE id = ?2", NULL);
      sqlite3_bind_int64 (stmt, 1, points);
      pt_store_bind_text (stmt, 2, pt_member_get_id (member));
      g_assert_true (pt_store_step_done (store, stmt, NULL));
    }
  return g_steal_pointer (&member);
}

static int
pdf_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = pt_test_run_tool (argv);
  const char *line;

  if (info == NULL)
    return -1;
  line = strstr (info, "Pages:");
  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static PtReport *
build (Fixture    *f,
       const char *kind_id,
       const char *filter)
{
  const PtReportKind *kind = pt_report_kind_lookup (kind_id);
  g_autoptr(GError) error = NULL;
  PtReportParams params;
  PtReport *report;

  g_assert_nonnull (kind);
  pt_report_params_init (&params);
  params.filter = g_strdup (filter);
  params.branch = g_strdup ("Main Street");
  params.now = g_date_time_new_local (2026, 11, 23, 10, 30, 0);
  report = pt_report_kind_build (kind, f->store, &params, &error);
  pt_report_params_clear (&params);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_member_list_pdf (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtMember) wang = add_member (f->store, "王芳", "13800138000", NULL, 1300);
  g_autoptr(PtMember) li = add_member (f->store, "李小龙", "13900139000", NULL, 120);
  g_autoptr(PtMember) ann = add_member (f->store, "Ann Lee", "555 0100", NULL, 80);
  g_autoptr(PtReport) report = build (f, "members", NULL);
  g_autofree char *pdf = temp_path (f, "members.pdf");
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_autoptr(GError) error = NULL;
  const char *pdffonts[] = { "pdffonts", pdf, NULL };

  pt_report_write_pdf (report, pdf, &error);
  g_assert_no_error (error);

  text = pt_test_pdf_text (pdf, 0);
  if (text == NULL)
    return;

  g_assert_nonnull (strstr (text, "Member list"));
  g_assert_nonnull (strstr (text, "王芳"));
  g_assert_nonnull (strstr (text, "李小龙"));
  g_assert_nonnull (strstr (text, "Ann Lee"));
  g_assert_nonnull (strstr (text, pt_member_get_number (wang)));
  /* Phones printed the one way the program shows them (issue 15). */
  g_assert_nonnull (strstr (text, "139 0013 9000"));
  /* The totals row: how many, and the points they hold. */
  g_assert_nonnull (strstr (text, "3 members"));
  g_assert_nonnull (strstr (text, "1,500"));
  /* The footer: branch, date, page number. */
  g_assert_nonnull (strstr (text, "Main Street"));
  g_assert_nonnull (strstr (text, "2026-11-23"));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));

  /* Chinese names are drawn with the Simplified Chinese face, not the
   * Japanese one fontconfig would pick for an English interface. */
  fonts = pt_test_run_tool (pdffonts);
  if (fonts == NULL)
    return;
  g_assert_nonnull (strstr (fonts, "NotoSansCJKsc"));
  g_assert_null (strstr (fonts, "NotoSansCJKjp"));
}

static void
test_member_list_filter (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PtMember) a = add_member (f->store, "王芳", "13800138000", NULL, 0);
  g_autoptr(PtMember) b = add_member (f->store, "王小明", "13800138001", NULL, 0);
  g_autoptr(PtMember) c = add_member (f->store, "Ann Lee", "555 0100", NULL, 0);
  g_autoptr(PtReport) report = build (f, "members", "王");
  PtReportTable *table = pt_report_get_main_table (report);

  g_assert_cmpuint (pt_report_table_get_n_rows (table), ==, 2);
  g_assert_cmpstr (pt_report_table_get_cell (table, 0, 1), ==, "王芳");
  g_assert_cmpstr (pt_report_table_get_cell (table, 1, 1), ==, "王小明");
  g_assert_nonnull (strstr (pt_report_get_subtitle (report), "王"));
}

static void
test_long_list_pages (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtReport) report = NULL;
  g_autoptr(PtPageSource) pages = NULL;
  g_autofree char *pdf = temp_path (f, "long.pdf");
  g_autofree char *first_page = NULL;
  g_autofree char *all = NULL;
  g_autoptr(GError) error = NULL;
  guint per_page, on_first, expected;
  int n_pages;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %03u", i);
      g_autoptr(PtMember) m = add_member (f->store, name, NULL, NULL, 0);
    }

  report = build (f, "members", NULL);
  pt_report_write_pdf (report, pdf, &error);
  g_assert_no_error (error);

  n_pages = pdf_pages (pdf);
  if (n_pages < 0)
    return;

  /* One-line rows of 9 pt type on A4: 40-odd to a page, so 500 rows
   * take a dozen pages, neither one crammed page nor one row a page. */
  g_assert_cmpint (n_pages, >=, 9);
  g_assert_cmpint (n_pages, <=, 15);

  /* Every page but the last is full, so the count follows from the rows
   * on the first page (which has the title) and on the second. */
  first_page = pt_test_pdf_text (pdf, 1);
  on_first = count_occurrences (first_page, "HQ-");
  {
    g_autofree char *second = pt_test_pdf_text (pdf, 2);
    per_page = count_occurrences (second, "HQ-");
  }
  g_assert_cmpuint (on_first, <, per_page);
  expected = 1 + (500 - on_first + per_page - 1) / per_page;
  g_assert_cmpint (n_pages, ==, expected);

  for (int page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = pt_test_pdf_text (pdf, page);
      g_autofree char *footer = g_strdup_printf ("Page %d of %d", page, n_pages);

      /* The header repeats on every page, and the page says where it is. */
      g_assert_nonnull (strstr (text, "Number"));
      g_assert_nonnull (strstr (text, "Points"));
      g_assert_nonnull (strstr (text, footer));
    }

  /* Every member is printed once, none lost at a page break. */
  all = pt_test_pdf_text (pdf, 0);
  g_assert_cmpuint (count_occurrences (all, "HQ-"), ==, 500);
  g_assert_nonnull (strstr (all, "Member 000"));
  g_assert_nonnull (strstr (all, "Member 499"));
  g_assert_nonnull (strstr (all, "500 members"));

  pages = pt_report_paginate (report, PT_REPORT_A4_WIDTH, PT_REPORT_A4_HEIGHT,
                              PT_REPORT_PDF_MARGIN);
  g_assert_cmpuint (pt_page_source_get_n_pages (pages), ==, n_pages);
  g_assert_cmpint (pt_report_layout_find_row_page (PT_REPORT_LAYOUT (pages), 0, 499), ==,
                   n_pages - 1);
}

static void
test_wrapped_text (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PtReport) report = pt_report_new ("Wrapping");
  g_autoptr(PtPageSource) pages = NULL;
  g_autofree char *pdf = temp_path (f, "wrap.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  PtReportTable *table = pt_report_add_table (report, "Notes");
  const char *long_text = "alpha bravo charlie delta echo foxtrot golf hotel india juliet "
                          "kilo lima mike november oscar papa quebec romeo sierra tango";

  pt_report_table_add_column (table, "Key", 1, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, "Text", 1, PT_REPORT_ALIGN_START);
  pt_report_table_add_row_values (table, "k1", long_text);
  pt_report_table_add_row_values (table, "k2", "short");
  pt_report_write_pdf (report, pdf, &error);
  g_assert_no_error (error);

  text = pt_test_pdf_text (pdf, 0);
  if (text == NULL)
    return;

  /* Wrapped over several lines, every word still printed. */
  g_assert_nonnull (strstr (text, "alpha"));
  g_assert_nonnull (strstr (text, "tango"));
  g_assert_null (strstr (text, "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo"));
  g_assert_nonnull (strstr (text, "short"));
}

/* RFC 4180 reader: returns rows of cells; NULL on malformed input. */
static GPtrArray *
parse_csv (const char *text)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *p = text;

  g_assert_true (g_str_has_prefix (p, "\xef\xbb\xbf"));
  p += 3;

  while (*p)
    {
      if (*p == '"')
        {
          for (p++; ; p++)
            {
              if (*p == '\0')
                return NULL;
              if (*p == '"' && p[1] == '"')
                g_string_append_c (cell, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (cell, *p);
            }
          p++;
          if (*p != ',' && *p != '\r' && *p != '\0')
            return NULL;
        }
      else
        while (*p && *p != ',' && *p != '\r' && *p != '\n' && *p != '"')
          g_string_append_c (cell, *p++);

      if (*p == '"' || *p == '\n')
        return NULL;   /* a bare quote or LF outside quotes */

      g_ptr_array_add (row, pt_report_csv_unprotect (cell->str));
      g_string_truncate (cell, 0);
      if (*p == ',')
        {
          p++;
          continue;
        }
      if (*p == '\r')
        {
          if (p[1] != '\n')
            return NULL;
          p += 2;
        }
      g_ptr_array_add (row, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
    }

  return g_steal_pointer (&rows);
}

static void
test_csv_cells (void)
{
  static const char * const cases[][2] = {
    { "plain", "plain" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\r\nlines", "\"two\r\nlines\"" },
    { "=1+2", "'=1+2" },
    { "+86 138", "'+86 138" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0" },
    { "\tx", "'\tx" },
    { "-12.50", "-12.50" },
    { "-1,234", "\"-1,234\"" },
    { "'=x", "''=x" },
    { "'plain", "'plain" },
    { "王芳", "王芳" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = pt_report_csv_cell (cases[i][0]);
      g_autofree char *csv = g_strdup_printf ("\xef\xbb\xbf%s\r\n", cell);
      g_autoptr(GPtrArray) rows = NULL;

      g_assert_cmpstr (cell, ==, cases[i][1]);
      rows = parse_csv (csv);
      g_assert_nonnull (rows);
      g_assert_cmpuint (rows->len, ==, 1);
      g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, cases[i][0]);
    }
}

static void
test_csv_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PtMember) wang = add_member (f->store, "王芳", "13800138000", NULL, 1300);
  g_autoptr(PtMember) eq = add_member (f->store, "=HYPERLINK(\"x\")", "+1 555 0100", NULL, -5);
  g_autoptr(PtReport) report = build (f, "members", NULL);
  PtReportTable *table = pt_report_get_main_table (report);
  g_autofree char *path = temp_path (f, "members.csv");
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  pt_report_write_csv (report, path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));

  /* No cell may start a formula once opened in a spreadsheet. */
  g_assert_null (strstr (csv, ",=HYPERLINK"));
  g_assert_nonnull (strstr (csv, "'=HYPERLINK"));

  rows = parse_csv (csv);
  g_assert_nonnull (rows);
  /* Header, two members, totals. */
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      g_assert_cmpuint (g_strv_length (cells), ==, pt_report_table_get_n_columns (table));
      for (guint c = 0; cells[c]; c++)
        {
          const char *expected = r == 0 ? pt_report_table_get_column_title (table, c)
                               : r == 3 ? pt_report_table_get_total (table, c)
                               : pt_report_table_get_cell (table, r - 1, c);
          g_assert_cmpstr (cells[c], ==, expected);
        }
    }
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[1], ==, "王芳");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[1], ==, "=HYPERLINK(\"x\")");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[7], ==, "-5");
}

static void
test_blns (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PtReport) report = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf = temp_path (f, "blns.pdf");
  g_autoptr(GError) error = NULL;
  JsonArray *strings;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_test_skip_printf ("no blns.json: %s", error->message);
      return;
    }

  strings = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      g_autoptr(PtMember) member = pt_member_new ();
      g_autoptr(GError) local_error = NULL;

      pt_member_set (member, PT_MEMBER_FIELD_NAME, json_array_get_string_element (strings, i));
      if (!pt_store_add_member (f->store, member, &local_error))
        {
          g_assert_error (local_error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_NAME);
          continue;
        }
      g_hash_table_insert (names, g_strdup (pt_member_get_number (member)),
                           g_strdup (pt_member_get_name (member)));
    }
  g_assert_cmpuint (g_hash_table_size (names), >, 400);

  report = build (f, "members", NULL);
  csv = pt_report_to_csv (report);
  rows = parse_csv (csv);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, g_hash_table_size (names) + 2);

  /* Every stored name comes back from the CSV exactly. */
  for (guint r = 1; r + 1 < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      g_assert_cmpuint (g_strv_length (cells), ==, 8);
      g_assert_cmpstr (cells[1], ==, g_hash_table_lookup (names, cells[0]));
      g_hash_table_remove (names, cells[0]);
    }
  g_assert_cmpuint (g_hash_table_size (names), ==, 0);

  /* And the PDF of the same list is made, every page. */
  pt_report_write_pdf (report, pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pdf_pages (pdf), !=, 0);
}

/* Renders the @width × @height points at (@x, @y) of page @page at 300
 * dpi and returns what zbarimg reads there. */
static char *
decode_qr (Fixture      *f,
           PtPageSource *pages,
           guint         page,
           double        x,
           double        y,
           double        width,
           double        height)
{
  g_autofree char *png = temp_path (f, "card.png");
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  double scale = 300.0 / 72.0;
  cairo_surface_t *surface;
  cairo_t *cr;
  char *out;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (width * scale),
                                        (int) (height * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -x, -y);
  pt_page_source_draw_page (pages, cr, page);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  out = pt_test_run_tool (argv);
  return out ? g_strstrip (out) : NULL;
}

static void
test_card_qr (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PtMember) wang = add_member (f->store, "王芳", NULL, NULL, 0);
  const PtReportKind *kind = pt_report_kind_lookup ("cards");
  g_autoptr(PtReport) report = NULL;
  g_autoptr(PtPageSource) pages = NULL;
  g_autofree char *decoded = NULL;
  g_autoptr(GError) error = NULL;
  PtReportParams params;
  double width, height;

  pt_report_params_init (&params);
  params.member = g_strdup (pt_member_get_number (wang));
  params.shop = g_strdup ("Café Lumière");
  params.single_cards = TRUE;
  report = pt_report_kind_build (kind, f->store, &params, &error);
  pt_report_params_clear (&params);
  g_assert_no_error (error);

  pages = pt_report_paginate (report, PT_REPORT_A4_WIDTH, PT_REPORT_A4_HEIGHT, 0);
  g_assert_cmpuint (pt_page_source_get_n_pages (pages), ==, 1);
  pt_page_source_get_page_size (pages, &width, &height);
  /* CR80: 85.6 × 54 mm. */
  g_assert_cmpfloat_with_epsilon (width / 72 * 25.4, 85.6, 0.01);
  g_assert_cmpfloat_with_epsilon (height / 72 * 25.4, 54.0, 0.01);

  decoded = decode_qr (f, pages, 0, 0, 0, width, height);
  if (decoded == NULL)
    return;
  g_assert_cmpstr (decoded, ==, pt_member_get_number (wang));
}

static void
test_card_sheet (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PtReport) report = NULL;
  g_autoptr(PtPageSource) pages = NULL;
  g_autofree char *pdf = temp_path (f, "cards.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("Card Holder %u", i);
      g_autoptr(PtMember) m = add_member (f->store, name, NULL, NULL, 0);
    }

  report = build (f, "cards", NULL);
  g_assert_cmpuint (pt_report_get_cards (report)->len, ==, 12);
  pages = pt_report_paginate (report, PT_REPORT_A4_WIDTH, PT_REPORT_A4_HEIGHT, 0);
  /* Ten to a sheet. */
  g_assert_cmpuint (pt_page_source_get_n_pages (pages), ==, 2);
  {
    guint page;
    double x, y;

    pt_card_sheet_get_position (PT_CARD_SHEET (pages), 9, &page, &x, &y);
    g_assert_cmpuint (page, ==, 0);
    g_assert_cmpfloat (y + PT_CARD_HEIGHT, <=, PT_REPORT_A4_HEIGHT);
    g_assert_cmpfloat (x + PT_CARD_WIDTH, <=, PT_REPORT_A4_WIDTH);
    pt_card_sheet_get_position (PT_CARD_SHEET (pages), 10, &page, &x, &y);
    g_assert_cmpuint (page, ==, 1);
  }

  pt_report_write_pdf (report, pdf, &error);
  g_assert_no_error (error);
  text = pt_test_pdf_text (pdf, 1);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "Card Holder 0"));
  g_assert_nonnull (strstr (text, "HQ-000010"));
  g_assert_null (strstr (text, "HQ-000011"));

  /* Each of the ten cards on the first sheet scans as its own number. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *expected = g_strdup_printf ("HQ-%06u", i + 1);
      g_autofree char *decoded = NULL;
      guint page;
      double x, y;

      pt_card_sheet_get_position (PT_CARD_SHEET (pages), i, &page, &x, &y);
      decoded = decode_qr (f, pages, page, x, y, PT_CARD_WIDTH, PT_CARD_HEIGHT);
      if (decoded == NULL)
        return;
      g_assert_cmpstr (decoded, ==, expected);
    }
}

static void
test_birthdays (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PtMember) a = add_member (f->store, "Late November", NULL, "1990-11-28", 0);
  g_autoptr(PtMember) b = add_member (f->store, "Early November", NULL, "1985-11-02", 0);
  g_autoptr(PtMember) c = add_member (f->store, "October", NULL, "1990-10-15", 0);
  g_autoptr(PtMember) d = add_member (f->store, "No birthday", NULL, NULL, 0);
  g_autoptr(PtReport) report = build (f, "birthdays", NULL);
  PtReportTable *table = pt_report_get_main_table (report);

  g_assert_nonnull (strstr (pt_report_get_title (report), "November 2026"));
  g_assert_cmpuint (pt_report_table_get_n_rows (table), ==, 2);
  g_assert_cmpstr (pt_report_table_get_cell (table, 0, 1), ==, "Early November");
  g_assert_cmpstr (pt_report_table_get_cell (table, 0, 0), ==, "11-02");
  g_assert_cmpstr (pt_report_table_get_cell (table, 0, 4), ==, "41");
  g_assert_cmpstr (pt_report_table_get_cell (table, 1, 1), ==, "Late November");
}

static void
test_unavailable_and_arguments (Fixture       *f,
                                gconstpointer  data)
{
  const PtReportKind *kind;
  g_autoptr(PtReport) campaigns = NULL;
  g_autoptr(PtReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = temp_path (f, "campaigns.pdf");
  g_autofree char *text = NULL;
  PtReportParams params;

  pt_report_params_init (&params);

  /* Cards for nobody is refused with a reason. */
  kind = pt_report_kind_lookup ("cards");
  report = pt_report_kind_build (kind, f->store, &params, &error);
  g_assert_null (report);
  g_assert_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID);
  g_clear_error (&error);

  g_date_set_dmy (&params.from, 2, 11, 2026);
  g_date_set_dmy (&params.to, 1, 11, 2026);
  kind = pt_report_kind_lookup ("members");
  report = pt_report_kind_build (kind, f->store, &params, &error);
  g_assert_null (report);
  g_assert_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID);
  g_clear_error (&error);
  pt_report_params_clear (&params);

  g_assert_null (pt_report_kind_lookup ("nonsense"));

  /* No campaign was launched yet: the report says so. */
  campaigns = build (f, "campaign", NULL);
  pt_report_write_pdf (campaigns, pdf, &error);
  g_assert_no_error (error);
  text = pt_test_pdf_text (pdf, 0);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "No campaigns"));
}

/* Loyalty data ------------------------------------------------------------- */

static void
save_tier (PtStore    *store,
           const char *name,
           const char *colour,
           int         rank,
           gint64      min_spend)
{
  g_autoptr(PtTier) tier = pt_tier_new ();
  g_autoptr(GError) error = NULL;

  pt_tier_set_name (tier, name);
  pt_tier_set_colour (tier, colour);
  pt_tier_set_rank (tier, rank);
  pt_tier_set_min_spend (tier, min_spend);
  pt_store_save_tier (store, tier, &error);
  g_assert_no_error (error);
}

static void
sale (PtStore    *store,
      PtMember   *member,
      gint64      amount,
      int         days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) at = g_date_time_add_days (now, -days_ago);
  g_autoptr(GError) error = NULL;
  PtPurchase *p;

  p = pt_store_record_purchase (store, pt_member_get_id (member), PT_PURCHASE_SALE, amount, at,
                                NULL, &error);
  g_assert_no_error (error);
  pt_purchase_free (p);
}

/* Three members: Ann buys ¥600 twice (and reaches Silver), 王芳 ¥100,
 * Bob nothing. Points: 1 per ¥1, lots expire a month after earning. */
static void
seed_loyalty (Fixture   *f,
              PtMember **ann,
              PtMember **wang,
              PtMember **bob)
{
  PtPointsRules rules;
  g_autoptr(GError) error = NULL;

  pt_store_get_points_rules (f->store, &rules);
  rules.expiry = PT_EXPIRY_MONTHS;
  rules.expiry_months = 1;
  pt_store_set_points_rules (f->store, &rules, &error);
  g_assert_no_error (error);

  save_tier (f->store, "Regular", "#9a9996", 0, 0);
  save_tier (f->store, "Silver", "#77767b", 1, 100000);
  save_tier (f->store, "Gold", "#e5a50a", 2, 500000);

  *ann = add_member (f->store, "Ann Lee", NULL, NULL, 0);
  *wang = add_member (f->store, "王芳", NULL, NULL, 0);
  *bob = add_member (f->store, "Bob Stone", NULL, NULL, 0);
  sale (f->store, *ann, 60000, 12);
  sale (f->store, *ann, 60000, 10);
  sale (f->store, *wang, 10000, 10);
}

static PtReport *
build_with (Fixture        *f,
            const char     *kind_id,
            PtReportParams *params)
{
  g_autoptr(GError) error = NULL;
  PtReport *report;

  report = pt_report_kind_build (pt_report_kind_lookup (kind_id), f->store, params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static char *
pdf_text_of (Fixture    *f,
             PtReport   *report,
             const char *name)
{
  g_autofree char *pdf = temp_path (f, name);
  g_autoptr(GError) error = NULL;
  const char *keep = g_getenv ("PATRON_TEST_KEEP_DIR");

  pt_report_write_pdf (report, pdf, &error);
  g_assert_no_error (error);
  if (keep != NULL)
    {
      /* For a person to look at the result. */
      g_autofree char *copy = g_build_filename (keep, name, NULL);
      g_autofree char *bytes = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
      g_assert_true (g_file_set_contents (copy, bytes, len, NULL));
    }
  return pt_test_pdf_text (pdf, 0);
}

static void
test_statement (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PtMember) ann = NULL, wang = NULL, bob = NULL;
  g_autoptr(PtReport) report = NULL;
  g_autofree char *text = NULL;
  PtReportParams params;
  PtReportTable *ledger;

  seed_loyalty (f, &ann, &wang, &bob);
  pt_report_params_init (&params);
  params.member = g_strdup (pt_member_get_number (ann));
  report = build_with (f, "statement", &params);
  pt_report_params_clear (&params);

  ledger = pt_report_get_main_table (report);
  g_assert_cmpuint (pt_report_table_get_n_rows (ledger), ==, 2);
  g_assert_cmpstr (pt_report_table_get_cell (ledger, 0, 4), ==, "+600");
  g_assert_cmpstr (pt_report_table_get_cell (ledger, 0, 5), ==, "600");
  g_assert_cmpstr (pt_report_table_get_cell (ledger, 1, 5), ==, "1,200");
  g_assert_cmpstr (pt_report_table_get_total (ledger, 5), ==, "1,200");

  /* A period that starts after the first purchase carries it forward. */
  {
    g_autoptr(PtReport) later = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    PtReportTable *table;

    pt_report_params_init (&params);
    params.member = g_strdup (pt_member_get_number (ann));
    g_date_set_dmy (&params.to, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                    g_date_time_get_year (now));
    params.from = params.to;
    g_date_subtract_days (&params.from, 11);
    later = build_with (f, "statement", &params);
    pt_report_params_clear (&params);

    table = pt_report_get_main_table (later);
    g_assert_cmpuint (pt_report_table_get_n_rows (table), ==, 2);
    g_assert_cmpstr (pt_report_table_get_cell (table, 0, 1), ==, "Brought forward");
    g_assert_cmpstr (pt_report_table_get_cell (table, 0, 5), ==, "600");
    g_assert_cmpstr (pt_report_table_get_cell (table, 1, 4), ==, "+600");
    g_assert_cmpstr (pt_report_table_get_total (table, 4), ==, "+600");
    g_assert_cmpstr (pt_report_table_get_total (table, 5), ==, "1,200");
  }

  text = pdf_text_of (f, report, "statement.pdf");
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "Member statement"));
  g_assert_nonnull (strstr (text, "Ann Lee"));
  g_assert_nonnull (strstr (text, "Silver"));
  g_assert_nonnull (strstr (text, "Points ledger"));
  g_assert_nonnull (strstr (text, "Open lots"));
  g_assert_nonnull (strstr (text, "Coupons"));
  g_assert_nonnull (strstr (text, "Balance: 1,200 points"));
  /* Both lots end within the next 30 days. */
  g_assert_nonnull (strstr (text, "1,200 points expire in the next 30 days"));
}

static void
test_pyramid (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PtMember) ann = NULL, wang = NULL, bob = NULL;
  g_autoptr(PtReport) report = NULL;
  g_autofree char *text = NULL;
  PtReportParams params;
  PtReportTable *table;
  PtReportChart *chart;

  seed_loyalty (f, &ann, &wang, &bob);
  pt_report_params_init (&params);
  report = build_with (f, "pyramid", &params);

  table = pt_report_get_main_table (report);
  g_assert_cmpuint (pt_report_table_get_n_rows (table), ==, 3);
  g_assert_cmpstr (pt_report_table_get_cell (table, 0, 0), ==, "Gold");
  g_assert_cmpstr (pt_report_table_get_cell (table, 0, 1), ==, "0");
  g_assert_cmpstr (pt_report_table_get_cell (table, 1, 0), ==, "Silver");
  g_assert_cmpstr (pt_report_table_get_cell (table, 1, 1), ==, "1");
  g_assert_cmpstr (pt_report_table_get_cell (table, 2, 0), ==, "Regular");
  g_assert_cmpstr (pt_report_table_get_cell (table, 2, 1), ==, "2");
  g_assert_cmpstr (pt_report_table_get_cell (table, 2, 2), ==, "66.7%");
  g_assert_cmpstr (pt_report_table_get_total (table, 1), ==, "3");

  chart = pt_report_get_chart (report, 0);
  g_assert_nonnull (chart);
  g_assert_cmpuint (pt_report_chart_get_n_items (chart), ==, 3);
  g_assert_cmpstr (pt_report_chart_get_label (chart, 0), ==, "Regular");
  g_assert_cmpfloat (pt_report_chart_get_value (chart, 0), ==, 2);

  text = pdf_text_of (f, report, "pyramid.pdf");
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "Tier pyramid"));
  g_assert_nonnull (strstr (text, "66.7%"));
}

static const char *
figure (PtReportTable *table,
        const char    *measure)
{
  for (guint r = 0; r < pt_report_table_get_n_rows (table); r++)
    if (g_strcmp0 (pt_report_table_get_cell (table, r, 0), measure) == 0)
      return pt_report_table_get_cell (table, r, 1);
  g_error ("no measure %s", measure);
  return NULL;
}

static void
test_kpi (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(PtMember) ann = NULL, wang = NULL, bob = NULL;
  g_autoptr(PtReport) report = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  PtReportParams params;
  PtReportTable *table;

  seed_loyalty (f, &ann, &wang, &bob);
  pt_report_params_init (&params);
  g_date_set_dmy (&params.to, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  params.from = params.to;
  g_date_subtract_days (&params.from, 60);
  report = build_with (f, "kpi", &params);
  pt_report_params_clear (&params);

  table = pt_report_get_main_table (report);
  g_assert_cmpstr (figure (table, "Members"), ==, "3");
  g_assert_cmpstr (figure (table, "New members"), ==, "3");
  g_assert_cmpstr (figure (table, "Purchases and visits"), ==, "3");
  g_assert_nonnull (strstr (figure (table, "Revenue"), "1,300.00"));
  g_assert_nonnull (strstr (figure (table, "ARPU"), "433.33"));
  g_assert_cmpstr (figure (table, "Active, 30 days"), ==, "66.7%");
  g_assert_cmpstr (figure (table, "Repeat-purchase rate"), ==, "50.0%");
  g_assert_cmpstr (figure (table, "Points liability"), ==, "1,300");
  /* Nobody was a member before the period: growth has no base. */
  g_assert_cmpstr (figure (table, "Growth"), ==, "—");

  text = pdf_text_of (f, report, "kpi.pdf");
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "Key figures"));
  g_assert_nonnull (strstr (text, "Revenue per month"));
}

static void
test_expiring (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtMember) ann = NULL, wang = NULL, bob = NULL;
  g_autoptr(PtReport) month = NULL;
  g_autoptr(PtReport) week = NULL;
  g_autofree char *text = NULL;
  PtReportParams params;
  PtReportTable *table;

  seed_loyalty (f, &ann, &wang, &bob);
  pt_report_params_init (&params);
  params.days = 30;
  month = build_with (f, "expiring", &params);
  params.days = 5;
  week = build_with (f, "expiring", &params);
  pt_report_params_clear (&params);

  /* Earned 10 and 12 days ago, a month's life: all end in 18 to 21 days. */
  table = pt_report_get_main_table (month);
  g_assert_cmpuint (pt_report_table_get_n_rows (table), ==, 3);
  g_assert_cmpstr (pt_report_table_get_cell (table, 0, 1), ==, pt_member_get_number (ann));
  g_assert_cmpstr (pt_report_table_get_total (table, 4), ==, "1,300");
  g_assert_cmpstr (pt_report_table_get_total (table, 2), ==, "2 members");
  g_assert_cmpuint (pt_report_table_get_n_rows (pt_report_get_main_table (week)), ==, 0);

  text = pdf_text_of (f, month, "expiring.pdf");
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "王芳"));
  g_assert_nonnull (strstr (text, "1,300"));
}

static void
test_card_tier_colour (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PtMember) ann = NULL, wang = NULL, bob = NULL;
  g_autoptr(PtReport) report = NULL;
  PtReportParams params;
  PtCard *card;

  seed_loyalty (f, &ann, &wang, &bob);
  pt_report_params_init (&params);
  params.member = g_strdup (pt_member_get_number (ann));
  report = build_with (f, "cards", &params);
  pt_report_params_clear (&params);

  card = g_ptr_array_index (pt_report_get_cards (report), 0);
  g_assert_cmpstr (card->tier, ==, "Silver");
  g_assert_cmpstr (card->colour, ==, "#77767b");
}

static void
test_ui_language (void)
{
  const char *saved = g_getenv ("LANGUAGE");
  g_autofree char *copy = g_strdup (saved);

  /* Chinese names must be drawn with Chinese glyph shapes: the language
   * Pango gets comes from the interface's. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_cmpstr (pango_language_to_string (pt_report_ui_language ()), ==, "zh-cn");
  g_setenv ("LANGUAGE", "ja_JP.UTF-8", TRUE);
  g_assert_cmpstr (pango_language_to_string (pt_report_ui_language ()), ==, "ja-jp");
  g_setenv ("LANGUAGE", "zh", TRUE);
  g_assert_cmpstr (pango_language_to_string (pt_report_ui_language ()), ==, "zh-cn");

  if (copy != NULL)
    g_setenv ("LANGUAGE", copy, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/reports/csv/cells", test_csv_cells);
  g_test_add_func ("/reports/text/ui-language", test_ui_language);
  ADD ("/reports/members/pdf", test_member_list_pdf);
  ADD ("/reports/members/filter", test_member_list_filter);
  ADD ("/reports/members/long-list-pages", test_long_list_pages);
  ADD ("/reports/layout/wrap", test_wrapped_text);
  ADD ("/reports/csv/round-trip", test_csv_round_trip);
  ADD ("/reports/csv/blns", test_blns);
  ADD ("/reports/cards/qr", test_card_qr);
  ADD ("/reports/cards/sheet", test_card_sheet);
  ADD ("/reports/birthdays", test_birthdays);
  ADD ("/reports/kinds/arguments", test_unavailable_and_arguments);
  ADD ("/reports/statement", test_statement);
  ADD ("/reports/pyramid", test_pyramid);
  ADD ("/reports/kpi", test_kpi);
  ADD ("/reports/expiring", test_expiring);
  ADD ("/reports/cards/tier-colour", test_card_tier_colour);
#undef ADD

  return g_test_run ();
}
