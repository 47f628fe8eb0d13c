/* pt-cli-tiers.c — patron-cli tiers list|add|edit|evaluate|lock|unlock|subscribe|history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-money.h"
#include "pt-points-rules.h"
#include "pt-store-members.h"
#include "pt-store-tiers.h"

static JsonObject *
tier_to_json (PtStore *store,
              PtTier  *tier)
{
  JsonObject *o = pt_tier_to_json (tier);
  const char *currency = pt_cli_currency (store);
  g_autofree char *spend = pt_money_format_plain (pt_tier_get_min_spend (tier), currency);
  g_autofree char *fee = pt_money_format_plain (pt_tier_get_annual_fee (tier), currency);

  json_object_set_string_member (o, "min_spend_amount", spend);
  json_object_set_string_member (o, "annual_fee_amount", fee);
  json_object_set_boolean_member (o, "paid", pt_tier_is_paid (tier));
  return o;
}

static void
print_tiers_table (PtStore   *store,
                   GPtrArray *tiers,
                   GPtrArray *counts)
{
  static const PtCliColumn columns[] = {
    { N_("Rank"), 6, TRUE },
    { N_("Tier"), 20, FALSE },
    { N_("Window"), 8, TRUE },
    { N_("Min spend"), 14, TRUE },
    { N_("Visits"), 7, TRUE },
    { N_("Points"), 9, TRUE },
    { N_("×Points"), 8, TRUE },
    { N_("Discount"), 9, TRUE },
    { N_("Fee"), 12, TRUE },
    { N_("Members"), 10, TRUE },
  };
  PtCliColumn translated[G_N_ELEMENTS (columns)];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *currency = pt_cli_currency (store);

  for (guint i = 0; i < tiers->len; i++)
    {
      PtTier *t = g_ptr_array_index (tiers, i);
      char **row = g_new0 (char *, G_N_ELEMENTS (columns) + 1);
      gint64 members = 0;

      for (guint j = 0; counts != NULL && j < counts->len; j++)
        if (g_strcmp0 (((PtTierCount *) g_ptr_array_index (counts, j))->tier_id,
                       pt_tier_get_id (t)) == 0)
          members = ((PtTierCount *) g_ptr_array_index (counts, j))->members;

      row[0] = g_strdup_printf ("%d", pt_tier_get_rank (t));
      row[1] = g_strdup (pt_tier_get_name (t));
      row[2] = g_strdup_printf (_("%u d"), pt_tier_get_window_days (t));
      row[3] = pt_tier_get_min_spend (t) > 0 ? pt_money_format (pt_tier_get_min_spend (t), currency)
                                             : g_strdup ("—");
      row[4] = pt_tier_get_min_visits (t) > 0
               ? g_strdup_printf ("%" G_GINT64_FORMAT, pt_tier_get_min_visits (t)) : g_strdup ("—");
      row[5] = pt_tier_get_min_points (t) > 0
               ? g_strdup_printf ("%" G_GINT64_FORMAT, pt_tier_get_min_points (t)) : g_strdup ("—");
      row[6] = g_strdup_printf ("%u.%02u", pt_tier_get_multiplier_percent (t) / 100,
                                pt_tier_get_multiplier_percent (t) % 100);
      row[7] = g_strdup_printf ("%u%%", pt_tier_get_discount_percent (t));
      row[8] = pt_tier_is_paid (t) ? pt_money_format (pt_tier_get_annual_fee (t), currency)
                                   : g_strdup ("—");
      row[9] = g_strdup_printf ("%" G_GINT64_FORMAT, members);
      g_ptr_array_add (rows, row);
    }

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      translated[i] = columns[i];
      translated[i].title = _(columns[i].title);
    }
  pt_cli_print_table (translated, G_N_ELEMENTS (columns), rows);
}

static int
tiers_list (PtCliContext  *ctx,
            int            argc,
            char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("tiers list: unexpected argument “%s”"), argv[1]);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (tiers = pt_store_list_tiers (store, &error)) == NULL ||
      (counts = pt_store_tier_distribution (store, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < tiers->len; i++)
        {
          JsonObject *o = tier_to_json (store, g_ptr_array_index (tiers, i));
          json_object_set_int_member (o, "members",
                                      ((PtTierCount *) g_ptr_array_index (counts, i))->members);
          json_array_add_object_element (array, o);
        }
      json_node_take_array (node, array);
      pt_cli_print_json (node);
    }
  else if (tiers->len == 0)
    g_print ("%s\n", _("No tiers yet. Add one with “patron-cli tiers add --name NAME --rank N”."));
  else
    print_tiers_table (store, tiers, counts);
  return 0;
}

typedef struct
{
  char     *name;
  char     *rank;
  char     *colour;
  char     *window;
  char     *min_spend;
  char     *min_visits;
  char     *min_points;
  char     *grace;
  char     *multiplier;
  char     *discount;
  char     *fee;
  char     *validity;
  char     *gift;
  char     *benefits;
  gboolean  dry_run;
  gboolean  json;
} TierOptions;

static void
tier_options_clear (TierOptions *o)
{
  g_free (o->name);
  g_free (o->rank);
  g_free (o->colour);
  g_free (o->window);
  g_free (o->min_spend);
  g_free (o->min_visits);
  g_free (o->min_points);
  g_free (o->grace);
  g_free (o->multiplier);
  g_free (o->discount);
  g_free (o->fee);
  g_free (o->validity);
  g_free (o->gift);
  g_free (o->benefits);
}

#define STRING_OPTION(long_name, field, description, arg) \
  { long_name, 0, 0, G_OPTION_ARG_FILENAME, &o->field, description, arg }

static gboolean
parse_tier_options (TierOptions   *o,
                    const char    *usage,
                    int           *argc,
                    char        ***argv,
                    GError       **error)
{
  GOptionEntry entries[] = {
    STRING_OPTION ("name", name, N_("Tier name"), N_("TEXT")),
    STRING_OPTION ("rank", rank, N_("Order in the pyramid (higher is better)"), N_("N")),
    STRING_OPTION ("colour", colour, N_("Colour, such as #d4af37"), N_("COLOUR")),
    STRING_OPTION ("window-days", window, N_("Rolling qualification window"), N_("DAYS")),
    STRING_OPTION ("min-spend", min_spend, N_("Spend over the window to qualify"), N_("AMOUNT")),
    STRING_OPTION ("min-visits", min_visits, N_("Visits over the window to qualify"), N_("N")),
    STRING_OPTION ("min-points", min_points, N_("Points earned over the window to qualify"),
                   N_("N")),
    STRING_OPTION ("grace-days", grace, N_("Days kept after failing a review"), N_("DAYS")),
    STRING_OPTION ("multiplier", multiplier, N_("Points multiplier, such as 1.5"), N_("X")),
    STRING_OPTION ("discount", discount, N_("Discount percent"), N_("PERCENT")),
    STRING_OPTION ("fee", fee, N_("Annual fee (makes it a paid tier)"), N_("AMOUNT")),
    STRING_OPTION ("validity-months", validity, N_("Paid tier: months a payment lasts"), N_("N")),
    STRING_OPTION ("birthday-gift", gift, N_("Birthday gift"), N_("TEXT")),
    STRING_OPTION ("benefits", benefits, N_("Other benefits"), N_("TEXT")),
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &o->dry_run,
      N_("Only list who would move up or down"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print JSON"), NULL },
    { NULL, },
  };

  return pt_cli_parse (usage, entries, argc, argv, error);
}

static gboolean
apply_tier_options (PtStore      *store,
                    TierOptions  *o,
                    PtTier       *tier,
                    GError      **error)
{
  const char *currency = pt_cli_currency (store);
  guint64 n;
  gint64 amount;

  if (o->name != NULL)
    pt_tier_set_name (tier, o->name);
  if (o->colour != NULL)
    pt_tier_set_colour (tier, o->colour);
  if (o->gift != NULL)
    pt_tier_set_birthday_gift (tier, o->gift);
  if (o->benefits != NULL)
    pt_tier_set_benefits (tier, o->benefits);
  if (o->rank != NULL)
    {
      gint64 rank;
      if (!g_ascii_string_to_signed (o->rank, 10, -1000, 1000, &rank, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--rank: expected a whole number from -1000 to 1000, not “%s”"), o->rank);
          return FALSE;
        }
      pt_tier_set_rank (tier, (int) rank);
    }
#define UINT_OPTION(text, option, min, max, setter) \
  if (text != NULL) \
    { \
      if (!pt_cli_parse_uint (option, text, min, max, &n, error)) \
        return FALSE; \
      setter (tier, n); \
    }
  UINT_OPTION (o->window, "--window-days", 1, 3660, pt_tier_set_window_days);
  UINT_OPTION (o->min_visits, "--min-visits", 0, 1000000, pt_tier_set_min_visits);
  UINT_OPTION (o->min_points, "--min-points", 0, 1000000000000, pt_tier_set_min_points);
  UINT_OPTION (o->grace, "--grace-days", 0, 3660, pt_tier_set_grace_days);
  UINT_OPTION (o->discount, "--discount", 0, 100, pt_tier_set_discount_percent);
  UINT_OPTION (o->validity, "--validity-months", 1, 120, pt_tier_set_validity_months);
#undef UINT_OPTION
  if (o->min_spend != NULL)
    {
      if (!pt_money_parse (o->min_spend, currency, FALSE, &amount, error))
        return FALSE;
      pt_tier_set_min_spend (tier, amount);
    }
  if (o->fee != NULL)
    {
      if (!pt_money_parse (o->fee, currency, FALSE, &amount, error))
        return FALSE;
      pt_tier_set_annual_fee (tier, amount);
    }
  if (o->multiplier != NULL)
    {
      gint64 percent;
      if (!pt_parse_fixed_decimal (o->multiplier, 2, &percent) || percent < 1 || percent > 10000)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--multiplier: expected a number such as 1.5 (0.01 to 100), not “%s”"),
                       o->multiplier);
          return FALSE;
        }
      pt_tier_set_multiplier_percent (tier, (guint) percent);
    }

  return pt_tier_validate (tier, error);
}

static const char *
tier_name (GPtrArray  *tiers,
           const char *id)
{
  int index = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len, id);
  return index < 0 ? "—" : pt_tier_get_name (g_ptr_array_index (tiers, index));
}

static void
print_evaluation (PtTierEvaluation *e,
                  GPtrArray        *tiers,
                  gboolean          dry_run,
                  gboolean          json)
{
  if (json)
    {
      JsonObject *o = json_object_new ();
      JsonArray *moves = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (o, "as_of", e->as_of);
      json_object_set_boolean_member (o, "dry_run", dry_run);
      json_object_set_int_member (o, "evaluated", e->evaluated);
      json_object_set_int_member (o, "upgrades", e->upgrades);
      json_object_set_int_member (o, "downgrades", e->downgrades);
      json_object_set_int_member (o, "held", e->held);
      for (guint i = 0; i < e->moves->len; i++)
        {
          PtTierMove *m = g_ptr_array_index (e->moves, i);
          JsonObject *mo = json_object_new ();

          json_object_set_string_member (mo, "member_id", m->member_id);
          json_object_set_string_member (mo, "number", m->number);
          json_object_set_string_member (mo, "name", m->name);
          json_object_set_string_member (mo, "from", tier_name (tiers, m->from_tier_id));
          json_object_set_string_member (mo, "to", tier_name (tiers, m->to_tier_id));
          json_object_set_string_member (mo, "direction", m->upgrade ? "up" : "down");
          json_object_set_string_member (mo, "reason", pt_tier_reason_to_string (m->reason));
          json_array_add_object_element (moves, mo);
        }
      json_object_set_array_member (o, "moves", moves);
      json_node_take_object (node, o);
      pt_cli_print_json (node);
      return;
    }

  /* Translators: “As of 2026-03-31: 12 up, 3 down, 5 kept until their review (1000 members
   * with activity or a tier).” */
  g_print (dry_run ? _("Dry run as of %s: %u would move up, %u down, %u kept until their review "
                       "(%u members with activity or a tier).\n")
                   : _("As of %s: %u moved up, %u down, %u kept until their review "
                       "(%u members with activity or a tier).\n"),
           e->as_of, e->upgrades, e->downgrades, e->held, e->evaluated);
  for (guint i = 0; i < e->moves->len && i < 1000; i++)
    {
      PtTierMove *m = g_ptr_array_index (e->moves, i);

      g_print ("  %s %-14s %s → %s  (%s)\n", m->upgrade ? "↑" : "↓", m->number,
               tier_name (tiers, m->from_tier_id), tier_name (tiers, m->to_tier_id),
               pt_tier_reason_label (m->reason));
    }
  if (e->moves->len > 1000)
    g_print (_("  … and %u more\n"), e->moves->len - 1000);
}

