/* pt-campaign-split.c — the deterministic hold-out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-campaign"

#include "config.h"

#include <string.h>

#include "pt-campaign-split.h"

/* Ten thousand buckets: a percentage lands on whole buckets, and a
 * campaign of a few hundred members still splits close to what was asked. */
#define BUCKETS 10000

PtCampaignGroup
pt_campaign_split (const char *campaign_id,
                   const char *member_id,
                   guint       control_percent)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  guint64 value = 0;

  g_return_val_if_fail (campaign_id != NULL && member_id != NULL, PT_CAMPAIGN_GROUP_TARGET);
  g_return_val_if_fail (control_percent <= 100, PT_CAMPAIGN_GROUP_TARGET);

  /* The NUL between the ids keeps ("ab", "c") apart from ("a", "bc"). */
  g_checksum_update (checksum, (const guchar *) "patron-split", strlen ("patron-split") + 1);
  g_checksum_update (checksum, (const guchar *) campaign_id, strlen (campaign_id) + 1);
  g_checksum_update (checksum, (const guchar *) member_id, strlen (member_id));
  g_checksum_get_digest (checksum, digest, &length);
  for (guint i = 0; i < 8; i++)
    value = value << 8 | digest[i];

  return value % BUCKETS < (guint64) control_percent * (BUCKETS / 100) ? PT_CAMPAIGN_GROUP_CONTROL
                                                                       : PT_CAMPAIGN_GROUP_TARGET;
}
