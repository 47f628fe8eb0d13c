/* test-gui-sync.c — the Sync page and the sidebar's sync indicator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"
#include "pt-sync-indicator.h"
#include "pt-sync-page.h"
#include "pt-uuid.h"

typedef struct
{
  char      *dir;
  PtStore   *store;
  PtContext *context;
  GtkWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("patron-gui-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (path, &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (f->window != NULL)
    gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gboolean
add_conflict (PtStore   *store,
              gpointer   user_data,
              GError   **error)
{
  return pt_store_sync_apply_op (store, user_data, error);
}

/* A conflict op as the server logs it, of @kind about @entity_id. */
static PtStoreOp *
conflict_op (const char *kind,
             const char *entity,
             const char *entity_id,
             const char *summary)
{
  PtStoreOp *op = pt_store_op_new ();

  op->op_id = pt_uuid_new ();
  op->entity = g_strdup ("conflict");
  op->entity_id = pt_uuid_new ();
  op->op = g_strdup ("append");
  op->hlc = g_strdup ("0000018c00000000@server");
  op->branch = g_strdup ("server");
  op->payload = json_object_new ();
  json_object_set_string_member (op->payload, "kind", kind);
  json_object_set_string_member (op->payload, "entity", entity);
  json_object_set_string_member (op->payload, "entity_id", entity_id);
  json_object_set_string_member (op->payload, "summary", summary);
  return op;
}

/* A conflict the server found shows with both sides; one click settles it
 * and writes the settlement to the outbox. */
static void
test_conflict_one_click (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *member_a = pt_uuid_new ();
  g_autofree char *member_b = pt_uuid_new ();
  g_autoptr(PtStoreOp) op = conflict_op ("duplicate-member", "member", member_a,
                                         "Wang Fang and 王芳 share 13855556666");
  PtSyncPage *page;
  GtkListBox *list;
  GtkWidget *button;
  JsonObject *left = json_object_new ();
  JsonObject *right = json_object_new ();

  json_object_set_string_member (op->payload, "other_id", member_b);
  json_object_set_string_member (left, "name", "Wang Fang");
  json_object_set_string_member (right, "name", "王芳");
  json_object_set_object_member (op->payload, "left", left);
  json_object_set_object_member (op->payload, "right", right);

  page = pt_sync_page_new (f->context);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (page));
  gtk_window_present (f->window);

  list = pt_sync_page_get_conflicts (page);
  g_assert_null (pt_gtk_test_find_button (GTK_WIDGET (list), "_Different People"));

  /* Arrives with a pull: the page follows the store. */
  pt_store_transaction (f->store, add_conflict, op, &error);
  g_assert_no_error (error);

  button = pt_gtk_test_find_button (GTK_WIDGET (list), "_Different People");
  g_assert_nonnull (button);
  g_assert_nonnull (pt_gtk_test_find_button (GTK_WIDGET (list), "_Same Person: Archive Second"));

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (pt_store_count_open_conflicts (f->store, NULL), ==, 0);
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, 1);
  g_assert_null (pt_gtk_test_find_button (GTK_WIDGET (list), "_Different People"));
}

/* The rows under @widget titled @title. */
static guint
count_rows_titled (GtkWidget  *widget,
                   const char *title)
{
  guint n = ADW_IS_PREFERENCES_ROW (widget) &&
            g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows_titled (child, title);
  return n;
}

/* A campaign's budget passed by two branches offline is a conflict about a
 * total: named in words, with no empty "First" and "Second" to read, and
 * accepted in one click. */
static void
test_conflict_over_budget (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *campaign_id = pt_uuid_new ();
  g_autoptr(PtStoreOp) op = conflict_op ("over-budget", "campaign", campaign_id,
                                         "The campaign “Capped” gave 10 offers more");
  g_autoptr(GError) error = NULL;
  PtSyncPage *page;
  GtkListBox *list;
  GtkWidget *button;

  json_object_set_object_member (op->payload, "left", json_object_new ());
  json_object_set_object_member (op->payload, "right", json_object_new ());

  page = pt_sync_page_new (f->context);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (page));
  gtk_window_present (f->window);
  list = pt_sync_page_get_conflicts (page);
  pt_store_transaction (f->store, add_conflict, op, &error);
  g_assert_no_error (error);

  /* The expander row and the header row inside it. */
  g_assert_cmpuint (count_rows_titled (GTK_WIDGET (list),
                                       "A campaign’s budget passed by branches offline"), >=, 1);
  g_assert_cmpuint (count_rows_titled (GTK_WIDGET (list), "First"), ==, 0);
  g_assert_cmpuint (count_rows_titled (GTK_WIDGET (list), "Second"), ==, 0);
  button = pt_gtk_test_find_button (GTK_WIDGET (list), "_Accept");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (pt_store_count_open_conflicts (f->store, NULL), ==, 0);
}

/* With no server the indicator says the branch works alone; pending
 * changes show as soon as they are made. */
static void
test_indicator (Fixture       *f,
                gconstpointer  data)
{
  PtSyncIndicator *indicator = g_object_new (PT_TYPE_SYNC_INDICATOR, NULL);
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (indicator));
  pt_sync_indicator_set_client (indicator, pt_context_get_sync_client (f->context));
  gtk_window_present (f->window);
  g_assert_cmpstr (pt_sync_indicator_get_text (indicator), ==, "No sync server");

  pt_member_set (member, PT_MEMBER_FIELD_NAME, "Zhao Lei");
  g_assert_true (pt_store_add_member (f->store, member, &error));
  g_assert_cmpint (pt_sync_client_get_pending_count (pt_context_get_sync_client (f->context)), ==, 1);

  /* With a server set, the waiting change shows. */
  g_settings_set_string (pt_context_get_settings (f->context), "server-url", "http://127.0.0.1:9");
  g_assert_cmpstr (pt_sync_indicator_get_text (indicator), ==, "1 change waiting");
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_LANGUAGE_C))
    return g_test_run ();

  g_test_add ("/gui/sync/conflict-one-click", Fixture, NULL, fixture_setup,
              test_conflict_one_click, fixture_teardown);
  g_test_add ("/gui/sync/conflict-over-budget", Fixture, NULL, fixture_setup,
              test_conflict_over_budget, fixture_teardown);
  g_test_add ("/gui/sync/indicator", Fixture, NULL, fixture_setup, test_indicator,
              fixture_teardown);
  return g_test_run ();
}
