/* pt-sale-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sale-dialog"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-sale-dialog.h"
#include "pt-store-coupons.h"
#include "pt-store-points.h"
#include "pt-window.h"
#include "pt-store-tiers.h"
#include "pt-tier-eval.h"

struct _PtSaleDialog
{
  AdwWindow      parent_instance;

  PtContext     *context;
  PtMember      *member;
  PtPointsRules  rules;
  guint          multiplier;
  char          *error;

  /* template */
  GtkLabel      *member_label;
  AdwEntryRow   *amount_row;
  GtkSwitch     *visit_switch;
  AdwEntryRow   *coupon_row;
  AdwEntryRow   *note_row;
  GtkLabel      *error_label;
  GtkLabel      *preview_label;
  GtkButton     *record_button;
};

G_DEFINE_FINAL_TYPE (PtSaleDialog, pt_sale_dialog, ADW_TYPE_WINDOW)

enum {
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (PtSaleDialog *self,
            const char   *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->amount_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");
}

static void
amount_changed_cb (PtSaleDialog *self)
{
  gboolean visit = gtk_switch_get_active (self->visit_switch);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  g_autofree char *preview = NULL;
  gint64 amount = 0;
  gint64 points = -1;

  gtk_widget_set_sensitive (GTK_WIDGET (self->amount_row), !visit);
  show_error (self, NULL);

  if (visit)
    points = pt_points_rules_earn_visit (&self->rules, self->multiplier);
  else if (pt_money_parse (text, self->rules.currency, FALSE, &amount, NULL) && amount > 0)
    points = pt_points_rules_earn (&self->rules, amount, pt_currency_exponent (self->rules.currency),
                                   self->multiplier);

  if (points >= 0)
    {
      g_autofree char *count = pt_format_count (points);

      preview = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Earns %s point", "Earns %s points",
                                              (gulong) points),
                                 count);
    }
  /* A coupon typed in: what it takes off, or why it cannot be used. */
  if (!visit && amount > 0 && *gtk_editable_get_text (GTK_EDITABLE (self->coupon_row)) != '\0')
    {
      g_autoptr(GError) coupon_error = NULL;
      gint64 discount = 0;

      if (pt_store_coupon_check (pt_context_get_store (self->context),
                                 gtk_editable_get_text (GTK_EDITABLE (self->coupon_row)),
                                 pt_member_get_id (self->member), amount, &discount,
                                 &coupon_error))
        {
          g_autofree char *off = pt_money_format (discount, self->rules.currency);
          g_autofree char *with = NULL;
          g_autofree char *count = NULL;

          points = pt_points_rules_earn (&self->rules, amount - discount,
                                         pt_currency_exponent (self->rules.currency),
                                         self->multiplier);
          /* Translators: “¥5.00 off with the coupon; earns 15 points” */
          count = pt_format_count (points);
          with = g_strdup_printf (_("%s off with the coupon; earns %s points"), off, count);
          g_free (preview);
          preview = g_steal_pointer (&with);
        }
      else
        {
          g_free (preview);
          preview = g_strdup (coupon_error->message);
        }
    }

  gtk_label_set_text (self->preview_label, preview ? preview : "");
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtSaleDialog *self = PT_SALE_DIALOG (widget);
  gboolean visit = gtk_switch_get_active (self->visit_switch);
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_row));
  g_autoptr(GError) error = NULL;
  PtPurchase *purchase;
  gint64 amount = 0;

  if (!visit &&
      !pt_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)),
                       self->rules.currency, FALSE, &amount, &error))
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
      return;
    }

  if (!visit && *gtk_editable_get_text (GTK_EDITABLE (self->coupon_row)) != '\0')
    purchase = pt_store_record_purchase_with_coupon (pt_context_get_store (self->context),
                                                     pt_member_get_id (self->member), amount, NULL,
                                                     note,
                                                     gtk_editable_get_text (GTK_EDITABLE (self->coupon_row)),
                                                     NULL, &error);
  else
    purchase = pt_store_record_purchase (pt_context_get_store (self->context),
                                         pt_member_get_id (self->member),
                                         visit ? PT_PURCHASE_VISIT : PT_PURCHASE_SALE, amount,
                                         NULL, note, &error);
  if (purchase == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
      return;
    }

  /* A campaign's multiplier goes on the receipt: the window's toast. */
  if (purchase->campaign_note != NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      if (PT_IS_WINDOW (parent))
        pt_window_add_toast (PT_WINDOW (parent), adw_toast_new (purchase->campaign_note));
    }
  g_signal_emit (self, signals[RECORDED], 0, purchase->id, purchase->points);
  pt_purchase_free (purchase);
  gtk_window_close (GTK_WINDOW (self));
}

