/* pt-cli-members.c — patron-cli members add|list|search|show|edit|delete|restore
 * (duplicates and merge: pt-cli-duplicates.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-store-staff.h"
#include "pt-store-members.h"
#include "pt-validation.h"

#define DEFAULT_LIST_LIMIT   100
#define DEFAULT_SEARCH_LIMIT 50
#define MAX_SEARCH_LIMIT     10000
#define LIST_PAGE            1000

/* The --FIELD VALUE options of add and edit, one per profile field (named
 * after its JSON key, dashes for underscores), plus --note for --notes and
 * --consent. */
typedef struct
{
  char     *values[PT_MEMBER_N_FIELDS];
  char     *names[PT_MEMBER_N_FIELDS];
  char     *note;
  char     *consent_value;   /* edit: --consent yes|no */
  gboolean  consent_flag;    /* add: --consent */
  gboolean  json;
  GArray   *entries;
} FieldOptions;

static void
field_options_clear (FieldOptions *opts)
{
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      g_free (opts->values[i]);
      g_free (opts->names[i]);
    }
  g_free (opts->note);
  g_free (opts->consent_value);
  g_clear_pointer (&opts->entries, g_array_unref);
}

static GOptionEntry *
field_options_entries (FieldOptions *opts,
                       gboolean      for_add)
{
  GOptionEntry end = { NULL, };

  opts->entries = g_array_new (FALSE, TRUE, sizeof (GOptionEntry));

  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      GOptionEntry entry = { NULL, };

      opts->names[i] = g_strdelimit (g_strdup (pt_member_field_key (i)), "_", '-');
      entry.long_name = opts->names[i];
      /* Raw bytes, checked for UTF-8 later: GOption would convert STRING
       * arguments from the locale's encoding, which fails under LANG=C. */
      entry.arg = G_OPTION_ARG_FILENAME;
      entry.arg_data = &opts->values[i];
      entry.description = pt_member_field_label (i);
      if (i == PT_MEMBER_FIELD_BIRTHDAY || i == PT_MEMBER_FIELD_JOINED_ON)
        entry.arg_description = "YYYY-MM-DD";
      else if (i == PT_MEMBER_FIELD_MARKETING_CONSENT)
        entry.arg_description = N_("yes|no");
      else if (i == PT_MEMBER_FIELD_GENDER)
        entry.arg_description = N_("female|male|other");
      else if (i == PT_MEMBER_FIELD_STATUS)
        entry.arg_description = N_("active|suspended|cancelled");
      else if (i == PT_MEMBER_FIELD_REFERRED_BY)
        entry.arg_description = N_("ID|NUMBER");
      else
        entry.arg_description = N_("TEXT");
      g_array_append_val (opts->entries, entry);
    }

  {
    GOptionEntry extra[] = {
      { "note", 0, 0, G_OPTION_ARG_FILENAME, &opts->note, N_("Notes (the same as --notes)"),
        N_("TEXT") },
      { "consent", 0, 0, G_OPTION_ARG_NONE, &opts->consent_flag,
        N_("The member agrees to marketing messages"), NULL },
      { "consent", 0, 0, G_OPTION_ARG_FILENAME, &opts->consent_value,
        N_("Marketing consent (the same as --marketing-consent)"), N_("yes|no") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &opts->json, N_("Print the member as JSON"), NULL },
    };

    g_array_append_val (opts->entries, extra[0]);
    g_array_append_val (opts->entries, extra[for_add ? 1 : 2]);
    g_array_append_val (opts->entries, extra[3]);
  }

  g_array_append_val (opts->entries, end);
  return (GOptionEntry *) (void *) opts->entries->data;
}

static gboolean
parse_consent (const char  *text,
               gboolean    *consent,
               GError     **error)
{
  static const char * const yes[] = { "yes", "y", "true", "1", "on", NULL };
  static const char * const no[] = { "no", "n", "false", "0", "off", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);
  g_autofree char *stripped = g_strstrip (g_strdup (lower));

  if (g_strv_contains (yes, stripped))
    *consent = TRUE;
  else if (g_strv_contains (no, stripped))
    *consent = FALSE;
  else
    {
      /* Translators: %s is what was given */
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                   _("Marketing consent: use yes or no, not “%s”"), text);
      return FALSE;
    }

  return TRUE;
}

/* Copies the options given onto @member. The referrer, given by number or
 * id, is looked up when @store is set. */
