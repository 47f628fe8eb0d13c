/* pt-store-staff.h — staff accounts, PINs, who the store acts for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-permissions.h"
#include "pt-store.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *name;
  PtRole    role;
  gboolean  active;
  gboolean  has_pin;
} PtStaff;

void        pt_staff_free                (PtStaff    *staff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtStaff, pt_staff_free)

/* Wrong PINs allowed before a wait, and the first wait (doubling after). */
#define PT_STAFF_FREE_TRIES     3
#define PT_STAFF_FIRST_WAIT_S   30

/* Adds a staff member (synced); @pin (4 to 12 digits) is hashed with
 * Argon2id. Needs "Manage staff". */
PtStaff    *pt_store_add_staff           (PtStore     *self,
                                          const char  *name,
                                          PtRole       role,
                                          const char  *pin,
                                          GError     **error);
/* Every staff member, by name. */
GPtrArray  *pt_store_list_staff          (PtStore     *self,
                                          GError     **error);
/* By id, or by name (case-insensitive); NOT_FOUND names what was asked. */
PtStaff    *pt_store_find_staff          (PtStore     *self,
                                          const char  *name_or_id,
                                          GError     **error);
gboolean    pt_store_set_staff_active    (PtStore     *self,
                                          const char  *staff_id,
                                          gboolean     active,
                                          GError     **error);
gboolean    pt_store_set_staff_role      (PtStore     *self,
                                          const char  *staff_id,
                                          PtRole       role,
                                          GError     **error);
gboolean    pt_store_has_staff           (PtStore     *self);

/* Checks @pin and acts for that staff member from now on. A wrong PIN
 * counts against them on this device: after PT_STAFF_FREE_TRIES the next
 * try waits, and PT_STORE_ERROR_BUSY says how long. */
gboolean    pt_store_sign_in             (PtStore     *self,
                                          const char  *name_or_id,
                                          const char  *pin,
                                          GError     **error);
/* Acts as the owner of the database file again (recorded as such). */
void        pt_store_act_as_file_owner   (PtStore     *self);
/* Acts for @staff without a PIN (the file's owner choosing whom the
 * changes are recorded for, as patron-cli --staff does once the PIN was
 * checked). */
void        pt_store_act_as              (PtStore     *self,
                                          const PtStaff *staff);

/* The acting staff member's id (NULL: the file's owner), name and role. */
const char *pt_store_get_acting_staff_id (PtStore     *self);
const char *pt_store_get_acting_name     (PtStore     *self);
PtRole      pt_store_get_acting_role     (PtStore     *self);

/* Whether the acting staff member has @permission; the _require form
 * sets the translated refusal naming it. */
gboolean    pt_store_can                 (PtStore     *self,
                                          PtPermission permission);
gboolean    pt_store_require             (PtStore     *self,
                                          PtPermission permission,
                                          GError     **error);

/* @phone as the acting staff member may see it: whole, or masked in the
 * middle ("138****5678") for those without "See full phone numbers". */
char       *pt_store_display_phone       (PtStore     *self,
                                          const char  *phone);
/* The masking itself: keeps the first three and last four digits. */
char       *pt_mask_phone                (const char  *phone);

G_END_DECLS
