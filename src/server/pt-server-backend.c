/* pt-server-backend.c — the interface every server backend implements, and
 * the choice between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-server-backend.h"
#include "pt-server-backend-pg.h"
#include "pt-server-backend-sqlite.h"
#include "pt-sync-protocol.h"

G_DEFINE_INTERFACE (PtServerBackend, pt_server_backend, G_TYPE_OBJECT)

static void
pt_server_backend_default_init (PtServerBackendInterface *iface)
{
}

void
pt_server_entity_row_clear (PtServerEntityRow *row)
{
  g_clear_pointer (&row->fields, g_free);
  g_clear_pointer (&row->stamps, g_free);
  g_clear_pointer (&row->created_hlc, g_free);
  g_clear_pointer (&row->deleted_hlc, g_free);
  row->deleted = FALSE;
}

/* The tables a migration copies, in an order that needs nothing later. */
static const char * const tables[] = {
  "meta", "branches", "log", "op_results", "entities", "events", "member_phones", "balances",
  "coupon_uses", "conflicts", "erased_members", NULL
};

static const char * const meta_columns[] = { "key", "value", NULL };
static const char * const branches_columns[] = {
  "id", "name", "code", "salt", "token_hash", "revoked", "created_at", NULL
};
static const char * const log_columns[] = {
  "seq", "op_id", "entity", "entity_id", "op", "hlc", "branch", "payload", "received_at",
  "audit", NULL
};
static const char * const op_results_columns[] = { "op_id", "status", "seq", "reason", NULL };
static const char * const entities_columns[] = {
  "entity", "id", "fields", "stamps", "created_hlc", "deleted", "deleted_hlc", NULL
};
static const char * const events_columns[] = { "entity", "id", "seq", NULL };
static const char * const member_phones_columns[] = { "digits", "member_id", NULL };
static const char * const balances_columns[] = { "kind", "key", "value", NULL };
static const char * const coupon_uses_columns[] = { "coupon_id", "event_id", NULL };
static const char * const erased_members_columns[] = { "id", NULL };
static const char * const conflicts_columns[] = {
  "id", "kind", "entity", "entity_id", "other_id", "summary", "resolution", "seq", NULL
};

const char * const *
pt_server_backend_tables (void)
{
  return tables;
}

const char * const *
pt_server_backend_columns (const char *table)
{
  static const struct
  {
    const char         *table;
    const char * const *columns;
  } all[] = {
    { "meta", meta_columns },
    { "branches", branches_columns },
    { "log", log_columns },
    { "op_results", op_results_columns },
    { "entities", entities_columns },
    { "events", events_columns },
    { "member_phones", member_phones_columns },
    { "balances", balances_columns },
    { "erased_members", erased_members_columns },
    { "coupon_uses", coupon_uses_columns },
    { "conflicts", conflicts_columns },
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (all[i].table, table) == 0)
      return all[i].columns;
  return NULL;
}

gboolean
pt_server_backend_is_postgresql (const char *database)
{
  return database != NULL &&
         (g_str_has_prefix (database, "postgresql://") ||
          g_str_has_prefix (database, "postgres://") ||
          g_str_has_prefix (database, "dbname=") ||
          g_str_has_prefix (database, "host="));
}

PtServerBackend *
pt_server_backend_open (const char  *database,
                        GError     **error)
{
  if (pt_server_backend_is_postgresql (database))
    return pt_server_backend_pg_open (database, error);
  return pt_server_backend_sqlite_open (database, error);
}

gboolean
pt_server_backend_begin_push (PtServerBackend         *self,
                              const PtServerPrefetch  *prefetch,
                              GError                 **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->begin_push (self, prefetch, error);
}

gboolean
pt_server_backend_commit (PtServerBackend *self,
                          GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->commit (self, error);
}

void
pt_server_backend_rollback (PtServerBackend *self)
{
  g_return_if_fail (PT_IS_SERVER_BACKEND (self));
  PT_SERVER_BACKEND_GET_IFACE (self)->rollback (self);
}

char *
pt_server_backend_get_meta (PtServerBackend *self,
                            const char *key,
                            GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), NULL);
  return PT_SERVER_BACKEND_GET_IFACE (self)->get_meta (self, key, error);
}

gboolean
pt_server_backend_set_meta (PtServerBackend *self,
                            const char *key,
                            const char *value,
                            GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->set_meta (self, key, value, error);
}

gboolean
pt_server_backend_code_taken (PtServerBackend *self,
                              const char *code,
                              GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->code_taken (self, code, error);
}

gboolean
pt_server_backend_insert_branch (PtServerBackend *self,
                                 const PtServerBranch *branch,
                                 const char *salt,
                                 const char *token_hash,
                                 gboolean *name_taken,
                                 GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->insert_branch (self, branch, salt, token_hash,
                                                            name_taken, error);
}

gboolean
pt_server_backend_revoke_branch (PtServerBackend *self,
                                 const char *name,
                                 gboolean *found,
                                 GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->revoke_branch (self, name, found, error);
}

