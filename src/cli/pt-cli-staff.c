/* pt-cli-staff.c — patron-cli staff add|list|disable|enable, and who the
 * tool acts for (--staff)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "pt-cli.h"
#include "pt-store-staff.h"

/* $PATRON_PIN, else a line typed on the terminal without echo (or read
 * from a pipe). */
char *
pt_cli_read_pin (const char *prompt)
{
  const char *env = g_getenv ("PATRON_PIN");
  struct termios old, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char line[64] = "";

  if (env != NULL)
    return g_strdup (env);
  if (tty)
    {
      g_printerr ("%s", prompt);
      tcgetattr (STDIN_FILENO, &old);
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    line[0] = '\0';
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &old);
      g_printerr ("\n");
    }
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (line);
}

gboolean
pt_cli_choose_staff (PtCliContext  *ctx,
                     PtStore       *store,
                     GError       **error)
{
  GStatBuf st;

  if (ctx->staff != NULL)
    {
      g_autofree char *pin = NULL;
      /* Translators: %s is a staff member's name */
      g_autofree char *prompt = g_strdup_printf (_("PIN for %s: "), ctx->staff);

      pin = pt_cli_read_pin (prompt);
      return pt_store_sign_in (store, ctx->staff, pin, error);
    }
  /* Without --staff the tool acts as the owner, which only the user who
   * owns the database file is (recorded as the file's owner). */
  if (g_stat (ctx->db_path, &st) == 0 && st.st_uid != getuid () && pt_store_has_staff (store))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                   _("%s belongs to another user: give --staff NAME to act as a staff member"),
                   ctx->db_path);
      return FALSE;
    }
  pt_store_act_as_file_owner (store);
  return TRUE;
}

static JsonObject *
staff_to_json (PtStaff *staff)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", staff->id);
  json_object_set_string_member (o, "name", staff->name);
  json_object_set_string_member (o, "role", pt_role_to_string (staff->role));
  json_object_set_boolean_member (o, "active", staff->active);
  json_object_set_boolean_member (o, "has_pin", staff->has_pin);
  return o;
}

static int
staff_add (PtCliContext *ctx,
           int           argc,
           char        **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(PtStaff) staff = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The staff member's name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, N_("owner, manager or clerk"), N_("ROLE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  PtStore *store;
  int role;

  if (!pt_cli_parse ("--name NAME --role owner|manager|clerk", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (name == NULL)
    return pt_cli_fail_usage ("%s", _("staff add: --name is required"));
  role = pt_role_from_string (role_text ? role_text : "clerk");
  if (role < 0)
    return pt_cli_fail_usage (_("staff add: --role must be owner, manager or clerk, not “%s”"),
                              role_text);
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);
  pin = pt_cli_read_pin (_("PIN for the new staff member: "));
  staff = pt_store_add_staff (store, name, (PtRole) role, pin, &error);
  if (staff == NULL)
    return pt_cli_fail (error);
  if (json)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (node, staff_to_json (staff));
      pt_cli_print_json (node);
    }
  else
    {
      /* Translators: the first %s is a name, the second a role */
      g_print (_("Added %s (%s)\n"), staff->name, pt_role_label (staff->role));
    }
  return 0;
}

static int
staff_list (PtCliContext *ctx,
            int           argc,
            char        **argv)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  PtCliColumn columns[] = {
    { _("Name"), 30, FALSE },
    { _("Role"), 12, FALSE },
    { _("Active"), 8, FALSE },
    { _("ID"), 36, FALSE },
  };
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (list = pt_store_list_staff (store, &error)) == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < list->len; i++)
        json_array_add_object_element (array, staff_to_json (g_ptr_array_index (list, i)));
      json_node_take_array (node, array);
      pt_cli_print_json (node);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      PtStaff *staff = g_ptr_array_index (list, i);
      char **row = g_new0 (char *, 5);

      row[0] = g_strdup (staff->name);
      row[1] = g_strdup (pt_role_label (staff->role));
      row[2] = g_strdup (staff->active ? _("yes") : _("no"));
      row[3] = g_strdup (staff->id);
      g_ptr_array_add (rows, row);
    }
  pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
  return 0;
}

static int
staff_set_active (PtCliContext *ctx,
                  int           argc,
                  char        **argv,
                  gboolean      active)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStaff) staff = NULL;
  GOptionEntry entries[] = { { NULL, }, };
  const char *who;
  PtStore *store;

  if (!pt_cli_parse (_("NAME"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if ((who = pt_cli_single_argument (argc, argv)) == NULL)
    return pt_cli_fail_usage ("%s", _("staff: give one staff member's name or id"));
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (staff = pt_store_find_staff (store, who, &error)) == NULL ||
      !pt_store_set_staff_active (store, staff->id, active, &error))
    return pt_cli_fail (error);
  /* Translators: %s is a staff member's name */
  g_print (active ? _("%s can sign in again\n") : _("%s is disabled\n"), staff->name);
  return 0;
}

static int
staff_disable (PtCliContext *ctx, int argc, char **argv)
{
  return staff_set_active (ctx, argc, argv, FALSE);
}

static int
staff_enable (PtCliContext *ctx, int argc, char **argv)
{
  return staff_set_active (ctx, argc, argv, TRUE);
}

static const PtCliSubcommand subcommands[] = {
  { "add", staff_add, N_("Add a staff member (PIN from PATRON_PIN or typed)") },
  { "list", staff_list, N_("List the staff and their roles") },
  { "disable", staff_disable, N_("Stop a staff member from signing in") },
  { "enable", staff_enable, N_("Let a disabled staff member sign in again") },
};

int
pt_cli_staff (PtCliContext *ctx,
              int           argc,
              char        **argv)
{
  return pt_cli_dispatch (ctx, "staff", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
