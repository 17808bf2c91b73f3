/* sonde-composer-bar.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include <gtksourceview/gtksource.h>

#include "sonde-composer-history.h"
#include "sonde-connection.h"
#include "sonde-session.h"

G_BEGIN_DECLS

#define SONDE_TYPE_COMPOSER_BAR (sonde_composer_bar_get_type ())

G_DECLARE_FINAL_TYPE (SondeComposerBar, sonde_composer_bar, SONDE, COMPOSER_BAR, GtkWidget)

/* The message composer under the log: a mode (text, JSON, hex or base64
 * bytes), an entry and an inline error. The text is read with
 * sonde_composer_parse() and sent on the "connection"; Enter and the Send
 * button activate win.send, whose handler calls sonde_composer_bar_send(). */
SondeConnection *sonde_composer_bar_get_connection (SondeComposerBar *self);
void             sonde_composer_bar_set_connection (SondeComposerBar *self,
                                                    SondeConnection  *connection);
/* "text", "json", "hex" or "base64", as the composer-mode setting. */
const char      *sonde_composer_bar_get_mode       (SondeComposerBar *self);
void             sonde_composer_bar_set_mode       (SondeComposerBar *self,
                                                    const char       *mode);
/* Sends the entry's text: cleared when sent, kept with the error shown
 * under it when it cannot be read or sent. */
void             sonde_composer_bar_send           (SondeComposerBar *self);
char            *sonde_composer_bar_get_text       (SondeComposerBar *self);
void             sonde_composer_bar_set_text       (SondeComposerBar *self,
                                                    const char       *text);
gboolean         sonde_composer_bar_get_multiline  (SondeComposerBar *self);
void             sonde_composer_bar_set_multiline  (SondeComposerBar *self,
                                                    gboolean          multiline);
SondeComposerHistory *sonde_composer_bar_get_history (SondeComposerBar *self);
void             sonde_composer_bar_set_history    (SondeComposerBar     *self,
                                                    SondeComposerHistory *history);
gboolean         sonde_composer_bar_load_snippet   (SondeComposerBar *self,
                                                    const char       *name);
gboolean         sonde_composer_bar_send_snippet   (SondeComposerBar *self,
                                                    const char       *name);
gboolean         sonde_composer_bar_handle_key     (SondeComposerBar *self,
                                                    guint             keyval,
                                                    GdkModifierType   state);
/* For the UI tests. */
GtkEntry        *sonde_composer_bar_get_entry      (SondeComposerBar *self);
GtkDropDown     *sonde_composer_bar_get_dropdown   (SondeComposerBar *self);
GtkLabel        *sonde_composer_bar_get_error      (SondeComposerBar *self);
GtkLabel        *sonde_composer_bar_get_status     (SondeComposerBar *self);
GtkSourceView   *sonde_composer_bar_get_source_view (SondeComposerBar *self);
GtkListBox      *sonde_composer_bar_get_snippets_list (SondeComposerBar *self);

G_END_DECLS
