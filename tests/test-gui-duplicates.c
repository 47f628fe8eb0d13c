/* test-gui-duplicates.c — the duplicates review and the merge dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-duplicates-dialog.h"
#include "pt-erase-confirm.h"
#include "pt-member-detail.h"
#include "pt-merge-dialog.h"
#include "pt-store-members.h"
#include "pt-store-merge.h"
#include "pt-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  char      *dir;
  PtStore   *store;
  PtContext *context;
  PtMember  *trad;
  PtMember  *simp;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* A file, so the search runs on a second connection as it does for
   * a shop. */
  f->dir = g_dir_make_tmp ("test-gui-duplicates-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (path, &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);
  f->trad = pt_test_add_contact (f->store, "張偉", "138 0013 8000", NULL, NULL);
  f->simp = pt_test_add_contact (f->store, "张伟", "13800138000", "zw@example.cn", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->trad);
  g_clear_object (&f->simp);
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gboolean
has_count (gpointer data)
{
  return pt_duplicates_dialog_get_count (data) >= 0;
}

static void
wait_for_count (PtDuplicatesDialog *dialog)
{
  g_assert_true (pt_gtk_test_wait_until (has_count, dialog, WAIT_MS));
}

/* Every button, check and list in @widget has a name a screen reader
 * can say. */
static void
assert_named (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_named (child);
  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                   (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL) ||
                   gtk_widget_get_tooltip_text (widget) != NULL);
}

/* The row titled @title under @widget, if it is shown. */
static AdwActionRow *
find_shown_row (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = find_shown_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static void
test_review_and_merge (Fixture       *f,
                       gconstpointer  data)
{
  PtDuplicatesDialog *dialog = pt_duplicates_dialog_new (f->context);
  g_autoptr(PtMember) found = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *merge;

  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_count (dialog);
  g_assert_cmpint (pt_duplicates_dialog_get_count (dialog), ==, 1);
  assert_named (GTK_WIDGET (dialog));

  merge = pt_duplicates_dialog_review (dialog, 0);
  g_assert_nonnull (merge);
  assert_named (GTK_WIDGET (merge));

  /* Closing the merge dialog writes nothing. */
  gtk_window_close (merge);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  found = pt_store_get_member (f->store, pt_member_get_number (f->simp), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_id (found), ==, pt_member_get_id (f->simp));
  g_clear_object (&found);

  /* The simplified name, the left member's number stays. */
  merge = pt_duplicates_dialog_review (dialog, 0);
  pt_merge_dialog_choose (PT_MERGE_DIALOG (merge), PT_MEMBER_FIELD_NAME, TRUE);
  g_assert_true (pt_merge_dialog_commit (PT_MERGE_DIALOG (merge), &error));
  g_assert_no_error (error);
  gtk_window_close (merge);

  found = pt_store_get_member (f->store, pt_member_get_number (f->simp), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_id (found), ==, pt_member_get_id (f->trad));
  g_assert_cmpstr (pt_member_get_name (found), ==, "张伟");
  g_assert_cmpstr (pt_member_get_email (found), ==, "zw@example.cn");

  /* The survivor's details list the merge. */
  {
    PtMemberDetail *detail = g_object_ref_sink (g_object_new (PT_TYPE_MEMBER_DETAIL, NULL));
    AdwActionRow *row;

    pt_member_detail_set_context (detail, f->context);
    pt_member_detail_set_member (detail, found);
    row = find_shown_row (GTK_WIDGET (detail), "Merged from");
    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), pt_member_get_number (f->simp)));
    g_object_unref (detail);
  }

  /* The list looks again after the merge, and has nothing left. */
  wait_for_count (dialog);
  g_assert_cmpint (pt_duplicates_dialog_get_count (dialog), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
erased_cb (const GError *error,
           gpointer      user_data)
{
  g_assert_no_error (error);
  (*(int *) user_data)++;
}

static void
test_erase_confirm (Fixture       *f,
                    gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autoptr(PtMember) found = NULL;
  g_autoptr(GError) error = NULL;
  int erased = 0;

  /* Cancel keeps everything. */
  dialog = pt_erase_confirm_present (NULL, f->context, f->trad, erased_cb, &erased);
  assert_named (GTK_WIDGET (dialog));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  found = pt_store_get_member (f->store, pt_member_get_id (f->trad), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_name (found), ==, "張偉");
  g_assert_cmpint (erased, ==, 0);
  g_clear_object (&found);

  dialog = pt_erase_confirm_present (NULL, f->context, f->trad, erased_cb, &erased);
  adw_message_dialog_response (dialog, "erase");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (erased, ==, 1);
  found = pt_store_get_member (f->store, pt_member_get_id (f->trad), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_name (found), ==, "[erased]");
  g_assert_true (pt_member_get_phone (found) == NULL || *pt_member_get_phone (found) == '\0');
  g_assert_cmpstr (pt_member_get_number (found), ==, pt_member_get_number (f->trad));
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_NONE))
    return g_test_run ();
  g_test_add ("/gui/duplicates/review-and-merge", Fixture, NULL, fixture_setup,
              test_review_and_merge, fixture_teardown);
  g_test_add ("/gui/privacy/erase-confirm", Fixture, NULL, fixture_setup, test_erase_confirm,
              fixture_teardown);
  return g_test_run ();
}
