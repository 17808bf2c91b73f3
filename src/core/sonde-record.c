/* sonde-record.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "sonde-headers.h"
#include "sonde-record.h"

static const char * const type_names[SONDE_RECORD_N_TYPES] = {
  [SONDE_RECORD_STATE]            = SONDE_EVENT_STATE,
  [SONDE_RECORD_CONNECTING]       = SONDE_EVENT_CONNECTING,
  [SONDE_RECORD_OPEN]             = SONDE_EVENT_OPEN,
  [SONDE_RECORD_MESSAGE]          = SONDE_EVENT_MESSAGE,
  [SONDE_RECORD_QUEUED]           = SONDE_EVENT_QUEUED,
  [SONDE_RECORD_PONG]             = SONDE_EVENT_PONG,
  [SONDE_RECORD_HEARTBEAT_MISSED] = SONDE_EVENT_HEARTBEAT_MISSED,
  [SONDE_RECORD_ERROR]            = SONDE_EVENT_ERROR,
  [SONDE_RECORD_WARNING]          = SONDE_EVENT_WARNING,
  [SONDE_RECORD_CLOSE]            = SONDE_EVENT_CLOSE,
  [SONDE_RECORD_RECONNECT]        = SONDE_EVENT_RECONNECT,
  [SONDE_RECORD_GAVE_UP]          = SONDE_EVENT_GAVE_UP,
  [SONDE_RECORD_NO_REPLY]         = SONDE_EVENT_NO_REPLY,
};

static const char * const role_names[SONDE_ROLE_N_ROLES] = {
  [SONDE_ROLE_USER]            = "user",
  [SONDE_ROLE_HEARTBEAT]       = "heartbeat",
  [SONDE_ROLE_HEARTBEAT_REPLY] = "heartbeat-reply",
  [SONDE_ROLE_LOGIN]           = "login",
  [SONDE_ROLE_LOGOUT]          = "logout",
};

static const char * const state_names[] = { "CONNECTING", "OPEN", "CLOSING", "CLOSED" };

/**
 * sonde_record_init:
 * @connection: the connection's name; interned here
 *
 * Clears @record and stamps it with the current wall-clock and monotonic
 * times.
 */
void
sonde_record_init (SondeRecord     *record,
                   SondeRecordType  type,
                   const char      *connection)
{
  g_assert (type < SONDE_RECORD_N_TYPES);

  memset (record, 0, sizeof *record);
  record->type = type;
  record->connection = g_intern_string (connection ? connection : "");
  record->wall_us = g_get_real_time ();
  record->mono_us = g_get_monotonic_time ();
}

void
sonde_record_set_text (SondeRecord *record,
                       const char  *text)
{
  record->text = (const guint8 *) text;
  record->text_len = text ? strlen (text) : 0;
}

const char *
sonde_record_type_to_string (SondeRecordType type)
{
  g_return_val_if_fail (type < SONDE_RECORD_N_TYPES, "");
  return type_names[type];
}

gboolean
sonde_record_type_from_string (const char      *name,
                               SondeRecordType *type)
{
  for (guint i = 0; i < SONDE_RECORD_N_TYPES; i++)
    if (g_strcmp0 (name, type_names[i]) == 0)
      {
        *type = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sonde_role_to_string (SondeRole role)
{
  g_return_val_if_fail (role < SONDE_ROLE_N_ROLES, "user");
  return role_names[role];
}

static SondeRole
role_from_string (const char *role)
{
  for (guint i = 0; i < SONDE_ROLE_N_ROLES; i++)
    if (g_strcmp0 (role, role_names[i]) == 0)
      return i;
  return SONDE_ROLE_USER;
}

const char *
sonde_direction_to_string (SondeDirection direction)
{
  switch (direction)
    {
    case SONDE_DIRECTION_IN: return "in";
    case SONDE_DIRECTION_OUT: return "out";
    case SONDE_DIRECTION_NONE:
    default: return NULL;
    }
}

/**
 * sonde_record_is_heartbeat_noise:
 *
 * Returns: whether the record is heartbeat traffic: a heartbeat, its reply
 *   or a pong.
 */
gboolean
sonde_record_is_heartbeat_noise (const SondeRecord *record)
{
  if (record->type == SONDE_RECORD_PONG)
    return TRUE;
  return (record->type == SONDE_RECORD_MESSAGE || record->type == SONDE_RECORD_QUEUED) &&
         (record->role == SONDE_ROLE_HEARTBEAT || record->role == SONDE_ROLE_HEARTBEAT_REPLY);
}

/* A string member from @len bytes that need not end in NUL. json-glib
 * takes C strings: a payload with a NUL byte is cut there (issue of the
 * format, not of the store, which keeps every byte). */
static void
set_string_len (JsonObject   *object,
                const char   *member,
                const guint8 *data,
                gsize         len)
{
  if (memchr (data, '\0', len) == NULL)
    {
      g_autofree char *copy = g_strndup ((const char *) data, len);
      json_object_set_string_member (object, member, copy);
    }
  else
    json_object_set_string_member (object, member, (const char *) data);
}

static void
set_nullable_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, value);
}

