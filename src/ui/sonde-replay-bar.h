/* sonde-replay-bar.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-session.h"

G_BEGIN_DECLS

#define SONDE_TYPE_REPLAY_BAR (sonde_replay_bar_get_type ())

G_DECLARE_FINAL_TYPE (SondeReplayBar, sonde_replay_bar, SONDE, REPLAY_BAR, GtkWidget)

SondeReplayBar *sonde_replay_bar_new         (void);
void            sonde_replay_bar_set_session (SondeReplayBar *self,
                                              SondeSession   *session);
void            sonde_replay_bar_start       (SondeReplayBar *self,
                                              GFile          *file);
void            sonde_replay_bar_stop        (SondeReplayBar *self);
gboolean        sonde_replay_bar_get_busy    (SondeReplayBar *self);
const char     *sonde_replay_bar_get_status  (SondeReplayBar *self);

G_END_DECLS
