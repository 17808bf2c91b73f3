/* test-event.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-event.h"

static void
test_time_format (void)
{
  g_autoptr(SondeEvent) event = sonde_event_new (SONDE_EVENT_OPEN, "demo");
  g_autofree char *time = sonde_event_format_time (event);
  g_autoptr(GRegex) rfc3339 = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", 0, 0, NULL);
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (time, NULL);

  g_assert_true (g_regex_match (rfc3339, time, 0, NULL));
  g_assert_nonnull (parsed);
  /* Milliseconds survive the round trip. */
  g_assert_cmpint (g_date_time_get_microsecond (parsed) / 1000, ==,
                   g_date_time_get_microsecond (sonde_event_get_time (event)) / 1000);
  g_assert_cmpint (g_date_time_get_utc_offset (sonde_event_get_time (event)), ==, 0);
}

static void
test_json_line (void)
{
  g_autoptr(SondeEvent) event = sonde_event_new (SONDE_EVENT_MESSAGE, "mini-program");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  const char *expected[] = { "time", "event", "connection", "direction", "kind", "size", "role", "rtt_ms", "text" };
  guint i = 0;

  sonde_event_set_string (event, "direction", "in");
  sonde_event_set_string (event, "kind", "text");
  sonde_event_set_int (event, "size", 8);
  sonde_event_set_string (event, "role", "heartbeat-reply");
  sonde_event_set_int (event, "rtt_ms", 3);
  sonde_event_set_string (event, "text", "heart-ok\n\"quoted\" 中文");

  line = sonde_event_to_json (event);
  g_assert_null (strchr (line, '\n'));
  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  g_assert_no_error (error);

  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "message");
  g_assert_cmpstr (json_object_get_string_member (object, "connection"), ==, "mini-program");
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "heart-ok\n\"quoted\" 中文");
  g_assert_cmpint (json_object_get_int_member (object, "rtt_ms"), ==, 3);

  /* The common fields first, then the event's own, in the order set. */
  members = json_object_get_members (object);
  for (const GList *l = members; l; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, expected[i]);
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected));
}

static void
test_quoting (void)
{
  g_autoptr(SondeEvent) event = sonde_event_new ("odd \"name\"", "conn \\ \"quoted\"\n");
  g_autoptr(SondeEvent) empty = sonde_event_new (SONDE_EVENT_PONG, "");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = sonde_event_to_json (event);
  g_autofree char *empty_line = sonde_event_to_json (empty);
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, line, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "odd \"name\"");
  g_assert_cmpstr (json_object_get_string_member (object, "connection"), ==, "conn \\ \"quoted\"\n");
  g_assert_cmpuint (json_object_get_size (object), ==, 3);

  /* No extra fields: still a valid object. */
  g_assert_true (json_parser_load_from_data (parser, empty_line, -1, NULL));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (json_parser_get_root (parser))), ==, 3);
}

static void
test_null_field (void)
{
  g_autoptr(SondeEvent) event = sonde_event_new (SONDE_EVENT_OPEN, "demo");
  g_autofree char *line = NULL;

  sonde_event_set_string (event, "protocol", NULL);
  sonde_event_set_null (event, "extensions");
  line = sonde_event_to_json (event);
  g_assert_nonnull (strstr (line, "\"protocol\":null,\"extensions\":null"));
  g_assert_true (sonde_event_has_field (event, "protocol"));
  g_assert_null (sonde_event_get_string (event, "protocol"));
}

static void
test_round_trip (void)
{
  g_autoptr(SondeEvent) event = sonde_event_new (SONDE_EVENT_CLOSE, "demo");
  g_autoptr(SondeEvent) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  sonde_event_set_int (event, "code", 1006);
  sonde_event_set_string (event, "reason", "");
  sonde_event_set_boolean (event, "clean", FALSE);
  sonde_event_set_string (event, "initiator", "none");
  sonde_event_set_string (event, "future_field", "kept");

  node = sonde_event_to_json_node (event);
  back = sonde_event_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  a = sonde_event_to_json (event);
  b = sonde_event_to_json (back);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (sonde_event_get_string (back, "future_field"), ==, "kept");
}

static void
test_from_json_invalid (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeEvent) event = NULL;

  json_object_set_string_member (object, "event", "open");
  event = sonde_event_new_from_json (object, &error);
  g_assert_null (event);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);

  json_object_set_string_member (object, "time", "yesterday");
  event = sonde_event_new_from_json (object, &error);
  g_assert_null (event);
  g_assert_nonnull (strstr (error->message, "yesterday"));
}

static void
test_summary (void)
{
  g_autoptr(SondeEvent) text = sonde_event_new (SONDE_EVENT_MESSAGE, "x");
  g_autoptr(SondeEvent) binary = sonde_event_new (SONDE_EVENT_MESSAGE, "x");
  g_autoptr(SondeEvent) close = sonde_event_new (SONDE_EVENT_CLOSE, "x");
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL;

  sonde_event_set_string (text, "text", "line one\nline two");
  sonde_event_set_string (binary, "base64", "AAEC/w==");
  sonde_event_set_int (close, "code", 1006);
  sonde_event_set_string (close, "reason", "heartbeat timeout");

  s1 = sonde_event_dup_summary (text);
  s2 = sonde_event_dup_summary (binary);
  s3 = sonde_event_dup_summary (close);
  g_assert_cmpstr (s1, ==, "line one line two");
  g_assert_cmpstr (s2, ==, "00 01 02 ff");
  g_assert_cmpstr (s3, ==, "1006 Abnormal closure: no close frame — “heartbeat timeout”");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sonde/event/time-format", test_time_format);
  g_test_add_func ("/sonde/event/json-line", test_json_line);
  g_test_add_func ("/sonde/event/quoting", test_quoting);
  g_test_add_func ("/sonde/event/null-field", test_null_field);
  g_test_add_func ("/sonde/event/round-trip", test_round_trip);
  g_test_add_func ("/sonde/event/from-json-invalid", test_from_json_invalid);
  g_test_add_func ("/sonde/event/summary", test_summary);
  return g_test_run ();
}
