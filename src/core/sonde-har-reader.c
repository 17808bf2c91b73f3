/* sonde-har-reader.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sonde-har-reader.h"
#include "sonde-recording-reader.h"
#include "sonde-headers.h"
#include "sonde-json.h"

/* HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) with the
 * browsers' WebSocket extensions:
 *
 * - Chrome (DevTools since 76): a WebSocket entry has "_resourceType":
 *   "websocket" and "_webSocketMessages": [{ "type": "send" | "receive",
 *   "time": epoch seconds (fractional), "opcode": 1 (text) | 2 (binary,
 *   "data" in base64), "data": … }].
 * - Firefox: the entry is an ordinary one, a GET of a ws:// or wss:// URL
 *   answered 101 with an Upgrade: websocket request header; its messages
 *   are not saved.
 *
 * The file is read with g_file_load_contents_async() (checked to be a
 * regular file no bigger than SONDE_HAR_MAX_SIZE first) and parsed once
 * through sonde_json_parse() (its depth limit); the events are sorted by
 * time and appended in one batch. */

struct _SondeHarReader
{
  GObject       parent_instance;

  GFile        *file;
  GTask        *task;
  SondeLog     *log;

  guint64       bytes_read;
  guint64       size;
  guint64       n_lines;
  guint64       n_skipped;
  guint         n_connections;
  char         *first_error;
};

enum {
  PROP_0,
  PROP_BYTES_READ,
  PROP_SIZE,
  PROP_N_LINES,
  PROP_N_SKIPPED,
  PROP_FIRST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeHarReader, sonde_har_reader, G_TYPE_OBJECT)

static void
sonde_har_reader_finalize (GObject *object)
{
  SondeHarReader *self = (SondeHarReader *) object;

  g_clear_object (&self->file);
  g_clear_object (&self->log);
  g_clear_pointer (&self->first_error, g_free);

  G_OBJECT_CLASS (sonde_har_reader_parent_class)->finalize (object);
}