#define REPLACEMENT "\xef\xbf\xbd"

/* Returns %NULL when @data is UTF-8 without NUL bytes (a JSON string as it
 * is); otherwise the text with U+FFFD for each NUL and each invalid
 * sequence, and @invalid says whether there were invalid sequences. */
static char *
displayable_text (const guint8 *data,
                  gsize         len,
                  gboolean     *invalid)
{
  GString *shown;
  gsize start = 0;

  *invalid = FALSE;
  if (memchr (data, '\0', len) == NULL && g_utf8_validate_len ((const char *) data, len, NULL))
    return NULL;

  shown = g_string_sized_new (len + 8);
  while (start <= len)
    {
      const guint8 *nul = memchr (data + start, '\0', len - start);
      gsize end = nul ? (gsize) (nul - data) : len;

      if (g_utf8_validate_len ((const char *) data + start, end - start, NULL))
        g_string_append_len (shown, (const char *) data + start, end - start);
      else
        {
          g_autofree char *valid = g_utf8_make_valid ((const char *) data + start, end - start);

          g_string_append (shown, valid);
          *invalid = TRUE;
        }
      if (nul == NULL)
        break;
      g_string_append (shown, REPLACEMENT);
      start = end + 1;
    }
  return g_string_free (shown, FALSE);
}

static void
set_payload (JsonObject        *object,
             const SondeRecord *record)
{
  const guint8 *data = record->text ? record->text : (const guint8 *) "";

  if (record->flags & SONDE_RECORD_FLAG_BINARY)
    {
      g_autofree char *b64 = g_base64_encode (data, record->text_len);
      json_object_set_string_member (object, "base64", b64);
    }
  else
    {
      gboolean invalid = FALSE;
      g_autofree char *shown = displayable_text (data, record->text_len, &invalid);

      if (shown == NULL)
        set_string_len (object, "text", data, record->text_len);
      else
        {
          /* A JSON string from json-glib cannot hold a NUL, and must be
           * UTF-8: the text is shown with U+FFFD in their place, and the
           * exact bytes go along as base64. */
          g_autofree char *b64 = g_base64_encode (data, record->text_len);

          json_object_set_string_member (object, "text", shown);
          json_object_set_string_member (object, "base64", b64);
          if (invalid)
            json_object_set_boolean_member (object, "invalid_utf8", TRUE);
        }
    }
}

static void
set_text (JsonObject        *object,
          const char        *member,
          const SondeRecord *record)
{
  set_string_len (object, member, record->text ? record->text : (const guint8 *) "",
                  record->text_len);
}

