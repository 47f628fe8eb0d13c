/* pt-cli-rewards.c — patron-cli rewards add|list|show|edit|restock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-money.h"
#include "pt-store-rewards.h"
#include "pt-validation.h"

#define MAX_QUANTITY 1000000000

/* The options of add and edit. Strings are raw bytes (G_OPTION_ARG_FILENAME)
 * checked for UTF-8 later, so LANG=C does not refuse Chinese names. */
typedef struct
{
  char     *name;
  char     *kind;
  char     *description;
  char     *image;
  char     *cost;
  char     *value;
  char     *percent;
  char     *coupon_days;
  char     *stock;
  gboolean  unlimited;
  char     *limit;
  char     *limit_days;
  char     *min_tier;
  char     *from;
  char     *until;
  char     *active;
  gboolean  json;
} RewardOptions;

static void
reward_options_clear (RewardOptions *o)
{
  g_free (o->name);
  g_free (o->kind);
  g_free (o->description);
  g_free (o->image);
  g_free (o->cost);
  g_free (o->value);
  g_free (o->percent);
  g_free (o->coupon_days);
  g_free (o->stock);
  g_free (o->limit);
  g_free (o->limit_days);
  g_free (o->min_tier);
  g_free (o->from);
  g_free (o->until);
  g_free (o->active);
}

#define STRING_OPTION(long_name, field, description, arg) \
  { long_name, 0, 0, G_OPTION_ARG_FILENAME, &o->field, description, arg }

static gboolean
parse_reward_options (RewardOptions   *o,
                      gboolean         for_add,
                      const char      *usage,
                      int             *argc,
                      char          ***argv,
                      GError         **error)
{
  GOptionEntry entries[] = {
    STRING_OPTION ("name", name, N_("Name of the reward"), N_("TEXT")),
    STRING_OPTION ("cost", cost, N_("Points it costs"), N_("POINTS")),
    STRING_OPTION ("kind", kind, N_("What it is"), N_("item|service|coupon")),
    STRING_OPTION ("description", description, N_("Description"), N_("TEXT")),
    STRING_OPTION ("image", image, N_("Path of a picture"), N_("PATH")),
    STRING_OPTION ("value", value, N_("Coupon: amount off a purchase"), N_("AMOUNT")),
    STRING_OPTION ("percent", percent, N_("Coupon: percent off a purchase"), N_("PERCENT")),
    STRING_OPTION ("coupon-days", coupon_days, N_("Coupon: days it stays valid (0: no expiry)"),
                   N_("DAYS")),
    STRING_OPTION ("stock", stock, for_add ? N_("Keep stock, starting with this many")
                                           : N_("Keep stock (the count changes by restock)"),
                   N_("N")),
    { "unlimited", 0, 0, G_OPTION_ARG_NONE, &o->unlimited, N_("Do not keep stock"), NULL },
    STRING_OPTION ("limit", limit, N_("Redemptions per member per period (0: no limit)"), N_("N")),
    STRING_OPTION ("limit-days", limit_days, N_("The period of --limit in days (0: ever)"),
                   N_("DAYS")),
    STRING_OPTION ("min-tier", min_tier, N_("Lowest tier that may redeem it (empty: any)"),
                   N_("NAME")),
    STRING_OPTION ("from", from, N_("First day it can be redeemed"), "YYYY-MM-DD"),
    STRING_OPTION ("until", until, N_("Last day it can be redeemed"), "YYYY-MM-DD"),
    STRING_OPTION ("active", active, N_("Offered or not"), N_("yes|no")),
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print the reward as JSON"), NULL },
    { NULL, },
  };

  return pt_cli_parse (usage, entries, argc, argv, error);
}

#undef STRING_OPTION

static gboolean
set_text (PtReward       *reward,
          PtRewardField   field,
          const char     *value,
          GError        **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_TEXT,
                   _("%s: the text is not valid UTF-8"), pt_reward_field_label (field));
      return FALSE;
    }
  pt_reward_set_text (reward, field, value);
  return TRUE;
}

static gboolean
set_number (PtReward      *reward,
            PtRewardField  field,
            const char    *option,
            const char    *value,
            guint64        max,
            GError       **error)
{
  guint64 n;

  if (value == NULL)
    return TRUE;
  if (!pt_cli_parse_uint (option, value, 0, max, &n, error))
    return FALSE;
  pt_reward_set_int (reward, field, (gint64) n);
  return TRUE;
}

static gboolean
parse_yes_no (const char  *option,
              const char  *text,
              gboolean    *out,
              GError     **error)
{
  static const char * const yes[] = { "yes", "y", "true", "1", "on", NULL };
  static const char * const no[] = { "no", "n", "false", "0", "off", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  if (g_strv_contains (yes, lower))
    *out = TRUE;
  else if (g_strv_contains (no, lower))
    *out = FALSE;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: use yes or no, not “%s”"), option, text);
      return FALSE;
    }
  return TRUE;
}

