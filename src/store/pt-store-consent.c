/* pt-store-consent.c — the record of a member's marketing consent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-clock.h"
#include "pt-store-appliers.h"
#include "pt-store-consent.h"
#include "pt-store-private.h"
#include "pt-uuid.h"

void
pt_consent_change_free (PtConsentChange *change)
{
  if (change == NULL)
    return;
  g_free (change->source);
  g_free (change->at);
  g_free (change->branch);
  g_free (change);
}

static void
bind_change (sqlite3_stmt    *stmt,
             const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, pt_store_payload_string (p, "member_id"));
  sqlite3_bind_int (stmt, 3, pt_store_payload_int (p, "consent") != 0);
  pt_store_bind_text (stmt, 4, pt_store_payload_string (p, "source") ?: "edit");
  pt_store_bind_text (stmt, 5, pt_store_payload_string (p, "at"));
  pt_store_bind_text (stmt, 6, pt_store_payload_string (p, "branch") ?: op->branch);
  pt_store_bind_text (stmt, 7, op->hlc);
}

static gboolean
write_change (PtStore          *self,
              const PtStoreOp  *op,
              GError          **error)
{
  PtStoreEventFate fate;

  return pt_store_write_event (self,
                               "INSERT OR IGNORE INTO consent_changes (id, member_id, consent, source,"
                               " at, branch, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                               "UPDATE consent_changes SET member_id = ?2, consent = ?3, source = ?4,"
                               " at = ?5, branch = ?6, hlc = ?7 WHERE id = ?1 AND hlc IS NOT ?7",
                               bind_change, op, &fate, error);
}

gboolean
pt_store_apply_consent_change_op (PtStore          *store,
                                  const PtStoreOp  *op,
                                  GError          **error)
{
  if (pt_store_payload_string (op->payload, "member_id") == NULL ||
      pt_store_payload_string (op->payload, "at") == NULL)
    {
      g_warning ("consent change %s: incomplete, not applied", op->entity_id);
      return TRUE;
    }
  return write_change (store, op, error);
}

gboolean
pt_store_consent_record (PtStore     *self,
                         const char  *member_id,
                         gboolean     consent,
                         const char  *source,
                         GError     **error)
{
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(PtStoreOp) op = pt_store_op_new ();

  json_object_set_string_member (payload, "member_id", member_id);
  json_object_set_int_member (payload, "consent", consent ? 1 : 0);
  json_object_set_string_member (payload, "source", source);
  json_object_set_string_member (payload, "at", at);
  json_object_set_string_member (payload, "branch", pt_store_get_branch_code (self));
  op->entity = g_strdup ("consent_change");
  op->entity_id = g_strdup (id);
  op->op = g_strdup ("append");
  op->hlc = g_strdup (hlc);
  op->branch = g_strdup (pt_store_get_branch_code (self));
  op->payload = json_object_ref (payload);
  return write_change (self, op, error) &&
         pt_store_outbox_append (self, "consent_change", id, "append", hlc, payload, error);
}

/* Sign-up is not an op of its own (that would double the ops of every
 * sign-up and import): it is the member's creation, whose stamp says
 * when, with the consent the member was created with. */
static gboolean
add_sign_up (PtStore     *self,
             const char  *member_id,
             GPtrArray   *changes,
             GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT marketing_consent, created_hlc, home_branch"
                                               " FROM members WHERE id = ?1", error);
  PtConsentChange *change;
  guint64 raw = 0;

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  change = g_new0 (PtConsentChange, 1);
  change->consent = sqlite3_column_int (stmt, 0) != 0;
  change->source = g_strdup ("sign-up");
  if (pt_hlc_parse (pt_store_column_text (stmt, 1), &raw))
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (pt_hlc_get_ms (raw) / 1000);

      change->at = at ? g_date_time_format_iso8601 (at) : NULL;
    }
  change->branch = g_strdup (pt_store_column_text (stmt, 2));
  sqlite3_reset (stmt);
  g_ptr_array_add (changes, change);
  return TRUE;
}

GPtrArray *
pt_store_consent_history (PtStore     *self,
                          const char  *member_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_consent_change_free);
  if (!add_sign_up (self, member_id, changes, error))
    return NULL;
  stmt = pt_store_prepare (self, "SELECT consent, source, at, branch FROM consent_changes"
                                 " WHERE member_id = ?1 ORDER BY hlc, id", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtConsentChange *change = g_new0 (PtConsentChange, 1);

      change->consent = sqlite3_column_int (stmt, 0) != 0;
      change->source = g_strdup (pt_store_column_text (stmt, 1));
      change->at = g_strdup (pt_store_column_text (stmt, 2));
      change->branch = g_strdup (pt_store_column_text (stmt, 3));
      g_ptr_array_add (changes, change);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading consent changes"));
      return NULL;
    }
  /* The consent at sign-up is what the first change changed. */
  if (changes->len > 1)
    {
      PtConsentChange *sign_up = g_ptr_array_index (changes, 0);

      sign_up->consent = !((PtConsentChange *) g_ptr_array_index (changes, 1))->consent;
    }
  return g_steal_pointer (&changes);
}
