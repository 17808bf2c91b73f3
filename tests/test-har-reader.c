/* test-har-reader.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "sonde-har-reader.h"
#include "sonde-headers.h"
#include "sonde-test-util.h"

/* HAR files as Chrome's and Firefox's network panels save them, written
 * by hand from their formats (tests/data/har/), not by Sonde. */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

static gboolean
load (const char      *name,
      SondeLog        *log,
      SondeHarReader **reader_out,
      GError         **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "har", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SondeHarReader *reader = sonde_har_reader_new (file);
  Wait wait = { NULL };
  gboolean ok;

  g_assert_true (sonde_har_reader_is_har (file) || !g_str_has_suffix (name, ".har"));
  sonde_har_reader_load_async (reader, log, NULL, loaded_cb, &wait);
  g_assert_true (sonde_test_wait_for (wait.result != NULL, 10000));
  ok = sonde_har_reader_load_finish (reader, wait.result, error);
  g_object_unref (wait.result);
  *reader_out = reader;
  return ok;
}

static SondeEvent *
item (SondeLog *log,
      guint     i)
{
  return g_list_model_get_item (G_LIST_MODEL (log), i);
}

static const char *
header (SondeEvent *event,
        const char *member,
        const char *name)
{
  JsonArray *array = json_object_get_array_member (sonde_event_get_fields (event), member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonArray *pair = json_array_get_array_element (array, i);

      if (g_ascii_strcasecmp (json_array_get_string_element (pair, 0), name) == 0)
        return json_array_get_string_element (pair, 1);
    }
  return NULL;
}

static void
assert_no_secret (SondeLog *log)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SondeEvent) event = item (log, i);
      g_autofree char *line = sonde_event_to_json (event);

      g_assert_null (strstr (line, "s3cr3t"));
    }
}

static void
test_chrome (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (0);
  g_autoptr(SondeHarReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeEvent) connecting = NULL;
  g_autoptr(SondeEvent) open = NULL;
  g_autoptr(SondeEvent) sent = NULL;
  g_autoptr(SondeEvent) received = NULL;
  g_autoptr(SondeEvent) binary = NULL;
  g_autoptr(SondeEvent) unicode = NULL;
  g_autofree char *time = NULL;
  GBytes *payload;
  static const guint8 bytes[] = { 0x00, 0x01, 0x02, 0xff, 0x80, 'A', 'B', 'C' };

  g_assert_true (load ("chrome.har", log, &reader, &error));
  g_assert_no_error (error);
  /* The page's document is not a WebSocket: one connection. */
  g_assert_cmpuint (sonde_har_reader_get_n_connections (reader), ==, 1);
  g_assert_cmpuint (sonde_har_reader_get_n_skipped (reader), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 6);

  connecting = item (log, 0);
  g_assert_cmpstr (sonde_event_get_name (connecting), ==, SONDE_EVENT_CONNECTING);
  g_assert_cmpstr (sonde_event_get_string (connecting, "url"), ==, "wss://feed.example.com/v2/stream?region=eu");
  time = sonde_event_format_time (connecting);
  g_assert_cmpstr (time, ==, "2026-11-28T14:55:52.000Z");

  open = item (log, 1);
  g_assert_cmpstr (sonde_event_get_name (open), ==, SONDE_EVENT_OPEN);
  g_assert_cmpint (sonde_event_get_int (open, "handshake_ms", 0), ==, 38);
  g_assert_cmpstr (sonde_event_get_string (open, "request_line"), ==, "GET /v2/stream?region=eu HTTP/1.1");
  g_assert_cmpstr (sonde_event_get_string (open, "status_line"), ==, "HTTP/1.1 101 Switching Protocols");
  g_assert_cmpstr (header (open, "request_headers", "Cookie"), ==, SONDE_HEADERS_MASK);
  g_assert_cmpstr (header (open, "request_headers", "Sec-WebSocket-Key"), ==, "dGhlIHNhbXBsZSBub25jZQ==");
  g_assert_cmpstr (header (open, "response_headers", "Sec-WebSocket-Accept"), ==, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

  sent = item (log, 2);
  g_assert_cmpstr (sonde_event_get_string (sent, "direction"), ==, "out");
  g_assert_cmpstr (sonde_event_get_string (sent, "text"), ==, "{\"op\":\"subscribe\",\"channels\":[\"ticker.ACME\"]}");
  g_free (time);
  time = sonde_event_format_time (sent);
  g_assert_cmpstr (time, ==, "2026-11-28T14:55:52.041Z");

  received = item (log, 3);
  g_assert_cmpstr (sonde_event_get_string (received, "direction"), ==, "in");
  g_assert_cmpstr (sonde_event_get_string (received, "kind"), ==, "text");
  g_assert_cmpstr (sonde_event_get_string (received, "text"), ==, "{\"channel\":\"ticker.ACME\",\"price\":101.35}");

  binary = item (log, 4);
  g_assert_cmpstr (sonde_event_get_string (binary, "kind"), ==, "binary");
  g_assert_cmpint (sonde_event_get_int (binary, "size", 0), ==, sizeof bytes);
  payload = sonde_event_get_payload (binary);
  g_assert_nonnull (payload);
  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), bytes, sizeof bytes);

  unicode = item (log, 5);
  g_assert_cmpstr (sonde_event_get_string (unicode, "text"), ==, "héllo “wörld”");
  g_assert_cmpint (sonde_event_get_int (unicode, "size", 0), ==, strlen ("héllo “wörld”"));

  assert_no_secret (log);
}

