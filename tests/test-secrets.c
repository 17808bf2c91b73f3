/* test-secrets.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sonde-event-writer.h"
#include "sonde-profile-store.h"
#include "sonde-secrets.h"
#include "sonde-session.h"
#include "sonde-test-peer.h"
#include "sonde-test-util.h"

/* Secret values in the keyring, against a real Secret Service: meson runs
 * this program through tests/keyring/run-with-keyring.sh, which gives it a
 * private session bus with GNOME Keyring unlocked in a temporary HOME.
 * secret-tool (libsecret-tools) reads and writes the same keyring on its
 * own, so that the values are not only checked through our own code.
 *
 * With SONDE_TEST_NO_KEYRING=1 it runs on a bus where nothing answers for
 * the Secret Service (run-with-keyring.sh --no-keyring): Sonde says so
 * once, keeps the values for the session and still connects. */

#define WAIT_MS 10000

#define TOKEN    "Bearer tok-9f3a1c"
#define API_KEY  "key-77e0"
#define PASSWORD "pw-5b21"
#define LOGIN    "{\"type\":\"login\",\"password\":\"" PASSWORD "\"}"

static void
wait_for_keyring (SondeSecrets *secrets)
{
  g_assert_true (sonde_test_wait_for (sonde_secrets_get_pending (secrets) == 0, WAIT_MS));
}

static char *
make_scratch (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sonde-secrets-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
assert_no_secret (const char *what,
                  const char *contents)
{
  const char *secrets[] = { "tok-9f3a1c", API_KEY, PASSWORD };

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (contents, secrets[i]) != NULL)
      g_error ("%s contains the secret “%s”:\n%s", what, secrets[i], contents);
}

/* secret-tool, an independent client of the same keyring. */
static char *
secret_tool_lookup (const char *profile_id,
                    const char *field)
{
  g_autoptr(GSubprocess) tool = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  tool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "secret-tool", "lookup",
                           "xdg:schema", SONDE_SECRET_SCHEMA_NAME,
                           "profile-id", profile_id, "field", field, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (tool, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (tool))
    return NULL;
  return g_steal_pointer (&out);
}

static void
secret_tool_store (const char *profile_id,
                   const char *field,
                   const char *value)
{
  g_autoptr(GSubprocess) tool = NULL;
  g_autoptr(GError) error = NULL;

  tool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                           "secret-tool", "store", "--label=test",
                           "xdg:schema", SONDE_SECRET_SCHEMA_NAME,
                           "profile-id", profile_id, "field", field, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (tool, value, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (tool));
}

static SondeProfile *
make_secret_profile (const char *name,
                     const char *url)
{
  const char *headers[] = { "Authorization: " TOKEN, "X-Trace: 1", "X-Api-Key: " API_KEY, NULL };
  const char *marked[] = { "x-api-key", NULL };
  SondeProfile *profile = sonde_profile_new ();

  g_object_set (profile,
                "name", name,
                "url", url,
                "header", headers,
                "secret-headers", marked,
                "login", LOGIN,
                "login-secret", TRUE,
                NULL);
  return profile;
}

/* Async helpers */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *value;
  GStrv     missing;
  GError   *error;
} Result;

static void
result_clear (Result *result)
{
  g_free (result->value);
  g_strfreev (result->missing);
  g_clear_error (&result->error);
  memset (result, 0, sizeof *result);
}

static void
store_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      data)
{
  Result *result = data;

  result->ok = sonde_secrets_store_finish (SONDE_SECRETS (source), res, &result->error);
  result->done = TRUE;
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      data)
{
  Result *result = data;

  result->value = sonde_secrets_lookup_finish (SONDE_SECRETS (source), res, &result->error);
  result->done = TRUE;
}

static void
clear_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      data)
{
  Result *result = data;

  result->ok = sonde_secrets_clear_finish (SONDE_SECRETS (source), res, &result->error);
  result->done = TRUE;
}

