/* test-cli.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <pty.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "sonde-connection.h"
#include "sonde-demo-server.h"
#include "sonde-test-peer.h"
#include "sonde-test-util.h"

/* The contract of sonde-cli (docs/cli.md, docs/events.md), tested from the
 * outside: the built program runs as a child process while this process
 * spins its main loop, so that the peers living here (the demo server, the
 * raw test peer) keep answering. */

#define RUN_MS  10000
#define WAIT_MS 5000

#define OP_TEXT  0x1
#define OP_CLOSE 0x8

/* One run of sonde-cli: stdout is read line by line as it comes, each line
 * parsed and checked against events.md at once; stderr is collected whole. */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  GOutputStream    *stderr_buffer;
  GOutputStream    *stdin_pipe;
  GCancellable     *cancellable;
  GPtrArray        *lines;    /* char * */
  GPtrArray        *events;   /* JsonObject * */
  gint64            started;  /* monotonic µs */
  gint64            ended;
  char             *err;      /* standard error, once it ended */
  gboolean          stdout_done;
  gboolean          stderr_done;
  gboolean          exited;
} CliRun;

static GRegex *time_regex;

static void
check_line (const char *line,
            JsonObject *object)
{
  const char *time;

  /* Every line carries these three strings (events.md). */
  g_assert_true (json_object_has_member (object, "time"));
  g_assert_true (json_object_has_member (object, "event"));
  g_assert_true (json_object_has_member (object, "connection"));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "time")), ==, G_TYPE_STRING);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "event")), ==, G_TYPE_STRING);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "connection")), ==, G_TYPE_STRING);

  time = json_object_get_string_member (object, "time");
  if (!g_regex_match (time_regex, time, 0, NULL))
    g_error ("“%s” is not RFC 3339 UTC with milliseconds, in: %s", time, line);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), !=, "");
}

static void read_line_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
read_next_line (CliRun *run)
{
  g_data_input_stream_read_line_async (run->stdout_lines, G_PRIORITY_DEFAULT, run->cancellable,
                                       read_line_cb, run);
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CliRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *line = NULL;
  JsonNode *root;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (line == NULL)
    {
      /* End of output; a cancelled read only happens when the run is freed. */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_error ("reading the standard output of sonde-cli: %s", error->message);
      run->stdout_done = TRUE;
      return;
    }

  if (g_test_verbose ())
    g_test_message ("out: %s", line);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, line, -1, &error))
    g_error ("not a JSON line (%s): %s", error->message, line);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    g_error ("not a JSON object: %s", line);
  check_line (line, json_node_get_object (root));

  g_ptr_array_add (run->events, json_object_ref (json_node_get_object (root)));
  g_ptr_array_add (run->lines, g_steal_pointer (&line));
  read_next_line (run);
}

static void
splice_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CliRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_error ("reading the standard error of sonde-cli: %s", error->message);
  run->stderr_done = TRUE;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  CliRun *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run->exited = TRUE;
  run->ended = g_get_monotonic_time ();
}

/* Runs in the child before exec: a test that aborts must not leave a
 * sonde-cli behind that reconnects for ever. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts `sonde-cli ARGS…`; @args ends with NULL. */
static CliRun *
cli_run_startv (gboolean            with_stdin,
                const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SONDE_CLI");
  CliRun *run;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  g_assert_nonnull (cli);

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (g_test_verbose ())
    {
      g_autofree char *joined = g_strjoinv (" ", (char **) argv->pdata);
      g_test_message ("run: %s", joined);
    }

  if (with_stdin)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  /* Messages are checked in English. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  run = g_new0 (CliRun, 1);
  run->lines = g_ptr_array_new_with_free_func (g_free);
  run->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  run->cancellable = g_cancellable_new ();
  run->started = g_get_monotonic_time ();
  run->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  run->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run->process));
  run->stderr_buffer = g_memory_output_stream_new_resizable ();
  if (with_stdin)
    run->stdin_pipe = g_object_ref (g_subprocess_get_stdin_pipe (run->process));

  read_next_line (run);
  g_output_stream_splice_async (run->stderr_buffer,
                                g_subprocess_get_stderr_pipe (run->process),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, run->cancellable, splice_cb, run);
  g_subprocess_wait_async (run->process, NULL, wait_cb, run);
  return run;
}

#define cli_run_start(...) \
  cli_run_startv (FALSE, (const char * const []) { __VA_ARGS__, NULL })
#define cli_run_start_with_stdin(...) \
  cli_run_startv (TRUE, (const char * const []) { __VA_ARGS__, NULL })

static gboolean
cli_run_finished (CliRun *run)
{
  return run->exited && run->stdout_done && run->stderr_done;
}

static void
cli_run_free (CliRun *run)
{
  if (!run->exited)
    g_subprocess_force_exit (run->process);
  g_cancellable_cancel (run->cancellable);
  /* The pending callbacks hold @run: let them finish first. */
  g_assert_true (sonde_test_wait_for (cli_run_finished (run), WAIT_MS));

  g_clear_object (&run->stdin_pipe);
  g_clear_object (&run->stdout_lines);
  g_clear_object (&run->stderr_buffer);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->process);
  g_ptr_array_unref (run->lines);
  g_ptr_array_unref (run->events);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

static const char *
cli_run_stderr (CliRun *run)
{
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (run->stderr_buffer);

  /* Closed by the splice, so the data is complete; add the terminator. */
  g_assert_true (run->stderr_done);
  if (run->err == NULL && g_memory_output_stream_get_data_size (memory) == 0)
    run->err = g_strdup ("");
  else if (run->err == NULL)
    run->err = g_strndup (g_memory_output_stream_get_data (memory),
                          g_memory_output_stream_get_data_size (memory));
  return run->err;
}

static char *
cli_run_names (CliRun *run)
{
  GString *s = g_string_new (NULL);
  guint from = run->events->len > 40 ? run->events->len - 40 : 0;

  /* The last 40 are enough to see where it went wrong. */
  if (from > 0)
    g_string_append_printf (s, "(%u more before) …", from);
  for (guint i = from; i < run->events->len; i++)
    {
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, json_object_get_string_member (run->events->pdata[i], "event"));
    }
  return g_string_free (s, FALSE);
}

/* Waits until the program has exited and both pipes are at their end, and
 * returns its exit status. */
static int
cli_run_wait (CliRun *run,
              guint   timeout_ms)
{
  if (!sonde_test_wait_for (cli_run_finished (run), timeout_ms))
    {
      g_autofree char *names = cli_run_names (run);

      g_error ("sonde-cli did not end within %u ms; events so far: %s", timeout_ms, names);
    }
  if (g_test_verbose ())
    g_test_message ("err: %s", cli_run_stderr (run));
  g_assert_true (g_subprocess_get_if_exited (run->process));
  return g_subprocess_get_exit_status (run->process);
}

static const char *
event_name (JsonObject *object)
{
  return json_object_get_string_member (object, "event");
}

static gboolean
member_matches (JsonObject *object,
                const char *member,
                const char *value)
{
  JsonNode *node;

  if (member == NULL)
    return TRUE;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (node), value) == 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) == g_ascii_strtoll (value, NULL, 10);
  return FALSE;
}

/* Index of the first event named @name from @start whose @member (a string
 * or an integer, compared as text) is @value, or -1. */
static int
cli_run_index (CliRun     *run,
               guint       start,
               const char *name,
               const char *member,
               const char *value)
{
  for (guint i = start; i < run->events->len; i++)
    if (g_str_equal (event_name (run->events->pdata[i]), name) &&
        member_matches (run->events->pdata[i], member, value))
      return (int) i;
  return -1;
}

static guint
cli_run_count (CliRun     *run,
               const char *name,
               const char *member,
               const char *value)
{
  guint n = 0;

  for (guint i = 0; i < run->events->len; i++)
    if (g_str_equal (event_name (run->events->pdata[i]), name) &&
        member_matches (run->events->pdata[i], member, value))
      n++;
  return n;
}

static JsonObject *
cli_run_event (CliRun *run,
               int     index)
{
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (index, <, run->events->len);
  return run->events->pdata[index];
}

static JsonObject *
cli_run_last (CliRun *run)
{
  g_assert_cmpuint (run->events->len, >, 0);
  return run->events->pdata[run->events->len - 1];
}

/* Asserts that @name (with @member = @value) comes at or after @start and
 * returns its index. */
static int
expect_from (CliRun     *run,
             guint       start,
             const char *name,
             const char *member,
             const char *value)
{
  int index = cli_run_index (run, start, name, member, value);

  if (index < 0)
    {
      g_autofree char *names = cli_run_names (run);

      g_error ("no “%s”%s%s%s%s after line %u; events: %s", name,
               member ? " with " : "", member ? member : "", member ? " = " : "",
               member ? value : "", start, names);
    }
  return index;
}

/* Waits until the @nth (0-based) event named @name has been printed. */
static void
cli_run_wait_for_event (CliRun     *run,
                        const char *name,
                        guint       nth)
{
  if (!sonde_test_wait_for (cli_run_count (run, name, NULL, NULL) > nth || run->stdout_done, WAIT_MS) ||
      cli_run_count (run, name, NULL, NULL) <= nth)
    {
      g_autofree char *names = cli_run_names (run);

      g_error ("no “%s” #%u from sonde-cli; events: %s", name, nth + 1, names);
    }
}

static const char *
texts_of (CliRun     *run,
          const char *direction,
          const char *role,
          GString    *out)
{
  for (guint i = 0; i < run->events->len; i++)
    {
      JsonObject *object = run->events->pdata[i];

      if (!g_str_equal (event_name (object), "message") ||
          g_strcmp0 (json_object_get_string_member (object, "direction"), direction) != 0)
        continue;
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "role", "user"), role) != 0)
        continue;
      g_string_append_printf (out, "%s|", json_object_get_string_member (object, "text"));
    }
  return out->str;
}

