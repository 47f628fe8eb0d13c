/* pt-permissions.c — the permission matrix, table-driven
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-permissions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-permissions.h"
#include "pt-store.h"

static const struct
{
  const char *key;
  const char *label;
} roles[PT_N_ROLES] = {
  [PT_ROLE_OWNER] = { "owner", N_("Owner") },
  [PT_ROLE_MANAGER] = { "manager", N_("Manager") },
  [PT_ROLE_CLERK] = { "clerk", N_("Clerk") },
};

#define O (1u << PT_ROLE_OWNER)
#define M (1u << PT_ROLE_MANAGER)
#define C (1u << PT_ROLE_CLERK)

/* One row per permission: its key, its name, the roles that have it.
 * Clerks serve at the till; managers run the shop but neither manage
 * staff nor erase people; the owner does everything. */
static const struct
{
  const char *key;
  const char *label;
  guint       roles;
} permissions[PT_N_PERMISSIONS] = {
  [PT_PERMISSION_RECORD_SALES] = { "record-sales", N_("Record sales"), O | M | C },
  [PT_PERMISSION_EDIT_MEMBERS] = { "edit-members", N_("Sign up and edit members"), O | M | C },
  [PT_PERMISSION_REDEEM] = { "redeem", N_("Redeem rewards"), O | M | C },
  [PT_PERMISSION_REVERSE_SALES] = { "reverse-sales", N_("Reverse sales"), O | M },
  [PT_PERMISSION_ADJUST_POINTS] = { "adjust-points", N_("Adjust points"), O | M },
  [PT_PERMISSION_DELETE_MEMBERS] = { "delete-members", N_("Delete members"), O | M },
  [PT_PERMISSION_ERASE_MEMBERS] = { "erase-members", N_("Erase members"), O },
  [PT_PERMISSION_MANAGE_TIERS] = { "manage-tiers", N_("Change tiers"), O | M },
  /* The shop's settings too: its name on receipts, the points value,
   * the auto-lock and the server its members sync to. */
  [PT_PERMISSION_MANAGE_RULES] = { "manage-rules", N_("Change the points rules and shop settings"),
                                   O | M },
  [PT_PERMISSION_MANAGE_REWARDS] = { "manage-rewards", N_("Change rewards and stock"), O | M },
  [PT_PERMISSION_MANAGE_CAMPAIGNS] = { "manage-campaigns", N_("Run campaigns and segments"),
                                       O | M },
  [PT_PERMISSION_RESOLVE_CONFLICTS] = { "resolve-conflicts", N_("Resolve sync conflicts"), O | M },
  [PT_PERMISSION_EXPORT_PERSONAL_DATA] = { "export-personal-data", N_("Export personal data"),
                                           O | M },
  [PT_PERMISSION_SEE_FULL_PHONES] = { "see-full-phones", N_("See full phone numbers"), O | M },
  [PT_PERMISSION_MANAGE_STAFF] = { "manage-staff", N_("Manage staff"), O },
  /* Who changed what, with the values before and after: the shop's
   * business, not the till's. */
  [PT_PERMISSION_VIEW_AUDIT] = { "view-audit", N_("View the audit trail"), O | M },
  /* A restore takes the whole branch back in time: the owner's call. */
  [PT_PERMISSION_RESTORE_BACKUPS] = { "restore-backups", N_("Restore backups"), O },
};

/* One row per kind of op: entity, op (NULL: any), and for events the
 * payload member and value that tell them apart (NULL: any). The first
 * row that matches wins; an op no row names needs the owner. */
