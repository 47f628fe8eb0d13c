/* pt-json-reader.c — a strict, allocation-light reader of JSON text
 * (RFC 8259): the caller walks the document it expects; anything else
 * fails and leaves the reader failed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-core"

#include "config.h"

#include <string.h>

#include "pt-json-reader.h"
#include "pt-word-scan.h"

#define MAX_DEPTH 64

void
pt_json_reader_init (PtJsonReader *self,
                     const char   *data,
                     gsize         length)
{
  self->start = data;
  self->p = data;
  self->end = data + length;
  self->depth = 0;
  self->failed = data == NULL;
}

static gboolean
fail (PtJsonReader *self)
{
  self->failed = TRUE;
  return FALSE;
}

static inline void
skip_space (PtJsonReader *self)
{
  /* Compact JSON has none: one test for a byte that is no space. */
  while (self->p < self->end && (guchar) *self->p <= ' ' &&
         (*self->p == ' ' || *self->p == '\n' || *self->p == '\r' || *self->p == '\t'))
    self->p++;
}

/* The reader's own calls, inlined: a token costs a few of them. */
static inline char
peek (PtJsonReader *self)
{
  if (self->failed)
    return '\0';
  skip_space (self);
  return self->p < self->end ? *self->p : '\0';
}

static inline gboolean
expect (PtJsonReader *self,
        char          c)
{
  if (peek (self) != c || c == '\0')
    return fail (self);
  self->p++;
  return TRUE;
}

char
pt_json_reader_peek (PtJsonReader *self)
{
  return peek (self);
}

gboolean
pt_json_reader_expect (PtJsonReader *self,
                       char          c)
{
  return expect (self, c);
}

gboolean
pt_json_reader_next (PtJsonReader *self,
                     char          close,
                     gboolean     *first)
{
  char c = peek (self);

  if (c == close && c != '\0')
    {
      self->p++;
      return FALSE;
    }
  if (*first)
    {
      *first = FALSE;
      return !self->failed;
    }
  return expect (self, ',');
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

static gboolean
read_hex4 (PtJsonReader *self,
           gunichar     *out)
{
  gunichar value = 0;

  if (self->end - self->p < 4)
    return fail (self);
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (self->p[i]);

      if (digit < 0)
        return fail (self);
      value = value * 16 + (gunichar) digit;
    }
  self->p += 4;
  *out = value;
  return TRUE;
}

/* Takes the escape after a backslash: *@c is the character it stands
 * for (a surrogate pair makes one; a lone surrogate or NUL fails). The
 * escapes that stand for themselves (quote, backslash, slash) are the
 * caller's (take_string ()). */
static gboolean
read_escape (PtJsonReader *self,
             gunichar     *c)
{
  if (self->p >= self->end)
    return fail (self);
  switch (*self->p++)
    {
    case 'b': *c = '\b'; return TRUE;
    case 'f': *c = '\f'; return TRUE;
    case 'n': *c = '\n'; return TRUE;
    case 'r': *c = '\r'; return TRUE;
    case 't': *c = '\t'; return TRUE;
    case 'u':
      if (!read_hex4 (self, c))
        return FALSE;
      if (*c >= 0xd800 && *c < 0xdc00)
        {
          gunichar low;

          /* A surrogate pair, or nothing. */
          if (self->end - self->p < 2 || self->p[0] != '\\' || self->p[1] != 'u')
            return fail (self);
          self->p += 2;
          if (!read_hex4 (self, &low) || low < 0xdc00 || low > 0xdfff)
            return fail (self);
          *c = 0x10000 + ((*c - 0xd800) << 10) + (low - 0xdc00);
        }
      else if (*c >= 0xdc00 && *c <= 0xdfff)
        return fail (self);
      if (*c == 0)
        return fail (self);   /* no NUL inside C strings */
      return TRUE;
    default:
      return fail (self);
    }
}

