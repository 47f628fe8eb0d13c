/* pt-server-auth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "pt-server-auth.h"
#include "pt-uuid.h"

#define TOKEN_PREFIX "pt1_"

static char *
random_hex (gsize n_bytes)
{
  guint8 bytes[64];
  GString *hex = g_string_sized_new (n_bytes * 2);
  gsize got = 0;

  g_assert (n_bytes <= sizeof bytes);
  while (got < n_bytes)
    {
      ssize_t r = getrandom (bytes + got, n_bytes - got, 0);

      if (r < 0)
        g_error ("getrandom failed: %s", g_strerror (errno));
      got += (gsize) r;
    }

  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  memset (bytes, 0, sizeof bytes);
  return g_string_free (hex, FALSE);
}

char *
pt_server_auth_new_salt (void)
{
  return random_hex (32);
}

char *
pt_server_auth_new_token (const char *branch_id)
{
  g_autofree char *secret = random_hex (32);

  return g_strconcat (TOKEN_PREFIX, branch_id, "_", secret, NULL);
}

char *
pt_server_auth_hash (const char *salt,
                     const char *token)
{
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) salt, strlen (salt),
                                    token, -1);
}

char *
pt_server_auth_token_branch (const char *token)
{
  const char *start;
  const char *end;
  g_autofree char *branch = NULL;

  if (token == NULL || !g_str_has_prefix (token, TOKEN_PREFIX))
    return NULL;
  start = token + strlen (TOKEN_PREFIX);
  end = strchr (start, '_');
  if (end == NULL || strlen (end + 1) != 64)
    return NULL;

  branch = g_strndup (start, end - start);
  if (!pt_uuid_is_valid (branch))
    return NULL;
  return g_steal_pointer (&branch);
}

gboolean
pt_server_auth_equal (const char *a,
                      const char *b)
{
  gsize len_a = strlen (a);
  guint8 diff = len_a != strlen (b);

  for (gsize i = 0; i < len_a && b[i] != '\0'; i++)
    diff |= (guint8) (a[i] ^ b[i]);
  return diff == 0;
}
