/* sonde-connection.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sonde-backoff.h"
#include "sonde-connection.h"
#include "sonde-enums.h"
#include "sonde-handshake.h"
#include "sonde-headers.h"
#include "sonde-heartbeat.h"
#include "sonde-message-limit.h"
#include "sonde-outbox.h"
#include "sonde-reconnect.h"
#include "sonde-record.h"
#include "sonde-redact.h"
#include "sonde-validate.h"
#include "sonde-yield.h"

/* One WebSocket client connection as the browser API sees it (readyState,
 * open/message/error/close), plus the reliability parts that clients build
 * around it: heartbeat, dead-peer detection, reconnect with backoff, the
 * outbox, login and logout. Everything it does is reported as one stream of
 * events (docs/events.md): as a SondeRecord on the stack through the
 * "record" signal, which costs no allocation, and as a SondeEvent object
 * through the "event" signal, made only when someone listens to it. */
struct _SondeConnection
{
  GObject                  parent_instance;

  SondeProfile            *profile;
  char                    *name;
  char                    *url;
  SondeState               state;
  char                    *protocol;

  SoupSession             *session;
  SoupMessage             *msg;
  SoupWebsocketConnection *ws;
  GCancellable            *cancellable;
  guint                    handshake_timeout_id;
  gboolean                 handshake_timed_out;
  gint64                   handshake_started;

  SondeOutbox             *outbox;        /* own_outbox or a session's */
  SondeOutbox             *own_outbox;
  char                    *display_name;  /* the profile's, before the first connect */
  guint                    last_missed;   /* heartbeat-missed as last notified */
  SondeHeartbeat          *heartbeat;
  gint64                   heartbeat_rtt;
  gboolean                 sent_profile_messages;

  guint                    attempt;       /* the current try, 1-based */
  SondeReconnect          *reconnect;
  guint                    close_timeout_id;
  GNetworkMonitor         *monitor;       /* what the reconnect policy watches */

  gboolean                 active;        /* between connect() and "finished" */
  gboolean                 user_closed;
  gboolean                 local_close;   /* we sent the close frame first */
  int                      protocol_error; /* the close code of a reported violation */
};

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_NAME,
  PROP_URL,
  PROP_STATE,
  PROP_READY_STATE,
  PROP_PROTOCOL,
  PROP_BUFFERED_AMOUNT,
  PROP_OUTBOX_LENGTH,
  PROP_ATTEMPT,
  PROP_HEARTBEAT_RTT,
  PROP_HEARTBEAT_MISSED,
  PROP_RECONNECT_DUE,
  PROP_ACTIVE,
  PROP_NETWORK_MONITOR,
  N_PROPS
};

enum {
  RECORD,
  EVENT,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeConnection, sonde_connection, G_TYPE_OBJECT)

G_DEFINE_QUARK (sonde-error-quark, sonde_error)

/* How long a user close waits for the peer's close frame. */
#define SONDE_CLOSE_TIMEOUT_MS 2000

static void start_attempt (SondeConnection *self);

const char *
sonde_state_to_string (SondeState state)
{
  switch (state)
    {
    case SONDE_STATE_CONNECTING: return "CONNECTING";
    case SONDE_STATE_OPEN: return "OPEN";
    case SONDE_STATE_CLOSING: return "CLOSING";
    case SONDE_STATE_CLOSED: return "CLOSED";
    default: g_return_val_if_reached ("CLOSED");
    }
}

/* The name events carry: before the first connect, the profile's. */
static const char *
event_connection_name (SondeConnection *self)
{
  if (self->name != NULL)
    return self->name;
  if (self->display_name == NULL)
    {
      g_autofree char *name = sonde_profile_dup_display_name (self->profile);

      /* The name is the URL when the profile has none: no secrets in it. */
      self->display_name = sonde_redact_url (name);
    }
  return self->display_name;
}

static SondeEvent *
new_event (SondeConnection *self,
           const char      *name)
{
  return sonde_event_new (name, event_connection_name (self));
}

static void
init_record (SondeConnection *self,
             SondeRecord     *record,
             SondeRecordType  type)
{
  sonde_record_init (record, type, event_connection_name (self));
}

/* The one way out for every event: the record first, then, when someone
 * listens to "event", the same event as an object. */
static void
emit_record (SondeConnection   *self,
             const SondeRecord *record)
{
  g_signal_emit (self, signals[RECORD], 0, record);
  if (g_signal_has_handler_pending (self, signals[EVENT], 0, FALSE))
    {
      g_autoptr(SondeEvent) event = sonde_record_to_event (record);
      g_signal_emit (self, signals[EVENT], 0, event);
    }
}

/* For the rare events that are built as objects. */
static void
emit_event (SondeConnection *self,
            SondeEvent      *event)
{
  g_autoptr(GBytes) payload = NULL;
  SondeRecord record;

  if (sonde_record_from_event (&record, event, &payload))
    g_signal_emit (self, signals[RECORD], 0, &record);
  g_signal_emit (self, signals[EVENT], 0, event);
}

static void
notify_heartbeat_missed (SondeConnection *self)
{
  guint missed = sonde_heartbeat_get_missed (self->heartbeat);

  if (missed == self->last_missed)
    return;
  self->last_missed = missed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEARTBEAT_MISSED]);
}

static void
emit_error (SondeConnection *self,
            const GError    *error,
            guint            http_status)
{
  g_autoptr(SondeEvent) event = new_event (self, SONDE_EVENT_ERROR);

  sonde_event_set_string (event, "message", error->message);
  sonde_event_set_string (event, "domain", g_quark_to_string (error->domain));
  sonde_event_set_int (event, "code", error->code);
  if (http_status > 0)
    sonde_event_set_int (event, "http_status", http_status);
  emit_event (self, event);
}

/* An error of the handshake, with its request and response headers. */
static void
emit_handshake_error (SondeConnection *self,
                      const GError    *error,
                      guint            http_status)
{
  g_autoptr(SondeEvent) event = new_event (self, SONDE_EVENT_ERROR);

  sonde_event_set_string (event, "message", error->message);
  sonde_event_set_string (event, "domain", g_quark_to_string (error->domain));
  sonde_event_set_int (event, "code", error->code);
  if (http_status > 0)
    sonde_event_set_int (event, "http_status", http_status);
  sonde_headers_add_handshake (event, self->msg, self->profile);
  emit_event (self, event);
}

