/* sonde-window-private.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sonde-saved-popover.h"
#include "sonde-state-badge.h"
#include "sonde-window.h"

G_BEGIN_DECLS

/* Internal widgets, for the UI tests only. */
SondeStateBadge *sonde_window_get_badge           (SondeWindow *self);
GtkEntry        *sonde_window_get_url_entry       (SondeWindow *self);
GtkEntry        *sonde_window_get_composer_entry  (SondeWindow *self);
GtkDropDown     *sonde_window_get_mode_dropdown   (SondeWindow *self);
GtkLabel        *sonde_window_get_composer_error  (SondeWindow *self);
GtkLabel        *sonde_window_get_reconnect_label (SondeWindow *self);
GtkListView     *sonde_window_get_list_view       (SondeWindow *self);
/* The log as shown: after the search and heartbeat filters. */
GListModel      *sonde_window_get_visible_events  (SondeWindow *self);
GtkMenuButton   *sonde_window_get_saved_button    (SondeWindow *self);
SondeSavedPopover *sonde_window_get_saved_popover (SondeWindow *self);
GtkLabel        *sonde_window_get_record_label    (SondeWindow *self);
/* The title of the last toast shown, or NULL. */
const char      *sonde_window_get_last_toast      (SondeWindow *self);

G_END_DECLS
