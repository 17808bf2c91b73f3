/* sonde-filter-bar.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-log-view.h"

G_BEGIN_DECLS

#define SONDE_TYPE_FILTER_BAR (sonde_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (SondeFilterBar, sonde_filter_bar, SONDE, FILTER_BAR, GtkWidget)

/* Chips that choose which rows its view shows: received, sent, text,
 * binary, connection events, errors. (Heartbeat traffic has its own
 * toggle, the "hide-heartbeats" setting.) */
GtkToggleButton *sonde_filter_bar_get_chip (SondeFilterBar *self,
                                            SondeLogShow    category);

G_END_DECLS
