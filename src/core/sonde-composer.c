/* sonde-composer.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sonde-composer.h"
#include "sonde-json.h"

/* The composer's input checks live in the core so that the window never
 * parses JSON or bytes itself, and so that they are tested without a
 * display. */

G_DEFINE_QUARK (sonde-composer-error-quark, sonde_composer_error)

/* What the user typed comes from a text entry, so it is UTF-8; anything
 * else (a paste of raw bytes through another path) is refused up front,
 * so that the column counting and the quoting of a bad character below
 * never step past the end of the text. */
static gboolean
check_utf8 (const char  *text,
            GError     **error)
{
  const char *end = NULL;

  if (g_utf8_validate (text, -1, &end))
    return TRUE;
  g_set_error (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_TEXT,
               _("The text is not valid UTF-8 (at byte %u)"), (guint) (end - text) + 1);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/**
 * sonde_validate_json:
 * @text: what the user typed
 * @error: the reason, with line and column, when it is not JSON
 *
 * Returns: whether @text holds exactly one JSON value
 */
gboolean
sonde_validate_json (const char  *text,
                     GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!check_utf8 (text, error))
    return FALSE;
  if (is_blank (text))
    {
      g_set_error_literal (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_EMPTY,
                           _("The JSON text is empty"));
      return FALSE;
    }

  root = sonde_json_parse (text, -1, SONDE_JSON_MAX_MESSAGE_SIZE, SONDE_JSON_MAX_DEPTH,
                           &local_error);
  if (root != NULL)
    return TRUE;

  g_set_error_literal (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_JSON,
                       local_error->message);
  return FALSE;
}

/**
 * sonde_parse_hex:
 * @text: hexadecimal bytes
 * @error: the reason when @text is not hexadecimal
 *
 * Whitespace, ':' and '-' separate bytes and a "0x" prefix is allowed
 * before each group, so the dumps of most tools can be pasted as they are.
 *
 * Returns: (transfer full) (nullable): the bytes
 */
GBytes *
sonde_parse_hex (const char  *text,
                 GError     **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  int high = -1;
  guint run = 0;     /* digits since the last separator */
  guint column = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (!check_utf8 (text, error))
    return NULL;
  if (is_blank (text))
    {
      g_set_error_literal (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_EMPTY,
                           _("There are no bytes to send"));
      return NULL;
    }

  bytes = g_byte_array_new ();

  for (const char *p = text; ; p++)
    {
      int digit;

      column++;

      if (*p == '\0' || g_ascii_isspace (*p) || *p == ':' || *p == '-' || *p == ',')
        {
          if (high >= 0)
            {
              guint8 byte = high;

              /* A lone digit is a byte ("a" is 0x0a), but "abc" is a typo. */
              if (run > 1)
                {
                  g_set_error (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_HEX,
                               _("Odd number of hexadecimal digits before column %u"), column);
                  return NULL;
                }
              g_byte_array_append (bytes, &byte, 1);
              high = -1;
            }
          run = 0;
          if (*p == '\0')
            break;
          continue;
        }

      if (run == 0 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && g_ascii_isxdigit (p[2]))
        {
          p++;
          column++;
          continue;
        }

      digit = g_ascii_xdigit_value (*p);
      if (digit < 0)
        {
          g_autofree char *shown = g_utf8_make_valid (p, g_utf8_next_char (p) - p);

          g_set_error (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_HEX,
                       _("Invalid hexadecimal digit “%s” at column %u"), shown, column);
          return NULL;
        }

      run++;
      if (high < 0)
        high = digit;
      else
        {
          guint8 byte = (high << 4) | digit;
          g_byte_array_append (bytes, &byte, 1);
          high = -1;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/**
 * sonde_parse_base64:
 * @text: base64 text
 * @error: the reason when @text is not base64
 *
 * Returns: (transfer full) (nullable): the bytes
 */
GBytes *
sonde_parse_base64 (const char  *text,
                    GError     **error)
{
  g_autoptr(GString) clean = NULL;
  guchar *data;
  gsize len = 0;
  guint padding = 0;
  guint column = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (!check_utf8 (text, error))
    return NULL;
  if (is_blank (text))
    {
      g_set_error_literal (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_EMPTY,
                           _("There are no bytes to send"));
      return NULL;
    }

  /* g_base64_decode() silently skips what it does not know, so check
   * every character first: a typo must not send different bytes. */
  clean = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      column++;

      if (g_ascii_isspace (*p))
        continue;

      if (*p == '=')
        {
          padding++;
          continue;
        }

      if (!is_base64_char (*p) || padding > 0)
        {
          g_autofree char *shown = g_utf8_make_valid (p, g_utf8_next_char (p) - p);

          g_set_error (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_BASE64,
                       _("Invalid base64 character “%s” at column %u"), shown, column);
          return NULL;
        }

      g_string_append_c (clean, *p);
    }

  if (padding > 2 || clean->len % 4 == 1 ||
      (padding > 0 && (clean->len + padding) % 4 != 0))
    {
      g_set_error_literal (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_INVALID_BASE64,
                           _("Invalid base64: the length is wrong"));
      return NULL;
    }

  while (clean->len % 4 != 0)
    g_string_append_c (clean, '=');

  data = g_base64_decode (clean->str, &len);
  return g_bytes_new_take (data, len);
}

/**
 * sonde_composer_parse:
 * @mode: how to read @text
 * @text: what the user typed
 * @text_out: (out) (optional): the text message to send
 * @bytes_out: (out) (optional): the binary message to send
 * @error: the reason when @text cannot be sent in @mode
 *
 * Returns: whether there is a message to send
 */
gboolean
sonde_composer_parse (SondeComposerMode   mode,
                      const char         *text,
                      char              **text_out,
                      GBytes            **bytes_out,
                      GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  if (text_out)
    *text_out = NULL;
  if (bytes_out)
    *bytes_out = NULL;

  switch (mode)
    {
    case SONDE_COMPOSER_MODE_TEXT:
      if (!check_utf8 (text, error))
        return FALSE;
      if (*text == '\0')
        {
          g_set_error_literal (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_EMPTY,
                               _("The message is empty"));
          return FALSE;
        }
      if (text_out)
        *text_out = g_strdup (text);
      return TRUE;

    case SONDE_COMPOSER_MODE_JSON:
      if (!sonde_validate_json (text, error))
        return FALSE;
      if (text_out)
        *text_out = g_strdup (text);
      return TRUE;

    case SONDE_COMPOSER_MODE_HEX:
      bytes = sonde_parse_hex (text, error);
      break;

    case SONDE_COMPOSER_MODE_BASE64:
      bytes = sonde_parse_base64 (text, error);
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  if (bytes == NULL)
    return FALSE;

  if (bytes_out)
    *bytes_out = g_steal_pointer (&bytes);
  return TRUE;
}