static gboolean
apply_field_options (FieldOptions  *opts,
                     PtStore       *store,
                     PtMember      *member,
                     GError       **error)
{
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      const char *value = opts->values[i];
      g_autofree char *lower = NULL;

      if (i == PT_MEMBER_FIELD_NOTES && opts->note != NULL)
        value = opts->note;
      if (i == PT_MEMBER_FIELD_MARKETING_CONSENT && opts->consent_value != NULL)
        value = opts->consent_value;
      if (value == NULL)
        continue;

      if (!g_utf8_validate (value, -1, NULL))
        {
          g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_TEXT,
                       _("%s: the text is not valid UTF-8"), pt_member_field_label (i));
          return FALSE;
        }

      switch ((PtMemberField) i)
        {
        case PT_MEMBER_FIELD_MARKETING_CONSENT:
          {
            gboolean consent;

            if (!parse_consent (value, &consent, error))
              return FALSE;
            pt_member_set_marketing_consent (member, consent);
          }
          break;

        case PT_MEMBER_FIELD_GENDER:
        case PT_MEMBER_FIELD_STATUS:
          lower = g_ascii_strdown (value, -1);
          pt_member_set (member, i, lower);
          break;

        case PT_MEMBER_FIELD_REFERRED_BY:
          if (store == NULL)
            break;
          if (*value == '\0')
            {
              pt_member_set (member, i, NULL);
            }
          else
            {
              g_autoptr(PtMember) referrer = pt_store_get_member (store, value, FALSE, NULL);

              if (referrer == NULL)
                {
                  /* Translators: %s is a member number or id */
                  g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                               _("Referred by: no member with the number or id “%s”"), value);
                  return FALSE;
                }
              if (g_strcmp0 (pt_member_get_id (referrer), pt_member_get_id (member)) == 0)
                {
                  g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                                       _("Referred by: a member cannot refer themselves"));
                  return FALSE;
                }
              pt_member_set (member, i, pt_member_get_id (referrer));
            }
          break;

        case PT_MEMBER_FIELD_NUMBER:
        case PT_MEMBER_FIELD_NAME:
        case PT_MEMBER_FIELD_PHONE:
        case PT_MEMBER_FIELD_EMAIL:
        case PT_MEMBER_FIELD_BIRTHDAY:
        case PT_MEMBER_FIELD_ADDRESS:
        case PT_MEMBER_FIELD_CITY:
        case PT_MEMBER_FIELD_JOINED_ON:
        case PT_MEMBER_FIELD_SOURCE:
        case PT_MEMBER_FIELD_NOTES:
        case PT_MEMBER_FIELD_TAGS:
        case PT_MEMBER_FIELD_HOME_BRANCH:
        case PT_MEMBER_N_FIELDS:
        default:
          pt_member_set (member, i, value);
          break;
        }
    }

  if (opts->consent_flag)
    pt_member_set_marketing_consent (member, TRUE);

  return TRUE;
}

static gboolean
any_field_given (FieldOptions *opts)
{
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    if (opts->values[i] != NULL)
      return TRUE;
  return opts->note != NULL || opts->consent_value != NULL || opts->consent_flag;
}

/* Usage errors exit 2, everything else (bad values, a missing member, the
 * database) exits 1. */
static int
fail_parse (GError *error)
{
  return pt_cli_fail_usage ("%s", error->message);
}

static const char *
referrer_text (PtStore  *store,
               PtMember *member,
               char    **owned)
{
  const char *id = pt_member_get (member, PT_MEMBER_FIELD_REFERRED_BY);
  g_autoptr(PtMember) referrer = NULL;

  if (*id == '\0')
    return id;

  referrer = pt_store_get_member (store, id, TRUE, NULL);
  if (referrer == NULL)
    return id;

  *owned = g_strdup_printf ("%s (%s)", pt_member_get_number (referrer),
                            pt_member_get_name (referrer));
  return *owned;
}

