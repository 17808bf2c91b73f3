/* test-json.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sonde-event.h"
#include "sonde-json.h"
#include "sonde-record.h"

static char *
nested (char  open,
        guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, open);
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, open == '[' ? ']' : '}');
  return g_string_free (text, FALSE);
}

/* The crash of the hostile-input issue: 100 000 nested arrays made
 * json-glib recurse until the stack ran out. */
static void
test_too_deep (void)
{
  g_autofree char *deep = nested ('[', 100000);
  g_autofree char *limit = nested ('[', SONDE_JSON_MAX_DEPTH);
  g_autofree char *over = nested ('[', SONDE_JSON_MAX_DEPTH + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = sonde_json_parse (deep, -1, SONDE_JSON_MAX_MESSAGE_SIZE, SONDE_JSON_MAX_DEPTH, &error);
  g_assert_null (node);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "column 129"));
  g_clear_error (&error);

  node = sonde_json_parse (over, -1, SONDE_JSON_MAX_MESSAGE_SIZE, SONDE_JSON_MAX_DEPTH, &error);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);

  node = sonde_json_parse (limit, -1, SONDE_JSON_MAX_MESSAGE_SIZE, SONDE_JSON_MAX_DEPTH, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
}

/* Brackets inside strings, escaped quotes included, are not nesting. */
static void
test_strings_are_not_nesting (void)
{
  g_autofree char *brackets = g_strnfill (1000, '[');
  g_autofree char *text = g_strdup_printf ("{\"a\\\"[\": \"%s\", \"b\": [[{}]]}", brackets);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = sonde_json_parse (text, -1, SONDE_JSON_MAX_MESSAGE_SIZE, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "a\"["), ==, brackets);
  g_clear_pointer (&node, json_node_unref);

  node = sonde_json_parse (text, -1, SONDE_JSON_MAX_MESSAGE_SIZE, 3, &error);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_TOO_DEEP);
}

static void
test_too_large (void)
{
  g_autofree char *text = g_strdup_printf ("\"%s\"", "0123456789");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = sonde_json_parse (text, -1, 11, SONDE_JSON_MAX_DEPTH, &error);
  g_assert_null (node);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_TOO_LARGE);
  g_clear_error (&error);

  node = sonde_json_parse (text, -1, 12, SONDE_JSON_MAX_DEPTH, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (node), ==, "0123456789");
}

static void
test_invalid_position (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = sonde_json_parse ("{\n  \"a\": 1,,\n}", -1, 1024, 8, &error);
  g_assert_null (node);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_null (strstr (error->message, "<data>"));
  g_clear_error (&error);

  node = sonde_json_parse ("   ", -1, 1024, 8, &error);
  g_assert_null (node);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID);
}

/* Lines of a recording go through the same guard. */
static void
test_event_line (void)
{
  g_autofree char *deep = nested ('{', 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeEvent) event = NULL;
  g_autoptr(GString) hostile = g_string_new ("{\"time\":\"2026-12-02T10:00:00.000Z\",\"event\":\"message\",\"x\":");

  event = sonde_event_new_from_line ("{\"time\":\"2026-12-02T10:00:00.000Z\",\"event\":\"open\",\"connection\":\"c1\",\"url\":\"ws://h/\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sonde_event_get_name (event), ==, "open");
  g_assert_cmpstr (sonde_event_get_string (event, "url"), ==, "ws://h/");
  g_clear_object (&event);

  for (guint i = 0; i < 50000; i++)
    g_string_append_c (hostile, '[');
  event = sonde_event_new_from_line (hostile->str, hostile->len, &error);
  g_assert_null (event);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);

  event = sonde_event_new_from_line ("[1, 2]", -1, &error);
  g_assert_null (event);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);

  event = sonde_event_new_from_line (deep, -1, &error);
  g_assert_null (event);
  g_assert_nonnull (error);
}

/* Found by fuzz/fuzz-composer.c: json-glib takes GScanner's escapes too,
 * so "\222" parsed into a string holding the byte 0x92, which is not
 * UTF-8 (and its error messages quoted it). Only JSON's escapes pass. */
