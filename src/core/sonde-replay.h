/* sonde-replay.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sonde-log.h"
#include "sonde-session.h"

G_BEGIN_DECLS

#define SONDE_REPLAY_DEFAULT_LINGER_MS 1000

#define SONDE_TYPE_REPLAY (sonde_replay_get_type ())

G_DECLARE_FINAL_TYPE (SondeReplay, sonde_replay, SONDE, REPLAY, GObject)

SondeReplay *sonde_replay_new           (SondeSession  *session);
void         sonde_replay_set_speed     (SondeReplay   *self,
                                         double         speed);
void         sonde_replay_set_all_roles (SondeReplay   *self,
                                         gboolean       all_roles);
void         sonde_replay_set_linger    (SondeReplay   *self,
                                         guint          linger_ms);
guint        sonde_replay_load          (SondeReplay   *self,
                                         SondeLog      *recording);
void         sonde_replay_start         (SondeReplay   *self);
void         sonde_replay_stop          (SondeReplay   *self);
guint        sonde_replay_get_n_sent    (SondeReplay   *self);
guint        sonde_replay_get_n_total   (SondeReplay   *self);
gboolean     sonde_replay_get_running   (SondeReplay   *self);

G_END_DECLS
