/* test-gui-rewards.c — the Rewards page, the reward editor, the redeem
 * dialog and the member's rewards section, on a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-member-detail.h"
#include "pt-redeem-dialog.h"
#include "pt-reward-dialog.h"
#include "pt-rewards-section.h"
#include "pt-rewards-view.h"
#include "pt-sale-dialog.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-redemptions.h"
#include "pt-store-rewards.h"

#define WAIT_MS 5000

typedef struct
{
  PtStore   *store;
  PtContext *context;
  PtMember  *ann;
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
  f->ann = pt_member_new ();
  pt_member_set (f->ann, PT_MEMBER_FIELD_NAME, "Ann Lee");
  g_assert_true (pt_store_add_member (f->store, f->ann, &error));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->ann);
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
}

static void
give_points (Fixture *f,
             gint64   points)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pt_store_points_adjust (f->store, pt_member_get_id (f->ann), points,
                                                "test", &error);

  g_assert_no_error (error);
}

static PtReward *
add_reward (Fixture    *f,
            const char *name,
            gint64      cost,
            gint64      stock)
{
  PtReward *reward = pt_reward_new ();
  g_autoptr(GError) error = NULL;

  pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, name);
  pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, cost);
  pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, stock < 0);
  g_assert_true (pt_store_add_reward (f->store, reward, MAX (stock, 0), &error));
  g_assert_no_error (error);
  return reward;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static const char *
row_title (GtkListBox *list,
           int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_nonnull (row);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* Saves a picture of @widget when $PATRON_SCREENSHOT_DIR is set. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("PATRON_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;

  if (dir == NULL)
    return;

  pt_gtk_test_settle ();
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}

static void
present (Fixture   *f,
         GtkWidget *child)
{
  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, 960, 720);
  adw_window_set_content (ADW_WINDOW (f->window), child);
  gtk_window_present (f->window);
  pt_gtk_test_settle ();
}

static void
test_redeem_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PtReward) mug = add_reward (f, "Mug", 300, 2);
  g_autoptr(GPtrArray) history = NULL;
  PtRedeemDialog *dialog;

  give_points (f, 100);

  /* Not enough points: the reason is shown and Redeem is off. */
  dialog = pt_redeem_dialog_new (f->context, f->ann, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  pt_gtk_test_settle ();
  g_assert_nonnull (pt_redeem_dialog_get_refusal (dialog));
  g_assert_nonnull (strstr (pt_redeem_dialog_get_refusal (dialog), "Not enough points"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "redeem.confirm", NULL) &&
                  pt_redeem_dialog_get_redemption_id (dialog) != NULL);
  g_assert_null (pt_redeem_dialog_get_redemption_id (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Enough now: the balance after is shown, and redeeming gives a receipt. */
  give_points (f, 500);
  dialog = pt_redeem_dialog_new (f->context, f->ann, mug);
  gtk_window_present (GTK_WINDOW (dialog));
  pt_gtk_test_settle ();
  g_assert_null (pt_redeem_dialog_get_refusal (dialog));
  g_assert_cmpstr (pt_redeem_dialog_get_balance_after (dialog), ==, "300 points");
  screenshot (GTK_WIDGET (dialog), "redeem-dialog");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "redeem.confirm", NULL));
  g_assert_nonnull (pt_redeem_dialog_get_redemption_id (dialog));
  g_assert_nonnull (strstr (pt_redeem_dialog_get_receipt (dialog), "Mug"));
  g_assert_nonnull (strstr (pt_redeem_dialog_get_receipt (dialog), "Ann Lee"));
  screenshot (GTK_WIDGET (dialog), "redeem-receipt");
  gtk_window_destroy (GTK_WINDOW (dialog));

  history = pt_store_list_redemptions (f->store, NULL, NULL);
  g_assert_cmpuint (history->len, ==, 1);
}

