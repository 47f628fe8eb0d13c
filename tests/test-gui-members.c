/* test-gui-members.c — the members page and the member form, on a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-member-detail.h"
#include "pt-member-dialog.h"
#include "pt-members-view.h"
#include "pt-store-members.h"
#include "pt-window.h"

/* Long enough for the search entry's typing delay and a slow machine;
 * a test that needs it all has failed. */
#define WAIT_MS 20000

typedef struct
{
  PtStore   *store;
  PtContext *context;
  GtkWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = pt_store_open (":memory:", &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
}

static gboolean
wait_until (PtGtkTestCondition condition,
            gpointer           data)
{
  return pt_gtk_test_wait_until (condition, data, WAIT_MS);
}

static PtMember *
add_member (PtStore    *store,
            const char *name,
            const char *phone)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);
  g_assert_true (pt_store_add_member (store, member, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&member);
}

static PtMembersView *
show_members_view (Fixture *f)
{
  PtMembersView *view = pt_members_view_new (f->context);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (view));
  gtk_window_present (f->window);
  return view;
}

static GListModel *
rows_of (PtMembersView *view)
{
  return G_LIST_MODEL (gtk_column_view_get_model (pt_members_view_get_column_view (view)));
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
has_n_rows (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

/* Waits for the list to show @n rows; says how many it shows if not. */
#define assert_rows(view, n) \
  G_STMT_START { \
    CountWait wait_ = { rows_of (view), (n) }; \
    wait_until (has_n_rows, &wait_); \
    g_assert_cmpuint (g_list_model_get_n_items (wait_.model), ==, (n)); \
  } G_STMT_END

static char *
row_name (PtMembersView *view,
          guint          position)
{
  g_autoptr(PtMember) member = g_list_model_get_item (rows_of (view), position);

  return g_strdup (member != NULL ? pt_member_get_name (member) : NULL);
}

/* Typing, one character at a time, as a person (or a card scanner) does. */
static void
type_text (GtkEditable *editable,
           const char  *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = -1;
      g_autofree char *character = g_strndup (p, g_utf8_next_char (p) - p);

      position = gtk_editable_get_position (editable);
      gtk_editable_insert_text (editable, character, -1, &position);
      gtk_editable_set_position (editable, position);
    }
}

static void
test_search_as_you_type (Fixture       *f,
                         gconstpointer  data)
{
  PtMembersView *view;
  GtkEditable *search;
  g_autofree char *name = NULL;

  g_object_unref (add_member (f->store, "Alice Smith", "138 0013 8000"));
  g_object_unref (add_member (f->store, "Bob Jones", "139 1234 5678"));
  g_object_unref (add_member (f->store, "王芳", "137 2222 3333"));
  g_object_unref (add_member (f->store, "李娜", "136 4444 5555"));

  view = show_members_view (f);
  search = pt_members_view_get_search_entry (view);
  assert_rows (view, 4);

  type_text (search, "Ali");
  assert_rows (view, 1);
  name = row_name (view, 0);
  g_assert_cmpstr (name, ==, "Alice Smith");

  /* A two-character Chinese name, shorter than the trigram index. */
  gtk_editable_set_text (search, "");
  assert_rows (view, 4);
  type_text (search, "王芳");
  assert_rows (view, 1);
  g_clear_pointer (&name, g_free);
  name = row_name (view, 0);
  g_assert_cmpstr (name, ==, "王芳");

  /* The last four digits of a phone. */
  gtk_editable_set_text (search, "");
  assert_rows (view, 4);
  type_text (search, "5678");
  assert_rows (view, 1);
  g_clear_pointer (&name, g_free);
  name = row_name (view, 0);
  g_assert_cmpstr (name, ==, "Bob Jones");

  type_text (search, "xyz");
  assert_rows (view, 0);

  gtk_editable_set_text (search, "");
  assert_rows (view, 4);
}

/* A card scanner types the number and Enter: that member is shown. */
static void
test_scan_member_number (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PtMember) bob = NULL;
  PtMembersView *view;
  GtkEditable *search;
  PtMember *selected;

  g_object_unref (add_member (f->store, "Alice Smith", NULL));
  bob = add_member (f->store, "Bob Jones", NULL);
  g_object_unref (add_member (f->store, "Carol White", NULL));

  view = show_members_view (f);
  search = pt_members_view_get_search_entry (view);
  assert_rows (view, 3);

  type_text (search, pt_member_get_number (bob));
  g_signal_emit_by_name (search, "activate");

  selected = pt_members_view_get_selected (view);
  g_assert_nonnull (selected);
  g_assert_cmpstr (pt_member_get_id (selected), ==, pt_member_get_id (bob));
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
  GtkWidget  *found;
} ButtonWait;

