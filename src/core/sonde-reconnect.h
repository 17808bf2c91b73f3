/* sonde-reconnect.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SONDE_RECONNECT_SCHEDULED,
  SONDE_RECONNECT_WAITING_FOR_NETWORK,
  SONDE_RECONNECT_GAVE_UP,
} SondeReconnectResult;

#define SONDE_TYPE_RECONNECT (sonde_reconnect_get_type ())

G_DECLARE_FINAL_TYPE (SondeReconnect, sonde_reconnect, SONDE, RECONNECT, GObject)

/* The reconnect policy of docs/cli.md, as timers on the main loop: it counts
 * consecutive failed attempts, waits base × 2^(n−1) ±20 % (capped) or for
 * the network, and emits "retry" when the next attempt is due. */
SondeReconnect       *sonde_reconnect_new           (GNetworkMonitor *monitor);
void                  sonde_reconnect_configure     (SondeReconnect  *self,
                                                     guint            base_ms,
                                                     guint            max_ms,
                                                     guint            max_attempts,
                                                     guint            reset_ms);
SondeReconnectResult  sonde_reconnect_schedule      (SondeReconnect  *self,
                                                     const char      *url,
                                                     guint           *delay_ms);
void                  sonde_reconnect_cancel        (SondeReconnect  *self);
void                  sonde_reconnect_restart       (SondeReconnect  *self);
void                  sonde_reconnect_opened        (SondeReconnect  *self);
void                  sonde_reconnect_closed        (SondeReconnect  *self);
guint                 sonde_reconnect_get_failures  (SondeReconnect  *self);
gboolean              sonde_reconnect_get_pending   (SondeReconnect  *self);
gint64                sonde_reconnect_get_due       (SondeReconnect  *self);
GNetworkMonitor      *sonde_reconnect_get_monitor   (SondeReconnect  *self);

G_END_DECLS
