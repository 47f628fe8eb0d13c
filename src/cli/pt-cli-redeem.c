/* pt-cli-redeem.c — patron-cli redeem, and redemption cancel|list|show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-store-members.h"
#include "pt-store-redemptions.h"
#include "pt-store-rewards.h"

static JsonObject *
redemption_to_json (PtRedemption *redemption)
{
  JsonObject *object = json_object_new ();

#define SET_STRING(key, value) \
  json_object_set_string_member (object, key, (value) ? (value) : "")
  SET_STRING ("id", pt_redemption_get_id (redemption));
  SET_STRING ("member_id", pt_redemption_get_member_id (redemption));
  SET_STRING ("member_number", pt_redemption_get_member_number (redemption));
  SET_STRING ("member_name", pt_redemption_get_member_name (redemption));
  SET_STRING ("reward_id", pt_redemption_get_reward_id (redemption));
  SET_STRING ("reward_name", pt_redemption_get_reward_name (redemption));
  json_object_set_int_member (object, "points", pt_redemption_get_points (redemption));
  SET_STRING ("coupon_code", pt_redemption_get_coupon_code (redemption));
  json_object_set_int_member (object, "created_at", pt_redemption_get_created_at (redemption) / 1000);
  json_object_set_boolean_member (object, "cancelled", pt_redemption_is_cancelled (redemption));
#undef SET_STRING

  return object;
}

static void
print_redemption_json (PtRedemption *redemption)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, redemption_to_json (redemption));
  pt_cli_print_json (node);
}

int
pt_cli_redeem (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  gboolean json = FALSE;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Only check; print the balance it would leave"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the redemption as JSON"), NULL },
    { NULL, },
  };
  g_autoptr(PtRedemption) redemption = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  char **args;
  PtStore *store;

  if (!pt_cli_parse (_("MEMBER REWARD"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  args = pt_cli_positional (argc, argv, 2);
  if (args == NULL)
    return pt_cli_fail_usage ("%s", _("redeem: give a member (number or id) and a reward "
                                      "(name or id)"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);

  if (dry_run)
    {
      gint64 balance_after = 0;

      if (!pt_store_check_redemption (store, args[0], args[1], &balance_after, &error))
        return pt_cli_fail (error);
      /* Translators: %s is a number of points */
      g_print (_("Allowed; the balance after it would be %" PRId64 " points.\n"),
               balance_after);
      return 0;
    }

  id = pt_store_redeem (store, args[0], args[1], &error);
  if (id == NULL)
    return pt_cli_fail (error);

  if (!json)
    {
      g_print ("%s\n", id);
      return 0;
    }

  redemption = pt_store_get_redemption (store, id, &error);
  if (redemption == NULL)
    return pt_cli_fail (error);
  print_redemption_json (redemption);
  return 0;
}