static gboolean
button_is_shown (gpointer data)
{
  ButtonWait *wait = data;

  wait->found = pt_gtk_test_find_button (wait->root, wait->label);
  return wait->found != NULL && gtk_widget_get_mapped (wait->found);
}

static void
test_delete_and_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtMember) alice = NULL;
  g_autoptr(PtMember) stored = NULL;
  PtMembersView *view;
  GListModel *rows;
  ButtonWait undo;

  alice = add_member (f->store, "Alice Smith", NULL);
  g_object_unref (add_member (f->store, "Bob Jones", NULL));

  view = show_members_view (f);
  rows = rows_of (view);
  assert_rows (view, 2);

  /* Sorted by name: Alice first. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), 0, TRUE);
  g_assert_cmpstr (pt_member_get_id (pt_members_view_get_selected (view)), ==,
                   pt_member_get_id (alice));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "members.delete", NULL));
  assert_rows (view, 1);
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 1);
  g_assert_null (pt_members_view_get_selected (view));

  /* The toast's Undo button, pressed as a user would. */
  undo = (ButtonWait) { GTK_WIDGET (view), "_Undo", NULL };
  g_assert_true (wait_until (button_is_shown, &undo));
  gtk_widget_activate (undo.found);

  assert_rows (view, 2);
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 2);
  stored = pt_store_get_member (f->store, pt_member_get_id (alice), FALSE, NULL);
  g_assert_nonnull (stored);
  g_assert_nonnull (pt_members_view_get_selected (view));
  g_assert_cmpstr (pt_member_get_id (pt_members_view_get_selected (view)), ==,
                   pt_member_get_id (alice));
}

static gboolean
label_is_shown (gpointer data)
{
  GtkWidget *label = data;

  return gtk_widget_get_mapped (label) && gtk_widget_get_child_visible (label);
}

static void
saved_cb (PtMemberDialog *dialog,
          PtMember       *member,
          PtMember      **out)
{
  g_set_object (out, member);
}

static void
test_add_refuses_invalid_email (Fixture       *f,
                                gconstpointer  data)
{
  PtMemberDialog *dialog;
  GtkWidget *email;
  GtkLabel *error_label;
  g_autoptr(PtMember) saved = NULL;
  g_autoptr(PtMember) stored = NULL;

  dialog = pt_member_dialog_new (f->context, NULL);
  f->window = GTK_WINDOW (dialog);
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  gtk_window_present (GTK_WINDOW (dialog));

  type_text (GTK_EDITABLE (pt_member_dialog_get_field_widget (dialog, PT_MEMBER_FIELD_NAME)),
             "Chen Jie");
  email = pt_member_dialog_get_field_widget (dialog, PT_MEMBER_FIELD_EMAIL);
  type_text (GTK_EDITABLE (email), "chen.jie@");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL));

  /* The message is under the e-mail field, the field is marked, the
   * form is still open and nothing was written. */
  error_label = pt_member_dialog_get_field_error (dialog, PT_MEMBER_FIELD_EMAIL);
  g_assert_true (wait_until (label_is_shown, error_label));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (error_label),
                                   pt_member_field_label (PT_MEMBER_FIELD_EMAIL)));
  g_assert_true (gtk_widget_has_css_class (email, "error"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (
    pt_member_dialog_get_field_error (dialog, PT_MEMBER_FIELD_NAME))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_null (saved);
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 0);

  /* Correcting the field takes the message away; then it saves. */
  type_text (GTK_EDITABLE (email), "example.com");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_false (gtk_widget_has_css_class (email, "error"));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &f->window);
  g_assert_true (pt_member_dialog_save (dialog));
  g_assert_nonnull (saved);
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 1);
  stored = pt_store_get_member (f->store, pt_member_get_id (saved), FALSE, NULL);
  g_assert_cmpstr (pt_member_get_email (stored), ==, "chen.jie@example.com");
  g_assert_cmpstr (pt_member_get_name (stored), ==, "Chen Jie");
}

