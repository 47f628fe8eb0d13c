/* pt-campaign-results-window.c — one campaign's results against its
 * control group, with the chart of cumulative revenue per member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pt-campaign-results-window.h"
#include "pt-chart-area.h"
#include "pt-format.h"
#include "pt-money.h"
#include "pt-report-campaign-chart.h"
#include "pt-store-campaign-results.h"
#include "pt-store-points.h"

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* "1,615 target, 385 control" on one line; only longer text wraps. */
  gtk_label_set_width_chars (GTK_LABEL (label), (int) MIN (g_utf8_strlen (value, -1), 30));
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
}

GtkWindow *
pt_campaign_results_window_new (PtContext   *context,
                                const char  *campaign_id,
                                GError     **error)
{
  PtStore *store = pt_context_get_store (context);
  g_autoptr(PtCampaignResults) r = pt_store_campaign_results (store, campaign_id, NULL, error);
  PtPointsRules rules;
  GtkWidget *window, *box, *page, *group, *figures, *chart, *header, *toolbar, *scrolled;
  g_autofree char *sizes = NULL, *redeemed = NULL, *per_member = NULL, *visits = NULL;
  g_autofree char *uplift = NULL, *incremental = NULL, *cost = NULL, *ret = NULL, *window_text = NULL;
  g_autofree char *target = NULL, *control = NULL, *n_t = NULL, *n_c = NULL, *n_r = NULL;
  g_autofree char *chart_name = NULL, *n_redeemed = NULL;
  GtkShortcutController *shortcuts;

  if (r == NULL)
    return NULL;
  pt_store_get_points_rules (store, &rules);

  n_t = pt_format_count (r->target);
  n_c = pt_format_count (r->control);
  n_r = pt_format_count (r->reached);
  /* Translators: members in the target and in the control group */
  sizes = g_strdup_printf (_("%s target, %s control"), n_t, n_c);
  n_redeemed = pt_format_count (r->redeemed);
  /* Translators: campaign coupons used, of the members given one */
  redeemed = g_strdup_printf (_("%s of %s reached (%.1f %%)"), n_redeemed, n_r,
                              100.0 * r->redemption_rate);
  target = pt_money_format ((gint64) llround (r->revenue_per_member_target), rules.currency);
  control = pt_money_format ((gint64) llround (r->revenue_per_member_control), rules.currency);
  per_member = g_strdup_printf (_("%s target, %s control"), target, control);
  visits = g_strdup_printf (_("%.2f target, %.2f control"), r->visits_per_member_target,
                            r->visits_per_member_control);
  if (r->measurable)
    {
      g_autofree char *e = pt_money_format ((gint64) llround (r->revenue_uplift.estimate), rules.currency);
      g_autofree char *lo = pt_money_format ((gint64) llround (r->revenue_uplift.low), rules.currency);
      g_autofree char *hi = pt_money_format ((gint64) llround (r->revenue_uplift.high), rules.currency);

      /* Translators: uplift per member and its 95 % confidence interval */
      uplift = g_strdup_printf (_("%s per member (95 %% interval %s to %s)"), e, lo, hi);
      incremental = pt_money_format ((gint64) llround (r->incremental_revenue), rules.currency);
      ret = r->cost > 0 ? g_strdup_printf ("%.2f", r->return_on_spend) : g_strdup ("—");
    }
  else
    {
      uplift = g_strdup (r->control < 30 ? _("Not measurable: the control group is too small")
                                         : _("Not measurable yet: no spending in the window"));
      incremental = g_strdup ("—");
      ret = g_strdup ("—");
    }
  cost = pt_money_format (r->cost, rules.currency);
  window_text = g_strdup_printf (_("%s to %s"), r->from, r->to);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), r->name);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), window_text);
  figures = group;
  add_row (ADW_PREFERENCES_GROUP (figures), _("Audience"), sizes);
  add_row (ADW_PREFERENCES_GROUP (figures), _("Redeemed"), redeemed);
  add_row (ADW_PREFERENCES_GROUP (figures), _("Revenue per member"), per_member);
  add_row (ADW_PREFERENCES_GROUP (figures), _("Visits per member"), visits);
  add_row (ADW_PREFERENCES_GROUP (figures), _("Uplift"), uplift);
  add_row (ADW_PREFERENCES_GROUP (figures), _("Incremental revenue"), incremental);
  add_row (ADW_PREFERENCES_GROUP (figures), _("Cost"), cost);
  add_row (ADW_PREFERENCES_GROUP (figures), _("Return on spend"), ret);

  /* The chart the "Campaign results" report prints, legend and axes
   * included. */
  chart_name = g_strdup_printf (_("Cumulative revenue per member by day: target %s, control %s at the end"),
                                target, control);
  chart = pt_chart_area_new (pt_report_campaign_chart_new (r, rules.currency), chart_name);
  gtk_widget_set_size_request (chart, -1, 220);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), chart);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_widget_set_vexpand (scrolled, TRUE);

  header = adw_header_bar_new ();
  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  page = toolbar;

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Campaign Results"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);
  adw_window_set_content (ADW_WINDOW (window), page);
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));
  return GTK_WINDOW (window);
}
