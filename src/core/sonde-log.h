/* sonde-log.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-event.h"

G_BEGIN_DECLS

#define SONDE_TYPE_LOG (sonde_log_get_type ())

G_DECLARE_FINAL_TYPE (SondeLog, sonde_log, SONDE, LOG, GObject)

/* A GListModel of SondeEvent: the live log that the window shows. It keeps
 * at most max-items events (the oldest are dropped, and counted). */
SondeLog *sonde_log_new            (guint       max_items);
void      sonde_log_append         (SondeLog   *self,
                                    SondeEvent *event);
void      sonde_log_clear          (SondeLog   *self);
guint     sonde_log_get_max_items  (SondeLog   *self);
void      sonde_log_set_max_items  (SondeLog   *self,
                                    guint       max_items);
guint64   sonde_log_get_n_dropped  (SondeLog   *self);

G_END_DECLS