static void
set_state (SondeConnection *self,
           SondeState       state)
{
  g_autoptr(SondeEvent) event = NULL;

  if (self->state == state)
    return;

  self->state = state;
  event = new_event (self, SONDE_EVENT_STATE);
  sonde_event_set_string (event, "state", sonde_state_to_string (state));
  sonde_event_set_int (event, "ready_state", state);
  emit_event (self, event);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY_STATE]);
}

/* g_set_str() arrived in GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_protocol (SondeConnection *self,
              const char      *protocol)
{
  if (set_str (&self->protocol, protocol))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROTOCOL]);
}

static void
notify_outbox (SondeConnection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX_LENGTH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFERED_AMOUNT]);
}

static void
finish (SondeConnection *self,
        gboolean         success)
{
  if (!self->active)
    return;
  self->active = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  g_signal_emit (self, signals[FINISHED], 0, success);
}

static void
set_record_payload (SondeRecord *record,
                    gboolean     binary,
                    GBytes      *payload)
{
  gsize size = 0;

  record->text = g_bytes_get_data (payload, &size);
  record->text_len = size;
  record->size = size;
  if (binary)
    record->flags |= SONDE_RECORD_FLAG_BINARY;
}

static SondeRole
role_from_name (const char *role)
{
  if (role == NULL)
    return SONDE_ROLE_USER;
  if (g_str_equal (role, "heartbeat"))
    return SONDE_ROLE_HEARTBEAT;
  if (g_str_equal (role, "login"))
    return SONDE_ROLE_LOGIN;
  if (g_str_equal (role, "logout"))
    return SONDE_ROLE_LOGOUT;
  return SONDE_ROLE_USER;
}

/* Hands one message to libsoup and reports it. @role is NULL for the
 * user's own messages. */
static void
send_now (SondeConnection *self,
          gboolean         binary,
          GBytes          *payload,
          const char      *role,
          guint64          replay_of)
{
  SondeRecord record;

  g_assert (self->ws != NULL);

  /* Stamped before libsoup writes it: a reply can never seem to come
   * before its request left (pairing latencies, replay timing), even when
   * the process is descheduled right after the write. */
  init_record (self, &record, SONDE_RECORD_MESSAGE);

  /* As bytes, so that a text with NUL characters goes out whole. */
  soup_websocket_connection_send_message (self->ws,
                                          binary ? SOUP_WEBSOCKET_DATA_BINARY : SOUP_WEBSOCKET_DATA_TEXT,
                                          payload);

  record.direction = SONDE_DIRECTION_OUT;
  record.role = role_from_name (role);
  record.replay_of = replay_of;
  set_record_payload (&record, binary, payload);
  emit_record (self, &record);

  sonde_heartbeat_outbound (self->heartbeat, g_strcmp0 (role, "heartbeat") == 0);
}

static void
send_text_now (SondeConnection *self,
               const char      *text,
               const char      *role)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  send_now (self, FALSE, bytes, role, 0);
}

static void
flush_outbox (SondeConnection *self)
{
  gboolean any = FALSE;

  while (self->state == SONDE_STATE_OPEN && sonde_outbox_get_length (self->outbox) > 0)
    {
      g_autoptr(SondeOutboxItem) item = sonde_outbox_pop (self->outbox);

      send_now (self, item->binary, item->payload,
                item->role != SONDE_ROLE_USER ? sonde_role_to_string (item->role) : NULL,
                item->replay_of);
      any = TRUE;
    }
  if (any)
    notify_outbox (self);
}

static void
disconnect_ws (SondeConnection *self)
{
  if (self->ws == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->ws, self);
  g_clear_object (&self->ws);
}

/* Drops the connection without a closing handshake: a dead peer would
 * never answer it. Our handlers go first so that libsoup's own reaction to
 * the closed stream is not reported. */
static void
abort_ws (SondeConnection *self)
{
  g_autoptr(GIOStream) stream = g_object_ref (soup_websocket_connection_get_io_stream (self->ws));

  disconnect_ws (self);
  g_io_stream_close (stream, NULL, NULL);
}

static void
clear_timers (SondeConnection *self)
{
  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);
  g_clear_handle_id (&self->close_timeout_id, g_source_remove);
}

static void
retry_cb (SondeReconnect  *reconnect,
          SondeConnection *self)
{
  start_attempt (self);
}

static void
notify_reconnect_due (SondeConnection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_DUE]);
}

/* After every close that the user did not ask for. */
static void
apply_reconnect_policy (SondeConnection *self,
                        gboolean         clean)
{
  gboolean reconnect = FALSE;
  guint max_attempts = 0, base = 1000, cap = 30000, reset = 0, delay = 0;
  g_autoptr(SondeEvent) event = NULL;

  g_object_get (self->profile,
                "reconnect", &reconnect,
                "max-attempts", &max_attempts,
                "reconnect-delay", &base,
                "reconnect-max-delay", &cap,
                "reconnect-reset", &reset,
                NULL);

  if (!reconnect)
    {
      finish (self, clean);
      return;
    }

  sonde_reconnect_configure (self->reconnect, base, cap, max_attempts, reset);
  switch (sonde_reconnect_schedule (self->reconnect, self->url, &delay))
    {
    case SONDE_RECONNECT_GAVE_UP:
      event = new_event (self, SONDE_EVENT_GAVE_UP);
      sonde_event_set_int (event, "attempts", sonde_reconnect_get_failures (self->reconnect));
      emit_event (self, event);
      finish (self, FALSE);
      return;

    case SONDE_RECONNECT_WAITING_FOR_NETWORK:
      event = new_event (self, SONDE_EVENT_RECONNECT);
      sonde_event_set_int (event, "attempt", sonde_reconnect_get_failures (self->reconnect));
      sonde_event_set_null (event, "delay_ms");
      sonde_event_set_boolean (event, "waiting_for_network", TRUE);
      emit_event (self, event);
      return;

    case SONDE_RECONNECT_SCHEDULED:
    default:
      event = new_event (self, SONDE_EVENT_RECONNECT);
      sonde_event_set_int (event, "attempt", sonde_reconnect_get_failures (self->reconnect));
      sonde_event_set_int (event, "delay_ms", delay);
      emit_event (self, event);
      return;
    }
}

static void
emit_close (SondeConnection *self,
            guint            code,
            const char      *reason,
            gboolean         clean,
            const char      *initiator)
{
  g_autoptr(SondeEvent) event = new_event (self, SONDE_EVENT_CLOSE);

  sonde_event_set_int (event, "code", code);
  sonde_event_set_string (event, "reason", reason ? reason : "");
  sonde_event_set_boolean (event, "clean", clean);
  sonde_event_set_string (event, "initiator", initiator);
  emit_event (self, event);
}

