/* pt-text-decode.c — encoding detection (uchardet) and conversion (iconv)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <uchardet.h>

#include "pt-exchange-error.h"
#include "pt-text-decode.h"

#define REPLACEMENT "\xef\xbf\xbd"

/* Valid UTF-8 apart from NUL bytes, which g_utf8_validate refuses but a
 * broken export can hold; the CSV reader reports those rows itself. */
static gboolean
is_utf8_allowing_nul (const char *data,
                      gsize       len)
{
  const char *p = data;
  const char *end = data + len;

  while (p < end)
    {
      const char *nul = memchr (p, '\0', end - p);
      const char *stop = nul ? nul : end;

      if (!g_utf8_validate_len (p, stop - p, NULL))
        return FALSE;
      p = nul ? nul + 1 : end;
    }
  return TRUE;
}

static const char *
bom_encoding (const char *data,
              gsize       len,
              gsize      *bom_len)
{
  const guchar *u = (const guchar *) data;

  *bom_len = 0;
  if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
    {
      *bom_len = 3;
      return "UTF-8";
    }
  if (len >= 2 && u[0] == 0xff && u[1] == 0xfe)
    {
      *bom_len = 2;
      return "UTF-16LE";
    }
  if (len >= 2 && u[0] == 0xfe && u[1] == 0xff)
    {
      *bom_len = 2;
      return "UTF-16BE";
    }
  return NULL;
}

/* UTF-16 without a mark: ASCII text has a NUL in every other byte. */
static const char *
guess_utf16 (const char *data,
             gsize       len)
{
  gsize even = 0, odd = 0, n = MIN (len, 4096) & ~(gsize) 1;

  if (n < 4)
    return NULL;
  for (gsize i = 0; i < n; i += 2)
    {
      even += data[i] == '\0';
      odd += data[i + 1] == '\0';
    }
  if (odd > n / 4 && even == 0)
    return "UTF-16LE";
  if (even > n / 4 && odd == 0)
    return "UTF-16BE";
  return NULL;
}

static char *
canonical_name (const char *name)
{
  g_autofree char *up = g_ascii_strup (name, -1);

  /* GB18030 is a superset of GB2312 and GBK; reading either as it is
   * exact and covers the characters Excel and WPS write. */
  if (strcmp (up, "GB2312") == 0 || strcmp (up, "GBK") == 0 || strcmp (up, "CP936") == 0 ||
      strcmp (up, "HZ-GB-2312") == 0 || strcmp (up, "EUC-CN") == 0)
    return g_strdup ("GB18030");
  if (strcmp (up, "BIG5") == 0 || strcmp (up, "BIG-5") == 0 || strcmp (up, "CP950") == 0)
    return g_strdup ("BIG5");
  if (strcmp (up, "UTF8") == 0 || strcmp (up, "ASCII") == 0 || strcmp (up, "US-ASCII") == 0)
    return g_strdup ("UTF-8");
  return g_steal_pointer (&up);
}

char *
pt_text_detect_encoding (const char *data,
                         gsize       len)
{
  uchardet_t detector;
  const char *bom;
  const char *utf16;
  char *result = NULL;
  gsize bom_len;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  bom = bom_encoding (data, len, &bom_len);
  if (bom != NULL)
    return g_strdup (bom);
  if (is_utf8_allowing_nul (data, len))
    return g_strdup ("UTF-8");
  utf16 = guess_utf16 (data, len);
  if (utf16 != NULL)
    return g_strdup (utf16);

  detector = uchardet_new ();
  if (uchardet_handle_data (detector, data, len) == 0)
    {
      const char *name;

      uchardet_data_end (detector);
      name = uchardet_get_charset (detector);
      if (name != NULL && *name != '\0')
        result = canonical_name (name);
    }
  uchardet_delete (detector);
  return result;
}

static guint
unit_size (const char *encoding)
{
  return g_str_has_prefix (encoding, "UTF-16") ? 2 : 1;
}

static void
note_bad_line (GArray *bad_lines,
               guint   line)
{
  if (bad_lines->len == 0 || g_array_index (bad_lines, guint, bad_lines->len - 1) != line)
    g_array_append_val (bad_lines, line);
}

static guint
count_newlines (const char *p,
                const char *end)
{
  guint n = 0;

  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      n++;
      p++;
    }
  return n;
}

/* iconv, replacing what it refuses instead of stopping, so that one bad
 * byte costs one row and not the file. */
