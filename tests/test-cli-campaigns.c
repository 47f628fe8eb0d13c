/* test-cli-campaigns.c — patron-cli campaigns on a temporary database:
 * add, launch, results, list, contacts, calls, cancel, with --json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-rewards.h"
#include "pt-test-util.h"

#define N_MEMBERS 80
#define N_CONSENTING 30

typedef struct
{
  PtTestDir  dir;
  char      *rules_path;
  char      *out;
  char      *err;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PtStore) store = NULL;
  g_autoptr(PtReward) five = pt_reward_new ();
  g_autoptr(GError) error = NULL;

  pt_test_dir_init (&f->dir);
  store = pt_test_open_store (f->dir.db_path);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %02u", i);
      g_autoptr(PtMember) member = pt_test_add_member (store, name);

      if (i < N_CONSENTING)
        {
          pt_member_set_marketing_consent (member, TRUE);
          g_assert_true (pt_store_update_member (store, member, &error));
          g_assert_no_error (error);
        }
    }
  pt_reward_set_text (five, PT_REWARD_FIELD_NAME, "Five off");
  pt_reward_set_text (five, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (five, PT_REWARD_FIELD_POINTS_COST, 200);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  g_assert_true (pt_store_add_reward (store, five, 0, &error));
  g_assert_no_error (error);

  f->rules_path = pt_test_dir_file (&f->dir, "everyone.json");
  g_assert_true (g_file_set_contents (f->rules_path, "{\"all\": []}", -1, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->rules_path);
  g_free (f->out);
  g_free (f->err);
  pt_test_dir_clear (&f->dir);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static int
cli_run (Fixture            *f,
         const char * const *args)
{
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  return pt_test_run_cli (f->dir.db_path, args, &f->out, &f->err);
}

#define CLI(f, ...) cli_run ((f), (const char * const []) { __VA_ARGS__, NULL })

static void
test_life_cycle (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) launched = NULL;
  g_autoptr(JsonNode) results = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) cancelled = NULL;
  JsonObject *o, *r;
  g_auto(GStrv) lines = NULL;
  gint64 target;

  g_assert_cmpint (CLI (f, "segments", "add", "--name", "Everyone", "--rules", f->rules_path), ==, 0);
  g_assert_cmpint (CLI (f, "campaigns", "add", "--name", "Come back", "--segment", "everyone",
                        "--action", "coupon:Five off", "--action", "contacts", "--control", "25",
                        "--budget", "100", "--json"), ==, 0);
  added = parse (f->out);
  o = json_node_get_object (added);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "draft");
  g_assert_cmpint (json_object_get_int_member (o, "control_percent"), ==, 25);
  g_assert_cmpint (json_object_get_int_member (o, "budget_amount"), ==, 10000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "actions")), ==, 2);

  g_assert_cmpint (CLI (f, "campaigns", "launch", "Come back", "--json"), ==, 0);
  launched = parse (f->out);
  o = json_node_get_object (launched);
  target = json_object_get_int_member (o, "target");
  g_assert_cmpint (json_object_get_int_member (o, "audience"), ==, N_MEMBERS);
  g_assert_cmpint (target + json_object_get_int_member (o, "control"), ==, N_MEMBERS);
  /* ¥100 buys twenty ¥5 coupons, and no more. */
  g_assert_cmpint (json_object_get_int_member (o, "coupons"), ==, MIN (20, target));
  g_assert_cmpint (json_object_get_int_member (o, "reached"), ==, MIN (20, target));
  g_assert_cmpint (CLI (f, "campaigns", "launch", "Come back"), ==, 1);
  g_assert_nonnull (strstr (f->err, "already"));

  g_assert_cmpint (CLI (f, "campaigns", "results", "Come back", "--json"), ==, 0);
  results = parse (f->out);
  r = json_node_get_object (results);
  g_assert_cmpint (json_object_get_int_member (r, "target"), ==, target);
  g_assert_cmpint (json_object_get_int_member (r, "control"), ==, N_MEMBERS - target);
  g_assert_cmpint (json_object_get_int_member (r, "redeemed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (r, "revenue_per_member"),
                                               "target"), ==, 0);
  g_assert_true (json_object_has_member (json_object_get_object_member (r, "revenue_per_member"),
                                         "control"));
  g_assert_true (json_object_has_member (json_object_get_object_member (r, "uplift"), "low"));
  g_assert_true (json_object_has_member (json_object_get_object_member (r, "uplift"), "high"));
  g_assert_false (json_object_get_boolean_member (r, "measurable"));

  g_assert_cmpint (CLI (f, "campaigns", "list", "--json"), ==, 0);
  list = parse (f->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_assert_cmpint (CLI (f, "campaigns", "list"), ==, 0);
  g_assert_nonnull (strstr (f->out, "Come back"));

  /* Contacts: reached target members who said yes to marketing only. */
  g_assert_cmpint (CLI (f, "campaigns", "contacts", "Come back"), ==, 0);
  lines = g_strsplit (f->out, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "\"Number\",\"Name\",\"Phone\",\"E-mail\"");
  g_assert_cmpuint (g_strv_length (lines) - 2, <=, N_CONSENTING);
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      guint n = atoi (strstr (lines[i], "Member ") + strlen ("Member "));
      g_assert_cmpuint (n, <, N_CONSENTING);
    }
  g_assert_cmpint (CLI (f, "campaigns", "contacts", "Come back", "--excel"), ==, 0);
  g_assert_true (g_str_has_prefix (f->out, "\xEF\xBB\xBF\"Number\""));
  g_assert_cmpint (CLI (f, "campaigns", "calls", "Come back"), ==, 0);
  g_assert_nonnull (strstr (f->out, "Last visit"));

  g_assert_cmpint (CLI (f, "campaigns", "cancel", "Come back", "--json"), ==, 0);
  cancelled = parse (f->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (cancelled), "status"), ==,
                   "cancelled");
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtStore) store = NULL;

  g_assert_cmpint (CLI (f, "campaigns", "add", "--name", "Bad", "--rules", f->rules_path,
                        "--action", "multiplier:0.5"), ==, 2);
  g_assert_nonnull (strstr (f->err, "multiplier:0.5"));
  g_assert_cmpint (CLI (f, "campaigns", "add", "--name", "Bad", "--rules", f->rules_path,
                        "--action", "grant:10", "--budget", "lots"), ==, 2);
  g_assert_nonnull (strstr (f->err, "--budget"));
  g_assert_cmpint (CLI (f, "campaigns", "add", "--name", "Bad", "--rules", f->rules_path,
                        "--action", "grant:10", "--start", "2026-13-01"), ==, 2);
  g_assert_cmpint (CLI (f, "campaigns", "add", "--name", "Bad", "--action", "grant:10"), ==, 2);
  g_assert_cmpint (CLI (f, "campaigns", "show", "Nothing"), ==, 1);
  g_assert_nonnull (strstr (f->err, "Nothing"));
  store = pt_test_open_store (f->dir.db_path);
  g_assert_cmpint (pt_test_count_rows (store, "SELECT count(*) FROM campaigns"), ==, 0);
}

