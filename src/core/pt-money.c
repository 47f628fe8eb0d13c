/* pt-money.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-money"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-validation.h"

static const struct {
  const char *code;
  const char *symbol;
  guint       exponent;
} currencies[] = {
  { "CNY", "¥", 2 },
  { "USD", "$", 2 },
  { "EUR", "€", 2 },
  { "GBP", "£", 2 },
  { "HKD", "HK$", 2 },
  { "TWD", "NT$", 2 },
  { "JPY", "¥", 0 },
  { "KRW", "₩", 0 },
};

static int
currency_index (const char *currency)
{
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (g_strcmp0 (currencies[i].code, currency) == 0)
      return (int) i;
  return -1;
}

guint
pt_currency_exponent (const char *currency)
{
  int i = currency_index (currency);
  return i < 0 ? 2 : currencies[i].exponent;
}

const char *
pt_currency_symbol (const char *currency)
{
  int i = currency_index (currency);
  return i < 0 ? (currency ? currency : "") : currencies[i].symbol;
}

static gboolean
amount_error (GError **error)
{
  g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT,
                       _("Amount: enter a number such as 12.50"));
  return FALSE;
}

gboolean
pt_money_parse (const char  *text,
                const char  *currency,
                gboolean     allow_negative,
                gint64      *minor_units,
                GError     **error)
{
  guint exponent = pt_currency_exponent (currency);
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  const char *p = stripped;
  gboolean negative = FALSE;
  guint64 whole = 0;
  guint64 fraction = 0;
  guint n_fraction = 0;
  guint n_digits = 0;
  guint64 scale = 1;
  guint64 total;

  if (*p == '-' || *p == '+')
    {
      negative = *p == '-';
      p++;
    }

  for (; g_ascii_isdigit (*p); p++, n_digits++)
    {
      if (whole > (G_MAXINT64 / 10) - 10)
        return amount_error (error);
      whole = whole * 10 + (guint64) (*p - '0');
    }

  if (*p == '.' || *p == ',')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++, n_fraction++, n_digits++)
        {
          if (n_fraction >= exponent)
            {
              g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT,
                           ngettext ("Amount: at most %u decimal is allowed",
                                     "Amount: at most %u decimals are allowed", exponent),
                           exponent);
              return FALSE;
            }
          fraction = fraction * 10 + (guint64) (*p - '0');
        }
    }

  if (*p != '\0' || n_digits == 0)
    return amount_error (error);

  if (negative && !allow_negative)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT,
                           _("Amount: the amount cannot be negative"));
      return FALSE;
    }

  for (guint i = 0; i < exponent; i++)
    scale *= 10;
  for (guint i = n_fraction; i < exponent; i++)
    fraction *= 10;

  if (whole > (guint64) G_MAXINT64 / scale)
    return amount_error (error);
  total = whole * scale + fraction;
  if (total > (guint64) G_MAXINT64)
    return amount_error (error);

  *minor_units = negative ? -(gint64) total : (gint64) total;
  return TRUE;
}

static char *
format_digits (gint64      minor_units,
               const char *currency,
               gboolean    grouping)
{
  guint exponent = pt_currency_exponent (currency);
  guint64 scale = 1;
  guint64 magnitude;
  guint64 whole;
  g_autofree char *whole_str = NULL;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < exponent; i++)
    scale *= 10;

  magnitude = minor_units < 0 ? (guint64) (-(minor_units + 1)) + 1 : (guint64) minor_units;
  whole = magnitude / scale;
  whole_str = g_strdup_printf ("%" G_GUINT64_FORMAT, whole);

  if (minor_units < 0)
    g_string_append_c (out, '-');

  for (gsize i = 0, len = strlen (whole_str); i < len; i++)
    {
      if (grouping && i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, whole_str[i]);
    }

  if (exponent > 0)
    g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT, (int) exponent, magnitude % scale);

  return g_string_free (out, FALSE);
}

char *
pt_money_format_plain (gint64      minor_units,
                       const char *currency)
{
  return format_digits (minor_units, currency, FALSE);
}

char *
pt_money_format (gint64      minor_units,
                 const char *currency)
{
  g_autofree char *digits = format_digits (minor_units, currency, TRUE);

  if (digits[0] == '-')
    return g_strdup_printf ("-%s%s", pt_currency_symbol (currency), digits + 1);
  return g_strdup_printf ("%s%s", pt_currency_symbol (currency), digits);
}

char *
pt_money_format_compact (gint64      minor_units,
                         const char *currency)
{
  guint64 scale = 1;
  gint64 units;
  g_autofree char *number = NULL;

  for (guint i = 0; i < pt_currency_exponent (currency); i++)
    scale *= 10;
  /* Whole units, rounded half away from zero. */
  units = minor_units >= 0 ? (gint64) (((guint64) minor_units + scale / 2) / scale)
                           : -(gint64) (((guint64) -(minor_units + 1) + 1 + scale / 2) / scale);
  number = pt_format_compact (units < 0 ? -units : units);
  return g_strdup_printf ("%s%s%s", units < 0 ? "-" : "", pt_currency_symbol (currency), number);
}