/* The connection is CLOSED: report it, then decide what comes next. */
static void
closed (SondeConnection *self,
        guint            code,
        const char      *reason,
        gboolean         clean,
        const char      *initiator)
{
  clear_timers (self);
  sonde_reconnect_closed (self->reconnect);
  sonde_heartbeat_stop (self->heartbeat);
  disconnect_ws (self);
  g_clear_object (&self->msg);
  g_clear_object (&self->cancellable);
  set_protocol (self, NULL);

  set_state (self, SONDE_STATE_CLOSED);
  emit_close (self, code, reason, clean, initiator);

  if (self->user_closed)
    finish (self, TRUE);
  else
    apply_reconnect_policy (self, clean);
}

static void
ws_message_cb (SoupWebsocketConnection *ws,
               SoupWebsocketDataType    type,
               GBytes                  *message,
               SondeConnection         *self)
{
  gboolean binary = type == SOUP_WEBSOCKET_DATA_BINARY;
  g_autofree char *text = NULL;
  SondeRecord record;
  gint64 rtt = -1;
  gboolean reply;

  /* As in the browser: once close() was called (CLOSING), the messages
   * still arriving are not delivered. This is what lets Disconnect take
   * effect at once in the middle of a flood. */
  if (self->state != SONDE_STATE_OPEN)
    return;

  init_record (self, &record, SONDE_RECORD_MESSAGE);
  record.direction = SONDE_DIRECTION_IN;
  set_record_payload (&record, binary, message);

  /* The reply pattern needs a C string. */
  if (!binary)
    text = g_strndup ((const char *) record.text, record.text_len);
  reply = sonde_heartbeat_inbound (self->heartbeat, text, FALSE, &rtt);
  if (reply)
    {
      record.role = SONDE_ROLE_HEARTBEAT_REPLY;
      if (rtt >= 0)
        {
          record.flags |= SONDE_RECORD_FLAG_HAS_RTT;
          record.num[0] = rtt;
        }
    }
  emit_record (self, &record);

  if (reply && rtt >= 0 && rtt != self->heartbeat_rtt)
    {
      self->heartbeat_rtt = rtt;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEARTBEAT_RTT]);
    }
  notify_heartbeat_missed (self);

  /* libsoup handles every frame it has read before it returns to the main
   * loop: under a flood, give input, timers and frames their turn
   * (docs/libsoup.md). */
  if (self->ws == ws)
    sonde_yield_maybe (G_OBJECT (self), G_OBJECT (ws));
}

static void
ws_pong_cb (SoupWebsocketConnection *ws,
            GBytes                  *message,
            SondeConnection         *self)
{
  g_autoptr(SondeEvent) event = new_event (self, SONDE_EVENT_PONG);
  gint64 rtt = -1;

  sonde_heartbeat_inbound (self->heartbeat, NULL, TRUE, &rtt);
  /* libsoup sends its keepalive pings on its own timer, so the time of the
   * ping that this pong answers is not known (docs/libsoup.md). */
  sonde_event_set_null (event, "rtt_ms");
  emit_event (self, event);
  notify_heartbeat_missed (self);
}

/* RFC 6455 §7.4: the codes a peer may put in a close frame. 1004, 1005,
 * 1006 and 1015 are reserved, 0–999 and 5000 and up are not codes. */
static gboolean
close_code_is_valid (guint code)
{
  return (code >= 1000 && code <= 1003) ||
         (code >= 1007 && code <= 1014) ||
         (code >= 3000 && code <= 4999);
}

/* A close frame's payload is at most 125 bytes: the code and 123 of reason. */
#define MAX_CLOSE_REASON 123

static GError *
invalid_close_code_error (guint code)
{
  return g_error_new (SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR,
                      _("The server closed the connection with %u, which is not a valid close code (close code 1002)"),
                      code);
}

static GError *
long_close_reason_error (gsize length)
{
  return g_error_new (SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR,
                      _("The server sent a close reason of %zu bytes; a close frame holds at most %u (close code 1002)"),
                      length, MAX_CLOSE_REASON);
}

static void
ws_error_cb (SoupWebsocketConnection *ws,
             GError                  *error,
             SondeConnection         *self)
{
  g_autoptr(GError) described = NULL;
  guint max_payload = 0;

  if (error->domain != SOUP_WEBSOCKET_ERROR)
    {
      emit_error (self, error, 0);
      return;
    }

  /* libsoup may report one bad frame more than once while it closes. */
  if (self->protocol_error == error->code)
    return;
  self->protocol_error = error->code;

  /* libsoup closes with this code itself: the close frame is ours. */
  self->local_close = TRUE;

  switch (error->code)
    {
    case SOUP_WEBSOCKET_CLOSE_BAD_DATA:
      described = g_error_new (error->domain, error->code,
                               _("The server sent a text message that is not valid UTF-8 (close code 1007)"));
      break;
    case SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR:
      {
        /* libsoup has read the peer's close frame when it knows its code. */
        guint peer_code = soup_websocket_connection_get_close_code (ws);
        const char *peer_reason = soup_websocket_connection_get_close_data (ws);

        if (peer_code != 0 && !close_code_is_valid (peer_code))
          described = invalid_close_code_error (peer_code);
        else if (peer_code >= 1012 && peer_code <= 1014)
          /* Registered codes that libsoup 3.2 does not take from a server. */
          described = g_error_new (error->domain, error->code,
                                   _("The server closed the connection with %u, which libsoup refuses (close code 1002)"),
                                   peer_code);
        else if (peer_reason != NULL && strlen (peer_reason) > MAX_CLOSE_REASON)
          described = long_close_reason_error (strlen (peer_reason));
        else if (peer_code != 0)
          described = g_error_new (error->domain, error->code,
                                   _("The server sent a close reason that is not valid UTF-8 (close code 1002)"));
        else
          described = g_error_new (error->domain, error->code,
                                   _("The server broke the WebSocket protocol (close code 1002): %s"),
                                   error->message);
      }
      break;
    case SOUP_WEBSOCKET_CLOSE_TOO_BIG:
      {
        g_autofree char *limit = NULL;

        g_object_get (self->profile, "max-payload", &max_payload, NULL);
        limit = g_format_size (max_payload);
        described = g_error_new (error->domain, error->code,
                                 _("The server sent a message larger than the %s limit (close code 1009)"),
                                 limit);
      }
      break;
    default:
      described = g_error_new (error->domain, error->code, "%s", error->message);
      break;
    }
  emit_error (self, described, 0);
}

