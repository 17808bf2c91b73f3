/* sonde-saved-popover.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sonde-profile-store.h"

G_BEGIN_DECLS

#define SONDE_TYPE_SAVED_POPOVER (sonde_saved_popover_get_type ())

G_DECLARE_FINAL_TYPE (SondeSavedPopover, sonde_saved_popover, SONDE, SAVED_POPOVER, GtkPopover)

/* The saved connections of a SondeProfileStore: a row per profile that
 * emits "profile-activated" with the saved profile when clicked, and a
 * delete button per row (undone from the toast that follows). */
SondeProfileStore *sonde_saved_popover_get_store    (SondeSavedPopover *self);
void               sonde_saved_popover_set_store    (SondeSavedPopover *self,
                                                     SondeProfileStore *store);
/* For the UI tests. */
GtkListBox        *sonde_saved_popover_get_list_box (SondeSavedPopover *self);
/* Deletes @profile from the store, as the row's delete button does. */
void               sonde_saved_popover_delete       (SondeSavedPopover *self,
                                                     SondeProfile      *profile);

G_END_DECLS
