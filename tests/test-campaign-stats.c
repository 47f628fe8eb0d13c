/* test-campaign-stats.c — the hold-out split and the uplift intervals,
 * against figures published with the methods
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pt-campaign-split.h"
#include "pt-uplift.h"
#include "pt-uuid.h"

static char *
member_id (guint i)
{
  g_autofree char *name = g_strdup_printf ("member %u", i);

  return pt_uuid_derive ("test-member", name, NULL);
}

/* About the asked share is held out, the same members every time, and
 * another campaign holds out other members. */
static void
test_split (void)
{
  const guint n = 100000;
  guint control = 0, both = 0, none = 0, everyone = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = member_id (i);
      PtCampaignGroup group = pt_campaign_split ("campaign-a", id, 10);

      g_assert_cmpint (group, ==, pt_campaign_split ("campaign-a", id, 10));
      if (group == PT_CAMPAIGN_GROUP_CONTROL)
        {
          control++;
          if (pt_campaign_split ("campaign-b", id, 10) == PT_CAMPAIGN_GROUP_CONTROL)
            both++;
        }
      none += pt_campaign_split ("campaign-a", id, 0) == PT_CAMPAIGN_GROUP_CONTROL;
      everyone += pt_campaign_split ("campaign-a", id, 100) == PT_CAMPAIGN_GROUP_CONTROL;
      /* A larger hold-out keeps everyone the smaller one held out. */
      if (group == PT_CAMPAIGN_GROUP_CONTROL)
        g_assert_cmpint (pt_campaign_split ("campaign-a", id, 20), ==, PT_CAMPAIGN_GROUP_CONTROL);
    }

  /* 10 % of 100,000 is 10,000 with a standard deviation of about 95. */
  g_assert_cmpuint (control, >, 9600);
  g_assert_cmpuint (control, <, 10400);
  /* Independent campaigns: about 10 % of one's control is in the other's. */
  g_assert_cmpuint (both, >, 850);
  g_assert_cmpuint (both, <, 1150);
  g_assert_cmpuint (none, ==, 0);
  g_assert_cmpuint (everyone, ==, n);
}

static PtGroupSums
sums_of (const double *values,
         guint         n)
{
  PtGroupSums sums = { 0, };

  for (guint i = 0; i < n; i++)
    pt_group_sums_add (&sums, values[i]);
  return sums;
}

/* Student's sleep data (R's `sleep`): t.test (extra ~ group) reports the
 * Welch interval −3.3654832 to 0.2054832 for group 1 − group 2. */
static void
test_welch_sleep (void)
{
  const double group1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0 };
  const double group2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4 };
  PtGroupSums a = sums_of (group1, G_N_ELEMENTS (group1));
  PtGroupSums b = sums_of (group2, G_N_ELEMENTS (group2));
  PtUplift uplift;

  pt_uplift_means (&a, &b, 0.95, &uplift);
  g_assert_cmpfloat_with_epsilon (uplift.estimate, -1.58, 1e-9);
  g_assert_cmpfloat_with_epsilon (uplift.low, -3.3654832, 1e-6);
  g_assert_cmpfloat_with_epsilon (uplift.high, 0.2054832, 1e-6);
  /* Ten people a group: an interval, but too few to call it a result. */
  g_assert_false (uplift.measurable);
}

/* Newcombe (1998), Statistics in Medicine 17:873, table II: 56/70 − 48/80
 * by the hybrid score method is 0.0524 to 0.3339; 9/10 − 3/10 is 0.1705
 * to 0.8090. */
static void
test_newcombe (void)
{
  PtUplift uplift;

  pt_uplift_rates (56, 70, 48, 80, 0.95, &uplift);
  g_assert_cmpfloat_with_epsilon (uplift.estimate, 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (uplift.low, 0.0524, 5e-5);
  g_assert_cmpfloat_with_epsilon (uplift.high, 0.3339, 5e-5);
  g_assert_true (uplift.measurable);

  pt_uplift_rates (9, 10, 3, 10, 0.95, &uplift);
  g_assert_cmpfloat_with_epsilon (uplift.low, 0.1705, 5e-5);
  g_assert_cmpfloat_with_epsilon (uplift.high, 0.8090, 5e-5);
  g_assert_false (uplift.measurable);

  /* Rates of 0 and 1 keep the interval inside [−1, 1]. */
  pt_uplift_rates (40, 40, 0, 40, 0.95, &uplift);
  g_assert_cmpfloat (uplift.high, <=, 1.0);
  g_assert_cmpfloat (uplift.low, >, 0.8);
}

/* No control group, or one without members: nothing to compare with. */
static void
test_not_measurable (void)
{
  PtGroupSums target = { 0, };
  PtGroupSums control = { 0, };
  PtUplift uplift;

  for (guint i = 0; i < 500; i++)
    pt_group_sums_add (&target, 1000 + i % 7);
  pt_uplift_means (&target, &control, 0.95, &uplift);
  g_assert_false (uplift.measurable);
  pt_uplift_rates (40, 500, 0, 0, 0.95, &uplift);
  g_assert_false (uplift.measurable);

  /* Large groups with the same spread: measurable, and the interval
   * holds the true difference of 50. */
  for (guint i = 0; i < 500; i++)
    pt_group_sums_add (&control, 950 + i % 7);
  pt_uplift_means (&target, &control, 0.95, &uplift);
  g_assert_true (uplift.measurable);
  g_assert_cmpfloat (uplift.low, <, 50.0);
  g_assert_cmpfloat (uplift.high, >, 50.0);
}

/* A fixture with a known uplift: spend per member drawn with a mean 120
 * above the control's; the interval catches it in about 95 of 100 runs. */
static void
test_known_uplift_covered (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  guint covered = 0;

  for (guint run = 0; run < 200; run++)
    {
      PtGroupSums target = { 0, };
      PtGroupSums control = { 0, };
      PtUplift uplift;

      for (guint i = 0; i < 900; i++)
        pt_group_sums_add (&target, g_rand_double_range (rand, 0, 2000) + 120);
      for (guint i = 0; i < 100; i++)
        pt_group_sums_add (&control, g_rand_double_range (rand, 0, 2000));
      pt_uplift_means (&target, &control, 0.95, &uplift);
      g_assert_true (uplift.measurable);
      covered += uplift.low <= 120 && 120 <= uplift.high;
    }
  /* Binomial (200, 0.95): 190 ± 3; outside 180..199 means a wrong interval. */
  g_assert_cmpuint (covered, >=, 180);
  g_assert_cmpuint (covered, <, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/campaigns/split", test_split);
  g_test_add_func ("/campaigns/uplift/welch-sleep", test_welch_sleep);
  g_test_add_func ("/campaigns/uplift/newcombe", test_newcombe);
  g_test_add_func ("/campaigns/uplift/not-measurable", test_not_measurable);
  g_test_add_func ("/campaigns/uplift/known-uplift-covered", test_known_uplift_covered);
  return g_test_run ();
}
