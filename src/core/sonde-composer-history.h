/* sonde-composer-history.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The most messages a history keeps, and the largest one it keeps. */
#define SONDE_COMPOSER_HISTORY_MAX       200
#define SONDE_COMPOSER_HISTORY_MAX_TEXT  (64 * 1024)

#define SONDE_TYPE_COMPOSER_HISTORY (sonde_composer_history_get_type ())

G_DECLARE_FINAL_TYPE (SondeComposerHistory, sonde_composer_history, SONDE, COMPOSER_HISTORY, GObject)

SondeComposerHistory *sonde_composer_history_new           (const char            *directory);
const char           *sonde_composer_history_get_directory (SondeComposerHistory  *self);
void                  sonde_composer_history_set_key       (SondeComposerHistory  *self,
                                                            const char            *key);
const char           *sonde_composer_history_get_key       (SondeComposerHistory  *self);

void                  sonde_composer_history_add           (SondeComposerHistory  *self,
                                                            const char            *text);
guint                 sonde_composer_history_get_n_items   (SondeComposerHistory  *self);
const char           *sonde_composer_history_get_item      (SondeComposerHistory  *self,
                                                            guint                  age);
const char           *sonde_composer_history_older         (SondeComposerHistory  *self,
                                                            const char            *draft);
const char           *sonde_composer_history_newer         (SondeComposerHistory  *self);
void                  sonde_composer_history_reset_cursor  (SondeComposerHistory  *self);

gboolean              sonde_composer_history_save_snippet  (SondeComposerHistory  *self,
                                                            const char            *name,
                                                            const char            *text,
                                                            const char            *mode);
gboolean              sonde_composer_history_remove_snippet (SondeComposerHistory *self,
                                                             const char           *name);
guint                 sonde_composer_history_get_n_snippets (SondeComposerHistory *self);
const char           *sonde_composer_history_get_snippet   (SondeComposerHistory  *self,
                                                            guint                  position,
                                                            const char           **text,
                                                            const char           **mode);

gboolean              sonde_composer_history_flush         (SondeComposerHistory  *self,
                                                            GError               **error);

G_END_DECLS