/* Issue 15: a phone typed any way at the till is stored as digits and
 * shown again the one way, in the form too. */
static void
test_add_normalizes_phone (Fixture       *f,
                           gconstpointer  data)
{
  PtMemberDialog *dialog;
  g_autoptr(PtMember) saved = NULL;
  g_autoptr(PtMember) stored = NULL;

  dialog = pt_member_dialog_new (f->context, NULL);
  f->window = GTK_WINDOW (dialog);
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  gtk_window_present (GTK_WINDOW (dialog));
  type_text (GTK_EDITABLE (pt_member_dialog_get_field_widget (dialog, PT_MEMBER_FIELD_NAME)),
             "Zhou Min");
  type_text (GTK_EDITABLE (pt_member_dialog_get_field_widget (dialog, PT_MEMBER_FIELD_PHONE)),
             "139-1234-5678");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &f->window);
  g_assert_true (pt_member_dialog_save (dialog));
  g_assert_nonnull (saved);
  stored = pt_store_get_member (f->store, pt_member_get_id (saved), FALSE, NULL);
  g_assert_cmpstr (pt_member_get_phone (stored), ==, "13912345678");
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  g_assert_null (f->window);

  /* Editing shows it the way the list does. */
  dialog = pt_member_dialog_new (f->context, stored);
  f->window = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
    pt_member_dialog_get_field_widget (dialog, PT_MEMBER_FIELD_PHONE))), ==, "139 1234 5678");
}

static void
test_edit_changes_only_the_field (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(PtMember) alice = add_member (f->store, "Alice Smith", "138 0013 8000");
  g_autoptr(PtMember) stored = NULL;
  PtMemberDialog *dialog;
  GtkEditable *city;

  dialog = pt_member_dialog_new (f->context, alice);
  f->window = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &f->window);
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
    pt_member_dialog_get_field_widget (dialog, PT_MEMBER_FIELD_PHONE))), ==, "138 0013 8000");
  city = GTK_EDITABLE (pt_member_dialog_get_field_widget (dialog, PT_MEMBER_FIELD_CITY));
  type_text (city, "Hangzhou");
  g_assert_true (pt_member_dialog_save (dialog));

  stored = pt_store_get_member (f->store, pt_member_get_id (alice), FALSE, NULL);
  g_assert_cmpstr (pt_member_get (stored, PT_MEMBER_FIELD_CITY), ==, "Hangzhou");
  g_assert_cmpstr (pt_member_get_phone (stored), ==, "13800138000");
  g_assert_cmpstr (pt_member_get_name (stored), ==, "Alice Smith");
}

static GtkColumnViewColumn *
find_column (GtkColumnView *column_view,
             const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  return NULL;
}

