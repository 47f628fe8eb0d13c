/* pt-report.c — a printable report: title, tables, charts, cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include "pt-card-sheet.h"
#include "pt-report.h"
#include "pt-report-layout.h"

typedef struct
{
  PtReportBlockKind kind;
  union {
    char          *paragraph;
    PtReportTable *table;
    PtReportChart *chart;
  };
} Block;

struct _PtReport
{
  GObject    parent_instance;

  char      *title;
  char      *subtitle;
  char      *branch;
  char      *shop_name;
  char      *shop_address;
  GDateTime *generated;
  GArray    *blocks;     /* Block */
  GPtrArray *cards;      /* PtCard, NULL unless a card report */
  gboolean   single_cards;
};

G_DEFINE_FINAL_TYPE (PtReport, pt_report, G_TYPE_OBJECT)

G_DEFINE_QUARK (pt-report-error-quark, pt_report_error)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_BRANCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_block (gpointer data)
{
  Block *block = data;

  switch (block->kind)
    {
    case PT_REPORT_BLOCK_PARAGRAPH:
      g_free (block->paragraph);
      break;
    case PT_REPORT_BLOCK_TABLE:
      pt_report_table_free (block->table);
      break;
    case PT_REPORT_BLOCK_CHART:
      pt_report_chart_free (block->chart);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
pt_report_finalize (GObject *object)
{
  PtReport *self = (PtReport *) object;

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->branch);
  g_free (self->shop_name);
  g_free (self->shop_address);
  g_clear_pointer (&self->generated, g_date_time_unref);
  g_array_unref (self->blocks);
  g_clear_pointer (&self->cards, g_ptr_array_unref);

  G_OBJECT_CLASS (pt_report_parent_class)->finalize (object);
}

static void
pt_report_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PtReport *self = PT_REPORT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_BRANCH:
      g_value_set_string (value, self->branch);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_report_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PtReport *self = PT_REPORT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      pt_report_set_title (self, g_value_get_string (value));
      break;
    case PROP_SUBTITLE:
      pt_report_set_subtitle (self, g_value_get_string (value));
      break;
    case PROP_BRANCH:
      pt_report_set_branch (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_report_class_init (PtReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pt_report_finalize;
  object_class->get_property = pt_report_get_property;
  object_class->set_property = pt_report_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRANCH] =
    g_param_spec_string ("branch", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pt_report_init (PtReport *self)
{
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, clear_block);
  self->generated = g_date_time_new_now_local ();
}

PtReport *
pt_report_new (const char *title)
{
  return g_object_new (PT_TYPE_REPORT, "title", title, NULL);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = value && !g_utf8_validate (value, -1, NULL) ? g_utf8_make_valid (value, -1)
                                                       : g_strdup (value);
  return TRUE;
}

const char *
pt_report_get_title (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  return self->title;
}

void
pt_report_set_title (PtReport   *self,
                     const char *title)
{
  g_return_if_fail (PT_IS_REPORT (self));
  if (set_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
pt_report_get_subtitle (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  return self->subtitle;
}

void
pt_report_set_subtitle (PtReport   *self,
                        const char *subtitle)
{
  g_return_if_fail (PT_IS_REPORT (self));
  if (set_string (&self->subtitle, subtitle))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

const char *
pt_report_get_branch (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  return self->branch;
}

void
pt_report_set_branch (PtReport   *self,
                      const char *branch)
{
  g_return_if_fail (PT_IS_REPORT (self));
  if (set_string (&self->branch, branch))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRANCH]);
}

const char *
pt_report_get_shop_name (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  return self->shop_name;
}

const char *
pt_report_get_shop_address (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  return self->shop_address;
}

void
pt_report_set_shop (PtReport   *self,
                    const char *name,
                    const char *address)
{
  g_return_if_fail (PT_IS_REPORT (self));
  set_string (&self->shop_name, name && *name ? name : NULL);
  set_string (&self->shop_address, address && *address ? address : NULL);
}

char *
pt_report_dup_letterhead (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  if (self->shop_name == NULL && self->shop_address == NULL)
    return NULL;
  if (self->shop_name == NULL || self->shop_address == NULL)
    return g_strdup (self->shop_name ? self->shop_name : self->shop_address);
  return g_strconcat (self->shop_name, "\n", self->shop_address, NULL);
}

void
pt_report_set_shop_from_settings (PtReport  *self,
                                  GSettings *settings)
{
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;

  g_return_if_fail (PT_IS_REPORT (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  name = g_settings_get_string (settings, "shop-name");
  address = g_settings_get_string (settings, "shop-address");
  pt_report_set_shop (self, name, address);
}

GDateTime *
pt_report_get_generated (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  return self->generated;
}

void
pt_report_set_generated (PtReport  *self,
                         GDateTime *generated)
{
  g_return_if_fail (PT_IS_REPORT (self));
  g_return_if_fail (generated != NULL);

  g_date_time_ref (generated);
  g_clear_pointer (&self->generated, g_date_time_unref);
  self->generated = generated;
}

void
pt_report_add_paragraph (PtReport   *self,
                         const char *text)
{
  Block block = { PT_REPORT_BLOCK_PARAGRAPH, };

  g_return_if_fail (PT_IS_REPORT (self));

  block.paragraph = g_utf8_make_valid (text ? text : "", -1);
  g_array_append_val (self->blocks, block);
}

PtReportTable *
pt_report_add_table (PtReport   *self,
                     const char *caption)
{
  Block block = { PT_REPORT_BLOCK_TABLE, };

  g_return_val_if_fail (PT_IS_REPORT (self), NULL);

  block.table = pt_report_table_new (caption);
  g_array_append_val (self->blocks, block);
  return block.table;
}

PtReportChart *
pt_report_add_chart (PtReport          *self,
                     PtReportChartKind  kind,
                     const char        *caption)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);

  return pt_report_append_chart (self, pt_report_chart_new (kind, caption));
}

PtReportChart *
pt_report_append_chart (PtReport      *self,
                        PtReportChart *chart)
{
  Block block = { PT_REPORT_BLOCK_CHART, };

  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  g_return_val_if_fail (chart != NULL, NULL);

  block.chart = chart;
  g_array_append_val (self->blocks, block);
  return block.chart;
}

guint
pt_report_get_n_blocks (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), 0);
  return self->blocks->len;
}

static Block *
get_block (PtReport          *self,
           guint              block,
           PtReportBlockKind  kind)
{
  Block *b;

  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  g_return_val_if_fail (block < self->blocks->len, NULL);

  b = &g_array_index (self->blocks, Block, block);
  return b->kind == kind ? b : NULL;
}

PtReportBlockKind
pt_report_get_block_kind (PtReport *self,
                          guint     block)
{
  g_return_val_if_fail (PT_IS_REPORT (self), PT_REPORT_BLOCK_PARAGRAPH);
  g_return_val_if_fail (block < self->blocks->len, PT_REPORT_BLOCK_PARAGRAPH);

  return g_array_index (self->blocks, Block, block).kind;
}

const char *
pt_report_get_paragraph (PtReport *self,
                         guint     block)
{
  Block *b = get_block (self, block, PT_REPORT_BLOCK_PARAGRAPH);
  return b ? b->paragraph : NULL;
}

PtReportTable *
pt_report_get_table (PtReport *self,
                     guint     block)
{
  Block *b = get_block (self, block, PT_REPORT_BLOCK_TABLE);
  return b ? b->table : NULL;
}

PtReportChart *
pt_report_get_chart (PtReport *self,
                     guint     block)
{
  Block *b = get_block (self, block, PT_REPORT_BLOCK_CHART);
  return b ? b->chart : NULL;
}

PtReportTable *
pt_report_get_main_table (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);

  for (guint i = 0; i < self->blocks->len; i++)
    if (g_array_index (self->blocks, Block, i).kind == PT_REPORT_BLOCK_TABLE)
      return g_array_index (self->blocks, Block, i).table;
  return NULL;
}

void
pt_report_add_card (PtReport *self,
                    PtCard   *card)
{
  g_return_if_fail (PT_IS_REPORT (self));
  g_return_if_fail (card != NULL);

  if (self->cards == NULL)
    self->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_card_free);
  g_ptr_array_add (self->cards, card);
}

GPtrArray *
pt_report_get_cards (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);
  return self->cards;
}

void
pt_report_set_single_cards (PtReport *self,
                            gboolean  single)
{
  g_return_if_fail (PT_IS_REPORT (self));
  self->single_cards = !!single;
}

gboolean
pt_report_get_single_cards (PtReport *self)
{
  g_return_val_if_fail (PT_IS_REPORT (self), FALSE);
  return self->single_cards;
}

PtPageSource *
pt_report_paginate (PtReport *self,
                    double    width,
                    double    height,
                    double    margin)
{
  g_return_val_if_fail (PT_IS_REPORT (self), NULL);

  if (self->cards != NULL)
    return PT_PAGE_SOURCE (pt_card_sheet_new (self->cards,
                                              self->single_cards ? PT_CARD_SHEET_SINGLE
                                                                 : PT_CARD_SHEET_A4));
  return PT_PAGE_SOURCE (pt_report_layout_new (self, width, height, margin));
}
