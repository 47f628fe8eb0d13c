/* pt-tiers-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-tiers-view"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-form-rows.h"
#include "pt-format.h"
#include "pt-money.h"
#include "pt-store-points.h"
#include "pt-store-tiers.h"
#include "pt-tier-pyramid.h"
#include "pt-tiers-view.h"

typedef enum
{
  FIELD_TEXT,
  FIELD_SPIN,
  FIELD_COLOUR,
} FieldKind;

typedef enum
{
  F_NAME, F_COLOUR, F_RANK, F_WINDOW, F_MIN_SPEND, F_MIN_VISITS, F_MIN_POINTS, F_GRACE,
  F_MULTIPLIER, F_DISCOUNT, F_GIFT, F_BENEFITS, F_FEE, F_VALIDITY, N_FIELDS
} Field;

static const struct {
  const char *key;
  const char *title;
  guint       group;   /* 0 tier, 1 qualification, 2 benefits */
  FieldKind   kind;
  double      min;
  double      max;
} fields[N_FIELDS] = {
  [F_NAME] = { "name", N_("Tier name"), 0, FIELD_TEXT },
  [F_COLOUR] = { "colour", N_("Colour"), 0, FIELD_COLOUR },
  [F_RANK] = { "rank", N_("Rank (higher is better)"), 0, FIELD_SPIN, -1000, 1000 },
  [F_WINDOW] = { "window-days", N_("Rolling window (days)"), 1, FIELD_SPIN, 1, 3660 },
  [F_MIN_SPEND] = { "min-spend", N_("Minimum spend in the window"), 1, FIELD_TEXT },
  [F_MIN_VISITS] = { "min-visits", N_("Minimum visits in the window"), 1, FIELD_SPIN, 0, 1e6 },
  [F_MIN_POINTS] = { "min-points", N_("Minimum points earned in the window"), 1, FIELD_SPIN, 0, 1e9 },
  [F_GRACE] = { "grace-days", N_("Grace period after the review (days)"), 1, FIELD_SPIN, 0, 3660 },
  [F_MULTIPLIER] = { "multiplier", N_("Points multiplier (such as 1.5)"), 2, FIELD_TEXT },
  [F_DISCOUNT] = { "discount", N_("Discount (%)"), 2, FIELD_SPIN, 0, 100 },
  [F_GIFT] = { "birthday-gift", N_("Birthday gift"), 2, FIELD_TEXT },
  [F_BENEFITS] = { "benefits", N_("Other benefits"), 2, FIELD_TEXT },
  [F_FEE] = { "fee", N_("Annual fee (makes it a paid tier)"), 2, FIELD_TEXT },
  [F_VALIDITY] = { "validity", N_("A payment lasts (months)"), 2, FIELD_SPIN, 1, 120 },
};

static const char * const rounding_labels[] = { N_("Round down"), N_("Round to nearest"),
                                                N_("Round up"), NULL };
static const char * const expiry_labels[] = { N_("Never"), N_("Months after earning"),
                                              N_("End of the year"), NULL };

struct _PtTiersView
{
  AdwBin                parent_instance;

  PtContext            *context;
  gboolean              stale;        /* reload when next shown */
  PtTier               *editing;      /* a copy being edited */
  GtkWidget            *field_widgets[N_FIELDS];
  char                 *preview;

  AdwEntryRow          *rate_row;
  AdwComboRow          *rounding_row;
  AdwComboRow          *expiry_row;
  GtkSpinButton        *expiry_months;
  GtkSpinButton        *signup_bonus;
  GtkSpinButton        *birthday_bonus;
  GtkSpinButton        *referral_bonus;
  GtkSpinButton        *visit_points;

