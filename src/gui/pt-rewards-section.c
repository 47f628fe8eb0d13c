/* pt-rewards-section.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-rewards-section"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-redeem-dialog.h"
#include "pt-rewards-rows.h"
#include "pt-rewards-section.h"
#include "pt-store-coupons.h"
#include "pt-store-points.h"
#include "pt-store-redemptions.h"
#include "pt-shown-shortcut.h"

/* The latest of each; the Rewards page filters the whole history. */
#define SECTION_ROWS 30

struct _PtRewardsSection
{
  AdwBin          parent_instance;

  PtContext      *context;
  PtMemberDetail *detail;
  GtkWindow      *dialog;

  /* template */
  GtkListBox     *coupon_list;
  GtkListBox     *redemption_list;
};

G_DEFINE_FINAL_TYPE (PtRewardsSection, pt_rewards_section, ADW_TYPE_BIN)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_empty_row (GtkListBox *list,
               const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_list_box_append (list, row);
}

static void
refresh (PtRewardsSection *self)
{
  PtMember *member = self->detail ? pt_member_detail_get_member (self->detail) : NULL;
  PtStore *store = self->context ? pt_context_get_store (self->context) : NULL;
  g_autoptr(GPtrArray) coupons = NULL;
  g_autoptr(GPtrArray) redemptions = NULL;
  PtRedemptionFilter filter = { .limit = SECTION_ROWS };
  PtPointsRules rules;

  clear_list (self->coupon_list);
  clear_list (self->redemption_list);
  gtk_widget_set_visible (GTK_WIDGET (self), member != NULL && store != NULL);
  if (member == NULL || store == NULL)
    return;

  pt_store_get_points_rules (store, &rules);
  coupons = pt_store_list_coupons (store, pt_member_get_id (member), NULL);
  for (guint i = 0; coupons != NULL && i < coupons->len && i < SECTION_ROWS; i++)
    gtk_list_box_append (self->coupon_list,
                         pt_rewards_coupon_row (g_ptr_array_index (coupons, i), rules.currency));
  if (coupons == NULL || coupons->len == 0)
    add_empty_row (self->coupon_list, _("No coupons"));

  filter.member_id = pt_member_get_id (member);
  redemptions = pt_store_list_redemptions (store, &filter, NULL);
  for (guint i = 0; redemptions != NULL && i < redemptions->len; i++)
    gtk_list_box_append (self->redemption_list,
                         pt_rewards_redemption_row (g_ptr_array_index (redemptions, i)));
  if (redemptions == NULL || redemptions->len == 0)
    add_empty_row (self->redemption_list, _("No redemptions yet"));
}

static void
store_changed_cb (PtRewardsSection *self)
{
  refresh (self);
}

static void
dialog_destroyed_cb (PtRewardsSection *self)
{
  self->dialog = NULL;
}

static void
redeemed_cb (PtRewardsSection *self)
{
  pt_rewards_toast (GTK_WIDGET (self), _("Reward redeemed"));
}

static void
redeem_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtRewardsSection *self = PT_REWARDS_SECTION (widget);
  PtMember *member = self->detail ? pt_member_detail_get_member (self->detail) : NULL;
  PtRedeemDialog *dialog;
  GtkRoot *root;

  if (member == NULL || self->dialog != NULL)
    return;

  dialog = pt_redeem_dialog_new (self->context, member, NULL);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "redeemed", G_CALLBACK (redeemed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  self->dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_redemption_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PtRewardsSection *self = PT_REWARDS_SECTION (widget);

  pt_rewards_confirm_cancel (widget, self->context, g_variant_get_string (parameter, NULL));
}

static void
print_slip_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PtRewardsSection *self = PT_REWARDS_SECTION (widget);

  pt_rewards_print_slip (widget, self->context, g_variant_get_string (parameter, NULL));
}

static void
pt_rewards_section_dispose (GObject *object)
{
  PtRewardsSection *self = (PtRewardsSection *) object;

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_REWARDS_SECTION);
  g_clear_object (&self->context);
  self->detail = NULL;

  G_OBJECT_CLASS (pt_rewards_section_parent_class)->dispose (object);
}

static void
pt_rewards_section_class_init (PtRewardsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_rewards_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-rewards-section.ui");
  gtk_widget_class_bind_template_child (widget_class, PtRewardsSection, coupon_list);
  gtk_widget_class_bind_template_child (widget_class, PtRewardsSection, redemption_list);

  gtk_widget_class_install_action (widget_class, "member-rewards.redeem", NULL, redeem_action);
  gtk_widget_class_install_action (widget_class, "rewards.cancel-redemption", "s",
                                   cancel_redemption_action);
  gtk_widget_class_install_action (widget_class, "rewards.print-slip", "s", print_slip_action);
}

static void
pt_rewards_section_init (PtRewardsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+Shift+R anywhere in the window, but only while this section
   * shows (the Rewards page has its own). */
  pt_add_shown_shortcut (GTK_WIDGET (self), GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                         "member-rewards.redeem");
}

PtRewardsSection *
pt_rewards_section_new (PtContext      *context,
                        PtMemberDetail *detail)
{
  PtRewardsSection *self;
  PtStore *store;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (PT_IS_MEMBER_DETAIL (detail), NULL);

  self = g_object_new (PT_TYPE_REWARDS_SECTION, NULL);
  self->context = g_object_ref (context);
  self->detail = detail;
  store = pt_context_get_store (context);
  g_signal_connect_object (detail, "notify::member", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::redemption", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::coupon", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

GtkListBox *
pt_rewards_section_get_coupons (PtRewardsSection *self)
{
  g_return_val_if_fail (PT_IS_REWARDS_SECTION (self), NULL);
  return self->coupon_list;
}

GtkListBox *
pt_rewards_section_get_redemptions (PtRewardsSection *self)
{
  g_return_val_if_fail (PT_IS_REWARDS_SECTION (self), NULL);
  return self->redemption_list;
}

GtkWindow *
pt_rewards_section_get_dialog (PtRewardsSection *self)
{
  g_return_val_if_fail (PT_IS_REWARDS_SECTION (self), NULL);
  return self->dialog;
}
