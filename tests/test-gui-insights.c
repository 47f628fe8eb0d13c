/* test-gui-insights.c — the member page's Insights group follows the
 * member and the refits (display suite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-insights-section.h"
#include "pt-member-detail.h"
#include "pt-store-insights.h"
#include "pt-store-members.h"

static void
test_insights_section (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("patron-gui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "patron.db", NULL);
  g_autoptr(PtStore) store = pt_store_open (path, &error);
  g_autoptr(PtContext) context = pt_context_new (store);
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (PtStoreMemberInsight));
  PtMemberDetail *detail;
  PtInsightsSection *section;
  PtStoreMemberInsight row;
  GtkWindow *window;
  const char *value;

  g_assert_no_error (error);
  pt_member_set (member, PT_MEMBER_FIELD_NAME, "王芳");
  g_assert_true (pt_store_add_member (store, member, &error));

  window = GTK_WINDOW (gtk_window_new ());
  detail = g_object_new (PT_TYPE_MEMBER_DETAIL, NULL);
  pt_member_detail_set_context (detail, context);
  gtk_window_set_child (window, GTK_WIDGET (detail));
  section = pt_insights_section_new (context, detail);
  pt_member_detail_add_section (detail, GTK_WIDGET (section));
  pt_member_detail_set_member (detail, member);
  gtk_window_present (window);

  /* Not scored yet: no numbers, a sentence. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (section)));
  g_assert_cmpstr (pt_insights_section_get_text (section, "alive"), ==, "Not enough purchase history yet");
  g_assert_cmpstr (pt_insights_section_get_text (section, "value"), ==, "Not enough purchase history yet");

  /* A refit: the rows follow at once. */
  pt_store_member_insight_init (&row);
  row.member_id = g_strdup (pt_member_get_id (member));
  row.rfm_r = 5;
  row.rfm_f = 5;
  row.rfm_m = 4;
  row.rfm_group = g_strdup ("champions");
  row.cycle_days = 12;
  row.overdue = TRUE;
  row.p_alive = 0.8;
  row.churn_risk = g_strdup ("low");
  row.expected[0] = 1.5;
  row.expected[1] = 4.25;
  row.expected[2] = 16;
  row.expected_spend = 4000;
  row.clv_12m = 12345;
  g_array_append_val (rows, row);
  g_assert_true (pt_store_replace_member_insights (store, "2026-12-04", rows, &error));
  g_assert_no_error (error);
  pt_store_member_insight_clear (&g_array_index (rows, PtStoreMemberInsight, 0));

  g_assert_cmpstr (pt_insights_section_get_text (section, "rfm"), ==, "Champions");
  g_assert_cmpstr (pt_insights_section_get_text (section, "cycle"), ==, "About every 12 days — overdue");
  g_assert_cmpstr (pt_insights_section_get_text (section, "alive"), ==, "80 % (churn risk: low)");
  g_assert_cmpstr (pt_insights_section_get_text (section, "next"), ==, "1.5 in 30 days, 4.2 in 90 days");
  value = pt_insights_section_get_text (section, "value");
  g_assert_nonnull (strstr (value, "123.45"));

  /* No member, no group. */
  pt_member_detail_set_member (detail, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (section)));

  gtk_window_destroy (window);
  g_clear_object (&context);
  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_LANGUAGE_C | PT_GTK_TEST_IGNORE_MISSING_ICONS))
    return g_test_run ();

  g_test_add_func ("/gui/insights/section", test_insights_section);
  return g_test_run ();
}
