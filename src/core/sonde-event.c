/* sonde-event.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sonde-close-code.h"
#include "sonde-event.h"
#include "sonde-json.h"

struct _SondeEvent
{
  GObject     parent_instance;

  const char *name;        /* interned */
  char       *connection;
  GDateTime  *time;
  JsonObject *fields;
  GBytes     *payload;     /* the exact bytes of a message, when known */
};

G_DEFINE_FINAL_TYPE (SondeEvent, sonde_event, G_TYPE_OBJECT)

static void
sonde_event_finalize (GObject *object)
{
  SondeEvent *self = (SondeEvent *) object;

  g_clear_pointer (&self->connection, g_free);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->fields, json_object_unref);
  g_clear_pointer (&self->payload, g_bytes_unref);

  G_OBJECT_CLASS (sonde_event_parent_class)->finalize (object);
}

static void
sonde_event_class_init (SondeEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sonde_event_finalize;
}

static void
sonde_event_init (SondeEvent *self)
{
  self->fields = json_object_new ();
}

/**
 * sonde_event_new:
 * @name: one of the event names of docs/events.md
 * @connection: the connection's name
 *
 * Returns: (transfer full): a new event stamped with the current time.
 */
SondeEvent *
sonde_event_new (const char *name,
                 const char *connection)
{
  SondeEvent *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (SONDE_TYPE_EVENT, NULL);
  self->name = g_intern_string (name);
  self->connection = g_strdup (connection ? connection : "");
  self->time = g_date_time_new_now_utc ();
  return self;
}

/**
 * sonde_event_new_at:
 * @wall_us: the event's time, in microseconds since the epoch
 *   (g_get_real_time())
 *
 * Returns: (transfer full): a new event stamped with @wall_us.
 */
SondeEvent *
sonde_event_new_at (const char *name,
                    const char *connection,
                    gint64      wall_us)
{
  SondeEvent *self = sonde_event_new (name, connection);
  g_autoptr(GDateTime) seconds = NULL;

  seconds = g_date_time_new_from_unix_utc (wall_us / G_USEC_PER_SEC);
  g_clear_pointer (&self->time, g_date_time_unref);
  self->time = g_date_time_add (seconds, wall_us % G_USEC_PER_SEC);
  return self;
}

/**
 * sonde_event_set_payload:
 * @payload: (nullable): the exact bytes of a message or queued event
 *
 * Keeps the message's bytes as they were on the wire: the JSON fields
 * (`text`, `base64`) are what is written out, the payload is what the
 * log and the detail view read.
 */
void
sonde_event_set_payload (SondeEvent *self,
                         GBytes     *payload)
{
  g_return_if_fail (SONDE_IS_EVENT (self));

  if (payload != NULL)
    g_bytes_ref (payload);
  g_clear_pointer (&self->payload, g_bytes_unref);
  self->payload = payload;
}

/**
 * sonde_event_get_payload:
 *
 * Returns: (transfer none) (nullable): the exact bytes of the message, if
 *   known.
 */
GBytes *
sonde_event_get_payload (SondeEvent *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);
  return self->payload;
}

/**
 * sonde_event_new_from_line:
 * @line: one line of an event stream, without its newline
 * @length: its length, or -1 when NUL-terminated
 * @error: why the line is not an event, in one sentence
 *
 * Parses through the guarded entry point (sonde-json.h), so a hostile
 * recording can be too deep or too long but never crashes the reader.
 */
SondeEvent *
sonde_event_new_from_line (const char  *line,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (line != NULL, NULL);

  root = sonde_json_parse (line, length, SONDE_JSON_MAX_LINE_SIZE, SONDE_JSON_MAX_DEPTH, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("An event line must be a JSON object"));
      return NULL;
    }
  return sonde_event_new_from_json (json_node_get_object (root), error);
}

/**
 * sonde_event_new_from_json:
 * @object: one parsed line of an event stream
 *
 * Reads an event back, for instance from a recording. Unknown fields are
 * kept as they are.
 */
/* The string in @object's member @name, or NULL: a line read back may
 * hold anything there (json-glib's *_with_default() getters are critical
 * on an array or an object). */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

