/* pt-store-staff.c — staff accounts, PINs and who the store acts for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-staff"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "pt-store-private.h"
#include "pt-store-staff.h"
#include "pt-uuid.h"

#define STAFF_COLUMNS "id, name, role, active, pin_hash IS NOT NULL AND pin_hash != ''"

void
pt_staff_free (PtStaff *staff)
{
  if (staff == NULL)
    return;
  g_free (staff->id);
  g_free (staff->name);
  g_free (staff);
}

static PtStaff *
staff_from_row (sqlite3_stmt *stmt)
{
  PtStaff *staff = g_new0 (PtStaff, 1);
  int role = pt_role_from_string (pt_store_column_text (stmt, 2));

  staff->id = g_strdup (pt_store_column_text (stmt, 0));
  staff->name = g_strdup (pt_store_column_text (stmt, 1));
  /* An unknown role (from a newer version) gets the least. */
  staff->role = role >= 0 ? (PtRole) role : PT_ROLE_CLERK;
  staff->active = sqlite3_column_int (stmt, 3) != 0;
  staff->has_pin = sqlite3_column_int (stmt, 4) != 0;
  return staff;
}

static gboolean
check_pin (const char  *pin,
           GError     **error)
{
  gsize len = pin ? strlen (pin) : 0;

  if (len < 4 || len > 12)
    goto bad;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      goto bad;
  return TRUE;

bad:
  g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
               _("PIN: use 4 to 12 digits"));
  return FALSE;
}

static char *
hash_pin (const char  *pin,
          GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (sodium_init () < 0 ||
      crypto_pwhash_str (out, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("Not enough memory to protect the PIN"));
      return NULL;
    }
  return g_strdup (out);
}

PtStaff *
pt_store_find_staff (PtStore     *self,
                     const char  *name_or_id,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  PtStaff *staff = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self,
                           "SELECT " STAFF_COLUMNS " FROM staff WHERE deleted = 0"
                           " AND (id = ?1 OR name = ?1 COLLATE NOCASE)"
                           " ORDER BY id = ?1 DESC, active DESC, rid LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, name_or_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    staff = staff_from_row (stmt);
  sqlite3_reset (stmt);
  if (staff == NULL)
    /* Translators: %s is the name a staff member was asked by */
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                 _("No staff member “%s”"), name_or_id);
  return staff;
}

GPtrArray *
pt_store_list_staff (PtStore  *self,
                     GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_staff_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self, "SELECT " STAFF_COLUMNS " FROM staff WHERE deleted = 0"
                                 " ORDER BY name COLLATE NOCASE, rid", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, staff_from_row (stmt));
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

gboolean
pt_store_has_staff (PtStore *self)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT 1 FROM staff WHERE deleted = 0 LIMIT 1",
                                         NULL);
  gboolean any;

  if (stmt == NULL)
    return FALSE;
  any = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return any;
}

PtStaff *
pt_store_add_staff (PtStore     *self,
                    const char  *name,
                    PtRole       role,
                    const char  *pin,
                    GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *pin_hash = NULL;
  g_autofree char *hlc = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(PtStaff) existing = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  if (*clean == '\0' || g_utf8_strlen (clean, -1) > 80)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("Name: give the staff member a name of at most 80 characters"));
      return NULL;
    }
  if ((guint) role >= PT_N_ROLES)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("Role: choose owner, manager or clerk"));
      return NULL;
    }
  /* Refused before the slow hash, and nothing written. */
  if (!pt_store_require (self, PT_PERMISSION_MANAGE_STAFF, error) || !check_pin (pin, error))
    return NULL;
  existing = pt_store_find_staff (self, clean, NULL);
  if (existing != NULL)
    {
      /* Translators: %s is a staff member's name */
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE,
                   _("Name: there is already a staff member called “%s”"), clean);
      return NULL;
    }
  if ((pin_hash = hash_pin (pin, error)) == NULL || !pt_store_begin (self, error))
    return NULL;

  hlc = pt_clock_tick (pt_store_get_clock (self));
  stmt = pt_store_prepare (self, "INSERT INTO staff (id, name, role, pin_hash, active, created_hlc)"
                                 " VALUES (?1, ?2, ?3, ?4, 1, ?5)", error);
  if (stmt == NULL)
    goto fail;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, clean);
  pt_store_bind_text (stmt, 3, pt_role_to_string (role));
  pt_store_bind_text (stmt, 4, pin_hash);
  pt_store_bind_text (stmt, 5, hlc);
  if (!pt_store_step_done (self, stmt, error))
    goto fail;

  payload = json_object_new ();
  json_object_set_string_member (payload, "name", clean);
  json_object_set_string_member (payload, "role", pt_role_to_string (role));
  json_object_set_string_member (payload, "pin_hash", pin_hash);
  json_object_set_int_member (payload, "active", 1);
  if (!pt_store_outbox_append (self, "staff", id, "create", hlc, payload, error))
    goto fail;
  pt_store_note_changed (self, "staff");
  if (!pt_store_commit (self, error))
    return NULL;
  return pt_store_find_staff (self, id, error);