static void
test_firefox (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (0);
  g_autoptr(SondeHarReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeEvent) open = NULL;
  g_autoptr(SondeEvent) warning = NULL;
  g_autoptr(SondeEvent) refused = NULL;
  g_autofree char *time = NULL;
  guint n;

  g_assert_true (load ("firefox.har", log, &reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_har_reader_get_n_connections (reader), ==, 2);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  /* connecting, open, warning; connecting, error */
  g_assert_cmpuint (n, ==, 5);

  open = item (log, 1);
  g_assert_cmpstr (sonde_event_get_name (open), ==, SONDE_EVENT_OPEN);
  /* Firefox writes local times with their offset. */
  time = sonde_event_format_time (open);
  g_assert_cmpstr (time, ==, "2026-11-28T14:55:52.000Z");
  g_assert_cmpstr (header (open, "request_headers", "Authorization"), ==, SONDE_HEADERS_MASK);
  g_assert_cmpstr (header (open, "request_headers", "Connection"), ==, "keep-alive, Upgrade");
  g_assert_cmpstr (header (open, "response_headers", "sec-websocket-accept"), ==, "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");

  warning = item (log, 2);
  g_assert_cmpstr (sonde_event_get_name (warning), ==, SONDE_EVENT_WARNING);
  g_assert_nonnull (strstr (sonde_event_get_string (warning, "message"), "Firefox"));

  refused = item (log, 4);
  g_assert_cmpstr (sonde_event_get_name (refused), ==, SONDE_EVENT_ERROR);
  g_assert_cmpint (sonde_event_get_int (refused, "http_status", 0), ==, 403);
  g_assert_cmpstr (sonde_event_get_string (refused, "status_line"), ==, "HTTP/1.1 403 Forbidden");
  g_assert_cmpstr (header (refused, "response_headers", "set-cookie"), ==, SONDE_HEADERS_MASK);
  g_assert_cmpstr (sonde_event_get_string (refused, "message"), ==,
                   "The server refused the WebSocket handshake: HTTP 403 Forbidden");

  assert_no_secret (log);
}

static void
test_not_har (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-har-XXXXXX", NULL);
  static const char * const contents[] = {
    "not json",
    "{\"log\":{}}",
    "{\"log\":{\"entries\":[{\"request\":{\"url\":\"https://example.com/\"},\"startedDateTime\":\"2026-11-28T14:55:52Z\"}]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *path = g_build_filename (dir, "bad.har", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(SondeHarReader) reader = sonde_har_reader_new (file);
      g_autoptr(SondeLog) log = sonde_log_new (0);
      g_autoptr(GError) error = NULL;
      Wait wait = { NULL };

      g_assert_true (g_file_set_contents (path, contents[i], -1, NULL));
      sonde_har_reader_load_async (reader, log, NULL, loaded_cb, &wait);
      g_assert_true (sonde_test_wait_for (wait.result != NULL, 10000));
      g_assert_false (sonde_har_reader_load_finish (reader, wait.result, &error));
      g_object_unref (wait.result);
      g_test_message ("%s", error->message);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
      g_remove (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/har-reader/chrome", test_chrome);
  g_test_add_func ("/sonde/har-reader/firefox", test_firefox);
  g_test_add_func ("/sonde/har-reader/not-har", test_not_har);

  return g_test_run ();
}
