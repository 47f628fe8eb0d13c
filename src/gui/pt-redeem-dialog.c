/* pt-redeem-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-redeem-dialog"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-redeem-dialog.h"
#include "pt-report-print.h"
#include "pt-report-slip.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-redemptions.h"
#include "pt-store-rewards.h"

struct _PtRedeemDialog
{
  AdwWindow       parent_instance;

  PtContext      *context;
  PtMember       *member;          /* fixed, or found from the entry */
  gboolean        member_fixed;
  GPtrArray      *rewards;         /* PtReward, in the combo's order */
  char           *refusal;
  char           *balance_after;
  char           *receipt;
  char           *redemption_id;

  /* template */
  GtkStack       *stack;
  AdwPreferencesGroup *member_group;
  AdwEntryRow    *member_entry;
  AdwActionRow   *member_row;
  AdwComboRow    *reward_row;
  AdwActionRow   *balance_row;
  AdwActionRow   *cost_row;
  AdwActionRow   *after_row;
  GtkLabel       *refusal_label;
  GtkLabel       *receipt_label;
  GtkButton      *redeem_button;
};

G_DEFINE_FINAL_TYPE (PtRedeemDialog, pt_redeem_dialog, ADW_TYPE_WINDOW)

enum {
  REDEEMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_points (gint64 points)
{
  g_autofree char *count = pt_format_count (points);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s point", "%s points",
                                       (gulong) ABS (points)),
                          count);
}

static PtReward *
selected_reward (PtRedeemDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->reward_row);

  if (self->rewards == NULL || selected >= self->rewards->len)
    return NULL;
  return g_ptr_array_index (self->rewards, selected);
}

static void
set_refusal (PtRedeemDialog *self,
             const char     *message)
{
  g_free (self->refusal);
  self->refusal = g_strdup (message);
  gtk_label_set_text (self->refusal_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), message != NULL);
}

/* Checks the redemption as it stands and shows the balance after it, or
 * what stops it. */
static void
update (PtRedeemDialog *self)
{
  PtStore *store = pt_context_get_store (self->context);
  PtReward *reward = selected_reward (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *cost = NULL;
  gint64 after = 0;
  gboolean ok = FALSE;

  g_clear_pointer (&self->balance_after, g_free);

  if (self->member != NULL)
    {
      const char *tier = pt_member_get_tier_name (self->member);
      g_autofree char *subtitle = tier != NULL && *tier != '\0'
                                  ? g_strdup_printf ("%s · %s", pt_member_get_number (self->member), tier)
                                  : g_strdup (pt_member_get_number (self->member));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->member_row),
                                     pt_member_get_name (self->member));
      adw_action_row_set_subtitle (self->member_row, subtitle);
      balance = format_points (pt_member_get_points_balance (self->member));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->member_row), _("Member"));
      adw_action_row_set_subtitle (self->member_row, _("No member found yet"));
    }
  adw_action_row_set_subtitle (self->balance_row, balance ? balance : "—");

  if (reward != NULL)
    cost = format_points (pt_reward_get_points_cost (reward));
  adw_action_row_set_subtitle (self->cost_row, cost ? cost : "—");

  if (self->member == NULL || reward == NULL)
    {
      set_refusal (self, reward == NULL ? _("There is no reward to redeem: add one on the "
                                            "Rewards page") : NULL);
    }
  else if (pt_store_check_redemption (store, pt_member_get_id (self->member),
                                      pt_reward_get_id (reward), &after, &error))
    {
      self->balance_after = format_points (after);
      set_refusal (self, NULL);
      ok = TRUE;
    }
  else
    {
      set_refusal (self, error->message);
    }

  adw_action_row_set_subtitle (self->after_row, self->balance_after ? self->balance_after : "—");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "redeem.confirm", ok);
}

static void
member_changed_cb (PtRedeemDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->member_entry));
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(GPtrArray) found = NULL;

  if (self->member_fixed)
    return;

  g_clear_object (&self->member);
  self->member = pt_store_get_member (store, text, FALSE, NULL);
  if (self->member == NULL && *text != '\0')
    {
      found = pt_store_search_members (store, text, 1, NULL);
      if (found != NULL && found->len > 0)
        self->member = g_object_ref (g_ptr_array_index (found, 0));
    }
  update (self);
}

