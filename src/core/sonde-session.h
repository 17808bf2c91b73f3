/* sonde-session.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-connection.h"
#include "sonde-event-writer.h"
#include "sonde-log.h"
#include "sonde-profile.h"
#include "sonde-record.h"
#include "sonde-stats.h"
#include "sonde-timeline.h"

G_BEGIN_DECLS

#define SONDE_TYPE_SESSION (sonde_session_get_type ())

G_DECLARE_FINAL_TYPE (SondeSession, sonde_session, SONDE, SESSION, GObject)

/* One monitored endpoint over time: the window's and `sonde-cli
 * connect`'s engine. It owns the profile, the current connection and the
 * ones still closing, the outbox that outlives them all, the log (if
 * any), the recorder, the output writer (if any) and the counters, and
 * routes every event of every connection to them. */
SondeSession    *sonde_session_new               (SondeProfile     *profile);
SondeProfile    *sonde_session_get_profile       (SondeSession     *self);
void             sonde_session_set_profile       (SondeSession     *self,
                                                  SondeProfile     *profile);
SondeConnection *sonde_session_get_connection    (SondeSession     *self);
SondeLog        *sonde_session_get_log           (SondeSession     *self);
void             sonde_session_set_log           (SondeSession     *self,
                                                  SondeLog         *log);
void             sonde_session_set_output        (SondeSession     *self,
                                                  SondeEventWriter *writer);

gboolean         sonde_session_connect           (SondeSession     *self,
                                                  GError          **error);
void             sonde_session_disconnect        (SondeSession     *self);
void             sonde_session_warn              (SondeSession     *self,
                                                  const char       *message);
void             sonde_session_load_secrets_async  (SondeSession        *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean         sonde_session_load_secrets_finish (SondeSession        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void             sonde_session_reconnect_now     (SondeSession     *self);
gboolean         sonde_session_send_text         (SondeSession     *self,
                                                  const char       *text,
                                                  GError          **error);
gboolean         sonde_session_send_text_len     (SondeSession     *self,
                                                  const char       *text,
                                                  gssize            length,
                                                  GError          **error);
gboolean         sonde_session_send_binary       (SondeSession     *self,
                                                  GBytes           *bytes,
                                                  GError          **error);

gboolean         sonde_session_send_full         (SondeSession     *self,
                                                  gboolean          binary,
                                                  GBytes           *payload,
                                                  SondeRole         role,
                                                  guint64           replay_of,
                                                  GError          **error);
gboolean         sonde_session_start_recording   (SondeSession     *self,
                                                  const char       *path,
                                                  GError          **error);
void             sonde_session_stop_recording    (SondeSession     *self);
guint            sonde_session_report_unsent     (SondeSession     *self);
const char      *sonde_session_get_record_path   (SondeSession     *self);

gboolean         sonde_session_get_active        (SondeSession     *self);
SondeState       sonde_session_get_state         (SondeSession     *self);
guint            sonde_session_get_outbox_length (SondeSession     *self);
guint            sonde_session_get_n_waiting_requests (SondeSession *self);
guint64          sonde_session_get_messages_in   (SondeSession     *self);
guint64          sonde_session_get_messages_out  (SondeSession     *self);
guint64          sonde_session_get_bytes_in      (SondeSession     *self);
guint64          sonde_session_get_bytes_out     (SondeSession     *self);
SondeStats      *sonde_session_get_stats         (SondeSession     *self);
SondeTimeline   *sonde_session_get_timeline      (SondeSession     *self);

G_END_DECLS
