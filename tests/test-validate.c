/* test-validate.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libsoup/soup.h>

#include "sonde-connection.h"
#include "sonde-test-peer.h"
#include "sonde-test-util.h"
#include "sonde-validate.h"

/* What may reach the handshake (sonde-validate.c), table-driven, and then
 * end to end: a profile that carries a CR or LF in a header, the Origin or
 * a subprotocol is refused before a byte goes out, against the raw
 * loopback peer that records every request it gets. */

#define WAIT_MS 5000

typedef struct
{
  const char *text;
  gboolean    valid;
  const char *needle;   /* in the message when invalid, or NULL */
} Case;

static const Case url_cases[] = {
  { "ws://127.0.0.1:8765/ws", TRUE, NULL },
  { "wss://example.com/ws?x=1", TRUE, NULL },
  { "ws://[::1]:65535/", TRUE, NULL },
  { "WS://example.com", TRUE, NULL },
  { "ws://example.com:0/", FALSE, "port 0" },
  { "ws://example.com:65536/", FALSE, NULL },
  { "http://example.com/", FALSE, "ws://" },
  { "ws:///path", FALSE, "host" },
  { "", FALSE, "WebSocket URL" },
  { "ws://example.com/a\r\nHost: evil", FALSE, "control character" },
  { "ws://example.com/a b", FALSE, "space" },
  { "ws://exa\tmple.com/", FALSE, NULL },
  { "ws://example.com/\x7f", FALSE, "control character" },
  { "notaurl", FALSE, NULL },
  /* Found by fuzz/fuzz-validate.c: the messages quoted bytes that are not
   * UTF-8 as they were. */
  { "\x8b" "2", FALSE, "“\xef\xbf\xbd" "2”" },
  { "http://\xff/", FALSE, "Non-UTF-8" },
  { "ws://a\xfe:0/", FALSE, NULL },
};

static const Case header_cases[] = {
  { "X-Api-Key: secret", TRUE, NULL },
  { "Cookie: a=1; b=2", TRUE, NULL },
  { "X-Empty:", TRUE, NULL },
  { "X-Tab: a\tb", TRUE, NULL },
  { "X-Utf8: 数据", TRUE, NULL },
  { "X-A: b\r\nX-Injected: 1", FALSE, "CR" },
  { "X-A: b\nX-Injected: 1", FALSE, "LF" },
  { "X-A: b\r", FALSE, "CR" },
  { "X-A: \rb", FALSE, "CR" },
  { "X-A: a\x01z", FALSE, "U+0001" },
  { "X-A: a\x7fz", FALSE, "DEL" },
  { "X\r\nEvil: 1", FALSE, "CR" },
  { "Bad Name: 1", FALSE, "“ ”" },
  { "Bad(Name): 1", FALSE, "“(”" },
  { "名前: 1", FALSE, "header name" },
  { "no-colon", FALSE, "Name: value" },
  { ": value", FALSE, "Name: value" },
  { " : value", FALSE, "needs a name" },
  { "X-\xff: 1", FALSE, "header name" },
  { "X-\xff\r: 1", FALSE, "CR" },
  { "X\r: 1", FALSE, "CR" },
  { "\nX: 1", FALSE, "LF" },
  { "X: 1\n", FALSE, "LF" },
};

static const Case origin_cases[] = {
  { "https://example.com", TRUE, NULL },
  { "null", TRUE, NULL },
  { "https://example.com\r\nX-Injected: 1", FALSE, "CR" },
  { "https://example.com\n", FALSE, "LF" },
  { "a\tb", FALSE, "TAB" },
};

static const Case protocol_cases[] = {
  { "chat", TRUE, NULL },
  { "v1.json.api", TRUE, NULL },
  { "graphql-ws", TRUE, NULL },
  { "", FALSE, "empty" },
  { "a,b", FALSE, "commas" },
  { "a b", FALSE, "spaces" },
  { "chat\r\nX-Injected: 1", FALSE, "CR" },
};

typedef gboolean (*Check) (const char *text,
                           GError    **error);

static gboolean
check_header (const char  *text,
              GError     **error)
{
  return sonde_validate_header_line (text, NULL, NULL, error);
}

