/* pt-points-section.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-points-section"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-points-section.h"
#include "pt-sale-dialog.h"
#include "pt-store-points.h"
#include "pt-store-tiers.h"
#include "pt-window.h"
#include "pt-shown-shortcut.h"

/* The ledger shows the latest entries; the statement report has them all. */
#define LEDGER_ROWS 50

struct _PtPointsSection
{
  AdwBin          parent_instance;

  PtContext      *context;
  PtMemberDetail *detail;
  GtkWindow      *sale_dialog;
  char           *progress_text;

  /* template */
  GtkLabel       *balance_label;
  AdwActionRow   *expiring_row;
  AdwActionRow   *tier_row;
  GtkLevelBar    *tier_progress;
  GtkListBox     *ledger_list;
  GtkWidget      *lots_group;
  GtkListBox     *lots_list;
  GtkWidget      *tier_history_group;
  GtkListBox     *tier_history_list;
};

G_DEFINE_FINAL_TYPE (PtPointsSection, pt_points_section, ADW_TYPE_BIN)

static char *
format_points (gint64 points)
{
  g_autofree char *count = pt_format_count (points);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s point", "%s points",
                                       (gulong) ABS (points)),
                          count);
}

/* "¥320.00 more to Gold", from whichever threshold the next tier sets. */
static char *
describe_progress (PtTierProgress *p,
                   const char     *currency,
                   double         *fraction)
{
  const char *next;

  *fraction = 1.0;
  if (p->next == NULL)
    return p->tier ? g_strdup (_("Highest tier")) : NULL;

  next = pt_tier_get_name (p->next);
  if (pt_tier_get_min_spend (p->next) > 0)
    {
      g_autofree char *amount = pt_money_format (p->missing_spend, currency);

      *fraction = (double) p->stats.spend / (double) pt_tier_get_min_spend (p->next);
      /* Translators: “¥320.00 more to Gold” */
      return g_strdup_printf (_("%s more to %s"), amount, next);
    }
  if (pt_tier_get_min_visits (p->next) > 0)
    {
      g_autofree char *visits = pt_format_count (p->missing_visits);

      *fraction = (double) p->stats.visits / (double) pt_tier_get_min_visits (p->next);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s more visit to %s",
                                           "%s more visits to %s", (gulong) p->missing_visits),
                              visits, next);
    }
  {
    g_autofree char *points = pt_format_count (p->missing_points);

    *fraction = (double) p->stats.points / (double) MAX (1, pt_tier_get_min_points (p->next));
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s more point to %s",
                                         "%s more points to %s", (gulong) p->missing_points),
                            points, next);
  }
}

static GtkWidget *
make_entry_row (PtPointsEntry *e)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *change = pt_format_count_signed (e->points);
  g_autofree char *title = g_strdup_printf ("%s %s", pt_points_kind_label (e->kind), change);
  g_autofree char *subtitle = NULL;
  g_autofree char *balance = pt_format_count (e->balance);
  GtkWidget *label = gtk_label_new (balance);

  if (e->reason != NULL && *e->reason != '\0')
    subtitle = g_strdup_printf ("%s · %s", e->day, e->reason);
  else if (e->points > 0 && e->expires_on != NULL)
    /* Translators: a day, then the last day the points can be used */
    subtitle = g_strdup_printf (_("%s · valid until %s"), e->day, e->expires_on);
  else
    subtitle = g_strdup (e->day);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_tooltip_text (label, _("Balance after this entry"));
  adw_action_row_add_suffix (row, label);
  return GTK_WIDGET (row);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
make_plain_row (const char *title,
                const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  return GTK_WIDGET (row);
}

static void
fill_lots (PtPointsSection *self,
           PtPointsSummary *summary)
{
  for (guint i = 0; i < summary->lots->len; i++)
    {
      PtPointsEntry *lot = g_ptr_array_index (summary->lots, i);
      g_autofree char *left = format_points (lot->remaining);
      g_autofree char *of = pt_format_count (lot->points);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: “80 points left of 120” */
      title = g_strdup_printf (_("%s left of %s"), left, of);
      if (lot->expires_on != NULL)
        /* Translators: “Earned 2026-01-15 · valid until 2027-01-14” */
        subtitle = g_strdup_printf (_("%s %s · valid until %s"), pt_points_kind_label (lot->kind),
                                    lot->day, lot->expires_on);
      else
        subtitle = g_strdup_printf (_("%s %s · never expires"), pt_points_kind_label (lot->kind),
                                    lot->day);
      gtk_list_box_append (self->lots_list, make_plain_row (title, subtitle));
    }
  gtk_widget_set_visible (self->lots_group, summary->lots->len > 0);
}

