/* test-gui-import.c — the import assistant from file to summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-import-assistant.h"
#include "pt-store-members.h"

#define WAIT_MS 20000

/* Excel in China saves GB18030; one row has a bad birthday. */
static const char members_csv[] =
  "会员卡号,姓名,手机号,生日\n"
  "V1,张三,138 0013 8001,1990-03-05\n"
  "V2,李四,138 0013 8002,1991-13-45\n"
  "V3,王五,+86 138 0013 8003,\n";

typedef struct
{
  char      *dir;
  char      *csv;
  PtStore   *store;
  PtContext *context;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *gb = NULL;
  gsize gb_len = 0;

  f->dir = g_dir_make_tmp ("test-gui-import-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (db, &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);
  gb = g_convert (members_csv, -1, "GB18030", "UTF-8", NULL, &gb_len, &error);
  g_assert_no_error (error);
  f->csv = g_build_filename (f->dir, "members.csv", NULL);
  g_assert_true (g_file_set_contents (f->csv, gb, gb_len, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->csv);
}

typedef struct
{
  PtImportAssistant *assistant;
  const char        *page;
} PageWait;

static gboolean
on_page (gpointer data)
{
  PageWait *w = data;

  return g_strcmp0 (pt_import_assistant_get_page (w->assistant), w->page) == 0;
}

static void
wait_for_page (PtImportAssistant *assistant,
               const char        *page)
{
  if (!pt_gtk_test_wait_until (on_page, &(PageWait) { assistant, page }, WAIT_MS))
    g_error ("waited for page %s, still on %s", page, pt_import_assistant_get_page (assistant));
}

static void
assert_named (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_named (child);
  if (GTK_IS_BUTTON (widget) || GTK_IS_SWITCH (widget))
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                   (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL) ||
                   gtk_widget_get_tooltip_text (widget) != NULL);
}

static void
test_file_to_summary (Fixture       *f,
                      gconstpointer  data)
{
  PtImportAssistant *assistant = pt_import_assistant_new (f->context);
  g_autoptr(PtMember) found = NULL;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (assistant));
  g_assert_cmpstr (pt_import_assistant_get_page (assistant), ==, "file");
  assert_named (GTK_WIDGET (assistant));

  g_assert_true (pt_import_assistant_load_file (assistant, f->csv, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pt_import_assistant_get_page (assistant), ==, "mapping");

  /* Next: the dry run lists the bad birthday and writes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "import.next", NULL));
  wait_for_page (assistant, "problems");
  g_assert_null (pt_store_get_member (f->store, "V1", FALSE, NULL));

  /* Import, skipping the bad row. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "import.next", NULL));
  wait_for_page (assistant, "summary");
  found = pt_store_get_member (f->store, "V1", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_name (found), ==, "张三");
  g_assert_null (pt_store_get_member (f->store, "V2", FALSE, NULL));
  g_clear_object (&found);
  found = pt_store_get_member (f->store, "V3", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_name (found), ==, "王五");
  assert_named (GTK_WIDGET (assistant));
  gtk_window_destroy (GTK_WINDOW (assistant));
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_NONE))
    return g_test_run ();
  g_test_add ("/gui/import/file-to-summary", Fixture, NULL, fixture_setup, test_file_to_summary,
              fixture_teardown);
  return g_test_run ();
}