/* Asserts the start of every connection (events.md): state CONNECTING,
 * connecting (attempt 1), open, state OPEN, in this order, with no other
 * state line between them. */
static int
expect_open_sequence (CliRun *run)
{
  int connecting_state = expect_from (run, 0, "state", NULL, NULL);
  int connecting, open, open_state;

  g_assert_cmpstr (json_object_get_string_member (cli_run_event (run, connecting_state), "state"), ==, "CONNECTING");
  g_assert_cmpint (json_object_get_int_member (cli_run_event (run, connecting_state), "ready_state"), ==, 0);
  connecting = expect_from (run, connecting_state, "connecting", "attempt", "1");
  open = expect_from (run, connecting, "open", NULL, NULL);
  open_state = expect_from (run, connecting_state + 1, "state", NULL, NULL);
  g_assert_cmpint (open_state, >, open);
  g_assert_cmpstr (json_object_get_string_member (cli_run_event (run, open_state), "state"), ==, "OPEN");
  g_assert_cmpint (json_object_get_int_member (cli_run_event (run, open_state), "ready_state"), ==, 1);
  return open_state;
}

static void
expect_last_close (CliRun     *run,
                   gint64      code,
                   const char *initiator)
{
  JsonObject *last = cli_run_last (run);

  g_assert_cmpstr (event_name (last), ==, "close");
  g_assert_cmpint (json_object_get_int_member (last, "code"), ==, code);
  if (initiator != NULL)
    g_assert_cmpstr (json_object_get_string_member (last, "initiator"), ==, initiator);
}

static void
expect_one_stderr_line (CliRun *run)
{
  const char *err = cli_run_stderr (run);

  /* One non-empty line: its only newline is the last byte. */
  g_assert_cmpuint (strlen (err), >, 1);
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static SondeDemoServer *
start_demo_server (void)
{
  g_autoptr(SondeDemoServer) server = sonde_demo_server_new ();
  g_autoptr(GError) error = NULL;

  sonde_demo_server_set_push_interval (server, 20);
  g_assert_true (sonde_demo_server_start (server, 0, "/ws", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&server);
}

static SondeTestPeer *
start_test_peer (SondeTestPeerMode mode)
{
  g_autoptr(SondeTestPeer) peer = sonde_test_peer_new (mode);
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_test_peer_start (peer, 0, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&peer);
}

static void
process_exited_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

/* Sends SIGTERM and waits for the process to end. */
static void
terminate (GSubprocess *process)
{
  gboolean exited = FALSE;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, process_exited_cb, &exited);
  g_assert_true (sonde_test_wait_for (exited, WAIT_MS));
}

static char *
refused_url (void)
{
  return g_strdup_printf ("ws://127.0.0.1:%u/ws", sonde_test_free_port ());
}

static char *
read_lines_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

static char *
joined_lines (CliRun *run)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < run->lines->len; i++)
    g_string_append_printf (s, "%s\n", (char *) run->lines->pdata[i]);
  return g_string_free (s, FALSE);
}

/* ---- connect: normal runs ---- */

static void
test_connect_count (void)
{
  g_autoptr(SondeDemoServer) server = start_demo_server ();
  g_autoptr(CliRun) run = NULL;
  const char *url = sonde_demo_server_get_url (server);
  int open;

  run = cli_run_start ("connect", "--count", "3", url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  open = expect_open_sequence (run);
  g_assert_cmpuint (cli_run_count (run, "message", "direction", "in"), >=, 3);
  g_assert_cmpint (cli_run_index (run, open, "message", "direction", "in"), >, open);
  g_assert_cmpstr (json_object_get_string_member (cli_run_event (run, open), "connection"), ==, url);
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");
  g_assert_true (json_object_get_boolean_member (cli_run_last (run), "clean"));
  g_assert_cmpuint (cli_run_count (run, "close", NULL, NULL), ==, 1);
  sonde_demo_server_stop (server);
}

static void
test_connect_python_peer (void)
{
  const char * const peer_args[] = { "--push", "5", "--push-interval", "20", NULL };
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  peer = sonde_test_spawn_python_peer (peer_args, &url, &error);
  g_assert_no_error (error);

  run = cli_run_start ("connect", "--count", "3", url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  expect_open_sequence (run);
  g_assert_cmpuint (cli_run_count (run, "message", "direction", "in"), >=, 3);
  g_assert_cmpint (cli_run_index (run, 0, "message", "text", "push 1"), >=, 0);
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");
  terminate (peer);
}

static void
test_connect_refused (void)
{
  g_autofree char *url = refused_url ();
  g_autoptr(CliRun) run = NULL;
  g_autofree char *message = NULL;
  int error_index;

  run = cli_run_start ("connect", url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 1);

  error_index = expect_from (run, 0, "error", NULL, NULL);
  message = g_ascii_strdown (json_object_get_string_member (cli_run_event (run, error_index), "message"), -1);
  g_assert_nonnull (strstr (message, "refused"));
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_ABNORMAL, NULL);
  g_assert_false (json_object_get_boolean_member (cli_run_last (run), "clean"));
  g_assert_cmpint (cli_run_index (run, 0, "reconnect", NULL, NULL), ==, -1);
}

static void
test_connect_gave_up (void)
{
  g_autofree char *url = refused_url ();
  g_autoptr(CliRun) run = NULL;
  int gave_up;

  /* 50 ms is the floor of --reconnect-delay. */
  run = cli_run_start ("connect", "--max-attempts", "2", "--reconnect", "--reconnect-delay", "50", url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 1);

  expect_from (run, 0, "connecting", "attempt", "2");
  gave_up = expect_from (run, 0, "gave-up", NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (cli_run_event (run, gave_up), "attempts"), ==, 2);
  g_assert_cmpuint (cli_run_count (run, "connecting", NULL, NULL), ==, 2);
  g_assert_cmpuint (cli_run_count (run, "gave-up", NULL, NULL), ==, 1);
  g_assert_true (cli_run_last (run) == cli_run_event (run, gave_up));
}

/* ---- usage errors ---- */

static void
expect_usage_error (CliRun *run)
{
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 2);
  expect_one_stderr_line (run);
  g_assert_cmpuint (run->lines->len, ==, 0);
}

static void
test_usage_bad_option (void)
{
  g_autoptr(CliRun) run = cli_run_start ("connect", "--bogus", "ws://127.0.0.1:1/ws");

  expect_usage_error (run);
  g_assert_nonnull (strstr (cli_run_stderr (run), "--bogus"));
}

static void
test_usage_bad_url (gconstpointer data)
{
  const char *url = data;
  g_autoptr(CliRun) run = cli_run_start ("connect", url);

  expect_usage_error (run);
  g_assert_nonnull (strstr (cli_run_stderr (run), url));
}

/* More usage errors: each is refused before any connection. */
static const char * const usage_cases[][4] = {
  { "no-url", "connect", NULL },
  { "bad-header", "connect", "--header=no-colon", "ws://127.0.0.1:1/ws" },
  { "bad-reply-pattern", "connect", "--heartbeat-reply=(", "ws://127.0.0.1:1/ws" },
  { "negative-count", "connect", "--count=-5", "ws://127.0.0.1:1/ws" },
  { "two-urls", "connect", "ws://127.0.0.1:1/ws", "ws://127.0.0.1:2/ws" },
  { "max-payload-zero", "connect", "--max-payload=0", "ws://127.0.0.1:1/ws" },
  { "unknown-command", "listen", NULL },
};

static void
test_usage_table (gconstpointer data)
{
  const char * const *row = data;
  const char *args[4] = { row[1], row[2], row[3], NULL };
  g_autoptr(CliRun) run = cli_run_startv (FALSE, args);

  expect_usage_error (run);
}

static void
test_usage_corrupt_profile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_autoptr(CliRun) run = NULL;

  g_assert_true (g_file_set_contents (path, "{\"url\": \"ws://127.0.0.1:1/ws\", \"heartbeat\": ", -1, NULL));
  run = cli_run_start ("connect", "--profile", path);
  expect_usage_error (run);
  g_assert_nonnull (strstr (cli_run_stderr (run), path));

  g_unlink (path);
  g_rmdir (dir);
}

/* ---- what is sent ---- */

static void
test_connect_send_order (void)
{
  const char * const peer_args[] = { NULL };
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) in = g_string_new (NULL);

  peer = sonde_test_spawn_python_peer (peer_args, &url, &error);
  g_assert_no_error (error);

  run = cli_run_start ("connect", "--send", "a", "--send", "b", "--send", "c", "--count", "3", url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  /* The peer echoes: what comes back is what arrived, in its order. */
  g_assert_cmpstr (texts_of (run, "out", "user", out), ==, "a|b|c|");
  g_assert_cmpstr (texts_of (run, "in", "user", in), ==, "a|b|c|");
  g_assert_cmpint (expect_from (run, 0, "message", "direction", "out"), >, expect_open_sequence (run));
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");
  terminate (peer);
}