static void
fill_tier_history (PtPointsSection *self,
                   const char      *member_id)
{
  g_autoptr(GPtrArray) changes = pt_store_list_tier_changes (pt_context_get_store (self->context),
                                                             member_id, NULL);

  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      PtTierChange *c = g_ptr_array_index (changes, i);
      g_autofree char *title = g_strdup_printf ("%s → %s", c->from_name ? c->from_name : "—",
                                                c->to_name ? c->to_name : "—");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", c->day,
                                                   pt_tier_reason_label (c->reason));

      gtk_list_box_append (self->tier_history_list, make_plain_row (title, subtitle));
    }
  gtk_widget_set_visible (self->tier_history_group, changes != NULL && changes->len > 0);
}

static void
refresh (PtPointsSection *self)
{
  PtMember *member = self->detail ? pt_member_detail_get_member (self->detail) : NULL;
  PtStore *store = self->context ? pt_context_get_store (self->context) : NULL;
  g_autoptr(GError) error = NULL;
  PtPointsSummary *summary = NULL;
  PtTierProgress *progress = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *expiring = NULL;
  g_autofree char *tier_text = NULL;
  PtPointsRules rules;
  double fraction = 0;

  clear_list (self->ledger_list);
  clear_list (self->lots_list);
  clear_list (self->tier_history_list);
  gtk_widget_set_visible (GTK_WIDGET (self), member != NULL && store != NULL);
  if (member == NULL || store == NULL)
    return;

  pt_store_get_points_rules (store, &rules);
  summary = pt_store_points_summary (store, pt_member_get_id (member), 30, NULL, &error);
  progress = pt_store_tier_progress (store, pt_member_get_id (member), NULL, NULL);
  if (summary == NULL)
    {
      gtk_label_set_text (self->balance_label, error->message);
      pt_tier_progress_free (progress);
      return;
    }

  balance = format_points (summary->balance);
  gtk_label_set_text (self->balance_label, balance);

  if (summary->expiring > 0)
    {
      g_autofree char *points = format_points (summary->expiring);
      /* Translators: “120 points, first on 2026-12-31” */
      expiring = g_strdup_printf (_("%s, first on %s"), points, summary->next_expiry);
    }
  else
    expiring = g_strdup (_("None"));
  adw_action_row_set_subtitle (self->expiring_row, expiring);

  g_clear_pointer (&self->progress_text, g_free);
  if (progress != NULL)
    self->progress_text = describe_progress (progress, rules.currency, &fraction);
  if (progress != NULL && progress->tier != NULL)
    tier_text = self->progress_text
                ? g_strdup_printf ("%s — %s", pt_tier_get_name (progress->tier), self->progress_text)
                : g_strdup (pt_tier_get_name (progress->tier));
  adw_action_row_set_subtitle (self->tier_row, tier_text ? tier_text : _("No tiers set up"));
  gtk_level_bar_set_value (self->tier_progress, CLAMP (fraction, 0.0, 1.0));
  gtk_widget_set_visible (GTK_WIDGET (self->tier_progress), progress && progress->next != NULL);

  for (guint i = summary->entries->len, shown = 0; i > 0 && shown < LEDGER_ROWS; i--, shown++)
    gtk_list_box_append (self->ledger_list,
                         make_entry_row (g_ptr_array_index (summary->entries, i - 1)));
  if (summary->entries->len == 0)
    {
      GtkWidget *empty = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty), _("No points yet"));
      gtk_list_box_append (self->ledger_list, empty);
    }

  fill_lots (self, summary);
  fill_tier_history (self, pt_member_get_id (member));

  pt_tier_progress_free (progress);
  pt_points_summary_free (summary);
}

static void
store_changed_cb (PtPointsSection *self)
{
  refresh (self);
}