static void
test_escapes (void)
{
  static const struct {
    const char *text;
    gboolean    valid;
  } cases[] = {
    { "[\"\\222\"]", FALSE },
    { "[\"\\x41\"]", FALSE },
    { "[\"a\\\"]", FALSE },           /* an escape that ends the text */
    { "[\"\\u12\"]", FALSE },
    { "[\"\\u12G4\"]", FALSE },
    { "{\"\\q\": 1}", FALSE },
    { "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"]", TRUE },
    { "[\"\\\\222\"]", TRUE },      /* a backslash, then 222 */
    /* Found by fuzz/fuzz-event-line.c: a lone low surrogate became bytes
     * that are not UTF-8, and the line written of it did not read back. */
    { "[\"bin\\udAdary\"]", FALSE },
    { "[\"\\ud83d\"]", FALSE },          /* a high one at the end */
    { "[\"\\ud83dx\"]", FALSE },         /* a high one, then no escape */
    { "[\"\\ud83d\\n\"]", FALSE },      /* a high one, then another escape */
    { "[\"\\ud83d\\ud83d\"]", FALSE },  /* two high ones */
    { "[\"\\ud83d\\ude00 ok\"]", TRUE },  /* a pair: U+1F600 */
    { "[\"\\uD83D\\uDE00\\u0041\"]", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      g_test_message ("case %u: %s", i, cases[i].text);
      node = sonde_json_parse (cases[i].text, -1, SONDE_JSON_MAX_MESSAGE_SIZE, SONDE_JSON_MAX_DEPTH, &error);
      if (cases[i].valid)
        {
          g_assert_no_error (error);
          g_assert_true (g_utf8_validate (json_array_get_string_element (json_node_get_array (node), 0), -1, NULL));
        }
      else
        {
          g_assert_null (node);
          g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }
}

/* Found by fuzz/fuzz-event-line.c: a recording line from before the year
 * 1000 was written back as "759-01-02T…", which does not read again, and
 * a time with an offset was written with its local hour and a "Z". */
static void
test_event_line_times (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "0759-01-02T03:04:05.678Z", "0759-01-02T03:04:05.678Z" },
    { "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z" },
    { "2026-01-02T03:04:05.678+08:00", "2026-01-01T19:04:05.678Z" },
    { "1969-12-31T23:59:59.500Z", "1969-12-31T23:59:59.500Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = g_strdup_printf ("{\"time\":\"%s\",\"event\":\"message\",\"connection\":\"c\","
                                               "\"direction\":\"in\",\"text\":\"t\",\"size\":1}", cases[i].in);
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeEvent) event = sonde_event_new_from_line (line, -1, &error);
      g_autoptr(SondeEvent) again = NULL;
      g_autoptr(SondeEvent) from_record = NULL;
      g_autoptr(GBytes) payload = NULL;
      g_autofree char *written = NULL;
      g_autofree char *time = NULL;
      g_autofree char *record_time = NULL;
      SondeRecord record;

      g_test_message ("case %u: %s", i, cases[i].in);
      g_assert_no_error (error);
      time = sonde_event_format_time (event);
      g_assert_cmpstr (time, ==, cases[i].out);
      written = sonde_event_to_json (event);
      again = sonde_event_new_from_line (written, -1, &error);
      g_assert_no_error (error);

      /* The record written from it (the log's export) says the same. */
      g_assert_true (sonde_record_from_event (&record, event, &payload));
      from_record = sonde_record_to_event (&record);
      record_time = sonde_event_format_time (from_record);
      g_assert_cmpstr (record_time, ==, cases[i].out);
      {
        g_autoptr(JsonNode) node = sonde_record_to_json_node (&record);

        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "time"), ==, cases[i].out);
      }
    }
}

/* Found by fuzz/fuzz-event-line.c: a line whose "time", "event" or
 * "connection" is an array or an object made json-glib critical (fatal in
 * the tests, a crash under G_DEBUG=fatal-criticals); so did a boolean
 * field that is not a value. */
static void
test_event_line_wrong_types (void)
{
  static const char * const lines[] = {
    "{\"time\":[1],\"event\":\"state\",\"connection\":\"c\"}",
    "{\"time\":\"2026-01-02T03:04:05Z\",\"event\":{},\"connection\":\"c\"}",
    "{\"time\":\"2026-01-02T03:04:05Z\",\"event\":7,\"connection\":\"c\"}",
  };
  g_autoptr(SondeEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(SondeEvent) bad = sonde_event_new_from_line (lines[i], -1, &error);

      g_test_message ("line %u: %s", i, lines[i]);
      g_assert_null (bad);
      g_assert_nonnull (strstr (error->message, "“time” and “event”"));
      g_clear_error (&error);
    }

  event = sonde_event_new_from_line ("{\"time\":\"2026-01-02T03:04:05Z\",\"event\":\"close\","
                                     "\"connection\":{\"a\":1},\"clean\":[true]}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sonde_event_get_connection (event), ==, "");
  g_assert_false (sonde_event_get_boolean (event, "clean"));
}

/* Found by fuzz/fuzz-composer.c: json-glib's message quotes the token it
 * stopped at, cut in the middle of a UTF-8 character and with raw control
 * characters; the error is still one line of valid UTF-8. */
static void
test_error_message_clean (void)
{
  g_autoptr(GString) text = g_string_new ("\"\"\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append (text, "\x1b\n\\ud83d\\ude00\xe6\x95\xb0");
  g_string_append (text, "\"\"");
  node = sonde_json_parse (text->str, -1, SONDE_JSON_MAX_MESSAGE_SIZE, SONDE_JSON_MAX_DEPTH, &error);
  g_assert_null (node);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strpbrk (error->message, "\x1b\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/json/too-deep", test_too_deep);
  g_test_add_func ("/sonde/json/strings-are-not-nesting", test_strings_are_not_nesting);
  g_test_add_func ("/sonde/json/too-large", test_too_large);
  g_test_add_func ("/sonde/json/invalid-position", test_invalid_position);
  g_test_add_func ("/sonde/json/event-line", test_event_line);
  g_test_add_func ("/sonde/json/escapes", test_escapes);
  g_test_add_func ("/sonde/json/error-message-clean", test_error_message_clean);
  g_test_add_func ("/sonde/json/event-line-times", test_event_line_times);
  g_test_add_func ("/sonde/json/event-line-wrong-types", test_event_line_wrong_types);

  return g_test_run ();
}