static void
ws_closing_cb (SoupWebsocketConnection *ws,
               SondeConnection         *self)
{
  set_state (self, SONDE_STATE_CLOSING);
}

static void
ws_closed_cb (SoupWebsocketConnection *ws,
              SondeConnection         *self)
{
  gushort code = soup_websocket_connection_get_close_code (ws);
  g_autofree char *reason = g_strdup (soup_websocket_connection_get_close_data (ws));
  const char *initiator;

  /* A close code of 0 means no close frame came back (RFC 6455 §7.1.5). */
  if (code == 0)
    {
      if (!self->local_close && self->protocol_error == 0)
        {
          g_autoptr(GError) error =
            g_error_new (SONDE_ERROR, SONDE_ERROR_CONNECTION_LOST,
                         _("The connection was lost: the server went away without a close frame"));
          emit_error (self, error, 0);
        }
      closed (self, SOUP_WEBSOCKET_CLOSE_ABNORMAL, reason, FALSE, self->local_close ? "local" : "none");
      return;
    }

  /* A close frame that libsoup refused (a reserved or unknown code, a
   * reason that is not UTF-8), or one it let through with a reason longer
   * than a close frame can hold: a protocol error, not a clean close. */
  if (self->protocol_error == 0 && reason != NULL && strlen (reason) > MAX_CLOSE_REASON)
    {
      g_autoptr(GError) error = long_close_reason_error (strlen (reason));

      self->protocol_error = SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR;
      emit_error (self, error, 0);
    }
  else if (self->protocol_error == 0 && !close_code_is_valid (code) && code != SOUP_WEBSOCKET_CLOSE_NO_STATUS)
    {
      g_autoptr(GError) error = invalid_close_code_error (code);

      self->protocol_error = SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR;
      emit_error (self, error, 0);
    }
  /* After a reported violation (1002, 1007, 1009…) the close is not
   * clean, whatever the peer answered: it says the code Sonde closed with. */
  if (self->protocol_error != 0)
    {
      closed (self, self->protocol_error, "", FALSE, self->local_close ? "local" : "remote");
      return;
    }

  initiator = self->local_close ? "local" : "remote";
  closed (self, code, reason, TRUE, initiator);
}

static void
heartbeat_beat_cb (SondeHeartbeat  *heartbeat,
                   SondeConnection *self)
{
  g_autofree char *message = NULL;

  if (self->state != SONDE_STATE_OPEN)
    return;
  g_object_get (self->profile, "heartbeat-message", &message, NULL);
  send_text_now (self, message ? message : SONDE_DEFAULT_HEARTBEAT_MESSAGE, "heartbeat");
}

static void
heartbeat_missed_cb (SondeHeartbeat  *heartbeat,
                     guint            missed,
                     guint            limit,
                     const char      *source,
                     SondeConnection *self)
{
  g_autoptr(SondeEvent) event = new_event (self, SONDE_EVENT_HEARTBEAT_MISSED);

  sonde_event_set_int (event, "missed", missed);
  sonde_event_set_int (event, "limit", limit);
  sonde_event_set_string (event, "source", source);
  emit_event (self, event);
  notify_heartbeat_missed (self);
}

static void
heartbeat_dead_cb (SondeHeartbeat  *heartbeat,
                   const char      *source,
                   SondeConnection *self)
{
  g_autoptr(GError) error = NULL;

  if (self->ws == NULL)
    return;

  error = g_error_new (SONDE_ERROR, SONDE_ERROR_HEARTBEAT_TIMEOUT,
                       g_str_equal (source, "ping")
                       ? _("The server stopped answering pings: the connection is considered dead")
                       : _("The server stopped answering the heartbeat: the connection is considered dead"));
  emit_error (self, error, 0);

  abort_ws (self);
  closed (self, SOUP_WEBSOCKET_CLOSE_ABNORMAL, "heartbeat timeout", FALSE, "none");
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       SondeConnection      *self)
{
  g_autoptr(SondeEvent) event = new_event (self, SONDE_EVENT_WARNING);
  g_autofree char *why = sonde_handshake_describe_tls_errors (errors);
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("Accepting a TLS certificate that failed verification, as asked: %s"), why);
  sonde_event_set_string (event, "message", message);
  emit_event (self, event);
  return TRUE;
}

static void
websocket_connect_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SondeConnection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeEvent) event = NULL;
  SoupWebsocketConnection *ws;
  guint max_payload = 0, ping = 0;
  g_autofree char *login = NULL;
  SoupMessageHeaders *headers;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);

  if (ws == NULL)
    {
      g_autoptr(GError) described = NULL;
      guint status = 0, timeout = 0;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->handshake_timed_out)
        {
          /* The user closed the connection during the handshake, or the
           * object is going away. */
          if (self->cancellable != NULL)
            closed (self, SOUP_WEBSOCKET_CLOSE_ABNORMAL, "", FALSE, "local");
          return;
        }

      if (self->handshake_timed_out)
        g_object_get (self->profile, "handshake-timeout", &timeout, NULL);
      described = sonde_handshake_describe_error (self->url, self->msg, error, timeout, &status);
      emit_handshake_error (self, described, status);
      closed (self, SOUP_WEBSOCKET_CLOSE_ABNORMAL, "", FALSE, "none");
      return;
    }

  self->local_close = FALSE;
  g_object_get (self->profile,
                "max-payload", &max_payload,
                "ping", &ping,
                "login", &login,
                NULL);
  /* The limit holds for whole messages, fragments and inflated bytes
   * included (src/core/sonde-message-limit.c, docs/libsoup.md). */
  if (max_payload == 0)
    {
      g_autoptr(SondeEvent) warning = new_event (self, SONDE_EVENT_WARNING);

      sonde_event_set_string (warning, "message",
                              _("Inbound messages have no size limit (max-payload is 0): "
                                "a server can use up this computer’s memory"));
      emit_event (self, warning);
    }
  self->ws = sonde_message_limit_wrap (ws, max_payload);
  g_object_unref (ws);
  ws = self->ws;
  g_object_set (ws, "max-incoming-payload-size", (guint64) max_payload, NULL);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (ws), "max-total-message-size") != NULL)
    g_object_set (ws, "max-total-message-size", (guint64) max_payload, NULL);
  if (ping > 0)
    soup_websocket_connection_set_keepalive_interval (ws, MAX (1, (ping + 999) / 1000));

  g_signal_connect (ws, "message", G_CALLBACK (ws_message_cb), self);
  g_signal_connect (ws, "pong", G_CALLBACK (ws_pong_cb), self);
  g_signal_connect (ws, "error", G_CALLBACK (ws_error_cb), self);
  g_signal_connect (ws, "closing", G_CALLBACK (ws_closing_cb), self);
  g_signal_connect (ws, "closed", G_CALLBACK (ws_closed_cb), self);

  set_protocol (self, soup_websocket_connection_get_protocol (ws));
  headers = soup_message_get_response_headers (self->msg);

  event = new_event (self, SONDE_EVENT_OPEN);
  sonde_event_set_string (event, "protocol", self->protocol);
  sonde_event_set_string (event, "extensions",
                          soup_message_headers_get_one (headers, "Sec-WebSocket-Extensions"));
  sonde_event_set_int (event, "handshake_ms",
                       (g_get_monotonic_time () - self->handshake_started) / 1000);
  sonde_headers_add_handshake (event, self->msg, self->profile);
  emit_event (self, event);
  /* A handler of those events may already have closed the connection. */
  if (self->user_closed)
    return;
  set_state (self, SONDE_STATE_OPEN);
  if (self->state != SONDE_STATE_OPEN)
    return;

  sonde_reconnect_opened (self->reconnect);

  sonde_heartbeat_start (self->heartbeat);

  /* The login goes first after every open, before anything queued. */
  if (login != NULL && login[0] != '\0')
    send_text_now (self, login, "login");
  if (self->state == SONDE_STATE_OPEN)
    flush_outbox (self);
}