/* Copies what was given onto @reward. @initial_stock is set for --stock. */
static gboolean
apply_options (RewardOptions  *o,
               PtStore        *store,
               PtReward       *reward,
               gint64         *initial_stock,
               GError        **error)
{
  if (!set_text (reward, PT_REWARD_FIELD_NAME, o->name, error) ||
      !set_text (reward, PT_REWARD_FIELD_KIND, o->kind, error) ||
      !set_text (reward, PT_REWARD_FIELD_DESCRIPTION, o->description, error) ||
      !set_text (reward, PT_REWARD_FIELD_IMAGE, o->image, error) ||
      !set_text (reward, PT_REWARD_FIELD_VALID_FROM, o->from, error) ||
      !set_text (reward, PT_REWARD_FIELD_VALID_UNTIL, o->until, error) ||
      !set_number (reward, PT_REWARD_FIELD_POINTS_COST, "--cost", o->cost, G_MAXINT32, error) ||
      !set_number (reward, PT_REWARD_FIELD_COUPON_PERCENT, "--percent", o->percent, 100, error) ||
      !set_number (reward, PT_REWARD_FIELD_COUPON_DAYS, "--coupon-days", o->coupon_days, 36600,
                   error) ||
      !set_number (reward, PT_REWARD_FIELD_LIMIT_COUNT, "--limit", o->limit, G_MAXINT32, error) ||
      !set_number (reward, PT_REWARD_FIELD_LIMIT_DAYS, "--limit-days", o->limit_days, 36600,
                   error))
    return FALSE;

  if (o->value != NULL)
    {
      gint64 minor = 0;

      if (!pt_money_parse (o->value, pt_cli_currency (store), FALSE, &minor, error))
        {
          g_prefix_error (error, "--value: ");
          return FALSE;
        }
      pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_AMOUNT, minor);
      pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_PERCENT, 0);
    }
  else if (o->percent != NULL)
    pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_AMOUNT, 0);

  /* A value or a percentage makes it a coupon unless told otherwise. */
  if ((o->value != NULL || o->percent != NULL) && o->kind == NULL)
    pt_reward_set_text (reward, PT_REWARD_FIELD_KIND, "coupon");

  if (o->stock != NULL && o->unlimited)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--stock and --unlimited cannot go together"));
      return FALSE;
    }
  if (o->stock != NULL)
    {
      guint64 n;

      if (!pt_cli_parse_uint ("--stock", o->stock, 0, MAX_QUANTITY, &n, error))
        return FALSE;
      pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, FALSE);
      if (initial_stock != NULL)
        *initial_stock = (gint64) n;
    }
  if (o->unlimited)
    pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, TRUE);

  if (o->active != NULL)
    {
      gboolean active;

      if (!parse_yes_no ("--active", o->active, &active, error))
        return FALSE;
      pt_reward_set_int (reward, PT_REWARD_FIELD_ACTIVE, active);
    }

  if (o->min_tier != NULL)
    {
      g_autofree char *tier_id = NULL;

      if (!g_utf8_validate (o->min_tier, -1, NULL))
        return set_text (reward, PT_REWARD_FIELD_MIN_TIER, o->min_tier, error);
      if (*o->min_tier != '\0' &&
          !pt_store_find_tier (store, o->min_tier, &tier_id, error))
        return FALSE;
      pt_reward_set_text (reward, PT_REWARD_FIELD_MIN_TIER, tier_id);
    }

  return TRUE;
}

/* Availability as a word for scripts and a badge for people. */
static const char *
reward_status (PtReward   *reward,
               const char *today,
               gboolean    translated)
{
  int validity = pt_reward_compare_validity (reward, today);

  if (!pt_reward_get_active (reward))
    return translated ? _("inactive") : "inactive";
  if (validity < 0)
    return translated ? _("not yet") : "not_yet_valid";
  if (validity > 0)
    return translated ? _("ended") : "expired";
  if (!pt_reward_get_unlimited (reward) && pt_reward_get_stock (reward) <= 0)
    return translated ? _("out of stock") : "out_of_stock";
  return translated ? _("available") : "available";
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static JsonObject *
reward_to_json (PtStore  *store,
                PtReward *reward)
{
  g_autofree char *today = today_text ();
  JsonObject *object = json_object_new ();
  JsonObject *fields = pt_reward_to_json (reward, NULL);
  g_autoptr(GList) keys = json_object_get_members (fields);
  const char *currency = pt_cli_currency (store);

  json_object_set_string_member (object, "id", pt_reward_get_id (reward));
  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_copy (json_object_get_member (fields, l->data)));
  json_object_unref (fields);

  if (pt_reward_get_int (reward, PT_REWARD_FIELD_COUPON_AMOUNT) > 0)
    {
      g_autofree char *plain =
        pt_money_format_plain (pt_reward_get_int (reward, PT_REWARD_FIELD_COUPON_AMOUNT), currency);
      json_object_set_string_member (object, "coupon_value", plain);
      json_object_set_string_member (object, "currency", currency);
    }
  if (pt_reward_get_unlimited (reward))
    json_object_set_null_member (object, "stock");
  else
    json_object_set_int_member (object, "stock", pt_reward_get_stock (reward));
  json_object_set_string_member (object, "min_tier", pt_reward_get_min_tier_name (reward)
                                 ? pt_reward_get_min_tier_name (reward) : "");
  json_object_set_string_member (object, "status", reward_status (reward, today, FALSE));
  return object;
}

