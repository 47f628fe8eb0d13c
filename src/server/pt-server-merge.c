/* pt-server-merge.c — merging one op into the server's state: per-field
 * last writer wins, tombstones, event union, and the anomalies a merge
 * reveals, recorded as conflicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "pt-json-reader.h"
#include "pt-server-erase.h"
#include "pt-server-store-private.h"
#include "pt-uuid.h"
#include "pt-validation.h"

/* -------------------------------------------------------- per-field state */

typedef struct
{
  gboolean    exists;
  JsonObject *fields;
  JsonObject *stamps;
  char       *created_hlc;
  gboolean    deleted;
  char       *deleted_hlc;
} EntityState;

static void
entity_state_clear (EntityState *state)
{
  g_clear_pointer (&state->fields, json_object_unref);
  g_clear_pointer (&state->stamps, json_object_unref);
  g_clear_pointer (&state->created_hlc, g_free);
  g_clear_pointer (&state->deleted_hlc, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EntityState, entity_state_clear)

static gboolean
load_entity (PtServerStore  *self,
             const char     *entity,
             const char     *id,
             EntityState    *state,
             GError        **error)
{
  g_auto(PtServerEntityRow) row = { 0, };
  gboolean found = FALSE;

  if (!pt_server_backend_load_entity (pt_server_store_get_backend (self), entity, id, &row,
                                      &found, error))
    return FALSE;
  if (found)
    {
      state->exists = TRUE;
      state->fields = pt_server_json_from_text (row.fields);
      state->stamps = pt_server_json_from_text (row.stamps);
      state->created_hlc = g_steal_pointer (&row.created_hlc);
      state->deleted = row.deleted;
      state->deleted_hlc = g_steal_pointer (&row.deleted_hlc);
    }
  return TRUE;
}

static gboolean
write_entity (PtServerStore  *self,
              const char     *entity,
              const char     *id,
              const char     *fields,
              const char     *stamps,
              EntityState    *state,
              GError        **error)
{
  PtServerEntityRow row = {
    .fields = (char *) fields,
    .stamps = (char *) stamps,
    .created_hlc = state->created_hlc,
    .deleted = state->deleted,
    .deleted_hlc = state->deleted_hlc,
  };

  return pt_server_backend_write_entity (pt_server_store_get_backend (self), entity, id, &row,
                                         error);
}

static gboolean
save_entity (PtServerStore  *self,
             const char     *entity,
             const char     *id,
             EntityState    *state,
             GError        **error)
{
  g_autofree char *fields = pt_server_json_to_text (state->fields);
  g_autofree char *stamps = pt_server_json_to_text (state->stamps);

  return write_entity (self, entity, id, fields, stamps, state, error);
}

static const char *
field_stamp (EntityState *state,
             const char  *key)
{
  const char *stamp = json_object_get_string_member_with_default (state->stamps, key, NULL);

  return stamp ? stamp : state->created_hlc;
}

/* {"fields", "stamps" (every field's effective stamp), "deleted",
 * "deleted_hlc"}: what a client needs to reach the server's state. */
static JsonObject *
canonical_of (EntityState *state)
{
  JsonObject *canonical = json_object_new ();
  JsonObject *stamps = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, state->fields);
  while (json_object_iter_next (&iter, &key, &node))
    json_object_set_string_member (stamps, key, field_stamp (state, key));

  json_object_set_object_member (canonical, "fields", json_object_ref (state->fields));
  json_object_set_object_member (canonical, "stamps", stamps);
  json_object_set_boolean_member (canonical, "deleted", state->deleted);
  if (state->deleted_hlc != NULL)
    json_object_set_string_member (canonical, "deleted_hlc", state->deleted_hlc);
  return canonical;
}

/* The version of event @entity @id the server took first, as the op that
 * brought it: {"hlc", "branch", "payload"}; NULL if it has none. */
