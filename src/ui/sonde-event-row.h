/* sonde-event-row.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-event.h"

G_BEGIN_DECLS

#define SONDE_TYPE_EVENT_ROW (sonde_event_row_get_type ())

G_DECLARE_FINAL_TYPE (SondeEventRow, sonde_event_row, SONDE, EVENT_ROW, GtkWidget)

GtkWidget  *sonde_event_row_new        (void);
SondeEvent *sonde_event_row_get_event  (SondeEventRow *self);
void        sonde_event_row_set_event  (SondeEventRow *self,
                                        SondeEvent    *event);
gboolean    sonde_event_row_get_utc    (SondeEventRow *self);
void        sonde_event_row_set_utc    (SondeEventRow *self,
                                        gboolean       utc);
/* The one-line preview shown, for tests. */
const char *sonde_event_row_get_preview (SondeEventRow *self);
const char *sonde_event_row_get_badge  (SondeEventRow *self);
guint       sonde_event_row_get_n_highlights (SondeEventRow *self);
void        sonde_event_row_set_reference_times (SondeEventRow *self,
                                                 gint64         previous_us,
                                                 gint64         open_us);
const char *sonde_event_row_get_time_text (SondeEventRow *self);
char       *sonde_event_row_format_delta (gint64        delta_us);

/* "14:55:52.711" in local time or UTC. */
char       *sonde_event_row_format_time (GDateTime    *time,
                                         gboolean      utc);

G_END_DECLS
