/* sonde-secrets.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-profile.h"

G_BEGIN_DECLS

/* The schema of Sonde's keyring items; their attributes are "profile-id"
 * (the profile's id) and "field" ("header:<lower-case name>", with "#2",
 * "#3"… for a repeated header, or "login"). */
#define SONDE_SECRET_SCHEMA_NAME "io.github.sonde.Sonde.Secret"
/* What a profile file holds in place of a secret value. */
#define SONDE_SECRET_PLACEHOLDER "${secret}"
/* What views and output show in place of a secret value. */
#define SONDE_SECRET_MASK        "•••"

/* Whether the value of the header @name is a secret: Authorization,
 * Cookie and Proxy-Authorization always (in any case), and the names in
 * @profile's "secret-headers". */
gboolean      sonde_header_is_secret          (const char          *name,
                                               SondeProfile        *profile);
/* The name of a "Name: value" line, without blanks, or NULL. */
char         *sonde_header_dup_name           (const char          *line);
/* @line, or "Name: @mask" when its value is a secret. */
char         *sonde_header_mask_line          (const char          *line,
                                               SondeProfile        *profile,
                                               const char          *mask);
/* Whether some secret value of @profile is still SONDE_SECRET_PLACEHOLDER. */
gboolean      sonde_profile_has_placeholders  (SondeProfile        *profile);
/* Whether some secret value of @profile is written out in it. */
gboolean      sonde_profile_has_secret_values (SondeProfile        *profile);

#define SONDE_TYPE_SECRETS (sonde_secrets_get_type ())

G_DECLARE_FINAL_TYPE (SondeSecrets, sonde_secrets, SONDE, SECRETS, GObject)

/* The keyring (the Secret Service, or the Secret portal in a Flatpak),
 * with a memory of this process's values for when there is none. */
SondeSecrets *sonde_secrets_get_default          (void);
SondeSecrets *sonde_secrets_new                  (void);
/* FALSE once the secret service failed; "unavailable" said why, once. */
gboolean      sonde_secrets_get_available        (SondeSecrets         *self);
guint         sonde_secrets_get_pending          (SondeSecrets         *self);

void          sonde_secrets_store_async          (SondeSecrets         *self,
                                                  const char           *profile_id,
                                                  const char           *field,
                                                  const char           *label,
                                                  const char           *value,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      sonde_secrets_store_finish         (SondeSecrets         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void          sonde_secrets_lookup_async         (SondeSecrets         *self,
                                                  const char           *profile_id,
                                                  const char           *field,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char         *sonde_secrets_lookup_finish        (SondeSecrets         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* @field NULL clears every value of the profile. */
void          sonde_secrets_clear_async          (SondeSecrets         *self,
                                                  const char           *profile_id,
                                                  const char           *field,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      sonde_secrets_clear_finish         (SondeSecrets         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Stores every secret value of @profile (not the placeholders) under its
 * id, and clears those of @previous (the same id's last saved version)
 * that it no longer has. */
void          sonde_secrets_save_profile_async   (SondeSecrets         *self,
                                                  SondeProfile         *profile,
                                                  SondeProfile         *previous,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      sonde_secrets_save_profile_finish  (SondeSecrets         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* Replaces every placeholder of @profile by its value. A value that
 * neither the keyring nor this process knows is left out (the header
 * line, or the login) and named in @missing. */
void          sonde_secrets_load_profile_async   (SondeSecrets         *self,
                                                  SondeProfile         *profile,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      sonde_secrets_load_profile_finish  (SondeSecrets         *self,
                                                  GAsyncResult         *result,
                                                  char               ***missing,
                                                  GError              **error);

G_END_DECLS