static gboolean
convert (const char     *data,
         gsize           len,
         const char     *encoding,
         PtDecodedText  *out,
         GError        **error)
{
  GIConv cd = g_iconv_open ("UTF-8", encoding);
  gsize out_size = len + len / 2 + 16;
  char *buf;
  char *in = (char *) data;
  gsize in_left = len;
  char *o;
  gsize o_left;
  guint line = 1;
  char *counted;

  if (cd == (GIConv) -1)
    {
      g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_ENCODING,
                   _("Unknown text encoding “%s”"), encoding);
      return FALSE;
    }

  buf = g_malloc (out_size + 1);
  o = buf;
  o_left = out_size;
  counted = buf;

  while (in_left > 0)
    {
      gsize rc = g_iconv (cd, &in, &in_left, &o, &o_left);

      if (rc != (gsize) -1)
        break;

      if (errno == E2BIG || o_left < sizeof REPLACEMENT)
        {
          gsize used = o - buf;
          gsize counted_at = counted - buf;

          out_size = out_size * 2 + 16;
          buf = g_realloc (buf, out_size + 1);
          o = buf + used;
          o_left = out_size - used;
          counted = buf + counted_at;
          continue;
        }

      /* EILSEQ or EINVAL (cut off at the end): replace one unit. */
      line += count_newlines (counted, o);
      counted = o;
      note_bad_line (out->bad_lines, line);
      memcpy (o, REPLACEMENT, sizeof REPLACEMENT - 1);
      o += sizeof REPLACEMENT - 1;
      o_left -= sizeof REPLACEMENT - 1;
      {
        gsize skip = MIN (unit_size (encoding), in_left);
        in += skip;
        in_left -= skip;
      }
      g_iconv (cd, NULL, NULL, NULL, NULL);
    }

  g_iconv_close (cd);
  *o = '\0';
  out->text = buf;
  out->len = o - buf;
  return TRUE;
}

gboolean
pt_text_decode (const char     *data,
                gsize           len,
                const char     *encoding,
                PtDecodedText  *out,
                GError        **error)
{
  g_autofree char *chosen = NULL;
  const char *bom;
  gsize bom_len;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->bad_lines = g_array_new (FALSE, FALSE, sizeof (guint));

  if (encoding != NULL && *encoding != '\0')
    chosen = canonical_name (encoding);
  else
    chosen = pt_text_detect_encoding (data, len);

  if (chosen == NULL)
    {
      g_set_error_literal (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_ENCODING,
                           _("Could not tell the text encoding of the file; "
                             "name it (for example GB18030 or UTF-8)"));
      pt_decoded_text_clear (out);
      return FALSE;
    }

  /* "UTF-16" alone: the mark says which end comes first. */
  bom = bom_encoding (data, len, &bom_len);
  if (strcmp (chosen, "UTF-16") == 0)
    {
      g_free (chosen);
      chosen = g_strdup (bom != NULL && g_str_has_prefix (bom, "UTF-16") ? bom : "UTF-16LE");
    }
  if (bom != NULL && strcmp (bom, chosen) == 0)
    {
      data += bom_len;
      len -= bom_len;
    }

  out->encoding = g_steal_pointer (&chosen);

  if (strcmp (out->encoding, "UTF-8") == 0 && is_utf8_allowing_nul (data, len))
    {
      out->text = g_malloc (len + 1);
      memcpy (out->text, data, len);
      out->text[len] = '\0';
      out->len = len;
      return TRUE;
    }

  if (!convert (data, len, out->encoding, out, error))
    {
      pt_decoded_text_clear (out);
      return FALSE;
    }
  return TRUE;
}

void
pt_decoded_text_clear (PtDecodedText *text)
{
  g_clear_pointer (&text->text, g_free);
  g_clear_pointer (&text->encoding, g_free);
  g_clear_pointer (&text->bad_lines, g_array_unref);
  text->len = 0;
}

gboolean
pt_decoded_text_has_bad_line (const PtDecodedText *text,
                              guint                first,
                              guint                last)
{
  if (text->bad_lines == NULL)
    return FALSE;
  for (guint i = 0; i < text->bad_lines->len; i++)
    {
      guint line = g_array_index (text->bad_lines, guint, i);

      if (line >= first && line <= last)
        return TRUE;
      if (line > last)
        break;
    }
  return FALSE;
}
