/* sonde-record.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sonde-event.h"

G_BEGIN_DECLS

/* The event names of docs/events.md as numbers. */
typedef enum
{
  SONDE_RECORD_STATE,
  SONDE_RECORD_CONNECTING,
  SONDE_RECORD_OPEN,
  SONDE_RECORD_MESSAGE,
  SONDE_RECORD_QUEUED,
  SONDE_RECORD_PONG,
  SONDE_RECORD_HEARTBEAT_MISSED,
  SONDE_RECORD_ERROR,
  SONDE_RECORD_WARNING,
  SONDE_RECORD_CLOSE,
  SONDE_RECORD_RECONNECT,
  SONDE_RECORD_GAVE_UP,
  SONDE_RECORD_NO_REPLY,
  SONDE_RECORD_N_TYPES
} SondeRecordType;

typedef enum
{
  SONDE_DIRECTION_NONE,
  SONDE_DIRECTION_IN,
  SONDE_DIRECTION_OUT,
} SondeDirection;

typedef enum
{
  SONDE_ROLE_USER,
  SONDE_ROLE_HEARTBEAT,
  SONDE_ROLE_HEARTBEAT_REPLY,
  SONDE_ROLE_LOGIN,
  SONDE_ROLE_LOGOUT,
  SONDE_ROLE_N_ROLES
} SondeRole;

typedef enum
{
  SONDE_RECORD_FLAG_BINARY      = 1 << 0,  /* message, queued: a binary frame */
  SONDE_RECORD_FLAG_CLEAN       = 1 << 1,  /* close: clean */
  SONDE_RECORD_FLAG_HAS_RTT     = 1 << 2,  /* message: num[0] is rtt_ms */
  SONDE_RECORD_FLAG_HAS_STATUS  = 1 << 3,  /* error: num[1] is http_status */
  SONDE_RECORD_FLAG_NO_NETWORK  = 1 << 4,  /* reconnect: waiting for the network */
  SONDE_RECORD_FLAG_HAS_LATENCY = 1 << 5,  /* message: a reply, num[1] is its latency in µs */
  SONDE_RECORD_FLAG_UNANSWERED  = 1 << 6,  /* message: a request that got a no-reply (set in the log) */
} SondeRecordFlags;

/* One event as typed fields: what the engine reports for every frame and
 * every change, without allocating. The strings and the payload are
 * borrowed: they live as long as the record's owner says (the stack frame
 * of the signal emission, or the log's arena).
 *
 * Which field holds what, per type:
 *
 * | type             | num[0]        | num[1]      | text            | str[0]     | str[1]     |
 * |------------------|---------------|-------------|-----------------|------------|------------|
 * | state            | ready_state   |             |                 |            |            |
 * | connecting       | attempt       |             | url             |            |            |
 * | open             | handshake_ms  |             |                 | protocol   | extensions |
 * | message          | rtt_ms        | latency µs  | payload         |            |            |
 * | queued           | queue_length  |             | payload         |            |            |
 * | heartbeat-missed | missed        | limit       |                 | source     |            |
 * | error            | code          | http_status | message         | domain     |            |
 * | warning          |               |             | message         |            |            |
 * | close            | code          |             | reason          | initiator  |            |
 * | reconnect        | attempt       | delay_ms    |                 |            |            |
 * | gave-up          | attempts      |             |                 |            |            |
 * | no-reply         | request_seq   | waited µs   |                 |            |            |
 *
 * `size` is the payload size of messages; `text_len` is the length of
 * `text` in bytes (payloads may hold NUL bytes, so it is always given).
 * `seq` is given by the session (0 until then); a message's `reply_to` is
 * the `seq` of the request it answers (pairing) and `replay_of` the `seq`
 * of the recorded line it replays, 0 when none. */
typedef struct
{
  gint64           wall_us;      /* g_get_real_time () */
  gint64           mono_us;      /* g_get_monotonic_time () */
  guint64          seq;
  guint64          reply_to;
  guint64          replay_of;
  const char      *connection;   /* interned */
  const guint8    *text;
  const char      *str[2];
  gint64           num[2];
  guint32          text_len;
  guint32          size;
  guint8           type;         /* SondeRecordType */
  guint8           direction;    /* SondeDirection */
  guint8           role;         /* SondeRole */
  guint8           flags;        /* SondeRecordFlags */
} SondeRecord;

void        sonde_record_init           (SondeRecord       *record,
                                         SondeRecordType    type,
                                         const char        *connection);
void        sonde_record_set_text       (SondeRecord       *record,
                                         const char        *text);
const char *sonde_record_type_to_string (SondeRecordType    type);
gboolean    sonde_record_type_from_string (const char      *name,
                                         SondeRecordType   *type);
const char *sonde_role_to_string        (SondeRole          role);
const char *sonde_direction_to_string   (SondeDirection     direction);
gboolean    sonde_record_is_heartbeat_noise (const SondeRecord *record);
JsonNode   *sonde_record_to_json_node   (const SondeRecord *record);
SondeEvent *sonde_record_to_event       (const SondeRecord *record);
gboolean    sonde_record_from_event     (SondeRecord       *record,
                                         SondeEvent        *event,
                                         GBytes           **payload);

G_END_DECLS