SondeEvent *
sonde_event_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(SondeEvent) self = NULL;
  g_autoptr(GList) members = NULL;
  const char *name;
  const char *time;

  g_return_val_if_fail (object != NULL, NULL);

  name = string_member (object, "event");
  time = string_member (object, "time");
  if (name == NULL || time == NULL)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   _("An event line needs the fields “time” and “event”"));
      return NULL;
    }

  self = sonde_event_new (name, string_member (object, "connection") ? string_member (object, "connection") : "");
  g_clear_pointer (&self->time, g_date_time_unref);
  self->time = g_date_time_new_from_iso8601 (time, NULL);
  if (self->time == NULL)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   _("“%s” is not an RFC 3339 time"), time);
      return NULL;
    }

  members = json_object_get_members (object);
  for (const GList *l = members; l; l = l->next)
    {
      const char *member = l->data;

      if (g_str_equal (member, "time") || g_str_equal (member, "event") ||
          g_str_equal (member, "connection"))
        continue;
      json_object_set_member (self->fields, member,
                              json_node_copy (json_object_get_member (object, member)));
    }

  return g_steal_pointer (&self);
}

const char *
sonde_event_get_name (SondeEvent *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);
  return self->name;
}

const char *
sonde_event_get_connection (SondeEvent *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);
  return self->connection;
}

GDateTime *
sonde_event_get_time (SondeEvent *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);
  return self->time;
}

/**
 * sonde_event_get_fields:
 *
 * Returns: (transfer none): the extra fields (without time, event, connection).
 */
JsonObject *
sonde_event_get_fields (SondeEvent *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);
  return self->fields;
}

gboolean
sonde_event_has_field (SondeEvent *self,
                       const char *field)
{
  g_return_val_if_fail (SONDE_IS_EVENT (self), FALSE);
  return json_object_has_member (self->fields, field);
}

const char *
sonde_event_get_string (SondeEvent *self,
                        const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
sonde_event_get_int (SondeEvent *self,
                     const char *field,
                     gint64      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (SONDE_IS_EVENT (self), fallback);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return json_node_get_int (node);
}

double
sonde_event_get_double (SondeEvent *self,
                        const char *field,
                        double      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (SONDE_IS_EVENT (self), fallback);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return json_node_get_double (node);
}

gboolean
sonde_event_get_boolean (SondeEvent *self,
                         const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (SONDE_IS_EVENT (self), FALSE);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  return json_node_get_boolean (node);
}

void
sonde_event_set_string (SondeEvent *self,
                        const char *field,
                        const char *value)
{
  g_return_if_fail (SONDE_IS_EVENT (self));

  if (value == NULL)
    json_object_set_null_member (self->fields, field);
  else
    json_object_set_string_member (self->fields, field, value);
}

void
sonde_event_set_int (SondeEvent *self,
                     const char *field,
                     gint64      value)
{
  g_return_if_fail (SONDE_IS_EVENT (self));
  json_object_set_int_member (self->fields, field, value);
}

void
sonde_event_set_boolean (SondeEvent *self,
                         const char *field,
                         gboolean    value)
{
  g_return_if_fail (SONDE_IS_EVENT (self));
  json_object_set_boolean_member (self->fields, field, value);
}

void
sonde_event_set_null (SondeEvent *self,
                      const char *field)
{
  g_return_if_fail (SONDE_IS_EVENT (self));
  json_object_set_null_member (self->fields, field);
}

/**
 * sonde_event_format_time:
 *
 * Returns: the time as RFC 3339 UTC with milliseconds, as docs/events.md wants:
 *   `2026-11-28T14:55:52.711Z`.
 */
char *
sonde_event_format_time (SondeEvent *self)
{
  g_autoptr(GDateTime) utc = NULL;
  int year, month, day;

  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);

  /* A time read back with an offset ("+08:00") is written in UTC, as the
   * "Z" says; the year always has its four digits (RFC 3339), which
   * g_date_time_format ("%Y") does not give below 1000. */
  utc = g_date_time_to_utc (self->time);
  g_date_time_get_ymd (utc, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day,
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc), g_date_time_get_microsecond (utc) / 1000);
}

/**
 * sonde_event_to_json_node:
 *
 * Returns: (transfer full): the event as a JSON object, the common fields first.
 */
JsonNode *
sonde_event_to_json_node (SondeEvent *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *time = NULL;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);

  time = sonde_event_format_time (self);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "connection");
  json_builder_add_string_value (builder, self->connection);

  members = json_object_get_members (self->fields);
  for (const GList *l = members; l; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (self->fields, l->data)));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * sonde_event_to_json:
 *
 * Returns: the event as one compact JSON line, without the newline.
 */
