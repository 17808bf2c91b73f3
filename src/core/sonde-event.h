/* sonde-event.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The event names of docs/events.md. */
#define SONDE_EVENT_STATE            "state"
#define SONDE_EVENT_CONNECTING       "connecting"
#define SONDE_EVENT_OPEN             "open"
#define SONDE_EVENT_MESSAGE          "message"
#define SONDE_EVENT_QUEUED           "queued"
#define SONDE_EVENT_PONG             "pong"
#define SONDE_EVENT_HEARTBEAT_MISSED "heartbeat-missed"
#define SONDE_EVENT_ERROR            "error"
#define SONDE_EVENT_WARNING          "warning"
#define SONDE_EVENT_CLOSE            "close"
#define SONDE_EVENT_RECONNECT        "reconnect"
#define SONDE_EVENT_GAVE_UP          "gave-up"
#define SONDE_EVENT_NO_REPLY         "no-reply"
#define SONDE_EVENT_UNSENT           "unsent"

#define SONDE_TYPE_EVENT (sonde_event_get_type ())

G_DECLARE_FINAL_TYPE (SondeEvent, sonde_event, SONDE, EVENT, GObject)

/* One line of the event stream: a name, a wall-clock time, the connection's
 * name and the extra fields of that event, in the order they were added. */
SondeEvent *sonde_event_new             (const char  *name,
                                         const char  *connection);
SondeEvent *sonde_event_new_at          (const char  *name,
                                         const char  *connection,
                                         gint64       wall_us);
void        sonde_event_set_payload     (SondeEvent  *self,
                                         GBytes      *payload);
GBytes     *sonde_event_get_payload     (SondeEvent  *self);
SondeEvent *sonde_event_new_from_line   (const char  *line,
                                         gssize       length,
                                         GError     **error);
SondeEvent *sonde_event_new_from_json   (JsonObject  *object,
                                         GError     **error);
const char *sonde_event_get_name        (SondeEvent  *self);
const char *sonde_event_get_connection  (SondeEvent  *self);
GDateTime  *sonde_event_get_time        (SondeEvent  *self);
JsonObject *sonde_event_get_fields      (SondeEvent  *self);
gboolean    sonde_event_has_field       (SondeEvent  *self,
                                         const char  *field);
const char *sonde_event_get_string      (SondeEvent  *self,
                                         const char  *field);
gint64      sonde_event_get_int         (SondeEvent  *self,
                                         const char  *field,
                                         gint64       fallback);
double      sonde_event_get_double      (SondeEvent  *self,
                                         const char  *field,
                                         double       fallback);
gboolean    sonde_event_get_boolean     (SondeEvent  *self,
                                         const char  *field);
void        sonde_event_set_string      (SondeEvent  *self,
                                         const char  *field,
                                         const char  *value);
void        sonde_event_set_int         (SondeEvent  *self,
                                         const char  *field,
                                         gint64       value);
void        sonde_event_set_boolean     (SondeEvent  *self,
                                         const char  *field,
                                         gboolean     value);
void        sonde_event_set_null        (SondeEvent  *self,
                                         const char  *field);
char       *sonde_event_format_time     (SondeEvent  *self);
JsonNode   *sonde_event_to_json_node    (SondeEvent  *self);
char       *sonde_event_to_json         (SondeEvent  *self);
char       *sonde_event_dup_summary     (SondeEvent  *self);

G_END_DECLS
