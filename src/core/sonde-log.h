/* sonde-log.h
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

#define SONDE_TYPE_LOG (sonde_log_get_type ())

G_DECLARE_FINAL_TYPE (SondeLog, sonde_log, SONDE, LOG, GObject)

/* The live log that the window shows: a compact store of SondeRecord
 * values and their payload bytes, and a GListModel of SondeEvent items
 * made on demand. It keeps at most max-items events (the oldest are
 * dropped, and counted). In batch mode appends are published by
 * sonde_log_flush(), once per frame, in at most two items-changed. */
SondeLog          *sonde_log_new             (guint              max_items);
void               sonde_log_append          (SondeLog          *self,
                                              SondeEvent        *event);
void               sonde_log_append_record   (SondeLog          *self,
                                              const SondeRecord *record);
void               sonde_log_flush           (SondeLog          *self);
gboolean           sonde_log_get_batch       (SondeLog          *self);
void               sonde_log_set_batch       (SondeLog          *self,
                                              gboolean           batch);
guint              sonde_log_get_n_pending   (SondeLog          *self);
gint64             sonde_log_find_seq        (SondeLog          *self,
                                              guint64            seq);
guint64            sonde_log_find_reply      (SondeLog          *self,
                                              guint64            request_seq);
void               sonde_log_add_flags       (SondeLog          *self,
                                              guint64            seq,
                                              guint8             flags);
const SondeRecord *sonde_log_get_record      (SondeLog          *self,
                                              guint              position);
void               sonde_log_clear           (SondeLog          *self);
guint              sonde_log_get_max_items   (SondeLog          *self);
void               sonde_log_set_max_items   (SondeLog          *self,
                                              guint              max_items);
guint64            sonde_log_get_n_dropped   (SondeLog          *self);
guint64            sonde_log_get_n_appended  (SondeLog          *self);
gsize              sonde_log_get_memory_size (SondeLog          *self);

G_END_DECLS
