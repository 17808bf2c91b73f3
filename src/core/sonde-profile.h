/* sonde-profile.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SONDE_DEFAULT_HEARTBEAT_MESSAGE "heart-check-mobile"
#define SONDE_DEFAULT_MAX_PAYLOAD       (16u * 1024u * 1024u)

#define SONDE_TYPE_PROFILE (sonde_profile_get_type ())

G_DECLARE_FINAL_TYPE (SondeProfile, sonde_profile, SONDE, PROFILE, GObject)

/* The settings of one connection. Every property is named after the long
 * option of docs/cli.md, and a profile file is a JSON object with
 * those names as keys. Times are milliseconds, sizes bytes. */
SondeProfile *sonde_profile_new              (void);
SondeProfile *sonde_profile_copy             (SondeProfile  *self);
SondeProfile *sonde_profile_new_from_file    (const char    *path,
                                              GError       **error);
gboolean      sonde_profile_read_file        (const char    *path,
                                              char         **contents,
                                              gsize         *length,
                                              GError       **error);
SondeProfile *sonde_profile_new_from_data    (const char    *data,
                                              gssize         length,
                                              GError       **error);
gboolean      sonde_profile_merge_json       (SondeProfile  *self,
                                              JsonObject    *object,
                                              GError       **error);
gboolean      sonde_profile_save             (SondeProfile  *self,
                                              const char    *path,
                                              GError       **error);
char         *sonde_profile_to_data          (SondeProfile  *self);
gboolean      sonde_profile_export           (SondeProfile  *self,
                                              const char    *path,
                                              GError       **error);
char         *sonde_profile_to_export_data   (SondeProfile  *self);
char        **sonde_profile_dup_secret_names (SondeProfile  *self);

const char   *sonde_profile_get_name         (SondeProfile  *self);
void          sonde_profile_set_name         (SondeProfile  *self,
                                              const char    *name);
const char   *sonde_profile_get_url          (SondeProfile  *self);
void          sonde_profile_set_url          (SondeProfile  *self,
                                              const char    *url);
char         *sonde_profile_dup_display_name (SondeProfile  *self);
guint         sonde_profile_get_heartbeat_timeout_effective (SondeProfile *self);
const char   *sonde_profile_get_id           (SondeProfile  *self);
void          sonde_profile_set_id           (SondeProfile  *self,
                                              const char    *id);
gboolean      sonde_profile_get_login_secret (SondeProfile  *self);
const char * const *sonde_profile_get_secret_headers (SondeProfile *self);
const char * const *sonde_profile_get_headers (SondeProfile *self);

G_END_DECLS