static void
reward_changed_cb (PtRedeemDialog *self)
{
  update (self);
}

static char *
build_receipt (PtRedeemDialog *self,
               const char     *redemption_id)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(PtRedemption) redemption = pt_store_get_redemption (store, redemption_id, NULL);
  g_autoptr(PtMember) member = NULL;
  GString *text = g_string_new (NULL);

  if (redemption == NULL)
    return g_string_free (text, FALSE);

  member = pt_store_get_member (store, pt_redemption_get_member_id (redemption), TRUE, NULL);
  {
    /* The shop heads the receipt, as it heads the printed slip. */
    g_autoptr(PtReport) slip = pt_report_new ("");
    g_autofree char *letterhead = NULL;

    pt_report_set_shop_from_settings (slip, pt_context_get_settings (self->context));
    letterhead = pt_report_dup_letterhead (slip);
    if (letterhead != NULL)
      g_string_append_printf (text, "%s\n\n", letterhead);
  }
  g_string_append_printf (text, "%s\n", pt_redemption_get_reward_name (redemption));
  /* Translators: receipt lines */
  g_string_append_printf (text, _("Member: %s (%s)\n"), pt_redemption_get_member_name (redemption),
                          pt_redemption_get_member_number (redemption));
  {
    g_autofree char *points = pt_format_count (pt_redemption_get_points (redemption));

    g_string_append_printf (text, _("Points: %s\n"), points);
  }
  if (member != NULL)
    {
      g_autofree char *balance = pt_format_count (pt_member_get_points_balance (member));

      g_string_append_printf (text, _("Balance now: %s\n"), balance);
    }
  if (pt_redemption_get_coupon_code (redemption) != NULL)
    g_string_append_printf (text, _("Coupon code: %s\n"), pt_redemption_get_coupon_code (redemption));
  g_string_append_printf (text, _("Reference: %s"), pt_redemption_get_id (redemption));
  return g_string_free (text, FALSE);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PtRedeemDialog *self = PT_REDEEM_DIALOG (widget);
  PtReward *reward = selected_reward (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (self->member == NULL || reward == NULL || self->redemption_id != NULL)
    return;

  id = pt_store_redeem (pt_context_get_store (self->context), pt_member_get_id (self->member),
                        pt_reward_get_id (reward), &error);
  if (id == NULL)
    {
      set_refusal (self, error->message);
      gtk_widget_action_set_enabled (widget, "redeem.confirm", FALSE);
      return;
    }

  self->redemption_id = g_steal_pointer (&id);
  self->receipt = build_receipt (self, self->redemption_id);
  gtk_label_set_text (self->receipt_label, self->receipt);
  gtk_stack_set_visible_child_name (self->stack, "receipt");
  gtk_widget_set_visible (GTK_WIDGET (self->redeem_button), FALSE);
  gtk_widget_action_set_enabled (widget, "redeem.confirm", FALSE);
  gtk_widget_action_set_enabled (widget, "redeem.print", TRUE);
  g_signal_emit (self, signals[REDEEMED], 0, self->redemption_id);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PtRedeemDialog *self = PT_REDEEM_DIALOG (widget);
  g_autoptr(PtReport) slip = NULL;
  g_autoptr(GError) error = NULL;

  if (self->redemption_id == NULL)
    return;

  slip = pt_report_redemption_slip (pt_context_get_store (self->context), self->redemption_id,
                                    &error);
  if (slip == NULL)
    {
      gtk_label_set_text (self->receipt_label, error->message);
      return;
    }
  pt_report_set_shop_from_settings (slip, pt_context_get_settings (self->context));
  pt_report_print (slip, GTK_WINDOW (self));
}

static void
load_rewards (PtRedeemDialog *self,
              PtReward       *preselect)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  self->rewards = pt_store_list_rewards (pt_context_get_store (self->context), FALSE, NULL);
  if (self->rewards == NULL)
    self->rewards = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->rewards->len; i++)
    {
      PtReward *reward = g_ptr_array_index (self->rewards, i);
      g_autofree char *points = format_points (pt_reward_get_points_cost (reward));
      /* Translators: a reward and its price, “Mug — 300 points” */
      g_autofree char *item = g_strdup_printf (_("%s — %s"), pt_reward_get_name (reward), points);

      gtk_string_list_append (names, item);
      if (preselect != NULL &&
          g_strcmp0 (pt_reward_get_id (reward), pt_reward_get_id (preselect)) == 0)
        selected = i;
    }

  adw_combo_row_set_model (self->reward_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->reward_row, selected);
}

