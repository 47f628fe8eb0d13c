/* test-gui-points.c — recording a sale from the member page, and the
 * Tiers page's dry run, as a user would (display suite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-members-view.h"
#include "pt-points-section.h"
#include "pt-sale-dialog.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-tiers.h"
#include "pt-tier-pyramid.h"
#include "pt-tiers-view.h"

typedef struct
{
  char      *dir;
  PtStore   *store;
  PtContext *context;
  PtMember  *member;
  GtkWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  static const struct { const char *name; int rank; gint64 spend; const char *colour; } tiers[] = {
    { "Regular", 0, 0, "#9a9996" }, { "Silver", 1, 10000, "#8e9aaf" }, { "Gold", 2, 50000, "#d4af37" },
  };

  f->dir = g_dir_make_tmp ("patron-gui-XXXXXX", &error);
  path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (path, &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);

  for (guint i = 0; i < G_N_ELEMENTS (tiers); i++)
    {
      g_autoptr(PtTier) tier = pt_tier_new ();
      pt_tier_set_name (tier, tiers[i].name);
      pt_tier_set_rank (tier, tiers[i].rank);
      pt_tier_set_min_spend (tier, tiers[i].spend);
      pt_tier_set_colour (tier, tiers[i].colour);
      g_assert_true (pt_store_save_tier (f->store, tier, &error));
    }

  f->member = pt_member_new ();
  pt_member_set (f->member, PT_MEMBER_FIELD_NAME, "王芳");
  pt_member_set (f->member, PT_MEMBER_FIELD_PHONE, "13800138000");
  g_assert_true (pt_store_add_member (f->store, f->member, &error));

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 760);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  gtk_window_destroy (f->window);
  g_clear_object (&f->member);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Runs the main loop until @condition holds, for at most five seconds. */
static gboolean
iterate_until (PtGtkTestCondition condition,
               gpointer           data)
{
  return pt_gtk_test_wait_until (condition, data, 5000);
}

static void
settle (void)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  /* Let the window map and draw: a bounded number of iterations. */
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static void
screenshot (const char *suffix)
{
  const char *base = g_getenv ("PATRON_SCREENSHOT");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;

  if (base == NULL)
    return;
  settle ();
  path = g_strdup_printf ("%s-%s.png", base, suffix);
  command = g_strdup_printf ("import -window root %s", path);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static gboolean
dialog_gone (gpointer data)
{
  return pt_points_section_get_sale_dialog (data) == NULL;
}

static gint64
balance (Fixture *f)
{
  g_autoptr(PtMember) m = pt_store_get_member (f->store, pt_member_get_id (f->member), TRUE, NULL);
  return pt_member_get_points_balance (m);
}

/* Enter in the amount field, as the keyboard does it. */
static void
press_enter (GtkEditable *editable)
{
  GtkEditable *text = gtk_editable_get_delegate (editable);
  g_signal_emit_by_name (text ? text : editable, "activate");
}

static void
test_record_sale_dialog (Fixture       *f,
                         gconstpointer  data)
{
  PtMembersView *view = pt_members_view_new (f->context);
  PtPointsSection *section;
  GtkWindow *dialog;
  GtkEditable *amount;
  GtkWidget *focus;

  gtk_window_set_child (f->window, GTK_WIDGET (view));
  gtk_window_present (f->window);
  g_assert_true (pt_members_view_select_member (view, pt_member_get_id (f->member)));
  settle ();

  section = PT_POINTS_SECTION (pt_gtk_test_find_descendant (GTK_WIDGET (view), PT_TYPE_POINTS_SECTION));
  g_assert_nonnull (section);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (section)));
  g_assert_cmpstr (pt_points_section_get_balance_text (section), ==, "0 points");
  g_assert_cmpstr (pt_points_section_get_progress_text (section), ==, "¥100.00 more to Silver");

  /* Ctrl+R's action opens the dialog with the amount focused. */
  gtk_widget_activate_action (GTK_WIDGET (section), "points.record-sale", NULL);
  dialog = pt_points_section_get_sale_dialog (section);
  g_assert_nonnull (dialog);
  settle ();
  amount = pt_sale_dialog_get_amount_entry (PT_SALE_DIALOG (dialog));
  focus = gtk_window_get_focus (dialog);
  g_assert_true (focus == GTK_WIDGET (amount) || gtk_widget_is_ancestor (focus, GTK_WIDGET (amount)));

  /* A wrong amount keeps the dialog open, with the reason. */
  gtk_editable_set_text (amount, "12.505");
  press_enter (amount);
  g_assert_nonnull (pt_points_section_get_sale_dialog (section));
  g_assert_nonnull (pt_sale_dialog_get_error (PT_SALE_DIALOG (dialog)));
  g_assert_cmpint (balance (f), ==, 0);

  gtk_editable_set_text (amount, "128.50");
  screenshot ("sale-dialog");
  press_enter (amount);
  g_assert_true (iterate_until (dialog_gone, section));

  /* The balance changed, in the store and on the page; Silver reached. */
  g_assert_cmpint (balance (f), ==, 128);
  g_assert_cmpstr (pt_points_section_get_balance_text (section), ==, "128 points");
  g_assert_cmpstr (pt_points_section_get_progress_text (section), ==, "¥371.50 more to Gold");
  g_assert_cmpuint (pt_points_section_count_rows (section, "ledger"), ==, 1);
  g_assert_cmpuint (pt_points_section_count_rows (section, "lots"), ==, 1);
  g_assert_cmpuint (pt_points_section_count_rows (section, "tier-history"), ==, 1);
  screenshot ("member");
}