static int
redemption_cancel (PtCliContext  *ctx,
                   int            argc,
                   char         **argv)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why it is cancelled"), N_("TEXT") },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  char **args;
  PtStore *store;

  if (!pt_cli_parse (_("ID"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  args = pt_cli_positional (argc, argv, 1);
  if (args == NULL)
    return pt_cli_fail_usage ("%s", _("redemption cancel: give one redemption id"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || !pt_store_cancel_redemption (store, args[0], reason, &error))
    return pt_cli_fail (error);

  g_print ("%s\n", _("Cancelled: the points and the stock are back."));
  return 0;
}

static int
redemption_list (PtCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  g_autofree char *member_text = NULL;
  g_autofree char *reward_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_FILENAME, &member_text, N_("Only this member's"),
      N_("MEMBER") },
    { "reward", 0, 0, G_OPTION_ARG_FILENAME, &reward_text, N_("Only this reward's"),
      N_("REWARD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  g_autoptr(PtMember) member = NULL;
  g_autoptr(PtReward) reward = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  PtRedemptionFilter filter = { NULL, };
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (pt_cli_positional (argc, argv, 0) == NULL)
    return pt_cli_fail_usage ("%s", _("redemption list: unexpected argument"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);
  if (member_text != NULL)
    {
      member = pt_store_get_member (store, member_text, TRUE, &error);
      if (member == NULL)
        return pt_cli_fail (error);
      filter.member_id = pt_member_get_id (member);
    }
  if (reward_text != NULL)
    {
      reward = pt_store_get_reward (store, reward_text, &error);
      if (reward == NULL)
        return pt_cli_fail (error);
      filter.reward_id = pt_reward_get_id (reward);
    }

  list = pt_store_list_redemptions (store, &filter, &error);
  if (list == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonArray *array = json_array_sized_new (list->len);
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < list->len; i++)
        json_array_add_object_element (array, redemption_to_json (g_ptr_array_index (list, i)));
      json_node_take_array (node, array);
      pt_cli_print_json (node);
    }
  else
    {
      const PtCliColumn columns[] = {
        { _("When"), 16, FALSE },
        { _("Member"), 24, FALSE },
        { _("Reward"), 28, FALSE },
        { _("Points"), 10, TRUE },
        { _("Coupon"), 12, FALSE },
        { _("Id"), 36, FALSE },
        { _("State"), 10, FALSE },
      };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; i < list->len; i++)
        {
          PtRedemption *r = g_ptr_array_index (list, i);
          g_autoptr(GDateTime) when =
            g_date_time_new_from_unix_local (pt_redemption_get_created_at (r) / 1000);
          char **row = g_new0 (char *, G_N_ELEMENTS (columns) + 1);

          row[0] = g_date_time_format (when, "%Y-%m-%d %H:%M");
          row[1] = g_strdup_printf ("%s %s", pt_redemption_get_member_number (r)
                                    ? pt_redemption_get_member_number (r) : "",
                                    pt_redemption_get_member_name (r)
                                    ? pt_redemption_get_member_name (r) : "");
          row[2] = g_strdup (pt_redemption_get_reward_name (r));
          row[3] = g_strdup_printf ("%" G_GINT64_FORMAT, pt_redemption_get_points (r));
          row[4] = g_strdup (pt_redemption_get_coupon_code (r) ? pt_redemption_get_coupon_code (r)
                                                               : "");
          row[5] = g_strdup (pt_redemption_get_id (r));
          row[6] = g_strdup (pt_redemption_is_cancelled (r) ? _("cancelled") : "");
          g_ptr_array_add (rows, row);
        }
      pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
    }
  return 0;
}

static int
redemption_show (PtCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  GOptionEntry entries[] = { { NULL, } };
  g_autoptr(PtRedemption) redemption = NULL;
  g_autoptr(GError) error = NULL;
  char **args;
  PtStore *store;

  if (!pt_cli_parse (_("ID"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  args = pt_cli_positional (argc, argv, 1);
  if (args == NULL)
    return pt_cli_fail_usage ("%s", _("redemption show: give one redemption id"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (redemption = pt_store_get_redemption (store, args[0], &error)) == NULL)
    return pt_cli_fail (error);
  print_redemption_json (redemption);
  return 0;
}

int
pt_cli_redemption (PtCliContext  *ctx,
                   int            argc,
                   char         **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;

  if (name == NULL || strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 ||
      strcmp (name, "help") == 0)
    {
      g_print ("%s\n\n", _("Usage: patron-cli [--db PATH] redemption SUBCOMMAND [ARGUMENTS…]"));
      g_print ("  %-10s %s\n", "cancel", _("Cancel a redemption: points and stock go back"));
      g_print ("  %-10s %s\n", "list", _("Redemptions, newest first"));
      g_print ("  %-10s %s\n", "show", _("One redemption as JSON"));
      return name == NULL ? 2 : 0;
    }

  if (strcmp (name, "cancel") == 0)
    return redemption_cancel (ctx, argc - 1, argv + 1);
  if (strcmp (name, "list") == 0)
    return redemption_list (ctx, argc - 1, argv + 1);
  if (strcmp (name, "show") == 0)
    return redemption_show (ctx, argc - 1, argv + 1);

  pt_cli_print_usage ("patron-cli redemption", "SUBCOMMAND [ARGUMENTS…]");
  return pt_cli_fail_usage (_("redemption: unknown subcommand “%s”; see patron-cli redemption "
                              "--help"), name);
}