/* Saves @tier, or with --dry-run lists who would move if it were saved. */
static int
save_or_dry_run (PtStore     *store,
                 TierOptions *o,
                 PtTier      *tier)
{
  g_autoptr(GError) error = NULL;

  if (o->dry_run)
    {
      g_autoptr(GPtrArray) tiers = pt_store_list_tiers (store, &error);
      PtTierEvaluation *e;
      gboolean replaced = FALSE;

      if (tiers == NULL)
        return pt_cli_fail (error);
      for (guint i = 0; i < tiers->len; i++)
        if (pt_tier_get_id (tier) != NULL &&
            g_strcmp0 (pt_tier_get_id (g_ptr_array_index (tiers, i)), pt_tier_get_id (tier)) == 0)
          {
            g_object_unref (tiers->pdata[i]);
            tiers->pdata[i] = g_object_ref (tier);
            replaced = TRUE;
          }
      if (!replaced)
        {
          if (pt_tier_get_id (tier) == NULL)
            pt_tier_set_id (tier, "new");
          g_ptr_array_add (tiers, g_object_ref (tier));
        }
      g_ptr_array_sort (tiers, pt_tier_compare_rank);

      e = pt_store_evaluate_tiers (store, NULL, tiers, TRUE, &error);
      if (e == NULL)
        return pt_cli_fail (error);
      print_evaluation (e, tiers, TRUE, o->json);
      pt_tier_evaluation_free (e);
      return 0;
    }

  if (!pt_store_save_tier (store, tier, &error))
    return pt_cli_fail (error);
  g_print ("%s\n", pt_tier_get_id (tier));
  return 0;
}

