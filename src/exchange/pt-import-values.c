/* pt-import-values.c — dates, amounts, phones as spreadsheets hold them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "pt-import-values.h"
#include "pt-money.h"
#include "pt-validation.h"


static gboolean
is_trim_char (gunichar c)
{
  return g_unichar_isspace (c) || c == 0xfeff || c == 0x200b;
}

char *
pt_import_trim (const char *text)
{
  const char *start = text ? text : "";
  const char *end;

  while (*start && is_trim_char (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_trim_char (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

gboolean
pt_date_order_from_string (const char  *text,
                           PtDateOrder *order)
{
  if (g_strcmp0 (text, "dmy") == 0)
    *order = PT_DATE_ORDER_DMY;
  else if (g_strcmp0 (text, "mdy") == 0)
    *order = PT_DATE_ORDER_MDY;
  else if (g_strcmp0 (text, "ymd") == 0)
    *order = PT_DATE_ORDER_YMD;
  else
    return FALSE;
  return TRUE;
}

static gboolean
not_a_date (const char  *text,
            GError     **error)
{
  /* Translators: %s is what a spreadsheet cell holds */
  g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_DATE,
               _("“%s” is not a date"), text);
  return FALSE;
}

/* Digits at *p (ASCII), at most @max; -1 when there are none. */
static gint64
read_number (const char **p,
             guint        max,
             guint       *n_digits)
{
  gint64 value = 0;

  *n_digits = 0;
  while (g_ascii_isdigit (**p) && *n_digits < max)
    {
      value = value * 10 + (**p - '0');
      (*p)++;
      (*n_digits)++;
    }
  return *n_digits > 0 ? value : -1;
}

static gboolean
skip_separator (const char **p,
                char        *sep)
{
  static const char * const words[] = { "年", "月", NULL };

  if (**p == '-' || **p == '/' || **p == '.')
    {
      *sep = **p;
      (*p)++;
      return TRUE;
    }
  for (guint i = 0; words[i]; i++)
    if (g_str_has_prefix (*p, words[i]))
      {
        *sep = 'y';
        *p += strlen (words[i]);
        return TRUE;
      }
  return FALSE;
}

/* " 14:30", "T14:30:00", "" — anything else is refused. */
static gboolean
parse_time (const char *p,
            int        *seconds_of_day)
{
  guint n;
  gint64 h, m, s = 0;

  while (*p == ' ')
    p++;
  if (*p == 'T')
    p++;
  if (*p == '\0')
    return TRUE;
  h = read_number (&p, 2, &n);
  if (h < 0 || h > 23 || *p++ != ':')
    return FALSE;
  m = read_number (&p, 2, &n);
  if (m < 0 || m > 59 || n != 2)
    return FALSE;
  if (*p == ':')
    {
      p++;
      s = read_number (&p, 2, &n);
      if (s < 0 || s > 59 || n != 2)
        return FALSE;
      if (*p == '.')
        for (p++; g_ascii_isdigit (*p); p++)
          ;
    }
  if (*p != '\0')
    return FALSE;
  *seconds_of_day = (int) (h * 3600 + m * 60 + s);
  return TRUE;
}

static gboolean
set_date (GDate  *date,
          gint64  year,
          gint64  month,
          gint64  day)
{
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static gboolean
parse_excel_serial (const char *text,
                    GDate      *date,
                    int        *seconds_of_day)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);
  gint64 days;

  if (end == text || *end != '\0' || value < 10000 || value >= 100000)
    return FALSE;
  days = (gint64) value;
  /* Excel's day 1 is 1900-01-01, and it counts a 29 February 1900 that
   * never was; from day 61 on, day 0 is therefore 1899-12-30. */
  g_date_clear (date, 1);
  g_date_set_dmy (date, 30, G_DATE_DECEMBER, 1899);
  g_date_add_days (date, (guint) days);
  if (value > (double) days)
    *seconds_of_day = (int) ((value - (double) days) * 86400.0 + 0.5) % 86400;
  return TRUE;
}