static void
load_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      data)
{
  Result *result = data;

  result->ok = sonde_secrets_load_profile_finish (SONDE_SECRETS (source), res, &result->missing,
                                                  &result->error);
  result->done = TRUE;
}

static void
communicate_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      data)
{
  Result *result = data;

  result->ok = g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), res, &result->value,
                                                     NULL, &result->error);
  result->done = TRUE;
}

static char *
lookup (SondeSecrets *secrets,
        const char   *id,
        const char   *field)
{
  Result result = { 0 };
  char *value;

  sonde_secrets_lookup_async (secrets, id, field, NULL, lookup_cb, &result);
  g_assert_true (sonde_test_wait_for (result.done, WAIT_MS));
  g_assert_no_error (result.error);
  value = g_steal_pointer (&result.value);
  result_clear (&result);
  return value;
}

static GStrv
load_profile (SondeSecrets *secrets,
              SondeProfile *profile)
{
  Result result = { 0 };
  GStrv missing;

  sonde_secrets_load_profile_async (secrets, profile, NULL, load_cb, &result);
  g_assert_true (sonde_test_wait_for (result.done, WAIT_MS));
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  missing = g_steal_pointer (&result.missing);
  result_clear (&result);
  return missing;
}

static char *
header_of (SondeProfile *profile,
           const char   *name)
{
  const char * const *headers = sonde_profile_get_headers (profile);

  for (guint i = 0; headers && headers[i]; i++)
    {
      g_autofree char *line_name = sonde_header_dup_name (headers[i]);

      if (line_name != NULL && g_ascii_strcasecmp (line_name, name) == 0)
        return g_strstrip (g_strdup (strchr (headers[i], ':') + 1));
    }
  return NULL;
}

/* Tests */

static void
test_header_is_secret (void)
{
  const struct { const char *name; gboolean secret; } cases[] = {
    { "Authorization", TRUE }, { "authorization", TRUE }, { "COOKIE", TRUE },
    { "Proxy-Authorization", TRUE }, { "X-Api-Key", TRUE }, { "x-api-key", TRUE },
    { "X-Trace", FALSE }, { "Origin", FALSE }, { "Authorization-Hint", FALSE },
  };
  g_autoptr(SondeProfile) profile = make_secret_profile ("p", "ws://127.0.0.1:1/");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (sonde_header_is_secret (cases[i].name, profile), ==, cases[i].secret);
    }
  /* Without a profile, only the three names of every profile. */
  g_assert_false (sonde_header_is_secret ("X-Api-Key", NULL));
  g_assert_true (sonde_header_is_secret ("Cookie", NULL));

  {
    g_autofree char *masked = sonde_header_mask_line ("authorization:  Bearer x", NULL, SONDE_SECRET_MASK);
    g_autofree char *plain = sonde_header_mask_line ("X-Trace: 1", NULL, SONDE_SECRET_MASK);

    g_assert_cmpstr (masked, ==, "authorization: •••");
    g_assert_cmpstr (plain, ==, "X-Trace: 1");
  }
}

static void
test_store_lookup_clear (void)
{
  g_autoptr(SondeSecrets) secrets = sonde_secrets_new ();
  g_autoptr(SondeSecrets) other = sonde_secrets_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *value = NULL;
  g_autofree char *seen = NULL;
  Result result = { 0 };

  sonde_secrets_store_async (secrets, id, "header:authorization", "Sonde test", TOKEN, NULL,
                             store_cb, &result);
  g_assert_true (sonde_test_wait_for (result.done, WAIT_MS));
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  result_clear (&result);
  g_assert_true (sonde_secrets_get_available (secrets));

  /* Another instance (no memory of this one) and secret-tool read it. */
  value = lookup (other, id, "header:authorization");
  g_assert_cmpstr (value, ==, TOKEN);
  seen = secret_tool_lookup (id, "header:authorization");
  g_assert_cmpstr (seen, ==, TOKEN);
  g_clear_pointer (&value, g_free);
  value = lookup (other, id, "login");
  g_assert_null (value);

  sonde_secrets_clear_async (secrets, id, NULL, NULL, clear_cb, &result);
  g_assert_true (sonde_test_wait_for (result.done, WAIT_MS));
  g_assert_no_error (result.error);
  result_clear (&result);
  value = lookup (other, id, "header:authorization");
  g_assert_null (value);
  g_clear_pointer (&seen, g_free);
  seen = secret_tool_lookup (id, "header:authorization");
  g_assert_null (seen);
}

