/* pt-backup-private.h — what pt-backup.c and pt-backup-crypt.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-backup.h"

G_BEGIN_DECLS

/* @plain_path encrypted with @passphrase into @out_path. */
gboolean  pt_backup_encrypt_file (const char  *plain_path,
                                  const char  *out_path,
                                  const char  *passphrase,
                                  GError     **error);
/* The other way; a wrong passphrase is PT_STORE_ERROR_REFUSED, a damaged
 * or cut file PT_STORE_ERROR_FAILED, both saying nothing was changed. */
gboolean  pt_backup_decrypt_file (const char  *path,
                                  const char  *out_path,
                                  const char  *passphrase,
                                  GError     **error);
gboolean  pt_backup_is_encrypted (const char  *path);

G_END_DECLS
