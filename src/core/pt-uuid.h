/* pt-uuid.h — random and name-based UUIDs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The namespace of every id Patron derives from its inputs. */
#define PT_UUID_NAMESPACE "5b0c6f3e-1d2a-4e7b-9c41-8a7f2d6e0b13"

/* A new random (version 4) UUID, lower case. */
char    *pt_uuid_new      (void);

/* A name-based (version 5, SHA-1) UUID of @name in @namespace_uuid, so two
 * devices that derive the same event from the same inputs get the same id. */
char    *pt_uuid_v5       (const char *namespace_uuid,
                           const char *name);

/* Derives an id from several parts joined unambiguously, in PT_UUID_NAMESPACE. */
char    *pt_uuid_derive   (const char *first_part,
                           ...) G_GNUC_NULL_TERMINATED;

gboolean pt_uuid_is_valid (const char *str);

G_END_DECLS
