/* test-composer.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-composer.h"

static void
test_composer_json (void)
{
  static const struct {
    const char *text;
    gboolean    valid;
    const char *where;   /* part of the error message */
  } cases[] = {
    { "{\"a\": 1}",          TRUE,  NULL },
    { "[1, 2, 3]",           TRUE,  NULL },
    { "42",                  TRUE,  NULL },
    { "\"text\"",            TRUE,  NULL },
    { "{\"a\": 1,}",         FALSE, "line 1, column" },
    { "{\"a\":\n tru}",      FALSE, "line 2, column" },
    { "{\"a\" 1}",           FALSE, "line 1, column" },
    { "",                    FALSE, NULL },
    { "   ",                 FALSE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid = sonde_validate_json (cases[i].text, &error);

      g_test_message ("%s → %s", cases[i].text, error ? error->message : "valid");
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (valid)
        g_assert_no_error (error);
      else
        g_assert_nonnull (error);
      if (cases[i].where != NULL)
        {
          g_assert_error (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_JSON);
          g_assert_nonnull (strstr (error->message, cases[i].where));
        }
    }
}

static void
test_composer_hex (void)
{
  static const struct {
    const char *text;
    const char *bytes;   /* NULL when invalid */
    gsize       len;
  } cases[] = {
    { "48656c6c6f",           "Hello", 5 },
    { "48 65 6c 6c 6f",       "Hello", 5 },
    { "48:65:6C:6c:6F",       "Hello", 5 },
    { "0x48 0x65",            "He",    2 },
    { "0a",                   "\n",    1 },
    { "a",                    "\n",    1 },
    { "00 ff",                "\0\xff", 2 },
    { "486",                  NULL,    0 },
    { "zz",                   NULL,    0 },
    { "48 6g",                NULL,    0 },
    { "",                     NULL,    0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = sonde_parse_hex (cases[i].text, &error);

      g_test_message ("%s → %s", cases[i].text, error ? error->message : "ok");
      if (cases[i].bytes == NULL)
        {
          g_assert_null (bytes);
          g_assert_nonnull (error);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       cases[i].bytes, cases[i].len);
    }
}

static void
test_composer_base64 (void)
{
  static const struct {
    const char *text;
    const char *bytes;
    gsize       len;
  } cases[] = {
    { "SGVsbG8=",      "Hello", 5 },
    { "SGVsbG8",       "Hello", 5 },
    { "SGVs\nbG8=",    "Hello", 5 },
    { "AP8=",          "\0\xff", 2 },
    { "SGVsbG8*",      NULL, 0 },
    { "SGV=sbG8",      NULL, 0 },
    { "S",             NULL, 0 },
    { "",              NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = sonde_parse_base64 (cases[i].text, &error);

      g_test_message ("%s → %s", cases[i].text, error ? error->message : "ok");
      if (cases[i].bytes == NULL)
        {
          g_assert_null (bytes);
          g_assert_nonnull (error);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       cases[i].bytes, cases[i].len);
    }
}

static void
test_composer_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (sonde_composer_parse (SONDE_COMPOSER_MODE_TEXT, "not json{", &text, &bytes, &error));
  g_assert_cmpstr (text, ==, "not json{");
  g_assert_null (bytes);
  g_clear_pointer (&text, g_free);

  g_assert_false (sonde_composer_parse (SONDE_COMPOSER_MODE_JSON, "not json{", &text, &bytes, &error));
  g_assert_error (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_JSON);
  g_assert_null (text);
  g_clear_error (&error);

  g_assert_true (sonde_composer_parse (SONDE_COMPOSER_MODE_HEX, "ff", &text, &bytes, &error));
  g_assert_null (text);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 1);
  g_clear_pointer (&bytes, g_bytes_unref);

  g_assert_false (sonde_composer_parse (SONDE_COMPOSER_MODE_TEXT, "", &text, &bytes, &error));
  g_assert_error (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_EMPTY);
}

/* Found by fuzz/fuzz-composer.c: a lead byte of a long UTF-8 sequence at
 * the end of the text made the quoting of the bad character read past the
 * end (ASan: heap-buffer-overflow). Bytes that are not UTF-8 are one clear
 * error in every mode now. */
static void
test_composer_invalid_utf8 (void)
{
  static const char * const inputs[] = {
    "4 0x0a:0B-0c,\xfc",   /* the crash, as the fuzzer wrote it */
    "SGVsbG8\xc3",
    "\xff",
    "{\"a\": \"\xe6\x95\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    for (SondeComposerMode mode = SONDE_COMPOSER_MODE_TEXT; mode <= SONDE_COMPOSER_MODE_BASE64; mode++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;
        g_autoptr(GBytes) bytes = NULL;

        g_test_message ("input %u, mode %d", i, mode);
        g_assert_false (sonde_composer_parse (mode, inputs[i], &text, &bytes, &error));
        g_assert_error (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_TEXT);
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
        g_assert_null (text);
        g_assert_null (bytes);
      }
}

/* 100 000 nested brackets in the JSON mode: an error that says so, not a
 * crash of the window (json-glib recursed once per level). */
static void
test_composer_deep_json (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (sonde_composer_parse (SONDE_COMPOSER_MODE_JSON, deep->str, &text, &bytes, &error));
  g_assert_error (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "nested deeper than 128 levels"));
  g_assert_null (text);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/composer/json", test_composer_json);
  g_test_add_func ("/sonde/composer/hex", test_composer_hex);
  g_test_add_func ("/sonde/composer/base64", test_composer_base64);
  g_test_add_func ("/sonde/composer/parse", test_composer_parse);
  g_test_add_func ("/sonde/composer/invalid-utf8", test_composer_invalid_utf8);
  g_test_add_func ("/sonde/composer/deep-json", test_composer_deep_json);

  return g_test_run ();
}
