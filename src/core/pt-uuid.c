/* pt-uuid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-uuid"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "pt-uuid.h"

char *
pt_uuid_new (void)
{
  return g_uuid_string_random ();
}

gboolean
pt_uuid_is_valid (const char *str)
{
  return str != NULL && g_uuid_string_is_valid (str);
}

static gboolean
uuid_to_bytes (const char *uuid,
               guint8      bytes[16])
{
  guint n = 0;

  for (const char *p = uuid; *p && n < 32; p++)
    {
      int v = g_ascii_xdigit_value (*p);

      if (*p == '-')
        continue;
      if (v < 0)
        return FALSE;
      if (n % 2 == 0)
        bytes[n / 2] = (guint8) (v << 4);
      else
        bytes[n / 2] |= (guint8) v;
      n++;
    }

  return n == 32;
}

char *
pt_uuid_v5 (const char *namespace_uuid,
            const char *name)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 ns[16];
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  if (!uuid_to_bytes (namespace_uuid, ns))
    g_return_val_if_reached (NULL);

  g_checksum_update (sha1, ns, sizeof ns);
  g_checksum_update (sha1, (const guchar *) name, strlen (name));
  g_checksum_get_digest (sha1, digest, &digest_len);

  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

char *
pt_uuid_derive (const char *first_part,
                ...)
{
  g_autoptr(GString) name = g_string_new (NULL);
  va_list args;

  va_start (args, first_part);
  for (const char *part = first_part; part != NULL; part = va_arg (args, const char *))
    {
      /* Length-prefixed, so ("ab","c") and ("a","bc") differ. */
      g_string_append_printf (name, "%zu:%s;", strlen (part), part);
    }
  va_end (args);

  return pt_uuid_v5 (PT_UUID_NAMESPACE, name->str);
}
