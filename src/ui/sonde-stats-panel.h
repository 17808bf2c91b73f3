/* sonde-stats-panel.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-session.h"

G_BEGIN_DECLS

#define SONDE_TYPE_STATS_PANEL (sonde_stats_panel_get_type ())

G_DECLARE_FINAL_TYPE (SondeStatsPanel, sonde_stats_panel, SONDE, STATS_PANEL, GtkWidget)

GtkWidget    *sonde_stats_panel_new         (void);
SondeSession *sonde_stats_panel_get_session (SondeStatsPanel *self);
void          sonde_stats_panel_set_session (SondeStatsPanel *self,
                                             SondeSession    *session);
void          sonde_stats_panel_update      (SondeStatsPanel *self);
const char   *sonde_stats_panel_get_text    (SondeStatsPanel *self,
                                             const char      *which);
GtkWidget    *sonde_stats_panel_get_timeline_strip (SondeStatsPanel *self);

G_END_DECLS
