/* sonde-event-writer.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-event.h"
#include "sonde-record.h"

G_BEGIN_DECLS

#define SONDE_TYPE_EVENT_WRITER (sonde_event_writer_get_type ())

G_DECLARE_FINAL_TYPE (SondeEventWriter, sonde_event_writer, SONDE, EVENT_WRITER, GObject)

/* Writes events as NDJSON lines (docs/events.md), buffered: see
 * sonde_event_writer_set_flush_interval(). */
SondeEventWriter *sonde_event_writer_new          (GOutputStream     *stream);
SondeEventWriter *sonde_event_writer_new_for_path (const char        *path,
                                                   GError           **error);
gboolean          sonde_event_writer_write        (SondeEventWriter  *self,
                                                   SondeEvent        *event,
                                                   GError           **error);
gboolean          sonde_event_writer_write_record (SondeEventWriter *self,
                                                   const SondeRecord *record,
                                                   GError           **error);
void              sonde_event_writer_set_flush_interval (SondeEventWriter *self,
                                                   guint              interval_ms);
void              sonde_event_writer_set_nonblocking (SondeEventWriter *self,
                                                   gboolean           nonblocking,
                                                   gsize              max_pending);
const GError     *sonde_event_writer_get_error    (SondeEventWriter  *self);
guint64           sonde_event_writer_get_unwritten (SondeEventWriter *self,
                                                   guint64           *bytes);
gboolean          sonde_event_writer_flush        (SondeEventWriter  *self,
                                                   GError           **error);
gboolean          sonde_event_writer_close        (SondeEventWriter  *self,
                                                   GError           **error);

G_END_DECLS
