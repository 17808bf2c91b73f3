/* sonde-status-bar.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-connection.h"
#include "sonde-state-badge.h"

G_BEGIN_DECLS

#define SONDE_TYPE_STATUS_BAR (sonde_status_bar_get_type ())

G_DECLARE_FINAL_TYPE (SondeStatusBar, sonde_status_bar, SONDE, STATUS_BAR, GtkWidget)

/* What a connection is doing, from its properties: the state badge, the
 * bytes and messages waiting, the heartbeat's round trip and misses, the
 * countdown to the next reconnect with a "Reconnect Now" button
 * (win.reconnect-now), and the file being recorded to with a "Stop"
 * button (win.stop-recording). */
SondeConnection *sonde_status_bar_get_connection  (SondeStatusBar  *self);
void             sonde_status_bar_set_connection  (SondeStatusBar  *self,
                                                   SondeConnection *connection);
/* The file being recorded to, or NULL when not recording. */
const char      *sonde_status_bar_get_record_path (SondeStatusBar  *self);
void             sonde_status_bar_set_record_path (SondeStatusBar  *self,
                                                   const char      *path);
/* For the UI tests. */
SondeStateBadge *sonde_status_bar_get_badge           (SondeStatusBar *self);
GtkLabel        *sonde_status_bar_get_reconnect_label (SondeStatusBar *self);
GtkLabel        *sonde_status_bar_get_record_label    (SondeStatusBar *self);

G_END_DECLS