static void
sonde_har_reader_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeHarReader *self = SONDE_HAR_READER (object);

  switch (prop_id)
    {
    case PROP_BYTES_READ:
      g_value_set_uint64 (value, self->bytes_read);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_N_LINES:
      g_value_set_uint64 (value, self->n_lines);
      break;
    case PROP_N_SKIPPED:
      g_value_set_uint64 (value, self->n_skipped);
      break;
    case PROP_FIRST_ERROR:
      g_value_set_string (value, self->first_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_har_reader_class_init (SondeHarReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_har_reader_finalize;
  object_class->get_property = sonde_har_reader_get_property;

  properties[PROP_BYTES_READ] =
    g_param_spec_uint64 ("bytes-read", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_LINES] =
    g_param_spec_uint64 ("n-lines", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_SKIPPED] =
    g_param_spec_uint64 ("n-skipped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FIRST_ERROR] =
    g_param_spec_string ("first-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_har_reader_init (SondeHarReader *self)
{
}

SondeHarReader *
sonde_har_reader_new (GFile *file)
{
  SondeHarReader *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SONDE_TYPE_HAR_READER, NULL);
  self->file = g_object_ref (file);
  return self;
}

gboolean
sonde_har_reader_is_har (GFile *file)
{
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  return g_str_has_suffix (lower, ".har");
}

/* Building events */

static void
skip (SondeHarReader *self,
      const char     *why)
{
  self->n_skipped++;
  if (self->first_error == NULL)
    self->first_error = g_strdup (why);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static double
member_number (JsonObject *object,
               const char *member,
               double      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return fallback;
}

/* HAR headers ([{ "name", "value" }]) as our [name, value] pairs, masked. */
static JsonNode *
headers_to_pairs (JsonArray *headers)
{
  JsonArray *pairs = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, pairs);
  for (guint i = 0; headers != NULL && i < json_array_get_length (headers); i++)
    {
      JsonNode *element = json_array_get_element (headers, i);
      JsonObject *header = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *name = member_string (header, "name");
      const char *value = member_string (header, "value");
      JsonArray *pair;

      if (name == NULL)
        continue;
      pair = json_array_new ();
      json_array_add_string_element (pair, name);
      json_array_add_string_element (pair, sonde_headers_is_secret (name) ? SONDE_HEADERS_MASK
                                                                          : (value ? value : ""));
      json_array_add_array_element (pairs, pair);
    }
  return node;
}

static gboolean
has_header (JsonArray  *headers,
            const char *name,
            const char *value)
{
  for (guint i = 0; headers != NULL && i < json_array_get_length (headers); i++)
    {
      JsonNode *element = json_array_get_element (headers, i);
      JsonObject *header = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *n = member_string (header, "name");
      const char *v = member_string (header, "value");

      if (n != NULL && g_ascii_strcasecmp (n, name) == 0 && v != NULL &&
          g_ascii_strncasecmp (v, value, strlen (value)) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_websocket (JsonObject *entry)
{
  JsonObject *request = member_object (entry, "request");
  const char *url = member_string (request, "url");

  if (g_strcmp0 (member_string (entry, "_resourceType"), "websocket") == 0 ||
      json_object_has_member (entry, "_webSocketMessages"))
    return TRUE;
  if (url != NULL && (g_str_has_prefix (url, "ws://") || g_str_has_prefix (url, "wss://")))
    return TRUE;
  return has_header (member_array (request, "headers"), "Upgrade", "websocket");
}

static gint64
parse_time (const char *iso)
{
  g_autoptr(GDateTime) time = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  if (time == NULL)
    return 0;
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static char *
request_line (JsonObject *request)
{
  const char *method = member_string (request, "method");
  const char *url = member_string (request, "url");
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *version = member_string (request, "httpVersion");
  const char *path = uri ? g_uri_get_path (uri) : NULL;
  const char *query = uri ? g_uri_get_query (uri) : NULL;

  /* Chrome writes "HTTP/1.1", Firefox too; anything else as HTTP/1.1. */
  if (version == NULL || !g_str_has_prefix (version, "HTTP/"))
    version = "HTTP/1.1";
  return g_strdup_printf ("%s %s%s%s %s", method ? method : "GET", path && *path ? path : "/",
                          query ? "?" : "", query ? query : "", version);
}

static void
add_entry (SondeHarReader *self,
           JsonObject     *entry,
           GPtrArray      *events)
{
  JsonObject *request = member_object (entry, "request");
  JsonObject *response = member_object (entry, "response");
  JsonObject *timings = member_object (entry, "timings");
  JsonArray *messages = member_array (entry, "_webSocketMessages");
  const char *url = member_string (request, "url");
  gint64 started = parse_time (member_string (entry, "startedDateTime"));
  int status = (int) member_number (response, "status", 0);
  g_autofree char *line = NULL;
  SondeEvent *event;

  if (url == NULL || started == 0)
    {
      skip (self, _("A WebSocket entry without its URL or start time"));
      return;
    }
  self->n_connections++;
  self->n_lines++;

  event = sonde_event_new_at (SONDE_EVENT_CONNECTING, url, started);
  sonde_event_set_string (event, "url", url);
  sonde_event_set_int (event, "attempt", 1);
  g_ptr_array_add (events, event);

  if (status == 101 || messages != NULL)
    {
      event = sonde_event_new_at (SONDE_EVENT_OPEN, url, started);
      sonde_event_set_null (event, "protocol");
      sonde_event_set_null (event, "extensions");
      sonde_event_set_int (event, "handshake_ms", MAX (0, (gint64) member_number (timings, "wait", 0)));
    }
  else
    {
      const char *reason = member_string (response, "statusText");
      g_autofree char *message = NULL;

      if (status > 0)
        message = g_strdup_printf (_("The server refused the WebSocket handshake: HTTP %d %s"),
                                   status, reason ? reason : "");
      else
        message = g_strdup (_("The WebSocket handshake did not complete"));
      event = sonde_event_new_at (SONDE_EVENT_ERROR, url, started);
      sonde_event_set_string (event, "message", g_strchomp (message));
      sonde_event_set_string (event, "domain", "har");
      sonde_event_set_int (event, "code", 0);
      if (status > 0)
        sonde_event_set_int (event, "http_status", status);
    }
  line = request_line (request);
  sonde_event_set_string (event, "request_line", line);
  json_object_set_member (sonde_event_get_fields (event), "request_headers",
                          headers_to_pairs (member_array (request, "headers")));
  if (status > 0)
    {
      const char *version = member_string (response, "httpVersion");
      const char *reason = member_string (response, "statusText");
      g_autofree char *status_line = g_strdup_printf ("%s %d %s",
                                                      version && g_str_has_prefix (version, "HTTP/") ? version : "HTTP/1.1",
                                                      status, reason ? reason : "");

      sonde_event_set_string (event, "status_line", g_strchomp (status_line));
      json_object_set_member (sonde_event_get_fields (event), "response_headers",
                              headers_to_pairs (member_array (response, "headers")));
    }
  g_ptr_array_add (events, event);

  if (messages == NULL)
    {
      if (status == 101)
        {
          event = sonde_event_new_at (SONDE_EVENT_WARNING, url, started);
          sonde_event_set_string (event, "message",
                                  _("This HAR file has the handshake but not the messages (Firefox does not save them)"));
          g_ptr_array_add (events, event);
        }
      return;
    }

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *element = json_array_get_element (messages, i);
      JsonObject *message = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *type = member_string (message, "type");
      const char *data = member_string (message, "data");
      double time = member_number (message, "time", -1);
      int opcode = (int) member_number (message, "opcode", 1);
      g_autoptr(GBytes) payload = NULL;

      self->n_lines++;
      if (message == NULL || data == NULL || time < 0 ||
          (g_strcmp0 (type, "send") != 0 && g_strcmp0 (type, "receive") != 0))
        {
          skip (self, _("A WebSocket message without its type, time or data"));
          continue;
        }
      if (opcode != 1 && opcode != 2)
        {
          g_autofree char *why = g_strdup_printf (_("A WebSocket frame with opcode %d is not a message"), opcode);
          skip (self, why);
          continue;
        }
      if (opcode == 2)
        {
          gsize len = 0;
          guchar *bytes = g_base64_decode (data, &len);

          payload = g_bytes_new_take (bytes, len);
        }
      else
        payload = g_bytes_new (data, strlen (data));

      event = sonde_event_new_at (SONDE_EVENT_MESSAGE, url, (gint64) (time * G_USEC_PER_SEC + 0.5));
      sonde_event_set_string (event, "direction", g_str_equal (type, "send") ? "out" : "in");
      sonde_event_set_string (event, "kind", opcode == 2 ? "binary" : "text");
      sonde_event_set_int (event, "size", g_bytes_get_size (payload));
      if (opcode == 1)
        sonde_event_set_string (event, "text", data);
      sonde_event_set_payload (event, payload);
      g_ptr_array_add (events, event);
    }
}

static int
compare_time (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SondeEvent *x = *(SondeEvent **) a;
  SondeEvent *y = *(SondeEvent **) b;

  return g_date_time_compare (sonde_event_get_time (x), sonde_event_get_time (y));
}

static gboolean
read_har (SondeHarReader  *self,
          const char      *data,
          gsize            length,
          GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = sonde_json_parse (data, length, SONDE_HAR_MAX_SIZE, SONDE_JSON_MAX_DEPTH,
                                               &local_error);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *name = g_file_get_parse_name (self->file);
  JsonArray *entries;
  gboolean was_batch;

  if (root == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not a HAR file: %s"),
                   name, local_error->message);
      return FALSE;
    }
  entries = JSON_NODE_HOLDS_OBJECT (root)
            ? member_array (member_object (json_node_get_object (root), "log"), "entries") : NULL;
  if (entries == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a HAR file: it has no log.entries"), name);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *element = json_array_get_element (entries, i);

      if (JSON_NODE_HOLDS_OBJECT (element) && is_websocket (json_node_get_object (element)))
        add_entry (self, json_node_get_object (element), events);
    }
  if (self->n_connections == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” holds no WebSocket connection"), name);
      return FALSE;
    }

  /* Connections overlap in time: one log in time order. A stable sort, so
   * that the events of one instant keep their order. */
  {
    guint n = events->len;
    SondeEvent **sorted = g_memdup2 (events->pdata, n * sizeof (gpointer));

    /* g_qsort_with_data is stable (a merge sort). */
    g_qsort_with_data (sorted, n, sizeof (gpointer), compare_time, NULL);
    was_batch = sonde_log_get_batch (self->log);
    sonde_log_set_batch (self->log, TRUE);
    for (guint i = 0; i < n; i++)
      sonde_log_append (self->log, sorted[i]);
    g_free (sorted);
    if (!was_batch)
      sonde_log_set_batch (self->log, FALSE);
    else
      sonde_log_flush (self->log);
  }
  return TRUE;
}

static void
finish (SondeHarReader *self,
        GError         *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_object (&self->log);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_READ]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SKIPPED]);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(SondeHarReader) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (self->file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (self, g_steal_pointer (&error));
      else
        finish (self, g_error_new (error->domain, error->code, _("Could not read “%s”: %s"),
                                   name, error->message));
      return;
    }
  self->bytes_read = length;
  if (!read_har (self, contents, length, &error))
    finish (self, g_steal_pointer (&error));
  else
    finish (self, NULL);
}

static void
info_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(SondeHarReader) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = sonde_recording_file_info_finish (G_FILE (source), result, &error);
  g_autofree char *name = g_file_get_parse_name (self->file);

  if (info == NULL)
    {
      finish (self, g_steal_pointer (&error));
      return;
    }
  self->size = g_file_info_get_size (info);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
  if (self->size > SONDE_HAR_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (SONDE_HAR_MAX_SIZE);

      finish (self, g_error_new (G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                 _("Could not open “%s”: a HAR file of more than %s is not read"),
                                 name, limit));
      return;
    }
  g_file_load_contents_async (self->file, g_task_get_cancellable (self->task), loaded_cb,
                              g_object_ref (self));
}

void
sonde_har_reader_load_async (SondeHarReader      *self,
                             SondeLog            *log,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SONDE_IS_HAR_READER (self));
  g_return_if_fail (SONDE_IS_LOG (log));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, sonde_har_reader_load_async);
  self->log = g_object_ref (log);
  self->bytes_read = self->size = self->n_lines = self->n_skipped = 0;
  self->n_connections = 0;
  g_clear_pointer (&self->first_error, g_free);
  g_file_query_info_async (self->file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable,
                           info_cb, g_object_ref (self));
}

gboolean
sonde_har_reader_load_finish (SondeHarReader  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (SONDE_IS_HAR_READER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
sonde_har_reader_get_n_connections (SondeHarReader *self)
{
  g_return_val_if_fail (SONDE_IS_HAR_READER (self), 0);
  return self->n_connections;
}

guint64
sonde_har_reader_get_n_lines (SondeHarReader *self)
{
  g_return_val_if_fail (SONDE_IS_HAR_READER (self), 0);
  return self->n_lines;
}

guint64
sonde_har_reader_get_n_skipped (SondeHarReader *self)
{
  g_return_val_if_fail (SONDE_IS_HAR_READER (self), 0);
  return self->n_skipped;
}

const char *
sonde_har_reader_get_first_error (SondeHarReader *self)
{
  g_return_val_if_fail (SONDE_IS_HAR_READER (self), NULL);
  return self->first_error;
}