static guint
label_width (const char *label)
{
  guint width = 0;

  for (const char *p = label; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

static void
print_member (PtStore  *store,
              PtMember *member)
{
  g_autofree char *referrer_owned = NULL;
  g_autofree char *points = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             pt_member_get_points_balance (member));
  const char *labels[PT_MEMBER_N_FIELDS + 4];
  const char *values[PT_MEMBER_N_FIELDS + 4];
  g_autofree char *phone_owned = NULL;
  guint n = 0;
  guint width = 0;

  labels[n] = _("Id");
  values[n++] = pt_member_get_id (member);
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      labels[n] = pt_member_field_label (i);
      if (i == PT_MEMBER_FIELD_MARKETING_CONSENT)
        values[n++] = pt_member_get_marketing_consent (member) ? _("yes") : _("no");
      else if (i == PT_MEMBER_FIELD_REFERRED_BY)
        values[n++] = referrer_text (store, member, &referrer_owned);
      else if (i == PT_MEMBER_FIELD_PHONE && pt_member_get_phone (member) != NULL)
        values[n++] = phone_owned = pt_store_display_phone (store, pt_member_get_phone (member));
      else
        values[n++] = pt_member_get (member, i);
    }
  labels[n] = _("Points balance");
  values[n++] = points;
  labels[n] = _("Tier");
  values[n++] = pt_member_get_tier_name (member) ? pt_member_get_tier_name (member) : "";
  if (pt_member_get_deleted (member))
    {
      labels[n] = _("Deleted");
      values[n++] = _("yes");
    }

  for (guint i = 0; i < n; i++)
    width = MAX (width, label_width (labels[i]));

  for (guint i = 0; i < n; i++)
    {
      g_auto(GStrv) lines = g_strsplit (values[i], "\n", -1);
      guint pad = width - label_width (labels[i]);

      /* Continuation lines of a multi-line note line up under the first. */
      g_print ("%s:%*s %s\n", labels[i], (int) pad, "", lines[0] ? lines[0] : "");
      for (guint l = 1; lines[0] && lines[l]; l++)
        g_print ("%*s  %s\n", (int) width, "", lines[l]);
    }
}

static void
print_member_table (GPtrArray *members)
{
  const PtCliColumn columns[] = {
    { _("Number"), 16, FALSE },
    { _("Name"), 28, FALSE },
    { _("Phone"), 20, FALSE },
    { _("E-mail"), 32, FALSE },
    { _("City"), 16, FALSE },
    { _("Points"), 12, TRUE },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < members->len; i++)
    {
      PtMember *member = g_ptr_array_index (members, i);
      char **row = g_new0 (char *, G_N_ELEMENTS (columns) + 1);

      row[0] = g_strdup (pt_member_get_number (member));
      row[1] = g_strdup (pt_member_get_name (member));
      {
        g_autofree char *phone = pt_phone_format (pt_member_get_phone (member));

        row[2] = pt_cli_display_phone (phone);
      }
      row[3] = g_strdup (pt_member_get_email (member));
      row[4] = g_strdup (pt_member_get (member, PT_MEMBER_FIELD_CITY));
      row[5] = g_strdup_printf ("%" G_GINT64_FORMAT, pt_member_get_points_balance (member));
      g_ptr_array_add (rows, row);
    }

  pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
}

static JsonNode *
members_to_json (GPtrArray *members)
{
  JsonArray *array = json_array_sized_new (members->len);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < members->len; i++)
    json_array_add_object_element (array, pt_cli_member_to_json (g_ptr_array_index (members, i)));
  json_node_take_array (node, array);
  return node;
}

static JsonNode *
member_to_json_node (PtMember *member)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, pt_cli_member_to_json (member));
  return node;
}

static int
members_add (PtCliContext  *ctx,
             int            argc,
             char         **argv)
{
  FieldOptions opts = { NULL, };
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;
  PtStore *store;
  int status;

  if (!pt_cli_parse (_("--name NAME [--phone P] [--email E] [--birthday YYYY-MM-DD] …"),
                     field_options_entries (&opts, TRUE), &argc, &argv, &error))
    {
      status = fail_parse (error);
      goto out;
    }

  if (argc > 1)
    {
      status = pt_cli_fail_usage (_("members add: unexpected argument “%s”"), argv[1]);
      goto out;
    }

  if (opts.values[PT_MEMBER_FIELD_NAME] == NULL)
    {
      status = pt_cli_fail_usage ("%s", _("members add: --name is required"));
      goto out;
    }

  /* Check the input before the database is even opened. */
  if (!apply_field_options (&opts, NULL, member, &error))
    {
      status = pt_cli_fail (error);
      goto out;
    }
  pt_member_normalize (member);
  if (!pt_member_validate (member, &error))
    {
      status = pt_cli_fail (error);
      goto out;
    }

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL ||
      !apply_field_options (&opts, store, member, &error) ||
      !pt_store_add_member (store, member, &error))
    {
      status = pt_cli_fail (error);
      goto out;
    }

  if (opts.json)
    pt_cli_print_json (member_to_json_node (member));
  else
    g_print ("%s\n", pt_member_get_number (member));
  status = 0;

