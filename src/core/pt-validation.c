/* pt-validation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-validation"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "pt-validation.h"

G_DEFINE_QUARK (pt-validation-error-quark, pt_validation_error)

#define NAME_MAX_CHARS 200

static gboolean
is_blank (const char *value)
{
  if (value == NULL)
    return TRUE;
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
pt_validate_text (const char  *field_label,
                  const char  *value,
                  gsize        max_chars,
                  GError     **error)
{
  if (value == NULL)
    return TRUE;

  if (!g_utf8_validate (value, -1, NULL))
    {
      /* Translators: %s is the name of a form field, such as "Notes" */
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_TEXT,
                   _("%s: the text is not valid UTF-8"), field_label);
      return FALSE;
    }

  if (max_chars > 0 && (gsize) g_utf8_strlen (value, -1) > max_chars)
    {
      /* Translators: %s is the name of a form field, %u a number of characters */
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_TEXT,
                   _("%s: at most %u characters are allowed"), field_label, (guint) max_chars);
      return FALSE;
    }

  return TRUE;
}

gboolean
pt_validate_name (const char  *value,
                  GError     **error)
{
  if (is_blank (value))
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_NAME,
                           _("Name: a name is required"));
      return FALSE;
    }

  if (!pt_validate_text (_("Name"), value, NAME_MAX_CHARS, error))
    {
      if (error && *error)
        (*error)->code = PT_VALIDATION_ERROR_NAME;
      return FALSE;
    }

  return TRUE;
}

char *
pt_phone_digits (const char *phone)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = phone ? phone : ""; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  return g_string_free (digits, FALSE);
}

gboolean
pt_validate_phone (const char  *value,
                   GError     **error)
{
  guint n_digits = 0;

  if (is_blank (value))
    return TRUE;

  for (const char *p = value; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        n_digits++;
      else if (*p == '+' && n_digits == 0)
        ;
      else if (strchr (" -().", *p) == NULL)
        {
          g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_PHONE,
                               _("Phone: use only digits, spaces, +, -, and brackets"));
          return FALSE;
        }
    }

  if (n_digits < 5 || n_digits > 20)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_PHONE,
                           _("Phone: a phone number has 5 to 20 digits"));
      return FALSE;
    }

  return TRUE;
}

char *
pt_phone_normalize (const char *phone)
{
  g_autofree char *digits = NULL;
  const char *p = phone ? phone : "";

  if (is_blank (phone) || !pt_validate_phone (phone, NULL))
    return g_strdup (phone);

  while (g_ascii_isspace (*p))
    p++;
  digits = pt_phone_digits (p);
  return *p == '+' ? g_strconcat ("+", digits, NULL) : g_steal_pointer (&digits);
}

/* @digits in groups of four from the right: "12 3456 7890". */
static void
append_fours (GString    *out,
              const char *digits)
{
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, digits[i]);
    }
}

/* A number within China, without the country code. */
static void
append_chinese (GString    *out,
                const char *digits)
{
  gsize len = strlen (digits);

  if (len == 11 && digits[0] == '1')
    {
      /* Mobile: 3-4-4. */
      g_string_append_len (out, digits, 3);
      g_string_append_c (out, ' ');
      append_fours (out, digits + 3);
    }
  else if (len >= 10 && digits[0] == '0')
    {
      /* Landline: a three-digit area code for Beijing (010) and the 02x
       * cities, four digits elsewhere, then the local number. */
      gsize area = digits[1] == '1' || digits[1] == '2' ? 3 : 4;

      g_string_append_len (out, digits, area);
      g_string_append_c (out, ' ');
      append_fours (out, digits + area);
    }
  else
    append_fours (out, digits);
}

char *
pt_phone_format (const char *phone)
{
  g_autofree char *normal = NULL;
  GString *out;
  const char *digits;

  if (is_blank (phone) || !pt_validate_phone (phone, NULL))
    return g_strdup (phone);

  normal = pt_phone_normalize (phone);
  out = g_string_sized_new (strlen (normal) + 6);
  digits = normal;
  if (digits[0] != '+')
    append_chinese (out, digits);
  else if (g_str_has_prefix (digits, "+86"))
    {
      g_string_append (out, "+86 ");
      append_chinese (out, digits + 3);
    }
  else if (digits[1] == '1' && strlen (digits) == 12)
    {
      /* North America: +1 415 555 0100. */
      g_string_append (out, "+1 ");
      g_string_append_len (out, digits + 2, 3);
      g_string_append_c (out, ' ');
      g_string_append_len (out, digits + 5, 3);
      g_string_append_c (out, ' ');
      g_string_append (out, digits + 8);
    }
  else
    {
      g_string_append_c (out, '+');
      append_fours (out, digits + 1);
    }

  return g_string_free (out, FALSE);
}

gboolean
pt_validate_email (const char  *value,
                   GError     **error)
{
  const char *at;
  const char *dot;

  if (is_blank (value))
    return TRUE;

  at = strchr (value, '@');
  dot = at ? strrchr (at, '.') : NULL;

  if (at == NULL || at == value || strchr (at + 1, '@') != NULL ||
      dot == NULL || dot == at + 1 || dot[1] == '\0' ||
      strpbrk (value, " \t\r\n,;<>\"") != NULL ||
      strlen (value) > 254 || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_EMAIL,
                           _("E-mail: enter an address such as name@example.com"));
      return FALSE;
    }

  return TRUE;
}

gboolean
pt_parse_iso_date (const char *value,
                   GDate      *out)
{
  guint y, m, d;
  char tail;

  if (value == NULL || strlen (value) != 10 || value[4] != '-' || value[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (value[i]))
      return FALSE;

  if (sscanf (value, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;

  if (!g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

gboolean
pt_validate_birthday (const char  *value,
                      GDate       *today,
                      GError     **error)
{
  GDate date;
  GDate now;

  if (is_blank (value))
    return TRUE;

  if (!pt_parse_iso_date (value, &date))
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_BIRTHDAY,
                           _("Birthday: enter a date as YYYY-MM-DD"));
      return FALSE;
    }

  if (today == NULL)
    {
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      today = &now;
    }

  if (g_date_compare (&date, today) > 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_BIRTHDAY,
                           _("Birthday: the date is in the future"));
      return FALSE;
    }

  if (g_date_get_year (&date) < 1900)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_BIRTHDAY,
                           _("Birthday: the year must be 1900 or later"));
      return FALSE;
    }

  return TRUE;
}