/* Clicking a header sorts in SQL through the member list. */
static void
test_sort_by_column (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PtMember) first = add_member (f->store, "Zoe Adams", NULL);
  g_autoptr(PtMember) last = NULL;
  PtMembersView *view;
  GtkColumnView *column_view;
  PtMemberList *list;
  g_autofree char *name = NULL;

  g_object_unref (add_member (f->store, "Mia Brown", NULL));
  last = add_member (f->store, "Adam Clark", NULL);

  view = show_members_view (f);
  column_view = pt_members_view_get_column_view (view);
  list = pt_members_view_get_list (view);
  assert_rows (view, 3);
  name = row_name (view, 0);
  g_assert_cmpstr (name, ==, "Adam Clark");

  gtk_column_view_sort_by_column (column_view, find_column (column_view, "Number"),
                                  GTK_SORT_DESCENDING);
  g_assert_cmpint (pt_member_list_get_sort (list), ==, PT_MEMBER_SORT_NUMBER);
  g_assert_true (pt_member_list_get_descending (list));
  g_clear_pointer (&name, g_free);
  name = row_name (view, 0);
  g_assert_cmpstr (name, ==, "Adam Clark");   /* the newest number */

  gtk_column_view_sort_by_column (column_view, find_column (column_view, "Number"),
                                  GTK_SORT_ASCENDING);
  g_assert_false (pt_member_list_get_descending (list));
  g_clear_pointer (&name, g_free);
  name = row_name (view, 0);
  g_assert_cmpstr (name, ==, "Zoe Adams");
}

/* Every string of the naughty list, typed and shown, without a warning
 * (which the test framework makes fatal) or a crash. */
static void
test_naughty_strings (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  PtMembersView *view;
  GtkEditable *search;
  PtMemberDetail *detail;
  JsonArray *strings;

  path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_test_skip (error->message);
      return;
    }
  strings = json_node_get_array (json_parser_get_root (parser));

  view = show_members_view (f);
  search = pt_members_view_get_search_entry (view);
  detail = g_object_new (PT_TYPE_MEMBER_DETAIL, NULL);
  g_object_ref_sink (detail);
  pt_member_detail_set_context (detail, f->context);

  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *text = json_array_get_string_element (strings, i);
      g_autoptr(PtMember) member = pt_member_new ();

      if (text == NULL || !g_utf8_validate (text, -1, NULL))
        continue;

      gtk_editable_set_text (search, text);
      g_signal_emit_by_name (search, "activate");

      pt_member_set (member, PT_MEMBER_FIELD_NAME, text);
      pt_member_set (member, PT_MEMBER_FIELD_NOTES, text);
      pt_member_set (member, PT_MEMBER_FIELD_CITY, text);
      pt_member_set (member, PT_MEMBER_FIELD_REFERRED_BY, text);
      pt_member_set (member, PT_MEMBER_FIELD_NUMBER, "HQ-000001");
      pt_member_detail_set_member (detail, member);
    }

  g_assert_finalize_object (detail);
}

/* Every naughty string as a new member's name and notes, through the
 * form: either it is stored as typed (trimmed), or the form says why not
 * and nothing is written. */
static void
test_dialog_naughty_strings (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *strings;
  guint saved_count = 0;

  path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_test_skip (error->message);
      return;
    }
  strings = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *text = json_array_get_string_element (strings, i);
      PtMemberDialog *dialog;
      g_autoptr(PtMember) saved = NULL;
      gint64 before;

      if (text == NULL || !g_utf8_validate (text, -1, NULL))
        continue;

      dialog = pt_member_dialog_new (f->context, NULL);
      g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
      gtk_editable_set_text (GTK_EDITABLE (pt_member_dialog_get_field_widget (dialog,
                                                                              PT_MEMBER_FIELD_NAME)),
                             text);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
        pt_member_dialog_get_field_widget (dialog, PT_MEMBER_FIELD_NOTES))), text, -1);

      before = pt_store_count_members (f->store, NULL);
      if (pt_member_dialog_save (dialog))
        {
          g_autofree char *trimmed = g_strstrip (g_strdup (text));
          g_autoptr(PtMember) stored = NULL;

          g_assert_nonnull (saved);
          stored = pt_store_get_member (f->store, pt_member_get_id (saved), FALSE, NULL);
          g_assert_nonnull (stored);
          g_assert_cmpstr (pt_member_get_name (stored), ==, trimmed);
          g_assert_cmpstr (pt_member_get (stored, PT_MEMBER_FIELD_NOTES), ==, text);
          saved_count++;
          /* Never shown, so closing it did not destroy it. */
          gtk_window_destroy (GTK_WINDOW (dialog));
        }
      else
        {
          GtkWidget *name_error = GTK_WIDGET (pt_member_dialog_get_field_error (
            dialog, PT_MEMBER_FIELD_NAME));

          g_assert_null (saved);
          g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, before);
          g_assert_true (gtk_widget_get_visible (name_error));
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (name_error)), !=, "");
          gtk_window_destroy (GTK_WINDOW (dialog));
        }
    }

  /* Most of the list are fine names; only blank ones are refused. */
  g_assert_cmpuint (saved_count, >, json_array_get_length (strings) / 2);
}

