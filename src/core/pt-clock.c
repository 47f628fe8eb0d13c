/* pt-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-clock"

#include "config.h"

#include <string.h>

#include "pt-clock.h"

struct _PtClock
{
  GObject  parent_instance;
  GMutex   mutex;
  char    *device_id;
  guint64  last;
  gint64   offset_ms;
};

G_DEFINE_FINAL_TYPE (PtClock, pt_clock, G_TYPE_OBJECT)

#define COUNTER_BITS 16
#define COUNTER_MASK ((G_GUINT64_CONSTANT (1) << COUNTER_BITS) - 1)

static void
pt_clock_finalize (GObject *object)
{
  PtClock *self = (PtClock *) object;

  g_mutex_clear (&self->mutex);
  g_free (self->device_id);

  G_OBJECT_CLASS (pt_clock_parent_class)->finalize (object);
}

static void
pt_clock_class_init (PtClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_clock_finalize;
}

static void
pt_clock_init (PtClock *self)
{
  g_mutex_init (&self->mutex);
}

/* Creates a clock for @device_id, which breaks ties between equal stamps. */
PtClock *
pt_clock_new (const char *device_id)
{
  PtClock *self = g_object_new (PT_TYPE_CLOCK, NULL);

  self->device_id = g_strdup (device_id ? device_id : "");
  return self;
}

const char *
pt_clock_get_device_id (PtClock *self)
{
  g_return_val_if_fail (PT_IS_CLOCK (self), NULL);
  return self->device_id;
}

gint64
pt_clock_wall_ms (PtClock *self)
{
  return g_get_real_time () / 1000 + self->offset_ms;
}

void
pt_clock_set_offset_ms (PtClock *self,
                        gint64   offset_ms)
{
  g_return_if_fail (PT_IS_CLOCK (self));
  self->offset_ms = offset_ms;
}

gint64
pt_hlc_get_ms (guint64 raw)
{
  return (gint64) (raw >> COUNTER_BITS);
}

/* Local event: the stamp is the wall clock if it moved past the last one,
 * otherwise the last stamp plus one on the counter. */
guint64
pt_clock_tick_raw (PtClock *self)
{
  guint64 wall;
  guint64 next;

  g_return_val_if_fail (PT_IS_CLOCK (self), 0);

  g_mutex_lock (&self->mutex);
  wall = ((guint64) pt_clock_wall_ms (self)) << COUNTER_BITS;
  next = wall > self->last ? wall : self->last + 1;
  self->last = next;
  g_mutex_unlock (&self->mutex);

  return next;
}

char *
pt_hlc_format (guint64     raw,
               const char *device_id)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x@%s", raw, device_id ? device_id : "");
}

gboolean
pt_hlc_parse (const char *stamp,
              guint64    *raw)
{
  guint64 value = 0;

  if (stamp == NULL || strlen (stamp) < PT_HLC_STRING_LEN)
    return FALSE;

  for (guint i = 0; i < PT_HLC_STRING_LEN; i++)
    {
      int v = g_ascii_xdigit_value (stamp[i]);
      if (v < 0)
        return FALSE;
      value = (value << 4) | (guint64) v;
    }

  if (stamp[PT_HLC_STRING_LEN] != '\0' && stamp[PT_HLC_STRING_LEN] != '@')
    return FALSE;

  *raw = value;
  return TRUE;
}

char *
pt_clock_tick (PtClock *self)
{
  return pt_hlc_format (pt_clock_tick_raw (self), self->device_id);
}

void
pt_clock_observe_raw (PtClock *self,
                      guint64  raw)
{
  g_return_if_fail (PT_IS_CLOCK (self));

  g_mutex_lock (&self->mutex);
  if (raw > self->last)
    self->last = raw;
  g_mutex_unlock (&self->mutex);
}

void
pt_clock_observe (PtClock    *self,
                  const char *stamp)
{
  guint64 raw;

  if (pt_hlc_parse (stamp, &raw))
    pt_clock_observe_raw (self, raw);
}

guint64
pt_clock_get_last (PtClock *self)
{
  guint64 last;

  g_return_val_if_fail (PT_IS_CLOCK (self), 0);

  g_mutex_lock (&self->mutex);
  last = self->last;
  g_mutex_unlock (&self->mutex);
  return last;
}
