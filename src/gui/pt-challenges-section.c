/* pt-challenges-section.c — a member's running challenges with their
 * progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-challenges-section"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "pt-challenges-section.h"
#include "pt-format.h"
#include "pt-money.h"
#include "pt-store-campaigns.h"
#include "pt-store-points.h"

struct _PtChallengesSection
{
  AdwBin          parent_instance;

  PtContext      *context;
  PtMemberDetail *detail;   /* unowned: it owns this section */

  /* template */
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (PtChallengesSection, pt_challenges_section, ADW_TYPE_BIN)

/* "3 of 5 visits", "¥120.00 of ¥500.00 spent", or done with its points. */
static char *
describe (PtChallengeProgress *p,
          const char          *currency)
{
  g_autofree char *points = pt_format_count (p->points);

  if (p->progress >= p->goal)
    /* Translators: a challenge reached; %s is the points it gave */
    return g_strdup_printf (_("Completed: +%s points"), points);
  if (g_strcmp0 (p->metric, "visits") == 0)
    /* Translators: a challenge's progress: visits so far, visits asked */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " of %" PRId64 " visit",
                                         "%" PRId64 " of %" PRId64 " visits", (gulong) p->goal),
                            p->progress, p->goal);
  {
    g_autofree char *spent = pt_money_format (p->progress, currency);
    g_autofree char *goal = pt_money_format (p->goal, currency);

    /* Translators: a challenge's progress: spend so far, spend asked */
    return g_strdup_printf (_("%s of %s spent"), spent, goal);
  }
}

static GtkWidget *
challenge_row (PtChallengeProgress *p,
               const char          *currency)
{
  g_autofree char *progress = describe (p, currency);
  g_autofree char *accessible = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, (double) MAX (p->goal, 1));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), progress);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), (double) CLAMP (p->progress, 0, MAX (p->goal, 1)));
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of a challenge's level bar */
  accessible = g_strdup_printf (_("Progress of “%s”: %s"), p->name, progress);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  return row;
}

static void
refresh (PtChallengesSection *self)
{
  PtMember *member = self->detail ? pt_member_detail_get_member (self->detail) : NULL;
  PtStore *store = self->context ? pt_context_get_store (self->context) : NULL;
  g_autoptr(GPtrArray) challenges = NULL;
  g_autoptr(GError) error = NULL;
  PtPointsRules rules;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (member != NULL && store != NULL)
    {
      challenges = pt_store_member_challenges (store, pt_member_get_id (member), NULL, &error);
      if (challenges == NULL)
        g_warning ("challenges of %s: %s", pt_member_get_id (member), error->message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), challenges != NULL && challenges->len > 0);
  if (challenges == NULL)
    return;
  pt_store_get_points_rules (store, &rules);
  for (guint i = 0; i < challenges->len; i++)
    gtk_list_box_append (self->list, challenge_row (g_ptr_array_index (challenges, i),
                                                    rules.currency));
}

static void
changed_cb (PtChallengesSection *self)
{
  refresh (self);
}

static void
pt_challenges_section_dispose (GObject *object)
{
  PtChallengesSection *self = PT_CHALLENGES_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_CHALLENGES_SECTION);
  g_clear_object (&self->context);
  self->detail = NULL;

  G_OBJECT_CLASS (pt_challenges_section_parent_class)->dispose (object);
}

static void
pt_challenges_section_class_init (PtChallengesSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_challenges_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-challenges-section.ui");
  gtk_widget_class_bind_template_child (widget_class, PtChallengesSection, list);
}

static void
pt_challenges_section_init (PtChallengesSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtChallengesSection *
pt_challenges_section_new (PtContext      *context,
                           PtMemberDetail *detail)
{
  static const char * const signals[] = { "changed::purchase", "changed::campaign" };
  PtChallengesSection *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (PT_IS_MEMBER_DETAIL (detail), NULL);

  self = g_object_new (PT_TYPE_CHALLENGES_SECTION, NULL);
  self->context = g_object_ref (context);
  self->detail = detail;
  g_signal_connect_object (detail, "notify::member", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_signal_connect_object (pt_context_get_store (context), signals[i], G_CALLBACK (changed_cb),
                             self, G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

GtkListBox *
pt_challenges_section_get_list (PtChallengesSection *self)
{
  g_return_val_if_fail (PT_IS_CHALLENGES_SECTION (self), NULL);
  return self->list;
}