JsonObject *
pt_server_merge_event_canonical (PtServerStore *self,
                                 const char    *entity,
                                 const char    *id)
{
  g_autofree char *hlc = NULL;
  g_autofree char *branch = NULL;
  g_autofree char *payload = NULL;
  JsonObject *canonical;
  JsonObject *row;

  if (!pt_server_backend_event_origin (pt_server_store_get_backend (self), entity, id, &hlc,
                                       &branch, &payload, NULL) || hlc == NULL)
    return NULL;
  /* The event came in an import's chunk: its row of it. */
  row = pt_server_import_row_payload (payload, entity, id);
  if (row == NULL)
    return NULL;
  canonical = json_object_new ();
  json_object_set_string_member (canonical, "hlc", hlc);
  json_object_set_string_member (canonical, "branch", branch);
  json_object_set_object_member (canonical, "payload", row);
  return canonical;
}

JsonObject *
pt_server_merge_canonical (PtServerStore *self,
                           const char    *entity,
                           const char    *id)
{
  g_auto(EntityState) state = { 0, };

  if (!load_entity (self, entity, id, &state, NULL))
    return NULL;
  if (!state.exists)
    return pt_server_merge_event_canonical (self, entity, id);
  return canonical_of (&state);
}

static const char *
payload_string (JsonObject *payload,
                const char *key)
{
  JsonNode *node = json_object_get_member (payload, key);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
payload_int (JsonObject *payload,
             const char *key,
             gint64     *value)
{
  JsonNode *node = json_object_get_member (payload, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/* The op's payload as a tree. A push brings each payload as JSON text;
 * it is read into a tree the first time something needs one (creating
 * an entity never does) and kept with the op. */
JsonObject *
pt_server_op_payload (const PtStoreOp *op)
{
  if (op->payload == NULL)
    ((PtStoreOp *) op)->payload = pt_server_json_from_text (op->payload_text);
  return op->payload;
}

/* Member @key of the JSON object @text if it is a string (as
 * payload_string reads it from a tree), without building the tree. */
static char *
text_string_member (const char *text,
                    const char *key)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  PtJsonReader reader;
  gboolean first = TRUE;
  char *value = NULL;

  if (text == NULL)
    return NULL;
  pt_json_reader_init (&reader, text, strlen (text));
  if (!pt_json_reader_expect (&reader, '{'))
    return NULL;
  while (pt_json_reader_next (&reader, '}', &first) && pt_json_reader_key (&reader, scratch))
    {
      gboolean match = strcmp (scratch->str, key) == 0;

      /* The others' values are checked, not copied. */
      if (!match || pt_json_reader_peek (&reader) != '"')
        {
          if (match)
            g_clear_pointer (&value, g_free);
          if (!pt_json_reader_skip (&reader, NULL, NULL))
            break;
        }
      else if (!pt_json_reader_string (&reader, scratch))
        break;
      else
        {
          g_free (value);
          value = g_strdup (scratch->str);
        }
    }
  return value;
}

/* The phone number in member op @op's payload text (NULL if none, or if
 * the op has no text: an erased member's was dropped), read once a push:
 * the prefetch and the merge both ask. */
static const char *
text_phone (PtServerStore   *self,
            const PtStoreOp *op)
{
  GHashTable *phones = pt_server_store_get_push_phones (self);
  gpointer phone = NULL;

  if (op->payload_text == NULL)
    return NULL;
  if (!g_hash_table_lookup_extended (phones, op, NULL, &phone))
    {
      phone = text_string_member (op->payload_text, PT_SERVER_PUSH_PAYLOAD_KEY);
      g_hash_table_insert (phones, (gpointer) op, phone);
    }
  return phone;
}

/* Two members with one phone number: probably one person signed up twice
 * (at two branches while offline). */
static gboolean
check_duplicate_member (PtServerStore    *self,
                        const char       *member_id,
                        EntityState      *state,
                        const PtStoreOp  *op,
                        GError          **error)
{
  /* A creation leaves the fields as @op's payload text. */
  const char *phone = state->fields != NULL ? payload_string (state->fields, "phone")
                                            : text_phone (self, op);
  g_autofree char *digits = pt_phone_digits (phone);
  g_autofree char *other_id = NULL;
  g_autofree char *summary = NULL;
  g_auto(EntityState) other = { 0, };
  g_autofree char *other_digits = NULL;
  PtServerBackend *backend = pt_server_store_get_backend (self);

  if (digits == NULL || strlen (digits) < 5)
    return TRUE;

  other_id = pt_server_backend_phone_owner (backend, digits, member_id, error);
  if (other_id == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (!pt_server_backend_insert_phone (backend, digits, member_id, error))
    return FALSE;

  if (other_id == NULL)
    return TRUE;
  if (!load_entity (self, "member", other_id, &other, error))
    return FALSE;
  other_digits = pt_phone_digits (other.exists ? payload_string (other.fields, "phone") : NULL);
  if (!other.exists || other.deleted || g_strcmp0 (other_digits, digits) != 0)
    return TRUE;
  if (state->fields == NULL)
    state->fields = pt_server_op_payload (op);

  summary = g_strdup_printf (_("%s and %s have the same phone number %s: probably one person "
                               "signed up twice"),
                             payload_string (other.fields, "name") ?: "?",
                             payload_string (state->fields, "name") ?: "?", phone);
  return pt_server_merge_raise_conflict (self, "duplicate-member", "member", other_id, member_id,
                                         summary, other.fields, state->fields, error);
}

/* The same member created at two branches (an import of one file at
 * both): the earlier creation is everyone's, and the fields that carried
 * the later one's stamp keep it as their own. */
static void
adopt_earlier_creation (const PtStoreOp *op,
                        EntityState     *state,
                        gboolean        *changed)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (g_strcmp0 (op->op, "create") != 0 || g_strcmp0 (op->hlc, state->created_hlc) >= 0)
    return;
  if (state->stamps == NULL)
    state->stamps = json_object_new ();
  json_object_iter_init (&iter, state->fields);
  while (json_object_iter_next (&iter, &key, &node))
    if (!json_object_has_member (state->stamps, key))
      json_object_set_string_member (state->stamps, key, state->created_hlc);
  g_free (state->created_hlc);
  state->created_hlc = g_strdup (op->hlc);
  *changed = TRUE;
}

/* ------------------------------------------------- members created */

static gboolean
merge_fields (const PtStoreOp *op,
              EntityState     *state,
              gboolean        *changed,
              gboolean        *lost)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, op->payload);
  while (json_object_iter_next (&iter, &key, &node))
    {
      int order = g_strcmp0 (op->hlc, field_stamp (state, key));

      if (order > 0)
        {
          json_object_set_member (state->fields, key, json_node_copy (node));
          json_object_set_string_member (state->stamps, key, op->hlc);
          *changed = TRUE;
        }
      else if (order < 0)
        {
          *lost = TRUE;
        }
    }
  return TRUE;
}


