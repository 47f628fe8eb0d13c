/* pt-member-labels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-member-labels"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-member-labels.h"

/* The values pt_member_validate() accepts. */
static const char * const status_values[] = { "active", "suspended", "cancelled", NULL };
static const char * const status_labels[] = { N_("Active"), N_("Suspended"), N_("Cancelled") };
static const char * const gender_values[] = { "", "female", "male", "other", NULL };
static const char * const gender_labels[] = { N_("Not given"), N_("Female"), N_("Male"),
                                              N_("Other") };

static const char *
label_of (const char * const *values,
          const char * const *labels,
          const char         *value)
{
  if (value == NULL)
    value = "";
  for (guint i = 0; values[i] != NULL; i++)
    if (g_str_equal (values[i], value))
      return _(labels[i]);
  return value;
}

const char * const *
pt_member_status_values (void)
{
  return status_values;
}

const char * const *
pt_member_gender_values (void)
{
  return gender_values;
}

const char *
pt_member_status_label (const char *status)
{
  /* A member without a status is active (pt_member_normalize). */
  return label_of (status_values, status_labels, status != NULL ? status : "active");
}

const char *
pt_member_gender_label (const char *gender)
{
  return label_of (gender_values, gender_labels, gender);
}
