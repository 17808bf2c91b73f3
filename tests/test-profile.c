/* test-profile.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "sonde-json.h"
#include <json-glib/json-glib.h>

#include "sonde-demo-server.h"
#include "sonde-profile.h"
#include "sonde-session.h"
#include "sonde-test-util.h"

static void
test_defaults (void)
{
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autofree char *message = NULL;
  guint heartbeat, misses, delay, max_delay, attempts, handshake, outbox, payload;
  gboolean reconnect;

  g_object_get (profile,
                "heartbeat", &heartbeat,
                "heartbeat-message", &message,
                "heartbeat-misses", &misses,
                "reconnect", &reconnect,
                "reconnect-delay", &delay,
                "reconnect-max-delay", &max_delay,
                "max-attempts", &attempts,
                "handshake-timeout", &handshake,
                "outbox-max", &outbox,
                "max-payload", &payload,
                NULL);

  /* The defaults of docs/cli.md. */
  g_assert_cmpuint (heartbeat, ==, 0);
  g_assert_cmpstr (message, ==, "heart-check-mobile");
  g_assert_cmpuint (misses, ==, 2);
  g_assert_false (reconnect);
  g_assert_cmpuint (delay, ==, 1000);
  g_assert_cmpuint (max_delay, ==, 30000);
  g_assert_cmpuint (attempts, ==, 0);
  g_assert_cmpuint (handshake, ==, 10000);
  g_assert_cmpuint (outbox, ==, 1000);
  g_assert_cmpuint (payload, ==, 16 * 1024 * 1024);

  g_object_set (profile, "heartbeat", 5000, NULL);
  g_assert_cmpuint (sonde_profile_get_heartbeat_timeout_effective (profile), ==, 10000);
  g_object_set (profile, "heartbeat-timeout", 300, NULL);
  g_assert_cmpuint (sonde_profile_get_heartbeat_timeout_effective (profile), ==, 300);
}

static void
test_load (void)
{
  const char *json =
    "{\"name\":\"mini-program\",\"url\":\"wss://example.com/ws\",\"heartbeat\":5000,"
    "\"heartbeat-message\":\"heart-check-mobile\",\"reconnect\":true,"
    "\"login\":\"{\\\"type\\\":\\\"login\\\"}\",\"protocol\":[\"a\",\"b\"],"
    "\"header\":\"X-One: 1\",\"a-future-option\":42}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = sonde_profile_new_from_data (json, -1, &error);
  g_autofree char *login = NULL;
  g_auto(GStrv) protocols = NULL;
  g_auto(GStrv) headers = NULL;
  g_autofree char *display = NULL;
  guint heartbeat;
  gboolean reconnect;

  g_assert_no_error (error);
  g_object_get (profile, "heartbeat", &heartbeat, "reconnect", &reconnect, "login", &login,
                "protocol", &protocols, "header", &headers, NULL);
  g_assert_cmpstr (sonde_profile_get_url (profile), ==, "wss://example.com/ws");
  g_assert_cmpuint (heartbeat, ==, 5000);
  g_assert_true (reconnect);
  g_assert_cmpstr (login, ==, "{\"type\":\"login\"}");
  g_assert_cmpstrv (protocols, ((const char *[]) { "a", "b", NULL }));
  g_assert_cmpstrv (headers, ((const char *[]) { "X-One: 1", NULL }));
  display = sonde_profile_dup_display_name (profile);
  g_assert_cmpstr (display, ==, "mini-program");
}

typedef struct
{
  const char *json;
  const char *needle;
} BadCase;

static const BadCase bad_cases[] = {
  { "{\"heartbeat\": 5000", NULL },               /* truncated */
  { "[1, 2]", "JSON object" },
  { "\"just text\"", "JSON object" },
  { "{\"heartbeat\": \"fast\"}", "heartbeat" },
  { "{\"heartbeat\": -1}", "heartbeat" },
  { "{\"reconnect\": \"yes\"}", "reconnect" },
  { "{\"protocol\": [1, 2]}", "protocol" },
  { "{\"url\": 42}", "url" },
  { "{\"heartbeat-misses\": 0}", "heartbeat-misses" },
};

static void
test_bad_data (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeProfile) profile = sonde_profile_new_from_data (bad_cases[i].json, -1, &error);

      g_test_message ("case %u: %s", i, bad_cases[i].json);
      g_assert_null (profile);
      g_assert_nonnull (error);
      if (bad_cases[i].needle)
        g_assert_nonnull (strstr (error->message, bad_cases[i].needle));
    }
}

static void
test_bad_merge_changes_nothing (void)
{
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  sonde_profile_set_url (profile, "ws://kept/");
  g_assert_true (json_parser_load_from_data (parser, "{\"url\":\"ws://changed/\",\"ping\":\"x\"}", -1, NULL));
  g_assert_false (sonde_profile_merge_json (profile, json_node_get_object (json_parser_get_root (parser)), &error));
  g_assert_cmpstr (sonde_profile_get_url (profile), ==, "ws://kept/");
}

