/* pt-coupon-code.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-coupon-code"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-coupon-code.h"

G_DEFINE_QUARK (pt-coupon-code-error-quark, pt_coupon_code_error)

/* Characters people write for ones the alphabet leaves out. They are
 * refused rather than guessed: O could be meant as Q, D or 0, and a wrong
 * guess that happened to pass the check would spend someone else's coupon. */
#define LEFT_OUT "0O1IL"

static int
digit_value (char c)
{
  const char *p = c ? strchr (PT_COUPON_CODE_ALPHABET, c) : NULL;

  return p ? (int) (p - PT_COUPON_CODE_ALPHABET) : -1;
}

/* Position i (0-based, check character last) has weight i + 1. The weights
 * are distinct and non-zero modulo the prime 31, and a code has fewer than
 * 31 characters, so a change of one character changes the sum by a
 * non-zero multiple of its weight, and a swap of neighbours a, b by
 * (a - b) times a weight difference of one: both leave a non-zero sum. */
char
pt_coupon_code_check_char (const char *data,
                           gsize       len)
{
  guint sum = 0;
  guint weight = len + 1;

  g_return_val_if_fail (len + 1 < PT_COUPON_CODE_RADIX, '\0');

  for (gsize i = 0; i < len; i++)
    {
      int v = digit_value (data[i]);

      if (v < 0)
        return '\0';
      sum = (sum + (guint) v * (i + 1)) % PT_COUPON_CODE_RADIX;
    }

  /* Choose c so that sum + c * weight ≡ 0: c = -sum * weight⁻¹. */
  for (guint c = 0; c < PT_COUPON_CODE_RADIX; c++)
    if ((sum + c * weight) % PT_COUPON_CODE_RADIX == 0)
      return PT_COUPON_CODE_ALPHABET[c];

  g_assert_not_reached ();
  return '\0';
}

static char *
format_code (const char *chars)
{
  /* "XXXX-XXXX-C" */
  return g_strdup_printf ("%.4s-%.4s-%c", chars, chars + 4, chars[8]);
}

char *
pt_coupon_code_generate (GRand *rand)
{
  char chars[PT_COUPON_CODE_CHARS + 1] = { 0, };

  for (guint i = 0; i < PT_COUPON_CODE_DATA_CHARS; i++)
    {
      gint32 v = rand ? g_rand_int_range (rand, 0, PT_COUPON_CODE_RADIX)
                      : g_random_int_range (0, PT_COUPON_CODE_RADIX);
      chars[i] = PT_COUPON_CODE_ALPHABET[v];
    }
  chars[PT_COUPON_CODE_DATA_CHARS] = pt_coupon_code_check_char (chars, PT_COUPON_CODE_DATA_CHARS);
  return format_code (chars);
}

static gboolean
is_separator (gunichar c)
{
  return g_unichar_isspace (c) || c == '-' || c == '.' || c == '_' || c == '/' ||
         g_unichar_type (c) == G_UNICODE_DASH_PUNCTUATION;
}

char *
pt_coupon_code_normalize (const char  *input,
                          GError     **error)
{
  g_autofree char *folded = NULL;
  g_autoptr(GString) chars = g_string_new (NULL);

  if (input == NULL || !g_utf8_validate (input, -1, NULL))
    {
      g_set_error_literal (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_CHARACTER,
                           _("Coupon code: the text is not valid"));
      return NULL;
    }

  /* Full-width letters from an input method become plain ones. */
  folded = g_utf8_normalize (input, -1, G_NORMALIZE_NFKC);
  if (folded == NULL)
    folded = g_strdup (input);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char upper;

      if (is_separator (c))
        continue;

      upper = c < 0x80 ? g_ascii_toupper ((char) c) : '\0';
      if (upper != '\0' && digit_value (upper) >= 0)
        {
          g_string_append_c (chars, upper);
          continue;
        }

      if (upper != '\0' && strchr (LEFT_OUT, upper) != NULL)
        {
          g_set_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_CHARACTER,
                       /* Translators: %c is a character such as O or 1 */
                       _("Coupon code: codes never contain “%c” (there is no 0, O, 1, I or L); "
                         "check that character on the coupon"), upper);
        }
      else
        {
          char buf[8] = { 0, };

          g_unichar_to_utf8 (c, buf);
          g_set_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_CHARACTER,
                       /* Translators: %s is the character that was typed */
                       _("Coupon code: “%s” is not a character of coupon codes"), buf);
        }
      return NULL;
    }

  if (chars->len == 0)
    {
      g_set_error_literal (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_EMPTY,
                           _("Coupon code: enter a code"));
      return NULL;
    }

  if (chars->len != PT_COUPON_CODE_CHARS)
    {
      g_set_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_LENGTH,
                   /* Translators: the first %u is 9, the second what was typed */
                   _("Coupon code: a code has %u characters, such as K7QM-3XPA-R; %u were entered"),
                   (guint) PT_COUPON_CODE_CHARS, (guint) chars->len);
      return NULL;
    }

  if (pt_coupon_code_check_char (chars->str, PT_COUPON_CODE_DATA_CHARS) !=
      chars->str[PT_COUPON_CODE_DATA_CHARS])
    {
      g_set_error_literal (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_CHECK,
                           _("Coupon code: this is not a valid code; a character is probably "
                             "mistyped or two are swapped"));
      return NULL;
    }

  return format_code (chars->str);
}

gboolean
pt_coupon_code_is_valid (const char *input)
{
  g_autofree char *code = pt_coupon_code_normalize (input, NULL);

  return code != NULL;
}