static void
test_connect_login_logout (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;
  SondeTestFrame *login, *logout, *close;
  GPtrArray *frames;
  guint login_at = G_MAXUINT, logout_at = G_MAXUINT, close_at = G_MAXUINT;
  int open, first_out, logout_line;
  const guint8 *payload;
  gsize size;

  /* The peer echoes the login: that is the one inbound message of --count. */
  run = cli_run_start ("connect", "--login", "hello-login", "--logout", "bye", "--count", "1", url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  open = expect_open_sequence (run);
  first_out = expect_from (run, open, "message", "direction", "out");
  g_assert_cmpstr (json_object_get_string_member (cli_run_event (run, first_out), "role"), ==, "login");
  g_assert_cmpstr (json_object_get_string_member (cli_run_event (run, first_out), "text"), ==, "hello-login");
  logout_line = expect_from (run, first_out, "message", "role", "logout");
  g_assert_cmpstr (json_object_get_string_member (cli_run_event (run, logout_line), "text"), ==, "bye");
  g_assert_cmpint (logout_line, <, expect_from (run, 0, "close", NULL, NULL));
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");

  /* On the wire: login first, then "bye", then the close frame with 1000. */
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_frames (peer, OP_CLOSE) > 0, WAIT_MS));
  frames = sonde_test_peer_get_frames (peer);
  for (guint i = 0; i < frames->len; i++)
    {
      SondeTestFrame *frame = frames->pdata[i];
      g_autofree char *text = NULL;

      if (frame->opcode == OP_CLOSE && close_at == G_MAXUINT)
        close_at = i;
      if (frame->opcode != OP_TEXT)
        continue;
      text = g_strndup (g_bytes_get_data (frame->payload, NULL), g_bytes_get_size (frame->payload));
      if (g_str_equal (text, "hello-login") && login_at == G_MAXUINT)
        login_at = i;
      if (g_str_equal (text, "bye") && logout_at == G_MAXUINT)
        logout_at = i;
    }
  g_assert_cmpuint (login_at, <, logout_at);
  g_assert_cmpuint (logout_at, <, close_at);
  g_assert_cmpuint (close_at, <, frames->len);

  login = sonde_test_peer_find_frame (peer, OP_TEXT, 0);
  g_assert_nonnull (login);
  g_assert_cmpuint (g_bytes_get_size (login->payload), ==, strlen ("hello-login"));
  logout = frames->pdata[logout_at];
  g_assert_true (logout->masked);
  close = frames->pdata[close_at];
  payload = g_bytes_get_data (close->payload, &size);
  g_assert_cmpuint (size, >=, 2);
  g_assert_cmpuint ((payload[0] << 8) | payload[1], ==, SOUP_WEBSOCKET_CLOSE_NORMAL);
}

static void
test_connect_stdin (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) wire = g_string_new (NULL);
  const char *input = "one\ntwo\nthree\n";
  GPtrArray *frames;
  gboolean closed_last = FALSE;

  run = cli_run_start_with_stdin ("connect", "--stdin", url);
  /* A few bytes fit in the pipe: the write does not wait for the reader. */
  g_assert_true (g_output_stream_write_all (run->stdin_pipe, input, strlen (input), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (run->stdin_pipe, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
  g_assert_cmpstr (texts_of (run, "out", "user", out), ==, "one|two|three|");
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");

  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_frames (peer, OP_CLOSE) > 0, WAIT_MS));
  frames = sonde_test_peer_get_frames (peer);
  for (guint i = 0; i < frames->len; i++)
    {
      SondeTestFrame *frame = frames->pdata[i];

      if (frame->opcode == OP_TEXT)
        {
          g_string_append_len (wire, g_bytes_get_data (frame->payload, NULL),
                               g_bytes_get_size (frame->payload));
          g_string_append_c (wire, '|');
        }
      closed_last = frame->opcode == OP_CLOSE;
    }
  g_assert_cmpstr (wire->str, ==, "one|two|three|");
  /* The close comes once the outbox is empty, after every line. */
  g_assert_true (closed_last);
}

static void
test_connect_stdin_empty (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GError) error = NULL;
  SondeTestFrame *first, *second;
  int login, logout;

  /* No input at all: the close comes at once after the open, and still
   * after the login that every open sends first. */
  run = cli_run_start_with_stdin ("connect", "--stdin", "--login", "L", "--logout", "B", url);
  g_assert_true (g_output_stream_close (run->stdin_pipe, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  login = expect_from (run, expect_open_sequence (run), "message", "role", "login");
  logout = expect_from (run, login, "message", "role", "logout");
  g_assert_cmpint (logout, <, expect_from (run, 0, "state", "state", "CLOSING"));
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");

  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_frames (peer, OP_CLOSE) > 0, WAIT_MS));
  first = sonde_test_peer_find_frame (peer, OP_TEXT, 0);
  second = sonde_test_peer_find_frame (peer, OP_TEXT, 1);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpmem (g_bytes_get_data (first->payload, NULL), g_bytes_get_size (first->payload), "L", 1);
  g_assert_cmpmem (g_bytes_get_data (second->payload, NULL), g_bytes_get_size (second->payload), "B", 1);
}

static void
test_connect_server_close (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;

  /* A clean close by the server with reconnect off ends with 0. */
  run = cli_run_start ("connect", url);
  cli_run_wait_for_event (run, "open", 0);
  sonde_test_peer_send_close (peer, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "going away");
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "remote");
  g_assert_cmpstr (json_object_get_string_member (cli_run_last (run), "reason"), ==, "going away");
  g_assert_true (json_object_get_boolean_member (cli_run_last (run), "clean"));
}

static void
test_connect_server_drop (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_DROP);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;

  /* The TCP connection cut without a close frame: a failure. */
  run = cli_run_start ("connect", url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 1);

  expect_open_sequence (run);
  expect_from (run, 0, "message", "text", "bye");
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_ABNORMAL, NULL);
  g_assert_false (json_object_get_boolean_member (cli_run_last (run), "clean"));
}

/* ---- how it ends ---- */

static void
test_connect_sigterm_record (void)
{
  g_autoptr(SondeDemoServer) server = start_demo_server ();
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "record.ndjson", NULL);
  g_autofree char *recorded = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(CliRun) run = NULL;

  run = cli_run_start ("connect", "--record", path, sonde_demo_server_get_url (server));
  cli_run_wait_for_event (run, "open", 0);
  /* Let some traffic flow first: the demo server pushes every 20 ms. */
  g_assert_true (sonde_test_wait_for (cli_run_count (run, "message", "direction", "in") >= 2 || run->stdout_done,
                                      WAIT_MS));
  g_subprocess_send_signal (run->process, SIGTERM);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");
  printed = joined_lines (run);
  recorded = read_lines_file (path);
  g_assert_cmpstr (recorded, ==, printed);

  g_unlink (path);
  g_rmdir (dir);
  sonde_demo_server_stop (server);
}

static void
test_connect_duration (void)
{
  g_autoptr(SondeDemoServer) server = start_demo_server ();
  g_autoptr(CliRun) run = NULL;

  run = cli_run_start ("connect", "--duration", "300", sonde_demo_server_get_url (server));
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  expect_open_sequence (run);
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");
  /* Only a lower bound: the timer runs in the child from its start. */
  g_assert_cmpint ((run->ended - run->started) / 1000, >=, 300);
  sonde_demo_server_stop (server);
}

static void
test_connect_quiet (void)
{
  g_autoptr(SondeDemoServer) server = start_demo_server ();
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "record.ndjson", NULL);
  g_autofree char *recorded = NULL;
  g_autoptr(CliRun) run = NULL;

  run = cli_run_start ("connect", "-q", "--count", "1", "--record", path,
                       sonde_demo_server_get_url (server));
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
  g_assert_cmpuint (run->lines->len, ==, 0);
  g_assert_cmpstr (cli_run_stderr (run), ==, "");

  /* It still ran: the recording has the whole story. */
  recorded = read_lines_file (path);
  g_assert_nonnull (strstr (recorded, "\"event\":\"open\""));
  g_assert_nonnull (strstr (recorded, "\"event\":\"close\""));

  g_unlink (path);
  g_rmdir (dir);
  sonde_demo_server_stop (server);
}

/* ---- profiles ---- */

static char *
write_profile (const char *dir,
               const char *name,
               const char *json)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

static void
test_connect_profile (void)
{
  g_autoptr(SondeDemoServer) server = start_demo_server ();
  const char *url = sonde_demo_server_get_url (server);
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *other_url = refused_url ();
  g_autofree char *json = NULL;
  g_autofree char *json_other = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path_other = NULL;
  g_autoptr(GString) logins = g_string_new (NULL);
  g_autoptr(GString) logins_override = g_string_new (NULL);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) override = NULL;
  int connecting;

  /* The profile alone: its url, heartbeat and login are used. */
  json = g_strdup_printf ("{\"name\":\"from-profile\",\"url\":\"%s\",\"heartbeat\":50,"
                          "\"login\":\"profile-login\"}", url);
  path = write_profile (dir, "demo.json", json);
  run = cli_run_start ("connect", "--profile", path, "--duration", "300");
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  connecting = expect_from (run, 0, "connecting", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (cli_run_event (run, connecting), "url"), ==, url);
  for (guint i = 0; i < run->events->len; i++)
    g_assert_cmpstr (json_object_get_string_member (run->events->pdata[i], "connection"), ==, "from-profile");
  g_assert_cmpstr (texts_of (run, "out", "login", logins), ==, "profile-login|");
  g_assert_cmpuint (cli_run_count (run, "message", "role", "heartbeat"), >=, 1);
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");

  /* Options override it: the URL argument and --login win. */
  json_other = g_strdup_printf ("{\"name\":\"other\",\"url\":\"%s\",\"heartbeat\":50,"
                                "\"login\":\"profile-login\"}", other_url);
  path_other = write_profile (dir, "other.json", json_other);
  override = cli_run_start ("connect", "--profile", path_other, "--login", "cli-login",
                            "--heartbeat", "0", "--count", "1", url);
  g_assert_cmpint (cli_run_wait (override, RUN_MS), ==, 0);

  connecting = expect_from (override, 0, "connecting", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (cli_run_event (override, connecting), "url"), ==, url);
  g_assert_cmpstr (texts_of (override, "out", "login", logins_override), ==, "cli-login|");
  g_assert_cmpuint (cli_run_count (override, "message", "role", "heartbeat"), ==, 0);
  expect_last_close (override, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");

  g_unlink (path);
  g_unlink (path_other);
  g_rmdir (dir);
  sonde_demo_server_stop (server);
}