GPtrArray *
pt_server_backend_list_branches (PtServerBackend *self,
                                 GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), NULL);
  return PT_SERVER_BACKEND_GET_IFACE (self)->list_branches (self, error);
}

PtServerBranch *
pt_server_backend_find_branch (PtServerBackend *self,
                               const char *id,
                               char **salt,
                               char **token_hash,
                               GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), NULL);
  return PT_SERVER_BACKEND_GET_IFACE (self)->find_branch (self, id, salt, token_hash, error);
}

gboolean
pt_server_backend_save_result (PtServerBackend *self,
                               const char *op_id,
                               const char *status,
                               gint64 seq,
                               const char *reason,
                               GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->save_result (self, op_id, status, seq, reason, error);
}

gboolean
pt_server_backend_find_previous (PtServerBackend *self,
                                 const char *op_id,
                                 char **status,
                                 gint64 *seq,
                                 char **reason,
                                 GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->find_previous (self, op_id, status, seq, reason,
                                                            error);
}

gboolean
pt_server_backend_read_log (PtServerBackend *self,
                            gint64 since,
                            gint64 covered,
                            gint64 head,
                            guint limit,
                            PtServerLogRowFunc func,
                            gpointer user_data,
                            GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->read_log (self, since, covered, head, limit, func,
                                                       user_data, error);
}

gboolean
pt_server_backend_load_entity (PtServerBackend *self,
                               const char *entity,
                               const char *id,
                               PtServerEntityRow *row,
                               gboolean *found,
                               GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->load_entity (self, entity, id, row, found, error);
}

gboolean
pt_server_backend_write_entity (PtServerBackend *self,
                                const char *entity,
                                const char *id,
                                const PtServerEntityRow *row,
                                GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->write_entity (self, entity, id, row, error);
}

gboolean
pt_server_backend_find_event (PtServerBackend *self,
                              const char *entity,
                              const char *id,
                              gint64 *seq,
                              GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->find_event (self, entity, id, seq, error);
}

gboolean
pt_server_backend_event_origin (PtServerBackend *self,
                                const char *entity,
                                const char *id,
                                char **hlc,
                                char **branch,
                                char **payload,
                                GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->event_origin (self, entity, id, hlc, branch, payload,
                                                           error);
}

gboolean
pt_server_backend_insert_event (PtServerBackend *self,
                                const char *entity,
                                const char *id,
                                gint64 seq,
                                GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->insert_event (self, entity, id, seq, error);
}

gboolean
pt_server_backend_insert_conflict (PtServerBackend *self,
                                   const char *id,
                                   const char *kind,
                                   const char *entity,
                                   const char *entity_id,
                                   const char *other_id,
                                   const char *summary,
                                   gboolean *inserted,
                                   GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->insert_conflict (self, id, kind, entity, entity_id,
                                                              other_id, summary, inserted, error);
}

gboolean
pt_server_backend_set_conflict_seq (PtServerBackend *self,
                                    const char *id,
                                    gint64 seq,
                                    GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->set_conflict_seq (self, id, seq, error);
}

gboolean
pt_server_backend_resolve_conflict (PtServerBackend *self,
                                    const char *id,
                                    const char *resolution,
                                    gboolean *found,
                                    GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->resolve_conflict (self, id, resolution, found, error);
}

char *
pt_server_backend_phone_owner (PtServerBackend *self,
                               const char *digits,
                               const char *member_id,
                               GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), NULL);
  return PT_SERVER_BACKEND_GET_IFACE (self)->phone_owner (self, digits, member_id, error);
}

gboolean
pt_server_backend_insert_phone (PtServerBackend *self,
                                const char *digits,
                                const char *member_id,
                                GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->insert_phone (self, digits, member_id, error);
}

gboolean
pt_server_backend_get_balance (PtServerBackend *self,
                               const char *kind,
                               const char *key,
                               gint64 *value,
                               gboolean *found,
                               GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->get_balance (self, kind, key, value, found, error);
}

gboolean
pt_server_backend_set_balance (PtServerBackend *self,
                               const char *kind,
                               const char *key,
                               gint64 value,
                               GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->set_balance (self, kind, key, value, error);
}

gboolean
pt_server_backend_insert_coupon_use (PtServerBackend *self,
                                     const char *coupon_id,
                                     const char *event_id,
                                     gboolean *inserted,
                                     GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->insert_coupon_use (self, coupon_id, event_id,
                                                                inserted, error);
}

gboolean
pt_server_backend_snapshot_range (PtServerBackend *self,
                                  const char *entity,
                                  const char *after,
                                  guint limit,
                                  char **last,
                                  guint *rows,
                                  GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->snapshot_range (self, entity, after, limit, last,
                                                             rows, error);
}

gboolean
pt_server_backend_snapshot_rows (PtServerBackend *self,
                                 const char *entity,
                                 const char *after,
                                 const char *last,
                                 PtServerEntityRowFunc func,
                                 gpointer user_data,
                                 GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->snapshot_rows (self, entity, after, last, func,
                                                            user_data, error);
}