/* Enter in a field records, as the Record button does. */
static void
entry_activated_cb (PtSaleDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sale.record", NULL);
}

static void
load_rules (PtSaleDialog *self)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(GPtrArray) tiers = pt_store_list_tiers (store, NULL);
  g_autofree char *title = NULL;
  int index;

  pt_store_get_points_rules (store, &self->rules);
  self->multiplier = 100;
  if (tiers != NULL)
    {
      index = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len,
                                  pt_member_get_tier_id (self->member));
      if (index >= 0)
        self->multiplier = pt_tier_get_multiplier_percent (g_ptr_array_index (tiers, index));
    }

  /* Translators: “Amount (¥)” */
  title = g_strdup_printf (_("Amount (%s)"), pt_currency_symbol (self->rules.currency));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->amount_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
pt_sale_dialog_dispose (GObject *object)
{
  PtSaleDialog *self = (PtSaleDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_SALE_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->member);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (pt_sale_dialog_parent_class)->dispose (object);
}

static void
pt_sale_dialog_class_init (PtSaleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_sale_dialog_dispose;

  /**
   * PtSaleDialog::recorded:
   * @purchase_id: the new purchase
   * @points: points it earned
   */
  signals[RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                    G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-sale-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PtSaleDialog, member_label);
  gtk_widget_class_bind_template_child (widget_class, PtSaleDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, PtSaleDialog, visit_switch);
  gtk_widget_class_bind_template_child (widget_class, PtSaleDialog, coupon_row);
  gtk_widget_class_bind_template_child (widget_class, PtSaleDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, PtSaleDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PtSaleDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, PtSaleDialog, record_button);
  gtk_widget_class_bind_template_callback (widget_class, amount_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "sale.record", NULL, record_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_sale_dialog_init (PtSaleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->record_button));
}

PtSaleDialog *
pt_sale_dialog_new (PtContext *context,
                    PtMember  *member)
{
  PtSaleDialog *self;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (PT_IS_MEMBER (member), NULL);

  self = g_object_new (PT_TYPE_SALE_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->member = g_object_ref (member);
  load_rules (self);

  /* Translators: a member's name and member number */
  heading = g_strdup_printf (_("%s (%s)"), pt_member_get_name (member),
                             pt_member_get_number (member));
  gtk_label_set_text (self->member_label, heading);
  amount_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
  return self;
}

GtkEditable *
pt_sale_dialog_get_amount_entry (PtSaleDialog *self)
{
  g_return_val_if_fail (PT_IS_SALE_DIALOG (self), NULL);
  return GTK_EDITABLE (self->amount_row);
}

const char *
pt_sale_dialog_get_error (PtSaleDialog *self)
{
  g_return_val_if_fail (PT_IS_SALE_DIALOG (self), NULL);
  return self->error;
}

GtkEditable *
pt_sale_dialog_get_coupon_entry (PtSaleDialog *self)
{
  g_return_val_if_fail (PT_IS_SALE_DIALOG (self), NULL);
  return GTK_EDITABLE (self->coupon_row);
}