fail:
  pt_store_rollback (self);
  return NULL;
}

/* One field of a staff row, with the row as it was for the audit. */
static gboolean
update_field (PtStore     *self,
              const char  *staff_id,
              const char  *key,
              JsonNode    *value,
              GError     **error)
{
  g_autoptr(PtStaff) staff = pt_store_find_staff (self, staff_id, error);
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonObject) before = json_object_new ();
  g_autofree char *hlc = NULL;
  sqlite3_stmt *stmt;
  const char *sql;

  if (staff == NULL)
    {
      json_node_unref (value);
      return FALSE;
    }
  if (strcmp (key, "active") == 0)
    {
      sql = "UPDATE staff SET active = ?1, field_hlc = json_set (field_hlc, '$.active', ?2)"
            " WHERE id = ?3";
      json_object_set_int_member (before, key, staff->active);
    }
  else
    {
      sql = "UPDATE staff SET role = ?1, field_hlc = json_set (field_hlc, '$.role', ?2)"
            " WHERE id = ?3";
      json_object_set_string_member (before, key, pt_role_to_string (staff->role));
    }
  json_object_set_member (payload, key, value);

  if (!pt_store_begin (self, error))
    return FALSE;
  hlc = pt_clock_tick (pt_store_get_clock (self));
  stmt = pt_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, 1, json_node_get_int (value));
  else
    pt_store_bind_text (stmt, 1, json_node_get_string (value));
  pt_store_bind_text (stmt, 2, hlc);
  pt_store_bind_text (stmt, 3, staff->id);
  if (!pt_store_step_done (self, stmt, error))
    goto fail;
  pt_store_audit_set_before (self, before);
  if (!pt_store_outbox_append (self, "staff", staff->id, "update", hlc, payload, error))
    goto fail;
  pt_store_note_changed (self, "staff");
  return pt_store_commit (self, error);

fail:
  pt_store_rollback (self);
  return FALSE;
}

gboolean
pt_store_set_staff_active (PtStore     *self,
                           const char  *staff_id,
                           gboolean     active,
                           GError     **error)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, active ? 1 : 0);
  return update_field (self, staff_id, "active", node, error);
}

gboolean
pt_store_set_staff_role (PtStore     *self,
                         const char  *staff_id,
                         PtRole       role,
                         GError     **error)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, pt_role_to_string (role));
  return update_field (self, staff_id, "role", node, error);
}

