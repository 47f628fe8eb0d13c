/* pt-report-text.c — fonts, language and text layout for reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <string.h>

#include "pt-report-private.h"

static char *
language_from_locale (const char *name)
{
  g_autofree char *lang = g_strdup (name);
  char *p;

  /* "zh_CN.UTF-8@x" → "zh-cn" */
  if ((p = strpbrk (lang, ".@")) != NULL)
    *p = '\0';
  for (p = lang; *p; p++)
    *p = *p == '_' ? '-' : g_ascii_tolower (*p);
  return g_steal_pointer (&lang);
}

PangoLanguage *
pt_report_ui_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *lang = NULL;

      if (strcmp (names[i], "C") == 0 || strcmp (names[i], "POSIX") == 0 ||
          g_str_has_prefix (names[i], "C."))
        continue;
      lang = language_from_locale (names[i]);
      /* "zh" alone means Simplified Chinese to most users. */
      if (strcmp (lang, "zh") == 0)
        return pango_language_from_string ("zh-cn");
      if (*lang != '\0')
        return pango_language_from_string (lang);
    }

  return pango_language_from_string ("en");
}

static gboolean
language_is_cjk (PangoLanguage *language)
{
  const char *tag = pango_language_to_string (language);

  return g_str_has_prefix (tag, "zh") || g_str_has_prefix (tag, "ja") ||
         g_str_has_prefix (tag, "ko");
}

PangoContext *
pt_report_text_context_new (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  pango_cairo_context_set_resolution (context, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  pango_context_set_language (context, pt_report_ui_language ());
  pango_context_set_round_glyph_positions (context, FALSE);
  return context;
}

void
pt_report_text_update_context (PangoContext *context,
                               cairo_t      *cr)
{
  pango_cairo_update_context (cr, context);
}

static gboolean
is_han (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  return script == G_UNICODE_SCRIPT_HAN ||
         (c >= 0x3000 && c <= 0x303F) ||  /* CJK punctuation */
         (c >= 0xFF00 && c <= 0xFFEF);    /* full-width forms */
}

static gboolean
is_noncharacter (gunichar c)
{
  return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* Cairo refuses text with Unicode noncharacters (U+FFFE, U+FDD0…) and
 * the PDF would fail as a whole: draw U+FFFD in their place. NULL when
 * @text has none. */
static char *
replace_noncharacters (const char *text)
{
  GString *clean;
  gboolean found = FALSE;

  for (const char *p = text; *p && !found; p = g_utf8_next_char (p))
    found = (guchar) *p >= 0xEF && is_noncharacter (g_utf8_get_char (p));
  if (!found)
    return NULL;

  clean = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_unichar (clean, is_noncharacter (c) ? 0xFFFD : c);
    }
  return g_string_free (clean, FALSE);
}

void
pt_report_layout_set_text (PangoLayout *layout,
                           const char  *text)
{
  static PangoAttrList *no_hyphens;
  PangoLanguage *chinese;
  g_autofree char *clean = NULL;
  PangoAttrList *attrs = NULL;
  const char *p;

  if (text == NULL)
    text = "";
  if ((clean = replace_noncharacters (text)) != NULL)
    text = clean;

  pango_layout_set_text (layout, text, -1);

  /* Pango would add a hyphen where it breaks a long word, which in an
   * e-mail address or a phone number reads as part of it. */
  if (g_once_init_enter (&no_hyphens))
    {
      PangoAttrList *list = pango_attr_list_new ();

      pango_attr_list_insert (list, pango_attr_insert_hyphens_new (FALSE));
      g_once_init_leave (&no_hyphens, list);
    }

  /* Quick exit: CJK needs bytes of at least 0xE2 in UTF-8. */
  for (p = text; *p && (guchar) *p < 0xE2; p++)
    ;
  if (*p == '\0' || language_is_cjk (pango_context_get_language (pango_layout_get_context (layout))))
    {
      pango_layout_set_attributes (layout, no_hyphens);
      return;
    }

  chinese = pango_language_from_string ("zh-cn");
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  for (p = text; *p; )
    {
      const char *start = p;
      PangoAttribute *attr;

      if (!is_han (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      while (*p && is_han (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      attr = pango_attr_language_new (chinese);
      attr->start_index = start - text;
      attr->end_index = p - text;
      pango_attr_list_insert (attrs, attr);
    }

  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
}

PangoFontDescription *
pt_report_font (double   size,
                gboolean bold)
{
  PangoFontDescription *font = pango_font_description_from_string (PT_REPORT_FONT);

  pango_font_description_set_size (font, (gint) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  return font;
}

gboolean
pt_report_parse_colour (const char *colour,
                        double     *red,
                        double     *green,
                        double     *blue)
{
  guint value = 0;

  if (colour == NULL || colour[0] != '#' || strlen (colour) != 7 ||
      !g_ascii_isxdigit (colour[1]))
    goto fallback;

  for (guint i = 1; i < 7; i++)
    {
      if (!g_ascii_isxdigit (colour[i]))
        goto fallback;
      value = value * 16 + g_ascii_xdigit_value (colour[i]);
    }

  *red = ((value >> 16) & 0xff) / 255.0;
  *green = ((value >> 8) & 0xff) / 255.0;
  *blue = (value & 0xff) / 255.0;
  return TRUE;

fallback:
  *red = 0.23;
  *green = 0.36;
  *blue = 0.57;
  return FALSE;
}
