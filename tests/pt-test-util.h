/* pt-test-util.h — what the test programs share: temporary databases,
 * members, row counts and running the real patron-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-member.h"
#include "pt-store.h"
#include "pt-store-staff.h"

G_BEGIN_DECLS

/* A temporary folder with a database path in it (the file is not made). */
typedef struct
{
  char *dir;
  char *db_path;
} PtTestDir;

/* A g_test_add () fixture: a temporary folder with a store open in it. */
typedef struct
{
  PtTestDir  dir;
  PtStore   *store;
} PtTestStore;

void      pt_test_dir_init   (PtTestDir   *self);
/* Removes the folder and what is in it. */
void      pt_test_dir_clear  (PtTestDir   *self);
char     *pt_test_dir_file   (PtTestDir   *self,
                              const char  *name);

PtStore  *pt_test_open_store (const char  *path);
void      pt_test_store_setup    (PtTestStore   *self,
                                  gconstpointer  data);
/* Asserts the store is finalized, then removes the folder. */
void      pt_test_store_teardown (PtTestStore   *self,
                                  gconstpointer  data);
/* Adds a member with @name and nothing else, asserting it worked. */
PtMember *pt_test_add_member (PtStore     *store,
                              const char  *name);
/* Renames @member in the store, asserting it worked. */
void      pt_test_rename_member (PtStore    *store,
                                 PtMember   *member,
                                 const char *name);
/* Adds a staff member with @role and the PIN 2468, asserting it worked. */
PtStaff  *pt_test_add_staff  (PtStore     *store,
                              const char  *name,
                              PtRole       role);
/* Adds a member with @name and @phone, @email and @birthday (each may
 * be NULL), asserting it worked. */
PtMember *pt_test_add_contact (PtStore     *store,
                               const char  *name,
                               const char  *phone,
                               const char  *email,
                               const char  *birthday);
/* The single integer @sql (no parameters) answers. */
gint64    pt_test_count_rows (PtStore     *store,
                              const char  *sql);

/* Runs $PATRON_CLI --db @db_path @args in the C.UTF-8 locale; replaces
 * *@out and *@err with what it printed and returns its exit status.
 * A crash fails the test: it is never an acceptable answer. */
int       pt_test_run_cli    (const char          *db_path,
                              const char * const  *args,
                              char               **out,
                              char               **err);

/* Adds @n members whose purchases follow BG/NBD in days (the issue's
 * weekly parameters r 0.24, alpha 4.4 weeks = 30.8 days, a 0.79, b 2.4)
 * and Gamma-Gamma spend (p 6.25, q 3.74, gamma 15.44, in yuan), first
 * purchases spread over 60–540 days before @as_of, from GSL's MT19937
 * seeded with @seed. Appends each member's number to @numbers and
 * whether they bought again to @repeat (gboolean), either may be NULL. */
void      pt_test_fill_history (PtStore   *store,
                                guint      n,
                                gulong     seed,
                                GDateTime *as_of,
                                GPtrArray *numbers,
                                GArray    *repeat);

#define pt_test_cli(db_path, out, err, ...) \
  pt_test_run_cli ((db_path), (const char * const []) { __VA_ARGS__, NULL }, (out), (err))

/* Drops the caller's reference to @object and asserts that it is then
 * finalized, allowing a bounded moment for a worker thread (a GTask that
 * already delivered its result) to let go of its own reference. */
void     pt_test_assert_finalize_soon (gpointer object);

/* Runs a tool and returns its standard output, or NULL (and skips the
 * test) when it is not installed. */
char     *pt_test_run_tool   (const char * const *argv);
/* pdftotext -layout of @pdf's page @page (0: all), or NULL and skipped. */
char     *pt_test_pdf_text   (const char          *pdf,
                              int                  page);

G_END_DECLS
