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
 * emits "profile-activated" with the saved profile when clicked, an
 * export button and a delete button per row (undone from the toast that
 * follows), the sample profile, and Import…. */
SondeProfileStore *sonde_saved_popover_get_store    (SondeSavedPopover *self);
void               sonde_saved_popover_set_store    (SondeSavedPopover *self,
                                                     SondeProfileStore *store);
/* For the UI tests. */
GtkListBox        *sonde_saved_popover_get_list_box (SondeSavedPopover *self);
/* Deletes @profile from the store, as the row's delete button does. */
void               sonde_saved_popover_delete       (SondeSavedPopover *self,
                                                     SondeProfile      *profile);
/* The sample of the app's data ("Mini-program backend"), its list box,
 * and what its row does. */
SondeProfile      *sonde_saved_popover_dup_sample      (void);
GtkListBox        *sonde_saved_popover_get_sample_list (SondeSavedPopover *self);
void               sonde_saved_popover_activate_sample (SondeSavedPopover *self);
/* What Export… and Import… do once a file is chosen. */
gboolean           sonde_saved_popover_export_to       (SondeSavedPopover *self,
                                                        SondeProfile      *profile,
                                                        GFile             *file);
SondeProfile      *sonde_saved_popover_import_from     (SondeSavedPopover *self,
                                                        GFile             *file);

G_END_DECLS
