/* pt-report-cards.c — membership cards for one member or many
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-report-builders.h"
#include "pt-store-members.h"
#include "pt-store-reports.h"
#include "pt-store-tiers.h"

typedef struct
{
  PtReport      *report;
  PtReportTable *table;
  const char    *shop;
  const char    *address;
  GPtrArray     *tiers;
} CardState;

/* The colour of the tier the member is shown in (by the name the store
 * gives, which covers members in the base tier without a tier id). */
static const char *
tier_colour (GPtrArray  *tiers,
             const char *name)
{
  for (guint i = 0; name != NULL && tiers != NULL && i < tiers->len; i++)
    if (g_strcmp0 (pt_tier_get_name (g_ptr_array_index (tiers, i)), name) == 0)
      return pt_tier_get_colour (g_ptr_array_index (tiers, i));
  return NULL;
}

static gboolean
add_card_cb (PtMember *member,
             gpointer  user_data)
{
  CardState *state = user_data;
  PtCard *card = pt_card_new (pt_member_get_number (member), pt_member_get_name (member));
  const char *tier = pt_member_get_tier_name (member);

  card->tier = g_strdup (tier);
  card->colour = g_strdup (tier_colour (state->tiers, tier));
  card->shop = g_strdup (state->shop);
  card->address = g_strdup (state->address);
  card->since = g_strdup (pt_member_get (member, PT_MEMBER_FIELD_JOINED_ON));

  pt_report_table_add_row_values (state->table, card->number, card->name, tier ? tier : "",
                                  card->since);
  pt_report_add_card (state->report, card);
  return TRUE;
}

PtReport *
pt_report_build_cards (PtStore               *store,
                       const PtReportParams  *params,
                       GError               **error)
{
  g_autoptr(PtReport) report = pt_report_new (_("Membership cards"));
  g_autoptr(GPtrArray) tiers = pt_store_list_tiers (store, error);
  CardState state = { .report = report, .tiers = tiers };

  if (tiers == NULL)
    return NULL;

  state.address = params->shop_address;
  state.shop = params->shop && *params->shop ? params->shop
             : params->branch && *params->branch ? params->branch
             : pt_store_get_branch_code (store);

  state.table = pt_report_add_table (report, NULL);
  pt_report_table_add_column (state.table, _("Number"), 1, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("Name"), 2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("Tier"), 1, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (state.table, _("Joined"), 1, PT_REPORT_ALIGN_START);
  pt_report_set_single_cards (report, params->single_cards);

  if (params->member != NULL && *params->member != '\0')
    {
      g_autoptr(PtMember) member = pt_store_get_member (store, params->member, FALSE, error);

      if (member == NULL)
        return NULL;
      add_card_cb (member, &state);
    }
  else if (!pt_store_foreach_report_member (store, params->filter, add_card_cb, &state, error))
    return NULL;

  if (pt_report_get_cards (report) == NULL)
    {
      g_set_error_literal (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                           params->filter && *params->filter
                             ? _("Membership cards: no member matches the search")
                             : _("Membership cards: there are no members yet"));
      return NULL;
    }

  return g_steal_pointer (&report);
}