gboolean
pt_import_parse_date (const char   *text,
                      PtDateOrder   order,
                      GDate        *date,
                      int          *seconds_of_day,
                      GError      **error)
{
  g_autofree char *trimmed = pt_import_trim (text);
  const char *p = trimmed;
  gint64 part[3];
  guint digits[3];
  char sep[2] = { 0, 0 };
  gint64 year, month, day;
  int seconds = -1;

  g_date_clear (date, 1);

  part[0] = read_number (&p, 8, &digits[0]);
  if (part[0] < 0)
    return not_a_date (trimmed, error);

  /* One number: 20240305, or an Excel serial such as 45356 or 45356.5. */
  if (*p == '\0' || *p == ' ' || *p == 'T' ||
      (digits[0] == 5 && *p == '.' && strspn (p + 1, "0123456789") == strlen (p + 1)))
    {
      if (digits[0] == 8)
        {
          if (!set_date (date, part[0] / 10000, part[0] / 100 % 100, part[0] % 100) ||
              !parse_time (p, &seconds))
            return not_a_date (trimmed, error);
          *seconds_of_day = seconds;
          return TRUE;
        }
      if (digits[0] == 5 && parse_excel_serial (trimmed, date, &seconds))
        {
          *seconds_of_day = seconds;
          return TRUE;
        }
      return not_a_date (trimmed, error);
    }

  for (guint i = 1; i < 3; i++)
    {
      if (!skip_separator (&p, &sep[i - 1]))
        return not_a_date (trimmed, error);
      part[i] = read_number (&p, 4, &digits[i]);
      if (part[i] < 0)
        return not_a_date (trimmed, error);
    }
  if (g_str_has_prefix (p, "日") || g_str_has_prefix (p, "号"))
    p += strlen ("日");
  if (sep[0] != sep[1] && !(sep[0] == 'y' && sep[1] == 'y'))
    return not_a_date (trimmed, error);
  if (!parse_time (p, &seconds))
    return not_a_date (trimmed, error);

  if (digits[0] == 4)
    {
      year = part[0];
      month = part[1];
      day = part[2];
    }
  else if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2 && sep[0] != 'y')
    {
      gboolean dmy;

      year = part[2];
      if (order == PT_DATE_ORDER_DMY)
        dmy = TRUE;
      else if (order == PT_DATE_ORDER_MDY)
        dmy = FALSE;
      else if (sep[0] == '.')
        dmy = TRUE;  /* 05.03.2024 is written day first wherever dots are used */
      else if (part[0] > 12 && part[1] <= 12)
        dmy = TRUE;
      else if (part[1] > 12 && part[0] <= 12)
        dmy = FALSE;
      else if (part[0] == part[1])
        dmy = TRUE;
      else
        {
          /* Translators: %s is a date such as 03/05/2024 */
          g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_DATE,
                       _("“%s” could be day/month or month/day; choose the date order"),
                       trimmed);
          return FALSE;
        }
      day = dmy ? part[0] : part[1];
      month = dmy ? part[1] : part[0];
    }
  else
    return not_a_date (trimmed, error);

  if (!set_date (date, year, month, day))
    return not_a_date (trimmed, error);
  *seconds_of_day = seconds;
  return TRUE;
}

static const char * const currency_words[] = {
  "人民币", "US$", "RMB", "CNY", "USD", "HK$", "¥", "￥", "$", "€", "£", "元", "圆", NULL
};

