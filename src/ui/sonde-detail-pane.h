/* sonde-detail-pane.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-event.h"
#include "sonde-log-view.h"

G_BEGIN_DECLS

#define SONDE_TYPE_DETAIL_PANE (sonde_detail_pane_get_type ())

G_DECLARE_FINAL_TYPE (SondeDetailPane, sonde_detail_pane, SONDE, DETAIL_PANE, GtkWidget)

/* All of one event: a message's whole payload as text, pretty JSON, a hex
 * dump or base64 in a read-only GtkSourceView, and the event's facts
 * (time, size, direction, role, RTT; close code and meaning; handshake
 * headers). It shows the selected event of its "view" and hides itself
 * when there is none. */
GtkWidget    *sonde_detail_pane_new          (void);
SondeEvent   *sonde_detail_pane_get_event    (SondeDetailPane *self);
void          sonde_detail_pane_set_event    (SondeDetailPane *self,
                                              SondeEvent      *event);
/* For tests: the modes offered ("text", "json", "hex", "base64",
 * "event"), the one shown, the text shown and the facts as "Key: value"
 * lines. */
char         *sonde_detail_pane_dup_modes    (SondeDetailPane *self);
const char   *sonde_detail_pane_get_mode     (SondeDetailPane *self);
void          sonde_detail_pane_set_mode     (SondeDetailPane *self,
                                              const char      *mode);
char         *sonde_detail_pane_dup_text     (SondeDetailPane *self);
char         *sonde_detail_pane_dup_facts    (SondeDetailPane *self);
/* The full text of the mode shown, what Copy puts on the clipboard. */
char         *sonde_detail_pane_dup_copy_text (SondeDetailPane *self);
guint         sonde_detail_pane_get_n_marked (SondeDetailPane *self);
guint         sonde_detail_pane_get_n_found  (SondeDetailPane *self);

G_END_DECLS