static void
test_file_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-profile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "profiles", "demo.json", NULL);
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeProfile) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const char *protocols[] = { "chat", NULL };

  g_object_set (profile, "name", "demo", "url", "ws://127.0.0.1:8765/ws", "heartbeat", 5000,
                "reconnect", TRUE, "protocol", protocols, "logout", "{\"type\":\"logout\"}", NULL);
  g_assert_true (sonde_profile_save (profile, path, &error));
  g_assert_no_error (error);

  loaded = sonde_profile_new_from_file (path, &error);
  g_assert_no_error (error);
  a = sonde_profile_to_data (profile);
  b = sonde_profile_to_data (loaded);
  g_assert_cmpstr (a, ==, b);
  /* Defaults are not written out. */
  g_assert_null (strstr (a, "reconnect-delay"));
  g_assert_nonnull (strstr (a, "\"heartbeat\" : 5000"));

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_file_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-profile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "corrupt.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = NULL;

  profile = sonde_profile_new_from_file ("/nonexistent/profile.json", &error);
  g_assert_null (profile);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/profile.json"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{\"url\": \"ws://x/\",,}", -1, NULL));
  profile = sonde_profile_new_from_file (path, &error);
  g_assert_null (profile);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "corrupt.json"));
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_copy (void)
{
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeProfile) copy = NULL;
  guint ping = 0;

  g_object_set (profile, "url", "ws://a/", "ping", 1000, NULL);
  copy = sonde_profile_copy (profile);
  g_object_set (profile, "ping", 2000, NULL);
  g_object_get (copy, "ping", &ping, NULL);
  g_assert_cmpuint (ping, ==, 1000);
  g_assert_cmpstr (sonde_profile_get_url (copy), ==, "ws://a/");
}

/* The sample that Sonde installs: it must work at once against the demo
 * server (`sonde --demo`, `sonde-cli serve`). */

typedef struct
{
  gboolean login_answered;
  gboolean heartbeat_replied;
  gboolean logout_sent;
  gboolean finished;
} SampleRun;

static void
sample_record_cb (SondeSession      *session,
                  const SondeRecord *record,
                  SampleRun         *run)
{
  g_autofree char *text = NULL;

  if (record->type != SONDE_RECORD_MESSAGE)
    return;
  text = g_strndup ((const char *) record->text, record->text_len);
  if (record->direction == SONDE_DIRECTION_IN && strstr (text, "\"login-ack\"") != NULL)
    run->login_answered = TRUE;
  if (record->direction == SONDE_DIRECTION_IN && record->role == SONDE_ROLE_HEARTBEAT_REPLY)
    run->heartbeat_replied = TRUE;
  if (record->direction == SONDE_DIRECTION_OUT && record->role == SONDE_ROLE_LOGOUT)
    run->logout_sent = TRUE;
}

static void
sample_finished_cb (SondeSession *session,
                    gboolean      success,
                    SampleRun    *run)
{
  run->finished = TRUE;
}

static void
test_sample_mini_program (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "profiles",
                                                 "mini-program.json", NULL);
  g_autoptr(SondeProfile) profile = NULL;
  g_autoptr(SondeDemoServer) server = sonde_demo_server_new ();
  g_autoptr(SondeSession) session = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  g_autofree char *login = NULL;
  g_autofree char *logout = NULL;
  guint heartbeat = 0;
  gboolean reconnect = FALSE;
  SampleRun run = { 0 };

  profile = sonde_profile_new_from_file (path, &error);
  g_assert_no_error (error);
  g_object_get (profile,
                "name", &name,
                "heartbeat", &heartbeat,
                "heartbeat-message", &message,
                "reconnect", &reconnect,
                "login", &login,
                "logout", &logout,
                NULL);
  g_assert_cmpstr (name, ==, "Mini-program backend");
  g_assert_cmpuint (heartbeat, ==, 5000);
  g_assert_cmpstr (message, ==, "heart-check-mobile");
  g_assert_true (reconnect);
  g_assert_null (sonde_profile_get_id (profile));
  g_assert_true (json_parser_load_from_data (parser, login, -1, &error));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "type"),
                   ==, "login");
  g_assert_true (json_parser_load_from_data (parser, logout, -1, &error));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "type"),
                   ==, "logout");

  /* Against the demo server, with the sample's settings but for the
   * interval: a test waits milliseconds, not seconds. */
  g_assert_true (sonde_demo_server_start (server, 0, NULL, &error));
  g_assert_no_error (error);
  sonde_profile_set_url (profile, sonde_demo_server_get_url (server));
  g_object_set (profile, "heartbeat", 50, NULL);
  session = sonde_session_new (profile);
  g_signal_connect (session, "record", G_CALLBACK (sample_record_cb), &run);
  g_signal_connect (session, "finished", G_CALLBACK (sample_finished_cb), &run);
  g_assert_true (sonde_session_connect (session, &error));
  g_assert_no_error (error);

  g_assert_true (sonde_test_wait_for (run.login_answered, 5000));
  g_assert_true (sonde_test_wait_for (run.heartbeat_replied, 5000));
  sonde_session_disconnect (session);
  g_assert_true (sonde_test_wait_for (run.finished, 5000));
  g_assert_true (run.logout_sent);

  g_signal_handlers_disconnect_by_data (session, &run);
  sonde_demo_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sonde/profile/defaults", test_defaults);
  g_test_add_func ("/sonde/profile/load", test_load);
  g_test_add_func ("/sonde/profile/bad-data", test_bad_data);
  g_test_add_func ("/sonde/profile/bad-merge-changes-nothing", test_bad_merge_changes_nothing);
  g_test_add_func ("/sonde/profile/file-round-trip", test_file_round_trip);
  g_test_add_func ("/sonde/profile/file-errors", test_file_errors);
  g_test_add_func ("/sonde/profile/copy", test_copy);
  g_test_add_func ("/sonde/profile/sample/mini-program", test_sample_mini_program);
  return g_test_run ();
}
