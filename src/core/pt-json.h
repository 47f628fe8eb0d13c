/* pt-json.h — strict JSON text to json-glib nodes and back, without
 * JsonParser's scanner and JsonGenerator (several times faster: sync moves
 * every op through JSON more than once)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-json-reader.h"

G_BEGIN_DECLS

/* Parses @data as PtJsonReader reads JSON (RFC 8259, UTF-8, one value
 * with nothing but white space around it; @length < 0 for a
 * nul-terminated string). Numbers without a fraction or exponent become
 * gint64 values, the others doubles, as JsonParser makes them. Fails with
 * JSON_PARSER_ERROR_INVALID_DATA and a message with the byte offset. */
JsonNode   *pt_json_parse             (const char  *data,
                                       gssize       length,
                                       GError     **error);
/* The same when the root must be an object; NULL (without an error) if it
 * is another kind of value. */
JsonObject *pt_json_parse_object      (const char  *data,
                                       gssize       length,
                                       GError     **error);

/* The value at @reader's position as a node (NULL, the reader failed, if
 * it is not JSON); @scratch is a buffer to use. */
JsonNode   *pt_json_read_node         (PtJsonReader *reader,
                                       GString      *scratch);
/* The error pt_json_parse gives, for where @reader failed. */
void        pt_json_set_error         (PtJsonReader *reader,
                                       GError      **error);

/* Compact JSON text, members in the order they were set. */
void        pt_json_append_string     (GString     *out,
                                       const char  *value);
void        pt_json_append_node       (GString     *out,
                                       JsonNode    *node);
void        pt_json_append_object     (GString     *out,
                                       JsonObject  *object);
char       *pt_json_object_to_text    (JsonObject  *object);

G_END_DECLS
