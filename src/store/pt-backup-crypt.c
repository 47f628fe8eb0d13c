/* pt-backup-crypt.c — a backup file encrypted with a passphrase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file: "PATRONBK" and a format byte (1), Argon2id's opslimit and
 * memlimit (8 bytes each, little-endian), its salt, the secretstream
 * header, then chunks, each a 4-byte little-endian length and the
 * XChaCha20-Poly1305 ciphertext of up to 64 KiB. The first chunk is a
 * known text, so that a wrong passphrase is told apart from a damaged
 * file; the last carries the FINAL tag, so that a cut file is noticed.
 */
#define G_LOG_DOMAIN "pt-backup"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

#include "pt-backup-private.h"

#define MAGIC      "PATRONBK"
#define MAGIC_LEN  8
#define FORMAT     1
#define CHUNK      (64 * 1024)
#define KEY_CHECK  "patron-backup-key"

static void
put_u64 (guint8  *out,
         guint64  value)
{
  for (guint i = 0; i < 8; i++)
    out[i] = (guint8) (value >> (8 * i));
}

static guint64
get_u64 (const guint8 *in)
{
  guint64 value = 0;

  for (guint i = 0; i < 8; i++)
    value |= (guint64) in[i] << (8 * i);
  return value;
}

static gboolean
derive_key (const char    *passphrase,
            const guint8  *salt,
            guint64        opslimit,
            guint64        memlimit,
            guint8        *key,
            GError       **error)
{
  if (sodium_init () < 0 ||
      crypto_pwhash (key, crypto_secretstream_xchacha20poly1305_KEYBYTES, passphrase,
                     strlen (passphrase), salt, opslimit, (size_t) memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("Not enough memory to derive the backup key"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_chunk (FILE                                *out,
             crypto_secretstream_xchacha20poly1305_state *state,
             const guint8                        *data,
             gsize                                len,
             guint8                               tag)
{
  g_autofree guint8 *cipher = g_malloc (len + crypto_secretstream_xchacha20poly1305_ABYTES);
  unsigned long long cipher_len = 0;
  guint8 len_bytes[4];

  crypto_secretstream_xchacha20poly1305_push (state, cipher, &cipher_len, data, len, NULL, 0, tag);
  for (guint i = 0; i < 4; i++)
    len_bytes[i] = (guint8) (cipher_len >> (8 * i));
  return fwrite (len_bytes, 1, 4, out) == 4 && fwrite (cipher, 1, cipher_len, out) == cipher_len;
}

gboolean
pt_backup_encrypt_file (const char  *plain_path,
                        const char  *out_path,
                        const char  *passphrase,
                        GError     **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guint8 header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 limits[16];
  g_autofree guint8 *buf = g_malloc (CHUNK);
  guint64 opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  guint64 memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  FILE *in = NULL, *out = NULL;
  gboolean ok = FALSE;
  guint8 format = FORMAT;
  size_t n;

  if (sodium_init () < 0)
    return FALSE;
  randombytes_buf (salt, sizeof salt);
  if (!derive_key (passphrase, salt, opslimit, memlimit, key, error))
    return FALSE;

  in = fopen (plain_path, "rb");
  out = fopen (out_path, "wb");
  if (in == NULL || out == NULL)
    goto io_error;

  crypto_secretstream_xchacha20poly1305_init_push (&state, header, key);
  put_u64 (limits, opslimit);
  put_u64 (limits + 8, memlimit);
  if (fwrite (MAGIC, 1, MAGIC_LEN, out) != MAGIC_LEN || fwrite (&format, 1, 1, out) != 1 ||
      fwrite (limits, 1, sizeof limits, out) != sizeof limits ||
      fwrite (salt, 1, sizeof salt, out) != sizeof salt ||
      fwrite (header, 1, sizeof header, out) != sizeof header ||
      !write_chunk (out, &state, (const guint8 *) KEY_CHECK, strlen (KEY_CHECK), 0))
    goto io_error;

  do
    {
      n = fread (buf, 1, CHUNK, in);
      if (ferror (in) ||
          !write_chunk (out, &state, buf, n, feof (in) ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                                       : 0))
        goto io_error;
    }
  while (!feof (in));

  ok = fflush (out) == 0 && fsync (fileno (out)) == 0;
  if (!ok)
    goto io_error;
  goto done;

io_error:
  /* Translators: %s is a file name */
  g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED, _("Cannot write the backup %s"),
               out_path);
  ok = FALSE;
done:
  sodium_memzero (key, sizeof key);
  if (in != NULL)
    fclose (in);
  if (out != NULL)
    fclose (out);
  return ok;
}

gboolean
pt_backup_is_encrypted (const char *path)
{
  char magic[MAGIC_LEN];
  FILE *in = fopen (path, "rb");
  gboolean yes;

  if (in == NULL)
    return FALSE;
  yes = fread (magic, 1, MAGIC_LEN, in) == MAGIC_LEN && memcmp (magic, MAGIC, MAGIC_LEN) == 0;
  fclose (in);
  return yes;
}

static gboolean
damaged (const char  *path,
         GError     **error)
{
  /* Translators: %s is a file name */
  g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
               _("The backup %s is damaged or incomplete; nothing was changed"), path);
  return FALSE;
}

/* The next chunk's ciphertext into @cipher; FALSE at a clean end or cut. */
static gboolean
read_chunk (FILE    *in,
            guint8  *cipher,
            gsize   *len)
{
  guint8 len_bytes[4];
  guint32 n = 0;

  if (fread (len_bytes, 1, 4, in) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    n |= (guint32) len_bytes[i] << (8 * i);
  if (n < crypto_secretstream_xchacha20poly1305_ABYTES ||
      n > CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES)
    return FALSE;
  *len = n;
  return fread (cipher, 1, n, in) == n;
}

gboolean
pt_backup_decrypt_file (const char  *path,
                        const char  *out_path,
                        const char  *passphrase,
                        GError     **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guint8 header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 limits[16];
  char magic[MAGIC_LEN];
  guint8 format = 0;
  g_autofree guint8 *cipher = g_malloc (CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
  g_autofree guint8 *plain = g_malloc (CHUNK);
  unsigned long long plain_len = 0;
  guint8 tag = 0;
  gsize len = 0;
  FILE *in = NULL, *out = NULL;
  gboolean ok = FALSE;

  if (passphrase == NULL)
    {
      /* Translators: %s is a file name */
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("The backup %s is encrypted: give its passphrase; nothing was changed"), path);
      return FALSE;
    }
  if ((in = fopen (path, "rb")) == NULL)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("Cannot read the backup %s"),
                   path);
      return FALSE;
    }
  if (fread (magic, 1, MAGIC_LEN, in) != MAGIC_LEN || memcmp (magic, MAGIC, MAGIC_LEN) != 0 ||
      fread (&format, 1, 1, in) != 1 || format != FORMAT ||
      fread (limits, 1, sizeof limits, in) != sizeof limits ||
      fread (salt, 1, sizeof salt, in) != sizeof salt ||
      fread (header, 1, sizeof header, in) != sizeof header ||
      get_u64 (limits) > crypto_pwhash_OPSLIMIT_SENSITIVE ||
      get_u64 (limits + 8) > crypto_pwhash_MEMLIMIT_SENSITIVE)
    {
      fclose (in);
      return damaged (path, error);
    }
  if (!derive_key (passphrase, salt, get_u64 (limits), get_u64 (limits + 8), key, error))
    {
      fclose (in);
      return FALSE;
    }

  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, header, key) != 0 ||
      !read_chunk (in, cipher, &len) ||
      crypto_secretstream_xchacha20poly1305_pull (&state, plain, &plain_len, &tag, cipher, len,
                                                  NULL, 0) != 0 ||
      plain_len != strlen (KEY_CHECK) || memcmp (plain, KEY_CHECK, plain_len) != 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   /* Translators: %s is a file name */
                   _("Wrong passphrase for the backup %s; nothing was changed"), path);
      goto out;
    }

  if ((out = fopen (out_path, "wb")) == NULL)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED, _("Cannot write %s"), out_path);
      goto out;
    }
  do
    {
      if (!read_chunk (in, cipher, &len) ||
          crypto_secretstream_xchacha20poly1305_pull (&state, plain, &plain_len, &tag, cipher, len,
                                                      NULL, 0) != 0 ||
          fwrite (plain, 1, plain_len, out) != plain_len)
        {
          damaged (path, error);
          goto out;
        }
    }
  while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL);
  ok = fflush (out) == 0;
  if (!ok)
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED, _("Cannot write %s"), out_path);

out:
  sodium_memzero (key, sizeof key);
  fclose (in);
  if (out != NULL)
    fclose (out);
  return ok;
}
