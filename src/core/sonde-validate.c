/* sonde-validate.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sonde-connection.h"
#include "sonde-validate.h"

/* What reaches the handshake is checked here, before libsoup sees it:
 * libsoup writes header names and values as they are, so a CR or LF in
 * one of them would end the header early and let the rest of the value
 * become headers, or a second request, of its own (RFC 7230, 3.2.4). The
 * option, profile and preferences levels all call these functions, and
 * the engine calls them once more before it connects. */

/* The documented ranges of docs/cli.md ("Ranges"). The properties of
 * SondeProfile accept more (tests run with millisecond timers); what a
 * user types is held to these. */
static const SondeNumberRange ranges[] = {
  { "count",               0, G_MAXINT },
  { "duration",            0, G_MAXINT },
  { "handshake-timeout",   0, 3600000 },
  { "heartbeat",           0, 86400000 },
  { "heartbeat-misses",    1, 1000 },
  { "heartbeat-timeout",   0, 86400000 },
  { "linger",              0, 86400000 },
  { "max-attempts",        0, 1000000 },
  { "max-payload",         0, G_MAXINT },
  { "outbox-max",          0, 1000000 },
  { "outbox-max-bytes",    0, G_MAXINT },
  { "pair-timeout",        1, 86400000 },
  { "ping",                0, 86400000 },
  /* The floor keeps a server that refuses at once from being tried
   * thousands of times a second. */
  { "reconnect-delay",     50, 3600000 },
  { "reconnect-max-delay", 50, 86400000 },
  { "reconnect-reset",     0, 86400000 },
};

/* Shows @text in a message: control characters as escapes, at most 64
 * characters, and valid UTF-8 whatever @text is. */
static char *
quote (const char *text)
{
  GString *s = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      guchar c = (guchar) *p;

      if (n == 64)
        {
          g_string_append (s, "…");
          break;
        }
      if (c == '\r')
        g_string_append (s, "\\r");
      else if (c == '\n')
        g_string_append (s, "\\n");
      else if (c == '\t')
        g_string_append (s, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (s, "\\x%02x", c);
      else
        g_string_append_len (s, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (s, FALSE);
}

static const char *
control_name (guchar c)
{
  switch (c)
    {
    case '\0': return "NUL";
    case '\t': return "TAB";
    case '\n': return "LF";
    case '\r': return "CR";
    case 0x7f: return "DEL";
    default:   return NULL;
    }
}

/* The first control character of @text (C0 or DEL; TAB only when
 * !@allow_tab), or NULL. */
static const char *
find_control (const char *text,
              gboolean    allow_tab)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if ((c < 0x20 && !(allow_tab && c == '\t')) || c == 0x7f)
        return p;
    }
  return NULL;
}

static void
set_control_error (GError     **error,
                   GQuark       domain,
                   int          code,
                   const char  *what,
                   const char  *text,
                   const char  *at)
{
  g_autofree char *shown = quote (text);
  g_autofree char *code_name = NULL;
  const char *name = control_name ((guchar) *at);

  if (name == NULL)
    name = code_name = g_strdup_printf ("U+%04X", (guint) (guchar) *at);
  /* Translators: the first %s says what it is ("The header value"), the
   * second shows it, the third names the character ("CR", "LF", "NUL"). */
  g_set_error (error, domain, code,
               _("%s “%s” contains a control character (%s), which would change the request on the wire"),
               what, shown, name);
}

static gboolean
is_tchar (guchar c)
{
  /* RFC 7230, 3.2.6 */
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

/* The first character of @text that is not a token character, or NULL. */
static const char *
find_non_token (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!is_tchar ((guchar) *p))
      return p;
  return NULL;
}

/**
 * sonde_validate_parse_url:
 *
 * Returns: (transfer full) (nullable): @url when it is a ws:// or wss://
 *   URL with a host and a port from 1 to 65535 (or none), else %NULL and
 *   one human sentence in @error (%SONDE_ERROR_INVALID_URL).
 */