  /* template */
  AdwToastOverlay      *toast_overlay;
  PtTierPyramid        *pyramid;
  GtkListBox           *tiers_list;
  GtkWidget            *editor_box;
  AdwPreferencesGroup  *editor_group;
  AdwPreferencesGroup  *editor_rules_group;
  AdwPreferencesGroup  *editor_benefits_group;
  GtkLabel             *editor_error;
  GtkLabel             *preview_label;
  GtkListBox           *moves_list;
  AdwPreferencesGroup  *rules_group;
};

G_DEFINE_FINAL_TYPE (PtTiersView, pt_tiers_view, ADW_TYPE_BIN)

static void
toast (PtTiersView *self,
       const char  *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static const char *
currency (PtTiersView *self)
{
  static PtPointsRules rules;

  pt_store_get_points_rules (pt_context_get_store (self->context), &rules);
  return rules.currency;
}

/* The tier list and pyramid ------------------------------------------------- */

static char *
describe_tier (PtTier     *tier,
               const char *code)
{
  GString *s = g_string_new (NULL);

  if (pt_tier_is_paid (tier))
    {
      g_autofree char *fee = pt_money_format (pt_tier_get_annual_fee (tier), code);
      /* Translators: “Paid: ¥199.00 a year” */
      g_string_append_printf (s, _("Paid: %s a year"), fee);
    }
  else if (pt_tier_is_open (tier))
    g_string_append (s, _("Everyone"));
  else
    {
      g_string_append_printf (s, _("Over %u days:"), pt_tier_get_window_days (tier));
      if (pt_tier_get_min_spend (tier) > 0)
        {
          g_autofree char *spend = pt_money_format (pt_tier_get_min_spend (tier), code);
          g_string_append_printf (s, _(" spend %s"), spend);
        }
      if (pt_tier_get_min_visits (tier) > 0)
        g_string_append_printf (s, _(" or %" PRId64 " visits"), pt_tier_get_min_visits (tier));
      if (pt_tier_get_min_points (tier) > 0)
        g_string_append_printf (s, _(" or %" PRId64 " points"), pt_tier_get_min_points (tier));
    }

  g_string_append_printf (s, _(" · ×%u.%02u points"), pt_tier_get_multiplier_percent (tier) / 100,
                          pt_tier_get_multiplier_percent (tier) % 100);
  if (pt_tier_get_discount_percent (tier) > 0)
    g_string_append_printf (s, _(" · %u%% off"), pt_tier_get_discount_percent (tier));
  return g_string_free (s, FALSE);
}

static GtkWidget *
make_swatch (const char *colour)
{
  GtkWidget *swatch = gtk_drawing_area_new ();
  g_autofree char *css = g_strdup_printf ("* { background: %s; border-radius: 50%%; }", colour);
  GtkCssProvider *provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider (gtk_widget_get_style_context (swatch),
                                  GTK_STYLE_PROVIDER (provider),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (provider);
  gtk_widget_set_size_request (swatch, 16, 16);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  return swatch;
}

static void
reload (PtTiersView *self)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(GPtrArray) tiers = pt_store_list_tiers (store, NULL);
  g_autoptr(GPtrArray) counts = pt_store_tier_distribution (store, NULL);
  const char *code = currency (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiers_list))) != NULL)
    gtk_list_box_remove (self->tiers_list, child);

  pt_tier_pyramid_set_counts (self->pyramid, counts);

  /* Highest first, as the pyramid reads. */
  for (guint i = tiers ? tiers->len : 0; i > 0; i--)
    {
      PtTier *tier = g_ptr_array_index (tiers, i - 1);
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      g_autofree char *subtitle = describe_tier (tier, code);
      g_autofree char *members = NULL;
      gint64 n = counts && i - 1 < counts->len
                 ? ((PtTierCount *) g_ptr_array_index (counts, i - 1))->members : 0;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pt_tier_get_name (tier));
      adw_action_row_set_subtitle (row, subtitle);
      adw_action_row_add_prefix (row, make_swatch (pt_tier_get_colour (tier)));
      {
        g_autofree char *count = pt_format_count (n);

        members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members",
                                                (gulong) n), count);
      }
      adw_action_row_add_suffix (row, gtk_label_new (members));
      adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "tier-name", g_strdup (pt_tier_get_name (tier)),
                              g_free);
      gtk_list_box_append (self->tiers_list, GTK_WIDGET (row));
    }

  if (tiers == NULL || tiers->len == 0)
    {
      GtkWidget *empty = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty),
                                     _("No tiers yet: add the base tier everyone starts in"));
      gtk_list_box_append (self->tiers_list, empty);
    }
}