static const struct
{
  const char   *entity;
  const char   *op;
  const char   *member;
  const char   *value;
  PtPermission  permission;
} op_rules[] = {
  { "purchase", "append", "reverses", NULL, PT_PERMISSION_REVERSE_SALES },
  { "purchase", "append", NULL, NULL, PT_PERMISSION_RECORD_SALES },
  { "points_entry", "append", "kind", "earn", PT_PERMISSION_RECORD_SALES },
  { "points_entry", "append", "kind", "bonus", PT_PERMISSION_RECORD_SALES },
  { "points_entry", "append", "kind", "expire", PT_PERMISSION_RECORD_SALES },
  { "points_entry", "append", "kind", "redeem", PT_PERMISSION_REDEEM },
  { "points_entry", "append", "kind", "reversal", PT_PERMISSION_REVERSE_SALES },
  { "points_entry", "append", NULL, NULL, PT_PERMISSION_ADJUST_POINTS },
  { "tier_change", "append", NULL, NULL, PT_PERMISSION_RECORD_SALES },
  { "member", "create", NULL, NULL, PT_PERMISSION_EDIT_MEMBERS },
  { "member_import", NULL, NULL, NULL, PT_PERMISSION_EDIT_MEMBERS },
  { "member", "update", NULL, NULL, PT_PERMISSION_EDIT_MEMBERS },
  { "member", "erase", NULL, NULL, PT_PERMISSION_ERASE_MEMBERS },
  { "member", NULL, NULL, NULL, PT_PERMISSION_DELETE_MEMBERS },
  { "redemption", "append", NULL, NULL, PT_PERMISSION_REDEEM },
  { "redemption_cancellation", "append", NULL, NULL, PT_PERMISSION_REDEEM },
  { "coupon_event", "append", NULL, NULL, PT_PERMISSION_REDEEM },
  { "stock_movement", "append", "kind", "restock", PT_PERMISSION_MANAGE_REWARDS },
  { "stock_movement", "append", "kind", "initial", PT_PERMISSION_MANAGE_REWARDS },
  { "stock_movement", "append", NULL, NULL, PT_PERMISSION_REDEEM },
  /* A coupon a redemption gives, or one a launched campaign's daily run
   * derives (a clerk's till runs the daily jobs): part of the work they
   * were allowed; a coupon out of nothing is a campaign's to give. */
  { "coupon", "append", "redemption_id", NULL, PT_PERMISSION_REDEEM },
  { "coupon", "append", "campaign_id", NULL, PT_PERMISSION_RECORD_SALES },
  { "coupon", "append", NULL, NULL, PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaign_member", NULL, NULL, NULL, PT_PERMISSION_RECORD_SALES },
  { "campaign_audience", NULL, NULL, NULL, PT_PERMISSION_RECORD_SALES },
  { "purchase_import", NULL, NULL, NULL, PT_PERMISSION_RECORD_SALES },
  { "consent_change", NULL, NULL, NULL, PT_PERMISSION_EDIT_MEMBERS },
  { "member_merge", NULL, NULL, NULL, PT_PERMISSION_DELETE_MEMBERS },
  { "reward", NULL, NULL, NULL, PT_PERMISSION_MANAGE_REWARDS },
  { "tier", NULL, NULL, NULL, PT_PERMISSION_MANAGE_TIERS },
  { "tier_lock", NULL, NULL, NULL, PT_PERMISSION_MANAGE_TIERS },
  { "tier_subscription", NULL, NULL, NULL, PT_PERMISSION_MANAGE_TIERS },
  { "setting", NULL, NULL, NULL, PT_PERMISSION_MANAGE_RULES },
  { "segment", NULL, NULL, NULL, PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "campaign", NULL, NULL, NULL, PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "conflict", NULL, NULL, NULL, PT_PERMISSION_RESOLVE_CONFLICTS },
  { "staff", NULL, NULL, NULL, PT_PERMISSION_MANAGE_STAFF },
};

const char *
pt_role_to_string (PtRole role)
{
  return (guint) role < PT_N_ROLES ? roles[role].key : "clerk";
}

int
pt_role_from_string (const char *text)
{
  for (guint i = 0; i < PT_N_ROLES; i++)
    if (g_strcmp0 (text, roles[i].key) == 0)
      return (int) i;
  return -1;
}

const char *
pt_role_label (PtRole role)
{
  return (guint) role < PT_N_ROLES ? _(roles[role].label) : "";
}

const char *
pt_permission_to_string (PtPermission permission)
{
  return (guint) permission < PT_N_PERMISSIONS ? permissions[permission].key : "";
}

const char *
pt_permission_label (PtPermission permission)
{
  return (guint) permission < PT_N_PERMISSIONS ? _(permissions[permission].label) : "";
}

gboolean
pt_role_allows (PtRole       role,
                PtPermission permission)
{
  if ((guint) role >= PT_N_ROLES || (guint) permission >= PT_N_PERMISSIONS)
    return FALSE;
  return (permissions[permission].roles & (1u << role)) != 0;
}

/* What a rule sees of one payload member. */
typedef struct
{
  gboolean    present;     /* there and not null */
  gboolean    is_string;
  const char *string;
} Probe;

typedef Probe (*ProbeFunc) (gconstpointer payload,
                            const char   *member);

static Probe
probe_object (gconstpointer  payload,
              const char    *member)
{
  JsonNode *node = payload ? json_object_get_member ((JsonObject *) payload, member) : NULL;
  Probe probe = { FALSE, FALSE, NULL };

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return probe;
  probe.present = TRUE;
  probe.is_string = json_node_get_value_type (node) == G_TYPE_STRING;
  probe.string = probe.is_string ? json_node_get_string (node) : NULL;
  return probe;
}

static Probe
probe_fields (gconstpointer  payload,
              const char    *member)
{
  const PtOpField *field = pt_op_fields_find (payload, member);
  Probe probe = { FALSE, FALSE, NULL };

  if (field == NULL || (!field->is_int && field->string == NULL))
    return probe;
  probe.present = TRUE;
  probe.is_string = !field->is_int;
  probe.string = field->string;
  return probe;
}

static gboolean
payload_matches (ProbeFunc      probe_func,
                 gconstpointer  payload,
                 const char    *member,
                 const char    *value)
{
  Probe probe;

  if (member == NULL)
    return TRUE;
  probe = probe_func (payload, member);
  if (!probe.present)
    return FALSE;
  if (value == NULL)
    {
      /* Present and not empty. */
      return !probe.is_string || *probe.string != '\0';
    }
  return probe.is_string && g_strcmp0 (probe.string, value) == 0;
}

static PtPermission
permission_for (const char    *entity,
                const char    *op,
                ProbeFunc      probe_func,
                gconstpointer  payload)
{
  for (guint i = 0; i < G_N_ELEMENTS (op_rules); i++)
    if (g_strcmp0 (op_rules[i].entity, entity) == 0 &&
        (op_rules[i].op == NULL || g_strcmp0 (op_rules[i].op, op) == 0) &&
        payload_matches (probe_func, payload, op_rules[i].member, op_rules[i].value))
      return op_rules[i].permission;
  return PT_PERMISSION_MANAGE_STAFF;
}

PtPermission
pt_permission_for_op (const char *entity,
                      const char *op,
                      JsonObject *payload)
{
  return permission_for (entity, op, probe_object, payload);
}

PtPermission
pt_permission_for_op_fields (const char       *entity,
                             const char       *op,
                             const PtOpFields *payload)
{
  return permission_for (entity, op, probe_fields, payload);
}

gboolean
pt_permission_refuse (PtRole        role,
                      PtPermission  permission,
                      GError      **error)
{
  /* Translators: the first %s is a role ("Clerk"), the second a permission ("Adjust points") */
  g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
               _("Not allowed for the role %s: “%s”"),
               pt_role_label (role), pt_permission_label (permission));
  return FALSE;
}
