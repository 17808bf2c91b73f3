/* sonde-profile-store.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-profile.h"
#include "sonde-secrets.h"

G_BEGIN_DECLS

#define SONDE_TYPE_PROFILE_STORE (sonde_profile_store_get_type ())

G_DECLARE_FINAL_TYPE (SondeProfileStore, sonde_profile_store, SONDE, PROFILE_STORE, GObject)

/* The saved connections: a GListModel of SondeProfile, sorted by name, kept
 * as one "<slug>.json" file per profile in a folder (by default
 * $XDG_DATA_HOME/sonde/profiles). The profiles in the model belong to the
 * store: copy one before editing it. */
SondeProfileStore *sonde_profile_store_new               (const char         *directory);
const char        *sonde_profile_store_get_directory     (SondeProfileStore  *self);
gboolean           sonde_profile_store_load              (SondeProfileStore  *self,
                                                          GError            **error);
gboolean           sonde_profile_store_save              (SondeProfileStore  *self,
                                                          SondeProfile       *profile,
                                                          GError            **error);
gboolean           sonde_profile_store_remove            (SondeProfileStore  *self,
                                                          SondeProfile       *profile,
                                                          GError            **error);
SondeProfile      *sonde_profile_store_find              (SondeProfileStore  *self,
                                                          const char         *name);
/* The file that holds the profile named @name, or NULL. */
const char        *sonde_profile_store_get_path          (SondeProfileStore  *self,
                                                          const char         *name);
/* The files that the last load skipped, and why (one sentence each). A
 * file bad in itself (corrupt, too deep or too large, not a regular file)
 * is moved aside to NAME.bad, so that it does not stop the next start. */
guint              sonde_profile_store_get_n_load_errors (SondeProfileStore  *self);
const char        *sonde_profile_store_get_load_error    (SondeProfileStore  *self,
                                                          guint               index,
                                                          const char        **path);
const char        *sonde_profile_store_get_load_error_moved_to (SondeProfileStore *self,
                                                                guint              index);
/* The secret values of the saved connections are kept in the keyring
 * (docs/cli.md, "Profiles"): saving stores them, deleting clears them. */
void               sonde_profile_store_set_secrets       (SondeProfileStore  *self,
                                                          SondeSecrets       *secrets);
SondeSecrets      *sonde_profile_store_get_secrets       (SondeProfileStore  *self);
SondeProfile      *sonde_profile_store_import            (SondeProfileStore  *self,
                                                          const char         *path,
                                                          GError            **error);

G_END_DECLS
