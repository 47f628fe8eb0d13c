/* pt-permissions.h — roles and what each may do (issue 13)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure tables, no database: the store checks every change against them
 * in its outbox hook and the server checks every pushed op again.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-op-fields.h"

G_BEGIN_DECLS

typedef enum
{
  PT_ROLE_OWNER,
  PT_ROLE_MANAGER,
  PT_ROLE_CLERK,
  PT_N_ROLES
} PtRole;

typedef enum
{
  PT_PERMISSION_RECORD_SALES,
  PT_PERMISSION_EDIT_MEMBERS,
  PT_PERMISSION_REDEEM,
  PT_PERMISSION_REVERSE_SALES,
  PT_PERMISSION_ADJUST_POINTS,
  PT_PERMISSION_DELETE_MEMBERS,
  PT_PERMISSION_ERASE_MEMBERS,
  PT_PERMISSION_MANAGE_TIERS,
  PT_PERMISSION_MANAGE_RULES,
  PT_PERMISSION_MANAGE_REWARDS,
  PT_PERMISSION_MANAGE_CAMPAIGNS,
  PT_PERMISSION_RESOLVE_CONFLICTS,
  PT_PERMISSION_EXPORT_PERSONAL_DATA,
  PT_PERMISSION_SEE_FULL_PHONES,
  PT_PERMISSION_MANAGE_STAFF,
  PT_PERMISSION_VIEW_AUDIT,
  PT_PERMISSION_RESTORE_BACKUPS,
  PT_N_PERMISSIONS
} PtPermission;

/* "owner", "manager", "clerk", and back (-1 for anything else). */
const char   *pt_role_to_string         (PtRole        role);
int           pt_role_from_string       (const char   *text);
/* The role's name in the user's language. */
const char   *pt_role_label             (PtRole        role);

/* "adjust-points", ... and the permission's name in the user's language. */
const char   *pt_permission_to_string   (PtPermission  permission);
const char   *pt_permission_label       (PtPermission  permission);

gboolean      pt_role_allows            (PtRole        role,
                                         PtPermission  permission);

/* The permission an op needs: by its entity and op, and for points
 * entries and purchases by what the payload says they are (@payload may
 * be NULL: the strictest reading). */
PtPermission  pt_permission_for_op      (const char   *entity,
                                         const char   *op,
                                         JsonObject   *payload);
/* The same for a payload given as fields. */
PtPermission  pt_permission_for_op_fields (const char       *entity,
                                           const char       *op,
                                           const PtOpFields *payload);

/* Sets a translated PT_STORE_ERROR_REFUSED error naming the permission
 * and the role; always FALSE. */
gboolean      pt_permission_refuse      (PtRole        role,
                                         PtPermission  permission,
                                         GError      **error);

G_END_DECLS
