/* pt-sync-token.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#if HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "pt-sync-token.h"

#define FILE_GROUP_PREFIX "server "

static gboolean
use_file (void)
{
#if HAVE_LIBSECRET
  const char *backend = g_getenv ("PATRON_TOKEN_BACKEND");

  if (g_strcmp0 (backend, "file") == 0)
    return TRUE;
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL;
#else
  return TRUE;
#endif
}

const char *
pt_sync_token_backend_name (void)
{
  return use_file () ? "file" : "secret service";
}

#if HAVE_LIBSECRET
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.patronapp.Patron.SyncToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}
#endif

static char *
token_file_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "patron", "sync-tokens", NULL);
}

static GKeyFile *
load_file (GError **error)
{
  g_autofree char *path = token_file_path ();
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return NULL;
    }
  return g_steal_pointer (&keyfile);
}

static gboolean
save_file (GKeyFile  *keyfile,
           GError   **error)
{
  g_autofree char *path = token_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = g_key_file_to_data (keyfile, NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  /* Written whole then renamed, and never readable by others. */
  if (!g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  return TRUE;
}

gboolean
pt_sync_token_save (const char  *server_url,
                    const char  *token,
                    GError     **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (server_url != NULL && token != NULL, FALSE);

#if HAVE_LIBSECRET
  if (!use_file ())
    {
      g_autoptr(GError) secret_error = NULL;

      if (secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT,
                                      _("Patron sync token"), token, NULL, &secret_error,
                                      "server", server_url, NULL))
        return TRUE;
      g_message ("Secret Service unavailable (%s); keeping the token in a private file",
                 secret_error->message);
    }
#endif

  keyfile = load_file (error);
  if (keyfile == NULL)
    return FALSE;
  group = g_strconcat (FILE_GROUP_PREFIX, server_url, NULL);
  g_key_file_set_string (keyfile, group, "token", token);
  return save_file (keyfile, error);
}

char *
pt_sync_token_lookup (const char  *server_url,
                      GError     **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);

#if HAVE_LIBSECRET
  if (!use_file ())
    {
      g_autoptr(GError) secret_error = NULL;
      char *secret = secret_password_lookup_sync (token_schema (), NULL, &secret_error,
                                                  "server", server_url, NULL);
      if (secret != NULL)
        {
          char *copy = g_strdup (secret);
          secret_password_free (secret);
          return copy;
        }
    }
#endif

  keyfile = load_file (error);
  if (keyfile == NULL)
    return NULL;
  group = g_strconcat (FILE_GROUP_PREFIX, server_url, NULL);
  return g_key_file_get_string (keyfile, group, "token", NULL);
}

gboolean
pt_sync_token_forget (const char  *server_url,
                      GError     **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *group = NULL;

#if HAVE_LIBSECRET
  if (!use_file ())
    secret_password_clear_sync (token_schema (), NULL, NULL, "server", server_url, NULL);
#endif

  keyfile = load_file (error);
  if (keyfile == NULL)
    return FALSE;
  group = g_strconcat (FILE_GROUP_PREFIX, server_url, NULL);
  if (!g_key_file_has_group (keyfile, group))
    return TRUE;
  g_key_file_remove_group (keyfile, group, NULL);
  return save_file (keyfile, error);
}
