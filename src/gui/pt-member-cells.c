/* pt-member-cells.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-member-cells"

#include "config.h"

#include "pt-application.h"
#include "pt-format.h"
#include "pt-member.h"
#include "pt-member-cells.h"
#include "pt-store-staff.h"
#include "pt-validation.h"

typedef struct
{
  int      cell;
  float    xalign;
  gboolean numeric;
} CellInfo;

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CellInfo                 *info)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), info->xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (info->numeric)
    gtk_widget_add_css_class (label, "numeric-cell");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CellInfo                 *info)
{
  PtMember *member = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));

  switch (info->cell)
    {
    case PT_MEMBER_CELL_TIER:
      gtk_label_set_text (label, pt_member_get_tier_name (member));
      break;
    case PT_MEMBER_CELL_POINTS:
      {
        g_autofree char *points = pt_format_count (pt_member_get_points_balance (member));

        gtk_label_set_text (label, points);
      }
      break;
    case PT_MEMBER_FIELD_PHONE:
      {
        g_autofree char *phone = pt_phone_format (pt_member_get_phone (member));
        GApplication *app = g_application_get_default ();
        PtContext *context = PT_IS_APPLICATION (app) ? pt_application_get_context (PT_APPLICATION (app))
                                                     : NULL;
        /* Masked for those who may not see whole numbers (clerks). */
        g_autofree char *shown = context ? pt_store_display_phone (pt_context_get_store (context), phone)
                                         : g_strdup (phone);

        gtk_label_set_text (label, shown);
      }
      break;
    default:
      gtk_label_set_text (label, pt_member_get (member, info->cell));
      break;
    }
}

GtkListItemFactory *
pt_member_cell_factory_new (int      cell,
                            float    xalign,
                            gboolean numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellInfo *info = g_new0 (CellInfo, 1);

  g_return_val_if_fail (cell < PT_MEMBER_N_FIELDS, factory);

  info->cell = cell;
  info->xalign = xalign;
  info->numeric = numeric;
  g_object_set_data_full (G_OBJECT (factory), "pt-cell-info", info, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), info);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), info);
  return factory;
}