/* The extra fields of docs/events.md, in the order of that page. */
static void
add_fields (JsonObject        *object,
            const SondeRecord *record)
{
  switch ((SondeRecordType) record->type)
    {
    case SONDE_RECORD_STATE:
      json_object_set_string_member (object, "state", state_names[CLAMP (record->num[0], 0, 3)]);
      json_object_set_int_member (object, "ready_state", record->num[0]);
      break;

    case SONDE_RECORD_CONNECTING:
      set_text (object, "url", record);
      json_object_set_int_member (object, "attempt", record->num[0]);
      break;

    case SONDE_RECORD_OPEN:
      set_nullable_string (object, "protocol", record->str[0]);
      set_nullable_string (object, "extensions", record->str[1]);
      json_object_set_int_member (object, "handshake_ms", record->num[0]);
      /* The handshake's headers, packed in the text (sonde-headers.h). */
      if (record->text_len > 0)
        sonde_headers_unpack (object, (const char *) record->text, record->text_len);
      break;

    case SONDE_RECORD_MESSAGE:
      json_object_set_string_member (object, "direction",
                                     record->direction == SONDE_DIRECTION_IN ? "in" : "out");
      json_object_set_string_member (object, "kind",
                                     record->flags & SONDE_RECORD_FLAG_BINARY ? "binary" : "text");
      json_object_set_int_member (object, "size", record->size);
      if (record->role != SONDE_ROLE_USER)
        json_object_set_string_member (object, "role", role_names[record->role]);
      if (record->flags & SONDE_RECORD_FLAG_HAS_RTT)
        json_object_set_int_member (object, "rtt_ms", record->num[0]);
      if (record->reply_to != 0)
        json_object_set_int_member (object, "reply_to", record->reply_to);
      if (record->flags & SONDE_RECORD_FLAG_HAS_LATENCY)
        /* 0.1 ms resolution, from the monotonic clock. */
        json_object_set_double_member (object, "latency_ms", round (record->num[1] / 100.0) / 10.0);
      if (record->replay_of != 0)
        json_object_set_int_member (object, "replay_of", record->replay_of);
      if (record->flags & SONDE_RECORD_FLAG_UNANSWERED)
        json_object_set_boolean_member (object, "unanswered", TRUE);
      set_payload (object, record);
      break;

    case SONDE_RECORD_QUEUED:
      json_object_set_string_member (object, "kind",
                                     record->flags & SONDE_RECORD_FLAG_BINARY ? "binary" : "text");
      json_object_set_int_member (object, "size", record->size);
      set_payload (object, record);
      json_object_set_int_member (object, "queue_length", record->num[0]);
      break;

    case SONDE_RECORD_PONG:
      json_object_set_null_member (object, "rtt_ms");
      break;

    case SONDE_RECORD_HEARTBEAT_MISSED:
      json_object_set_int_member (object, "missed", record->num[0]);
      json_object_set_int_member (object, "limit", record->num[1]);
      if (record->str[0] != NULL)
        json_object_set_string_member (object, "source", record->str[0]);
      break;

    case SONDE_RECORD_ERROR:
      set_text (object, "message", record);
      set_nullable_string (object, "domain", record->str[0]);
      json_object_set_int_member (object, "code", record->num[0]);
      if (record->flags & SONDE_RECORD_FLAG_HAS_STATUS)
        json_object_set_int_member (object, "http_status", record->num[1]);
      /* A failed handshake's headers, packed in str[1]. */
      sonde_headers_unpack (object, record->str[1], -1);
      break;

    case SONDE_RECORD_WARNING:
      set_text (object, "message", record);
      break;

    case SONDE_RECORD_CLOSE:
      json_object_set_int_member (object, "code", record->num[0]);
      set_text (object, "reason", record);
      json_object_set_boolean_member (object, "clean", (record->flags & SONDE_RECORD_FLAG_CLEAN) != 0);
      json_object_set_string_member (object, "initiator", record->str[0] ? record->str[0] : "none");
      break;

    case SONDE_RECORD_RECONNECT:
      json_object_set_int_member (object, "attempt", record->num[0]);
      if (record->flags & SONDE_RECORD_FLAG_NO_NETWORK)
        {
          json_object_set_null_member (object, "delay_ms");
          json_object_set_boolean_member (object, "waiting_for_network", TRUE);
        }
      else
        json_object_set_int_member (object, "delay_ms", record->num[1]);
      break;

    case SONDE_RECORD_NO_REPLY:
      json_object_set_int_member (object, "request_seq", record->num[0]);
      json_object_set_int_member (object, "waited_ms", record->num[1] / 1000);
      break;

    case SONDE_RECORD_GAVE_UP:
      json_object_set_int_member (object, "attempts", record->num[0]);
      break;

    case SONDE_RECORD_N_TYPES:
    default:
      g_assert_not_reached ();
    }
}

/* "2026-11-28T14:55:52.711Z". The part up to the seconds changes once a
 * second: it is formatted then, not for every line. */
static void
format_time (gint64 wall_us,
             char   out[32])
{
  static gint64 cached_second = G_MININT64;
  static char cached[24];
  /* Rounded down, also before 1970 (a record read back from a file). */
  gint64 second = wall_us / G_USEC_PER_SEC - (wall_us % G_USEC_PER_SEC < 0 ? 1 : 0);
  int ms = (int) ((wall_us - second * G_USEC_PER_SEC) / 1000);

  if (second != cached_second)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (second);
      int year = 1970, month = 1, day = 1;

      /* Four digits for every year (RFC 3339), which "%Y" does not give
       * below 1000; a time GDateTime cannot hold shows as the epoch. */
      if (utc != NULL)
        g_date_time_get_ymd (utc, &year, &month, &day);
      g_snprintf (cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                  utc ? g_date_time_get_hour (utc) : 0, utc ? g_date_time_get_minute (utc) : 0,
                  utc ? g_date_time_get_second (utc) : 0);
      cached_second = second;
    }
  g_snprintf (out, 32, "%s.%03dZ", cached, ms);
}