static gboolean
handshake_timeout_cb (gpointer data)
{
  SondeConnection *self = data;

  self->handshake_timeout_id = 0;
  self->handshake_timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

static SoupSession *
ensure_session (SondeConnection *self)
{
  gboolean compression = TRUE;

  g_object_get (self->profile, "compression", &compression, NULL);
  g_clear_object (&self->session);
  self->session = soup_session_new ();
  /* permessage-deflate is offered when the session has the extension
   * manager; make sure of it either way. */
  if (!compression)
    soup_session_remove_feature_by_type (self->session, SOUP_TYPE_WEBSOCKET_EXTENSION_MANAGER);
  else if (!soup_session_has_feature (self->session, SOUP_TYPE_WEBSOCKET_EXTENSION_MANAGER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_WEBSOCKET_EXTENSION_MANAGER);
  return self->session;
}

static void
start_attempt (SondeConnection *self)
{
  g_autoptr(SondeEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) http_uri = NULL;
  g_auto(GStrv) protocols = NULL;
  g_auto(GStrv) headers = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *shown_url = NULL;
  gboolean insecure = FALSE;
  guint handshake_timeout = 0;

  g_object_get (self->profile,
                "protocol", &protocols,
                "header", &headers,
                "origin", &origin,
                "insecure", &insecure,
                "handshake-timeout", &handshake_timeout,
                NULL);

  self->attempt = sonde_reconnect_get_failures (self->reconnect) + 1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPT]);
  self->local_close = FALSE;
  self->protocol_error = 0;
  self->handshake_timed_out = FALSE;

  set_state (self, SONDE_STATE_CONNECTING);
  event = new_event (self, SONDE_EVENT_CONNECTING);
  shown_url = sonde_redact_url (self->url);
  sonde_event_set_string (event, "url", shown_url);
  sonde_event_set_int (event, "attempt", self->attempt);
  emit_event (self, event);

  uri = sonde_handshake_parse_url (self->url, &error);
  g_assert (uri != NULL);  /* checked by sonde_connection_connect() */
  /* libsoup speaks HTTP for the upgrade request. */
  http_uri = soup_uri_copy (uri,
                            SOUP_URI_SCHEME,
                            g_ascii_strcasecmp (g_uri_get_scheme (uri), "wss") == 0 ? "https" : "http",
                            SOUP_URI_NONE);

  g_clear_object (&self->msg);
  self->msg = soup_message_new_from_uri (SOUP_METHOD_GET, http_uri);
  /* As in the browser, a redirect fails the handshake: following it
   * would send the handshake headers (cookies, keys) to another host. */
  soup_message_add_flags (self->msg, SOUP_MESSAGE_NO_REDIRECT);
  if (!sonde_handshake_add_headers (soup_message_get_request_headers (self->msg), (const char * const *) headers, &error))
    {
      emit_error (self, error, 0);
      closed (self, SOUP_WEBSOCKET_CLOSE_ABNORMAL, "", FALSE, "none");
      return;
    }
  if (insecure)
    g_signal_connect (self->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->handshake_started = g_get_monotonic_time ();
  if (handshake_timeout > 0)
    self->handshake_timeout_id = g_timeout_add (handshake_timeout, handshake_timeout_cb, self);

  soup_session_websocket_connect_async (ensure_session (self),
                                        self->msg,
                                        origin && origin[0] ? origin : NULL,
                                        protocols && protocols[0] ? protocols : NULL,
                                        G_PRIORITY_DEFAULT,
                                        self->cancellable,
                                        websocket_connect_cb,
                                        g_object_ref (self));
}

static void
configure_heartbeat (SondeConnection *self)
{
  guint interval = 0, misses = 2, ping = 0;
  g_autofree char *reply = NULL;
  g_autoptr(GRegex) regex = NULL;

  g_object_get (self->profile,
                "heartbeat", &interval,
                "heartbeat-misses", &misses,
                "heartbeat-reply", &reply,
                "ping", &ping,
                NULL);
  if (reply != NULL && reply[0] != '\0')
    regex = g_regex_new (reply, G_REGEX_OPTIMIZE, 0, NULL);
  sonde_heartbeat_configure (self->heartbeat, interval,
                             sonde_profile_get_heartbeat_timeout_effective (self->profile),
                             misses, regex, ping);
}

static gboolean
check_profile (SondeConnection  *self,
               GError          **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *reply = NULL;
  g_auto(GStrv) headers = NULL;
  g_autoptr(SoupMessage) probe = NULL;

  uri = sonde_handshake_parse_url (sonde_profile_get_url (self->profile), error);
  if (uri == NULL)
    return FALSE;

  g_object_get (self->profile, "heartbeat-reply", &reply, "header", &headers, NULL);
  if (reply != NULL && reply[0] != '\0')
    {
      g_autoptr(GError) regex_error = NULL;
      g_autoptr(GRegex) regex = g_regex_new (reply, 0, 0, &regex_error);

      if (regex == NULL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                       _("The heartbeat reply pattern “%s” is not a valid regular expression: %s"),
                       reply, regex_error->message);
          return FALSE;
        }
    }

  /* The other handshake values, whoever set them (sonde-validate.c). */
  {
    g_autofree char *origin = NULL;
    g_auto(GStrv) protocols = NULL;

    g_object_get (self->profile, "origin", &origin, "protocol", &protocols, NULL);
    if (origin != NULL && !sonde_validate_origin (origin, error))
      return FALSE;
    for (guint i = 0; protocols && protocols[i]; i++)
      if (!sonde_validate_subprotocol (protocols[i], error))
        return FALSE;
  }

  probe = soup_message_new (SOUP_METHOD_GET, "http://127.0.0.1/");
  return sonde_handshake_add_headers (soup_message_get_request_headers (probe), (const char * const *) headers, error);
}