static void
run_cases (const Case *cases,
           guint       n,
           Check       check)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid = check (cases[i].text, &error);

      {
        /* TAP output must stay UTF-8. */
        g_autofree char *shown = g_strescape (cases[i].text, NULL);

        g_test_message ("case %u: %s", i, shown);
      }
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (valid)
        {
          g_assert_no_error (error);
          continue;
        }
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, SONDE_ERROR, SONDE_ERROR_INVALID_URL) ||
                     g_error_matches (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT));
      /* One line: the control characters are shown escaped. */
      g_assert_null (strpbrk (error->message, "\r\n"));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (cases[i].needle != NULL && strstr (error->message, cases[i].needle) == NULL)
        g_error ("“%s” is not in: %s", cases[i].needle, error->message);
    }
}

static void
test_url (void)
{
  run_cases (url_cases, G_N_ELEMENTS (url_cases), sonde_validate_url);
}

static void
test_header (void)
{
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  run_cases (header_cases, G_N_ELEMENTS (header_cases), check_header);

  /* Blanks around the name and value go; what is inside stays. */
  g_assert_true (sonde_validate_header_line ("  X-A :  b  c \t", &name, &value, NULL));
  g_assert_cmpstr (name, ==, "X-A");
  g_assert_cmpstr (value, ==, "b  c");
}

static void
test_origin (void)
{
  run_cases (origin_cases, G_N_ELEMENTS (origin_cases), sonde_validate_origin);
}

static void
test_subprotocol (void)
{
  run_cases (protocol_cases, G_N_ELEMENTS (protocol_cases), sonde_validate_subprotocol);
}

typedef struct
{
  const char *name;
  gint64      value;
  gboolean    valid;
} NumberCase;

static const NumberCase number_cases[] = {
  { "reconnect-delay", 50, TRUE },
  { "reconnect-delay", 49, FALSE },
  { "reconnect-delay", 0, FALSE },
  { "reconnect-delay", 3600000, TRUE },
  { "reconnect-delay", 3600001, FALSE },
  { "heartbeat-misses", 0, FALSE },
  { "heartbeat-misses", 1, TRUE },
  { "heartbeat-misses", 1000, TRUE },
  { "heartbeat-misses", 1001, FALSE },
  { "heartbeat", 0, TRUE },
  { "heartbeat", -1, FALSE },
  { "heartbeat", G_MININT, FALSE },
  { "count", G_MAXINT, TRUE },
  { "count", (gint64) G_MAXINT + 1, FALSE },
  { "max-payload", G_MININT64, FALSE },
  /* Not a numeric setting: no range to hold it to. */
  { "url", -5, TRUE },
};

static void
test_numbers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid = sonde_validate_number (number_cases[i].name, "--x", number_cases[i].value, &error);

      g_test_message ("case %u: %s %" G_GINT64_FORMAT, i, number_cases[i].name, number_cases[i].value);
      g_assert_cmpint (valid, ==, number_cases[i].valid);
      if (!valid)
        {
          const SondeNumberRange *range = sonde_validate_find_range (number_cases[i].name);
          g_autofree char *expected = g_strdup_printf ("--x must be between %" G_GINT64_FORMAT
                                                       " and %" G_GINT64_FORMAT,
                                                       range->min, range->max);

          g_assert_nonnull (strstr (error->message, expected));
        }
    }

  /* Every range fits the guint properties of SondeProfile. */
  {
    g_autoptr(SondeProfile) profile = sonde_profile_new ();
    const char *names[] = { "count", "duration", "handshake-timeout", "heartbeat", "heartbeat-misses",
                            "heartbeat-timeout", "max-attempts", "max-payload", "outbox-max",
                            "outbox-max-bytes", "ping", "reconnect-delay", "reconnect-max-delay",
                            "reconnect-reset" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        const SondeNumberRange *range = sonde_validate_find_range (names[i]);
        GParamSpecUInt *pspec = G_PARAM_SPEC_UINT (g_object_class_find_property (G_OBJECT_GET_CLASS (profile), names[i]));

        g_assert_nonnull (range);
        g_assert_cmpint (range->min, >=, pspec->minimum);
        g_assert_cmpint (range->max, <=, pspec->maximum);
      }
  }
}