static int
tiers_add (PtCliContext  *ctx,
           int            argc,
           char         **argv)
{
  TierOptions o = { NULL, };
  g_autoptr(PtTier) tier = pt_tier_new ();
  g_autoptr(GError) error = NULL;
  PtStore *store;
  int status;

  if (!parse_tier_options (&o, _("--name NAME --rank N [OPTIONS…]"), &argc, &argv, &error))
    {
      tier_options_clear (&o);
      return pt_cli_fail_usage ("%s", error->message);
    }
  if (argc > 1 || o.name == NULL || o.rank == NULL)
    {
      tier_options_clear (&o);
      return pt_cli_fail_usage ("%s", _("tiers add: give --name NAME and --rank N"));
    }

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || !apply_tier_options (store, &o, tier, &error))
    {
      tier_options_clear (&o);
      return store == NULL ? pt_cli_fail (error) : pt_cli_fail_usage ("%s", error->message);
    }

  status = save_or_dry_run (store, &o, tier);
  tier_options_clear (&o);
  return status;
}

static int
tiers_edit (PtCliContext  *ctx,
            int            argc,
            char         **argv)
{
  TierOptions o = { NULL, };
  g_autoptr(PtTier) tier = NULL;
  g_autoptr(GError) error = NULL;
  PtStore *store;
  int status;

  if (!parse_tier_options (&o, _("TIER [OPTIONS…]"), &argc, &argv, &error))
    {
      tier_options_clear (&o);
      return pt_cli_fail_usage ("%s", error->message);
    }
  if (pt_cli_single_argument (argc, argv) == NULL)
    {
      tier_options_clear (&o);
      return pt_cli_fail_usage ("%s", _("tiers edit: give one tier name or id"));
    }

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (tier = pt_store_get_tier (store, argv[1], &error)) == NULL)
    {
      tier_options_clear (&o);
      return pt_cli_fail (error);
    }
  if (!apply_tier_options (store, &o, tier, &error))
    {
      tier_options_clear (&o);
      return pt_cli_fail_usage ("%s", error->message);
    }

  status = save_or_dry_run (store, &o, tier);
  tier_options_clear (&o);
  return status;
}