GUri *
sonde_validate_parse_url (const char  *url,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *shown = NULL;
  const char *scheme;
  const char *host;
  const char *control;

  if (url == NULL || url[strspn (url, " \t\r\n")] == '\0')
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_URL,
                   _("Enter a WebSocket URL, for example ws://127.0.0.1:8765/ws"));
      return NULL;
    }

  /* GUri takes some of these as they are; on the request line they
   * would split it. */
  if ((control = find_control (url, FALSE)) != NULL || (control = strchr (url, ' ')) != NULL)
    {
      shown = quote (url);
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_URL,
                   _("“%s” is not a valid URL: it contains a space or a control character"), shown);
      return NULL;
    }

  /* Every message shows the URL through quote(): it may not be UTF-8
   * (found by fuzz/fuzz-validate.c). */
  shown = quote (url);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_autofree char *why = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_URL,
                   _("“%s” is not a valid URL: %s"), shown, why);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_URL,
                   _("“%s” is not a WebSocket URL: it must start with ws:// or wss://"), shown);
      return NULL;
    }
  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0' ||
      (!g_hostname_is_ip_address (host) && !g_hostname_is_non_ascii (host) &&
       host[strspn (host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._")] != '\0'))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_URL,
                   _("“%s” has no valid host name"), shown);
      return NULL;
    }
  /* GUri refuses ports above 65535 itself; -1 is "none given". */
  if (g_uri_get_port (uri) == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_URL,
                   _("“%s” has port 0: the port must be between 1 and 65535"), shown);
      return NULL;
    }
  return g_steal_pointer (&uri);
}

/**
 * sonde_validate_url:
 *
 * Returns: whether @url is a WebSocket URL that Sonde can connect to.
 */
gboolean
sonde_validate_url (const char  *url,
                    GError     **error)
{
  g_autoptr(GUri) uri = sonde_validate_parse_url (url, error);

  return uri != NULL;
}

/**
 * sonde_validate_header_name:
 *
 * Returns: whether @name is an HTTP token (RFC 7230: letters, digits and
 *   !#$%&'*+-.^_`|~), so that it cannot end the header or the request.
 */
gboolean
sonde_validate_header_name (const char  *name,
                            GError     **error)
{
  const char *bad;

  g_return_val_if_fail (name != NULL, FALSE);

  if (name[0] == '\0')
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                           _("A header needs a name: write it as “Name: value”"));
      return FALSE;
    }
  if ((bad = find_control (name, FALSE)) != NULL)
    {
      set_control_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                         _("The header name"), name, bad);
      return FALSE;
    }
  if ((bad = find_non_token (name)) != NULL)
    {
      g_autofree char *shown = quote (name);

      if ((guchar) *bad < 0x80)
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                     _("The header name “%s” may hold only letters, digits and !#$%%&'*+-.^_`|~, not “%c”"),
                     shown, *bad);
      else
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                     _("The header name “%s” may hold only letters, digits and !#$%%&'*+-.^_`|~, no other characters"),
                     shown);
      return FALSE;
    }
  return TRUE;
}

/**
 * sonde_validate_header_value:
 *
 * Returns: whether @value holds no control character but TAB.
 */
gboolean
sonde_validate_header_value (const char  *value,
                             GError     **error)
{
  const char *bad;

  g_return_val_if_fail (value != NULL, FALSE);

  if ((bad = find_control (value, TRUE)) != NULL)
    {
      set_control_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                         _("The header value"), value, bad);
      return FALSE;
    }
  return TRUE;
}

/* A copy of @length bytes of @text without spaces and tabs at either end
 * (g_strstrip() would also take a CR or LF away, unseen). */
static char *
trim_blanks (const char *text,
             gsize       length)
{
  while (length > 0 && (*text == ' ' || *text == '\t'))
    text++, length--;
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
    length--;
  return g_strndup (text, length);
}

/**
 * sonde_validate_header_line:
 * @line: "Name: value"
 * @name: (out) (optional): the name, without blanks around it
 * @value: (out) (optional): the value, without blanks around it
 *
 * Returns: whether @line is one header that is safe to send.
 */
gboolean
sonde_validate_header_line (const char  *line,
                            char       **name,
                            char       **value,
                            GError     **error)
{
  const char *colon;
  g_autofree char *n = NULL;
  g_autofree char *v = NULL;

  g_return_val_if_fail (line != NULL, FALSE);

  colon = strchr (line, ':');
  if (colon == NULL || colon == line)
    {
      g_autofree char *shown = quote (line);

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                   _("“%s” is not a header: write it as “Name: value”"), shown);
      return FALSE;
    }

  /* Only spaces and tabs are trimmed: a CR or LF at either end must be
   * refused, not quietly dropped. */
  n = trim_blanks (line, colon - line);
  v = trim_blanks (colon + 1, strlen (colon + 1));

  if (!sonde_validate_header_name (n, error) || !sonde_validate_header_value (v, error))
    return FALSE;

  if (name)
    *name = g_steal_pointer (&n);
  if (value)
    *value = g_steal_pointer (&v);
  return TRUE;
}