out:
  field_options_clear (&opts);
  return status;
}

static int
members_edit (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  FieldOptions opts = { NULL, };
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GError) error = NULL;
  const char *which;
  PtStore *store;
  int status;

  if (!pt_cli_parse (_("ID|NUMBER --FIELD VALUE …"), field_options_entries (&opts, FALSE),
                     &argc, &argv, &error))
    {
      status = fail_parse (error);
      goto out;
    }

  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    {
      status = pt_cli_fail_usage ("%s", _("members edit: give one member number or id, then "
                                          "--FIELD VALUE options"));
      goto out;
    }
  if (!any_field_given (&opts))
    {
      status = pt_cli_fail_usage ("%s", _("members edit: nothing to change; give --FIELD VALUE "
                                          "options such as --phone or --email"));
      goto out;
    }

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL ||
      (member = pt_store_get_member (store, which, FALSE, &error)) == NULL ||
      !apply_field_options (&opts, store, member, &error) ||
      !pt_store_update_member (store, member, &error))
    {
      status = pt_cli_fail (error);
      goto out;
    }

  if (opts.json)
    pt_cli_print_json (member_to_json_node (member));
  else
    /* Translators: “Saved HQ-000012 (Ann Lee).” */
    g_print (_("Saved %s (%s).\n"), pt_member_get_number (member), pt_member_get_name (member));
  status = 0;

out:
  field_options_clear (&opts);
  return status;
}

static int
members_show (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the member as a JSON object"), NULL },
    { NULL, },
  };
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GError) error = NULL;
  const char *which;
  PtStore *store;

  if (!pt_cli_parse (_("ID|NUMBER"), entries, &argc, &argv, &error))
    return fail_parse (error);

  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", _("members show: give one member number or id"));

  /* Deleted members can still be looked at (and restored). */
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (member = pt_store_get_member (store, which, TRUE, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    pt_cli_print_json (member_to_json_node (member));
  else
    print_member (store, member);
  return 0;
}

static int
members_set_deleted (PtCliContext  *ctx,
                     int            argc,
                     char         **argv,
                     gboolean       deleted)
{
  GOptionEntry entries[] = { { NULL, } };
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GError) error = NULL;
  const char *which;
  PtStore *store;

  if (!pt_cli_parse (_("ID|NUMBER"), entries, &argc, &argv, &error))
    return fail_parse (error);

  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage (deleted ? _("members delete: give one member number or id")
                                      : _("members restore: give one member number or id"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (member = pt_store_get_member (store, which, !deleted, &error)) == NULL)
    return pt_cli_fail (error);

  if (deleted)
    {
      if (!pt_store_delete_member (store, pt_member_get_id (member), &error))
        return pt_cli_fail (error);
      /* Translators: “Deleted HQ-000012 (Ann Lee); “patron-cli members restore HQ-000012”
       * brings them back.” */
      g_print (_("Deleted %s (%s); “patron-cli members restore %s” brings them back.\n"),
               pt_member_get_number (member), pt_member_get_name (member),
               pt_member_get_number (member));
    }
  else
    {
      if (!pt_store_restore_member (store, pt_member_get_id (member), &error))
        return pt_cli_fail (error);
      /* Translators: “Restored HQ-000012 (Ann Lee).” */
      g_print (_("Restored %s (%s).\n"), pt_member_get_number (member),
               pt_member_get_name (member));
    }

  return 0;
}

static gboolean
parse_sort (const char    *text,
            PtMemberSort  *sort,
            GError       **error)
{
  static const char * const names[PT_MEMBER_N_SORTS] = {
    [PT_MEMBER_SORT_NUMBER] = "number",
    [PT_MEMBER_SORT_NAME] = "name",
    [PT_MEMBER_SORT_JOINED] = "joined",
    [PT_MEMBER_SORT_CITY] = "city",
    [PT_MEMBER_SORT_POINTS] = "points",
  };

  for (guint i = 0; i < PT_MEMBER_N_SORTS; i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *sort = i;
        return TRUE;
      }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--sort: use number, name, joined, city or points, not “%s”"), text);
  return FALSE;
}

static int
members_list (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  g_autofree char *limit_text = NULL;
  g_autofree char *offset_text = NULL;
  g_autofree char *sort_text = NULL;
  gboolean descending = FALSE;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text, N_("Show at most N members (100)"), "N" },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &offset_text, N_("Skip the first N members"), "N" },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_text,
      N_("Order by number, name, joined, city or points"), N_("KEY") },
    { "desc", 0, 0, G_OPTION_ARG_NONE, &descending, N_("Largest first"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  PtMemberSort sort = PT_MEMBER_SORT_NUMBER;
  guint64 limit = DEFAULT_LIST_LIMIT;
  guint64 offset = 0;
  PtStore *store;
  gint64 total;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error) ||
      (limit_text && !pt_cli_parse_uint ("--limit", limit_text, 1, G_MAXINT, &limit, &error)) ||
      (offset_text && !pt_cli_parse_uint ("--offset", offset_text, 0, G_MAXINT, &offset,
                                          &error)) ||
      (sort_text && !parse_sort (sort_text, &sort, &error)))
    return fail_parse (error);
  if (argc > 1)
    return pt_cli_fail_usage (_("members list: unexpected argument “%s”"), argv[1]);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);

  /* Page through, so that a large --limit does not hold one huge query. */
  while (members->len < limit)
    {
      guint want = MIN (LIST_PAGE, limit - members->len);
      g_autoptr(GPtrArray) page = pt_store_list_members (store, sort, descending,
                                                         offset + members->len, want, &error);

      if (page == NULL)
        return pt_cli_fail (error);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (members, g_object_ref (g_ptr_array_index (page, i)));
      if (page->len < want)
        break;
    }

  if (json)
    {
      pt_cli_print_json (members_to_json (members));
      return 0;
    }

  total = pt_store_count_members (store, &error);
  if (total < 0)
    return pt_cli_fail (error);

  if (members->len == 0)
    {
      g_print ("%s\n", total == 0 ? _("No members yet.") : _("No members at this offset."));
      return 0;
    }

  print_member_table (members);
  /* Translators: “Members 1–100 of 2000.” */
  g_print (_("Members %u–%u of %u.\n"), (guint) offset + 1, (guint) offset + members->len,
           (guint) total);
  return 0;
}

