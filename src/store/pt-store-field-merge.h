/* pt-store-field-merge.h — the per-field last-writer-wins merge of a synced
 * entity, described by a table (fields stamped in field_hlc, an optional
 * tombstone, canonical answers from the server, outbox entries of edits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-store-appliers.h"
#include "pt-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  /* The entity's name in the outbox, the conflicts and change notes. */
  const char *entity;
  guint       n_fields;
  /* "SELECT …, created_hlc, field_hlc[, deleted_hlc] FROM <table> WHERE
   * id = ?1" (deleted_hlc only with a tombstone), the stamps from column
   * stamp_column on; the object is from_row of that row, or load. */
  const char *load_sql;
  guint       stamp_column;
  /* N_("reading a …"): what a failed read was doing (NULL: a row that
   * cannot be read counts as missing). */
  const char *load_what;
  /* One "UPDATE … SET <col> = ?1, field_hlc = json_set (…, ?2) WHERE id = ?3"
   * a field; and "UPDATE … SET deleted = ?1, deleted_hlc = ?2 WHERE id = ?3"
   * or NULL without a tombstone. */
  const char * const *update_field_sql;
  const char         *tombstone_sql;
  /* What a NOT NULL column holds for an empty value (NULL: none), a field. */
  const char * const *null_values;

  const char *(*field_key)       (guint field);
  int         (*field_from_key)  (const char *key);
  GObject    *(*from_row)        (sqlite3_stmt *stmt);
  GObject    *(*load)            (PtStore     *store,
                                  const char  *id,
                                  GError     **error);
  /* NULL for a row without an object: pulled values are written as they
   * are typed and no losers are kept. */
  const char *(*get)             (GObject *object, guint field);
  void        (*set)             (GObject *object, guint field, const char *value);
  /* Inserts a row this branch has not seen from pulled fields (may be NULL). */
  gboolean    (*insert_pulled)   (PtStore     *store,
                                  const char  *id,
                                  JsonObject  *fields,
                                  const char  *hlc,
                                  GError     **error);

  /* Typed fields (all NULL for text fields through get, set and
   * update_field_sql): a copy of an object with a pulled value set, whether
   * two objects hold the same value, a value as text for the conflicts, and
   * writing a field of an object with its stamp. */
  GObject    *(*with_pulled)     (GObject *object, const char *key, JsonNode *node);
  gboolean    (*equal)           (GObject *a, GObject *b, guint field);
  char       *(*text)            (GObject *object, guint field);
  gboolean    (*write_object)    (PtStore     *store,
                                  const char  *id,
                                  GObject     *object,
                                  guint        field,
                                  const char  *hlc,
                                  GError     **error);
} PtFieldMergeEntity;

JsonObject *pt_field_merge_payload       (const PtFieldMergeEntity  *entity,
                                          GObject                   *object,
                                          GObject                   *before);
gboolean    pt_field_merge_write_field   (PtStore                   *store,
                                          const PtFieldMergeEntity  *entity,
                                          const char                *id,
                                          guint                      field,
                                          const char                *value,
                                          const char                *hlc,
                                          GError                   **error);
gboolean    pt_field_merge_update        (PtStore                   *store,
                                          const PtFieldMergeEntity  *entity,
                                          const char                *id,
                                          GObject                   *object,
                                          JsonObject                *payload,
                                          GError                   **error);
/* Writes the tombstone of @id (or its undoing) with a new stamp and its
 * "delete" or "restore" outbox entry, in one transaction. */
gboolean    pt_field_merge_set_deleted   (PtStore                   *store,
                                          const PtFieldMergeEntity  *entity,
                                          const char                *id,
                                          gboolean                   deleted,
                                          GError                   **error);
gboolean    pt_field_merge_apply_op      (PtStore                   *store,
                                          const PtFieldMergeEntity  *entity,
                                          const PtStoreOp           *op,
                                          GError                   **error);
gboolean    pt_field_merge_apply_canonical (PtStore                 *store,
                                            const PtFieldMergeEntity *entity,
                                            const char              *entity_id,
                                            JsonObject              *canonical,
                                            gboolean                 force,
                                            GError                 **error);

G_END_DECLS