static void
print_reward_json (PtStore  *store,
                   PtReward *reward)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, reward_to_json (store, reward));
  pt_cli_print_json (node);
}

static int
rewards_add (PtCliContext  *ctx,
             int            argc,
             char         **argv)
{
  RewardOptions o = { NULL, };
  g_autoptr(PtReward) reward = pt_reward_new ();
  g_autoptr(GError) error = NULL;
  gint64 initial_stock = 0;
  PtStore *store;
  int status;

  if (!parse_reward_options (&o, TRUE, _("--name NAME --cost POINTS [--stock N] [--limit N] …"),
                             &argc, &argv, &error))
    {
      status = pt_cli_fail_usage ("%s", error->message);
      goto out;
    }
  if (argc > 1)
    {
      status = pt_cli_fail_usage (_("rewards add: unexpected argument “%s”"), argv[1]);
      goto out;
    }
  if (o.name == NULL || o.cost == NULL)
    {
      status = pt_cli_fail_usage ("%s", _("rewards add: --name and --cost are required"));
      goto out;
    }
  if (o.value != NULL && o.percent != NULL)
    {
      status = pt_cli_fail_usage ("%s", _("rewards add: give --value or --percent, not both"));
      goto out;
    }
  if (o.stock == NULL)
    o.unlimited = TRUE;

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL ||
      !apply_options (&o, store, reward, &initial_stock, &error) ||
      !pt_store_add_reward (store, reward, initial_stock, &error))
    {
      status = pt_cli_fail (error);
      goto out;
    }

  if (o.json)
    print_reward_json (store, reward);
  else
    g_print ("%s\n", pt_reward_get_id (reward));
  status = 0;

out:
  reward_options_clear (&o);
  return status;
}

static int
rewards_edit (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  RewardOptions o = { NULL, };
  g_autoptr(PtReward) reward = NULL;
  g_autoptr(GError) error = NULL;
  const char *which;
  PtStore *store;
  int status;

  if (!parse_reward_options (&o, FALSE, _("REWARD --OPTION VALUE …"), &argc, &argv, &error))
    {
      status = pt_cli_fail_usage ("%s", error->message);
      goto out;
    }
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    {
      status = pt_cli_fail_usage ("%s", _("rewards edit: give one reward name or id, then "
                                          "the options to change"));
      goto out;
    }
  if (o.value != NULL && o.percent != NULL)
    {
      status = pt_cli_fail_usage ("%s", _("rewards edit: give --value or --percent, not both"));
      goto out;
    }
  if (o.stock != NULL && g_strcmp0 (o.stock, "0") != 0)
    {
      status = pt_cli_fail_usage ("%s", _("rewards edit: the stock changes by “rewards restock”; "
                                          "--stock 0 only switches stock keeping on"));
      goto out;
    }

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL ||
      (reward = pt_store_get_reward (store, which, &error)) == NULL ||
      !apply_options (&o, store, reward, NULL, &error) ||
      !pt_store_update_reward (store, reward, &error))
    {
      status = pt_cli_fail (error);
      goto out;
    }

  if (o.json)
    print_reward_json (store, reward);
  else
    /* Translators: %s is a reward's name */
    g_print (_("Saved “%s”.\n"), pt_reward_get_name (reward));
  status = 0;

out:
  reward_options_clear (&o);
  return status;
}

static char *
limit_text (PtReward *reward)
{
  gint64 count = pt_reward_get_int (reward, PT_REWARD_FIELD_LIMIT_COUNT);
  gint64 days = pt_reward_get_int (reward, PT_REWARD_FIELD_LIMIT_DAYS);

  if (count == 0)
    return g_strdup ("");
  if (days == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, count);
  /* Translators: a limit per member, "1 / 30 d" = once in 30 days */
  return g_strdup_printf (_("%" PRId64 " / %" PRId64 " d"), count, days);
}

