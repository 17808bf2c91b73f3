/* sonde-log-filter.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-log.h"
#include "sonde-matcher.h"

G_BEGIN_DECLS

/* What the log shows: a row is shown when its category is in the set. */
typedef enum /*< flags >*/
{
  SONDE_LOG_SHOW_INBOUND    = 1 << 0,  /* messages received */
  SONDE_LOG_SHOW_OUTBOUND   = 1 << 1,  /* messages sent and queued */
  SONDE_LOG_SHOW_CONNECTION = 1 << 2,  /* state, connecting, open, close, reconnect, gave-up */
  SONDE_LOG_SHOW_ERRORS     = 1 << 3,  /* error, warning, heartbeat-missed */
  SONDE_LOG_SHOW_HEARTBEAT  = 1 << 4,  /* heartbeats, their replies, pongs */
  SONDE_LOG_SHOW_TEXT       = 1 << 5,  /* text messages */
  SONDE_LOG_SHOW_BINARY     = 1 << 6,  /* binary messages */
} SondeLogShow;

#define SONDE_LOG_SHOW_ALL ((SondeLogShow) 0x7f)

#define SONDE_TYPE_LOG_FILTER (sonde_log_filter_get_type ())

G_DECLARE_FINAL_TYPE (SondeLogFilter, sonde_log_filter, SONDE, LOG_FILTER, GObject)

SondeLogFilter    *sonde_log_filter_new            (SondeLog       *log);
SondeLog          *sonde_log_filter_get_log        (SondeLogFilter *self);
void               sonde_log_filter_set_log        (SondeLogFilter *self,
                                                    SondeLog       *log);
SondeLogShow       sonde_log_filter_get_show       (SondeLogFilter *self);
void               sonde_log_filter_set_show       (SondeLogFilter *self,
                                                    SondeLogShow    show);
SondeMatcher      *sonde_log_filter_get_matcher    (SondeLogFilter *self);
void               sonde_log_filter_set_matcher    (SondeLogFilter *self,
                                                    SondeMatcher   *matcher);
SondeMatcher      *sonde_log_filter_get_find       (SondeLogFilter *self);
void               sonde_log_filter_set_find       (SondeLogFilter *self,
                                                    SondeMatcher   *find);
gboolean           sonde_log_filter_get_busy       (SondeLogFilter *self);
guint              sonde_log_filter_get_n_matches  (SondeLogFilter *self);
const SondeRecord *sonde_log_filter_get_record     (SondeLogFilter *self,
                                                    guint           position);
gboolean           sonde_log_filter_is_match       (SondeLogFilter *self,
                                                    guint           position);
gboolean           sonde_log_filter_find_next      (SondeLogFilter *self,
                                                    guint           from,
                                                    gboolean        backward,
                                                    guint          *position,
                                                    guint          *match_index);
gboolean           sonde_log_filter_record_shown   (SondeLogShow       show,
                                                    const SondeRecord *record);

G_END_DECLS
