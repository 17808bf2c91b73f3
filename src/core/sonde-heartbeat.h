/* sonde-heartbeat.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SONDE_TYPE_HEARTBEAT (sonde_heartbeat_get_type ())

G_DECLARE_FINAL_TYPE (SondeHeartbeat, sonde_heartbeat, SONDE, HEARTBEAT, GObject)

/* The application heartbeat and the dead-peer rule, as timers on the main
 * loop. It sends nothing itself: it emits "beat" when the heartbeat text is
 * due, "missed" for each miss and "dead" when the limit is reached. */
SondeHeartbeat *sonde_heartbeat_new       (void);
void            sonde_heartbeat_configure (SondeHeartbeat *self,
                                           guint           interval_ms,
                                           guint           timeout_ms,
                                           guint           limit,
                                           GRegex         *reply,
                                           guint           ping_ms);
void            sonde_heartbeat_start     (SondeHeartbeat *self);
void            sonde_heartbeat_stop      (SondeHeartbeat *self);
void            sonde_heartbeat_outbound  (SondeHeartbeat *self,
                                           gboolean        is_heartbeat);
gboolean        sonde_heartbeat_inbound   (SondeHeartbeat *self,
                                           const char     *text,
                                           gboolean        is_pong,
                                           gint64         *rtt_ms);
guint           sonde_heartbeat_get_missed (SondeHeartbeat *self);
guint           sonde_heartbeat_get_limit (SondeHeartbeat *self);

G_END_DECLS
