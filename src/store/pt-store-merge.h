/* pt-store-merge.h — duplicate members merged into one, and what finding
 * duplicates reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "pt-member.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* What tells two members apart. */
typedef struct
{
  sqlite3_int64  rid;
  char          *id;
  char          *number;
  char          *name;
  char          *phone;
  char          *email;
  char          *birthday;
} PtMemberIdentity;

void      pt_member_identity_free            (PtMemberIdentity *identity);

/* Calls @func for every member who is not deleted, in row order; the
 * strings are only valid during the call. Stops at the first FALSE. */
typedef gboolean (*PtMemberIdentityFunc)     (const PtMemberIdentity  *member,
                                              gpointer                 user_data,
                                              GError                 **error);
gboolean  pt_store_members_foreach_identity  (PtStore               *self,
                                              PtMemberIdentityFunc   func,
                                              gpointer               user_data,
                                              GError               **error);

/* The member with row id @rid. */
PtMemberIdentity *pt_store_member_identity   (PtStore               *self,
                                              sqlite3_int64          rid,
                                              GError               **error);

/* Merges member @other (id or number) into @survivor, whose fields are
 * written as given (the person chose each field; pt_store_merge_fields()
 * makes the usual choice). In one transaction with their outbox entries:
 * the survivor's changed fields, the merge event, @other tombstoned, the
 * members @other referred now referred by the survivor; and @other's
 * purchases, points entries and lots, tier history, redemptions and
 * coupons move to the survivor, whose lots are replayed so the balance
 * stays provable. @other's number then finds the survivor. */
gboolean  pt_store_merge_members             (PtStore               *self,
                                              PtMember              *survivor,
                                              const char            *other,
                                              GError               **error);

/* @survivor with each empty field filled from @other, and the fields
 * named in @take (keys, NULL-terminated; may be NULL) taken from @other. */
PtMember *pt_store_merge_fields              (PtMember              *survivor,
                                              PtMember              *other,
                                              const char * const    *take);

/* The member that @id_or_number was merged into (following merges of
 * merges), or NULL when it was not merged. */
char     *pt_store_merged_into               (PtStore               *self,
                                              const char            *id_or_number,
                                              GError               **error);

/* One merge in a member's history. */
typedef struct
{
  char *other_id;
  char *other_number;
  char *branch;
  char *at;            /* ISO 8601 */
} PtMemberMergeRecord;

void      pt_member_merge_record_free        (PtMemberMergeRecord *record);

/* The members merged into @member_id, oldest first. */
GPtrArray *pt_store_member_merge_history     (PtStore               *self,
                                              const char            *member_id,
                                              GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtMemberIdentity, pt_member_identity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtMemberMergeRecord, pt_member_merge_record_free)

G_END_DECLS
