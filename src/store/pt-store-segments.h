/* pt-store-segments.h — saved segments: add, edit, delete (tombstone),
 * find, list; every change with its outbox entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-segment.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* Adds @segment (gives it an id if it has none). It needs a name, and
 * rules that are a JSON object; that they compile is the caller's check
 * (pt_segment_compile()). */
gboolean   pt_store_add_segment      (PtStore     *self,
                                      PtSegment   *segment,
                                      GError     **error);

/* Writes the fields of @segment that differ from the stored one, each
 * with a new clock stamp, and one outbox entry listing them. */
gboolean   pt_store_update_segment   (PtStore     *self,
                                      PtSegment   *segment,
                                      GError     **error);

/* A tombstone, synced; deleting twice is harmless. */
gboolean   pt_store_delete_segment   (PtStore     *self,
                                      const char  *id,
                                      GError     **error);

/* Brings back a deleted segment (an undo), synced. */
gboolean   pt_store_restore_segment  (PtStore     *self,
                                      const char  *id,
                                      GError     **error);

/* The segment with id or name (case-insensitive) @key that is not
 * deleted; PT_STORE_ERROR_NOT_FOUND otherwise. */
PtSegment *pt_store_get_segment      (PtStore     *self,
                                      const char  *key,
                                      GError     **error);

/* Segments that are not deleted, by name. */
GPtrArray *pt_store_list_segments    (PtStore     *self,
                                      GError     **error);

G_END_DECLS
