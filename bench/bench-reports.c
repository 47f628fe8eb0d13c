/* bench-reports.c — a 10,000-row member list to PDF, beside the raw SQLite
 * time to read the same rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "pt-report-kinds.h"
#include "pt-store-members.h"
#include "pt-store-private.h"

static const char * const surnames[] = { "王", "李", "张", "刘", "陈", "Smith", "García", "Nguyen" };
static const char * const given[] = { "芳", "伟", "秀英", "小龙", "Anna", "José", "Mei", "Oliver" };
static const char * const cities[] = { "上海", "北京", "Shenzhen", "Hangzhou", "成都" };

static void
fill (PtStore *store,
      guint    n)
{
  g_autoptr(GError) error = NULL;

  g_assert (pt_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PtMember) member = pt_member_new ();
      g_autofree char *name = g_strdup_printf ("%s%s %u", surnames[i % 8], given[(i / 8) % 8], i);
      g_autofree char *phone = g_strdup_printf ("138%08u", i);
      g_autofree char *email = g_strdup_printf ("member%u@example.com", i);

      pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
      pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);
      pt_member_set (member, PT_MEMBER_FIELD_EMAIL, email);
      pt_member_set (member, PT_MEMBER_FIELD_CITY, cities[i % 5]);
      if (!pt_store_add_member (store, member, &error))
        g_error ("%s", error->message);
    }
  g_assert (pt_store_commit (store, &error));
}

/* The same rows and columns the report prints, read with bare sqlite3. */
static double
raw_read (const char *path,
          guint      *rows)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 start;
  gsize bytes = 0;

  g_assert (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
  start = g_get_monotonic_time ();
  g_assert (sqlite3_prepare_v2 (db, "SELECT number, name, phone, email, city, joined_on,"
                                " tier_id, points_balance FROM members WHERE deleted = 0"
                                " ORDER BY number, rid", -1, &stmt, NULL) == SQLITE_OK);
  *rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < 7; c++)
        {
          const unsigned char *text = sqlite3_column_text (stmt, c);
          bytes += text ? (gsize) sqlite3_column_bytes (stmt, c) : 0;
        }
      bytes += (gsize) sqlite3_column_int64 (stmt, 7);
      (*rows)++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert (bytes > 0);
  return (g_get_monotonic_time () - start) / 1e6;
}

/* CPU seconds this process used: on a shared machine the wall clock
 * also counts other programs' turns. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int   argc,
      char *argv[])
{
  int n = 10000;
  g_autofree char *keep_pdf = NULL;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &n, "Members in the report (10000)", "N" },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &keep_pdf, "Keep the PDF there, to look at", "FILE" },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("patron-bench-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "patron.db", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "members.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "members.csv", NULL);
  g_autoptr(PtStore) store = NULL;
  g_autoptr(PtReport) report = NULL;
  g_autoptr(PtPageSource) pages = NULL;
  PtReportParams params;
  gint64 t0, t1, t2, t3, t4;
  double cpu0, cpu3;
  double raw;
  guint raw_rows;
  GStatBuf st;

  setlocale (LC_ALL, "");
  bench_parse_options ("A member list to PDF, beside raw SQLite reading the same rows", entries,
                       &argc, &argv);
  /* The older spelling: bench-reports [N [PDF]]. */
  if (argc > 1)
    n = atoi (argv[1]);
  if (argc > 2)
    keep_pdf = g_strdup (argv[2]);
  if (n < 1)
    {
      g_printerr ("bench-reports: --members: give a number above zero\n");
      return 2;
    }

  store = pt_store_open (db_path, &error);
  g_assert_no_error (error);
  g_print ("Filling %d members…\n", n);
  fill (store, (guint) n);

  raw = raw_read (db_path, &raw_rows);

  pt_report_params_init (&params);
  cpu0 = cpu_seconds ();
  t0 = g_get_monotonic_time ();
  report = pt_report_kind_build (pt_report_kind_lookup ("members"), store, &params, &error);
  g_assert_no_error (error);
  t1 = g_get_monotonic_time ();
  pages = pt_report_paginate (report, PT_REPORT_A4_WIDTH, PT_REPORT_A4_HEIGHT,
                              PT_REPORT_PDF_MARGIN);
  t2 = g_get_monotonic_time ();
  pt_page_source_write_pdf (pages, pdf_path, "bench", &error);
  g_assert_no_error (error);
  t3 = g_get_monotonic_time ();
  cpu3 = cpu_seconds ();
  pt_report_write_csv (report, csv_path, &error);
  g_assert_no_error (error);
  t4 = g_get_monotonic_time ();
  pt_report_params_clear (&params);

  g_stat (pdf_path, &st);
  g_print ("raw SQLite read of the same %u rows:  %7.3f s\n", raw_rows, raw);
  g_print ("report built from the store:           %7.3f s\n", (t1 - t0) / 1e6);
  g_print ("paginated (%u pages):                  %7.3f s\n",
           pt_page_source_get_n_pages (pages), (t2 - t1) / 1e6);
  g_print ("drawn to PDF (%.1f MB):                %7.3f s\n",
           st.st_size / 1048576.0, (t3 - t2) / 1e6);
  g_print ("total, store to PDF file:              %7.3f s  (target < 3 s)\n", (t3 - t0) / 1e6);
  g_print ("  of which CPU time of this process:   %7.3f s\n", cpu3 - cpu0);
  g_print ("CSV of the same report:                %7.3f s\n", (t4 - t3) / 1e6);

  /* --pdf keeps the PDF there, to look at. */
  if (keep_pdf != NULL && !g_file_set_contents (keep_pdf, "", 0, NULL))
    g_printerr ("cannot write %s\n", keep_pdf);
  else if (keep_pdf != NULL)
    g_rename (pdf_path, keep_pdf);
  g_unlink (pdf_path);
  g_unlink (csv_path);
  g_clear_object (&pages);
  g_clear_object (&report);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (db_path);
  g_rmdir (dir);
  return 0;
}