gboolean
pt_server_backend_read_table (PtServerBackend *self,
                              const char *table,
                              PtServerTableRowFunc func,
                              gpointer user_data,
                              GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->read_table (self, table, func, user_data, error);
}

gboolean
pt_server_backend_write_table_row (PtServerBackend *self,
                                   const char *table,
                                   const char * const *values,
                                   GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->write_table_row (self, table, values, error);
}

gboolean
pt_server_backend_finish_copy (PtServerBackend *self,
                               GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->finish_copy (self, error);
}

gint64
pt_server_backend_get_head (PtServerBackend *self,
                            GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), 0);
  return PT_SERVER_BACKEND_GET_IFACE (self)->get_head (self, error);
}

gint64
pt_server_backend_append_log (PtServerBackend *self,
                              const PtServerLogRow *row,
                              GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), 0);
  return PT_SERVER_BACKEND_GET_IFACE (self)->append_log (self, row, error);
}

typedef struct
{
  PtServerBackend *to;
  const char      *table;
  guint64          rows;
} Copy;

static gboolean
copy_row_cb (const char * const  *values,
             gpointer             user_data,
             GError             **error)
{
  Copy *copy = user_data;

  copy->rows++;
  return pt_server_backend_write_table_row (copy->to, copy->table, values, error);
}

gboolean
pt_server_backend_copy (PtServerBackend  *from,
                        PtServerBackend  *to,
                        GHashTable       *counts,
                        GError          **error)
{
  g_autoptr(GPtrArray) branches = NULL;
  const char * const *names = pt_server_backend_tables ();

  /* Into an empty server only: its own fresh epoch gives way to the copied one. */
  branches = pt_server_backend_list_branches (to, error);
  if (branches == NULL)
    return FALSE;
  if (branches->len > 0 || pt_server_backend_get_head (to, NULL) > 0)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED,
                   _("The target database already has branches or changes; migrate only into"
                     " a new, empty database"));
      return FALSE;
    }

  if (!pt_server_backend_begin_push (to, NULL, error))
    return FALSE;
  for (guint t = 0; names[t] != NULL; t++)
    {
      Copy copy = { to, names[t], 0 };

      if (!pt_server_backend_read_table (from, names[t], copy_row_cb, &copy, error))
        {
          pt_server_backend_rollback (to);
          g_prefix_error (error, _("Copying table %s: "), names[t]);
          return FALSE;
        }
      if (counts != NULL)
        g_hash_table_insert (counts, (gpointer) names[t], GSIZE_TO_POINTER (copy.rows));
    }
  if (!pt_server_backend_finish_copy (to, error) || !pt_server_backend_commit (to, error))
    {
      pt_server_backend_rollback (to);
      return FALSE;
    }
  return TRUE;
}

gboolean
pt_server_backend_read_entity_log (PtServerBackend *self,
                                   const char *entity,
                                   const char *id,
                                   const char *hlc_max,
                                   PtServerLogRowFunc func,
                                   gpointer user_data,
                                   GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->read_entity_log (self, entity, id, hlc_max, func,
                                                              user_data, error);
}

gboolean
pt_server_backend_read_member_conflicts (PtServerBackend *self,
                                         const char *member_id,
                                         PtServerLogRowFunc func,
                                         gpointer user_data,
                                         GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->read_member_conflicts (self, member_id, func,
                                                                    user_data, error);
}

gboolean
pt_server_backend_read_member_imports (PtServerBackend *self,
                                       const char *member_id,
                                       PtServerLogRowFunc func,
                                       gpointer user_data,
                                       GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->read_member_imports (self, member_id, func,
                                                                  user_data, error);
}

gboolean
pt_server_backend_set_log_payload (PtServerBackend *self,
                                   gint64 seq,
                                   const char *payload,
                                   GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->set_log_payload (self, seq, payload, error);
}

gboolean
pt_server_backend_read_member_audit (PtServerBackend *self,
                                     const char *member_id,
                                     PtServerLogRowFunc func,
                                     gpointer user_data,
                                     GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->read_member_audit (self, member_id, func,
                                                                user_data, error);
}

gboolean
pt_server_backend_set_log_audit (PtServerBackend *self,
                                 gint64 seq,
                                 const char *audit,
                                 GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->set_log_audit (self, seq, audit, error);
}

gboolean
pt_server_backend_is_erased (PtServerBackend *self,
                             const char *member_id,
                             gboolean *erased,
                             GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  *erased = FALSE;
  return PT_SERVER_BACKEND_GET_IFACE (self)->is_erased (self, member_id, erased, error);
}

gboolean
pt_server_backend_erase_member (PtServerBackend *self,
                                const char *member_id,
                                const char *name,
                                GError **error)
{
  g_return_val_if_fail (PT_IS_SERVER_BACKEND (self), FALSE);
  return PT_SERVER_BACKEND_GET_IFACE (self)->erase_member (self, member_id, name, error);
}