static void
restore_env (const char *variable,
             const char *value)
{
  if (value != NULL)
    g_setenv (variable, value, TRUE);
  else
    g_unsetenv (variable);
}

/* A campaign is costed at the points value of the day it was made: the
 * CLI records the one in the settings, as the editor does, and the
 * schema's default where none was set. */
static void
test_point_value (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *config = pt_test_dir_file (&f->dir, "config");
  g_autofree char *settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *backend = g_strdup (g_getenv ("GSETTINGS_BACKEND"));
  g_autofree char *config_home = g_strdup (g_getenv ("XDG_CONFIG_HOME"));
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) by_default = NULL;

  g_assert_cmpint (CLI (f, "campaigns", "add", "--name", "Default value", "--rules", f->rules_path,
                        "--action", "grant:10"), ==, 0);
  g_assert_cmpint (CLI (f, "campaigns", "show", "Default value", "--json"), ==, 0);
  by_default = parse (f->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (by_default), "point_value"), ==,
                   100);

  /* The owner set 100 points to be worth ¥2.50 in Preferences. */
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keyfile, "[io/github/patronapp/Patron]\npoints-value=250\n",
                                      -1, NULL));
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_assert_cmpint (CLI (f, "campaigns", "add", "--name", "Set value", "--rules", f->rules_path,
                        "--action", "grant:10"), ==, 0);
  restore_env ("GSETTINGS_BACKEND", backend);
  restore_env ("XDG_CONFIG_HOME", config_home);
  g_assert_cmpint (CLI (f, "campaigns", "show", "Set value", "--json"), ==, 0);
  shown = parse (f->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (shown), "point_value"), ==, 250);
  g_unlink (keyfile);
  g_rmdir (settings_dir);
  g_clear_pointer (&settings_dir, g_free);
  settings_dir = g_build_filename (config, "glib-2.0", NULL);
  g_rmdir (settings_dir);
  g_rmdir (config);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/campaigns/life-cycle", Fixture, NULL, fixture_set_up, test_life_cycle,
              fixture_tear_down);
  g_test_add ("/cli/campaigns/point-value", Fixture, NULL, fixture_set_up, test_point_value,
              fixture_tear_down);
  g_test_add ("/cli/campaigns/refusals", Fixture, NULL, fixture_set_up, test_refusals,
              fixture_tear_down);
  return g_test_run ();
}