/**
 * sonde_record_to_json_node:
 *
 * Returns: (transfer full): the record as one line of the event stream,
 *   the common fields first.
 */
JsonNode *
sonde_record_to_json_node (const SondeRecord *record)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  char time[32];

  format_time (record->wall_us, time);
  json_object_set_string_member (object, "time", time);
  json_object_set_string_member (object, "event", type_names[record->type]);
  json_object_set_string_member (object, "connection", record->connection ? record->connection : "");
  if (record->seq != 0)
    json_object_set_int_member (object, "seq", record->seq);
  add_fields (object, record);
  json_node_take_object (node, object);
  return node;
}

/**
 * sonde_record_to_event:
 *
 * Returns: (transfer full): a new #SondeEvent with the record's fields and
 *   a copy of its payload bytes.
 */
SondeEvent *
sonde_record_to_event (const SondeRecord *record)
{
  SondeEvent *event = sonde_event_new_at (type_names[record->type], record->connection,
                                          record->wall_us);

  if (record->seq != 0)
    json_object_set_int_member (sonde_event_get_fields (event), "seq", record->seq);
  add_fields (sonde_event_get_fields (event), record);
  if (record->type == SONDE_RECORD_MESSAGE || record->type == SONDE_RECORD_QUEUED)
    {
      g_autoptr(GBytes) payload = g_bytes_new (record->text, record->text_len);
      sonde_event_set_payload (event, payload);
    }
  return event;
}

static const char *
interned_member (SondeEvent *event,
                 const char *member)
{
  const char *value = sonde_event_get_string (event, member);

  return value ? g_intern_string (value) : NULL;
}

/* Points the record's text at @value and keeps it alive in @payload. */
static void
take_text (SondeRecord *record,
           GBytes     **payload,
           GBytes      *value)
{
  gsize len = 0;

  record->text = g_bytes_get_data (value, &len);
  record->text_len = len;
  g_clear_pointer (payload, g_bytes_unref);
  *payload = value;
}

static void
take_string (SondeRecord *record,
             GBytes     **payload,
             const char  *value)
{
  take_text (record, payload, g_bytes_new (value ? value : "", value ? strlen (value) : 0));
}

/**
 * sonde_record_from_event:
 * @payload: (out): holds the bytes that @record points to
 *
 * The reverse of sonde_record_to_event(), for events read back from a
 * recording or made by hand. The record's strings belong to @event and
 * @payload. Returns %FALSE for an event name Sonde does not know.
 */
