/* test-json.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sonde-event.h"
#include "sonde-json.h"

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

  return g_test_run ();
}