typedef struct
{
  SondeTestPeer *peer;
  char          *url;
  SondeSession  *session;
  GPtrArray     *records;    /* char *, "event role text" */
  gboolean       finished;
} Run;

static void
run_record_cb (SondeSession      *session,
               const SondeRecord *record,
               Run               *run)
{
  g_autofree char *text = g_strndup ((const char *) record->text, record->text_len);

  g_ptr_array_add (run->records,
                   g_strdup_printf ("%s %s %s", sonde_record_type_to_string (record->type),
                                    sonde_role_to_string (record->role), text));
}

static void
run_finished_cb (SondeSession *session,
                 gboolean      success,
                 Run          *run)
{
  run->finished = TRUE;
}

static gboolean
run_has (Run        *run,
         const char *prefix)
{
  for (guint i = 0; i < run->records->len; i++)
    if (g_str_has_prefix (run->records->pdata[i], prefix))
      return TRUE;
  return FALSE;
}

static void
run_start (Run          *run,
           SondeProfile *profile)
{
  g_autoptr(GError) error = NULL;

  run->peer = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_assert_true (sonde_test_peer_start (run->peer, 0, &error));
  g_assert_no_error (error);
  run->url = sonde_test_peer_dup_url (run->peer);
  sonde_profile_set_url (profile, run->url);
  run->records = g_ptr_array_new_with_free_func (g_free);
  run->session = sonde_session_new (profile);
  g_signal_connect (run->session, "record", G_CALLBACK (run_record_cb), run);
  g_signal_connect (run->session, "finished", G_CALLBACK (run_finished_cb), run);
}

static void
run_stop (Run *run)
{
  sonde_session_disconnect (run->session);
  g_assert_true (sonde_test_wait_for (run->finished ||
                                      sonde_session_get_state (run->session) == SONDE_STATE_CLOSED,
                                      WAIT_MS));
  g_signal_handlers_disconnect_by_data (run->session, run);
  g_clear_object (&run->session);
  sonde_test_peer_stop (run->peer);
  g_clear_object (&run->peer);
  g_clear_pointer (&run->records, g_ptr_array_unref);
  g_clear_pointer (&run->url, g_free);
}