/* The editor ----------------------------------------------------------------- */

static void
set_text (PtTiersView *self,
          Field        f,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->field_widgets[f]), text ? text : "");
}

static void
tier_to_form (PtTiersView *self,
              PtTier      *tier)
{
  const char *code = currency (self);
  g_autofree char *spend = pt_money_format_plain (pt_tier_get_min_spend (tier), code);
  g_autofree char *fee = pt_money_format_plain (pt_tier_get_annual_fee (tier), code);
  g_autofree char *mult = g_strdup_printf ("%u.%02u", pt_tier_get_multiplier_percent (tier) / 100,
                                           pt_tier_get_multiplier_percent (tier) % 100);
  GdkRGBA rgba;

  set_text (self, F_NAME, pt_tier_get_name (tier));
  if (!gdk_rgba_parse (&rgba, pt_tier_get_colour (tier)))
    gdk_rgba_parse (&rgba, "#9a9996");
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->field_widgets[F_COLOUR]), &rgba);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->field_widgets[F_RANK]), pt_tier_get_rank (tier));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->field_widgets[F_WINDOW]),
                             pt_tier_get_window_days (tier));
  set_text (self, F_MIN_SPEND, pt_tier_get_min_spend (tier) > 0 ? spend : "");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->field_widgets[F_MIN_VISITS]),
                             pt_tier_get_min_visits (tier));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->field_widgets[F_MIN_POINTS]),
                             pt_tier_get_min_points (tier));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->field_widgets[F_GRACE]),
                             pt_tier_get_grace_days (tier));
  set_text (self, F_MULTIPLIER, mult);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->field_widgets[F_DISCOUNT]),
                             pt_tier_get_discount_percent (tier));
  set_text (self, F_GIFT, pt_tier_get_birthday_gift (tier));
  set_text (self, F_BENEFITS, pt_tier_get_benefits (tier));
  set_text (self, F_FEE, pt_tier_get_annual_fee (tier) > 0 ? fee : "");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->field_widgets[F_VALIDITY]),
                             pt_tier_get_validity_months (tier));
}

static int
spin (PtTiersView *self,
      Field        f)
{
  GtkSpinButton *button = GTK_SPIN_BUTTON (self->field_widgets[f]);

  gtk_spin_button_update (button);
  return gtk_spin_button_get_value_as_int (button);
}

static const char *
text (PtTiersView *self,
      Field        f)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->field_widgets[f]));
}

static gboolean
parse_amount (const char  *value,
              const char  *code,
              const char  *field,
              gint64      *out,
              GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));

  *out = 0;
  if (*trimmed == '\0')
    return TRUE;
  if (!pt_money_parse (trimmed, code, FALSE, out, error))
    {
      g_prefix_error (error, "%s — ", field);
      return FALSE;
    }
  return TRUE;
}

