/* pt-cli-util.c — helpers of the patron-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-store-points.h"
#include "pt-store-staff.h"
#include "pt-validation.h"

/* The one store this process acts through, for what may be shown. */
static PtStore *acting_store;

char *
pt_cli_display_phone (const char *phone)
{
  if (acting_store == NULL || phone == NULL)
    return g_strdup (phone);
  return pt_store_display_phone (acting_store, phone);
}

PtStore *
pt_cli_get_store (PtCliContext  *ctx,
                  GError       **error)
{
  if (ctx->store == NULL)
    {
      ctx->store = pt_store_open (ctx->db_path, error);
      if (ctx->store != NULL && !pt_cli_choose_staff (ctx, ctx->store, error))
        g_clear_object (&ctx->store);
      acting_store = ctx->store;
    }
  return ctx->store;
}

int
pt_cli_fail (const GError *error)
{
  g_printerr ("patron-cli: %s\n", error ? error->message : _("failed"));
  return 1;
}

int
pt_cli_fail_usage (const char *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("patron-cli: %s\n", message);
  return 2;
}

void
pt_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  /* JSON is UTF-8 whatever the locale (g_print would convert it, and a
   * cron job under LANG=C would get question marks). */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
  json_node_unref (node);
}

gboolean
pt_cli_parse (const char     *usage,
              GOptionEntry   *entries,
              int            *argc,
              char         ***argv,
              GError        **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (g_option_context_parse (context, argc, argv, error))
    return TRUE;

  /* A mistyped option gets the usage line, so that the fix is in sight;
   * the caller prints the message and exits with 2. */
  pt_cli_print_usage (*argc > 0 ? (*argv)[0] : "patron-cli", usage);
  return FALSE;
}

void
pt_cli_print_usage (const char *command,
                    const char *usage)
{
  /* Translators: the usage line printed after a mistake: “Usage: patron-cli members add
   * --name NAME …”; then a hint to run the command with --help */
  g_printerr (_("Usage: %s [OPTION…] %s\n"), command, usage ? usage : "");
  g_printerr (_("Run “%s --help” for its options.\n"), command);
}

JsonObject *
pt_cli_member_to_json (PtMember *member)
{
  JsonObject *object = json_object_new ();
  JsonObject *fields = pt_member_to_json (member, NULL);
  g_autoptr(GList) keys = json_object_get_members (fields);

  /* The id first, so that it reads well. */
  json_object_set_string_member (object, "id", pt_member_get_id (member));
  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_member (object, l->data, json_object_dup_member (fields, l->data));
  json_object_set_boolean_member (object, "marketing_consent",
                                  pt_member_get_marketing_consent (member));
  json_object_set_int_member (object, "points_balance", pt_member_get_points_balance (member));
  if (pt_member_get_tier_name (member) != NULL)
    json_object_set_string_member (object, "tier", pt_member_get_tier_name (member));
  else
    json_object_set_null_member (object, "tier");
  json_object_set_boolean_member (object, "deleted", pt_member_get_deleted (member));
  if (pt_member_get_phone (member) != NULL)
    {
      /* Masked for those who may not see whole numbers (clerks). */
      g_autofree char *phone = pt_cli_display_phone (pt_member_get_phone (member));

      json_object_set_string_member (object, "phone", phone);
    }

  json_object_unref (fields);
  return object;
}

static guint
cell_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

/* @text fitted into @max_width cells: control characters become spaces,
 * and a longer text is cut with an ellipsis. Returns its width. */
static char *
fit_cell (const char *text,
          guint       max_width,
          guint      *out_width)
{
  GString *fitted = g_string_new (NULL);
  guint width = 0;
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    text = "";

  for (p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w;

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_LINE_SEPARATOR ||
          g_unichar_type (c) == G_UNICODE_PARAGRAPH_SEPARATOR)
        c = ' ';
      w = cell_width (c);

      if (max_width > 0 && width + w > max_width - 1 && *g_utf8_next_char (p) != '\0')
        {
          /* Room for the ellipsis only if the rest does not fit either. */
          guint rest = 0;

          for (const char *q = p; *q; q = g_utf8_next_char (q))
            rest += cell_width (g_utf8_get_char (q));
          if (width + rest > max_width)
            {
              g_string_append (fitted, "…");
              width++;
              break;
            }
        }

      g_string_append_unichar (fitted, c);
      width += w;
    }

  *out_width = width;
  return g_string_free (fitted, FALSE);
}

