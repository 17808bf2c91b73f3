/* sonde-log-view.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-log.h"
#include "sonde-log-filter.h"
#include "sonde-matcher.h"

G_BEGIN_DECLS

#define SONDE_TYPE_LOG_VIEW (sonde_log_view_get_type ())

G_DECLARE_FINAL_TYPE (SondeLogView, sonde_log_view, SONDE, LOG_VIEW, GtkWidget)

/* The events of a SondeLog, one row each, filtered by a search text and
 * by whether heartbeat traffic is hidden. It follows the newest event
 * unless the user scrolled up, and says how many events it shows in
 * "summary" ("12 of 40 events · 3 dropped"). */
SondeLog    *sonde_log_view_get_log             (SondeLogView *self);
void         sonde_log_view_set_log             (SondeLogView *self,
                                                 SondeLog     *log);
const char  *sonde_log_view_get_search_text     (SondeLogView *self);
void         sonde_log_view_set_search_text     (SondeLogView *self,
                                                 const char   *text);
gboolean     sonde_log_view_get_hide_heartbeats (SondeLogView *self);
void         sonde_log_view_set_hide_heartbeats (SondeLogView *self,
                                                 gboolean      hide_heartbeats);
const char  *sonde_log_view_get_summary         (SondeLogView *self);
/* The log as shown: after the search and heartbeat filters. */
void         sonde_log_view_jump_to_latest      (SondeLogView *self);
gboolean     sonde_log_view_get_following       (SondeLogView *self);
GListModel  *sonde_log_view_get_model           (SondeLogView *self);
SondeLogShow sonde_log_view_get_show            (SondeLogView *self);
void         sonde_log_view_set_show            (SondeLogView *self,
                                                 SondeLogShow  show);
SondeMatcher *sonde_log_view_get_find           (SondeLogView *self);
void         sonde_log_view_set_find            (SondeLogView *self,
                                                 SondeMatcher *find);
gboolean     sonde_log_view_find_next           (SondeLogView *self,
                                                 gboolean      backward);
SondeEvent  *sonde_log_view_get_selected_event  (SondeLogView *self);
guint        sonde_log_view_get_selected        (SondeLogView *self);
void         sonde_log_view_select              (SondeLogView *self,
                                                 guint         position);
void         sonde_log_view_unselect            (SondeLogView *self);
gboolean     sonde_log_view_select_seq          (SondeLogView *self,
                                                 guint64       seq);
SondeLogFilter *sonde_log_view_get_filter       (SondeLogView *self);
void         sonde_log_view_set_empty_text      (SondeLogView *self,
                                                 const char   *title,
                                                 const char   *description);
/* For the UI tests. */
GtkListView *sonde_log_view_get_list_view       (SondeLogView *self);

G_END_DECLS
