/* pt-cli-coupons.c — patron-cli coupons list|show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-money.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"

static char *
value_text (PtCoupon   *coupon,
            const char *currency)
{
  if (pt_coupon_get_percent (coupon) > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "%%", pt_coupon_get_percent (coupon));
  return pt_money_format (pt_coupon_get_amount (coupon), currency);
}

static JsonObject *
coupon_to_json (PtCoupon   *coupon,
                const char *currency)
{
  JsonObject *object = json_object_new ();

#define SET_STRING(key, value) \
  json_object_set_string_member (object, key, (value) ? (value) : "")
  SET_STRING ("id", pt_coupon_get_id (coupon));
  SET_STRING ("code", pt_coupon_get_code (coupon));
  SET_STRING ("member_id", pt_coupon_get_member_id (coupon));
  SET_STRING ("title", pt_coupon_get_title (coupon));
  SET_STRING ("reward_id", pt_coupon_get_reward_id (coupon));
  SET_STRING ("campaign_id", pt_coupon_get_campaign_id (coupon));
  SET_STRING ("redemption_id", pt_coupon_get_redemption_id (coupon));
  if (pt_coupon_get_percent (coupon) > 0)
    {
      json_object_set_int_member (object, "percent", pt_coupon_get_percent (coupon));
    }
  else
    {
      g_autofree char *plain = pt_money_format_plain (pt_coupon_get_amount (coupon), currency);

      json_object_set_string_member (object, "value", plain);
      json_object_set_string_member (object, "currency", currency);
    }
  SET_STRING ("expires_on", pt_coupon_get_expires_on (coupon));
  json_object_set_int_member (object, "issued_at", pt_coupon_get_issued_at (coupon) / 1000);
  SET_STRING ("state", pt_coupon_state_to_string (pt_coupon_get_state (coupon)));
  SET_STRING ("purchase_id", pt_coupon_get_purchase_id (coupon));
  if (pt_coupon_get_state (coupon) == PT_COUPON_STATE_USED)
    {
      g_autofree char *plain = pt_money_format_plain (pt_coupon_get_discount (coupon), currency);
      json_object_set_string_member (object, "discount", plain);
    }
#undef SET_STRING

  return object;
}

static void
print_coupon_table (GPtrArray  *coupons,
                    const char *currency)
{
  const PtCliColumn columns[] = {
    { _("Code"), 12, FALSE },
    { _("For"), 28, FALSE },
    { _("Value"), 14, TRUE },
    { _("Expires"), 10, FALSE },
    { _("State"), 10, FALSE },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < coupons->len; i++)
    {
      PtCoupon *coupon = g_ptr_array_index (coupons, i);
      char **row = g_new0 (char *, G_N_ELEMENTS (columns) + 1);

      row[0] = g_strdup (pt_coupon_get_code (coupon));
      row[1] = g_strdup (pt_coupon_get_title (coupon));
      row[2] = value_text (coupon, currency);
      row[3] = g_strdup (pt_coupon_get_expires_on (coupon) ? pt_coupon_get_expires_on (coupon)
                                                           : _("never"));
      row[4] = g_strdup (pt_coupon_state_label (pt_coupon_get_state (coupon)));
      g_ptr_array_add (rows, row);
    }

  pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
}

static int
coupons_list (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GPtrArray) coupons = NULL;
  g_autoptr(GError) error = NULL;
  const char *which;
  PtStore *store;

  if (!pt_cli_parse (_("MEMBER"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", _("coupons list: give one member number or id"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (member = pt_store_get_member (store, which, TRUE, &error)) == NULL ||
      (coupons = pt_store_list_coupons (store, pt_member_get_id (member), &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonArray *array = json_array_sized_new (coupons->len);
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < coupons->len; i++)
        json_array_add_object_element (array, coupon_to_json (g_ptr_array_index (coupons, i),
                                                              pt_cli_currency (store)));
      json_node_take_array (node, array);
      pt_cli_print_json (node);
    }
  else if (coupons->len == 0)
    /* Translators: %s is a member's name */
    g_print (_("%s has no coupons.\n"), pt_member_get_name (member));
  else
    print_coupon_table (coupons, pt_cli_currency (store));
  return 0;
}

static int
coupons_show (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  GOptionEntry entries[] = { { NULL, } };
  g_autoptr(PtCoupon) coupon = NULL;
  g_autoptr(GError) error = NULL;
  const char *which;
  JsonNode *node;
  PtStore *store;

  if (!pt_cli_parse (_("CODE"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", _("coupons show: give one coupon code"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (coupon = pt_store_get_coupon (store, which, &error)) == NULL)
    return pt_cli_fail (error);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, coupon_to_json (coupon, pt_cli_currency (store)));
  pt_cli_print_json (node);
  return 0;
}

int
pt_cli_coupons (PtCliContext  *ctx,
                int            argc,
                char         **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;

  if (name == NULL || strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 ||
      strcmp (name, "help") == 0)
    {
      g_print ("%s\n\n", _("Usage: patron-cli [--db PATH] coupons SUBCOMMAND [ARGUMENTS…]"));
      g_print ("  %-10s %s\n", "list", _("A member's coupons: patron-cli coupons list MEMBER [--json]"));
      g_print ("  %-10s %s\n", "show", _("One coupon by its code, as JSON"));
      return name == NULL ? 2 : 0;
    }

  if (strcmp (name, "list") == 0)
    return coupons_list (ctx, argc - 1, argv + 1);
  if (strcmp (name, "show") == 0)
    return coupons_show (ctx, argc - 1, argv + 1);

  pt_cli_print_usage ("patron-cli coupons", "SUBCOMMAND [ARGUMENTS…]");
  return pt_cli_fail_usage (_("coupons: unknown subcommand “%s”; see patron-cli coupons --help"),
                            name);
}
