/* pt-audit-chain.c — audit entries hashed with BLAKE2b
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-audit-chain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "pt-audit-chain.h"
#include "pt-json.h"
#include "pt-json-reader.h"
#include "pt-store.h"

/* The bytes an entry's hash covers, kept per thread between entries. */
typedef struct
{
  guint8 *data;
  gsize   len;
  gsize   size;
} Buffer;

static void
buffer_free (gpointer data)
{
  Buffer *buf = data;

  g_free (buf->data);
  g_free (buf);
}

/* Appends @value to @buf, its length first (all ones for NULL, 8 bytes
 * little-endian): no two entries give the same bytes. */
static void
put_field (Buffer     *buf,
           const char *value)
{
  guint64 n = value != NULL ? strlen (value) : G_MAXUINT64;
  gsize need = buf->len + 8 + (value != NULL ? n : 0);

  if (need > buf->size)
    {
      buf->size = MAX (need, 2 * buf->size);
      buf->data = g_realloc (buf->data, buf->size);
    }
  for (guint i = 0; i < 8; i++)
    buf->data[buf->len++] = (guint8) (n >> (8 * i));
  if (value != NULL)
    {
      memcpy (buf->data + buf->len, value, n);
      buf->len += n;
    }
}

/* Lower-case hexadecimal, as sodium_bin2hex () writes it; a hash is
 * public, so this need not take constant time. */
static void
hex_encode (const guint8 *in,
            gsize         n,
            char         *out)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < n; i++)
    {
      out[2 * i] = digits[in[i] >> 4];
      out[2 * i + 1] = digits[in[i] & 15];
    }
  out[2 * n] = '\0';
}

/* @value in decimal, as "%" G_GINT64_FORMAT writes it. */
static void
format_int64 (gint64  value,
              char   *out)
{
  char digits[24];
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    *out++ = '-';
  while (n > 0)
    *out++ = digits[--n];
  *out = '\0';
}

static void
ensure_sodium (void)
{
  static gsize started = 0;

  if (g_once_init_enter (&started))
    {
      if (sodium_init () < 0)
        g_error ("libsodium cannot start");
      g_once_init_leave (&started, 1);
    }
}

/* The marker's object if @changes is one (it holds "redacted": true), in
 * *@node; the changes themselves are an array: only a marker is parsed. */
static JsonObject *
parse_marker (const char  *changes,
              JsonNode   **node)
{
  JsonObject *o;

  *node = NULL;
  if (changes == NULL || changes[0] != '{')
    return NULL;
  *node = json_from_string (changes, NULL);
  if (*node == NULL || !JSON_NODE_HOLDS_OBJECT (*node))
    return NULL;
  o = json_node_get_object (*node);
  return json_object_get_boolean_member_with_default (o, "redacted", FALSE) ? o : NULL;
}

gboolean
pt_audit_changes_is_redacted (const char *changes)
{
  g_autoptr(JsonNode) node = NULL;

  return parse_marker (changes, &node) != NULL;
}

/* The digest a marker keeps, if it is one and the digest is well formed. */
static gboolean
marker_digest (const char *changes,
               char       *out)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o = parse_marker (changes, &node);
  const char *digest = o ? json_object_get_string_member_with_default (o, "digest", NULL) : NULL;

  if (digest == NULL || strlen (digest) != PT_AUDIT_HASH_LEN)
    return FALSE;
  memcpy (out, digest, PT_AUDIT_HASH_LEN + 1);
  return TRUE;
}

void
pt_audit_changes_digest (const char *changes,
                         char       *out)
{
  guint8 digest[32];
  gsize n = changes != NULL ? strlen (changes) : 0;

  if (marker_digest (changes, out))
    return;
  ensure_sodium ();
  /* A text that only looks like a marker is hashed as it is: it matches
   * nothing the chain covered. */
  crypto_generichash (digest, sizeof digest, (const guint8 *) (changes ? changes : ""), n, NULL, 0);
  hex_encode (digest, sizeof digest, out);
}