/* ---- reliability ---- */

static void
test_connect_heartbeat_reconnect (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_SILENT);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;
  JsonObject *close, *reconnect;
  int i;

  run = cli_run_start ("connect", "--heartbeat", "200", "--heartbeat-timeout", "300",
                       "--reconnect", "--reconnect-delay", "100", url);
  cli_run_wait_for_event (run, "open", 1);

  i = expect_open_sequence (run);
  i = expect_from (run, i, "heartbeat-missed", "missed", "1");
  i = expect_from (run, i, "heartbeat-missed", "missed", "2");
  i = expect_from (run, i, "close", NULL, NULL);
  close = cli_run_event (run, i);
  g_assert_cmpint (json_object_get_int_member (close, "code"), ==, SOUP_WEBSOCKET_CLOSE_ABNORMAL);
  g_assert_cmpstr (json_object_get_string_member (close, "initiator"), ==, "none");
  g_assert_cmpstr (json_object_get_string_member (close, "reason"), ==, "heartbeat timeout");
  g_assert_false (json_object_get_boolean_member (close, "clean"));
  i = expect_from (run, i, "reconnect", NULL, NULL);
  reconnect = cli_run_event (run, i);
  g_assert_true (json_object_has_member (reconnect, "delay_ms"));
  g_assert_cmpint (json_object_get_int_member (reconnect, "delay_ms"), >, 0);
  i = expect_from (run, i, "connecting", "attempt", "2");
  expect_from (run, i, "open", NULL, NULL);
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (peer), ==, 2);

  /* SIGTERM: a user close. The silent peer never answers the close frame
   * (libsoup would wait 5 s for it), so it is cut once the frame is out. */
  g_subprocess_send_signal (run->process, SIGTERM);
  g_assert_true (sonde_test_wait_for (cli_run_index (run, i, "state", "state", "CLOSING") >= 0 ||
                                      run->stdout_done, WAIT_MS));
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_frames (peer, OP_CLOSE) > 0, WAIT_MS));
  sonde_test_peer_stop (peer);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
  g_assert_cmpstr (event_name (cli_run_last (run)), ==, "close");
  g_assert_cmpstr (json_object_get_string_member (cli_run_last (run), "initiator"), ==, "local");
  g_assert_cmpint (cli_run_index (run, i, "reconnect", NULL, NULL), ==, -1);
}

static void
test_connect_sigterm_twice (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_SILENT);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;
  gint64 signalled;

  run = cli_run_start ("connect", url);
  cli_run_wait_for_event (run, "open", 0);

  /* The peer never answers the close: a second signal means "now". */
  g_subprocess_send_signal (run->process, SIGTERM);
  g_assert_true (sonde_test_wait_for (cli_run_index (run, 0, "state", "state", "CLOSING") >= 0, WAIT_MS));
  signalled = g_get_monotonic_time ();
  g_subprocess_send_signal (run->process, SIGTERM);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
  /* Well before libsoup's own 5 s wait for the peer's close frame. */
  g_assert_cmpint ((run->ended - signalled) / 1000, <, 3000);
  sonde_test_peer_stop (peer);
}

/* ---- hostile peers and hostile input (issue 11) ---- */

static void blocked_exit_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);

/* A full disk under --record: an error event, a stderr line, the
 * connection goes on, and the exit status says it failed. */
static void
test_connect_record_full (void)
{
  g_autoptr(SondeDemoServer) server = start_demo_server ();
  g_autoptr(CliRun) run = NULL;
  int error;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  run = cli_run_start ("connect", "--count", "2", "--record", "/dev/full",
                       sonde_demo_server_get_url (server));
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 1);

  error = expect_from (run, 0, "error", NULL, NULL);
  g_assert_nonnull (strstr (json_object_get_string_member (cli_run_event (run, error), "message"),
                            "Recording stopped"));
  g_assert_nonnull (strstr (json_object_get_string_member (cli_run_event (run, error), "message"),
                            "/dev/full"));
  g_assert_cmpint (json_object_get_int_member (cli_run_event (run, error), "code"), ==, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (cli_run_stderr (run), "Recording stopped"));
  /* The connection went on to its --count and closed as usual; the
   * recording failed when its buffer was first written out. */
  g_assert_cmpuint (cli_run_count (run, "message", "direction", "in"), >=, 2);
  g_assert_cmpuint (cli_run_count (run, "close", "code", "1000"), ==, 1);
  g_assert_cmpuint (cli_run_count (run, "error", NULL, NULL), ==, 1);
  sonde_demo_server_stop (server);
}

/* Secrets in the URL stay out of every line and file; the recording is
 * its owner's only. */
static void
test_connect_record_private (void)
{
  g_autoptr(SondeDemoServer) server = start_demo_server ();
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "record.ndjson", NULL);
  g_autoptr(GUri) demo = g_uri_parse (sonde_demo_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(CliRun) run = NULL;
  GStatBuf st;
  int connecting;

  url = g_strdup_printf ("ws://alice:s3cr3t-pw@127.0.0.1:%d/ws?room=7&access_token=t0k3n&API_KEY=k3y",
                         g_uri_get_port (demo));
  expected = g_strdup_printf ("ws://alice:\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2@127.0.0.1:%d/ws?room=7"
                              "&access_token=\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"
                              "&API_KEY=\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2",
                              g_uri_get_port (demo));
  run = cli_run_start ("connect", "--count", "1", "--record", path, url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  connecting = expect_from (run, 0, "connecting", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (cli_run_event (run, connecting), "url"), ==, expected);
  g_assert_cmpstr (json_object_get_string_member (cli_run_event (run, connecting), "connection"), ==, expected);

  printed = joined_lines (run);
  recorded = read_lines_file (path);
  for (const char * const *secret = (const char * const []) { "s3cr3t", "t0k3n", "k3y", NULL }; *secret; secret++)
    {
      g_assert_null (strstr (printed, *secret));
      g_assert_null (strstr (recorded, *secret));
      g_assert_null (strstr (cli_run_stderr (run), *secret));
    }
  g_assert_nonnull (strstr (recorded, "room=7"));

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_unlink (path);
  g_rmdir (dir);
  sonde_demo_server_stop (server);
}

/* A real small disk: a 16 KiB tmpfs, mounted in a user and mount
 * namespace of the child's own (unshare -rm), fills up in the middle of a
 * write. The recording ends on its last whole line, and the exit status
 * says it failed. Skipped where unprivileged namespaces are not allowed. */
static void
test_connect_record_tmpfs (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *mnt = g_build_filename (dir, "disk", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.ndjson", NULL);
  g_autofree char *script = NULL;
  g_autofree char *line = g_strnfill (200, 'x');
  g_autofree char *contents = NULL;
  g_autoptr(GSubprocess) probe = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 exited = 0;
  gsize length = 0;
  guint n_lines = 0;

  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  probe = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL,
                            "unshare", "-rm", "mount", "-t", "tmpfs", "-o", "size=16k", "none", mnt, NULL);
  if (probe == NULL || !g_subprocess_wait_check (probe, NULL, NULL))
    {
      g_test_skip ("no unprivileged mount namespace for a tmpfs");
      g_rmdir (mnt);
      g_rmdir (dir);
      return;
    }

  /* The file lives on the tmpfs, gone with the namespace: copy it out. */
  script = g_strdup_printf ("mount -t tmpfs -o size=16k none '%s' || exit 99; "
                            "\"$0\" connect --count 300 --record '%s/rec.ndjson' '%s'; s=$?; "
                            "cp '%s/rec.ndjson' '%s'; exit $s",
                            mnt, mnt, url, mnt, copy);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "unshare", "-rm", "sh", "-c", script, g_getenv ("SONDE_CLI"), NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, blocked_exit_cb, &exited);

  /* 300 messages of 200 bytes: about 100 KB of events for 16 KiB. */
  g_assert_true (sonde_test_wait_for (sonde_test_peer_get_n_open (peer) > 0 || exited, WAIT_MS));
  sonde_test_spin_for (100);
  for (guint i = 0; i < 300; i++)
    sonde_test_peer_send_text (peer, line);
  g_assert_true (sonde_test_wait_for (exited != 0, RUN_MS));
  g_assert_true (g_subprocess_get_if_exited (process));
  err = g_input_stream_read_bytes (g_subprocess_get_stderr_pipe (process), 65536, NULL, &error);
  g_test_message ("err: %.*s", (int) g_bytes_get_size (err), (const char *) g_bytes_get_data (err, NULL));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (err, NULL), g_bytes_get_size (err), "Recording stopped"));

  g_assert_true (g_file_get_contents (copy, &contents, &length, &error));
  g_test_message ("%zu bytes on the 16 KiB disk", length);
  g_assert_cmpuint (length, >, 0);
  g_assert_cmpuint (length, <=, 16384);
  g_assert_cmpint (contents[length - 1], ==, '\n');
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      n_lines++;
    }
  g_assert_cmpuint (n_lines, >, 10);

  g_unlink (copy);
  g_rmdir (mnt);
  g_rmdir (dir);
  sonde_test_peer_stop (peer);
}

/* An invalid close code from the server: a protocol error, exit 1. */
static void
test_connect_invalid_close (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  static const guint8 close_999[] = { 0x03, 0xe7, 'b', 'y', 'e' };
  g_autoptr(GBytes) frame = sonde_test_frame_new (0x88, close_999, sizeof close_999);
  g_autoptr(CliRun) run = NULL;
  int error;

  run = cli_run_start ("connect", url);
  cli_run_wait_for_event (run, "open", 0);
  sonde_test_peer_send_raw (peer, frame);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 1);

  error = expect_from (run, 0, "error", "code", "1002");
  g_assert_nonnull (strstr (json_object_get_string_member (cli_run_event (run, error), "message"), "999"));
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR, NULL);
  g_assert_false (json_object_get_boolean_member (cli_run_last (run), "clean"));
}