static void
test_saved_connection (void)
{
  g_autofree char *scratch = make_scratch ();
  g_autofree char *dir = g_build_filename (scratch, "profiles", NULL);
  g_autofree char *record_path = g_build_filename (scratch, "record.ndjson", NULL);
  g_autoptr(SondeProfileStore) store = sonde_profile_store_new (dir);
  g_autoptr(SondeProfileStore) again = sonde_profile_store_new (dir);
  g_autoptr(SondeSecrets) fresh = sonde_secrets_new ();
  g_autoptr(SondeProfile) profile = make_secret_profile ("api", "ws://127.0.0.1:1/ws");
  g_autoptr(SondeProfile) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(SondeEventWriter) output = NULL;
  g_autoptr(SondeLog) log = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *value = NULL;
  g_autofree char *id = NULL;
  g_autofree char *output_text = NULL;
  SondeProfile *saved;
  GHashTable *request;
  Run run = { 0 };

  /* Saved: the file has placeholders, the keyring the values. */
  g_assert_true (sonde_profile_store_save (store, profile, &error));
  g_assert_no_error (error);
  wait_for_keyring (sonde_secrets_get_default ());
  g_assert_true (sonde_secrets_get_available (sonde_secrets_get_default ()));
  saved = sonde_profile_store_find (store, "api");
  id = g_strdup (sonde_profile_get_id (saved));
  g_assert_nonnull (id);

  contents = read_file (sonde_profile_store_get_path (store, "api"));
  assert_no_secret ("The saved profile", contents);
  g_assert_nonnull (strstr (contents, "Authorization: " SONDE_SECRET_PLACEHOLDER));
  g_assert_nonnull (strstr (contents, "X-Api-Key: " SONDE_SECRET_PLACEHOLDER));
  g_assert_nonnull (strstr (contents, "\"login\" : \"" SONDE_SECRET_PLACEHOLDER "\""));
  g_assert_nonnull (strstr (contents, "X-Trace: 1"));
  g_assert_nonnull (strstr (contents, id));

  value = secret_tool_lookup (id, "header:authorization");
  g_assert_cmpstr (value, ==, TOKEN);
  g_clear_pointer (&value, g_free);
  value = secret_tool_lookup (id, "login");
  g_assert_cmpstr (value, ==, LOGIN);
  g_clear_pointer (&value, g_free);

  /* A restart: a new store, and a keyring access that remembers nothing. */
  sonde_profile_store_set_secrets (again, fresh);
  g_assert_true (sonde_profile_store_load (again, &error));
  g_assert_no_error (error);
  opened = sonde_profile_copy (sonde_profile_store_find (again, "api"));
  g_assert_cmpstr (sonde_profile_get_id (opened), ==, id);
  g_assert_true (sonde_profile_has_placeholders (opened));
  missing = load_profile (fresh, opened);
  g_assert_null (missing);
  g_assert_false (sonde_profile_has_placeholders (opened));
  value = header_of (opened, "Authorization");
  g_assert_cmpstr (value, ==, TOKEN);
  g_clear_pointer (&value, g_free);
  value = header_of (opened, "X-Trace");
  g_assert_cmpstr (value, ==, "1");
  g_clear_pointer (&value, g_free);

  /* Connected, recorded, exported: the peer gets the values, no file or
   * output has them. */
  run_start (&run, opened);
  log = sonde_log_new (1000);
  sonde_session_set_log (run.session, log);
  memory = g_memory_output_stream_new_resizable ();
  output = sonde_event_writer_new (memory);
  sonde_session_set_output (run.session, output);
  g_assert_true (sonde_session_start_recording (run.session, record_path, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_session_connect (run.session, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_frames (run.peer, 0x1) >= 1, WAIT_MS));
  request = sonde_test_peer_get_request_headers (run.peer);
  g_assert_cmpstr (g_hash_table_lookup (request, "authorization"), ==, TOKEN);
  g_assert_cmpstr (g_hash_table_lookup (request, "x-api-key"), ==, API_KEY);
  {
    SondeTestFrame *frame = sonde_test_peer_find_frame (run.peer, 0x1, 0);
    g_autofree char *text = g_strndup (g_bytes_get_data (frame->payload, NULL),
                                       g_bytes_get_size (frame->payload));

    g_assert_cmpstr (text, ==, LOGIN);
  }
  g_assert_true (sonde_test_wait_for (run_has (&run, "message login " SONDE_SECRET_MASK), WAIT_MS));
  sonde_session_stop_recording (run.session);
  {
    g_autoptr(GOutputStream) exported = g_memory_output_stream_new_resizable ();
    g_autoptr(SondeEventWriter) writer = sonde_event_writer_new (exported);
    g_autofree char *text = NULL;

    sonde_log_flush (log);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
      g_assert_true (sonde_event_writer_write_record (writer, sonde_log_get_record (log, i), NULL));
    g_assert_true (sonde_event_writer_close (writer, NULL));
    text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (exported)),
                      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (exported)));
    assert_no_secret ("The export", text);
    g_assert_nonnull (strstr (text, "\"role\":\"login\""));
  }
  run_stop (&run);
  g_assert_true (sonde_event_writer_close (output, NULL));
  output_text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                           g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)));
  assert_no_secret ("The output", output_text);
  g_assert_nonnull (strstr (output_text, SONDE_SECRET_MASK));
  g_clear_pointer (&contents, g_free);
  contents = read_file (record_path);
  assert_no_secret ("The recording", contents);
  g_assert_nonnull (strstr (contents, "\"role\":\"login\""));

  /* Deleted: the keyring forgets the values too. */
  g_assert_true (sonde_profile_store_remove (store, saved, &error));
  g_assert_no_error (error);
  wait_for_keyring (sonde_secrets_get_default ());
  value = lookup (fresh, id, "header:authorization");
  g_assert_null (value);
  value = lookup (fresh, id, "login");
  g_assert_null (value);
  value = secret_tool_lookup (id, "header:x-api-key");
  g_assert_null (value);

  remove_tree (scratch);
}