/* Appends @n bytes at @from to @out: in place while its buffer has room
 * (runs between escapes are short, and @out is a reader's scratch that
 * grew long enough once), else through GLib. */
static inline void
append_run (GString    *out,
            const char *from,
            gsize       n)
{
  if (out->len + n < out->allocated_len)
    {
      memcpy (out->str + out->len, from, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, from, n);
}

/* Moves @self past the bytes that a string takes as they are, up to the
 * first quote, backslash or NUL (or the end); each byte passed is or'ed
 * into *@seen. Strings are mostly such bytes: eight are passed at once. */
static inline void
pass_plain_bytes (PtJsonReader *self,
                  guint64      *seen)
{
  const char *p = self->p;
  guchar c;

  while (self->end - p >= 8)
    {
      guint64 word = pt_word_load (p);
      guint64 stops = pt_word_below (word, 1) | pt_word_equal (word, '"') |
                      pt_word_equal (word, '\\');

      if (stops != 0)
        {
          guint plain = pt_word_first (stops);

          *seen |= word & ((G_GUINT64_CONSTANT (1) << (8 * plain)) - 1);
          self->p = p + plain;
          return;
        }
      *seen |= word;
      p += 8;
    }
  while (p < self->end && (c = (guchar) *p) != '"' && c != '\\' && c != '\0')
    {
      *seen |= c;
      p++;
    }
  self->p = p;
}

/* Takes a string, checked, into @out (emptied first), or, with NULL,
 * checks it only: nothing is copied, one pass over its bytes. */
static gboolean
take_string (PtJsonReader *self,
             GString      *out)
{
  const char *start;
  const char *run;
  guint64 seen = 0;  /* every byte taken as it is, or'ed: ASCII needs no check */

  if (out != NULL)
    {
      out->len = 0;
      out->str[0] = '\0';
    }
  if (!expect (self, '"'))
    return FALSE;

  start = run = self->p;
  for (;;)
    {
      guchar c;
      gunichar escaped;
      char utf8[6];

      pass_plain_bytes (self, &seen);
      if (self->p >= self->end)
        break;
      c = (guchar) *self->p;

      if (c == '"')
        {
          /* Escapes are ASCII and stand for whole characters: only bytes
           * taken as they are can make a string invalid, and its text
           * tells as much as what it stands for. */
          if ((seen & PT_WORD_HIGHS) != 0 && !g_utf8_validate_len (start, self->p - start, NULL))
            return fail (self);
          if (out != NULL)
            append_run (out, run, self->p - run);
          self->p++;
          return TRUE;
        }
      /* RFC 8259 wants control characters escaped, but json-glib 1.6
       * writes U+001F as it is: take them, all but NUL. */
      if (c == '\0')
        return fail (self);
      /* A backslash. */
      if (out != NULL)
        append_run (out, run, self->p - run);
      self->p++;
      if (self->p < self->end && (*self->p == '"' || *self->p == '\\' || *self->p == '/'))
        {
          /* Stands for itself (most escapes are of quotes, in JSON text
           * carried as a string): the next run begins with it. */
          run = self->p++;
          continue;
        }
      if (!read_escape (self, &escaped))
        return FALSE;
      if (out != NULL)
        append_run (out, utf8, g_unichar_to_utf8 (escaped, utf8));
      run = self->p;
    }
  return fail (self);
}

gboolean
pt_json_reader_string (PtJsonReader *self,
                       GString      *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  return take_string (self, out);
}

gboolean
pt_json_reader_key (PtJsonReader *self,
                    GString      *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  return take_string (self, out) && expect (self, ':');
}

static gboolean
skip_number (PtJsonReader *self)
{
  const char *p = self->p;
  const char *digits;

  if (p < self->end && *p == '-')
    p++;
  digits = p;
  while (p < self->end && g_ascii_isdigit (*p))
    p++;
  if (p == digits || (*digits == '0' && p - digits > 1))
    return fail (self);
  if (p < self->end && *p == '.')
    {
      const char *fraction = ++p;

      while (p < self->end && g_ascii_isdigit (*p))
        p++;
      if (p == fraction)
        return fail (self);
    }
  if (p < self->end && (*p == 'e' || *p == 'E'))
    {
      const char *exponent;

      p++;
      if (p < self->end && (*p == '+' || *p == '-'))
        p++;
      exponent = p;
      while (p < self->end && g_ascii_isdigit (*p))
        p++;
      if (p == exponent)
        return fail (self);
    }
  self->p = p;
  return TRUE;
}

static gboolean
take_word (PtJsonReader *self,
           const char   *word)
{
  gsize len = strlen (word);

  if ((gsize) (self->end - self->p) < len || memcmp (self->p, word, len) != 0)
    return fail (self);
  self->p += len;
  return TRUE;
}

static gboolean
skip_value (PtJsonReader *self)
{
  char c = peek (self);
  gboolean first = TRUE;

  switch (c)
    {
    case '"':
      return take_string (self, NULL);
    case '{':
    case '[':
      if (++self->depth > MAX_DEPTH)
        return fail (self);
      self->p++;
      while (pt_json_reader_next (self, c == '{' ? '}' : ']', &first))
        if ((c == '{' && !(take_string (self, NULL) && expect (self, ':'))) ||
            !skip_value (self))
          return FALSE;
      self->depth--;
      return !self->failed;
    case 't':
      return take_word (self, "true");
    case 'f':
      return take_word (self, "false");
    case 'n':
      return take_word (self, "null");
    default:
      /* Read, not only skipped: a whole number too big for 64 bits is
       * refused here as where it is read (pt_json_read_node ()). */
      if (c == '-' || g_ascii_isdigit (c))
        {
          gboolean whole;
          gint64 integer;
          double real;

          return pt_json_reader_number (self, &whole, &integer, &real);
        }
      return fail (self);
    }
}

gboolean
pt_json_reader_skip (PtJsonReader  *self,
                     const char   **from,
                     const char   **to)
{
  peek (self);
  if (from != NULL)
    *from = self->p;
  if (!skip_value (self))
    return FALSE;
  if (to != NULL)
    *to = self->p;
  return TRUE;
}

gboolean
pt_json_reader_number (PtJsonReader *self,
                       gboolean     *whole,
                       gint64       *integer,
                       double       *real)
{
  const char *from;
  char text[64];
  gsize length;

  peek (self);
  from = self->p;
  if (!skip_number (self))
    return FALSE;
  length = self->p - from;
  if (length >= sizeof text)
    return fail (self);
  memcpy (text, from, length);
  text[length] = '\0';
  /* As JsonParser: a fraction or an exponent makes a double. */
  *whole = strpbrk (text, ".eE") == NULL;
  if (!*whole)
    {
      *real = g_ascii_strtod (text, NULL);
      return TRUE;
    }
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, integer, NULL))
    return fail (self);
  return TRUE;
}

gboolean
pt_json_reader_int (PtJsonReader *self,
                    gint64       *value)
{
  gboolean whole;
  double real;

  if (!pt_json_reader_number (self, &whole, value, &real))
    return FALSE;
  return whole || fail (self);
}

gboolean
pt_json_reader_boolean (PtJsonReader *self,
                        gboolean     *value)
{
  char c = peek (self);

  *value = c == 't';
  return take_word (self, c == 't' ? "true" : "false");
}

gboolean
pt_json_reader_null (PtJsonReader *self)
{
  if (peek (self) != 'n')
    return FALSE;
  return take_word (self, "null");
}

gboolean
pt_json_reader_at_end (PtJsonReader *self)
{
  return !self->failed && peek (self) == '\0' && self->p == self->end;
}

gsize
pt_json_reader_offset (PtJsonReader *self)
{
  return self->p - self->start;
}
