/* pt-server-policy.c — each pushed op's staff role and audit chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every op a branch pushes carries its audit entry (who, role, device,
 * when, what, the hash of the device's previous entry and its own). The
 * server keeps, per device, the last entry it accepted (in its meta
 * table: "audit-head:<device>" = "<seq> <hash>"), so an entry that does
 * not extend that chain, or whose hash does not match its contents, is
 * refused with the op. The role is the one the server knows for the staff
 * member as of the op's clock stamp (from the staff rows it merged), not
 * the one the op claims, so a branch token or a hand-made request cannot
 * raise it. An op by the owner of the branch's database file (no staff)
 * counts as the owner's: the branch token stands for that person.
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "pt-json.h"
#include "pt-permissions.h"
#include "pt-server-policy.h"
#include "pt-server-store-private.h"

/* The rest of @check from @e, read from the entry (@read: without a
 * @read_error), and the hash it claims. */
static void
check_entry (PtServerAuditCheck *check,
             gboolean            read,
             const GError       *read_error,
             const PtAuditEntry *e,
             const char         *claimed)
{
  char hash[PT_AUDIT_HASH_LEN + 1];

  if (!read)
    {
      /* Translators: %s says what is wrong with the audit entry */
      check->refusal = g_strdup_printf (_("audit chain: %s"), read_error->message);
      return;
    }
  pt_audit_entry_hash (e, hash);
  if (strcmp (hash, claimed) != 0)
    {
      check->refusal = g_strdup_printf (_("audit chain: entry %" PRId64 " of device %s does not "
                                          "match its hash"), e->seq, e->device);
      return;
    }
  /* The claimed hash is the one computed: of its length. */
  check->device = g_strdup (e->device);
  check->staff = g_strdup (e->staff_id);
  check->seq = e->seq;
  check->prev_hash = g_strdup (e->prev_hash);
  memcpy (check->hash, claimed, sizeof check->hash);
}

void
pt_server_audit_check_init (PtServerAuditCheck *check,
                            const PtStoreOp    *op,
                            JsonObject         *audit)
{
  g_autoptr(GError) error = NULL;
  const char *claimed = NULL;
  PtAuditEntry e;
  gboolean read;

  *check = (PtServerAuditCheck) { .has_audit = audit != NULL };
  if (audit == NULL)
    return;
  read = pt_audit_entry_from_json (audit, op->op_id, op->entity, op->entity_id, op->op, op->hlc,
                                   &e, &claimed, &error);
  check_entry (check, read, error, &e, claimed);
}

void
pt_server_audit_check_parse (PtServerAuditCheck *check,
                             const PtStoreOp    *op)
{
  g_autoptr(GError) error = NULL;
  GStringChunk *strings;
  const char *claimed = NULL;
  gboolean is_object;
  PtAuditEntry e;
  gboolean read;

  *check = (PtServerAuditCheck) { 0, };
  if (op->audit == NULL)
    return;
  strings = g_string_chunk_new (256);
  read = pt_audit_entry_from_text (op->audit, op->op_id, op->entity, op->entity_id, op->op,
                                   op->hlc, strings, &e, &claimed, &is_object, &error);
  check->not_object = !is_object;
  check->has_audit = is_object;
  if (is_object)
    check_entry (check, read, error, &e, claimed);
  g_string_chunk_free (strings);
}

void
pt_server_audit_check_read (PtServerAuditCheck *check,
                            const PtStoreOp    *op,
                            const PtAuditRead  *audit)
{
  g_autoptr(GError) error = NULL;
  const char *claimed = NULL;
  PtAuditEntry e;
  gboolean read;

  if (audit == NULL)
    {
      pt_server_audit_check_parse (check, op);
      return;
    }
  *check = (PtServerAuditCheck) { .has_audit = TRUE };
  read = pt_audit_read_entry (audit, op->op_id, op->entity, op->entity_id, op->op, op->hlc, &e,
                              &claimed, &error);
  check_entry (check, read, error, &e, claimed);
}

void
pt_server_audit_check_clear (PtServerAuditCheck *check)
{
  g_clear_pointer (&check->device, g_free);
  g_clear_pointer (&check->staff, g_free);
  g_clear_pointer (&check->refusal, g_free);
  g_clear_pointer (&check->prev_hash, g_free);
}

/* The checks of @op that need the server's state, its own entry's being
 * done (@check). *@holds: the entry extends the device's chain. */
