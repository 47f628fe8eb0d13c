/* test-sync-token.c — the branch token's file fallback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "pt-sync-token.h"

/* Without a Secret Service the token goes to a file only the user can
 * read, one per server. */
static void
test_file_fallback (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "patron", "sync-tokens", NULL);
  g_autofree char *found = NULL;
  GStatBuf st;

  g_assert_cmpstr (pt_sync_token_backend_name (), ==, "file");
  g_assert_null (pt_sync_token_lookup ("http://hq:8080", &error));
  g_assert_no_error (error);

  g_assert_true (pt_sync_token_save ("http://hq:8080", "pt1_secret", &error));
  g_assert_no_error (error);
  g_assert_true (pt_sync_token_save ("https://other", "pt1_other", &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  found = pt_sync_token_lookup ("http://hq:8080", &error);
  g_assert_cmpstr (found, ==, "pt1_secret");
  g_clear_pointer (&found, g_free);

  g_assert_true (pt_sync_token_forget ("http://hq:8080", &error));
  g_assert_null (pt_sync_token_lookup ("http://hq:8080", &error));
  found = pt_sync_token_lookup ("https://other", &error);
  g_assert_cmpstr (found, ==, "pt1_other");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("PATRON_TOKEN_BACKEND", "file", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/sync/token/file-fallback", test_file_fallback);
  return g_test_run ();
}
