/* fuzz-validate.c — libFuzzer target: URL and handshake value checks
 * (sonde-validate.c)
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-fuzz.h"
#include "sonde-validate.h"

static gboolean
has_control (const char *s,
             gboolean    allow_tab)
{
  for (; *s; s++)
    if (((guchar) *s < 0x20 && !(allow_tab && *s == '\t')) || *s == 0x7f)
      return TRUE;
  return FALSE;
}

/* Any text as a URL, a header line, an Origin and a subprotocol: whatever
 * is accepted can go on the wire as it is (no CR, LF or other control
 * character; names are tokens), and every refusal is one valid line. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  sonde_fuzz_init ();

  uri = sonde_validate_parse_url (text, &error);
  if (uri != NULL)
    {
      const char *host = g_uri_get_host (uri);

      g_assert (!has_control (text, FALSE) && strchr (text, ' ') == NULL);
      g_assert (host != NULL && host[0] != '\0');
      g_assert (g_uri_get_port (uri) == -1 || (g_uri_get_port (uri) >= 1 && g_uri_get_port (uri) <= 65535));
    }
  else
    sonde_fuzz_check_error (error);
  g_clear_error (&error);

  if (sonde_validate_header_line (text, &name, &value, &error))
    {
      g_assert (name[0] != '\0' && !has_control (name, FALSE) && strpbrk (name, " :()<>@,;\\\"/[]?={}") == NULL);
      g_assert (!has_control (value, TRUE));
    }
  else
    sonde_fuzz_check_error (error);
  g_clear_error (&error);

  if (sonde_validate_origin (text, &error))
    g_assert (!has_control (text, FALSE));
  else
    sonde_fuzz_check_error (error);
  g_clear_error (&error);

  if (sonde_validate_subprotocol (text, &error))
    g_assert (text[0] != '\0' && !has_control (text, FALSE) && strpbrk (text, " ,") == NULL);
  else
    sonde_fuzz_check_error (error);
  return 0;
}