static void
recorded_cb (PtPointsSection *self,
             const char      *purchase_id,
             gint64           points)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *earned = format_points (points);
  /* Translators: a toast: “Sale recorded: 12 points” */
  g_autofree char *message = g_strdup_printf (_("Sale recorded: %s"), earned);

  refresh (self);
  if (PT_IS_WINDOW (root))
    pt_window_add_toast (PT_WINDOW (root), adw_toast_new (message));
}

static void
sale_dialog_destroyed_cb (PtPointsSection *self)
{
  self->sale_dialog = NULL;
}

static void
record_sale_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PtPointsSection *self = PT_POINTS_SECTION (widget);
  PtMember *member = self->detail ? pt_member_detail_get_member (self->detail) : NULL;
  PtSaleDialog *dialog;
  GtkRoot *root;

  if (member == NULL || self->sale_dialog != NULL)
    return;

  dialog = pt_sale_dialog_new (self->context, member);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (recorded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (sale_dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  self->sale_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pt_points_section_dispose (GObject *object)
{
  PtPointsSection *self = (PtPointsSection *) object;

  if (self->sale_dialog != NULL)
    gtk_window_destroy (self->sale_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_POINTS_SECTION);
  g_clear_object (&self->context);
  self->detail = NULL;
  g_clear_pointer (&self->progress_text, g_free);

  G_OBJECT_CLASS (pt_points_section_parent_class)->dispose (object);
}

static void
pt_points_section_class_init (PtPointsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_points_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-points-section.ui");
  gtk_widget_class_bind_template_child (widget_class, PtPointsSection, balance_label);
  gtk_widget_class_bind_template_child (widget_class, PtPointsSection, expiring_row);
  gtk_widget_class_bind_template_child (widget_class, PtPointsSection, tier_row);
  gtk_widget_class_bind_template_child (widget_class, PtPointsSection, tier_progress);
  gtk_widget_class_bind_template_child (widget_class, PtPointsSection, ledger_list);
  gtk_widget_class_bind_template_child (widget_class, PtPointsSection, lots_group);
  gtk_widget_class_bind_template_child (widget_class, PtPointsSection, lots_list);
  gtk_widget_class_bind_template_child (widget_class, PtPointsSection, tier_history_group);
  gtk_widget_class_bind_template_child (widget_class, PtPointsSection, tier_history_list);

  gtk_widget_class_install_action (widget_class, "points.record-sale", NULL, record_sale_action);
}

static void
pt_points_section_init (PtPointsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+R works anywhere in the window while the member page shows. */
  pt_add_shown_shortcut (GTK_WIDGET (self), GDK_KEY_r, GDK_CONTROL_MASK, "points.record-sale");
}

PtPointsSection *
pt_points_section_new (PtContext      *context,
                       PtMemberDetail *detail)
{
  PtPointsSection *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (PT_IS_MEMBER_DETAIL (detail), NULL);

  self = g_object_new (PT_TYPE_POINTS_SECTION, NULL);
  self->context = g_object_ref (context);
  self->detail = detail;
  g_signal_connect_object (detail, "notify::member", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (pt_context_get_store (context), "changed::points",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pt_context_get_store (context), "changed::tier_change",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

const char *
pt_points_section_get_balance_text (PtPointsSection *self)
{
  g_return_val_if_fail (PT_IS_POINTS_SECTION (self), NULL);
  return gtk_label_get_text (self->balance_label);
}

const char *
pt_points_section_get_progress_text (PtPointsSection *self)
{
  g_return_val_if_fail (PT_IS_POINTS_SECTION (self), NULL);
  return self->progress_text;
}

GtkWindow *
pt_points_section_get_sale_dialog (PtPointsSection *self)
{
  g_return_val_if_fail (PT_IS_POINTS_SECTION (self), NULL);
  return self->sale_dialog;
}

guint
pt_points_section_count_rows (PtPointsSection *self,
                              const char      *list)
{
  GtkWidget *box;
  guint n = 0;

  g_return_val_if_fail (PT_IS_POINTS_SECTION (self), 0);

  if (g_strcmp0 (list, "lots") == 0)
    box = GTK_WIDGET (self->lots_list);
  else if (g_strcmp0 (list, "tier-history") == 0)
    box = GTK_WIDGET (self->tier_history_list);
  else
    box = GTK_WIDGET (self->ledger_list);

  for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}
