/* sonde-window-private.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sonde-composer-bar.h"
#include "sonde-log-view.h"
#include "sonde-notifier.h"
#include "sonde-saved-popover.h"
#include "sonde-stats-panel.h"
#include "sonde-status-bar.h"
#include "sonde-window.h"

G_BEGIN_DECLS

/* Internal widgets, for the UI tests only. */
GtkEntry          *sonde_window_get_url_entry      (SondeWindow *self);
SondeStatusBar    *sonde_window_get_status_bar     (SondeWindow *self);
SondeLogView      *sonde_window_get_log_view       (SondeWindow *self);
SondeComposerBar  *sonde_window_get_composer_bar   (SondeWindow *self);
GtkMenuButton     *sonde_window_get_saved_button   (SondeWindow *self);
SondeSavedPopover *sonde_window_get_saved_popover  (SondeWindow *self);
SondeStatsPanel   *sonde_window_get_stats_panel    (SondeWindow *self);
AdwFlap           *sonde_window_get_stats_flap     (SondeWindow *self);
SondeNotifier     *sonde_window_get_notifier       (SondeWindow *self);
/* The binding of the window's is-active to the notifier's focused. */
GBinding          *sonde_window_get_focus_binding  (SondeWindow *self);
/* The first-run page while it is shown, or NULL. */
GtkWidget         *sonde_window_get_first_run      (SondeWindow *self);
/* The title of the last toast shown, or NULL. */
const char        *sonde_window_get_last_toast     (SondeWindow *self);

G_END_DECLS