/* The defaults of a new profile are valid. */
static void
test_profile_defaults (void)
{
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_validate_profile (profile, &error));
  g_assert_no_error (error);

  g_object_set (profile, "reconnect-delay", 10, NULL);
  g_assert_false (sonde_validate_profile (profile, &error));
  g_assert_nonnull (strstr (error->message, "“reconnect-delay”"));
}

/* End to end: the engine refuses a profile that was set in code (as the
 * window does) with an injected value, and the peer never sees a
 * connection; a clean value does reach it. */

typedef struct
{
  const char *property;
  const char *value;
} Injection;

static const Injection injections[] = {
  { "header", "X-A: b\r\nX-Injected: 1" },
  { "header", "X-A\r\nX-Injected: 1" },
  { "origin", "http://a\r\nX-Injected: 1" },
  { "protocol", "chat\r\nX-Injected: 1" },
  { "protocol", "chat\r\n\r\nGET /smuggled HTTP/1.1" },
};

static void
test_engine_refuses (gconstpointer data)
{
  const Injection *injection = data;
  g_autoptr(SondeTestPeer) peer = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_assert_true (sonde_test_peer_start (peer, 0, &error));
  url = sonde_test_peer_dup_url (peer);
  sonde_profile_set_url (profile, url);
  if (g_str_equal (injection->property, "origin"))
    g_object_set (profile, "origin", injection->value, NULL);
  else
    {
      const char *strv[] = { injection->value, NULL };

      g_object_set (profile, injection->property, strv, NULL);
    }

  connection = sonde_connection_new (profile);
  g_assert_false (sonde_connection_connect (connection, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "control character"));
  g_assert_cmpint (sonde_connection_get_state (connection), ==, SONDE_STATE_CLOSED);

  /* Give a connection that should not exist the time to arrive. */
  sonde_test_spin_for (100);
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (peer), ==, 0);
  sonde_test_peer_stop (peer);
}

static void
test_engine_clean_values (void)
{
  g_autoptr(SondeTestPeer) peer = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *headers[] = { "X-Api-Key: a\tb", NULL };
  const char *protocols[] = { "chat", NULL };
  GHashTable *seen;

  g_assert_true (sonde_test_peer_start (peer, 0, &error));
  url = sonde_test_peer_dup_url (peer);
  g_object_set (profile, "url", url, "header", headers, "protocol", protocols,
                "origin", "https://example.com", NULL);
  connection = sonde_connection_new (profile);
  g_assert_true (sonde_connection_connect (connection, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_test_wait_for (sonde_connection_get_state (connection) == SONDE_STATE_OPEN, WAIT_MS));

  seen = sonde_test_peer_get_request_headers (peer);
  g_assert_cmpstr (g_hash_table_lookup (seen, "x-api-key"), ==, "a\tb");
  g_assert_cmpstr (g_hash_table_lookup (seen, "origin"), ==, "https://example.com");
  g_assert_cmpstr (g_hash_table_lookup (seen, "sec-websocket-protocol"), ==, "chat");
  g_assert_null (g_hash_table_lookup (seen, "x-injected"));

  sonde_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_assert_true (sonde_test_wait_for (sonde_connection_get_state (connection) == SONDE_STATE_CLOSED, WAIT_MS));
  sonde_test_peer_stop (peer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/validate/url", test_url);
  g_test_add_func ("/sonde/validate/header", test_header);
  g_test_add_func ("/sonde/validate/origin", test_origin);
  g_test_add_func ("/sonde/validate/subprotocol", test_subprotocol);
  g_test_add_func ("/sonde/validate/numbers", test_numbers);
  g_test_add_func ("/sonde/validate/profile-defaults", test_profile_defaults);
  for (guint i = 0; i < G_N_ELEMENTS (injections); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sonde/validate/engine-refuses/%s-%u",
                                               injections[i].property, i);

      g_test_add_data_func (path, &injections[i], test_engine_refuses);
    }
  g_test_add_func ("/sonde/validate/engine-clean-values", test_engine_clean_values);

  return g_test_run ();
}
