/* test-payload.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sonde-payload.h"

static void
test_hex_dump (void)
{
  guint8 data[20];
  g_autofree char *dump = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *empty = sonde_payload_hex_dump (NULL, 0, 100);

  for (guint i = 0; i < sizeof data; i++)
    data[i] = 0x41 + i;
  data[3] = 0x00;
  data[4] = 0xff;
  data[5] = '\n';
  dump = sonde_payload_hex_dump (data, sizeof data, 1024);
  /* As hexdump -C prints it. */
  g_assert_cmpstr (dump, ==,
                   "00000000  41 42 43 00 ff 0a 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABC...GHIJKLMNOP|\n"
                   "00000010  51 52 53 54                                       |QRST|\n"
                   "00000014\n");
  cut = sonde_payload_hex_dump (data, sizeof data, 16);
  g_assert_cmpstr (cut, ==,
                   "00000000  41 42 43 00 ff 0a 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABC...GHIJKLMNOP|\n"
                   "00000010\n");
  g_assert_cmpstr (empty, ==, "00000000\n");
}

static void
test_utf8_marked (void)
{
  static const guint8 data[] = { 'o', 'k', 0xc3, 0x28, ' ', 0xe2, 0x82, 0xac, 0x00, 0xff };
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *text = sonde_payload_utf8_marked (data, sizeof data, marks);

  g_assert_cmpstr (text, ==, "ok\\xc3( €\\u0000\\xff");
  g_assert_cmpuint (marks->len, ==, 6);
  g_assert_cmpuint (g_array_index (marks, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (marks, guint, 1), ==, 6);
  g_assert_cmpint (strncmp (text + g_array_index (marks, guint, 2), "\\u0000", 6), ==, 0);
  g_assert_cmpint (strncmp (text + g_array_index (marks, guint, 4), "\\xff", 4), ==, 0);
  g_assert_cmpuint (g_array_index (marks, guint, 5), ==, strlen (text));
}

static void
test_pretty_json (void)
{
  const char *json = "{\"op\":\"sub\",\"args\":[1,{\"a\":null}]}";
  g_autofree char *pretty = sonde_payload_pretty_json ((const guint8 *) json, strlen (json));
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *too_deep = NULL;

  g_assert_nonnull (pretty);
  g_assert_cmpstr (pretty, ==,
                   "{\n  \"op\" : \"sub\",\n  \"args\" : [\n    1,\n    {\n      \"a\" : null\n    }\n  ]\n}");
  g_assert_null (sonde_payload_pretty_json ((const guint8 *) "{\"a\":", 5));
  /* Numbers and escapes as they were sent, not as json-glib writes them. */
  {
    const char *exact = " { \"p\": 101.35, \"e\": 1E+2, \"s\": \"a\\\"b\\u00e9, {x}\", \"o\": {}, \"l\": [ ] }";
    g_autofree char *shown = sonde_payload_pretty_json ((const guint8 *) exact, strlen (exact));

    g_assert_cmpstr (shown, ==,
                     "{\n  \"p\" : 101.35,\n  \"e\" : 1E+2,\n  \"s\" : \"a\\\"b\\u00e9, {x}\",\n  \"o\" : {},\n  \"l\" : []\n}");
  }
  g_assert_null (sonde_payload_pretty_json ((const guint8 *) "42", 2));
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  too_deep = sonde_payload_pretty_json ((const guint8 *) deep->str, deep->len);
  g_assert_null (too_deep);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/payload/hex-dump", test_hex_dump);
  g_test_add_func ("/sonde/payload/utf8-marked", test_utf8_marked);
  g_test_add_func ("/sonde/payload/pretty-json", test_pretty_json);

  return g_test_run ();
}