gboolean
pt_server_merge_created_member (PtServerStore    *self,
                                const PtStoreOp  *member,
                                GError          **error)
{
  g_auto(EntityState) state = { 0, };
  gboolean changed = FALSE;
  gboolean lost = FALSE;

  if (!load_entity (self, "member", member->entity_id, &state, error))
    return FALSE;
  if (!state.exists)
    {
      g_autofree char *text = pt_server_json_to_text (member->payload);

      state.exists = TRUE;
      state.fields = json_object_ref (member->payload);
      state.created_hlc = g_strdup (member->hlc);
      if (!write_entity (self, "member", member->entity_id, text, "{}", &state, error))
        return FALSE;
    }
  else
    {
      merge_fields (member, &state, &changed, &lost);
      adopt_earlier_creation (member, &state, &changed);
      if (changed && !save_entity (self, "member", member->entity_id, &state, error))
        return FALSE;
    }
  return check_duplicate_member (self, member->entity_id, &state, member, error);
}

static gboolean
check_event (PtServerStore    *self,
             const PtStoreOp  *op,
             gint64            seq,
             GError          **error)
{
  const char *member_id = payload_string (op->payload, "member_id");
  const char *reward_id = payload_string (op->payload, "reward_id");
  const char *coupon_id = payload_string (op->payload, "coupon_id");
  gboolean existed = FALSE;
  gint64 after = 0;
  gint64 delta = 0;

  if (strstr (op->entity, "points") != NULL && member_id != NULL &&
      payload_int (op->payload, "points", &delta))
    {
      if (!pt_server_merge_add_to_balance (self, "points", member_id, delta, &existed, &after,
                                           error))
        return FALSE;
      if (delta < 0 && after < 0)
        {
          g_autofree char *summary =
            g_strdup_printf (_("A member’s points balance is %" PRId64
                               " after branches redeemed offline"), after);
          return pt_server_merge_raise_conflict (self, "overdrawn", "member", member_id,
                                                 op->entity_id, summary, NULL, op->payload, error);
        }
    }
  else if (g_strcmp0 (op->entity, "stock_movement") == 0 && reward_id != NULL &&
           payload_int (op->payload, "quantity", &delta))
    {
      if (!pt_server_merge_add_to_balance (self, "stock", reward_id, delta, &existed, &after,
                                           error))
        return FALSE;
      if (existed && delta < 0 && after < 0)
        {
          g_autofree char *summary =
            g_strdup_printf (_("A reward’s stock is %" PRId64
                               " after branches redeemed the last items offline"), after);
          return pt_server_merge_raise_conflict (self, "negative-stock", "reward", reward_id,
                                                 op->entity_id, summary, NULL, op->payload, error);
        }
    }
  else if (g_strcmp0 (op->entity, "campaign_audience") == 0)
    return pt_server_audience_check (self, op, seq, error);
  else if (g_strcmp0 (op->entity, "coupon_event") == 0 && coupon_id != NULL &&
           g_strcmp0 (payload_string (op->payload, "event"), "used") == 0)
    {
      gboolean first = FALSE;

      if (!pt_server_backend_insert_coupon_use (pt_server_store_get_backend (self), coupon_id,
                                                op->entity_id, &first, error))
        return FALSE;
      /* First accepted wins; the later use is flagged. */
      if (!first)
        return pt_server_merge_raise_conflict (self, "coupon-reused", "coupon", coupon_id,
                                               op->entity_id,
                                               _("A single-use coupon was used at two counters"),
                                               NULL, op->payload, error);
    }

  return TRUE;
}

