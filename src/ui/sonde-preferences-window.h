/* sonde-preferences-window.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sonde-profile.h"

G_BEGIN_DECLS

#define SONDE_TYPE_PREFERENCES_WINDOW (sonde_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SondePreferencesWindow, sonde_preferences_window, SONDE, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Edits @profile (the next connection's settings) and the app's
 * GSettings. */
GtkWidget *sonde_preferences_window_new (GtkWindow    *transient_for,
                                         SondeProfile *profile);

G_END_DECLS
