/* pt-coupon-code.h — coupon codes that are easy to read out and type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A code is eight characters of data and one check character over an
 * alphabet of 31 (digits and capitals without 0, O, 1, I and L), written
 * in groups: "K7QM-3XPA-R". The check character is a weighted sum modulo
 * 31 with distinct non-zero weights, so every single wrong character and
 * every swap of two neighbouring characters is caught. */
#define PT_COUPON_CODE_ALPHABET   "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define PT_COUPON_CODE_RADIX      31
#define PT_COUPON_CODE_DATA_CHARS 8
/* Data characters plus the check character, without separators. */
#define PT_COUPON_CODE_CHARS      (PT_COUPON_CODE_DATA_CHARS + 1)

#define PT_COUPON_CODE_ERROR (pt_coupon_code_error_quark ())

typedef enum
{
  PT_COUPON_CODE_ERROR_EMPTY,
  PT_COUPON_CODE_ERROR_LENGTH,
  PT_COUPON_CODE_ERROR_CHARACTER,
  PT_COUPON_CODE_ERROR_CHECK,
} PtCouponCodeError;

GQuark   pt_coupon_code_error_quark   (void);

/* A new random code in its written form. @rand may be NULL (GLib's
 * global generator); tests pass a seeded one. */
char    *pt_coupon_code_generate      (GRand       *rand);

/* The check character of @data (@len characters of the alphabet, no
 * separators); '\0' if @data holds a character outside the alphabet. */
char     pt_coupon_code_check_char    (const char  *data,
                                       gsize        len);

/* Turns what someone typed into the written form: any case, full-width
 * characters, spaces, dashes and dots are accepted. Refuses with a
 * message that names the problem: a character codes never use (such as
 * O or 1, said as such), the wrong length, or a check character that
 * does not match (a typo). */
char    *pt_coupon_code_normalize     (const char  *input,
                                       GError     **error);

/* TRUE if @input normalises to a code whose check character matches. */
gboolean pt_coupon_code_is_valid      (const char  *input);

G_END_DECLS