char *
pt_audit_changes_redact (const char *changes)
{
  g_autoptr(JsonNode) node = NULL;
  char digest[PT_AUDIT_HASH_LEN + 1];
  GString *out;
  gboolean first = TRUE;

  if (pt_audit_changes_is_redacted (changes))
    return NULL;
  pt_audit_changes_digest (changes, digest);
  out = g_string_new ("{\"redacted\":true,\"fields\":[");
  node = changes != NULL ? json_from_string (changes, NULL) : NULL;
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *change = json_array_get_element (array, i);
          JsonNode *name;

          if (!JSON_NODE_HOLDS_ARRAY (change) ||
              json_array_get_length (json_node_get_array (change)) == 0)
            continue;
          name = json_array_get_element (json_node_get_array (change), 0);
          if (json_node_get_value_type (name) != G_TYPE_STRING)
            continue;
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          pt_json_append_string (out, json_node_get_string (name));
        }
    }
  g_string_append_printf (out, "],\"digest\":\"%s\"}", digest);
  return g_string_free (out, FALSE);
}

gboolean
pt_audit_object_redact (JsonObject *audit)
{
  g_autofree char *marker =
    pt_audit_changes_redact (json_object_get_string_member_with_default (audit, "changes", NULL));

  if (marker == NULL)
    return FALSE;
  json_object_set_string_member (audit, "changes", marker);
  return TRUE;
}

char *
pt_audit_json_redact (const char *audit)
{
  g_autoptr(JsonNode) node = audit != NULL ? json_from_string (audit, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !pt_audit_object_redact (json_node_get_object (node)))
    return NULL;
  return json_to_string (node, FALSE);
}

void
pt_audit_entry_hash (const PtAuditEntry *e,
                     char               *out)
{
  /* One buffer per thread, hashed in one call: verifying ten million
   * entries is mostly this function. */
  static GPrivate buffer = G_PRIVATE_INIT (buffer_free);
  Buffer *buf = g_private_get (&buffer);
  guint8 digest[32];
  char seq[24], at[24];
  char changes[PT_AUDIT_HASH_LEN + 1];

  if (buf == NULL)
    {
      ensure_sodium ();
      buf = g_new0 (Buffer, 1);
      g_private_set (&buffer, buf);
    }
  buf->len = 0;
  format_int64 (e->seq, seq);
  format_int64 (e->at, at);

  pt_audit_changes_digest (e->changes, changes);
  put_field (buf, "patron-audit-2");
  put_field (buf, e->prev_hash);
  put_field (buf, seq);
  put_field (buf, e->device);
  put_field (buf, e->op_id);
  put_field (buf, at);
  put_field (buf, e->staff_id);
  put_field (buf, e->staff_name);
  put_field (buf, e->role);
  put_field (buf, e->branch);
  put_field (buf, e->entity);
  put_field (buf, e->entity_id);
  put_field (buf, e->op);
  put_field (buf, e->hlc);
  put_field (buf, e->member_id);
  put_field (buf, changes);
  crypto_generichash (digest, sizeof digest, buf->data, buf->len, NULL, 0);
  hex_encode (digest, sizeof digest, out);
}

static void
append_member (GString    *out,
               const char *key,
               const char *value)
{
  /* Not printf: every op writes ten of these. */
  g_string_append (out, ",\"");
  g_string_append (out, key);
  g_string_append (out, "\":");
  if (value != NULL)
    pt_json_append_string (out, value);
  else
    g_string_append (out, "null");
}

