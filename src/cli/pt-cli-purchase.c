/* pt-cli-purchase.c — patron-cli purchase add|reverse|list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-coupon-code.h"
#include "pt-money.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-validation.h"

/* "2026-03-05T14:30:00+08:00", "2026-03-05 14:30" (local) or a day
 * "2026-03-05" (noon, local). */
static GDateTime *
parse_at (const char  *text,
          GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *normal = g_strdup (text);
  GDateTime *at;
  GDate day;

  if (pt_parse_iso_date (text, &day))
    return g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day),
                                  g_date_get_day (&day), 12, 0, 0);

  if (strlen (normal) > 10 && normal[10] == ' ')
    normal[10] = 'T';
  at = g_date_time_new_from_iso8601 (normal, local);
  if (at == NULL)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--at: expected a time such as 2026-03-05T14:30:00+08:00, not “%s”"), text);
  return at;
}

static JsonObject *
purchase_to_json (PtPurchase *p)
{
  JsonObject *o = json_object_new ();
  g_autofree char *amount = pt_money_format_plain (p->amount, p->currency);

  json_object_set_string_member (o, "id", p->id);
  json_object_set_string_member (o, "member_id", p->member_id);
  json_object_set_string_member (o, "kind", p->kind == PT_PURCHASE_VISIT ? "visit" : "sale");
  json_object_set_string_member (o, "amount", amount);
  json_object_set_int_member (o, "amount_minor", p->amount);
  json_object_set_string_member (o, "currency", p->currency);
  json_object_set_string_member (o, "at", p->at);
  json_object_set_string_member (o, "day", p->day);
  json_object_set_string_member (o, "branch", p->branch);
  json_object_set_string_member (o, "note", p->note);
  json_object_set_int_member (o, "points", p->points);
  json_object_set_string_member (o, "reverses", p->reverses);
  json_object_set_string_member (o, "reversed_by", p->reversed_by);
  if (p->campaign_note != NULL)
    json_object_set_string_member (o, "campaign_bonus", p->campaign_note);
  return o;
}

static int
purchase_add (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  g_autofree char *amount_text = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *note = NULL;
  g_autofree char *coupon = NULL;
  gboolean visit = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "amount", 0, 0, G_OPTION_ARG_FILENAME, &amount_text, N_("Amount of the sale, such as 12.50"),
      N_("AMOUNT") },
    { "visit", 0, 0, G_OPTION_ARG_NONE, &visit, N_("A visit with no amount"), NULL },
    { "at", 0, 0, G_OPTION_ARG_FILENAME, &at_text, N_("When (ISO 8601; default now)"),
      N_("TIME") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note, N_("A note"), N_("TEXT") },
    { "coupon", 0, 0, G_OPTION_ARG_FILENAME, &coupon,
      N_("Use the member's coupon; the amount is before its discount"), N_("CODE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the purchase as JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) error = NULL;
  PtPurchase *purchase;
  const char *member;
  PtStore *store;
  gint64 amount = 0;
  gint64 discount = 0;

  if (!pt_cli_parse (_("MEMBER --amount AMOUNT"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  member = pt_cli_single_argument (argc, argv);
  if (member == NULL || (amount_text == NULL) == !visit)
    return pt_cli_fail_usage ("%s", _("purchase add: give one member (number or id) and either "
                                      "--amount AMOUNT or --visit"));
  if (at_text != NULL && (at = parse_at (at_text, &error)) == NULL)
    return pt_cli_fail_usage ("%s", error->message);
  if (coupon != NULL && visit)
    return pt_cli_fail_usage ("%s", _("purchase add: a coupon applies to a sale; give --amount"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);
  if (amount_text != NULL &&
      !pt_money_parse (amount_text, pt_cli_currency (store), FALSE, &amount, &error))
    return pt_cli_fail_usage ("%s", error->message);

  if (coupon != NULL)
    purchase = pt_store_record_purchase_with_coupon (store, member, amount, at, note, coupon,
                                                     &discount, &error);
  else
    purchase = pt_store_record_purchase (store, member,
                                         visit ? PT_PURCHASE_VISIT : PT_PURCHASE_SALE,
                                         amount, at, note, &error);
  if (purchase == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = purchase_to_json (purchase);

      if (coupon != NULL)
        {
          g_autofree char *off = pt_money_format_plain (discount, purchase->currency);
          g_autofree char *code = pt_coupon_code_normalize (coupon, NULL);

          json_object_set_string_member (object, "coupon", code);
          json_object_set_string_member (object, "discount", off);
        }
      json_node_take_object (node, object);
      pt_cli_print_json (node);
    }
  else
    {
      g_print ("%s\n", purchase->id);
      /* The receipt line of a campaign's multiplier. */
      if (purchase->campaign_note != NULL)
        g_print ("%s\n", purchase->campaign_note);
    }
  pt_purchase_free (purchase);
  return 0;
}

static int
purchase_reverse (PtCliContext  *ctx,
                  int            argc,
                  char         **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *reversal = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why it is reversed"), N_("TEXT") },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  const char *id;
  PtStore *store;

  if (!pt_cli_parse (_("PURCHASE-ID"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  id = pt_cli_single_argument (argc, argv);
  if (id == NULL)
    return pt_cli_fail_usage ("%s", _("purchase reverse: give one purchase id"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (reversal = pt_store_reverse_purchase (store, id, reason, &error)) == NULL)
    return pt_cli_fail (error);

  g_print ("%s\n", reversal);
  return 0;
}

static int
purchase_list (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  static const PtCliColumn columns[] = {
    { N_("Id"), 36, FALSE },
    { N_("Time"), 25, FALSE },
    { N_("Kind"), 8, FALSE },
    { N_("Amount"), 16, TRUE },
    { N_("Points"), 10, TRUE },
    { N_("Note"), 40, FALSE },
  };
  PtCliColumn translated[G_N_ELEMENTS (columns)];
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  const char *which;
  PtStore *store;

  if (!pt_cli_parse (_("MEMBER"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", _("purchase list: give one member (number or id)"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (member = pt_store_get_member (store, which, TRUE, &error)) == NULL ||
      (list = pt_store_list_purchases (store, pt_member_get_id (member), 0, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < list->len; i++)
        json_array_add_object_element (array, purchase_to_json (g_ptr_array_index (list, i)));
      json_node_take_array (node, array);
      pt_cli_print_json (node);
      return 0;
    }

  for (guint i = 0; i < list->len; i++)
    {
      PtPurchase *p = g_ptr_array_index (list, i);
      char **row = g_new0 (char *, G_N_ELEMENTS (columns) + 1);

      row[0] = g_strdup (p->id);
      row[1] = g_strdup (p->at);
      row[2] = g_strdup (p->reverses ? _("reversal")
                                     : p->kind == PT_PURCHASE_VISIT ? _("visit") : _("sale"));
      row[3] = pt_money_format (p->amount, p->currency);
      row[4] = g_strdup_printf ("%" G_GINT64_FORMAT, p->points);
      row[5] = g_strdup (p->note ? p->note : "");
      g_ptr_array_add (rows, row);
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      translated[i] = columns[i];
      translated[i].title = _(columns[i].title);
    }
  pt_cli_print_table (translated, G_N_ELEMENTS (columns), rows);
  return 0;
}

static const PtCliSubcommand subcommands[] = {
  { "add", purchase_add, N_("Record a sale or a visit; prints its id") },
  { "reverse", purchase_reverse, N_("Reverse a purchase and the points it earned") },
  { "list", purchase_list, N_("A member's purchases, newest first") },
};

int
pt_cli_purchase (PtCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  return pt_cli_dispatch (ctx, "purchase", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