char *
sonde_event_to_json (SondeEvent *self)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *generated = NULL;
  GString *line;

  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);

  node = sonde_event_to_json_node (self);
  generated = json_to_string (node, FALSE);
  line = g_string_new (generated);
  sonde_json_shorten_doubles (line, json_node_get_object (node));
  return g_string_free (line, FALSE);
}

static char *
one_line (const char *text)
{
  GString *s = g_string_sized_new (MIN (strlen (text), 200));

  for (const char *p = text; *p && s->len < 200; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (s, ' ');
      else
        g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

/**
 * sonde_event_dup_summary:
 *
 * Returns: a short human line for a log row (translated), one line only.
 */
char *
sonde_event_dup_summary (SondeEvent *self)
{
  const char *name;

  g_return_val_if_fail (SONDE_IS_EVENT (self), NULL);

  name = self->name;
  if (g_str_equal (name, SONDE_EVENT_MESSAGE) || g_str_equal (name, SONDE_EVENT_QUEUED))
    {
      const char *text = sonde_event_get_string (self, "text");
      const char *b64 = sonde_event_get_string (self, "base64");

      if (text != NULL)
        return one_line (text);
      if (b64 != NULL)
        {
          gsize len = 0;
          g_autofree guchar *data = g_base64_decode (b64, &len);
          GString *hex = g_string_new (NULL);

          for (gsize i = 0; i < len && i < 48; i++)
            g_string_append_printf (hex, i ? " %02x" : "%02x", data[i]);
          if (len > 48)
            g_string_append (hex, " …");
          return g_string_free (hex, FALSE);
        }
      return g_strdup ("");
    }
  if (g_str_equal (name, SONDE_EVENT_STATE))
    return g_strdup_printf (_("%s (readyState %d)"),
                            sonde_event_get_string (self, "state"),
                            (int) sonde_event_get_int (self, "ready_state", 3));
  if (g_str_equal (name, SONDE_EVENT_CONNECTING))
    return g_strdup_printf (_("Connecting to %s (attempt %d)"),
                            sonde_event_get_string (self, "url"),
                            (int) sonde_event_get_int (self, "attempt", 1));
  if (g_str_equal (name, SONDE_EVENT_OPEN))
    {
      const char *protocol = sonde_event_get_string (self, "protocol");

      if (protocol != NULL)
        return g_strdup_printf (_("Open in %d ms, subprotocol “%s”"),
                                (int) sonde_event_get_int (self, "handshake_ms", 0), protocol);
      return g_strdup_printf (_("Open in %d ms"),
                              (int) sonde_event_get_int (self, "handshake_ms", 0));
    }
  if (g_str_equal (name, SONDE_EVENT_PONG))
    {
      if (sonde_event_get_int (self, "rtt_ms", -1) >= 0)
        return g_strdup_printf (_("Pong after %d ms"), (int) sonde_event_get_int (self, "rtt_ms", 0));
      return g_strdup (_("Pong"));
    }
  if (g_str_equal (name, SONDE_EVENT_HEARTBEAT_MISSED))
    return g_strdup_printf (_("No heartbeat reply (%d of %d)"),
                            (int) sonde_event_get_int (self, "missed", 0),
                            (int) sonde_event_get_int (self, "limit", 0));
  if (g_str_equal (name, SONDE_EVENT_ERROR) || g_str_equal (name, SONDE_EVENT_WARNING))
    return one_line (sonde_event_get_string (self, "message") ?: "");
  if (g_str_equal (name, SONDE_EVENT_CLOSE))
    return sonde_close_code_format ((guint) sonde_event_get_int (self, "code", SOUP_WEBSOCKET_CLOSE_ABNORMAL),
                                    sonde_event_get_string (self, "reason"));
  if (g_str_equal (name, SONDE_EVENT_RECONNECT))
    return g_strdup_printf (_("Reconnect attempt %d in %d ms"),
                            (int) sonde_event_get_int (self, "attempt", 1),
                            (int) sonde_event_get_int (self, "delay_ms", 0));
  if (g_str_equal (name, SONDE_EVENT_NO_REPLY))
    /* Translators: the seq of a request, then how long it waited. */
    return g_strdup_printf (_("No reply to #%d after %d ms"),
                            (int) sonde_event_get_int (self, "request_seq", 0),
                            (int) sonde_event_get_int (self, "waited_ms", 0));
  if (g_str_equal (name, SONDE_EVENT_GAVE_UP))
    return g_strdup_printf (_("Gave up after %d attempts"),
                            (int) sonde_event_get_int (self, "attempts", 0));

  return g_strdup (name);
}