char *
pt_audit_entry_to_json (const PtAuditEntry *e,
                        const char         *hash)
{
  GString *out = g_string_sized_new (256 + 2 * (e->changes ? strlen (e->changes) : 0));
  char number[24];

  format_int64 (e->seq, number);
  g_string_append (out, "{\"seq\":");
  g_string_append (out, number);
  format_int64 (e->at, number);
  g_string_append (out, ",\"at\":");
  g_string_append (out, number);
  append_member (out, "prev", e->prev_hash);
  append_member (out, "hash", hash);
  append_member (out, "device", e->device);
  append_member (out, "staff", e->staff_id);
  append_member (out, "staff_name", e->staff_name);
  append_member (out, "role", e->role);
  append_member (out, "branch", e->branch);
  append_member (out, "member", e->member_id);
  append_member (out, "changes", e->changes);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- reading */

/* The members of an entry as it travels, in the order they are checked. */
enum
{
  MEMBER_SEQ,
  MEMBER_AT,
  MEMBER_PREV,
  MEMBER_HASH,
  MEMBER_DEVICE,
  MEMBER_STAFF,
  MEMBER_STAFF_NAME,
  MEMBER_ROLE,
  MEMBER_BRANCH,
  MEMBER_MEMBER,
  MEMBER_CHANGES,
  N_MEMBERS
};

static const char * const member_names[N_MEMBERS] = {
  "seq", "at", "prev", "hash", "device", "staff", "staff_name", "role", "branch", "member",
  "changes",
};

typedef enum
{
  VALUE_ABSENT,
  VALUE_STRING,
  VALUE_INT,
  VALUE_NULL,
  VALUE_OTHER,
} ValueKind;

typedef struct
{
  ValueKind   kind;
  const char *string;
  gint64      number;
} Value;

static gboolean
get_string (const Value  *values,
            int           member,
            gboolean      nullable,
            const char  **value,
            GError      **error)
{
  *value = NULL;
  if (values[member].kind == VALUE_NULL && nullable)
    return TRUE;
  if (values[member].kind != VALUE_STRING)
    {
      /* Translators: %s is the name of a member of the audit entry */
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("The audit entry has no text “%s”"), member_names[member]);
      return FALSE;
    }
  *value = values[member].string;
  return TRUE;
}

static gboolean
get_int (const Value  *values,
         int           member,
         gint64       *value,
         GError      **error)
{
  if (values[member].kind != VALUE_INT)
    {
      /* Translators: %s is the name of a member of the audit entry */
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("The audit entry has no whole number “%s”"), member_names[member]);
      return FALSE;
    }
  *value = values[member].number;
  return TRUE;
}

static gboolean
entry_from_values (const Value   *values,
                   const char    *op_id,
                   const char    *entity,
                   const char    *entity_id,
                   const char    *op,
                   const char    *hlc,
                   PtAuditEntry  *e,
                   const char   **hash,
                   GError       **error)
{
  memset (e, 0, sizeof *e);
  e->op_id = op_id;
  e->entity = entity;
  e->entity_id = entity_id;
  e->op = op;
  e->hlc = hlc;
  return get_int (values, MEMBER_SEQ, &e->seq, error) &&
         get_int (values, MEMBER_AT, &e->at, error) &&
         get_string (values, MEMBER_PREV, FALSE, &e->prev_hash, error) &&
         get_string (values, MEMBER_HASH, FALSE, hash, error) &&
         get_string (values, MEMBER_DEVICE, FALSE, &e->device, error) &&
         get_string (values, MEMBER_STAFF, TRUE, &e->staff_id, error) &&
         get_string (values, MEMBER_STAFF_NAME, FALSE, &e->staff_name, error) &&
         get_string (values, MEMBER_ROLE, FALSE, &e->role, error) &&
         get_string (values, MEMBER_BRANCH, FALSE, &e->branch, error) &&
         get_string (values, MEMBER_MEMBER, TRUE, &e->member_id, error) &&
         get_string (values, MEMBER_CHANGES, FALSE, &e->changes, error);
}

gboolean
pt_audit_entry_from_json (JsonObject    *audit,
                          const char    *op_id,
                          const char    *entity,
                          const char    *entity_id,
                          const char    *op,
                          const char    *hlc,
                          PtAuditEntry  *e,
                          const char   **hash,
                          GError       **error)
{
  Value values[N_MEMBERS] = { { 0, }, };

  for (int i = 0; i < N_MEMBERS; i++)
    {
      JsonNode *node = json_object_get_member (audit, member_names[i]);

      if (node == NULL)
        continue;
      values[i].kind = VALUE_OTHER;
      if (JSON_NODE_HOLDS_NULL (node))
        values[i].kind = VALUE_NULL;
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        values[i] = (Value) { VALUE_STRING, json_node_get_string (node), 0 };
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        values[i] = (Value) { VALUE_INT, NULL, json_node_get_int (node) };
    }
  return entry_from_values (values, op_id, entity, entity_id, op, hlc, e, hash, error);
}