static int
members_search (PtCliContext  *ctx,
                int            argc,
                char         **argv)
{
  g_autofree char *limit_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text, N_("Show at most N members (50)"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  guint64 limit = DEFAULT_SEARCH_LIMIT;
  const char *text;
  PtStore *store;

  if (!pt_cli_parse (_("TEXT"), entries, &argc, &argv, &error) ||
      (limit_text &&
       !pt_cli_parse_uint ("--limit", limit_text, 1, MAX_SEARCH_LIMIT, &limit, &error)))
    return fail_parse (error);

  text = pt_cli_single_argument (argc, argv);
  if (text == NULL)
    return pt_cli_fail_usage ("%s", _("members search: give the text to look for (quote it if "
                                      "it has spaces)"));
  if (!g_utf8_validate (text, -1, NULL))
    return pt_cli_fail_usage ("%s", _("members search: the text is not valid UTF-8"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (members = pt_store_search_members (store, text, limit, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    pt_cli_print_json (members_to_json (members));
  else if (members->len == 0)
    /* Translators: %s is the text searched for */
    g_print (_("No members match “%s”.\n"), text);
  else
    print_member_table (members);
  return 0;
}

static int
members_delete (PtCliContext  *ctx,
                int            argc,
                char         **argv)
{
  return members_set_deleted (ctx, argc, argv, TRUE);
}

static int
members_restore (PtCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  return members_set_deleted (ctx, argc, argv, FALSE);
}

static const PtCliSubcommand subcommands[] = {
  { "add", members_add, N_("Sign up a member; prints the new member number") },
  { "list", members_list, N_("List members, a page at a time") },
  { "search", members_search, N_("Find members by name, phone, number or e-mail") },
  { "show", members_show, N_("Show one member") },
  { "edit", members_edit, N_("Change fields of a member") },
  { "delete", members_delete, N_("Delete a member (it can be restored)") },
  { "restore", members_restore, N_("Bring back a deleted member") },
  { "duplicates", pt_cli_members_duplicates, N_("List likely duplicate members, most certain first") },
  { "merge", pt_cli_members_merge, N_("Merge a duplicate member into the one that stays") },
  { "export-data", pt_cli_members_export_data,
    N_("Everything held about one member, as JSON (a data access request)") },
  { "erase", pt_cli_members_erase,
    N_("Erase a member's personal data everywhere (an erasure request); purchases stay") },
};

int
pt_cli_members (PtCliContext  *ctx,
                int            argc,
                char         **argv)
{
  return pt_cli_dispatch (ctx, "members", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
