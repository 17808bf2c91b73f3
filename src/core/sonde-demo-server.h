/* sonde-demo-server.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SONDE_TYPE_DEMO_SERVER (sonde_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (SondeDemoServer, sonde_demo_server, SONDE, DEMO_SERVER, GObject)

/* A small libsoup WebSocket server on 127.0.0.1 for first runs, demos and
 * tests: it answers the heartbeat text, acknowledges a JSON login, echoes
 * everything else and pushes a JSON status message every few seconds. */
SondeDemoServer *sonde_demo_server_new        (void);
gboolean         sonde_demo_server_start      (SondeDemoServer  *self,
                                               guint             port,
                                               const char       *path,
                                               GError          **error);
void             sonde_demo_server_stop       (SondeDemoServer  *self);
const char      *sonde_demo_server_get_url    (SondeDemoServer  *self);
guint            sonde_demo_server_get_port   (SondeDemoServer  *self);
guint            sonde_demo_server_get_n_clients (SondeDemoServer *self);
gboolean         sonde_demo_server_get_running (SondeDemoServer *self);
/* Milliseconds between status pushes ("push-interval", default 3000, 0 = off). */
guint            sonde_demo_server_get_push_interval (SondeDemoServer *self);
void             sonde_demo_server_set_push_interval (SondeDemoServer *self,
                                                      guint            push_interval);

G_END_DECLS