/* The index of member @name, tried first at @guess: entries are written
 * in the order of member_names. */
static int
member_index (const char *name,
              int         guess)
{
  if (guess >= 0 && guess < N_MEMBERS && strcmp (name, member_names[guess]) == 0)
    return guess;
  for (int i = 0; i < N_MEMBERS; i++)
    if (strcmp (name, member_names[i]) == 0)
      return i;
  return -1;
}

/* Takes a member's value into @value (NULL: skipped), as pt_json_parse ()
 * would read it. */
static gboolean
read_value (PtJsonReader  *reader,
            GString       *scratch,
            GStringChunk  *strings,
            Value         *value)
{
  char next = pt_json_reader_peek (reader);
  gboolean whole = FALSE;
  double real;

  if (value == NULL)
    return pt_json_reader_skip (reader, NULL, NULL);
  if (next == '"')
    {
      if (!pt_json_reader_string (reader, scratch))
        return FALSE;
      *value = (Value) { VALUE_STRING, g_string_chunk_insert (strings, scratch->str), 0 };
      return TRUE;
    }
  if (next == 'n')
    {
      value->kind = VALUE_NULL;
      return pt_json_reader_null (reader);
    }
  value->kind = VALUE_OTHER;
  if (next != '-' && !g_ascii_isdigit (next))
    return pt_json_reader_skip (reader, NULL, NULL);
  if (!pt_json_reader_number (reader, &whole, &value->number, &real))
    return FALSE;
  if (whole)
    value->kind = VALUE_INT;
  return TRUE;
}

struct _PtAuditRead
{
  Value values[N_MEMBERS];
};

gboolean
pt_audit_read_object (PtJsonReader  *reader,
                      GString       *scratch,
                      GStringChunk  *strings,
                      PtAuditRead  **read)
{
  g_autofree PtAuditRead *values = g_new0 (PtAuditRead, 1);
  gboolean first = TRUE;
  int member = -1;

  *read = NULL;
  if (!pt_json_reader_expect (reader, '{'))
    return FALSE;
  while (pt_json_reader_next (reader, '}', &first))
    {
      if (!pt_json_reader_key (reader, scratch))
        return FALSE;
      /* A member named twice counts as last named. */
      member = member_index (scratch->str, member + 1);
      if (!read_value (reader, scratch, strings, member >= 0 ? &values->values[member] : NULL))
        return FALSE;
    }
  if (reader->failed)
    return FALSE;
  *read = g_steal_pointer (&values);
  return TRUE;
}

gboolean
pt_audit_read_entry (const PtAuditRead  *read,
                     const char         *op_id,
                     const char         *entity,
                     const char         *entity_id,
                     const char         *op,
                     const char         *hlc,
                     PtAuditEntry       *e,
                     const char        **hash,
                     GError            **error)
{
  return entry_from_values (read->values, op_id, entity, entity_id, op, hlc, e, hash, error);
}

void
pt_audit_read_free (PtAuditRead *read)
{
  g_free (read);
}

gboolean
pt_audit_entry_from_text (const char    *text,
                          const char    *op_id,
                          const char    *entity,
                          const char    *entity_id,
                          const char    *op,
                          const char    *hlc,
                          GStringChunk  *strings,
                          PtAuditEntry  *e,
                          const char   **hash,
                          gboolean      *is_object,
                          GError       **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(PtAuditRead) read = NULL;
  PtJsonReader reader;

  pt_json_reader_init (&reader, text, strlen (text));
  *is_object = FALSE;
  if (pt_json_reader_peek (&reader) != '{' ||
      !pt_audit_read_object (&reader, scratch, strings, &read) ||
      !pt_json_reader_at_end (&reader))
    return FALSE;
  *is_object = TRUE;
  return pt_audit_read_entry (read, op_id, entity, entity_id, op, hlc, e, hash, error);
}
