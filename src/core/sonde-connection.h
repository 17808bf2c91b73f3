/* sonde-connection.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-event.h"
#include "sonde-outbox.h"
#include "sonde-profile.h"
#include "sonde-record.h"

G_BEGIN_DECLS

/* The values are the browser's readyState numbers. */
typedef enum
{
  SONDE_STATE_CONNECTING = 0,
  SONDE_STATE_OPEN       = 1,
  SONDE_STATE_CLOSING    = 2,
  SONDE_STATE_CLOSED     = 3,
} SondeState;

#define SONDE_ERROR (sonde_error_quark ())

typedef enum
{
  SONDE_ERROR_INVALID_URL,
  SONDE_ERROR_OUTBOX_FULL,
  SONDE_ERROR_HANDSHAKE_TIMEOUT,
  SONDE_ERROR_HEARTBEAT_TIMEOUT,
  SONDE_ERROR_INVALID_INPUT,
  SONDE_ERROR_NOT_OPEN,
  SONDE_ERROR_CONNECTION_LOST,
} SondeError;

#define SONDE_TYPE_CONNECTION (sonde_connection_get_type ())

G_DECLARE_FINAL_TYPE (SondeConnection, sonde_connection, SONDE, CONNECTION, GObject)

GQuark           sonde_error_quark                  (void);
const char      *sonde_state_to_string              (SondeState       state);

SondeConnection *sonde_connection_new               (SondeProfile    *profile);
SondeProfile    *sonde_connection_get_profile       (SondeConnection *self);
const char      *sonde_connection_get_name          (SondeConnection *self);
const char      *sonde_connection_get_url           (SondeConnection *self);
SondeState       sonde_connection_get_state         (SondeConnection *self);
guint            sonde_connection_get_ready_state   (SondeConnection *self);
const char      *sonde_connection_get_protocol      (SondeConnection *self);
guint64          sonde_connection_get_buffered_amount (SondeConnection *self);
guint            sonde_connection_get_outbox_length (SondeConnection *self);
guint            sonde_connection_get_attempt       (SondeConnection *self);
gint64           sonde_connection_get_heartbeat_rtt (SondeConnection *self);
guint            sonde_connection_get_heartbeat_missed (SondeConnection *self);
gint64           sonde_connection_get_reconnect_due (SondeConnection *self);
gboolean         sonde_connection_get_active        (SondeConnection *self);

gboolean         sonde_connection_connect           (SondeConnection *self,
                                                     GError         **error);
gboolean         sonde_connection_send_text         (SondeConnection *self,
                                                     const char      *text,
                                                     GError         **error);
gboolean         sonde_connection_send_text_len     (SondeConnection *self,
                                                     const char      *text,
                                                     gssize           length,
                                                     GError         **error);
gboolean         sonde_connection_send_full         (SondeConnection *self,
                                                     gboolean         binary,
                                                     GBytes          *payload,
                                                     SondeRole        role,
                                                     guint64          replay_of,
                                                     GError         **error);
gboolean         sonde_connection_send_binary       (SondeConnection *self,
                                                     GBytes          *bytes,
                                                     GError         **error);
void             sonde_connection_close             (SondeConnection *self,
                                                     gushort          code,
                                                     const char      *reason);
void             sonde_connection_reconnect_now     (SondeConnection *self);
void             sonde_connection_set_outbox        (SondeConnection *self,
                                                     SondeOutbox     *outbox);
void             sonde_connection_set_profile_messages_sent (SondeConnection *self);

G_END_DECLS