/* Strips currency words and white space from both ends. */
static char *
strip_currency (const char *text,
                gboolean   *negative)
{
  g_autofree char *s = pt_import_trim (text);
  gboolean changed = TRUE;
  gboolean signed_once = FALSE;

  while (changed)
    {
      g_autofree char *t = NULL;
      gsize len = strlen (s);

      changed = FALSE;
      if ((s[0] == '-' || s[0] == '+') && !signed_once)
        {
          signed_once = TRUE;
          *negative ^= s[0] == '-';
          t = pt_import_trim (s + 1);
          changed = TRUE;
        }
      else if (s[0] == '(' && len > 1 && s[len - 1] == ')' && !signed_once)
        {
          signed_once = TRUE;
          *negative = !*negative;
          t = g_strndup (s + 1, len - 2);
          changed = TRUE;
        }
      else
        for (guint i = 0; currency_words[i] && !changed; i++)
          {
            gsize wl = strlen (currency_words[i]);

            if (g_ascii_strncasecmp (s, currency_words[i], wl) == 0)
              {
                t = pt_import_trim (s + wl);
                changed = TRUE;
              }
            else if (len >= wl && g_ascii_strcasecmp (s + len - wl, currency_words[i]) == 0)
              {
                g_autofree char *head = g_strndup (s, len - wl);
                t = pt_import_trim (head);
                changed = TRUE;
              }
          }
      if (changed)
        {
          g_free (s);
          s = g_steal_pointer (&t);
        }
    }
  return g_steal_pointer (&s);
}

static gboolean
not_an_amount (const char  *text,
               GError     **error)
{
  /* Translators: %s is what a spreadsheet cell holds */
  g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT,
               _("“%s” is not an amount"), text);
  return FALSE;
}

/* The digits with the thousands separators taken out and a '.' as the
 * decimal point; NULL when the grouping makes no sense. */
static char *
normalize_number (const char *s,
                  gboolean    allow_decimals)
{
  GString *digits = g_string_new (NULL);
  const char *last_dot = strrchr (s, '.');
  const char *last_comma = strrchr (s, ',');
  const char *decimal = NULL;
  guint group = 0;
  gboolean grouped = FALSE;
  gboolean first_group = TRUE;

  if (last_dot && last_comma)
    decimal = last_dot > last_comma ? last_dot : last_comma;
  else if (last_dot && strchr (s, '.') == last_dot)
    decimal = last_dot;
  else if (last_comma && strchr (s, ',') == last_comma && strlen (last_comma + 1) != 3)
    decimal = last_comma;  /* 12,5 is a decimal; 1,234 a thousand */

  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (p == decimal)
        {
          if (!allow_decimals || (grouped && group != 3))
            goto fail;
          g_string_append_c (digits, '.');
          for (p++; *p; p++)
            {
              if (!g_ascii_isdigit (*p))
                goto fail;
              g_string_append_c (digits, *p);
            }
          break;
        }
      if (g_ascii_isdigit (c))
        {
          g_string_append_c (digits, (char) c);
          group++;
        }
      else if (c == ',' || c == '.' || c == '\'' || c == ' ' || c == 0xa0 || c == 0x202f)
        {
          if (group == 0 || (!first_group && group != 3) || (first_group && group > 3))
            goto fail;
          grouped = TRUE;
          first_group = FALSE;
          group = 0;
        }
      else
        goto fail;
    }
  if ((grouped && group != 3 && decimal == NULL) || digits->len == 0 || digits->str[0] == '.')
    goto fail;
  return g_string_free (digits, FALSE);

fail:
  g_string_free (digits, TRUE);
  return NULL;
}