/* The form as a tier (a copy of the one edited), or NULL with the error. */
static PtTier *
form_to_tier (PtTiersView  *self,
              GError      **error)
{
  g_autoptr(PtTier) tier = pt_tier_copy (self->editing);
  const char *code = currency (self);
  g_autofree char *colour = NULL;
  GdkRGBA rgba;
  gint64 amount;
  gint64 percent;

  pt_tier_set_name (tier, text (self, F_NAME));
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->field_widgets[F_COLOUR]), &rgba);
  colour = g_strdup_printf ("#%02x%02x%02x", (guint) (rgba.red * 255 + 0.5),
                            (guint) (rgba.green * 255 + 0.5), (guint) (rgba.blue * 255 + 0.5));
  pt_tier_set_colour (tier, colour);
  pt_tier_set_rank (tier, spin (self, F_RANK));
  pt_tier_set_window_days (tier, (guint) spin (self, F_WINDOW));
  pt_tier_set_min_visits (tier, spin (self, F_MIN_VISITS));
  pt_tier_set_min_points (tier, spin (self, F_MIN_POINTS));
  pt_tier_set_grace_days (tier, (guint) spin (self, F_GRACE));
  pt_tier_set_discount_percent (tier, (guint) spin (self, F_DISCOUNT));
  pt_tier_set_validity_months (tier, (guint) spin (self, F_VALIDITY));
  pt_tier_set_birthday_gift (tier, text (self, F_GIFT));
  pt_tier_set_benefits (tier, text (self, F_BENEFITS));

  if (!parse_amount (text (self, F_MIN_SPEND), code, _("Minimum spend"), &amount, error))
    return NULL;
  pt_tier_set_min_spend (tier, amount);
  if (!parse_amount (text (self, F_FEE), code, _("Annual fee"), &amount, error))
    return NULL;
  pt_tier_set_annual_fee (tier, amount);
  if (!pt_parse_fixed_decimal (text (self, F_MULTIPLIER), 2, &percent) || percent < 1 ||
      percent > 10000)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Points multiplier: enter a number such as 1.5"));
      return NULL;
    }
  pt_tier_set_multiplier_percent (tier, (guint) percent);

  if (!pt_tier_validate (tier, error))
    return NULL;
  return g_steal_pointer (&tier);
}

static void
show_editor_error (PtTiersView *self,
                   const char  *message)
{
  gtk_label_set_text (self->editor_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->editor_error), message != NULL);
}

static void
clear_preview (PtTiersView *self)
{
  GtkWidget *child;

  g_clear_pointer (&self->preview, g_free);
  gtk_label_set_text (self->preview_label, "");
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->moves_list))) != NULL)
    gtk_list_box_remove (self->moves_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->moves_list), FALSE);
}

static void
open_editor (PtTiersView *self,
             PtTier      *tier)
{
  g_autofree char *title = NULL;

  g_set_object (&self->editing, tier);
  tier_to_form (self, tier);
  show_editor_error (self, NULL);
  clear_preview (self);

  if (pt_tier_get_id (tier) != NULL)
    /* Translators: %s is a tier name */
    title = g_strdup_printf (_("Edit %s"), pt_tier_get_name (tier));
  adw_preferences_group_set_title (self->editor_group, title ? title : _("New Tier"));
  gtk_widget_set_visible (self->editor_box, TRUE);
  gtk_widget_grab_focus (self->field_widgets[F_NAME]);
}

gboolean
pt_tiers_view_edit_tier (PtTiersView *self,
                         const char  *name)
{
  g_autoptr(PtTier) tier = NULL;

  g_return_val_if_fail (PT_IS_TIERS_VIEW (self), FALSE);

  if (name != NULL)
    tier = pt_store_get_tier (pt_context_get_store (self->context), name, NULL);
  else
    {
      g_autoptr(GPtrArray) tiers = pt_store_list_tiers (pt_context_get_store (self->context), NULL);

      tier = pt_tier_new ();
      if (tiers != NULL && tiers->len > 0)
        pt_tier_set_rank (tier, pt_tier_get_rank (g_ptr_array_index (tiers, tiers->len - 1)) + 1);
    }
  if (tier == NULL)
    return FALSE;

  open_editor (self, tier);
  return TRUE;
}

