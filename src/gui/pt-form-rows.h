/* pt-form-rows.h — rows of a preferences group that edit one value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A row with a spin button from @min to @max, in steps of one. */
GtkSpinButton *pt_form_add_spin_row  (AdwPreferencesGroup *group,
                                      const char          *title,
                                      double               min,
                                      double               max);
AdwEntryRow   *pt_form_add_entry_row (AdwPreferencesGroup *group,
                                      const char          *title);
/* A row choosing one of @labels (untranslated, NULL-terminated; shown
 * translated). */
AdwComboRow   *pt_form_add_combo_row (AdwPreferencesGroup *group,
                                      const char          *title,
                                      const char * const  *labels);

G_END_DECLS
