/* pt-store-consent.h — the record of a member's marketing consent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean  consent;
  char     *source;   /* "sign-up", "edit", "erase" */
  char     *at;       /* ISO 8601, UTC */
  char     *branch;
} PtConsentChange;

void       pt_consent_change_free      (PtConsentChange *change);

/* Records that @member_id's consent became @consent through @source, with
 * its outbox entry, inside the caller's transaction. */
gboolean   pt_store_consent_record     (PtStore     *self,
                                        const char  *member_id,
                                        gboolean     consent,
                                        const char  *source,
                                        GError     **error);

/* @member_id's consent: at sign-up (from the member's creation), then
 * each change, oldest first. */
GPtrArray *pt_store_consent_history    (PtStore     *self,
                                        const char  *member_id,
                                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtConsentChange, pt_consent_change_free)

G_END_DECLS
