/* pt-name-key.c — the form of a name that two spellings of it share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names are converted a character at a time, not as phrases: a personal
 * name has no phrases to speak of, and a per-character cache makes a
 * million names a few hash look-ups each instead of a million calls into
 * OpenCC.
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include <opencc/opencc.h>
#include <string.h>

#include "pt-name-key.h"

/* The Basic Multilingual Plane holds every character OpenCC converts. */
#define CACHE_SIZE 0x10000

struct _PtNameKey
{
  opencc_t  converter;          /* (opencc_t) -1 when the data is missing */
  gunichar *simplified;         /* CACHE_SIZE entries; 0 = not looked up */
};

PtNameKey *
pt_name_key_new (void)
{
  PtNameKey *self = g_new0 (PtNameKey, 1);

  self->converter = opencc_open (OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
  if (self->converter == (opencc_t) -1)
    g_warning ("OpenCC: %s; traditional and simplified names are not matched",
               opencc_error ());
  self->simplified = g_new0 (gunichar, CACHE_SIZE);
  return self;
}

void
pt_name_key_free (PtNameKey *self)
{
  if (self == NULL)
    return;
  if (self->converter != (opencc_t) -1)
    opencc_close (self->converter);
  g_free (self->simplified);
  g_free (self);
}

/* One character's simplified form (itself when it has none, or when the
 * conversion is not one character). */
static gunichar
simplify (PtNameKey *self,
          gunichar   c)
{
  char utf8[8] = { 0, };
  char *converted;
  gunichar result = c;

  if (c >= CACHE_SIZE || c < 0x2e80 || self->converter == (opencc_t) -1)
    return c;
  if (self->simplified[c] != 0)
    return self->simplified[c];

  g_unichar_to_utf8 (c, utf8);
  converted = opencc_convert_utf8 (self->converter, utf8, strlen (utf8));
  if (converted != NULL && g_utf8_validate (converted, -1, NULL) && *converted != '\0' &&
      *g_utf8_next_char (converted) == '\0')
    result = g_utf8_get_char (converted);
  if (converted != NULL)
    opencc_convert_utf8_free (converted);
  self->simplified[c] = result;
  return result;
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
needs_folding (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!(c < 0x80 || (c >= 0x4e00 && c <= 0x9fff) || c == 0x3007 || c == 0x00b7))
        return TRUE;
    }
  return FALSE;
}

char *
pt_name_key_make (PtNameKey  *self,
                  const char *name)
{
  g_autofree char *folded = NULL;
  gboolean kept = FALSE;
  GString *key;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_strdup ("");

  key = g_string_sized_new (strlen (name));
  if (is_plain_ascii (name))
    {
      /* The common case of Latin names, without the Unicode tables. */
      for (const char *p = name; *p != '\0'; p++)
        if (g_ascii_isalnum (*p))
          g_string_append_c (key, g_ascii_tolower (*p));
      return g_string_free (key, FALSE);
    }

  /* Han characters and plain letters are already in their folded form;
   * only the others pay for the Unicode normalisation. */
  if (!needs_folding (name))
    folded = g_strdup (name);
  else
    folded = g_utf8_normalize (name, -1, G_NORMALIZE_ALL_COMPOSE);
  if (folded == NULL)
    return g_string_free (key, FALSE);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      gboolean mark = type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK;

      /* A mark counts with the letter it sits on (the vowel signs of
       * Devanagari or Thai), never on its own. */
      kept = g_unichar_isalnum (c) || (mark && kept);
      if (!kept)
        continue;
      c = g_unichar_tolower (simplify (self, c));
      g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}