static gboolean
record_failure (PtStore     *self,
                const char  *staff_id,
                gint64       now,
                gint64      *wait,
                GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 failures = 0;

  stmt = pt_store_prepare (self, "SELECT failures FROM staff_pin_failures WHERE staff_id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, staff_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    failures = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  failures++;
  *wait = 0;
  if (failures >= PT_STAFF_FREE_TRIES)
    *wait = MIN ((gint64) PT_STAFF_FIRST_WAIT_S << MIN (failures - PT_STAFF_FREE_TRIES, 7), 3600);

  stmt = pt_store_prepare (self, "INSERT OR REPLACE INTO staff_pin_failures"
                                 " (staff_id, failures, locked_until) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, staff_id);
  sqlite3_bind_int64 (stmt, 2, failures);
  sqlite3_bind_int64 (stmt, 3, now + *wait);
  return pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_sign_in (PtStore     *self,
                  const char  *name_or_id,
                  const char  *pin,
                  GError     **error)
{
  g_autoptr(PtStaff) staff = pt_store_find_staff (self, name_or_id, error);
  g_autofree char *hash = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 wait = 0;
  sqlite3_stmt *stmt;

  if (staff == NULL)
    return FALSE;
  if (!staff->active)
    {
      /* Translators: %s is a staff member's name */
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("%s is disabled and cannot sign in"), staff->name);
      return FALSE;
    }

  stmt = pt_store_prepare (self, "SELECT locked_until FROM staff_pin_failures WHERE staff_id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, staff->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    wait = sqlite3_column_int64 (stmt, 0) - now;
  sqlite3_reset (stmt);
  if (wait > 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_BUSY,
                   /* Translators: %s is a staff member's name, %d a number of seconds */
                   g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs for %s: try again in %d second",
                                "Too many wrong PINs for %s: try again in %d seconds", (gulong) wait),
                   staff->name, (int) wait);
      return FALSE;
    }

  stmt = pt_store_prepare (self, "SELECT pin_hash FROM staff WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, staff->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = g_strdup (pt_store_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (hash == NULL || pin == NULL || sodium_init () < 0 ||
      crypto_pwhash_str_verify (hash, pin, strlen (pin)) != 0)
    {
      if (!record_failure (self, staff->id, now, &wait, error))
        return FALSE;
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   /* Translators: %s is a staff member's name */
                   _("Wrong PIN for %s"), staff->name);
      return FALSE;
    }

  stmt = pt_store_prepare (self, "DELETE FROM staff_pin_failures WHERE staff_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, staff->id);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;
  pt_store_act_as (self, staff);
  return TRUE;
}

void
pt_store_act_as (PtStore       *self,
                 const PtStaff *staff)
{
  PtStoreActing *acting = pt_store_get_acting (self);

  g_free (acting->staff_id);
  g_free (acting->name);
  acting->staff_id = g_strdup (staff->id);
  acting->name = g_strdup (staff->name);
  acting->role = staff->role;
  pt_store_announce_changed (self, "acting");
}

void
pt_store_act_as_file_owner (PtStore *self)
{
  PtStoreActing *acting = pt_store_get_acting (self);

  g_clear_pointer (&acting->staff_id, g_free);
  g_clear_pointer (&acting->name, g_free);
  acting->role = PT_ROLE_OWNER;
  pt_store_announce_changed (self, "acting");
}

const char *
pt_store_get_acting_staff_id (PtStore *self)
{
  return pt_store_get_acting (self)->staff_id;
}

const char *
pt_store_get_acting_name (PtStore *self)
{
  PtStoreActing *acting = pt_store_get_acting (self);

  return acting->name ? acting->name : g_get_user_name ();
}

PtRole
pt_store_get_acting_role (PtStore *self)
{
  return pt_store_get_acting (self)->role;
}

gboolean
pt_store_can (PtStore      *self,
              PtPermission  permission)
{
  return pt_role_allows (pt_store_get_acting (self)->role, permission);
}

gboolean
pt_store_require (PtStore      *self,
                  PtPermission  permission,
                  GError      **error)
{
  if (pt_store_can (self, permission))
    return TRUE;
  return pt_permission_refuse (pt_store_get_acting (self)->role, permission, error);
}

char *
pt_mask_phone (const char *phone)
{
  char *masked;
  guint digits = 0, seen = 0;

  if (phone == NULL)
    return NULL;
  masked = g_strdup (phone);
  for (const char *p = phone; *p; p++)
    digits += g_ascii_isdigit (*p) ? 1 : 0;
  /* The four digits before the last four; a short number shows only its
   * last four. */
  for (char *p = masked; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (seen + 4 < digits && (digits < 9 || seen + 8 >= digits))
        *p = '*';
      seen++;
    }
  return masked;
}

char *
pt_store_display_phone (PtStore    *self,
                        const char *phone)
{
  if (phone == NULL || pt_store_can (self, PT_PERMISSION_SEE_FULL_PHONES))
    return g_strdup (phone);
  return pt_mask_phone (phone);
}