/**
 * sonde_connection_connect:
 *
 * Starts connecting with the profile's settings. A bad URL, header or
 * pattern is refused at once: an `error` event and %FALSE with @error.
 * Everything after that (refused, TLS, 404…) arrives as events.
 */
gboolean
sonde_connection_connect (SondeConnection  *self,
                          GError          **error)
{
  g_auto(GStrv) send = NULL;
  guint outbox_max = 1000, outbox_max_bytes = 0;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SONDE_IS_CONNECTION (self), FALSE);

  if (sonde_reconnect_get_pending (self->reconnect))
    {
      sonde_connection_reconnect_now (self);
      return TRUE;
    }
  if (self->state != SONDE_STATE_CLOSED)
    return TRUE;

  g_free (self->name);
  {
    g_autofree char *name = sonde_profile_dup_display_name (self->profile);

    /* The name is the URL when the profile has none: no secrets in it. */
    self->name = sonde_redact_url (name);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (set_str (&self->url, sonde_profile_get_url (self->profile)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);

  if (!check_profile (self, &local_error))
    {
      char *masked = sonde_redact_text (local_error->message, self->url);

      g_free (local_error->message);
      local_error->message = masked;
      emit_error (self, local_error, 0);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_object_get (self->profile,
                "send", &send,
                "outbox-max", &outbox_max,
                "outbox-max-bytes", &outbox_max_bytes,
                NULL);
  sonde_outbox_set_limits (self->outbox, outbox_max,
                           outbox_max_bytes > 0 ? outbox_max_bytes : G_MAXUINT64);
  configure_heartbeat (self);

  self->user_closed = FALSE;
  sonde_reconnect_restart (self->reconnect);
  self->active = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);

  /* The profile's "send" messages go once, through the outbox. */
  if (!self->sent_profile_messages)
    {
      self->sent_profile_messages = TRUE;
      for (guint i = 0; send && send[i]; i++)
        sonde_connection_send_text (self, send[i], NULL);
    }

  start_attempt (self);
  return TRUE;
}

static gboolean
send_message (SondeConnection  *self,
              gboolean          binary,
              GBytes           *payload,
              SondeRole         role,
              guint64           replay_of,
              GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  SondeRecord record;

  if (self->state == SONDE_STATE_OPEN && sonde_outbox_get_length (self->outbox) == 0)
    {
      send_now (self, binary, payload, role != SONDE_ROLE_USER ? sonde_role_to_string (role) : NULL,
                replay_of);
      return TRUE;
    }

  if (!sonde_outbox_push_full (self->outbox, binary, payload, role, replay_of, &local_error))
    {
      emit_error (self, local_error, 0);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  init_record (self, &record, SONDE_RECORD_QUEUED);
  set_record_payload (&record, binary, payload);
  record.num[0] = sonde_outbox_get_length (self->outbox);
  emit_record (self, &record);
  notify_outbox (self);
  return TRUE;
}

/**
 * sonde_connection_send_text:
 *
 * Sends @text now when OPEN, or queues it in the outbox until the next
 * open. Refused with an `error` event when it is not UTF-8 or the outbox is
 * full.
 */
gboolean
sonde_connection_send_text (SondeConnection  *self,
                            const char       *text,
                            GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (SONDE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autoptr(GError) local_error =
        g_error_new (SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                     _("The message is not valid UTF-8: send it as binary instead"));
      emit_error (self, local_error, 0);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  bytes = g_bytes_new (text, strlen (text));
  return send_message (self, FALSE, bytes, SONDE_ROLE_USER, 0, error);
}

/* UTF-8, where U+0000 counts as a character (g_utf8_validate() stops at
 * a NUL byte). */
static gboolean
utf8_validate_with_nul (const char *text,
                        gsize       length)
{
  const char *end = text + length;

  while (text < end)
    {
      const char *nul = memchr (text, '\0', end - text);
      const char *stop = nul ? nul : end;

      if (!g_utf8_validate_len (text, stop - text, NULL))
        return FALSE;
      text = nul ? nul + 1 : end;
    }
  return TRUE;
}

/**
 * sonde_connection_send_text_len:
 * @text: UTF-8 text, which may hold U+0000
 * @length: its length in bytes, or -1 for a NUL-terminated @text
 *
 * Like sonde_connection_send_text(), for a text with NUL characters: it is
 * sent whole, all @length bytes in one text frame.
 */
gboolean
sonde_connection_send_text_len (SondeConnection  *self,
                                const char       *text,
                                gssize            length,
                                GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (SONDE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (length < 0)
    length = strlen (text);
  if (!utf8_validate_with_nul (text, length))
    {
      g_autoptr(GError) local_error =
        g_error_new (SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                     _("The message is not valid UTF-8: send it as binary instead"));
      emit_error (self, local_error, 0);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  bytes = g_bytes_new (text, length);
  return send_message (self, FALSE, bytes, SONDE_ROLE_USER, 0, error);
}

gboolean
sonde_connection_send_binary (SondeConnection  *self,
                              GBytes           *bytes,
                              GError          **error)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  return send_message (self, TRUE, bytes, SONDE_ROLE_USER, 0, error);
}

/**
 * sonde_connection_send_full:
 * @binary: a binary frame, else text (which must be UTF-8)
 * @role: the role it is reported with (a replay sends recorded logins and
 *   heartbeats as such)
 * @replay_of: the `seq` of the recorded line it replays, or 0
 *
 * sonde_connection_send_text() or sonde_connection_send_binary() with the
 * fields of a replay.
 */
gboolean
sonde_connection_send_full (SondeConnection  *self,
                            gboolean          binary,
                            GBytes           *payload,
                            SondeRole         role,
                            guint64           replay_of,
                            GError          **error)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);
  g_return_val_if_fail (role < SONDE_ROLE_N_ROLES, FALSE);

  if (!binary)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (payload, &size);

      if (!g_utf8_validate_len (data, size, NULL))
        {
          g_autoptr(GError) local_error =
            g_error_new (SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                         _("The message is not valid UTF-8: send it as binary instead"));
          emit_error (self, local_error, 0);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return send_message (self, binary, payload, role, replay_of, error);
}

static gboolean
close_timeout_cb (gpointer data)
{
  SondeConnection *self = data;

  self->close_timeout_id = 0;
  if (self->ws != NULL)
    {
      abort_ws (self);
      closed (self, SOUP_WEBSOCKET_CLOSE_ABNORMAL, "close timeout", FALSE, "local");
    }
  return G_SOURCE_REMOVE;
}

static void
send_close_frame (SondeConnection *self,
                  gushort          code,
                  const char      *reason)
{
  if (self->ws == NULL ||
      soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  soup_websocket_connection_close (self->ws, code, reason);
  /* libsoup waits 5 s for a silent peer's close frame; a user who asked
   * to close should not wait that long. */
  self->close_timeout_id = g_timeout_add (SONDE_CLOSE_TIMEOUT_MS, close_timeout_cb, self);
}

/**
 * sonde_connection_close:
 * @code: the RFC 6455 close code, usually 1000
 * @reason: (nullable): the reason to send
 *
 * A user-requested close: no reconnect follows. When OPEN, the logout text
 * is written first and the close frame after it.
 */
void
sonde_connection_close (SondeConnection *self,
                        gushort          code,
                        const char      *reason)
{
  g_autofree char *logout = NULL;

  g_return_if_fail (SONDE_IS_CONNECTION (self));

  self->user_closed = TRUE;
  sonde_reconnect_cancel (self->reconnect);

  switch (self->state)
    {
    case SONDE_STATE_CONNECTING:
      if (self->ws == NULL)
        {
          g_cancellable_cancel (self->cancellable);
          break;
        }
      /* The handshake is done and the open event is being reported. */
      G_GNUC_FALLTHROUGH;

    case SONDE_STATE_OPEN:
      g_object_get (self->profile, "logout", &logout, NULL);
      if (logout != NULL && logout[0] != '\0')
        send_text_now (self, logout, "logout");
      sonde_heartbeat_stop (self->heartbeat);
      self->local_close = TRUE;
      set_state (self, SONDE_STATE_CLOSING);
      /* libsoup queues the close frame as urgent, ahead of every frame that
       * it has not started to write. It writes each frame as it is queued,
       * and a frame that the socket could not take yet is marked pending,
       * so the logout above is on the wire, partly written or pending by
       * now, and the close frame goes after it. */
      send_close_frame (self, code, reason);
      break;

    case SONDE_STATE_CLOSING:
      break;

    case SONDE_STATE_CLOSED:
    default:
      finish (self, TRUE);
      break;
    }
}

/**
 * sonde_connection_reconnect_now:
 *
 * Skips the remaining reconnect delay (or the wait for the network).
 */
void
sonde_connection_reconnect_now (SondeConnection *self)
{
  g_return_if_fail (SONDE_IS_CONNECTION (self));

  if (!sonde_reconnect_get_pending (self->reconnect))
    return;
  sonde_reconnect_cancel (self->reconnect);
  start_attempt (self);
}

static void
sonde_connection_dispose (GObject *object)
{
  SondeConnection *self = (SondeConnection *) object;

  clear_timers (self);
  if (self->reconnect != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->reconnect, self);
      sonde_reconnect_cancel (self->reconnect);
    }
  g_clear_object (&self->reconnect);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->ws != NULL)
    {
      SoupWebsocketConnection *ws = g_object_ref (self->ws);

      disconnect_ws (self);
      if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_object_unref (ws);
    }
  if (self->heartbeat)
    g_signal_handlers_disconnect_by_data (self->heartbeat, self);
  g_clear_object (&self->heartbeat);
  g_clear_object (&self->msg);
  g_clear_object (&self->session);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (sonde_connection_parent_class)->dispose (object);
}

static void
sonde_connection_constructed (GObject *object)
{
  SondeConnection *self = (SondeConnection *) object;

  G_OBJECT_CLASS (sonde_connection_parent_class)->constructed (object);

  self->reconnect = sonde_reconnect_new (self->monitor);
  g_signal_connect (self->reconnect, "retry", G_CALLBACK (retry_cb), self);
  g_signal_connect_swapped (self->reconnect, "notify::due",
                            G_CALLBACK (notify_reconnect_due), self);
}

static void
sonde_connection_finalize (GObject *object)
{
  SondeConnection *self = (SondeConnection *) object;

  g_clear_object (&self->profile);
  g_clear_pointer (&self->own_outbox, sonde_outbox_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->protocol, g_free);

  G_OBJECT_CLASS (sonde_connection_parent_class)->finalize (object);
}

static void
sonde_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeConnection *self = SONDE_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_PROFILE: g_value_set_object (value, self->profile); break;
    case PROP_NAME: g_value_set_string (value, sonde_connection_get_name (self)); break;
    case PROP_URL: g_value_set_string (value, sonde_connection_get_url (self)); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_READY_STATE: g_value_set_uint (value, self->state); break;
    case PROP_PROTOCOL: g_value_set_string (value, self->protocol); break;
    case PROP_BUFFERED_AMOUNT: g_value_set_uint64 (value, sonde_connection_get_buffered_amount (self)); break;
    case PROP_OUTBOX_LENGTH: g_value_set_uint (value, sonde_connection_get_outbox_length (self)); break;
    case PROP_ATTEMPT: g_value_set_uint (value, self->attempt); break;
    case PROP_HEARTBEAT_RTT: g_value_set_int64 (value, self->heartbeat_rtt); break;
    case PROP_HEARTBEAT_MISSED: g_value_set_uint (value, sonde_connection_get_heartbeat_missed (self)); break;
    case PROP_RECONNECT_DUE: g_value_set_int64 (value, sonde_connection_get_reconnect_due (self)); break;
    case PROP_ACTIVE: g_value_set_boolean (value, self->active); break;
    case PROP_NETWORK_MONITOR: g_value_set_object (value, self->monitor); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeConnection *self = SONDE_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_set_object (&self->profile, g_value_get_object (value));
      if (self->profile == NULL)
        self->profile = sonde_profile_new ();
      break;
    case PROP_NETWORK_MONITOR:
      g_set_object (&self->monitor, g_value_get_object (value));
      if (self->monitor == NULL)
        self->monitor = g_object_ref (g_network_monitor_get_default ());
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_connection_class_init (SondeConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = sonde_connection_constructed;
  object_class->dispose = sonde_connection_dispose;
  object_class->finalize = sonde_connection_finalize;
  object_class->get_property = sonde_connection_get_property;
  object_class->set_property = sonde_connection_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, SONDE_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, SONDE_TYPE_STATE,
                                              SONDE_STATE_CLOSED, ro);
  properties[PROP_READY_STATE] = g_param_spec_uint ("ready-state", NULL, NULL, 0, 3, 3, ro);
  properties[PROP_PROTOCOL] = g_param_spec_string ("protocol", NULL, NULL, NULL, ro);
  properties[PROP_BUFFERED_AMOUNT] =
    g_param_spec_uint64 ("buffered-amount", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_OUTBOX_LENGTH] = g_param_spec_uint ("outbox-length", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ATTEMPT] = g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_HEARTBEAT_RTT] =
    g_param_spec_int64 ("heartbeat-rtt", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_HEARTBEAT_MISSED] =
    g_param_spec_uint ("heartbeat-missed", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_RECONNECT_DUE] =
    g_param_spec_int64 ("reconnect-due", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, ro);
  /* The system's by default; tests give their own. */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeConnection::record:
   * @record: (type gpointer): a `const SondeRecord *`, valid during the
   *   emission only
   *
   * Every event, as typed fields on the stack.
   */
  signals[RECORD] = g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, g_cclosure_marshal_VOID__POINTER,
                                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  g_signal_set_va_marshaller (signals[RECORD], G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__POINTERv);
  /**
   * SondeConnection::event:
   * @event: one line of the event stream
   */
  signals[EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, SONDE_TYPE_EVENT);
  /**
   * SondeConnection::finished:
   * @success: %FALSE when the connection failed or the reconnect policy gave up
   *
   * The connection ended for good: no reconnect follows.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
sonde_connection_init (SondeConnection *self)
{
  self->state = SONDE_STATE_CLOSED;
  self->heartbeat_rtt = -1;
  self->own_outbox = sonde_outbox_new ();
  self->outbox = self->own_outbox;
  self->heartbeat = sonde_heartbeat_new ();
  g_signal_connect (self->heartbeat, "beat", G_CALLBACK (heartbeat_beat_cb), self);
  g_signal_connect (self->heartbeat, "missed", G_CALLBACK (heartbeat_missed_cb), self);
  g_signal_connect (self->heartbeat, "dead", G_CALLBACK (heartbeat_dead_cb), self);
}

SondeConnection *
sonde_connection_new (SondeProfile *profile)
{
  g_return_val_if_fail (profile == NULL || SONDE_IS_PROFILE (profile), NULL);

  return g_object_new (SONDE_TYPE_CONNECTION, "profile", profile, NULL);
}

SondeProfile *
sonde_connection_get_profile (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), NULL);
  return self->profile;
}

const char *
sonde_connection_get_name (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), NULL);
  return self->name;
}

const char *
sonde_connection_get_url (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), NULL);
  return self->url;
}

SondeState
sonde_connection_get_state (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), SONDE_STATE_CLOSED);
  return self->state;
}

guint
sonde_connection_get_ready_state (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), 3);
  return self->state;
}

const char *
sonde_connection_get_protocol (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), NULL);
  return self->protocol;
}

/**
 * sonde_connection_get_buffered_amount:
 *
 * Like the browser's bufferedAmount: the bytes accepted by send() that have
 * not been handed to the socket yet. libsoup 3.2 does not expose its own
 * write queue, so these are the bytes waiting in the outbox.
 */
guint64
sonde_connection_get_buffered_amount (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), 0);
  return sonde_outbox_get_bytes (self->outbox);
}