static void
tier_row_activated_cb (PtTiersView   *self,
                       GtkListBoxRow *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "tier-name");

  if (name != NULL)
    pt_tiers_view_edit_tier (self, name);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  pt_tiers_view_edit_tier (PT_TIERS_VIEW (widget), NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtTiersView *self = PT_TIERS_VIEW (widget);

  g_clear_object (&self->editing);
  gtk_widget_set_visible (self->editor_box, FALSE);
}

/* The stored tiers with @edited in place of (or beside) its original. */
static GPtrArray *
tiers_with (PtTiersView *self,
            PtTier      *edited)
{
  GPtrArray *tiers = pt_store_list_tiers (pt_context_get_store (self->context), NULL);
  gboolean replaced = FALSE;

  if (tiers == NULL)
    tiers = g_ptr_array_new_with_free_func (g_object_unref);
  if (pt_tier_get_id (edited) == NULL)
    pt_tier_set_id (edited, "new");

  for (guint i = 0; i < tiers->len; i++)
    if (g_strcmp0 (pt_tier_get_id (g_ptr_array_index (tiers, i)), pt_tier_get_id (edited)) == 0)
      {
        g_object_unref (tiers->pdata[i]);
        tiers->pdata[i] = g_object_ref (edited);
        replaced = TRUE;
      }
  if (!replaced)
    g_ptr_array_add (tiers, g_object_ref (edited));
  g_ptr_array_sort (tiers, pt_tier_compare_rank);
  return tiers;
}

static const char *
name_in (GPtrArray  *tiers,
         const char *id)
{
  int index = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len, id);
  return index < 0 ? "—" : pt_tier_get_name (g_ptr_array_index (tiers, index));
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PtTiersView *self = PT_TIERS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtTier) tier = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  PtTierEvaluation *e;

  clear_preview (self);
  tier = form_to_tier (self, &error);
  if (tier == NULL)
    {
      show_editor_error (self, error->message);
      return;
    }
  show_editor_error (self, NULL);

  tiers = tiers_with (self, tier);
  e = pt_store_evaluate_tiers (pt_context_get_store (self->context), NULL, tiers, TRUE, &error);
  if (e == NULL)
    {
      show_editor_error (self, error->message);
      return;
    }

  /* Translators: the dry run before saving a tier */
  {
    g_autofree char *up = pt_format_count (e->upgrades);
    g_autofree char *down = pt_format_count (e->downgrades);
    g_autofree char *held = pt_format_count (e->held);

    self->preview = g_strdup_printf (_("If saved: %s would move up, %s down now, and %s would be "
                                       "kept until their review date."), up, down, held);
  }
  gtk_label_set_text (self->preview_label, self->preview);

  for (guint i = 0; i < e->moves->len && i < 20; i++)
    {
      PtTierMove *m = g_ptr_array_index (e->moves, i);
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      g_autofree char *title = g_strdup_printf ("%s (%s)", m->name, m->number);
      g_autofree char *subtitle = g_strdup_printf ("%s %s → %s", m->upgrade ? "↑" : "↓",
                                                   name_in (tiers, m->from_tier_id),
                                                   name_in (tiers, m->to_tier_id));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (row, subtitle);
      gtk_list_box_append (self->moves_list, GTK_WIDGET (row));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->moves_list), e->moves->len > 0);
  pt_tier_evaluation_free (e);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtTiersView *self = PT_TIERS_VIEW (widget);
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtTier) tier = form_to_tier (self, &error);
  g_autofree char *message = NULL;
  PtTierEvaluation *e;

  if (tier == NULL || !pt_store_save_tier (store, tier, &error))
    {
      show_editor_error (self, error->message);
      return;
    }

  e = pt_store_evaluate_tiers (store, NULL, NULL, FALSE, &error);
  if (e != NULL)
    {
      g_autofree char *up = pt_format_count (e->upgrades);
      g_autofree char *down = pt_format_count (e->downgrades);

      message = g_strdup_printf (_("%s saved: %s members moved up, %s down"),
                                 pt_tier_get_name (tier), up, down);
    }
  else
    message = g_strdup_printf (_("%s saved, but evaluating members failed: %s"),
                               pt_tier_get_name (tier), error->message);
  pt_tier_evaluation_free (e);

  g_clear_object (&self->editing);
  gtk_widget_set_visible (self->editor_box, FALSE);
  reload (self);
  toast (self, message);
}

