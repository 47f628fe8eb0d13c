/* pt-cli-audit.c — patron-cli audit list|verify
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-json.h"
#include "pt-store-audit.h"
#include "pt-store-members.h"
#include "pt-store-staff.h"

static JsonObject *
row_to_json (PtAuditRow *row)
{
  JsonObject *o = json_object_new ();
  JsonNode *changes = pt_json_parse (row->changes, -1, NULL);

  json_object_set_string_member (o, "device", row->device);
  json_object_set_int_member (o, "seq", row->seq);
  json_object_set_string_member (o, "op_id", row->op_id);
  json_object_set_int_member (o, "at", row->at);
  json_object_set_string_member (o, "staff_id", row->staff_id);
  json_object_set_string_member (o, "staff_name", row->staff_name);
  json_object_set_string_member (o, "role", row->role);
  json_object_set_boolean_member (o, "file_owner", row->staff_id == NULL);
  json_object_set_string_member (o, "branch", row->branch);
  json_object_set_string_member (o, "kind", pt_audit_kind_of_entity (row->entity));
  json_object_set_string_member (o, "entity", row->entity);
  json_object_set_string_member (o, "entity_id", row->entity_id);
  json_object_set_string_member (o, "op", row->op);
  json_object_set_string_member (o, "member_id", row->member_id);
  if (changes != NULL)
    json_object_set_member (o, "changes", changes);
  json_object_set_string_member (o, "hash", row->hash);
  return o;
}

static char *
who (PtAuditRow *row)
{
  if (row->staff_id == NULL)
    /* Translators: %s is a login name; the change was made by whoever owns the database file */
    return g_strdup_printf (_("%s (file owner)"), row->staff_name);
  return g_strdup_printf ("%s (%s)", row->staff_name, row->role);
}

static int
audit_list (PtCliContext *ctx,
            int           argc,
            char        **argv)
{
  g_autofree char *member = NULL;
  g_autofree char *staff_name = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  g_autoptr(PtMember) found = NULL;
  g_autoptr(PtStaff) staff = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gint limit = 100;
  GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_STRING, &member, N_("Only this member's changes"), N_("M") },
    { "staff", 0, 0, G_OPTION_ARG_STRING, &staff_name, N_("Only this staff member's changes"),
      N_("S") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      N_("Only changes of this kind (member, sale, points, tier, reward, campaign, staff, "
         "settings, conflict)"), N_("KIND") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Only changes on or after this day"),
      N_("YYYY-MM-DD") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Only changes on or before this day"),
      N_("YYYY-MM-DD") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N entries (0: all)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  PtCliColumn columns[] = {
    { _("When"), 19, FALSE },
    { _("Who"), 28, FALSE },
    { _("What"), 24, FALSE },
    { _("Changes"), 60, FALSE },
  };
  PtAuditFilter filter = { 0, };
  PtStore *store;
  gint64 day;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (limit < 0)
    return pt_cli_fail_usage ("%s", _("audit list: --limit must not be negative"));
  /* Wrong words are the user's to fix before anything is opened. */
  if (!pt_audit_check_kind (kind, "--kind", &error) ||
      (since != NULL && !pt_audit_parse_day (since, "--since", FALSE, &day, &error)) ||
      (until != NULL && !pt_audit_parse_day (until, "--until", TRUE, &day, &error)))
    return pt_cli_fail_usage ("audit list: %s", error->message);
  if (since != NULL && until != NULL && strcmp (since, until) > 0)
    /* Translators: the days as typed */
    return pt_cli_fail_usage (_("audit list: --since %s is after --until %s"), since, until);
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);
  if (member != NULL && (found = pt_store_get_member (store, member, TRUE, &error)) == NULL)
    return pt_cli_fail (error);
  if (staff_name != NULL && (staff = pt_store_find_staff (store, staff_name, &error)) == NULL)
    return pt_cli_fail (error);
  filter.member_id = found ? pt_member_get_id (found) : NULL;
  filter.staff_id = staff ? staff->id : NULL;
  filter.kind = kind;
  filter.since = since;
  filter.until = until;
  filter.limit = (guint) limit;
  list = pt_store_audit_query (store, &filter, &error);
  if (list == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < list->len; i++)
        json_array_add_object_element (array, row_to_json (g_ptr_array_index (list, i)));
      json_node_take_array (node, array);
      pt_cli_print_json (node);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      PtAuditRow *row = g_ptr_array_index (list, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (row->at / G_USEC_PER_SEC);
      char **cells = g_new0 (char *, 5);

      cells[0] = g_date_time_format (at, "%Y-%m-%d %H:%M:%S");
      cells[1] = who (row);
      cells[2] = g_strdup_printf ("%s %s", row->entity, row->op);
      cells[3] = g_strdup (row->changes);
      g_ptr_array_add (rows, cells);
    }
  pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
  return 0;
}

static int
audit_verify (PtCliContext *ctx,
              int           argc,
              char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtAuditRow) bad = NULL;
  g_autofree char *problem = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  PtStore *store;
  gint64 n = 0, redacted = 0;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || !pt_store_audit_verify (store, &n, &redacted, &bad, &problem, &error))
    return pt_cli_fail (error);

  if (json)
    {
      JsonObject *o = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_boolean_member (o, "ok", bad == NULL);
      json_object_set_int_member (o, "checked", n);
      json_object_set_int_member (o, "redacted", redacted);
      if (bad != NULL)
        {
          json_object_set_object_member (o, "first_bad", row_to_json (bad));
          json_object_set_string_member (o, "problem", problem);
        }
      json_node_take_object (node, o);
      pt_cli_print_json (node);
    }
  else if (bad == NULL)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "The audit trail is intact (%" PRId64 " entry).\n",
                            "The audit trail is intact (%" PRId64 " entries).\n", (gulong) n), n);
      if (redacted > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%" PRId64 " entry was redacted for an erased member: its chain "
                              "holds, its values are gone.\n",
                              "%" PRId64 " entries were redacted for an erased member: their "
                              "chain holds, their values are gone.\n", (gulong) redacted),
                 redacted);
    }
  else
    {
      /* Translators: %" PRId64 " is the entry's number on its device, the first %s the device,
       * the second what is wrong */
      g_printerr (_("patron-cli: audit entry %" PRId64 " of device %s is bad: %s\n"), bad->seq,
                  bad->device, problem);
    }
  return bad == NULL ? 0 : 1;
}

static const PtCliSubcommand subcommands[] = {
  { "list", audit_list, N_("The changes, newest first, by member, staff, kind or day") },
  { "verify", audit_verify, N_("Prove every device's audit chain intact, or name the first bad entry") },
};

int
pt_cli_audit (PtCliContext *ctx,
              int           argc,
              char        **argv)
{
  return pt_cli_dispatch (ctx, "audit", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
