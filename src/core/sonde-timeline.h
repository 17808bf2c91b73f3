/* sonde-timeline.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-connection.h"
#include "sonde-record.h"

G_BEGIN_DECLS

/* The most entries a timeline keeps; the oldest go first. */
#define SONDE_TIMELINE_MAX_ENTRIES 2000

/* One stretch of a session's life in one readyState. `end_*` are 0 while
 * it lasts. The close fields are those of the `close` event that ended
 * the stretch before it (for a CLOSED entry: why it closed); `error` is
 * the first error reported during the stretch. Strings are owned by the
 * timeline. */
typedef struct
{
  SondeState  state;
  guint64     seq;            /* of the `state` event that began it */
  gint64      start_wall_us;
  gint64      start_mono_us;
  gint64      end_wall_us;
  gint64      end_mono_us;
  guint       attempt;        /* CONNECTING: the attempt number */
  gint        close_code;     /* CLOSED: 0 when no close event came */
  gboolean    clean;
  char       *close_reason;
  char       *initiator;
  char       *error;
  gint64      reconnect_delay_ms; /* CLOSED: -1 unless a reconnect was planned */
  gboolean    gave_up;
} SondeTimelineEntry;

#define SONDE_TYPE_TIMELINE (sonde_timeline_get_type ())

G_DECLARE_FINAL_TYPE (SondeTimeline, sonde_timeline, SONDE, TIMELINE, GObject)

SondeTimeline            *sonde_timeline_new          (void);
void                      sonde_timeline_add_record   (SondeTimeline     *self,
                                                       const SondeRecord *record);
void                      sonde_timeline_clear        (SondeTimeline     *self);
guint                     sonde_timeline_get_n_entries (SondeTimeline    *self);
const SondeTimelineEntry *sonde_timeline_get_entry    (SondeTimeline     *self,
                                                       guint              position);
gint64                    sonde_timeline_entry_get_duration_us (const SondeTimelineEntry *entry,
                                                                gint64                    now_mono_us);
int                       sonde_timeline_find_at      (SondeTimeline     *self,
                                                       gint64             mono_us);

G_END_DECLS
