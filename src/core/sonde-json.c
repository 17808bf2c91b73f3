/* sonde-json.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sonde-json.h"

G_DEFINE_QUARK (sonde-json-error-quark, sonde_json_error)

/**
 * sonde_json_check_limits:
 * @data: the text, not necessarily NUL-terminated
 * @length: its length in bytes
 * @max_size: the largest accepted length
 * @max_depth: the deepest accepted nesting of arrays and objects
 * @error: where it went too far
 *
 * Scans @data once, outside strings, for the nesting of '[' and '{', and
 * inside strings for escapes that RFC 8259 does not have (json-glib would
 * turn "\222" into a byte that is not UTF-8). It does not validate the
 * rest of the JSON: json-glib does that afterwards, and only when this
 * returns %TRUE.
 *
 * Returns: whether @data is within both limits
 */
gboolean
sonde_json_check_limits (const char  *data,
                         gsize        length,
                         gsize        max_size,
                         guint        max_depth,
                         GError     **error)
{
  gboolean in_string = FALSE;
  gboolean after_high_surrogate = FALSE;
  guint depth = 0;
  guint line = 1;
  gsize line_start = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length > max_size)
    {
      g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_TOO_LARGE,
                   _("The JSON text is too large (%s; the limit is %s)"), size, limit);
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              /* json-glib's scanner also takes GScanner's own escapes
               * ("\222" as an octal byte, "\x" as "x"), which put bytes
               * that are not UTF-8 into the strings it returns: only the
               * escapes of RFC 8259 get that far. */
              char next = i + 1 < length ? data[i + 1] : '\0';
              gboolean valid = next != '\0' && strchr ("\"\\/bfnrtu", next) != NULL;
              guint code = 0;

              if (next == 'u')
                for (guint k = 2; k < 6 && valid; k++)
                  {
                    valid = i + k < length && g_ascii_isxdigit (data[i + k]);
                    if (valid)
                      code = code * 16 + g_ascii_xdigit_value (data[i + k]);
                  }
              /* A UTF-16 surrogate must come in a pair, high then low: a
               * lone low one ("\udada") became bytes that are not UTF-8
               * in json-glib (found by fuzz/fuzz-event-line.c). */
              if (valid && next == 'u' && code >= 0xDC00 && code <= 0xDFFF && !after_high_surrogate)
                valid = FALSE;
              if (valid && after_high_surrogate && !(next == 'u' && code >= 0xDC00 && code <= 0xDFFF))
                valid = FALSE;
              after_high_surrogate = valid && next == 'u' && code >= 0xD800 && code <= 0xDBFF;
              if (!valid)
                {
                  g_set_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID,
                               _("Invalid JSON at line %u, column %u: a string holds an escape that JSON does not have"),
                               line, (guint) (g_utf8_strlen (data + line_start, i - line_start) + 1));
                  return FALSE;
                }
              i += next == 'u' ? 5 : 1;
            }
          else if (after_high_surrogate)
            {
              g_set_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID,
                           _("Invalid JSON at line %u, column %u: a string holds an escape that JSON does not have"),
                           line, (guint) (g_utf8_strlen (data + line_start, i - line_start) + 1));
              return FALSE;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '\n':
          line++;
          line_start = i + 1;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_TOO_DEEP,
                           _("The JSON text is nested deeper than %u levels (at line %u, column %u)"),
                           max_depth, line, (guint) (g_utf8_strlen (data + line_start, i - line_start) + 1));
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

typedef struct
{
  guint line;
  guint column;
} ErrorPosition;

/* json-glib's scanner knows where it stopped only while it parses, so the
 * position is taken from the parser's "error" signal. */
static void
parser_error_cb (JsonParser   *parser,
                 const GError *error,
                 gpointer      user_data)
{
  ErrorPosition *position = user_data;

  if (position->line != 0)
    return;
  position->line = json_parser_get_current_line (parser);
  position->column = json_parser_get_current_pos (parser);
}

