/* sonde-payload.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sonde-json.h"
#include "sonde-payload.h"

char *
sonde_payload_hex_dump (const guint8 *data,
                        gsize         length,
                        gsize         max_bytes)
{
  static const char hex[] = "0123456789abcdef";
  gsize shown = MIN (length, max_bytes);
  GString *out = g_string_sized_new ((shown / 16 + 1) * 78);

  for (gsize line = 0; line < shown; line += 16)
    {
      gsize n = MIN (16, shown - line);

      g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x  ", line);
      for (gsize i = 0; i < 16; i++)
        {
          if (i < n)
            {
              g_string_append_c (out, hex[data[line + i] >> 4]);
              g_string_append_c (out, hex[data[line + i] & 0xf]);
              g_string_append_c (out, ' ');
            }
          else
            g_string_append (out, "   ");
          if (i == 7)
            g_string_append_c (out, ' ');
        }
      g_string_append (out, " |");
      for (gsize i = 0; i < n; i++)
        {
          guint8 c = data[line + i];
          g_string_append_c (out, c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
      g_string_append (out, "|\n");
    }
  if (shown > 0 || length == 0)
    g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x\n", shown);
  return g_string_free (out, FALSE);
}

char *
sonde_payload_utf8_marked (const guint8 *data,
                           gsize         length,
                           GArray       *marks)
{
  GString *out = g_string_sized_new (length + 16);
  const char *p = (const char *) data;
  const char *end = p + length;

  while (p < end)
    {
      const char *bad = NULL;

      if (g_utf8_validate_len (p, end - p, &bad))
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, bad - p);
      if (*bad == '\0')
        {
          /* NUL is valid UTF-8 to us, not to g_utf8_validate. */
          guint pair[2] = { out->len, out->len + 6 };

          g_string_append (out, "\\u0000");
          if (marks != NULL)
            g_array_append_vals (marks, pair, 2);
        }
      else
        {
          guint pair[2] = { out->len, out->len + 4 };

          g_string_append_printf (out, "\\x%02x", (guint8) *bad);
          if (marks != NULL)
            g_array_append_vals (marks, pair, 2);
        }
      p = bad + 1;
    }
  return g_string_free (out, FALSE);
}

static void
newline (GString *out,
         guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

/* Indents JSON text that json-glib accepted, as json-glib's generator
 * would ("key" : value, two spaces), but from the original text: numbers
 * keep their digits (json-glib 1.6 writes 101.35 back as
 * 101.34999999999999) and strings their escapes. */
static char *
reindent (const char *text,
          gsize       length)
{
  GString *out = g_string_sized_new (length * 2);
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          g_string_append_c (out, c);
          if (c == '\\' && i + 1 < length)
            g_string_append_c (out, text[++i]);
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          g_string_append_c (out, c);
          break;
        case '{': case '[':
          {
            gsize j = i + 1;

            while (j < length && g_ascii_isspace (text[j]))
              j++;
            g_string_append_c (out, c);
            if (j < length && (text[j] == '}' || text[j] == ']'))
              {
                /* Empty: {} or [] as they are. */
                g_string_append_c (out, text[j]);
                i = j;
                break;
              }
            newline (out, ++depth);
          }
          break;
        case '}': case ']':
          newline (out, depth > 0 ? --depth : 0);
          g_string_append_c (out, c);
          break;
        case ',':
          g_string_append_c (out, c);
          newline (out, depth);
          break;
        case ':':
          g_string_append (out, " : ");
          break;
        case ' ': case '\t': case '\n': case '\r':
          break;
        default:
          g_string_append_c (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

char *
sonde_payload_pretty_json (const guint8 *data,
                           gsize         length)
{
  g_autoptr(JsonNode) node = NULL;
  gsize i = 0;

  /* Only objects and arrays: "42" or "true" would be JSON too, but
   * showing them "pretty" says nothing. */
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length || (data[i] != '{' && data[i] != '['))
    return NULL;
  node = sonde_json_parse ((const char *) data, length, SONDE_JSON_MAX_MESSAGE_SIZE,
                           SONDE_JSON_MAX_DEPTH, NULL);
  if (node == NULL)
    return NULL;
  return reindent ((const char *) data, length);
}
