/* sonde-timeline-strip.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-timeline.h"

G_BEGIN_DECLS

#define SONDE_TYPE_TIMELINE_STRIP (sonde_timeline_strip_get_type ())

G_DECLARE_FINAL_TYPE (SondeTimelineStrip, sonde_timeline_strip, SONDE, TIMELINE_STRIP, GtkWidget)

GtkWidget     *sonde_timeline_strip_new          (void);
SondeTimeline *sonde_timeline_strip_get_timeline (SondeTimelineStrip *self);
void           sonde_timeline_strip_set_timeline (SondeTimelineStrip *self,
                                                  SondeTimeline      *timeline);
int            sonde_timeline_strip_entry_at     (SondeTimelineStrip *self,
                                                  double              x);
char          *sonde_timeline_strip_describe     (SondeTimelineStrip *self,
                                                  guint               position);
void           sonde_timeline_strip_activate_at  (SondeTimelineStrip *self,
                                                  double              x);

G_END_DECLS