/* A --stdin line with a NUL goes out whole. */
static void
test_connect_stdin_nul (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GError) error = NULL;
  static const char input[] = "before\0after\n";
  SondeTestFrame *frame;
  int out;

  run = cli_run_start_with_stdin ("connect", "--stdin", url);
  g_assert_true (g_output_stream_write_all (run->stdin_pipe, input, sizeof input - 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (run->stdin_pipe, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  out = expect_from (run, 0, "message", "direction", "out");
  g_assert_cmpint (json_object_get_int_member (cli_run_event (run, out), "size"), ==, 12);
  g_assert_nonnull (strstr (run->lines->pdata[out], "\"text\":\"before\\u0000after\""));
  frame = sonde_test_peer_find_frame (peer, OP_TEXT, 0);
  g_assert_nonnull (frame);
  g_assert_cmpmem (g_bytes_get_data (frame->payload, NULL), g_bytes_get_size (frame->payload),
                   "before\0after", 12);
}

/* SIGTERM while messages wait in the outbox: one `unsent` event with
 * them, on standard output and in the recording. */
static void
test_connect_unsent (void)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", sonde_test_free_port ());
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "record.ndjson", NULL);
  g_autofree char *recorded = NULL;
  g_autoptr(CliRun) run = NULL;
  JsonObject *unsent;
  JsonArray *messages;

  run = cli_run_start ("connect", "--reconnect", "--reconnect-delay", "50", "--send", "one",
                       "--send", "two", "--record", path, url);
  cli_run_wait_for_event (run, "reconnect", 0);
  g_subprocess_send_signal (run->process, SIGTERM);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  g_assert_cmpuint (cli_run_count (run, "queued", NULL, NULL), ==, 2);
  g_assert_cmpuint (cli_run_count (run, "unsent", NULL, NULL), ==, 1);
  unsent = cli_run_event (run, expect_from (run, 0, "unsent", NULL, NULL));
  g_assert_cmpint (json_object_get_int_member (unsent, "count"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (unsent, "bytes"), ==, 6);
  messages = json_object_get_array_member (unsent, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "text"), ==, "one");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "text"), ==, "two");

  recorded = read_lines_file (path);
  g_assert_nonnull (strstr (recorded, "\"event\":\"unsent\""));
  g_assert_nonnull (strstr (recorded, "\"text\":\"two\""));

  g_unlink (path);
  g_rmdir (dir);
}

static void
blocked_exit_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gint64 *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = g_get_monotonic_time ();
}

/* Standard output is a pipe that nobody reads (a paused pager): the
 * heartbeat goes on, SIGTERM ends the program at once, and what could not
 * be written is said on standard error. */
static void
test_connect_blocked_stdout (gconstpointer data)
{
  gboolean terminal = GPOINTER_TO_INT (data);
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new ((terminal ? 0 : G_SUBPROCESS_FLAGS_STDOUT_PIPE) | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  int master = -1;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autofree char *line = g_strnfill (300, 'x');
  g_autofree char *err_text = NULL;
  gint64 exited = 0, signalled;
  guint beats;

  if (terminal)
    {
      /* A terminal that nobody reads (a stopped terminal, a pager that
       * does not read): the test holds the master side and never reads. */
      int slave = -1;

      g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
      g_subprocess_launcher_take_stdout_fd (launcher, slave);
    }
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SONDE_CLI"), "connect",
                                         "--heartbeat", "50", "--heartbeat-message", "hb", url, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, blocked_exit_cb, &exited);

  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_frames (peer, OP_TEXT) > 0 || exited, WAIT_MS));
  /* About 1.5 MB of events: far more than the pipe holds. */
  for (guint i = 0; i < 3000; i++)
    sonde_test_peer_send_text (peer, line);
  sonde_test_spin_for (300);

  /* The heartbeat still runs. */
  beats = sonde_test_peer_count_frames (peer, OP_TEXT);
  if (!sonde_test_wait_for (sonde_test_peer_count_frames (peer, OP_TEXT) >= beats + 3 || exited, WAIT_MS) || exited)
    g_error ("the heartbeat stopped while standard output was blocked (%u beats)", beats);

  signalled = g_get_monotonic_time ();
  g_subprocess_send_signal (process, SIGTERM);
  if (!sonde_test_wait_for (exited != 0, WAIT_MS))
    g_error ("sonde-cli did not end after SIGTERM with a blocked standard output");
  g_test_message ("ended %" G_GINT64_FORMAT " ms after SIGTERM", (exited - signalled) / 1000);
  g_assert_cmpint ((exited - signalled) / 1000, <, 2000);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);

  err = g_input_stream_read_bytes (g_subprocess_get_stderr_pipe (process), 65536, NULL, &error);
  g_assert_no_error (error);
  err_text = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  g_test_message ("err: %s", err_text);
  g_assert_nonnull (strstr (err_text, "could not be written"));
  if (master >= 0)
    close (master);
  sonde_test_peer_stop (peer);
}

/* One SIGTERM and a peer that never answers the close frame: the
 * program still ends within a second. */
static void
test_connect_sigterm_silent (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_SILENT);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;
  gint64 signalled;

  run = cli_run_start ("connect", url);
  cli_run_wait_for_event (run, "open", 0);
  signalled = g_get_monotonic_time ();
  g_subprocess_send_signal (run->process, SIGTERM);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
  g_test_message ("ended %" G_GINT64_FORMAT " ms after SIGTERM", (run->ended - signalled) / 1000);
  g_assert_cmpint ((run->ended - signalled) / 1000, <, 1500);
  /* The close was under way: logout and close frame first. */
  g_assert_cmpint (cli_run_index (run, 0, "state", "state", "CLOSING"), >=, 0);
  sonde_test_peer_stop (peer);
}

/* ---- serve ---- */

static void
first_line_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  char **line = user_data;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  if (*line == NULL)
    *line = g_strdup ("");
}

static void
finished_cb (SondeConnection *connection,
             gboolean         success,
             gboolean        *finished)
{
  *finished = TRUE;
}

static gboolean
recorder_has_text (SondeTestRecorder *recorder,
                   const char        *direction,
                   const char        *text)
{
  for (guint i = 0; i < recorder->events->len; i++)
    {
      SondeEvent *event = recorder->events->pdata[i];

      if (g_str_equal (sonde_event_get_name (event), SONDE_EVENT_MESSAGE) &&
          g_strcmp0 (sonde_event_get_string (event, "direction"), direction) == 0 &&
          g_strcmp0 (sonde_event_get_string (event, "text"), text) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_serve (void)
{
  const char *cli = g_getenv ("SONDE_CLI");
  g_autoptr(GSubprocess) serve = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeConnection) connection = NULL;
  g_autoptr(SondeTestRecorder) recorder = NULL;
  g_autofree char *url = NULL;
  gboolean finished = FALSE;

  serve = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, cli, "serve", "--port", "0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (serve));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, first_line_cb, &url);
  g_assert_true (sonde_test_wait_for (url != NULL, WAIT_MS));

  g_assert_true (g_str_has_prefix (url, "ws://127.0.0.1:"));
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_uri_get_port (uri), >, 0);

  /* A Sonde client talks to it: the demo server echoes plain text. */
  sonde_profile_set_url (profile, url);
  connection = sonde_connection_new (profile);
  recorder = sonde_test_recorder_new (connection);
  g_signal_connect (connection, "finished", G_CALLBACK (finished_cb), &finished);
  g_assert_true (sonde_connection_connect (connection, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_test_wait_for (sonde_connection_get_state (connection) == SONDE_STATE_OPEN, WAIT_MS));
  g_assert_true (sonde_connection_send_text (connection, "hello serve", NULL));
  g_assert_true (sonde_test_wait_for (recorder_has_text (recorder, "in", "hello serve"), WAIT_MS));
  sonde_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_assert_true (sonde_test_wait_for (finished, WAIT_MS));
  g_assert_cmpint (sonde_event_get_int (sonde_test_recorder_last (recorder, SONDE_EVENT_CLOSE), "code", -1), ==, SOUP_WEBSOCKET_CLOSE_NORMAL);

  terminate (serve);
  g_assert_true (g_subprocess_get_if_exited (serve));
  g_assert_cmpint (g_subprocess_get_exit_status (serve), ==, 0);
}

/* ---- replay ---- */

typedef struct
{
  GOutputStream *pipe;
  const char    *line;
} TimedLine;

static gboolean
write_timed_line_cb (gpointer data)
{
  TimedLine *timed = data;
  g_autofree char *line = g_strdup_printf ("%s\n", timed->line);

  g_assert_true (g_output_stream_write_all (timed->pipe, line, strlen (line), NULL, NULL, NULL));
  return G_SOURCE_REMOVE;
}

static gboolean
close_pipe_cb (gpointer data)
{
  g_assert_true (g_output_stream_close (data, NULL, NULL));
  return G_SOURCE_REMOVE;
}

/* Milliseconds since the epoch of an RFC 3339 time of events.md. */
static double
time_ms (const char *time)
{
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (time, NULL);

  g_assert_nonnull (parsed);
  return g_date_time_to_unix (parsed) * 1000.0 + g_date_time_get_microsecond (parsed) / 1000.0;
}

/* The outbound user messages of a recording: texts, times, seqs. */
static void
recorded_sends (const char *path,
                GPtrArray  *texts,
                GArray     *times,
                GArray     *seqs)
{
  g_autofree char *contents = read_lines_file (path);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *o;
      double t;
      gint64 seq;

      if (lines[i][0] == '\0')
        continue;
      node = json_from_string (lines[i], NULL);
      g_assert_nonnull (node);
      o = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member (o, "event"), "message") != 0 ||
          g_strcmp0 (json_object_get_string_member (o, "direction"), "out") != 0 ||
          json_object_has_member (o, "role"))
        continue;
      g_ptr_array_add (texts, g_strdup (json_object_get_string_member (o, "text")));
      t = time_ms (json_object_get_string_member (o, "time"));
      seq = json_object_get_int_member (o, "seq");
      g_array_append_val (times, t);
      g_array_append_val (seqs, seq);
    }
}