static void
pt_redeem_dialog_dispose (GObject *object)
{
  PtRedeemDialog *self = (PtRedeemDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_REDEEM_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->member);
  g_clear_pointer (&self->rewards, g_ptr_array_unref);
  g_clear_pointer (&self->refusal, g_free);
  g_clear_pointer (&self->balance_after, g_free);
  g_clear_pointer (&self->receipt, g_free);
  g_clear_pointer (&self->redemption_id, g_free);

  G_OBJECT_CLASS (pt_redeem_dialog_parent_class)->dispose (object);
}

static void
pt_redeem_dialog_class_init (PtRedeemDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_redeem_dialog_dispose;

  /**
   * PtRedeemDialog::redeemed:
   * @redemption_id: the new redemption
   */
  signals[REDEEMED] = g_signal_new ("redeemed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-redeem-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, member_group);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, member_entry);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, member_row);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, reward_row);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, balance_row);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, cost_row);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, after_row);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, receipt_label);
  gtk_widget_class_bind_template_child (widget_class, PtRedeemDialog, redeem_button);
  gtk_widget_class_bind_template_callback (widget_class, member_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reward_changed_cb);

  gtk_widget_class_install_action (widget_class, "redeem.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "redeem.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "redeem.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "redeem.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_redeem_dialog_init (PtRedeemDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "redeem.print", FALSE);
}

PtRedeemDialog *
pt_redeem_dialog_new (PtContext *context,
                      PtMember  *member,
                      PtReward  *reward)
{
  PtRedeemDialog *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = g_object_new (PT_TYPE_REDEEM_DIALOG, NULL);
  self->context = g_object_ref (context);
  if (member != NULL)
    {
      /* The member as stored now: the balance may have moved. */
      self->member = pt_store_get_member (pt_context_get_store (context),
                                          pt_member_get_id (member), FALSE, NULL);
      self->member_fixed = self->member != NULL;
    }
  /* Not hidden but taken out: a hidden AdwEntryRow upsets GTK 4.8's
   * width-for-height measuring of the form. */
  if (self->member_fixed)
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->member_group))),
                    GTK_WIDGET (self->member_group));
  load_rewards (self, reward);
  update (self);

  if (self->member_fixed)
    gtk_widget_grab_focus (GTK_WIDGET (self->reward_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->member_entry));
  return self;
}

GtkEditable *
pt_redeem_dialog_get_member_entry (PtRedeemDialog *self)
{
  g_return_val_if_fail (PT_IS_REDEEM_DIALOG (self), NULL);
  return GTK_EDITABLE (self->member_entry);
}

gboolean
pt_redeem_dialog_select_reward (PtRedeemDialog *self,
                                const char     *name)
{
  g_return_val_if_fail (PT_IS_REDEEM_DIALOG (self), FALSE);

  for (guint i = 0; i < self->rewards->len; i++)
    if (g_strcmp0 (pt_reward_get_name (g_ptr_array_index (self->rewards, i)), name) == 0)
      {
        adw_combo_row_set_selected (self->reward_row, i);
        update (self);
        return TRUE;
      }
  return FALSE;
}

const char *
pt_redeem_dialog_get_refusal (PtRedeemDialog *self)
{
  g_return_val_if_fail (PT_IS_REDEEM_DIALOG (self), NULL);
  return self->refusal;
}

const char *
pt_redeem_dialog_get_balance_after (PtRedeemDialog *self)
{
  g_return_val_if_fail (PT_IS_REDEEM_DIALOG (self), NULL);
  return self->balance_after;
}

const char *
pt_redeem_dialog_get_receipt (PtRedeemDialog *self)
{
  g_return_val_if_fail (PT_IS_REDEEM_DIALOG (self), NULL);
  return self->receipt;
}

const char *
pt_redeem_dialog_get_redemption_id (PtRedeemDialog *self)
{
  g_return_val_if_fail (PT_IS_REDEEM_DIALOG (self), NULL);
  return self->redemption_id;
}