guint
sonde_connection_get_outbox_length (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), 0);
  return sonde_outbox_get_length (self->outbox);
}

guint
sonde_connection_get_attempt (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), 0);
  return self->attempt;
}

gint64
sonde_connection_get_heartbeat_rtt (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), -1);
  return self->heartbeat_rtt;
}

guint
sonde_connection_get_heartbeat_missed (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), 0);
  return sonde_heartbeat_get_missed (self->heartbeat);
}

gint64
sonde_connection_get_reconnect_due (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), 0);
  return sonde_reconnect_get_due (self->reconnect);
}

gboolean
sonde_connection_get_active (SondeConnection *self)
{
  g_return_val_if_fail (SONDE_IS_CONNECTION (self), FALSE);
  return self->active;
}

/**
 * sonde_connection_set_outbox:
 * @outbox: (nullable): an outbox that outlives @self's use of it, or
 *   %NULL for the connection's own
 *
 * Lets a session keep one outbox across connections: what waits in it
 * goes out after the next open of whichever connection holds it. The
 * messages already in the connection's own outbox move to @outbox first.
 */
void
sonde_connection_set_outbox (SondeConnection *self,
                             SondeOutbox     *outbox)
{
  g_return_if_fail (SONDE_IS_CONNECTION (self));

  if (outbox == NULL)
    outbox = self->own_outbox;
  if (outbox == self->outbox)
    return;
  if (self->outbox == self->own_outbox)
    {
      SondeOutboxItem *item;

      while ((item = sonde_outbox_pop (self->own_outbox)) != NULL)
        {
          sonde_outbox_push (outbox, item->binary, item->payload, NULL);
          sonde_outbox_item_free (item);
        }
    }
  self->outbox = outbox;
  notify_outbox (self);
  if (self->state == SONDE_STATE_OPEN)
    flush_outbox (self);
}

/**
 * sonde_connection_set_profile_messages_sent:
 *
 * The profile's `send` messages go once per session, not once per
 * connection: a session marks the connections it makes after the first.
 */
void
sonde_connection_set_profile_messages_sent (SondeConnection *self)
{
  g_return_if_fail (SONDE_IS_CONNECTION (self));
  self->sent_profile_messages = TRUE;
}
