/* pt-server-backend-pg-branches.c — the branches a PostgreSQL server
 * knows: their names, enrolment codes and token hashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <libpq-fe.h>

#include "pt-server-backend-pg-private.h"

#define SELF PtServerBackendPg *self = (PtServerBackendPg *) backend

static gboolean
pg_code_taken (PtServerBackend  *backend,
               const char       *code,
               GError          **error)
{
  SELF;
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT 1 FROM branches WHERE code = $1", error, 1, code);

  return result && PQntuples (result) > 0;
}

static gboolean
pg_insert_branch (PtServerBackend       *backend,
                  const PtServerBranch  *branch,
                  const char            *salt,
                  const char            *token_hash,
                  gboolean              *name_taken,
                  GError               **error)
{
  SELF;
  char created[24];
  gboolean inserted = FALSE;

  /* A name already enrolled inserts nothing (rather than failing). */
  if (!pt_pg_command (self, "INSERT INTO branches (id, name, code, salt, token_hash, revoked,"
                            " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                            " ON CONFLICT (name) DO NOTHING",
                      error, &inserted, 7, branch->id, branch->name, branch->code, salt,
                      token_hash, branch->revoked ? "1" : "0",
                      PT_PG_INT_TEXT (created, branch->created_at)))
    return FALSE;
  *name_taken = !inserted;
  return inserted;
}

static gboolean
pg_revoke_branch (PtServerBackend  *backend,
                  const char       *name,
                  gboolean         *found,
                  GError          **error)
{
  SELF;

  return pt_pg_command (self, "UPDATE branches SET revoked = 1 WHERE name = $1", error, found, 1,
                        name);
}

static PtServerBranch *
branch_from_row (const PGresult *result,
                 int             row)
{
  PtServerBranch *branch = g_new0 (PtServerBranch, 1);

  branch->id = g_strdup (pt_pg_cell (result, row, 0));
  branch->name = g_strdup (pt_pg_cell (result, row, 1));
  branch->code = g_strdup (pt_pg_cell (result, row, 2));
  branch->revoked = pt_pg_cell_int (result, row, 3) != 0;
  branch->created_at = pt_pg_cell_int (result, row, 4);
  return branch;
}

static GPtrArray *
pg_list_branches (PtServerBackend  *backend,
                  GError          **error)
{
  SELF;
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT id, name, code, revoked, created_at FROM branches ORDER BY name",
                 error, 0);
  GPtrArray *branches;

  if (result == NULL)
    return NULL;
  branches = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_server_branch_free);
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (branches, branch_from_row (result, i));
  return branches;
}

static PtServerBranch *
pg_find_branch (PtServerBackend  *backend,
                const char       *id,
                char            **salt,
                char            **token_hash,
                GError          **error)
{
  SELF;
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT id, name, code, revoked, created_at, salt, token_hash"
                       " FROM branches WHERE id = $1", error, 1, id);

  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  *salt = g_strdup (pt_pg_cell (result, 0, 5));
  *token_hash = g_strdup (pt_pg_cell (result, 0, 6));
  return branch_from_row (result, 0);
}

void
pt_pg_branches_iface_init (PtServerBackendInterface *iface)
{
  iface->code_taken = pg_code_taken;
  iface->insert_branch = pg_insert_branch;
  iface->revoke_branch = pg_revoke_branch;
  iface->list_branches = pg_list_branches;
  iface->find_branch = pg_find_branch;
}
