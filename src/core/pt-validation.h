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

G_END_DECLS