void
pt_cli_print_table (const PtCliColumn *columns,
                    guint              n_columns,
                    GPtrArray         *rows)
{
  g_autofree guint *widths = g_new0 (guint, n_columns);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) cell_widths = g_array_new (FALSE, TRUE, sizeof (guint));
  GString *line = g_string_new (NULL);

  /* Row 0 is the header. */
  for (guint r = 0; r <= rows->len; r++)
    {
      char **fitted = g_new0 (char *, n_columns + 1);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *text = r == 0 ? columns[c].title
                                    : ((char **) g_ptr_array_index (rows, r - 1))[c];
          guint width;

          fitted[c] = fit_cell (text, columns[c].max_width, &width);
          g_array_append_val (cell_widths, width);
          widths[c] = MAX (widths[c], width);
        }
      g_ptr_array_add (cells, fitted);
    }

  for (guint r = 0; r < cells->len; r++)
    {
      char **fitted = g_ptr_array_index (cells, r);

      g_string_truncate (line, 0);
      for (guint c = 0; c < n_columns; c++)
        {
          guint pad = widths[c] - g_array_index (cell_widths, guint, r * n_columns + c);
          gboolean last = c + 1 == n_columns;

          if (c > 0)
            g_string_append (line, "  ");
          if (columns[c].align_right)
            {
              for (guint i = 0; i < pad; i++)
                g_string_append_c (line, ' ');
              g_string_append (line, fitted[c]);
            }
          else
            {
              g_string_append (line, fitted[c]);
              for (guint i = 0; !last && i < pad; i++)
                g_string_append_c (line, ' ');
            }
        }
      g_print ("%s\n", line->str);
    }

  g_string_free (line, TRUE);
}

gboolean
pt_cli_parse_uint (const char  *option,
                   const char  *text,
                   guint64      min,
                   guint64      max,
                   guint64     *out,
                   GError     **error)
{
  if (text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    {
      g_autofree char *low = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      /* Translators: “--limit: expected a whole number from 1 to 1000, not “x”” */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: expected a whole number from %s to %s, not “%s”"),
                   option, low, high, text ? text : "");
      return FALSE;
    }

  return TRUE;
}

const char *
pt_cli_currency (PtStore *store)
{
  const char *env = g_getenv ("PATRON_CURRENCY");
  static char currency[4];
  PtPointsRules rules;

  if (env != NULL && strlen (env) == 3)
    return env;
  if (store == NULL)
    return "CNY";

  /* The owner's setting, kept with the earning rules. */
  pt_store_get_points_rules (store, &rules);
  g_strlcpy (currency, rules.currency, sizeof currency);
  return currency;
}

int
pt_cli_dispatch (PtCliContext           *ctx,
                 const char             *command,
                 const PtCliSubcommand  *subcommands,
                 guint                   n_subcommands,
                 int                     argc,
                 char                  **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;

  if (name == NULL || strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 ||
      strcmp (name, "help") == 0)
    {
      /* Translators: %s is a command such as “tiers” */
      g_print (_("Usage: patron-cli [--db PATH] %s SUBCOMMAND [ARGUMENTS…]"), command);
      g_print ("\n\n");
      for (guint i = 0; i < n_subcommands; i++)
        g_print ("  %-10s %s\n", subcommands[i].name, _(subcommands[i].summary));
      g_print ("\n");
      g_print (_("Run “patron-cli %s SUBCOMMAND --help” for its options."), command);
      g_print ("\n");
      return name == NULL ? 2 : 0;
    }

  for (guint i = 0; i < n_subcommands; i++)
    if (strcmp (name, subcommands[i].name) == 0)
      {
        /* The subcommand sees itself as argv[0], as GOption expects, under
         * its full name for the usage line of --help. */
        g_autofree char *full_name = g_strdup_printf ("patron-cli %s %s", command, name);

        argv[1] = full_name;
        return subcommands[i].func (ctx, argc - 1, argv + 1);
      }

  {
    g_autofree char *full_command = g_strdup_printf ("patron-cli %s", command);

    pt_cli_print_usage (full_command, "SUBCOMMAND [ARGUMENTS…]");
  }
  return pt_cli_fail_usage (_("%s: unknown subcommand “%s”; see patron-cli %s --help"),
                            command, name, command);
}

gboolean
pt_cli_parse_date (const char  *option,
                   const char  *text,
                   GDate       *date,
                   GError     **error)
{
  g_date_clear (date, 1);
  if (text == NULL || !pt_parse_iso_date (text, date))
    {
      /* Translators: “--as-of: expected a date such as 2026-03-31, not “x”” */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: expected a date such as 2026-03-31, not “%s”"), option,
                   text ? text : "");
      return FALSE;
    }
  return TRUE;
}

char **
pt_cli_positional (int    argc,
                   char **argv,
                   int    expected)
{
  int first = 1;

  if (first < argc && strcmp (argv[first], "--") == 0)
    first++;
  if (argc - first != expected)
    return NULL;
  return argv + first;
}

const char *
pt_cli_single_argument (int    argc,
                        char **argv)
{
  char **args = pt_cli_positional (argc, argv, 1);

  return args ? args[0] : NULL;
}

GSettings *
pt_cli_get_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* The schema's id is the same in every profile. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.patronapp.Patron", TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}
