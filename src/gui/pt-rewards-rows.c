/* pt-rewards-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-rewards-rows"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-report-print.h"
#include "pt-report-slip.h"
#include "pt-rewards-rows.h"
#include "pt-store-redemptions.h"
#include "pt-window.h"

void
pt_rewards_toast (GtkWidget  *widget,
                  const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (PT_IS_WINDOW (root))
    pt_window_add_toast (PT_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

GtkWidget *
pt_rewards_badge (const char *text,
                  const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "reward-badge");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

GtkWidget *
pt_rewards_button (const char *icon_name,
                   const char *description,
                   const char *action,
                   const char *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

GtkWidget *
pt_rewards_redemption_row (PtRedemption *r)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (pt_redemption_get_created_at (r) / 1000);
  g_autofree char *when_text = g_date_time_format (when, "%Y-%m-%d %H:%M");
  g_autofree char *points_text = pt_format_count (pt_redemption_get_points (r));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *slip = g_strdup_printf (_("Print the slip of “%s”"),
                                           pt_redemption_get_reward_name (r));
  g_autofree char *cancel = g_strdup_printf (_("Cancel the redemption of “%s”"),
                                             pt_redemption_get_reward_name (r));
  const char *name = pt_redemption_get_member_name (r);
  const char *number = pt_redemption_get_member_number (r);

  /* Translators: “Mug — Ann Lee (HQ-000012)” */
  title = g_strdup_printf (_("%s — %s (%s)"), pt_redemption_get_reward_name (r),
                           name ? name : "?", number ? number : "");
  if (pt_redemption_get_coupon_code (r) != NULL)
    /* Translators: when, points, coupon code */
    subtitle = g_strdup_printf (_("%s · %s points · coupon %s"), when_text, points_text,
                                pt_redemption_get_coupon_code (r));
  else
    subtitle = g_strdup_printf (_("%s · %s points"), when_text, points_text);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);

  if (pt_redemption_is_cancelled (r))
    adw_action_row_add_suffix (row, pt_rewards_badge (_("Cancelled"), NULL));
  else
    adw_action_row_add_suffix (row, pt_rewards_button ("edit-undo-symbolic", cancel,
                                                       "rewards.cancel-redemption",
                                                       pt_redemption_get_id (r)));
  adw_action_row_add_suffix (row, pt_rewards_button ("printer-symbolic", slip, "rewards.print-slip",
                                                     pt_redemption_get_id (r)));
  return GTK_WIDGET (row);
}

GtkWidget *
pt_rewards_coupon_row (PtCoupon   *coupon,
                       const char *currency)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  PtCouponState state = pt_coupon_get_state (coupon);
  g_autofree char *value = NULL;
  g_autofree char *subtitle = NULL;
  static const char * const styles[] = { "success", NULL, NULL, NULL };

  if (pt_coupon_get_percent (coupon) > 0)
    value = g_strdup_printf (_("%" PRId64 "%% off"), pt_coupon_get_percent (coupon));
  else
    {
      g_autofree char *amount = pt_money_format (pt_coupon_get_amount (coupon), currency);
      value = g_strdup_printf (_("%s off"), amount);
    }

  if (pt_coupon_get_expires_on (coupon) != NULL)
    /* Translators: a coupon's title and value, then its last day */
    subtitle = g_strdup_printf (_("%s · %s · until %s"), pt_coupon_get_title (coupon), value,
                                pt_coupon_get_expires_on (coupon));
  else
    subtitle = g_strdup_printf ("%s · %s", pt_coupon_get_title (coupon), value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pt_coupon_get_code (coupon));
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_add_css_class (GTK_WIDGET (row), "monospace-title");
  adw_action_row_add_suffix (row, pt_rewards_badge (pt_coupon_state_label (state),
                                                    styles[MIN ((guint) state, 3)]));
  return GTK_WIDGET (row);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GtkWidget        *widget)
{
  PtContext *context = g_object_get_data (G_OBJECT (dialog), "context");
  const char *id = g_object_get_data (G_OBJECT (dialog), "redemption-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "cancel-redemption") != 0)
    return;

  if (pt_store_cancel_redemption (pt_context_get_store (context), id, NULL, &error))
    pt_rewards_toast (widget, _("Redemption cancelled: the points and the stock are back"));
  else
    pt_rewards_toast (widget, error->message);
}

void
pt_rewards_confirm_cancel (GtkWidget  *widget,
                           PtContext  *context,
                           const char *redemption_id)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Cancel This Redemption?"),
                                                       _("The points go back to the member and the "
                                                         "item back into stock. A coupon it issued "
                                                         "is cancelled; a used one stops this.")));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep"),
                                    "cancel-redemption", _("C_ancel Redemption"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-redemption",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data_full (G_OBJECT (dialog), "context", g_object_ref (context), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "redemption-id", g_strdup (redemption_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
pt_rewards_print_slip (GtkWidget  *widget,
                       PtContext  *context,
                       const char *redemption_id)
{
  g_autoptr(PtReport) slip = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  slip = pt_report_redemption_slip (pt_context_get_store (context), redemption_id, &error);
  if (slip == NULL)
    {
      pt_rewards_toast (widget, error->message);
      return;
    }
  pt_report_set_shop_from_settings (slip, pt_context_get_settings (context));
  pt_report_print (slip, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}