/* A profile with placeholders connects only after its values were read;
 * one that nobody knows is left out, with a warning event. */
static void
test_session_waits (void)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(SondeProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  const char *headers[] = { "Authorization: " SONDE_SECRET_PLACEHOLDER, "Cookie: " SONDE_SECRET_PLACEHOLDER, NULL };
  GHashTable *request;
  Run run = { 0 };

  /* Put there by another program. */
  secret_tool_store (id, "header:authorization", TOKEN);

  profile = sonde_profile_new ();
  g_object_set (profile, "name", "waits", "id", id, "header", headers, NULL);
  run_start (&run, profile);
  g_assert_true (sonde_session_connect (run.session, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (run.session) == SONDE_STATE_OPEN, WAIT_MS));
  request = sonde_test_peer_get_request_headers (run.peer);
  g_assert_cmpstr (g_hash_table_lookup (request, "authorization"), ==, TOKEN);
  g_assert_false (g_hash_table_contains (request, "cookie"));
  g_assert_true (run_has (&run, "warning user Secret values not found in the keyring and left out: Cookie"));
  run_stop (&run);
}

/* Disconnect while the values are being read: no connection is made. */
static void
test_session_disconnect_while_waiting (void)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(GError) error = NULL;
  const char *headers[] = { "Authorization: " SONDE_SECRET_PLACEHOLDER, NULL };
  Run run = { 0 };

  secret_tool_store (id, "header:authorization", TOKEN);
  g_object_set (profile, "name", "called-off", "id", id, "header", headers, NULL);
  run_start (&run, profile);
  g_assert_true (sonde_session_connect (run.session, &error));
  sonde_session_disconnect (run.session);
  wait_for_keyring (sonde_secrets_get_default ());
  sonde_test_spin_for (200);
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (run.peer), ==, 0);
  g_assert_null (sonde_session_get_connection (run.session));
  run_stop (&run);
}

static void
test_old_file (void)
{
  g_autofree char *scratch = make_scratch ();
  g_autofree char *path = g_build_filename (scratch, "old.json", NULL);
  g_autoptr(SondeProfileStore) store = sonde_profile_store_new (scratch);
  g_autoptr(SondeSecrets) fresh = sonde_secrets_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *value = NULL;
  const char *id;

  /* Written by a Sonde from before the keyring: no id, the token in it. */
  g_assert_true (g_file_set_contents (path,
                                      "{\"name\":\"old\",\"url\":\"ws://127.0.0.1:1/\","
                                      "\"header\":[\"Authorization: " TOKEN "\"]}", -1, &error));
  sonde_profile_store_set_secrets (store, fresh);
  g_assert_true (sonde_profile_store_load (store, &error));
  g_assert_no_error (error);
  id = sonde_profile_get_id (sonde_profile_store_find (store, "old"));
  g_assert_nonnull (id);
  /* It works as it is, and is moved to the keyring. */
  value = header_of (sonde_profile_store_find (store, "old"), "Authorization");
  g_assert_cmpstr (value, ==, TOKEN);
  g_clear_pointer (&value, g_free);
  wait_for_keyring (fresh);

  contents = read_file (path);
  assert_no_secret ("The moved profile", contents);
  g_assert_nonnull (strstr (contents, id));
  g_assert_nonnull (strstr (contents, SONDE_SECRET_PLACEHOLDER));
  value = secret_tool_lookup (id, "header:authorization");
  g_assert_cmpstr (value, ==, TOKEN);

  remove_tree (scratch);
}

