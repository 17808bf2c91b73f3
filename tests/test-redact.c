/* test-redact.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-redact.h"

#define M SONDE_REDACTED

/* What every event, recording and message shows of a URL. */
static const struct { const char *url; const char *shown; } cases[] = {
  { "ws://127.0.0.1:8765/ws", "ws://127.0.0.1:8765/ws" },
  { "wss://alice:pw@example.com/ws", "wss://alice:" M "@example.com/ws" },
  { "wss://alice@example.com/ws", "wss://alice@example.com/ws" },
  { "ws://h/ws?token=abc", "ws://h/ws?token=" M },
  { "ws://h/ws?room=1&access_token=abc&x=2", "ws://h/ws?room=1&access_token=" M "&x=2" },
  { "ws://h/ws?API_KEY=abc&Secret=s&PassWord=p&authorization=a", "ws://h/ws?API_KEY=" M "&Secret=" M "&PassWord=" M "&authorization=" M },
  /* Percent-encoded unreserved characters come back decoded, as GUri does. */
  { "ws://h/ws?api%5Fkey=abc", "ws://h/ws?api_key=" M },
  { "ws://h/ws?token=", "ws://h/ws?token=" },
  { "ws://h/ws?token", "ws://h/ws?token" },
  { "ws://u:p@[::1]:9/ws?key=1#frag", "ws://u:" M "@[::1]:9/ws?key=" M "#frag" },
  { "not a url", "not a url" },
  { "demo", "demo" },
};

static void
test_urls (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = sonde_redact_url (cases[i].url);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
  g_assert_null (sonde_redact_url (NULL));
}

static void
test_text (void)
{
  g_autofree char *text = sonde_redact_text ("ws://u:p@h/ws?token=t failed; ws://u:p@h/ws?token=t again",
                                             "ws://u:p@h/ws?token=t");

  g_assert_cmpstr (text, ==, "ws://u:" M "@h/ws?token=" M " failed; ws://u:" M "@h/ws?token=" M " again");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sonde/redact/urls", test_urls);
  g_test_add_func ("/sonde/redact/text", test_text);
  return g_test_run ();
}