gboolean
sonde_record_from_event (SondeRecord  *record,
                         SondeEvent   *event,
                         GBytes      **payload)
{
  SondeRecordType type;
  GDateTime *time;

  *payload = NULL;
  if (!sonde_record_type_from_string (sonde_event_get_name (event), &type))
    return FALSE;

  sonde_record_init (record, type, sonde_event_get_connection (event));
  time = sonde_event_get_time (event);
  record->wall_us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  record->seq = MAX (0, sonde_event_get_int (event, "seq", 0));

  switch (type)
    {
    case SONDE_RECORD_STATE:
      record->num[0] = sonde_event_get_int (event, "ready_state", 3);
      break;

    case SONDE_RECORD_CONNECTING:
      take_string (record, payload, sonde_event_get_string (event, "url"));
      record->num[0] = sonde_event_get_int (event, "attempt", 1);
      break;

    case SONDE_RECORD_OPEN:
      record->str[0] = interned_member (event, "protocol");
      record->str[1] = interned_member (event, "extensions");
      record->num[0] = sonde_event_get_int (event, "handshake_ms", 0);
      {
        char *packed = sonde_headers_pack (event);

        if (packed != NULL)
          take_text (record, payload, g_bytes_new_take (packed, strlen (packed)));
      }
      break;

    case SONDE_RECORD_MESSAGE:
    case SONDE_RECORD_QUEUED:
      {
        const char *b64 = sonde_event_get_string (event, "base64");
        GBytes *exact = sonde_event_get_payload (event);

        if (g_strcmp0 (sonde_event_get_string (event, "kind"), "binary") == 0 ||
            (b64 != NULL && sonde_event_get_string (event, "text") == NULL))
          record->flags |= SONDE_RECORD_FLAG_BINARY;
        if (exact != NULL)
          take_text (record, payload, g_bytes_ref (exact));
        else if (b64 != NULL)
          {
            gsize len = 0;
            guchar *data = g_base64_decode (b64, &len);
            take_text (record, payload, g_bytes_new_take (data, len));
          }
        else
          take_string (record, payload, sonde_event_get_string (event, "text"));
        record->size = MAX (0, sonde_event_get_int (event, "size", record->text_len));
        if (type == SONDE_RECORD_QUEUED)
          record->num[0] = sonde_event_get_int (event, "queue_length", 0);
        else
          {
            record->direction = g_strcmp0 (sonde_event_get_string (event, "direction"), "in") == 0
                                ? SONDE_DIRECTION_IN : SONDE_DIRECTION_OUT;
            record->role = role_from_string (sonde_event_get_string (event, "role"));
            if (sonde_event_get_int (event, "rtt_ms", -1) >= 0)
              {
                record->flags |= SONDE_RECORD_FLAG_HAS_RTT;
                record->num[0] = sonde_event_get_int (event, "rtt_ms", 0);
              }
            record->reply_to = MAX (0, sonde_event_get_int (event, "reply_to", 0));
            record->replay_of = MAX (0, sonde_event_get_int (event, "replay_of", 0));
            if (sonde_event_get_boolean (event, "unanswered"))
              record->flags |= SONDE_RECORD_FLAG_UNANSWERED;
            if (sonde_event_has_field (event, "latency_ms"))
              {
                record->flags |= SONDE_RECORD_FLAG_HAS_LATENCY;
                record->num[1] = (gint64) round (sonde_event_get_double (event, "latency_ms", 0) * 1000);
              }
          }
      }
      break;

    case SONDE_RECORD_PONG:
      break;

    case SONDE_RECORD_HEARTBEAT_MISSED:
      record->num[0] = sonde_event_get_int (event, "missed", 0);
      record->num[1] = sonde_event_get_int (event, "limit", 0);
      record->str[0] = interned_member (event, "source");
      break;

    case SONDE_RECORD_ERROR:
      take_string (record, payload, sonde_event_get_string (event, "message"));
      record->str[0] = interned_member (event, "domain");
      record->num[0] = sonde_event_get_int (event, "code", 0);
      if (sonde_event_has_field (event, "http_status"))
        {
          record->flags |= SONDE_RECORD_FLAG_HAS_STATUS;
          record->num[1] = sonde_event_get_int (event, "http_status", 0);
        }
      /* Interned like the other strings of rare events: failed
       * handshakes come at most once per reconnect attempt. */
      {
        g_autofree char *packed = sonde_headers_pack (event);

        record->str[1] = packed ? g_intern_string (packed) : NULL;
      }
      break;

    case SONDE_RECORD_WARNING:
      take_string (record, payload, sonde_event_get_string (event, "message"));
      break;

    case SONDE_RECORD_CLOSE:
      record->num[0] = sonde_event_get_int (event, "code", SOUP_WEBSOCKET_CLOSE_ABNORMAL);
      take_string (record, payload, sonde_event_get_string (event, "reason"));
      if (sonde_event_get_boolean (event, "clean"))
        record->flags |= SONDE_RECORD_FLAG_CLEAN;
      record->str[0] = interned_member (event, "initiator");
      break;

    case SONDE_RECORD_RECONNECT:
      record->num[0] = sonde_event_get_int (event, "attempt", 1);
      if (sonde_event_get_boolean (event, "waiting_for_network"))
        record->flags |= SONDE_RECORD_FLAG_NO_NETWORK;
      else
        record->num[1] = sonde_event_get_int (event, "delay_ms", 0);
      break;

    case SONDE_RECORD_GAVE_UP:
      record->num[0] = sonde_event_get_int (event, "attempts", 0);
      break;

    case SONDE_RECORD_NO_REPLY:
      record->num[0] = MAX (0, sonde_event_get_int (event, "request_seq", 0));
      record->num[1] = MAX (0, sonde_event_get_int (event, "waited_ms", 0)) * 1000;
      break;

    case SONDE_RECORD_N_TYPES:
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}