/* What ws_peer.py --received-log wrote: the server's own clock (ms) and
 * the text of each message it received. */
static void
received_log (const char *path,
              GPtrArray  *texts,
              GArray     *times)
{
  g_autofree char *contents = read_lines_file (path);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');
      double t;

      if (tab == NULL)
        continue;
      *tab = '\0';
      t = g_ascii_strtod (lines[i], NULL);
      g_array_append_val (times, t);
      g_ptr_array_add (texts, g_strdup (tab + 1));
    }
}

/* A session recorded by `sonde-cli connect --record` (lines typed with
 * gaps) and replayed, to the recording's own URL: the server receives the
 * same texts in the same order, with the same gaps within a tolerance far
 * above the timer's (the bench measures the real accuracy), and each sent
 * line names the recorded line it replays. */
static void
test_replay_timing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *received = g_build_filename (dir, "received.log", NULL);
  g_autofree char *record = g_build_filename (dir, "session.ndjson", NULL);
  const char *peer_args[] = { "--received-log", received, NULL };
  static const char *texts[] = { "first", "{\"op\":\"sub\",\"id\":1}", "third", "fourth", "fifth" };
  static const guint offsets[] = { 0, 90, 230, 260, 420 };
  TimedLine timed[G_N_ELEMENTS (texts)];
  g_autoptr(GSubprocess) peer = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) sent_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sent_seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) got_times = g_array_new (FALSE, FALSE, sizeof (double));
  guint replayed = 0;

  peer = sonde_test_spawn_python_peer (peer_args, &url, &error);
  g_assert_no_error (error);

  {
    g_autoptr(CliRun) run = cli_run_start_with_stdin ("connect", "--stdin", "-q", "--record", record, url);

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        timed[i].pipe = run->stdin_pipe;
        timed[i].line = texts[i];
        g_timeout_add (offsets[i], write_timed_line_cb, &timed[i]);
      }
    g_timeout_add (offsets[G_N_ELEMENTS (offsets) - 1] + 50, close_pipe_cb, run->stdin_pipe);
    g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
  }
  recorded_sends (record, sent, sent_times, sent_seqs);
  g_assert_cmpuint (sent->len, ==, G_N_ELEMENTS (texts));
  g_assert_cmpint (g_unlink (received), ==, 0);

  {
    g_autoptr(CliRun) run = cli_run_start ("replay", "--linger", "200", record);

    g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
    expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");
    for (guint i = 0; i < run->events->len; i++)
      {
        JsonObject *o = run->events->pdata[i];

        if (g_str_equal (event_name (o), "message") &&
            g_str_equal (json_object_get_string_member (o, "direction"), "out"))
          {
            g_assert_cmpuint (replayed, <, sent->len);
            g_assert_cmpstr (json_object_get_string_member (o, "text"), ==, sent->pdata[replayed]);
            g_assert_cmpint (json_object_get_int_member (o, "replay_of"), ==,
                             g_array_index (sent_seqs, gint64, replayed));
            replayed++;
          }
      }
    g_assert_cmpuint (replayed, ==, sent->len);
  }

  received_log (received, got, got_times);
  g_assert_cmpuint (got->len, ==, sent->len);
  for (guint i = 0; i < got->len; i++)
    {
      g_assert_cmpstr (got->pdata[i], ==, sent->pdata[i]);
      if (i > 0)
        {
          double recorded = g_array_index (sent_times, double, i) - g_array_index (sent_times, double, i - 1);
          double seen = g_array_index (got_times, double, i) - g_array_index (got_times, double, i - 1);

          g_assert_cmpfloat (fabs (seen - recorded), <, 40);
        }
    }

  terminate (peer);
  g_assert_cmpint (g_unlink (received), ==, 0);
  g_assert_cmpint (g_unlink (record), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Writes a recording of @n outbound texts "r0".."r(n-1)", @gap_ms apart. */
static char *
write_recording (const char *dir,
                 const char *url,
                 guint       n,
                 guint       gap_ms)
{
  char *path = g_build_filename (dir, "hand.ndjson", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_string_append_printf (text, "{\"time\":\"2026-12-01T10:00:00.000Z\",\"event\":\"connecting\",\"connection\":\"c\",\"seq\":1,\"url\":\"%s\",\"attempt\":1}\n", url);
  for (guint i = 0; i < n; i++)
    {
      guint ms = 100 + i * gap_ms;

      g_string_append_printf (text, "{\"time\":\"2026-12-01T10:00:%02u.%03uZ\",\"event\":\"message\",\"connection\":\"c\",\"seq\":%u,"
                                    "\"direction\":\"out\",\"kind\":\"text\",\"size\":2,\"text\":\"r%u\"}\n",
                              ms / 1000, ms % 1000, i + 2, i);
    }
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The server goes away in the middle of a replay and comes back: the
 * reconnect policy and the outbox apply, every message arrives once, in
 * order. */
static void
test_replay_server_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autoptr(SondeTestPeer) first = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autoptr(SondeTestPeer) second = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (first);
  g_autofree char *path = write_recording (dir, url, 8, 80);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(CliRun) run = NULL;
  guint port = sonde_test_peer_get_port (first);

  run = cli_run_start ("replay", "--reconnect", "--reconnect-delay", "100", "--linger", "200", path);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_frames (first, OP_TEXT) >= 3, WAIT_MS));
  sonde_test_peer_stop (first);
  /* The second server takes the same port once the client saw the drop. */
  g_assert_true (sonde_test_wait_for (cli_run_count (run, "close", NULL, NULL) >= 1, WAIT_MS));
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (sonde_test_peer_start (second, port, &error));
    g_assert_no_error (error);
  }

  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
  {
    g_autofree char *first_texts = sonde_test_peer_dup_texts (first);
    g_autofree char *second_texts = sonde_test_peer_dup_texts (second);

    g_string_append (all, first_texts);
    g_string_append (all, second_texts);
  }
  g_assert_cmpstr (all->str, ==, "r0|r1|r2|r3|r4|r5|r6|r7|");
  g_assert_cmpint (cli_run_count (run, "reconnect", NULL, NULL), >=, 1);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A recording with a line that does not parse is refused whole, naming
 * the line; nothing is sent. */
static void
test_replay_corrupt (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autofree char *path = write_recording (dir, url, 4, 10);
  g_autofree char *contents = read_lines_file (path);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  g_autofree char *corrupt = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GError) error = NULL;

  /* Line 3 cut in half. */
  lines[2][strlen (lines[2]) / 2] = '\0';
  corrupt = g_strjoinv ("\n", lines);
  g_file_set_contents (path, corrupt, -1, &error);
  g_assert_no_error (error);

  run = cli_run_start ("replay", path, url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 2);
  g_assert_cmpuint (run->lines->len, ==, 0);
  expect_one_stderr_line (run);
  g_assert_nonnull (strstr (cli_run_stderr (run), "hand.ndjson:3:"));
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (peer), ==, 0);

  g_clear_pointer (&run, cli_run_free);
  run = cli_run_start ("replay", "--speed", "-1", path, url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 2);
  g_assert_nonnull (strstr (cli_run_stderr (run), "--speed"));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Only the user's messages by default; --all-roles sends the recorded
 * login and heartbeat as such; --speed 0 sends at once. */
static void
test_replay_roles (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "roles.ndjson", NULL);
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(GString) wire = g_string_new (NULL);
  g_autoptr(GString) roles = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *recording =
    "{\"time\":\"2026-12-01T10:00:00.000Z\",\"event\":\"message\",\"connection\":\"c\",\"seq\":5,\"direction\":\"out\",\"kind\":\"text\",\"size\":5,\"role\":\"login\",\"text\":\"login\"}\n"
    "{\"time\":\"2026-12-01T10:00:30.000Z\",\"event\":\"message\",\"connection\":\"c\",\"seq\":6,\"direction\":\"out\",\"kind\":\"text\",\"size\":4,\"text\":\"work\"}\n"
    "{\"time\":\"2026-12-01T10:00:31.000Z\",\"event\":\"message\",\"connection\":\"c\",\"seq\":7,\"direction\":\"in\",\"kind\":\"text\",\"size\":4,\"text\":\"work\"}\n"
    "{\"time\":\"2026-12-01T10:01:00.000Z\",\"event\":\"message\",\"connection\":\"c\",\"seq\":8,\"direction\":\"out\",\"kind\":\"text\",\"size\":18,\"role\":\"heartbeat\",\"text\":\"heart-check-mobile\"}\n";

  g_file_set_contents (path, recording, -1, &error);
  g_assert_no_error (error);

  {
    g_autoptr(CliRun) run = cli_run_start ("replay", "--speed", "0", "--linger", "100", path, url);

    g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
    g_assert_cmpstr (texts_of (run, "out", "user", wire), ==, "work|");
  }
  g_string_truncate (wire, 0);
  {
    g_autoptr(CliRun) run = cli_run_start ("replay", "--all-roles", "--speed", "0", "--linger", "100", path, url);

    g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
    g_assert_cmpstr (texts_of (run, "out", "login", wire), ==, "login|");
    g_assert_cmpstr (texts_of (run, "out", "user", wire), ==, "login|work|");
    g_assert_cmpstr (texts_of (run, "out", "heartbeat", roles), ==, "heart-check-mobile|");
  }
  {
    g_autofree char *texts = sonde_test_peer_dup_texts (peer);

    g_string_append (wire, texts);
  }
  g_assert_cmpstr (wire->str, ==, "login|work|work|login|work|heart-check-mobile|");

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* `connect --pair-by id --stdin` against python3-websockets answering
 * JSON requests: the reply names its request with its latency, the request
 * that gets no answer a no-reply, and the end of input waits for both. */
