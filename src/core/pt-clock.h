/* pt-clock.h — a hybrid logical clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A stamp packs 48 bits of milliseconds since the epoch above a 16-bit
 * counter; the device id breaks ties. As text a stamp is
 * "%012llx%04x@<device>", so comparing the strings orders them. */
#define PT_HLC_STRING_LEN 16

#define PT_TYPE_CLOCK (pt_clock_get_type ())

G_DECLARE_FINAL_TYPE (PtClock, pt_clock, PT, CLOCK, GObject)

PtClock    *pt_clock_new             (const char *device_id);
const char *pt_clock_get_device_id   (PtClock    *self);

/* Next stamp for a local event, as text (see above). */
char       *pt_clock_tick            (PtClock    *self);
guint64     pt_clock_tick_raw        (PtClock    *self);

/* Moves the clock past a stamp seen from elsewhere (a pulled change). */
void        pt_clock_observe         (PtClock    *self,
                                      const char *stamp);
void        pt_clock_observe_raw     (PtClock    *self,
                                      guint64     raw);

guint64     pt_clock_get_last        (PtClock    *self);

/* Tests and the bench shift the wall clock to simulate a skewed machine. */
void        pt_clock_set_offset_ms   (PtClock    *self,
                                      gint64      offset_ms);
gint64      pt_clock_wall_ms         (PtClock    *self);

char       *pt_hlc_format            (guint64     raw,
                                      const char *device_id);
/* Parses the numeric part of a stamp; FALSE if it is not a stamp. */
gboolean    pt_hlc_parse             (const char *stamp,
                                      guint64    *raw);
gint64      pt_hlc_get_ms            (guint64     raw);

G_END_DECLS