static void
test_export_import (void)
{
  g_autofree char *scratch = make_scratch ();
  g_autofree char *dir = g_build_filename (scratch, "profiles", NULL);
  g_autofree char *path = g_build_filename (scratch, "api.json", NULL);
  g_autoptr(SondeProfileStore) store = sonde_profile_store_new (dir);
  g_autoptr(SondeProfile) profile = make_secret_profile ("api", "ws://127.0.0.1:1/ws");
  g_autoptr(SondeProfile) opened = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *value = NULL;
  g_autofree char *joined = NULL;
  SondeProfile *saved;
  SondeProfile *imported;
  JsonObject *object;

  g_assert_true (sonde_profile_store_save (store, profile, &error));
  wait_for_keyring (sonde_secrets_get_default ());
  saved = sonde_profile_store_find (store, "api");

  /* The file says what was left out, and has no id. */
  g_assert_true (sonde_profile_export (saved, path, &error));
  g_assert_no_error (error);
  contents = read_file (path);
  assert_no_secret ("The exported profile", contents);
  g_assert_true (json_parser_load_from_data (parser, contents, -1, &error));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_has_member (object, "id"));
  g_assert_true (json_object_has_member (object, "secrets-left-out"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "secrets-left-out"),
                            "Authorization, X-Api-Key, login"));

  /* Imported beside the original: its own name and id, placeholders. */
  imported = sonde_profile_store_import (store, path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (imported);
  g_assert_cmpstr (sonde_profile_get_name (imported), ==, "api (2)");
  g_assert_nonnull (sonde_profile_get_id (imported));
  g_assert_cmpstr (sonde_profile_get_id (imported), !=, sonde_profile_get_id (saved));
  wait_for_keyring (sonde_secrets_get_default ());

  /* Opened: the values are missing, and left out rather than sent. */
  opened = sonde_profile_copy (imported);
  missing = load_profile (sonde_secrets_get_default (), opened);
  g_assert_nonnull (missing);
  joined = g_strjoinv (",", missing);
  g_assert_cmpstr (joined, ==, "Authorization,X-Api-Key,login");
  value = header_of (opened, "Authorization");
  g_assert_null (value);
  value = header_of (opened, "X-Trace");
  g_assert_cmpstr (value, ==, "1");
  {
    g_autofree char *login = NULL;

    g_object_get (opened, "login", &login, NULL);
    g_assert_null (login);
  }

  remove_tree (scratch);
}

/* The CLI reads the keyring too, and prints no secret. */
static void
test_cli_profile (void)
{
  g_autofree char *scratch = make_scratch ();
  g_autofree char *path = g_build_filename (scratch, "cli.json", NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *json = NULL;
  g_autofree char *out = NULL;
  g_autoptr(SondeTestPeer) peer = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *program = g_getenv ("SONDE_CLI");

  if (program == NULL)
    {
      g_test_skip ("SONDE_CLI is not set");
      return;
    }

  secret_tool_store (id, "header:authorization", TOKEN);
  secret_tool_store (id, "login", LOGIN);
  g_assert_true (sonde_test_peer_start (peer, 0, &error));
  url = sonde_test_peer_dup_url (peer);
  json = g_strdup_printf ("{\"name\":\"cli\",\"id\":\"%s\",\"url\":\"%s\","
                          "\"header\":[\"Authorization: ${secret}\"],"
                          "\"login\":\"${secret}\",\"login-secret\":true}", id, url);
  g_assert_true (g_file_set_contents (path, json, -1, &error));

  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                          program, "connect", "--profile", path, "--count", "1", NULL);
  g_assert_no_error (error);
  /* The peer echoes the login: one inbound message, then exit. The peer
   * lives in this process's main loop, which must go on meanwhile. */
  {
    Result result = { 0 };

    g_subprocess_communicate_utf8_async (cli, NULL, NULL, communicate_cb, &result);
    g_assert_true (sonde_test_wait_for (result.done, WAIT_MS));
    g_assert_no_error (result.error);
    out = g_steal_pointer (&result.value);
    result_clear (&result);
  }
  g_assert_true (g_subprocess_get_successful (cli));
  g_assert_cmpstr (g_hash_table_lookup (sonde_test_peer_get_request_headers (peer), "authorization"), ==, TOKEN);
  g_assert_nonnull (strstr (out, "\"role\":\"login\""));
  g_assert_nonnull (strstr (out, SONDE_SECRET_MASK));
  /* The echo of the login is the server's message: recorded as it came.
   * What Sonde itself writes of it is masked. */
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

    for (guint i = 0; lines[i]; i++)
      if (strstr (lines[i], "\"direction\":\"out\"") != NULL)
        assert_no_secret ("sonde-cli's output", lines[i]);
  }

  sonde_test_peer_stop (peer);
  remove_tree (scratch);
}

