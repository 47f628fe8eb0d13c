/* pt-duplicates.h — likely duplicate members, each pair with its reasons
 * and a score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store-merge.h"

G_BEGIN_DECLS

typedef enum
{
  PT_DUPLICATE_PHONE         = 1 << 0,  /* the same phone number */
  PT_DUPLICATE_EMAIL         = 1 << 1,  /* the same e-mail address */
  PT_DUPLICATE_NAME_BIRTHDAY = 1 << 2,  /* the same name and birthday */
  PT_DUPLICATE_NAME_FORM     = 1 << 3,  /* one name written two ways */
} PtDuplicateReason;

#define PT_DUPLICATE_N_REASONS 4

/* @left joined first: the suggested survivor. */
typedef struct
{
  PtMemberIdentity *left;
  PtMemberIdentity *right;
  guint           reasons;   /* PtDuplicateReason flags */
  double          score;     /* 0..1: how sure the pair is one person */
} PtDuplicatePair;

void        pt_duplicate_pair_free    (PtDuplicatePair *pair);

/* The reason's key ("phone", "email", "name-birthday", "name-form") and
 * its translated words. */
const char *pt_duplicate_reason_key   (PtDuplicateReason reason);
const char *pt_duplicate_reason_label (PtDuplicateReason reason);

/* The likely duplicates among the members who are not deleted, most
 * certain first, at most @limit (0: all). Phones match once normalised
 * (+86 and a leading 0086 dropped), e-mails without regard to case, names
 * by pt_name_key_make(). A value shared by more than a few members (a shop's
 * own phone typed for walk-ins, a very common name) says nothing about any
 * two of them and is passed over. */
GPtrArray  *pt_duplicates_find        (PtStore         *store,
                                       guint            limit,
                                       GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtDuplicatePair, pt_duplicate_pair_free)

G_END_DECLS
