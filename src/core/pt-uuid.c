/* pt-uuid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-uuid"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "pt-uuid.h"

/* The 36 characters of @bytes, as "%02x…-…" writes them: printf with
 * sixteen arguments cost more than the rest of an imported row's ids. */
static char *
format_uuid (const guint8 bytes[16])
{
  static const char digits[] = "0123456789abcdef";
  char *out = g_malloc (37);
  char *p = out;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = digits[bytes[i] >> 4];
      *p++ = digits[bytes[i] & 15];
    }
  *p = '\0';
  return out;
}

char *
pt_uuid_new (void)
{
  guint8 bytes[16];

  /* As g_uuid_string_random () makes one: random bits, version 4. */
  for (guint i = 0; i < 16; i += 4)
    {
      guint32 r = g_random_int ();

      memcpy (bytes + i, &r, 4);
    }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return format_uuid (bytes);
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

  return format_uuid (digest);
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
      char length[24];
      gsize n = strlen (part), rest = n;
      guint k = sizeof length - 1;

      /* Length-prefixed, so ("ab","c") and ("a","bc") differ: "%zu:%s;"
       * written by hand (ids are derived by the million in an import). */
      length[k] = '\0';
      do
        {
          length[--k] = (char) ('0' + rest % 10);
          rest /= 10;
        }
      while (rest > 0);
      g_string_append (name, length + k);
      g_string_append_c (name, ':');
      g_string_append_len (name, part, n);
      g_string_append_c (name, ';');
    }
  va_end (args);

  return pt_uuid_v5 (PT_UUID_NAMESPACE, name->str);
}