/* No Secret Service on the bus */

static guint n_unavailable;

static void
unavailable_cb (SondeSecrets *secrets,
                const char   *message)
{
  g_test_message ("unavailable: %s", message);
  n_unavailable++;
}

static void
test_no_keyring (void)
{
  g_autofree char *scratch = make_scratch ();
  SondeSecrets *secrets = sonde_secrets_get_default ();
  g_autoptr(SondeProfileStore) store = sonde_profile_store_new (scratch);
  g_autoptr(SondeProfile) profile = make_secret_profile ("api", "ws://127.0.0.1:1/ws");
  g_autoptr(SondeProfile) other = make_secret_profile ("other", "ws://127.0.0.1:1/ws");
  g_autoptr(SondeProfile) opened = NULL;
  g_autoptr(SondeProfile) restarted = NULL;
  g_autoptr(SondeSecrets) fresh = sonde_secrets_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *contents = NULL;
  GHashTable *request;
  Run run = { 0 };

  g_signal_connect (secrets, "unavailable", G_CALLBACK (unavailable_cb), NULL);

  /* Saving works, says once that there is no keyring, writes no secret. */
  g_assert_true (sonde_profile_store_save (store, profile, &error));
  g_assert_no_error (error);
  wait_for_keyring (secrets);
  g_assert_cmpuint (n_unavailable, ==, 1);
  g_assert_false (sonde_secrets_get_available (secrets));
  g_assert_true (sonde_profile_store_save (store, other, &error));
  wait_for_keyring (secrets);
  g_assert_cmpuint (n_unavailable, ==, 1);
  contents = read_file (sonde_profile_store_get_path (store, "api"));
  assert_no_secret ("The saved profile", contents);

  /* Opened in the same session: the values are remembered, and it
   * connects with them. */
  opened = sonde_profile_new_from_file (sonde_profile_store_get_path (store, "api"), &error);
  g_assert_no_error (error);
  g_assert_true (sonde_profile_has_placeholders (opened));
  run_start (&run, opened);
  g_assert_true (sonde_session_connect (run.session, &error));
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (run.session) == SONDE_STATE_OPEN, WAIT_MS));
  request = sonde_test_peer_get_request_headers (run.peer);
  g_assert_cmpstr (g_hash_table_lookup (request, "authorization"), ==, TOKEN);
  run_stop (&run);
  g_assert_cmpuint (n_unavailable, ==, 1);

  /* After a restart the values are gone; it still connects, without them. */
  restarted = sonde_profile_new_from_file (sonde_profile_store_get_path (store, "api"), &error);
  g_assert_no_error (error);
  missing = load_profile (fresh, restarted);
  g_assert_nonnull (missing);
  g_assert_cmpstr (missing[0], ==, "Authorization");
  run_start (&run, restarted);
  g_assert_true (sonde_session_connect (run.session, &error));
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (run.session) == SONDE_STATE_OPEN, WAIT_MS));
  g_assert_false (g_hash_table_contains (sonde_test_peer_get_request_headers (run.peer), "authorization"));
  run_stop (&run);

  g_signal_handlers_disconnect_by_func (secrets, unavailable_cb, NULL);
  remove_tree (scratch);
}