gboolean
pt_import_parse_amount (const char  *text,
                        const char  *currency,
                        gint64      *minor_units,
                        GError     **error)
{
  gboolean negative = FALSE;
  g_autofree char *bare = strip_currency (text, &negative);
  g_autofree char *number = normalize_number (bare, TRUE);
  g_autofree char *signed_number = NULL;
  g_autoptr(GError) local = NULL;

  if (number == NULL)
    return not_an_amount (text, error);
  signed_number = g_strconcat (negative ? "-" : "", number, NULL);
  if (!pt_money_parse (signed_number, currency, TRUE, minor_units, &local))
    {
      /* Translators: %s is a spreadsheet cell, then the reason */
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT,
                   _("“%s” is not an amount: %s"), text, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
pt_import_parse_points (const char  *text,
                        gint64      *points,
                        GError     **error)
{
  gboolean negative = FALSE;
  g_autofree char *bare = pt_import_trim (text);
  g_autofree char *number = NULL;
  const char *p = bare;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  number = normalize_number (p, FALSE);
  if (number == NULL || strlen (number) > 15)
    {
      /* Translators: %s is what a spreadsheet cell holds */
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_POINTS,
                   _("“%s” is not a whole number of points"), text);
      return FALSE;
    }
  *points = g_ascii_strtoll (number, NULL, 10) * (negative ? -1 : 1);
  return TRUE;
}

gboolean
pt_import_parse_phone (const char  *text,
                       char       **phone,
                       GError     **error)
{
  g_autofree char *trimmed = pt_import_trim (text);
  GString *out = g_string_new (NULL);
  g_autofree char *result = NULL;

  if (strchr (trimmed, 'E') != NULL || strchr (trimmed, 'e') != NULL)
    {
      g_string_free (out, TRUE);
      /* Translators: %s is a phone number a spreadsheet turned into 1.38E+10 */
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_PHONE,
                   _("“%s” was turned into a number by the spreadsheet; "
                     "format the column as text and export again"), trimmed);
      return FALSE;
    }

  for (const char *p = trimmed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int digit = g_unichar_digit_value (c);

      if (digit >= 0)
        g_string_append_c (out, (char) ('0' + digit));
      else if (c == '+' || c == 0xff0b)
        g_string_append_c (out, '+');
      else if (c == '-' || c == ' ' || c == '.' || c == '(' || c == ')' || c == 0xa0 ||
               c == 0x3000 || c == 0xff0d || c == 0xff08 || c == 0xff09 || c == 0x2014)
        ;
      else
        g_string_append_unichar (out, c);  /* refused below, with the field named */
    }

  result = g_string_free (out, FALSE);
  /* +86 138 0013 8000, 0086…, 86138…: the national number. */
  if (g_str_has_prefix (result, "+86") && strlen (result) == 14)
    memmove (result, result + 3, strlen (result + 3) + 1);
  else if (g_str_has_prefix (result, "0086") && strlen (result) == 15)
    memmove (result, result + 4, strlen (result + 4) + 1);
  else if (g_str_has_prefix (result, "861") && strlen (result) == 13)
    memmove (result, result + 2, strlen (result + 2) + 1);

  if (!pt_validate_phone (result, error))
    return FALSE;
  *phone = g_steal_pointer (&result);
  return TRUE;
}

gboolean
pt_import_parse_gender (const char   *text,
                        const char  **gender,
                        GError      **error)
{
  static const struct { const char *word; const char *gender; } words[] = {
    { "female", "female" }, { "f", "female" }, { "woman", "female" }, { "w", "female" },
    { "女", "female" }, { "女士", "female" }, { "女性", "female" }, { "小姐", "female" },
    { "male", "male" }, { "m", "male" }, { "man", "male" }, { "男", "male" },
    { "男士", "male" }, { "男性", "male" }, { "先生", "male" },
    { "other", "other" }, { "其他", "other" }, { "其它", "other" },
    { "", "" }, { "unknown", "" }, { "未知", "" }, { "保密", "" }, { "-", "" },
  };
  g_autofree char *trimmed = pt_import_trim (text);
  g_autofree char *lower = g_utf8_strdown (trimmed, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strcmp (lower, words[i].word) == 0)
      {
        *gender = words[i].gender;
        return TRUE;
      }
  /* Translators: %s is what a spreadsheet cell holds */
  g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_GENDER,
               _("“%s” is not a gender (female, male, other or empty)"), trimmed);
  return FALSE;
}

gboolean
pt_import_parse_yes_no (const char  *text,
                        gboolean    *yes,
                        GError     **error)
{
  static const char * const yes_words[] = { "yes", "y", "true", "1", "是", "同意", "x", "✓", NULL };
  static const char * const no_words[] = { "no", "n", "false", "0", "否", "不同意", "", NULL };
  g_autofree char *trimmed = pt_import_trim (text);
  g_autofree char *lower = g_utf8_strdown (trimmed, -1);

  if (g_strv_contains (yes_words, lower))
    *yes = TRUE;
  else if (g_strv_contains (no_words, lower))
    *yes = FALSE;
  else
    {
      /* Translators: %s is what a spreadsheet cell holds */
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                   _("“%s” is neither yes nor no"), trimmed);
      return FALSE;
    }
  return TRUE;
}