static void
test_connect_pairing (void)
{
  const char *peer_args[] = { "--rpc", "id", NULL };
  g_autoptr(GSubprocess) peer = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CliRun) run = NULL;
  const char *input = "{\"id\":7,\"delay_ms\":60}\n{\"id\":8,\"method\":\"ignore\"}\nnot json\n";
  JsonObject *reply, *no_reply;
  int request, ignored;

  peer = sonde_test_spawn_python_peer (peer_args, &url, &error);
  g_assert_no_error (error);
  run = cli_run_start_with_stdin ("connect", "--stdin", "--pair-by", "id", "--pair-timeout", "300", url);
  g_assert_true (g_output_stream_write_all (run->stdin_pipe, input, strlen (input), NULL, NULL, &error));
  g_assert_true (g_output_stream_close (run->stdin_pipe, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);

  request = cli_run_index (run, 0, "message", "text", "{\"id\":7,\"delay_ms\":60}");
  ignored = cli_run_index (run, 0, "message", "text", "{\"id\":8,\"method\":\"ignore\"}");
  g_assert_cmpint (request, >=, 0);
  g_assert_cmpint (ignored, >=, 0);
  reply = cli_run_event (run, cli_run_index (run, 0, "message", "text", "{\"reply\": true, \"id\": 7}"));
  g_assert_cmpint (json_object_get_int_member (reply, "reply_to"), ==,
                   json_object_get_int_member (cli_run_event (run, request), "seq"));
  g_assert_cmpfloat (json_object_get_double_member (reply, "latency_ms"), >=, 60);
  no_reply = cli_run_event (run, cli_run_index (run, 0, "no-reply", NULL, NULL));
  g_assert_cmpint (json_object_get_int_member (no_reply, "request_seq"), ==,
                   json_object_get_int_member (cli_run_event (run, ignored), "seq"));
  /* The close came after both. */
  expect_last_close (run, SOUP_WEBSOCKET_CLOSE_NORMAL, "local");
  terminate (peer);
}

/* ---- hostile input (issue 11): numbers, handshake values, profiles ---- */

/* Each row: a name, the text that the one stderr line must hold, then the
 * arguments of `sonde-cli` (up to 4). */
static const char * const number_cases[][6] = {
  { "heartbeat-misses-1001", "--heartbeat-misses must be between 1 and 1000", "connect", "--heartbeat-misses", "1001", "ws://127.0.0.1:1/ws" },
  { "heartbeat-misses-0", "--heartbeat-misses must be between 1 and 1000", "connect", "--heartbeat-misses=0", "ws://127.0.0.1:1/ws" },
  { "int-min", "--heartbeat must be between 0 and 86400000", "connect", "--heartbeat=-2147483648", "ws://127.0.0.1:1/ws" },
  { "int-min-count", "--count must be between 0 and 2147483647", "connect", "--count=-2147483648", "ws://127.0.0.1:1/ws" },
  { "reconnect-delay-0", "--reconnect-delay must be between 50 and 3600000", "connect", "--reconnect-delay", "0", "ws://127.0.0.1:1/ws" },
  { "reconnect-delay-49", "--reconnect-delay must be between 50 and 3600000", "connect", "--reconnect-delay=49", "ws://127.0.0.1:1/ws" },
  { "reconnect-max-delay-0", "--reconnect-max-delay must be between 50 and 86400000", "connect", "--reconnect-max-delay=0", "ws://127.0.0.1:1/ws" },
  { "ping-huge", "--ping must be between 0 and 86400000", "connect", "--ping=86400001", "ws://127.0.0.1:1/ws" },
  { "count-huge", "--count must be between 0 and 2147483647", "connect", "--count=2147483648", "ws://127.0.0.1:1/ws" },
  { "max-payload-huge", "--max-payload must be between 0 and 2147483647", "connect", "--max-payload=4294967296", "ws://127.0.0.1:1/ws" },
  { "max-payload-negative", "--max-payload must be between 0 and 2147483647", "connect", "--max-payload=-1", "ws://127.0.0.1:1/ws" },
  { "max-attempts-huge", "--max-attempts must be between 0 and 1000000", "connect", "--max-attempts=1000001", "ws://127.0.0.1:1/ws" },
  { "outbox-max-huge", "--outbox-max must be between 0 and 1000000", "connect", "--outbox-max=1000001", "ws://127.0.0.1:1/ws" },
  { "handshake-timeout-huge", "--handshake-timeout must be between 0 and 3600000", "connect", "--handshake-timeout=3600001", "ws://127.0.0.1:1/ws" },
  { "duration-text", "--duration must be a whole number between 0 and 2147483647, not “10s”", "connect", "--duration=10s", "ws://127.0.0.1:1/ws" },
  { "heartbeat-empty", "--heartbeat must be a whole number", "connect", "--heartbeat=", "ws://127.0.0.1:1/ws" },
  { "port-0", "port 0", "connect", "ws://127.0.0.1:0/ws" },
  { "port-huge", "ws://127.0.0.1:65536/ws", "connect", "ws://127.0.0.1:65536/ws" },
  { "serve-port-huge", "--port must be a whole number between 0 and 65535", "serve", "--port=65536" },
  { "serve-port-negative", "--port must be a whole number between 0 and 65535", "serve", "--port=-1" },
  { "serve-port-int-min", "--port must be a whole number between 0 and 65535", "serve", "--port=-2147483648" },
};

static void
test_usage_numbers (gconstpointer data)
{
  const char * const *row = data;
  const char *args[5] = { row[2], row[3], row[4], row[5], NULL };
  g_autoptr(CliRun) run = cli_run_startv (FALSE, args);
  const char *err;

  expect_usage_error (run);
  err = cli_run_stderr (run);
  if (strstr (err, row[1]) == NULL)
    g_error ("“%s” is not in: %s", row[1], err);
}

/* The ends of the ranges are accepted: the run gets as far as connecting
 * (refused, exit 1), not a usage error. */
static void
test_numbers_in_range (void)
{
  g_autofree char *url = refused_url ();
  g_autoptr(CliRun) run = NULL;

  run = cli_run_start ("connect", "--heartbeat-misses=1000", "--heartbeat=86400000",
                       "--reconnect-delay=50", "--reconnect-max-delay=86400000",
                       "--count=2147483647", "--max-payload=1", "--ping=0",
                       "--handshake-timeout=3600000", url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 1);
  expect_from (run, 0, "connecting", "attempt", "1");
}

/* A CR or LF in -H, --origin or -p: a usage error that names the option,
 * and not one byte reaches the server. */
static const char * const injection_cases[][4] = {
  { "header-crlf", "--header", "-H", "X-A: b\r\nX-Injected: 1" },
  { "header-lf", "--header", "-H", "X-A: b\nX-Injected: 1" },
  { "header-name", "--header", "-H", "X-A\r\nX-Injected: 1" },
  { "header-nul-like", "--header", "-H", "X-A: b\x01" },
  { "header-space-name", "--header", "-H", "Bad Name: 1" },
  { "origin-crlf", "--origin", "--origin", "http://a\r\nX-Injected: 1" },
  { "origin-smuggle", "--origin", "--origin", "http://a\r\n\r\nGET /smuggled HTTP/1.1" },
  { "protocol-crlf", "--protocol", "-p", "chat\r\nX-Injected: 1" },
  { "protocol-comma", "--protocol", "-p", "a,b" },
};

static void
test_usage_injection (gconstpointer data)
{
  const char * const *row = data;
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = cli_run_start ("connect", row[2], row[3], url);
  const char *err;

  expect_usage_error (run);
  err = cli_run_stderr (run);
  if (!g_str_has_prefix (err, "sonde-cli: ") || strstr (err, row[1]) == NULL)
    g_error ("“%s” is not in: %s", row[1], err);
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (peer), ==, 0);
  sonde_test_peer_stop (peer);
}

/* The same options with clean values do reach the server. */
static void
test_handshake_values_sent (void)
{
  g_autoptr(SondeTestPeer) peer = start_test_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(CliRun) run = NULL;
  GHashTable *headers;

  sonde_test_peer_set_protocol (peer, "chat");
  run = cli_run_start ("connect", "-H", "X-Api-Key: k1", "-H", "Cookie: a=1; b=2",
                       "--origin", "https://example.com", "-p", "chat",
                       "--send", "ping-me", "--count", "1", url);
  g_assert_cmpint (cli_run_wait (run, RUN_MS), ==, 0);
  headers = sonde_test_peer_get_request_headers (peer);
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-api-key"), ==, "k1");
  g_assert_cmpstr (g_hash_table_lookup (headers, "cookie"), ==, "a=1; b=2");
  g_assert_cmpstr (g_hash_table_lookup (headers, "origin"), ==, "https://example.com");
  g_assert_cmpstr (g_hash_table_lookup (headers, "sec-websocket-protocol"), ==, "chat");
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (peer), ==, 1);
  sonde_test_peer_stop (peer);
}