static guint
count_lines_with (const char *out,
                  const char *text)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], text) != NULL)
      n++;
  return n;
}

/* An old file with the token in it is not written again while no keyring
 * can take the token: the file is the only place that has it. */
static void
test_no_keyring_old_file (void)
{
  g_autofree char *scratch = make_scratch ();
  g_autofree char *path = g_build_filename (scratch, "old.json", NULL);
  g_autoptr(SondeProfileStore) store = sonde_profile_store_new (scratch);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "{\"name\":\"old\",\"url\":\"ws://127.0.0.1:1/\","
                                      "\"header\":[\"Authorization: " TOKEN "\"]}", -1, &error));
  before = read_file (path);
  g_assert_true (sonde_profile_store_load (store, &error));
  g_assert_no_error (error);
  wait_for_keyring (sonde_secrets_get_default ());
  after = read_file (path);
  g_assert_cmpstr (after, ==, before);

  remove_tree (scratch);
}

/* sonde-cli without a keyring: one warning that says so, one that names
 * what was left out, and it connects all the same. */
static void
test_no_keyring_cli (void)
{
  g_autofree char *scratch = make_scratch ();
  g_autofree char *path = g_build_filename (scratch, "cli.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SondeTestPeer) peer = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("SONDE_CLI");
  Result result = { 0 };

  if (program == NULL)
    {
      g_test_skip ("SONDE_CLI is not set");
      return;
    }

  g_assert_true (sonde_test_peer_start (peer, 0, &error));
  url = sonde_test_peer_dup_url (peer);
  json = g_strdup_printf ("{\"name\":\"cli\",\"id\":\"0c1d\",\"url\":\"%s\","
                          "\"header\":[\"Authorization: ${secret}\"]}", url);
  g_assert_true (g_file_set_contents (path, json, -1, &error));

  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                          program, "connect", "--profile", path, "--send", "hi", "--count", "1", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (cli, NULL, NULL, communicate_cb, &result);
  g_assert_true (sonde_test_wait_for (result.done, WAIT_MS));
  g_assert_no_error (result.error);
  g_test_message ("%s", result.value);
  g_assert_true (g_subprocess_get_successful (cli));
  g_assert_cmpuint (count_lines_with (result.value, "No keyring is available"), ==, 1);
  g_assert_cmpuint (count_lines_with (result.value, "left out: Authorization"), ==, 1);
  g_assert_cmpuint (count_lines_with (result.value, "\"event\":\"open\""), ==, 1);
  g_assert_false (g_hash_table_contains (sonde_test_peer_get_request_headers (peer), "authorization"));
  result_clear (&result);

  sonde_test_peer_stop (peer);
  remove_tree (scratch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/secrets/header-is-secret", test_header_is_secret);
  if (g_strcmp0 (g_getenv ("SONDE_TEST_NO_KEYRING"), "1") == 0)
    {
      g_test_add_func ("/sonde/secrets/no-keyring", test_no_keyring);
      g_test_add_func ("/sonde/secrets/no-keyring/cli", test_no_keyring_cli);
      g_test_add_func ("/sonde/secrets/no-keyring/old-file", test_no_keyring_old_file);
      return g_test_run ();
    }

  g_test_add_func ("/sonde/secrets/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/sonde/secrets/saved-connection", test_saved_connection);
  g_test_add_func ("/sonde/secrets/session-waits", test_session_waits);
  g_test_add_func ("/sonde/secrets/session-disconnect-while-waiting", test_session_disconnect_while_waiting);
  g_test_add_func ("/sonde/secrets/old-file", test_old_file);
  g_test_add_func ("/sonde/secrets/export-import", test_export_import);
  g_test_add_func ("/sonde/secrets/cli-profile", test_cli_profile);

  return g_test_run ();
}