/* Earning rules ----------------------------------------------------------------- */

static void
rules_to_form (PtTiersView *self)
{
  PtPointsRules rules;
  g_autofree char *rate = NULL;

  pt_store_get_points_rules (pt_context_get_store (self->context), &rules);
  rate = g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT, rules.rate_milli / 1000,
                          rules.rate_milli % 1000);
  gtk_editable_set_text (GTK_EDITABLE (self->rate_row), rate);
  adw_combo_row_set_selected (self->rounding_row, rules.rounding);
  adw_combo_row_set_selected (self->expiry_row, rules.expiry);
  gtk_spin_button_set_value (self->expiry_months, rules.expiry_months);
  gtk_spin_button_set_value (self->signup_bonus, (double) rules.signup_bonus);
  gtk_spin_button_set_value (self->birthday_bonus, (double) rules.birthday_bonus);
  gtk_spin_button_set_value (self->referral_bonus, (double) rules.referral_bonus);
  gtk_spin_button_set_value (self->visit_points, (double) rules.visit_points);
}

static void
save_rules_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PtTiersView *self = PT_TIERS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  PtPointsRules rules;
  gint64 milli;

  pt_store_get_points_rules (pt_context_get_store (self->context), &rules);
  if (!pt_parse_fixed_decimal (gtk_editable_get_text (GTK_EDITABLE (self->rate_row)), 3, &milli))
    {
      toast (self, _("Points per currency unit: enter a number such as 1 or 0.1"));
      return;
    }
  rules.rate_milli = milli;
  rules.rounding = adw_combo_row_get_selected (self->rounding_row);
  rules.expiry = adw_combo_row_get_selected (self->expiry_row);
  rules.expiry_months = (guint) gtk_spin_button_get_value_as_int (self->expiry_months);
  rules.signup_bonus = gtk_spin_button_get_value_as_int (self->signup_bonus);
  rules.birthday_bonus = gtk_spin_button_get_value_as_int (self->birthday_bonus);
  rules.referral_bonus = gtk_spin_button_get_value_as_int (self->referral_bonus);
  rules.visit_points = gtk_spin_button_get_value_as_int (self->visit_points);

  if (!pt_store_set_points_rules (pt_context_get_store (self->context), &rules, &error))
    toast (self, error->message);
  else
    toast (self, _("Earning rules saved"));
}