static char *
check_against_state (const PtStoreOp           *op,
                     const PtServerAuditCheck  *check,
                     const PtServerPolicyState *state,
                     gboolean                  *holds)
{
  PtPermission permission;
  int role;

  *holds = FALSE;
  if (!check->has_audit)
    {
      /* An older client sends no entries; a device that has begun its
       * chain may not stop it. */
      if (state->has_head)
        return g_strdup (_("audit chain: the op carries no audit entry, but its device signs its "
                           "changes"));
      return NULL;
    }
  if (check->refusal != NULL)
    return g_strdup (check->refusal);
  if (state->has_head ? (check->seq != state->head_seq + 1 ||
                         strcmp (check->prev_hash, state->head_hash) != 0)
                      : (check->seq != 1 || strcmp (check->prev_hash, PT_AUDIT_GENESIS) != 0))
    return g_strdup_printf (_("audit chain: entry %" PRId64 " of device %s does not follow the "
                              "last one the server has"), check->seq, check->device);

  /* The chain holds: the entry is the device's own even if its op is
   * refused below, so the device's next entry follows it. */
  *holds = TRUE;

  role = check->staff == NULL ? PT_ROLE_OWNER : state->staff_role;
  if (role < 0)
    return g_strdup_printf (_("the staff member %s is not known to the server"), check->staff);
  permission = pt_permission_for_op (op->entity, op->op, op->payload);
  if (!pt_role_allows ((PtRole) role, permission))
    /* Translators: the first %s is a role ("Clerk"), the second a permission ("Adjust points") */
    return g_strdup_printf (_("not allowed for the role %s: “%s”"), pt_role_label ((PtRole) role),
                            pt_permission_label (permission));
  return NULL;
}

char *
pt_server_policy_check (const PtStoreOp           *op,
                        JsonObject                *audit,
                        const PtServerPolicyState *state,
                        PtAuditEntry              *entry)
{
  PtServerAuditCheck check;
  gboolean holds;
  const char *claimed;
  char *reason;

  pt_server_audit_check_init (&check, op, audit);
  reason = check_against_state (op, &check, state, &holds);
  pt_server_audit_check_clear (&check);
  if (holds && entry != NULL)
    pt_audit_entry_from_json (audit, op->op_id, op->entity, op->entity_id, op->op, op->hlc, entry,
                              &claimed, NULL);
  return reason;
}

/* The first role an op of the log set, newest first. */
static void
find_role (const PtServerLogRow *row,
           gpointer              user_data)
{
  int *role = user_data;
  g_autoptr(JsonObject) payload = NULL;

  if (*role >= 0 || (payload = pt_server_json_from_text (row->payload)) == NULL ||
      !json_object_has_member (payload, "role"))
    return;
  *role = pt_role_from_string (json_object_get_string_member_with_default (payload, "role", ""));
}

/* The role of staff member @staff_id as of @hlc: the merged row's role
 * when it was set before @hlc, else the last role an earlier op set. */
static gboolean
role_as_of (PtServerStore  *self,
            const char     *staff_id,
            const char     *hlc,
            int            *role,
            GError        **error)
{
  PtServerBackend *backend = pt_server_store_get_backend (self);
  g_auto(PtServerEntityRow) row = { 0, };
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) stamps = NULL;
  const char *stamp;
  gboolean found = FALSE;

  *role = -1;
  if (!pt_server_backend_load_entity (backend, "staff", staff_id, &row, &found, error))
    return FALSE;
  if (found)
    {
      fields = pt_server_json_from_text (row.fields);
      stamps = pt_server_json_from_text (row.stamps);
    }
  if (fields == NULL || g_strcmp0 (row.created_hlc, hlc) > 0)
    return TRUE;

  stamp = stamps ? json_object_get_string_member_with_default (stamps, "role", row.created_hlc)
                 : row.created_hlc;
  if (g_strcmp0 (stamp, hlc) <= 0)
    {
      *role = pt_role_from_string (json_object_get_string_member_with_default (fields, "role", ""));
      return TRUE;
    }

  /* The role changed after the op: the last one set before it. */
  return pt_server_backend_read_entity_log (backend, "staff", staff_id, hlc, find_role, role,
                                            error);
}

gboolean
pt_server_policy_apply (PtServerStore             *self,
                        const PtStoreOp           *op,
                        const PtServerAuditCheck  *check,
                        char                     **reason,
                        GError                   **error)
{
  g_autofree char *head_key = NULL;
  g_autofree char *head_value = NULL;
  g_autofree char *new_head = NULL;
  PtServerPolicyState state = { .staff_role = -1 };
  gboolean holds;
  const char *device;
  const char *staff;

  *reason = NULL;
  if (check->not_object)
    {
      *reason = g_strdup (_("audit chain: the audit entry is not a JSON object"));
      return TRUE;
    }
  device = check->device;
  staff = check->staff;

  if (device != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      head_key = g_strconcat ("audit-head:", device, NULL);
      head_value = pt_server_backend_get_meta (pt_server_store_get_backend (self), head_key,
                                               &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (head_value != NULL && strchr (head_value, ' ') != NULL)
        {
          state.has_head = TRUE;
          state.head_seq = g_ascii_strtoll (head_value, NULL, 10);
          state.head_hash = strchr (head_value, ' ') + 1;
        }
    }
  if (staff != NULL && !role_as_of (self, staff, op->hlc, &state.staff_role, error))
    return FALSE;
  /* The permission may depend on the payload (a sale or its reversal);
   * the owner may do everything, so the owner's payloads stay text. */
  if (state.staff_role != PT_ROLE_OWNER && staff != NULL && op->payload == NULL &&
      op->payload_text != NULL)
    ((PtStoreOp *) op)->payload = pt_server_json_from_text (op->payload_text);

  *reason = check_against_state (op, check, &state, &holds);
  if (!holds)
    return TRUE;

  new_head = g_strdup_printf ("%" PRId64 " %s", check->seq, check->hash);
  return pt_server_backend_set_meta (pt_server_store_get_backend (self), head_key, new_head,
                                     error);
}