static int
tiers_evaluate (PtCliContext  *ctx,
                int            argc,
                char         **argv)
{
  g_autofree char *as_of_text = NULL;
  gboolean dry_run = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Only list who would move"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_FILENAME, &as_of_text, N_("Evaluate on this day (default today)"),
      N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GError) error = NULL;
  PtTierEvaluation *e;
  PtStore *store;
  GDate as_of;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("tiers evaluate: unexpected argument “%s”"), argv[1]);
  if (as_of_text != NULL && !pt_cli_parse_date ("--as-of", as_of_text, &as_of, &error))
    return pt_cli_fail_usage ("%s", error->message);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (tiers = pt_store_list_tiers (store, &error)) == NULL ||
      (e = pt_store_evaluate_tiers (store, as_of_text ? &as_of : NULL, NULL, dry_run, &error)) == NULL)
    return pt_cli_fail (error);

  print_evaluation (e, tiers, dry_run, json);
  pt_tier_evaluation_free (e);
  return 0;
}

static int
tiers_lock (PtCliContext  *ctx,
            int            argc,
            char         **argv)
{
  g_autofree char *tier = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *reason = NULL;
  /* The dispatcher names the subcommand "patron-cli tiers unlock". */
  gboolean unlock = g_str_has_suffix (argv[0], "unlock");
  GOptionEntry lock_entries[] = {
    { "tier", 0, 0, G_OPTION_ARG_FILENAME, &tier, N_("Tier to hold the member in"), N_("TIER") },
    { "until", 0, 0, G_OPTION_ARG_FILENAME, &until_text, N_("Last day of the lock"), N_("DATE") },
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why (required)"), N_("TEXT") },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  const char *member;
  PtStore *store;
  GDate until;

  if (!pt_cli_parse (unlock ? _("MEMBER --reason TEXT")
                            : _("MEMBER --tier TIER --until DATE --reason TEXT"),
                     unlock ? lock_entries + 2 : lock_entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  member = pt_cli_single_argument (argc, argv);
  if (member == NULL || (!unlock && (tier == NULL || until_text == NULL)))
    return pt_cli_fail_usage ("%s", unlock ? _("tiers unlock: give one member and --reason TEXT")
                                           : _("tiers lock: give one member, --tier TIER, "
                                               "--until DATE and --reason TEXT"));
  if (!unlock && !pt_cli_parse_date ("--until", until_text, &until, &error))
    return pt_cli_fail_usage ("%s", error->message);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL ||
      !pt_store_lock_tier (store, member, unlock ? NULL : tier, unlock ? NULL : &until, reason,
                           &error))
    return pt_cli_fail (error);
  return 0;
}

static int
tiers_subscribe (PtCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  g_autofree char *tier = NULL;
  g_autofree char *from_text = NULL;
  GOptionEntry entries[] = {
    { "tier", 0, 0, G_OPTION_ARG_FILENAME, &tier, N_("The paid tier"), N_("TIER") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from_text,
      N_("First day (default today, or after the running period)"), N_("DATE") },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  const char *member;
  PtStore *store;
  GDate from;

  if (!pt_cli_parse (_("MEMBER --tier TIER"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  member = pt_cli_single_argument (argc, argv);
  if (member == NULL || tier == NULL)
    return pt_cli_fail_usage ("%s", _("tiers subscribe: give one member and --tier TIER"));
  if (from_text != NULL && !pt_cli_parse_date ("--from", from_text, &from, &error))
    return pt_cli_fail_usage ("%s", error->message);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL ||
      !pt_store_subscribe_tier (store, member, tier, from_text ? &from : NULL, &error))
    return pt_cli_fail (error);
  return 0;
}

static int
tiers_history (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  GOptionEntry entries[] = { { NULL, } };
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  PtStore *store;

  if (!pt_cli_parse (_("MEMBER"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (pt_cli_single_argument (argc, argv) == NULL)
    return pt_cli_fail_usage ("%s", _("tiers history: give one member (number or id)"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (member = pt_store_get_member (store, argv[1], TRUE, &error)) == NULL ||
      (changes = pt_store_list_tier_changes (store, pt_member_get_id (member), &error)) == NULL)
    return pt_cli_fail (error);

  for (guint i = 0; i < changes->len; i++)
    {
      PtTierChange *c = g_ptr_array_index (changes, i);

      g_print ("%s  %s → %s  %s (%s)\n", c->day, c->from_name ? c->from_name : "—",
               c->to_name ? c->to_name : "—", pt_tier_reason_label (c->reason), c->source);
    }
  return 0;
}

static const PtCliSubcommand subcommands[] = {
  { "list", tiers_list, N_("The tiers with their rules and members") },
  { "add", tiers_add, N_("Add a tier (--dry-run: who would move)") },
  { "edit", tiers_edit, N_("Change a tier (--dry-run: who would move)") },
  { "evaluate", tiers_evaluate, N_("Re-evaluate every member's tier") },
  { "lock", tiers_lock, N_("Hold a member in a tier until a date") },
  { "unlock", tiers_lock, N_("Lift a member's lock") },
  { "subscribe", tiers_subscribe, N_("Record a paid tier's annual fee") },
  { "history", tiers_history, N_("A member's tier changes") },
};

int
pt_cli_tiers (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  return pt_cli_dispatch (ctx, "tiers", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