typedef enum
{
  HOSTILE_FIFO,
  HOSTILE_DEV_ZERO,
  HOSTILE_DEEP,
  HOSTILE_LARGE,
  HOSTILE_RANGE,
  HOSTILE_HEADER,
  HOSTILE_ORIGIN,
} HostileProfile;

typedef struct
{
  const char     *name;
  HostileProfile  kind;
  const char     *needle;
} HostileCase;

static const HostileCase hostile_profiles[] = {
  { "fifo", HOSTILE_FIFO, "not a regular file" },
  { "dev-zero", HOSTILE_DEV_ZERO, "not a regular file" },
  { "deep", HOSTILE_DEEP, "nested deeper than 128 levels" },
  { "large", HOSTILE_LARGE, "too large" },
  { "range", HOSTILE_RANGE, "“reconnect-delay” must be between 50 and 3600000" },
  { "header", HOSTILE_HEADER, "control character (CR)" },
  { "origin", HOSTILE_ORIGIN, "control character (LF)" },
};

/* A --profile that is no profile: a usage error (2) in one line that
 * names the file, at once (a FIFO with no writer must not block). */
static void
test_usage_hostile_profile (gconstpointer data)
{
  const HostileCase *c = data;
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hostile.json", NULL);
  g_autoptr(GString) contents = g_string_new ("{\"url\":\"ws://127.0.0.1:1/ws\"");
  g_autoptr(CliRun) run = NULL;
  const char *err;

  switch (c->kind)
    {
    case HOSTILE_FIFO:
      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      break;
    case HOSTILE_DEV_ZERO:
      g_free (path);
      path = g_strdup ("/dev/zero");
      break;
    case HOSTILE_DEEP:
      g_string_append (contents, ",\"x\":");
      for (guint i = 0; i < 100000; i++)
        g_string_append_c (contents, '[');
      break;
    case HOSTILE_LARGE:
      g_string_append_c (contents, '}');
      while (contents->len <= 1024 * 1024)
        g_string_append_c (contents, ' ');
      break;
    case HOSTILE_RANGE:
      g_string_append (contents, ",\"reconnect-delay\":0}");
      break;
    case HOSTILE_HEADER:
      g_string_append (contents, ",\"header\":[\"X-A: b\\r\\nX-Injected: 1\"]}");
      break;
    case HOSTILE_ORIGIN:
      g_string_append (contents, ",\"origin\":\"http://a\\nX-Injected: 1\"}");
      break;
    default:
      g_assert_not_reached ();
    }
  if (c->kind != HOSTILE_FIFO && c->kind != HOSTILE_DEV_ZERO)
    g_assert_true (g_file_set_contents (path, contents->str, contents->len, NULL));

  run = cli_run_start ("connect", "--profile", path);
  expect_usage_error (run);
  err = cli_run_stderr (run);
  if (strstr (err, c->needle) == NULL || strstr (err, path) == NULL)
    g_error ("“%s” and “%s” are not both in: %s", c->needle, path, err);

  if (c->kind != HOSTILE_DEV_ZERO)
    g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* `sonde-cli serve` gets 100 000 nested brackets (which crashed it) and
 * still answers the next message. */
static void
test_serve_deep_nesting (void)
{
  const char *cli = g_getenv ("SONDE_CLI");
  g_autoptr(GSubprocess) serve = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeConnection) connection = NULL;
  g_autoptr(SondeTestRecorder) recorder = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"type\":\"login\",\"token\":");
  g_autofree char *url = NULL;
  gboolean finished = FALSE;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');

  serve = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, cli, "serve", "--port", "0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (serve));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, first_line_cb, &url);
  g_assert_true (sonde_test_wait_for (url != NULL, WAIT_MS));
  g_assert_true (g_str_has_prefix (url, "ws://127.0.0.1:"));

  sonde_profile_set_url (profile, url);
  connection = sonde_connection_new (profile);
  recorder = sonde_test_recorder_new (connection);
  g_signal_connect (connection, "finished", G_CALLBACK (finished_cb), &finished);
  g_assert_true (sonde_connection_connect (connection, &error));
  g_assert_true (sonde_test_wait_for (sonde_connection_get_state (connection) == SONDE_STATE_OPEN, WAIT_MS));

  g_assert_true (sonde_connection_send_text (connection, deep->str, NULL));
  g_assert_true (sonde_connection_send_text (connection, "after the brackets", NULL));
  g_assert_true (sonde_test_wait_for (recorder_has_text (recorder, "in", "after the brackets") ||
                                      sonde_connection_get_state (connection) != SONDE_STATE_OPEN,
                                      WAIT_MS));
  g_assert_cmpint (sonde_connection_get_state (connection), ==, SONDE_STATE_OPEN);
  g_assert_true (recorder_has_text (recorder, "in", deep->str));
  g_assert_true (recorder_has_text (recorder, "in", "after the brackets"));

  sonde_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_assert_true (sonde_test_wait_for (finished, WAIT_MS));
  terminate (serve);
  g_assert_true (g_subprocess_get_if_exited (serve));
  g_assert_cmpint (g_subprocess_get_exit_status (serve), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  time_regex = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", 0, 0, NULL);
  if (g_getenv ("SONDE_CLI") == NULL)
    {
      g_printerr ("SONDE_CLI must name the sonde-cli program to test\n");
      return 77;
    }

  g_test_add_func ("/sonde/cli/connect/count", test_connect_count);
  g_test_add_func ("/sonde/cli/connect/python-peer", test_connect_python_peer);
  g_test_add_func ("/sonde/cli/connect/refused", test_connect_refused);
  g_test_add_func ("/sonde/cli/connect/gave-up", test_connect_gave_up);
  g_test_add_func ("/sonde/cli/connect/send-order", test_connect_send_order);
  g_test_add_func ("/sonde/cli/connect/login-logout", test_connect_login_logout);
  g_test_add_func ("/sonde/cli/connect/stdin", test_connect_stdin);
  g_test_add_func ("/sonde/cli/connect/stdin-empty", test_connect_stdin_empty);
  g_test_add_func ("/sonde/cli/connect/server-close", test_connect_server_close);
  g_test_add_func ("/sonde/cli/connect/server-drop", test_connect_server_drop);
  g_test_add_func ("/sonde/cli/connect/sigterm-record", test_connect_sigterm_record);
  g_test_add_func ("/sonde/cli/connect/duration", test_connect_duration);
  g_test_add_func ("/sonde/cli/connect/quiet", test_connect_quiet);
  g_test_add_func ("/sonde/cli/connect/profile", test_connect_profile);
  g_test_add_func ("/sonde/cli/connect/heartbeat-reconnect", test_connect_heartbeat_reconnect);
  g_test_add_func ("/sonde/cli/connect/sigterm-twice", test_connect_sigterm_twice);
  g_test_add_func ("/sonde/cli/connect/record-full", test_connect_record_full);
  g_test_add_func ("/sonde/cli/connect/record-private", test_connect_record_private);
  g_test_add_func ("/sonde/cli/connect/record-tmpfs", test_connect_record_tmpfs);
  g_test_add_func ("/sonde/cli/connect/invalid-close", test_connect_invalid_close);
  g_test_add_func ("/sonde/cli/connect/stdin-nul", test_connect_stdin_nul);
  g_test_add_func ("/sonde/cli/connect/unsent", test_connect_unsent);
  g_test_add_data_func ("/sonde/cli/connect/blocked-stdout/pipe", GINT_TO_POINTER (FALSE),
                        test_connect_blocked_stdout);
  g_test_add_data_func ("/sonde/cli/connect/blocked-stdout/terminal", GINT_TO_POINTER (TRUE),
                        test_connect_blocked_stdout);
  g_test_add_func ("/sonde/cli/connect/sigterm-silent", test_connect_sigterm_silent);
  g_test_add_func ("/sonde/cli/usage/bad-option", test_usage_bad_option);
  g_test_add_data_func ("/sonde/cli/usage/bad-url/not-a-url", "notaurl", test_usage_bad_url);
  g_test_add_data_func ("/sonde/cli/usage/bad-url/http", "http://x", test_usage_bad_url);
  g_test_add_func ("/sonde/cli/usage/corrupt-profile", test_usage_corrupt_profile);
  for (guint i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sonde/cli/usage/%s", usage_cases[i][0]);

      g_test_add_data_func (path, usage_cases[i], test_usage_table);
    }
  g_test_add_func ("/sonde/cli/serve", test_serve);
  g_test_add_func ("/sonde/cli/connect/pairing", test_connect_pairing);
  g_test_add_func ("/sonde/cli/replay/timing", test_replay_timing);
  g_test_add_func ("/sonde/cli/replay/server-restart", test_replay_server_restart);
  g_test_add_func ("/sonde/cli/replay/corrupt", test_replay_corrupt);
  g_test_add_func ("/sonde/cli/replay/roles", test_replay_roles);
  for (guint i = 0; i < G_N_ELEMENTS (number_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sonde/cli/usage/number/%s", number_cases[i][0]);

      g_test_add_data_func (path, number_cases[i], test_usage_numbers);
    }
  g_test_add_func ("/sonde/cli/connect/numbers-in-range", test_numbers_in_range);
  for (guint i = 0; i < G_N_ELEMENTS (injection_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sonde/cli/usage/injection/%s", injection_cases[i][0]);

      g_test_add_data_func (path, injection_cases[i], test_usage_injection);
    }
  g_test_add_func ("/sonde/cli/connect/handshake-values", test_handshake_values_sent);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_profiles); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sonde/cli/usage/profile/%s", hostile_profiles[i].name);

      g_test_add_data_func (path, &hostile_profiles[i], test_usage_hostile_profile);
    }
  g_test_add_func ("/sonde/cli/serve/deep-nesting", test_serve_deep_nesting);

  return g_test_run ();
}