static void
print_reward_table (GPtrArray *rewards)
{
  const PtCliColumn columns[] = {
    { C_("reward", "Name"), 28, FALSE },
    { _("Kind"), 8, FALSE },
    { _("Points"), 10, TRUE },
    { _("Stock"), 10, TRUE },
    { _("Limit"), 12, FALSE },
    { _("Valid"), 24, FALSE },
    { _("Status"), 14, FALSE },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *today = today_text ();

  for (guint i = 0; i < rewards->len; i++)
    {
      PtReward *reward = g_ptr_array_index (rewards, i);
      const char *from = pt_reward_get_text (reward, PT_REWARD_FIELD_VALID_FROM);
      const char *until = pt_reward_get_text (reward, PT_REWARD_FIELD_VALID_UNTIL);
      char **row = g_new0 (char *, G_N_ELEMENTS (columns) + 1);

      row[0] = g_strdup (pt_reward_get_name (reward));
      row[1] = g_strdup (pt_reward_get_kind (reward));
      row[2] = g_strdup_printf ("%" G_GINT64_FORMAT, pt_reward_get_points_cost (reward));
      row[3] = pt_reward_get_unlimited (reward)
               ? g_strdup ("∞") : g_strdup_printf ("%" G_GINT64_FORMAT, pt_reward_get_stock (reward));
      row[4] = limit_text (reward);
      row[5] = from || until ? g_strdup_printf ("%s – %s", from ? from : "", until ? until : "")
                             : g_strdup ("");
      row[6] = g_strdup (reward_status (reward, today, TRUE));
      g_ptr_array_add (rows, row);
    }

  pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
}

static int
rewards_list (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  gboolean json = FALSE;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include inactive rewards"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  g_autoptr(GPtrArray) rewards = NULL;
  g_autoptr(GError) error = NULL;
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("rewards list: unexpected argument “%s”"), argv[1]);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (rewards = pt_store_list_rewards (store, all, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonArray *array = json_array_sized_new (rewards->len);
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < rewards->len; i++)
        json_array_add_object_element (array, reward_to_json (store,
                                                              g_ptr_array_index (rewards, i)));
      json_node_take_array (node, array);
      pt_cli_print_json (node);
    }
  else if (rewards->len == 0)
    g_print ("%s\n", _("No rewards yet. Add one with “patron-cli rewards add”."));
  else
    print_reward_table (rewards);
  return 0;
}

static int
rewards_show (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  g_autoptr(PtReward) reward = NULL;
  g_autoptr(GError) error = NULL;
  const char *which;
  PtStore *store;
  GOptionEntry entries[] = { { NULL, } };

  if (!pt_cli_parse (_("REWARD"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", _("rewards show: give one reward name or id"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (reward = pt_store_get_reward (store, which, &error)) == NULL)
    return pt_cli_fail (error);

  print_reward_json (store, reward);
  return 0;
}

static int
rewards_restock (PtCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  g_autofree char *quantity_text = NULL;
  g_autofree char *note = NULL;
  GOptionEntry entries[] = {
    { "quantity", 0, 0, G_OPTION_ARG_FILENAME, &quantity_text, N_("How many arrived"), N_("N") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note, N_("A note, such as the delivery"),
      N_("TEXT") },
    { NULL, },
  };
  g_autoptr(PtReward) reward = NULL;
  g_autoptr(GError) error = NULL;
  const char *which;
  guint64 quantity;
  PtStore *store;

  if (!pt_cli_parse (_("REWARD --quantity N"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL || quantity_text == NULL)
    return pt_cli_fail_usage ("%s", _("rewards restock: give one reward name or id and "
                                      "--quantity N"));
  if (!pt_cli_parse_uint ("--quantity", quantity_text, 1, MAX_QUANTITY, &quantity, &error))
    return pt_cli_fail_usage ("%s", error->message);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (reward = pt_store_get_reward (store, which, &error)) == NULL ||
      !pt_store_restock_reward (store, pt_reward_get_id (reward), (gint64) quantity, note, &error))
    return pt_cli_fail (error);

  g_clear_object (&reward);
  reward = pt_store_get_reward (store, which, &error);
  if (reward == NULL)
    return pt_cli_fail (error);
  /* Translators: “Mug: 15 in stock.” */
  g_print (_("%s: %" PRId64 " in stock.\n"), pt_reward_get_name (reward),
           pt_reward_get_stock (reward));
  return 0;
}

static const PtCliSubcommand subcommands[] = {
  { "add", rewards_add, N_("Add a reward to the catalog; prints its id") },
  { "list", rewards_list, N_("List the catalog with stock and status") },
  { "show", rewards_show, N_("Show one reward as JSON") },
  { "edit", rewards_edit, N_("Change a reward") },
  { "restock", rewards_restock, N_("Add stock to a reward") },
};

int
pt_cli_rewards (PtCliContext  *ctx,
                int            argc,
                char         **argv)
{
  return pt_cli_dispatch (ctx, "rewards", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