static void
test_redeem_dialog_finds_member (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(PtReward) coffee = add_reward (f, "Coffee", 50, -1);
  PtRedeemDialog *dialog;

  give_points (f, 100);
  dialog = pt_redeem_dialog_new (f->context, NULL, coffee);
  gtk_window_present (GTK_WINDOW (dialog));
  pt_gtk_test_settle ();
  gtk_editable_set_text (pt_redeem_dialog_get_member_entry (dialog), "Ann");
  pt_gtk_test_settle ();
  g_assert_null (pt_redeem_dialog_get_refusal (dialog));
  g_assert_cmpstr (pt_redeem_dialog_get_balance_after (dialog), ==, "50 points");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_view (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PtReward) mug = add_reward (f, "Mug", 300, 5);
  g_autoptr(PtReward) tote = add_reward (f, "Tote bag", 100, 0);
  g_autoptr(PtReward) coffee = add_reward (f, "Free coffee", 50, -1);
  g_autofree char *id = NULL;
  PtRewardsView *view = pt_rewards_view_new (f->context);
  PtRewardDialog *editor;

  give_points (f, 1000);
  present (f, GTK_WIDGET (view));

  g_assert_cmpuint (count_rows (pt_rewards_view_get_catalog (view)), ==, 3);
  g_assert_cmpstr (row_title (pt_rewards_view_get_catalog (view), 0), ==, "Free coffee");

  /* A redemption elsewhere shows in the history at once. */
  id = pt_store_redeem (f->store, pt_member_get_id (f->ann), "Mug", NULL);
  g_assert_nonnull (id);
  pt_gtk_test_settle ();
  g_assert_cmpuint (count_rows (pt_rewards_view_get_history (view)), ==, 1);
  g_assert_nonnull (strstr (row_title (pt_rewards_view_get_history (view), 0), "Ann Lee"));
  screenshot (GTK_WIDGET (f->window), "rewards-page");

  /* The editor names the refused field. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "rewards.add", NULL));
  editor = PT_REWARD_DIALOG (pt_rewards_view_get_dialog (view));
  g_assert_nonnull (editor);
  gtk_editable_set_text (pt_reward_dialog_get_field (editor, "cost"), "200");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "reward.save", NULL));
  g_assert_nonnull (pt_reward_dialog_get_error (editor));
  g_assert_true (g_str_has_prefix (pt_reward_dialog_get_error (editor), "Name"));
  screenshot (GTK_WIDGET (editor), "reward-editor");

  gtk_editable_set_text (pt_reward_dialog_get_field (editor, "name"), "Teapot");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "reward.save", NULL));
  pt_gtk_test_settle ();
  g_assert_null (pt_rewards_view_get_dialog (view));
  g_assert_cmpuint (count_rows (pt_rewards_view_get_catalog (view)), ==, 4);
}

static void
test_member_section (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PtReward) five = pt_reward_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  PtMemberDetail *detail = g_object_new (PT_TYPE_MEMBER_DETAIL, NULL);
  PtRewardsSection *section;

  pt_reward_set_text (five, PT_REWARD_FIELD_NAME, "¥5 off");
  pt_reward_set_text (five, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (five, PT_REWARD_FIELD_POINTS_COST, 100);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  g_assert_true (pt_store_add_reward (f->store, five, 0, &error));
  give_points (f, 500);

  pt_member_detail_set_context (detail, f->context);
  section = pt_rewards_section_new (f->context, detail);
  pt_member_detail_add_section (detail, GTK_WIDGET (section));
  pt_member_detail_set_member (detail, f->ann);
  present (f, GTK_WIDGET (detail));

  g_assert_cmpstr (row_title (pt_rewards_section_get_coupons (section), 0), ==, "No coupons");

  id = pt_store_redeem (f->store, pt_member_get_id (f->ann), "¥5 off", &error);
  g_assert_no_error (error);
  pt_gtk_test_settle ();
  g_assert_cmpuint (strlen (row_title (pt_rewards_section_get_coupons (section), 0)), ==, 11);
  g_assert_nonnull (strstr (row_title (pt_rewards_section_get_redemptions (section), 0), "¥5 off"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (section), "member-rewards.redeem", NULL));
  g_assert_nonnull (pt_rewards_section_get_dialog (section));
  screenshot (GTK_WIDGET (f->window), "member-rewards");
}

/* A coupon typed into the sale dialog: the discount is previewed, the sale
 * records what was paid, and the coupon is used. */
static void
test_sale_with_coupon (Fixture       *f,
                       gconstpointer  data)
{
  PtCouponIssue issue = {
    .member_id = pt_member_get_id (f->ann),
    .title = "Five off",
    .amount = 500,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtCoupon) coupon = pt_store_issue_coupon (f->store, &issue, &error);
  g_autoptr(PtCoupon) used = NULL;
  g_autoptr(GPtrArray) purchases = NULL;
  g_autofree char *typed = NULL;
  PtSaleDialog *dialog;

  g_assert_no_error (error);
  typed = g_ascii_strdown (pt_coupon_get_code (coupon), -1);
  dialog = pt_sale_dialog_new (f->context, f->ann);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (pt_sale_dialog_get_amount_entry (dialog), "20");
  gtk_editable_set_text (pt_sale_dialog_get_coupon_entry (dialog), typed);
  pt_gtk_test_settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sale.record", NULL));
  pt_gtk_test_settle ();

  used = pt_store_get_coupon (f->store, pt_coupon_get_code (coupon), &error);
  g_assert_cmpint (pt_coupon_get_state (used), ==, PT_COUPON_STATE_USED);
  g_assert_cmpint (pt_coupon_get_discount (used), ==, 500);
  purchases = pt_store_list_purchases (f->store, pt_member_get_id (f->ann), 0, &error);
  g_assert_cmpuint (purchases->len, ==, 1);
  g_assert_cmpint (((PtPurchase *) g_ptr_array_index (purchases, 0))->amount, ==, 1500);
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_SYSTEM_MIME))
    return g_test_run ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/rewards/redeem-dialog", test_redeem_dialog);
  ADD ("/gui/rewards/redeem-dialog-finds-member", test_redeem_dialog_finds_member);
  ADD ("/gui/rewards/view", test_view);
  ADD ("/gui/rewards/member-section", test_member_section);
  ADD ("/gui/rewards/sale-with-coupon", test_sale_with_coupon);
#undef ADD

  return g_test_run ();
}