/* ------------------------------------------------------------------ merge */

/* The words a person typed into an event (a reversal's reason, a
 * cancellation's note) that the first version of the same derived event
 * did not have are not dropped in silence: the shop sees them as a
 * conflict, with both versions. Points entries only copy these words
 * (a reversal's points carry the reversal's note), so they are not
 * listed twice. */
static const struct
{
  const char *entity;
  const char *field;
  const char *what;
} typed_fields[] = {
  { "purchase", "note", N_("reversal of a sale") },
  { "redemption_cancellation", "reason", N_("cancellation of a redemption") },
  { "stock_movement", "note", N_("stock movement") },
  { "tier_change", "note", N_("tier change") },
  { "tier_lock", "reason", N_("tier lock") },
};

gboolean
pt_server_merge_set_aside (PtServerStore    *self,
                           const PtStoreOp  *op,
                           JsonObject       *canonical,
                           GError          **error)
{
  JsonObject *kept = canonical ? json_object_get_object_member (canonical, "payload") : NULL;

  if (kept == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (typed_fields); i++)
    {
      const char *typed = payload_string (op->payload, typed_fields[i].field);
      g_autofree char *summary = NULL;

      if (g_strcmp0 (op->entity, typed_fields[i].entity) != 0 || typed == NULL ||
          *typed == '\0' || g_strcmp0 (typed, payload_string (kept, typed_fields[i].field)) == 0)
        continue;
      summary = g_strdup_printf (_("Two branches recorded the same %s; the first version was kept"
                                   " and this text was set aside: “%s”"),
                                 _(typed_fields[i].what), typed);
      return pt_server_merge_raise_conflict (self, "set-aside", op->entity, op->entity_id,
                                             op->op_id, summary, kept, op->payload, error);
    }
  return TRUE;
}

static gboolean
merge_event (PtServerStore    *self,
             const PtStoreOp  *op,
             PtSyncOpResult   *result,
             GError          **error)
{
  PtServerBackend *backend = pt_server_store_get_backend (self);
  gint64 seq = 0;

  if (!pt_server_backend_find_event (backend, op->entity, op->entity_id, &seq, error))
    return FALSE;
  if (seq > 0)
    {
      /* The same event derived at another branch: union, not a double.
       * The first version to arrive is the one every replica keeps, so
       * the answer carries it for the branch to take in place of its own. */
      result->status = PT_SYNC_STATUS_DUPLICATE;
      result->seq = seq;
      result->canonical = pt_server_merge_event_canonical (self, op->entity, op->entity_id);
      if (!pt_server_store_save_result (self, op->op_id, result->status, result->seq, NULL, error))
        return FALSE;
      return pt_server_merge_set_aside (self, op, result->canonical, error);
    }

  result->status = PT_SYNC_STATUS_APPLIED;
  result->seq = pt_server_store_append_log (self, op, error);
  if (result->seq == 0)
    return FALSE;
  if (!pt_server_backend_insert_event (backend, op->entity, op->entity_id, result->seq, error))
    return FALSE;

  return check_event (self, op, result->seq, error);
}

