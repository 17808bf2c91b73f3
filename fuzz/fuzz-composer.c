/* fuzz-composer.c — libFuzzer target: the composer's text, JSON, hex and
 * base64 modes (sonde_composer_parse)
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-composer.h"
#include "sonde-fuzz.h"

/* The first byte picks the mode, the rest is what the user typed (as a
 * C string, as the entry gives it). Exactly one result on success, one
 * sentence on failure, never a crash. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  g_autofree char *text_out = NULL;
  g_autoptr(GBytes) bytes_out = NULL;
  g_autoptr(GError) error = NULL;
  SondeComposerMode mode;

  sonde_fuzz_init ();

  if (size == 0)
    return 0;
  mode = data[0] % 4;
  text = g_strndup ((const char *) data + 1, size - 1);

  if (sonde_composer_parse (mode, text, &text_out, &bytes_out, &error))
    {
      g_assert (error == NULL);
      g_assert ((text_out != NULL) != (bytes_out != NULL));
      if (mode == SONDE_COMPOSER_MODE_TEXT || mode == SONDE_COMPOSER_MODE_JSON)
        g_assert (g_str_equal (text_out, text));
      /* Hex output is never longer than half of its digits. */
      if (mode == SONDE_COMPOSER_MODE_HEX)
        g_assert (g_bytes_get_size (bytes_out) <= strlen (text));
    }
  else
    {
      g_assert (error != NULL && error->message[0] != '\0');
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (text_out == NULL && bytes_out == NULL);
    }
  return 0;
}