static gboolean
has_points (gpointer data)
{
  GListModel *rows = data;

  for (guint i = 0; i < MIN (g_list_model_get_n_items (rows), 50); i++)
    {
      g_autoptr(PtMember) member = g_list_model_get_item (rows, i);

      if (pt_member_get_points_balance (member) > 0)
        return TRUE;
    }
  return FALSE;
}

/* The empty page's button fills a real database file with the sample
 * café (written by a worker on its own connection) and the list shows it. */
static void
test_load_sample_data (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  PtMembersView *view;
  GListModel *rows;

  /* A second connection needs a file, not :memory:. */
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  path = g_build_filename (g_get_user_data_dir (), "sample.db", NULL);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  f->store = pt_store_open (path, &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);

  view = show_members_view (f);
  rows = rows_of (view);
  assert_rows (view, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "members.load-sample-data", NULL));
  g_assert_true (pt_gtk_test_wait_until (has_n_rows, &(CountWait) { rows, 2000 }, 120000));

  /* Then the purchases: points appear in the list without a reload. */
  g_assert_true (pt_gtk_test_wait_until (has_points, rows, 120000));
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 2000);
}

static void
test_window_pages (Fixture       *f,
                   gconstpointer  data)
{
  PtWindow *window = pt_window_new (NULL, f->context);
  GtkWidget *focus;

  f->window = GTK_WINDOW (window);
  gtk_window_present (f->window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "tiers"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));

  /* Searching brings the members back and puts the cursor in the entry. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));

  /* The size is remembered for next time. */
  gtk_window_set_default_size (f->window, 900, 640);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &f->window);
  gtk_window_close (f->window);
  g_assert_null (f->window);
  g_assert_cmpint (g_settings_get_int (pt_context_get_settings (f->context), "window-width"), ==,
                   900);
  g_assert_cmpint (g_settings_get_int (pt_context_get_settings (f->context), "window-height"), ==,
                   640);
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_SYSTEM_MIME))
    return g_test_run ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/gui/members/search-as-you-type", test_search_as_you_type);
  ADD ("/gui/members/scan-member-number", test_scan_member_number);
  ADD ("/gui/members/delete-and-undo", test_delete_and_undo);
  ADD ("/gui/members/sort-by-column", test_sort_by_column);
  ADD ("/gui/members/naughty-strings", test_naughty_strings);
  ADD ("/gui/member-dialog/add-refuses-invalid-email", test_add_refuses_invalid_email);
  ADD ("/gui/member-dialog/edit-changes-only-the-field", test_edit_changes_only_the_field);
  ADD ("/gui/member-dialog/add-normalizes-phone", test_add_normalizes_phone);
  ADD ("/gui/member-dialog/naughty-strings", test_dialog_naughty_strings);
  ADD ("/gui/members/load-sample-data", test_load_sample_data);
  ADD ("/gui/window/pages", test_window_pages);

  return g_test_run ();
}
