/* sonde-state-badge.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-connection.h"

G_BEGIN_DECLS

#define SONDE_TYPE_STATE_BADGE (sonde_state_badge_get_type ())

G_DECLARE_FINAL_TYPE (SondeStateBadge, sonde_state_badge, SONDE, STATE_BADGE, GtkWidget)

GtkWidget  *sonde_state_badge_new       (void);
SondeState  sonde_state_badge_get_state (SondeStateBadge *self);
void        sonde_state_badge_set_state (SondeStateBadge *self,
                                         SondeState       state);
/* The text shown, e.g. "OPEN · readyState 1", for tests and tooltips. */
char       *sonde_state_badge_dup_text  (SondeStateBadge *self);

G_END_DECLS