static void
clean_message (GError *error)
{
  g_autofree char *valid = g_utf8_make_valid (error->message, -1);
  GString *s = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (s, "\\x%02x", c);
      else
        g_string_append_c (s, *p);
    }
  g_free (error->message);
  error->message = g_string_free (s, FALSE);
}

/**
 * sonde_json_parse:
 * @data: the text
 * @length: its length, or -1 when NUL-terminated
 * @max_size: see sonde_json_check_limits()
 * @max_depth: see sonde_json_check_limits()
 * @error: one human sentence with the line and column
 *
 * The one guarded JSON entry point: profiles, saved connections, the
 * composer, the demo server and recordings all parse through it.
 *
 * Returns: (transfer full) (nullable): the root node
 */
JsonNode *
sonde_json_parse (const char  *data,
                  gssize       length,
                  gsize        max_size,
                  guint        max_depth,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *prefix = NULL;
  ErrorPosition position = { 0, 0 };
  const char *detail;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);
  if (!sonde_json_check_limits (data, length, max_size, max_depth, error))
    return NULL;

  parser = json_parser_new_immutable ();
  g_signal_connect (parser, "error", G_CALLBACK (parser_error_cb), &position);
  if (json_parser_load_from_data (parser, data, length, &local_error))
    {
      root = json_parser_get_root (parser);
      if (root != NULL)
        return json_node_ref (root);
      g_set_error_literal (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID,
                           _("The JSON text is empty"));
      return NULL;
    }

  /* json-glib quotes the token it stopped at, cut at a byte count and with
   * its raw control characters: the message must stay one line of valid
   * UTF-8 (found by fuzz/fuzz-composer.c). */
  clean_message (local_error);
  detail = local_error->message;
  if (position.line == 0)
    {
      g_set_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID,
                   _("Invalid JSON: %s"), detail);
      return NULL;
    }

  /* json-glib's (translated) description follows its own "<data>:LINE:COL: "
   * location, which we say in our own words instead. */
  prefix = g_strdup_printf ("<data>:%u:%u: ", position.line, position.column);
  if (g_str_has_prefix (detail, prefix))
    detail += strlen (prefix);
  g_set_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID,
               _("Invalid JSON at line %u, column %u: %s"),
               position.line, position.column, detail);
  return NULL;
}

/* The shortest text that reads back as @value: 22.6, not json-glib's
 * 22.600000000000001 ("%.17g"). */
static void
format_shortest (double value,
                 char   out[G_ASCII_DTOSTR_BUF_SIZE])
{
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (out, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (out, NULL) == value)
        return;
    }
  g_ascii_dtostr (out, G_ASCII_DTOSTR_BUF_SIZE, value);
}

/**
 * sonde_json_shorten_doubles:
 * @line: what json-glib generated for @object
 * @object: the object it was generated from
 *
 * Rewrites the top-level members of @object that hold a double with the
 * shortest digits that read back as the same number, so that a latency of
 * 22.6 ms is written `22.6`. Members are unique and their names quoted, so
 * `"name":digits` cannot occur inside a string value (its quotes would be
 * escaped there).
 */
void
sonde_json_shorten_doubles (GString    *line,
                            JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      char generated[G_ASCII_DTOSTR_BUF_SIZE];
      char shortest[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      const char *at;

      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_DOUBLE)
        continue;
      g_ascii_dtostr (generated, sizeof generated, json_node_get_double (member));
      format_shortest (json_node_get_double (member), shortest);
      if (g_str_equal (generated, shortest))
        continue;
      from = g_strdup_printf ("\"%s\":%s", name, generated);
      to = g_strdup_printf ("\"%s\":%s", name, shortest);
      at = strstr (line->str, from);
      if (at != NULL)
        {
          gsize position = at - line->str;

          g_string_erase (line, position, strlen (from));
          g_string_insert (line, position, to);
        }
    }
}