static gboolean
is_delete_op (const char *op)
{
  return g_strcmp0 (op, "delete") == 0 || g_strcmp0 (op, "archive") == 0;
}

static gboolean
is_restore_op (const char *op)
{
  return g_strcmp0 (op, "restore") == 0 || g_strcmp0 (op, "unarchive") == 0;
}

/* An entity the server has not seen, written by @op: its fields are the
 * payload, each carrying the creation stamp (so no stamps of their own),
 * and the row and the log share one JSON text of them. */
static gboolean
create_entity (PtServerStore    *self,
               const PtStoreOp  *op,
               PtSyncOpResult   *result,
               GError          **error)
{
  g_autofree char *own_fields = op->payload_text ? NULL : pt_server_json_to_text (op->payload);
  const char *fields = op->payload_text ? op->payload_text : own_fields;
  EntityState state = {
    .exists = TRUE,
    .fields = op->payload,
    .created_hlc = op->hlc,
  };

  if (!write_entity (self, op->entity, op->entity_id, fields, "{}", &state, error))
    return FALSE;
  result->seq = pt_server_store_append_log_text (self, op, fields, error);
  if (result->seq == 0)
    return FALSE;
  result->status = PT_SYNC_STATUS_APPLIED;

  if (g_strcmp0 (op->entity, "member") == 0)
    return check_duplicate_member (self, op->entity_id, &state, op, error);
  return TRUE;
}

static gboolean
merge_entity (PtServerStore    *self,
              const PtStoreOp  *op,
              PtSyncOpResult   *result,
              GError          **error)
{
  g_auto(EntityState) state = { 0, };
  gboolean is_tombstone = is_delete_op (op->op) || is_restore_op (op->op);
  gboolean is_write = !is_tombstone;
  gboolean created = FALSE;
  gboolean changed = FALSE;
  gboolean lost = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!load_entity (self, op->entity, op->entity_id, &state, error))
    return FALSE;

  if (!state.exists && is_write)
    return create_entity (self, op, result, error);
  pt_server_op_payload (op);

  if (!state.exists)
    {
      /* Fields carry the creation stamp until edited. */
      state.fields = json_object_new ();
      state.stamps = json_object_new ();
      state.created_hlc = g_strdup (op->hlc);
      state.exists = created = changed = TRUE;
      json_object_iter_init (&iter, op->payload);
      while (json_object_iter_next (&iter, &key, &node))
        json_object_set_member (state.fields, key, json_node_copy (node));
      if (is_tombstone)
        {
          state.deleted = is_delete_op (op->op);
          state.deleted_hlc = g_strdup (op->hlc);
        }
    }
  else if (is_write)
    {
      merge_fields (op, &state, &changed, &lost);
      adopt_earlier_creation (op, &state, &changed);
    }
  else
    {
      int order = g_strcmp0 (op->hlc, state.deleted_hlc ? state.deleted_hlc : "");

      if (order > 0)
        {
          state.deleted = is_delete_op (op->op);
          g_free (state.deleted_hlc);
          state.deleted_hlc = g_strdup (op->hlc);
          changed = TRUE;
        }
      else if (order < 0)
        {
          lost = TRUE;
        }
    }

  if (changed && !save_entity (self, op->entity, op->entity_id, &state, error))
    return FALSE;

  result->seq = pt_server_store_append_log (self, op, error);
  if (result->seq == 0)
    return FALSE;
  result->status = lost ? PT_SYNC_STATUS_MERGED : PT_SYNC_STATUS_APPLIED;
  if (lost)
    result->canonical = canonical_of (&state);

  if (g_strcmp0 (op->entity, "member") == 0 && is_write &&
      (created || json_object_has_member (op->payload, "phone")))
    return check_duplicate_member (self, op->entity_id, &state, op, error);
  return TRUE;
}

