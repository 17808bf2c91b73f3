/* sonde-find-bar.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-log-view.h"

G_BEGIN_DECLS

#define SONDE_TYPE_FIND_BAR (sonde_find_bar_get_type ())

G_DECLARE_FINAL_TYPE (SondeFindBar, sonde_find_bar, SONDE, FIND_BAR, GtkWidget)

/* Find in the log (Ctrl+F): a GtkSearchBar with a substring or a regular
 * expression, a case toggle, "n of m" and next/previous (Enter,
 * Shift+Enter, Ctrl+G, Shift+Ctrl+G). It sets its view's "find"; an
 * invalid regular expression is shown, not applied. */
void        sonde_find_bar_open         (SondeFindBar *self);
void        sonde_find_bar_close        (SondeFindBar *self);
void        sonde_find_bar_set_pattern  (SondeFindBar *self,
                                         const char   *pattern,
                                         gboolean      regex,
                                         gboolean      case_sensitive);
gboolean    sonde_find_bar_next         (SondeFindBar *self,
                                         gboolean      backward);
/* For tests: "3 of 12", "No matches", or the pattern's error. */
const char *sonde_find_bar_get_status   (SondeFindBar *self);
gboolean    sonde_find_bar_get_invalid  (SondeFindBar *self);

G_END_DECLS
