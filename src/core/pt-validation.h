/* pt-validation.h — checks of user input that name the field they refuse
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_VALIDATION_ERROR (pt_validation_error_quark ())

/* The code says which field was refused, so that a dialog can put the
 * message under that field. */
typedef enum
{
  PT_VALIDATION_ERROR_NAME,
  PT_VALIDATION_ERROR_PHONE,
  PT_VALIDATION_ERROR_EMAIL,
  PT_VALIDATION_ERROR_BIRTHDAY,
  PT_VALIDATION_ERROR_GENDER,
  PT_VALIDATION_ERROR_STATUS,
  PT_VALIDATION_ERROR_DATE,
  PT_VALIDATION_ERROR_TEXT,
  PT_VALIDATION_ERROR_AMOUNT,
  PT_VALIDATION_ERROR_POINTS,
  PT_VALIDATION_ERROR_REASON,
  PT_VALIDATION_ERROR_OTHER,
} PtValidationError;

GQuark   pt_validation_error_quark (void);

/* Each returns TRUE when @value is acceptable. Empty optional values are
 * acceptable; @value may be NULL. */
gboolean pt_validate_name     (const char  *value,
                               GError     **error);
gboolean pt_validate_phone    (const char  *value,
                               GError     **error);
gboolean pt_validate_email    (const char  *value,
                               GError     **error);
gboolean pt_validate_birthday (const char  *value,
                               GDate       *today,
                               GError     **error);
gboolean pt_validate_text     (const char  *field_label,
                               const char  *value,
                               gsize        max_chars,
                               GError     **error);

/* Parses an ISO date YYYY-MM-DD into @out; FALSE on anything else. */
gboolean pt_parse_iso_date    (const char  *value,
                               GDate       *out);

/* Digits of a phone number only, for search and comparison. */
char    *pt_phone_digits      (const char  *phone);

/* A valid phone number as it is stored: its digits, after a "+" when it
 * was written with a country code ("+86 139-1234-5678" is
 * "+8613912345678"). Anything pt_validate_phone() refuses is returned
 * unchanged, so that the form can still say what is wrong with it. */
char    *pt_phone_normalize   (const char  *phone);

/* A phone number the one way Patron shows it, whatever way it was typed or
 * stored: a Chinese mobile "139 1234 5678", a landline with its area code
 * "0571 8888 1234" or "010 6552 1234", "+86 139 1234 5678" with the
 * country code, "+1 415 555 0100"; other numbers in groups of four from
 * the right. Text that is not a phone number is returned as it is. */
char    *pt_phone_format      (const char  *phone);

G_END_DECLS
