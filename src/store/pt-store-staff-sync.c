/* pt-store-staff-sync.c — staff rows from the server, merged per field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-staff"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-store-field-merge.h"
#include "pt-store-private.h"

/* The synced fields and the statement that writes each (constants: the
 * column is never spliced from input). */
static const char * const keys[] = { "name", "role", "pin_hash", "active" };
static const char * const update_field_sql[] = {
  "UPDATE staff SET name = ?1, field_hlc = json_set (field_hlc, '$.name', ?2) WHERE id = ?3",
  "UPDATE staff SET role = ?1, field_hlc = json_set (field_hlc, '$.role', ?2) WHERE id = ?3",
  "UPDATE staff SET pin_hash = ?1, field_hlc = json_set (field_hlc, '$.pin_hash', ?2)"
  " WHERE id = ?3",
  "UPDATE staff SET active = ?1, field_hlc = json_set (field_hlc, '$.active', ?2) WHERE id = ?3",
};

static const char *
field_key (guint field)
{
  return keys[field];
}

static int
field_from_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (keys[i], key) == 0)
      return i;
  return -1;
}

static const PtFieldMergeEntity staff_entity = {
  .entity = "staff",
  .n_fields = G_N_ELEMENTS (keys),
  .load_sql = "SELECT created_hlc, field_hlc FROM staff WHERE id = ?1",
  .stamp_column = 0,
  .update_field_sql = update_field_sql,
  .field_key = field_key,
  .field_from_key = field_from_key,
};

gboolean
pt_store_apply_staff_op (PtStore          *store,
                         const PtStoreOp  *op,
                         GError          **error)
{
  sqlite3_stmt *stmt;
  gboolean created;

  if (op->payload == NULL ||
      (g_strcmp0 (op->op, "create") != 0 && g_strcmp0 (op->op, "update") != 0))
    return TRUE;

  /* A row this branch has not seen starts blank, so every pulled field wins. */
  stmt = pt_store_prepare (store, "INSERT OR IGNORE INTO staff (id, name, created_hlc)"
                                  " VALUES (?1, '', '')", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op->entity_id);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  created = sqlite3_changes (pt_store_get_db (store)) > 0;
  if (!pt_field_merge_apply_op (store, &staff_entity, op, error))
    return FALSE;

  /* A new row's fields carry its creation stamp, as on the server. */
  if (created)
    {
      stmt = pt_store_prepare (store, "UPDATE staff SET field_hlc = '{}',"
                                      " created_hlc = ?1 WHERE id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, op->hlc);
      pt_store_bind_text (stmt, 2, op->entity_id);
      if (!pt_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
pt_store_apply_staff_canonical (PtStore     *store,
                                const char  *entity_id,
                                JsonObject  *canonical,
                                gboolean     force,
                                GError     **error)
{
  return pt_field_merge_apply_canonical (store, &staff_entity, entity_id, canonical, force, error);
}