static void
test_tiers_page_dry_run (Fixture       *f,
                         gconstpointer  data)
{
  PtTiersView *view;
  PtPurchase *p;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) after = NULL;

  p = pt_store_record_purchase (f->store, pt_member_get_id (f->member), PT_PURCHASE_SALE, 5000,
                                NULL, NULL, &error);
  g_assert_no_error (error);
  pt_purchase_free (p);

  view = pt_tiers_view_new (f->context);
  gtk_window_set_child (f->window, GTK_WIDGET (view));
  gtk_window_present (f->window);
  settle ();

  g_assert_cmpstr (pt_tier_pyramid_get_summary (PT_TIER_PYRAMID (pt_tiers_view_get_pyramid (view))),
                   ==, "Members per tier: Regular 1, Silver 0, Gold 0");

  /* Silver from ¥40: the dry run lists the member, and nothing moves yet. */
  g_assert_true (pt_tiers_view_edit_tier (view, "Silver"));
  gtk_editable_set_text (pt_tiers_view_get_field (view, "min-spend"), "40");
  gtk_widget_activate_action (GTK_WIDGET (view), "tiers.preview", NULL);
  g_assert_nonnull (pt_tiers_view_get_preview (view));
  g_assert_nonnull (strstr (pt_tiers_view_get_preview (view), "1 would move up"));
  after = pt_store_get_member (f->store, pt_member_get_id (f->member), TRUE, NULL);
  g_assert_cmpstr (pt_member_get_tier_name (after), ==, "Regular");
  screenshot ("tiers");

  gtk_widget_activate_action (GTK_WIDGET (view), "tiers.save", NULL);
  g_clear_object (&after);
  after = pt_store_get_member (f->store, pt_member_get_id (f->member), TRUE, NULL);
  g_assert_cmpstr (pt_member_get_tier_name (after), ==, "Silver");
  g_assert_cmpstr (pt_tier_pyramid_get_summary (PT_TIER_PYRAMID (pt_tiers_view_get_pyramid (view))),
                   ==, "Members per tier: Regular 0, Silver 1, Gold 0");
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_LANGUAGE_C | PT_GTK_TEST_IGNORE_MISSING_ICONS))
    return g_test_run ();

  g_test_add ("/gui/points/record-sale", Fixture, NULL, fixture_setup, test_record_sale_dialog,
              fixture_teardown);
  g_test_add ("/gui/tiers/dry-run", Fixture, NULL, fixture_setup, test_tiers_page_dry_run,
              fixture_teardown);
  return g_test_run ();
}