static void
build_forms (PtTiersView *self)
{
  AdwPreferencesGroup *groups[] = { self->editor_group, self->editor_rules_group,
                                    self->editor_benefits_group };

  for (guint f = 0; f < N_FIELDS; f++)
    {
      const char *title = _(fields[f].title);

      switch (fields[f].kind)
        {
        case FIELD_TEXT:
          self->field_widgets[f] = GTK_WIDGET (pt_form_add_entry_row (groups[fields[f].group], title));
          break;
        case FIELD_SPIN:
          self->field_widgets[f] = GTK_WIDGET (pt_form_add_spin_row (groups[fields[f].group], title,
                                                             fields[f].min, fields[f].max));
          break;
        case FIELD_COLOUR:
          {
            AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
            GtkWidget *button = gtk_color_button_new ();

            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
            gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
            gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
            adw_action_row_add_suffix (row, button);
            adw_action_row_set_activatable_widget (row, button);
            adw_preferences_group_add (groups[fields[f].group], GTK_WIDGET (row));
            self->field_widgets[f] = button;
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  self->rate_row = pt_form_add_entry_row (self->rules_group, _("Points per currency unit"));
  self->rounding_row = pt_form_add_combo_row (self->rules_group, _("Rounding"), rounding_labels);
  self->expiry_row = pt_form_add_combo_row (self->rules_group, _("Points expire"), expiry_labels);
  self->expiry_months = pt_form_add_spin_row (self->rules_group, _("Months points stay valid"), 1, 600);
  self->signup_bonus = pt_form_add_spin_row (self->rules_group, _("Sign-up bonus"), 0, 1e9);
  self->birthday_bonus = pt_form_add_spin_row (self->rules_group, _("Birthday bonus"), 0, 1e9);
  self->referral_bonus = pt_form_add_spin_row (self->rules_group,
                                       _("Referral bonus (to the referrer, on the first purchase)"),
                                       0, 1e9);
  self->visit_points = pt_form_add_spin_row (self->rules_group, _("Points per visit"), 0, 1e9);
}

/* Counting members per tier reads the whole member table: only while the
 * page is shown, never while the window is being built. */
static void
store_changed_cb (PtTiersView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->stale = TRUE;
}

static void
pt_tiers_view_map (GtkWidget *widget)
{
  PtTiersView *self = PT_TIERS_VIEW (widget);

  GTK_WIDGET_CLASS (pt_tiers_view_parent_class)->map (widget);
  if (self->stale)
    {
      self->stale = FALSE;
      reload (self);
    }
}

static void
pt_tiers_view_dispose (GObject *object)
{
  PtTiersView *self = (PtTiersView *) object;

  /* The toast overlay is both AdwBin's child and a template child:
   * dispose_template() would unparent it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_TIERS_VIEW);
  g_clear_object (&self->context);
  g_clear_object (&self->editing);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (pt_tiers_view_parent_class)->dispose (object);
}

static void
pt_tiers_view_class_init (PtTiersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_tiers_view_dispose;
  widget_class->map = pt_tiers_view_map;

  g_type_ensure (PT_TYPE_TIER_PYRAMID);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-tiers-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, pyramid);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, tiers_list);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, editor_box);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, editor_group);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, editor_rules_group);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, editor_benefits_group);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, editor_error);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, preview_label);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, moves_list);
  gtk_widget_class_bind_template_child (widget_class, PtTiersView, rules_group);
  gtk_widget_class_bind_template_callback (widget_class, tier_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "tiers.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "tiers.preview", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "tiers.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "tiers.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "tiers.save-rules", NULL, save_rules_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "tiers.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "tiers.preview", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "tiers.save", NULL);
}

static void
pt_tiers_view_init (PtTiersView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_forms (self);
}

PtTiersView *
pt_tiers_view_new (PtContext *context)
{
  PtTiersView *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = g_object_new (PT_TYPE_TIERS_VIEW, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (pt_context_get_store (context), "changed::tier",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pt_context_get_store (context), "changed::tier_change",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  self->stale = TRUE;
  rules_to_form (self);
  return self;
}

GtkWidget *
pt_tiers_view_get_pyramid (PtTiersView *self)
{
  g_return_val_if_fail (PT_IS_TIERS_VIEW (self), NULL);
  return GTK_WIDGET (self->pyramid);
}

const char *
pt_tiers_view_get_preview (PtTiersView *self)
{
  g_return_val_if_fail (PT_IS_TIERS_VIEW (self), NULL);
  return self->preview;
}

GtkEditable *
pt_tiers_view_get_field (PtTiersView *self,
                         const char  *key)
{
  g_return_val_if_fail (PT_IS_TIERS_VIEW (self), NULL);

  for (guint f = 0; f < N_FIELDS; f++)
    if (g_strcmp0 (fields[f].key, key) == 0 && GTK_IS_EDITABLE (self->field_widgets[f]))
      return GTK_EDITABLE (self->field_widgets[f]);
  return NULL;
}