/**
 * sonde_validate_origin:
 *
 * Returns: whether @origin (an Origin header value) holds no control
 *   character.
 */
gboolean
sonde_validate_origin (const char  *origin,
                       GError     **error)
{
  const char *bad;

  g_return_val_if_fail (origin != NULL, FALSE);

  if ((bad = find_control (origin, FALSE)) != NULL)
    {
      set_control_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                         _("The Origin"), origin, bad);
      return FALSE;
    }
  return TRUE;
}

/**
 * sonde_validate_subprotocol:
 *
 * Returns: whether @protocol is a token (RFC 6455, 4.1), as the
 *   Sec-WebSocket-Protocol header needs.
 */
gboolean
sonde_validate_subprotocol (const char  *protocol,
                            GError     **error)
{
  const char *bad;

  g_return_val_if_fail (protocol != NULL, FALSE);

  if (protocol[0] == '\0')
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                           _("A subprotocol name must not be empty"));
      return FALSE;
    }
  if ((bad = find_control (protocol, FALSE)) != NULL)
    {
      set_control_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                         _("The subprotocol"), protocol, bad);
      return FALSE;
    }
  if (find_non_token (protocol) != NULL)
    {
      g_autofree char *shown = quote (protocol);

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
                   _("The subprotocol “%s” may hold only letters, digits and !#$%%&'*+-.^_`|~ (no spaces or commas)"),
                   shown);
      return FALSE;
    }
  return TRUE;
}

/**
 * sonde_validate_find_range:
 *
 * Returns: (nullable): the documented range of the numeric setting @name.
 */
const SondeNumberRange *
sonde_validate_find_range (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (g_str_equal (ranges[i].name, name))
      return &ranges[i];
  return NULL;
}

/**
 * sonde_validate_number:
 * @name: the setting (its option and profile key)
 * @label: how the message names it ("--heartbeat", "“heartbeat”")
 *
 * Returns: whether @value is within the documented range of @name; a
 *   setting without one takes any value.
 */
gboolean
sonde_validate_number (const char  *name,
                       const char  *label,
                       gint64       value,
                       GError     **error)
{
  const SondeNumberRange *range = sonde_validate_find_range (name);

  g_return_val_if_fail (label != NULL, FALSE);

  if (range == NULL || (value >= range->min && value <= range->max))
    return TRUE;

  /* Translators: %s is an option or a key; then the range and the value. */
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT,
               _("%s must be between %lld and %lld (not %lld)"),
               label, (long long) range->min, (long long) range->max, (long long) value);
  return FALSE;
}

/**
 * sonde_validate_setting:
 * @name: a profile key
 * @value: its value, of the property's type
 *
 * The checks of a profile file's key (and of the preferences): the URL,
 * the handshake values and the ranges of numbers. The other keys take any
 * value of their type.
 */
gboolean
sonde_validate_setting (const char    *name,
                        const GValue  *value,
                        GError       **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);

  if (G_VALUE_HOLDS_UINT (value))
    {
      label = g_strdup_printf ("“%s”", name);
      return sonde_validate_number (name, label, g_value_get_uint (value), error);
    }

  if (G_VALUE_HOLDS_STRING (value))
    {
      const char *s = g_value_get_string (value);

      if (s == NULL || s[0] == '\0')
        return TRUE;
      if (g_str_equal (name, "url"))
        return sonde_validate_url (s, error);
      if (g_str_equal (name, "origin"))
        return sonde_validate_origin (s, error);
      return TRUE;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_STRV))
    {
      const char * const *strv = g_value_get_boxed (value);

      for (guint i = 0; strv && strv[i]; i++)
        {
          if (g_str_equal (name, "protocol") && !sonde_validate_subprotocol (strv[i], error))
            return FALSE;
          if (g_str_equal (name, "header") && !sonde_validate_header_line (strv[i], NULL, NULL, error))
            return FALSE;
        }
      return TRUE;
    }

  return TRUE;
}

/**
 * sonde_validate_profile:
 *
 * Checks every setting of @profile with sonde_validate_setting(); the
 * save dialog and the engine use it before a profile goes anywhere.
 */
gboolean
sonde_validate_profile (SondeProfile  *profile,
                        GError       **error)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n = 0;

  g_return_val_if_fail (SONDE_IS_PROFILE (profile), FALSE);

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (profile), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (profile), pspecs[i]->name, &value);
      if (!sonde_validate_setting (pspecs[i]->name, &value, error))
        return FALSE;
    }
  return TRUE;
}