static gboolean
merge_resolution (PtServerStore    *self,
                  const PtStoreOp  *op,
                  PtSyncOpResult   *result,
                  GError          **error)
{
  gboolean found = FALSE;

  if (!pt_server_backend_resolve_conflict (pt_server_store_get_backend (self), op->entity_id,
                                           payload_string (op->payload, "resolution") ?: "dismissed",
                                           &found, error))
    return FALSE;

  if (!found)
    {
      result->status = PT_SYNC_STATUS_REJECTED;
      result->reason = g_strdup_printf (_("no conflict %s on the server"), op->entity_id);
      return pt_server_store_save_result (self, op->op_id, result->status, 0, result->reason,
                                          error);
    }

  result->status = PT_SYNC_STATUS_APPLIED;
  result->seq = pt_server_store_append_log (self, op, error);
  return result->seq != 0;
}

void
pt_server_merge_prefetch_phone (PtServerPrefetch *prefetch,
                                const char       *phone)
{
  char *digits = pt_phone_digits (phone);

  if (digits != NULL && strlen (digits) >= 5)
    g_ptr_array_add (prefetch->phone_digits, digits);
  else
    g_free (digits);
}

/* Begins the push transaction of @ops, telling the backend what their
 * merge will ask, so that it may read it at once: every op's previous
 * answer, the rows of per-field entities, the phone numbers of members
 * written (as check_duplicate_member reads them). */
gboolean
pt_server_merge_begin (PtServerStore  *self,
                       GPtrArray      *ops,
                       GError        **error)
{
  PtServerPrefetch prefetch = {
    .op_ids = g_ptr_array_new (),
    .entities = g_ptr_array_new (),
    .entity_ids = g_ptr_array_new (),
    .phone_digits = g_ptr_array_new_with_free_func (g_free),
  };
  gboolean ok;

  for (guint i = 0; i < ops->len; i++)
    {
      const PtStoreOp *op = g_ptr_array_index (ops, i);

      g_ptr_array_add (prefetch.op_ids, op->op_id);
      if (pt_server_import_is_chunk (op))
        pt_server_import_prefetch (&prefetch, op);
      if (g_strcmp0 (op->op, "append") == 0 || g_strcmp0 (op->entity, "conflict") == 0)
        continue;
      g_ptr_array_add (prefetch.entities, op->entity);
      g_ptr_array_add (prefetch.entity_ids, op->entity_id);
      if (g_strcmp0 (op->entity, "member") == 0)
        {
          pt_server_merge_prefetch_phone (&prefetch,
                                          op->payload != NULL
                                          ? payload_string (op->payload, "phone")
                                          : text_phone (self, op));
        }
    }
  ok = pt_server_backend_begin_push (pt_server_store_get_backend (self), &prefetch, error);
  g_ptr_array_unref (prefetch.op_ids);
  g_ptr_array_unref (prefetch.entities);
  g_ptr_array_unref (prefetch.entity_ids);
  g_ptr_array_unref (prefetch.phone_digits);
  return ok;
}

gboolean
pt_server_merge_op (PtServerStore    *self,
                    const PtStoreOp  *op,
                    PtSyncOpResult   *result,
                    GError          **error)
{
  /* A member erased on request (pt-server-erase.c). */
  if (!pt_server_erase_prepare (self, (PtStoreOp *) op, error))
    return FALSE;
  /* An import's chunk of members or sales (pt-server-import.c). */
  if (pt_server_import_is_chunk (op))
    return pt_server_import_merge (self, op, result, error);
  if (g_strcmp0 (op->op, "append") == 0 && pt_server_op_payload (op) != NULL)
    return merge_event (self, op, result, error);
  if (g_strcmp0 (op->entity, "conflict") == 0 && g_strcmp0 (op->op, "resolve") == 0 &&
      pt_server_op_payload (op) != NULL)
    return merge_resolution (self, op, result, error);
  /* Anything else on a row: create, update and any op that sets fields
   * merge per field; delete/archive and restore/unarchive are tombstones. */
  if (g_strcmp0 (op->entity, "conflict") != 0)
    return merge_entity (self, op, result, error);

  result->status = PT_SYNC_STATUS_REJECTED;
  result->reason = g_strdup_printf (_("unknown operation “%s” on %s"), op->op, op->entity);
  return pt_server_store_save_result (self, op->op_id, result->status, 0, result->reason, error);
}
