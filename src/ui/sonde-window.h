/* sonde-window.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sonde-connection.h"
#include "sonde-log.h"
#include "sonde-profile.h"
#include "sonde-profile-store.h"
#include "sonde-session.h"

G_BEGIN_DECLS

#define SONDE_TYPE_WINDOW (sonde_window_get_type ())

G_DECLARE_FINAL_TYPE (SondeWindow, sonde_window, SONDE, WINDOW, AdwApplicationWindow)

SondeWindow     *sonde_window_new             (GtkApplication *application);
/* The profile that the next connection is made from (edited in the
 * preferences); the window keeps a reference. */
SondeProfile    *sonde_window_get_profile     (SondeWindow    *self);
void             sonde_window_set_profile     (SondeWindow    *self,
                                               SondeProfile   *profile);
const char      *sonde_window_get_url         (SondeWindow    *self);
void             sonde_window_set_url         (SondeWindow    *self,
                                               const char     *url);
/* Connects to the URL in the address entry, as win.connect does. */
void             sonde_window_connect         (SondeWindow    *self);
/* The current connection, or NULL before the first connect. */
SondeConnection *sonde_window_get_connection  (SondeWindow    *self);
SondeSession    *sonde_window_get_session     (SondeWindow    *self);
SondeLog        *sonde_window_get_log         (SondeWindow    *self);
/* Appends every event of every connection of this window to @path. */
gboolean         sonde_window_set_record_path (SondeWindow    *self,
                                               const char     *path,
                                               GError        **error);
/* Starts recording to @file as --record does (appending), or says why not. */
gboolean         sonde_window_start_recording (SondeWindow    *self,
                                               GFile          *file,
                                               GError        **error);
void             sonde_window_stop_recording  (SondeWindow    *self);
/* The file being recorded to, or NULL. */
const char      *sonde_window_get_record_path (SondeWindow    *self);
/* The saved connections of the header bar's menu (by default the user's
 * data folder, loaded when the window is made). */
SondeProfileStore *sonde_window_get_profile_store (SondeWindow       *self);
void             sonde_window_set_profile_store (SondeWindow       *self,
                                                 SondeProfileStore *store);
/* Saves the address in the entry with the current profile's settings as
 * the saved connection @name (replacing one of that name). */
gboolean         sonde_window_save_connection (SondeWindow    *self,
                                               const char     *name,
                                               GError        **error);
/* Takes a copy of @profile, shows its address and connects to it. */
void             sonde_window_open_profile    (SondeWindow    *self,
                                               SondeProfile   *profile);
/* Shows @message in a toast. */
void             sonde_window_show_message    (SondeWindow    *self,
                                               const char     *message);
/* Shows @message in a toast that stays longer, and replaces the text of
 * an error toast still showing rather than stacking another. */
void             sonde_window_show_error      (SondeWindow    *self,
                                               const char     *message);
/* Selects the record numbered @seq in the log and scrolls to it (a click
 * on the state timeline); FALSE when the log no longer holds it or a
 * filter hides it. */
gboolean         sonde_window_select_seq      (SondeWindow    *self,
                                               guint64         seq);
/* Raises the window if @target (of a notification) is about its session. */
gboolean         sonde_window_show_target     (SondeWindow    *self,
                                               const char     *target);

G_END_DECLS
