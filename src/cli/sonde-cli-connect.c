/* sonde-cli-connect.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sonde-cli.h"
#include "sonde-pairing.h"
#include "sonde-recording-reader.h"
#include "sonde-redact.h"
#include "sonde-replay.h"
#include "sonde-secrets.h"
#include "sonde-session.h"
#include "sonde-validate.h"

/* sonde-cli connect: the engine without a window, a thin front end over
 * SondeSession. Every event goes to standard output as one NDJSON line
 * (and to --record) until the connection ends for good. */
typedef struct
{
  GMainLoop        *loop;
  SondeSession     *session;
  guint             count;
  guint             received;
  gboolean          success;
  gboolean          closing;
  gboolean          stdin_done;
  gboolean          close_at_end_of_input;
  guint             duration_id;
  guint             input_close_id;
  guint             signal_deadline_id;
  gboolean          signalled;       /* the loop ended because of a signal */
  gboolean          write_failed;    /* the recording, or the output, failed */
  SondeEventWriter *out;             /* standard output, or NULL with -q */
  int               stdout_fd;       /* what the events are written to */
  int               stdout_flags;    /* to restore on stdout_fd, or -1 */
  gboolean          nonblocking;     /* the output writer does not block */
  GDataInputStream *input;
  GCancellable     *cancellable;
  SondeReplay      *replay;
} Connect;

static void
user_close (Connect *self)
{
  if (self->closing)
    return;
  self->closing = TRUE;
  sonde_session_disconnect (self->session);
}

static void maybe_close_after_input (Connect *self);

static void
record_cb (SondeSession      *session,
           const SondeRecord *record,
           Connect           *self)
{
  if (self->count > 0 &&
      record->type == SONDE_RECORD_MESSAGE &&
      record->direction == SONDE_DIRECTION_IN &&
      ++self->received >= self->count)
    user_close (self);
  /* The end of input waits for the replies of paired requests too. */
  if (self->stdin_done &&
      ((record->type == SONDE_RECORD_MESSAGE && record->reply_to != 0) ||
       record->type == SONDE_RECORD_NO_REPLY))
    maybe_close_after_input (self);
}

static void
write_failed_cb (SondeSession *session,
                 gboolean      recording,
                 const char   *message,
                 Connect      *self)
{
  g_printerr ("sonde-cli: %s\n", message);
  self->write_failed = TRUE;
}

static void
dropping_cb (SondeEventWriter *writer,
             Connect          *self)
{
  g_printerr ("sonde-cli: %s\n",
              _("standard output is not being read: events are dropped from now on, and counted"));
}

/* A reader that stops reading must not stop the engine (the heartbeat,
 * the signals): standard output to a pipe, a socket or a terminal is
 * written without blocking. A pipe or a terminal is opened a second time
 * (/proc/self/fd/1) to get a non-blocking description of our own, so that
 * the shell's terminal and a standard error on the same pipe keep theirs;
 * a socket gets O_NONBLOCK, restored at the end. A file is written as
 * usual. Returns the stream to write the events to. */
static GOutputStream *
open_stdout (Connect *self)
{
  struct stat st;
  int flags, fd;

  self->stdout_fd = STDOUT_FILENO;
  self->stdout_flags = -1;
  if (fstat (STDOUT_FILENO, &st) != 0 ||
      !(S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode) || S_ISCHR (st.st_mode)))
    return g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  if (S_ISFIFO (st.st_mode) || isatty (STDOUT_FILENO))
    {
      fd = open ("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
      if (fd >= 0)
        {
          self->stdout_fd = fd;
          self->nonblocking = TRUE;
          return g_unix_output_stream_new (fd, TRUE);
        }
    }
  if (!S_ISSOCK (st.st_mode))
    return g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  flags = fcntl (STDOUT_FILENO, F_GETFL);
  if (flags >= 0 && fcntl (STDOUT_FILENO, F_SETFL, flags | O_NONBLOCK) == 0)
    {
      self->stdout_flags = flags;
      self->nonblocking = TRUE;
    }
  return g_unix_output_stream_new (STDOUT_FILENO, FALSE);
}

/* Back to blocking writes, for the end. */
static void
block_stdout (Connect *self)
{
  int flags;

  if (self->stdout_flags >= 0)
    {
      fcntl (STDOUT_FILENO, F_SETFL, self->stdout_flags);
      self->stdout_flags = -1;
    }
  else if (self->stdout_fd != STDOUT_FILENO && (flags = fcntl (self->stdout_fd, F_GETFL)) >= 0)
    fcntl (self->stdout_fd, F_SETFL, flags & ~O_NONBLOCK);
}

static void
restore_stdout (Connect *self)
{
  if (self->stdout_flags < 0)
    return;
  fcntl (STDOUT_FILENO, F_SETFL, self->stdout_flags);
  self->stdout_flags = -1;
}

static void
finished_cb (SondeSession *session,
             gboolean      success,
             Connect      *self)
{
  self->success = success;
  g_main_loop_quit (self->loop);
}

/* How long a signal waits for the close to finish. */
#define SIGNAL_DEADLINE_MS 500

static gboolean
signal_deadline_cb (gpointer data)
{
  Connect *self = data;

  self->signal_deadline_id = 0;
  self->success = TRUE;
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer data)
{
  Connect *self = data;

  self->signalled = TRUE;
  if (self->closing)
    {
      /* A second signal: the user does not want to wait for the close. */
      self->success = TRUE;
      g_main_loop_quit (self->loop);
      return G_SOURCE_CONTINUE;
    }
  /* The close goes as usual, but within a second the program ends, even
   * when the server does not answer it. */
  if (self->signal_deadline_id == 0)
    self->signal_deadline_id = g_timeout_add (SIGNAL_DEADLINE_MS, signal_deadline_cb, self);
  user_close (self);
  return G_SOURCE_CONTINUE;
}

static void
replay_finished_cb (SondeReplay *replay,
                    gboolean     complete,
                    Connect     *self)
{
  user_close (self);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Reads the recording to replay, spinning the main loop (the reader is
 * asynchronous). A line that does not parse is a usage error that names
 * it: a replay must not skip part of a session silently. */
static SondeLog *
read_recording (const char  *path,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(SondeRecordingReader) reader = sonde_recording_reader_new (file);
  g_autoptr(SondeLog) log = sonde_log_new (0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *display = g_file_get_parse_name (file);
  g_autofree char *refusal = NULL;

  sonde_recording_reader_load_async (reader, log, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!sonde_recording_reader_load_finish (reader, result, error))
    return NULL;
  refusal = sonde_recording_reader_dup_refusal (reader, display);
  if (refusal != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, refusal);
      return NULL;
    }
  return g_steal_pointer (&log);
}

/* The URL of the recording's first `connecting` line. */
static char *
recorded_url (SondeLog *recording)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (recording));

  for (guint i = 0; i < n; i++)
    {
      const SondeRecord *record = sonde_log_get_record (recording, i);

      if (record->type == SONDE_RECORD_CONNECTING && record->text_len > 0)
        return g_strndup ((const char *) record->text, record->text_len);
    }
  return NULL;
}

static gboolean
duration_cb (gpointer data)
{
  Connect *self = data;

  self->duration_id = 0;
  user_close (self);
  return G_SOURCE_REMOVE;
}

static gboolean
input_sent (Connect *self)
{
  return self->stdin_done && self->close_at_end_of_input &&
         sonde_session_get_state (self->session) == SONDE_STATE_OPEN &&
         sonde_session_get_outbox_length (self->session) == 0 &&
         sonde_session_get_n_waiting_requests (self->session) == 0;
}

static gboolean
close_after_input_cb (gpointer data)
{
  Connect *self = data;

  self->input_close_id = 0;
  if (input_sent (self))
    user_close (self);
  return G_SOURCE_REMOVE;
}

static void
maybe_close_after_input (Connect *self)
{
  /* Not from inside the notification: when the state has just become OPEN,
   * the engine still has the login and the outbox to send. */
  if (input_sent (self) && self->input_close_id == 0)
    self->input_close_id = g_idle_add (close_after_input_cb, self);
}

static void
outbox_changed_cb (GObject    *object,
                   GParamSpec *pspec,
                   Connect    *self)
{
  maybe_close_after_input (self);
}

static void read_line_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
read_next_line (Connect *self)
{
  g_data_input_stream_read_line_async (self->input, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, self);
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Connect *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, &length, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      if (error != NULL)
        g_printerr ("sonde-cli: %s\n", error->message);
      self->stdin_done = TRUE;
      maybe_close_after_input (self);
      return;
    }

  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  /* A line is sent whole, NUL characters included; an invalid line is
   * reported as an error event and the rest goes on. */
  sonde_session_send_text_len (self->session, line, length, NULL);
  read_next_line (self);
}

static void
secrets_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *loaded = user_data;

  sonde_session_load_secrets_finish (SONDE_SESSION (source), result, NULL);
  *loaded = TRUE;
}

/* The whole-number options: each is parsed as text by one callback, so
 * that any value (-2147483648 included) is either in its documented range
 * (sonde-validate.c, docs/cli.md) or a usage error that names the option
 * and the range, and "given" is a flag of its own. */
typedef struct
{
  const char *name;
  gboolean    given;
  gint64      value;
} NumberOption;

static NumberOption number_options[] = {
  { "heartbeat" }, { "heartbeat-timeout" }, { "heartbeat-misses" }, { "ping" },
  { "reconnect-delay" }, { "reconnect-max-delay" }, { "reconnect-reset" },
  { "max-attempts" }, { "count" }, { "duration" }, { "handshake-timeout" },
  { "outbox-max" }, { "max-payload" }, { "pair-timeout" }, { "linger" },
};

static NumberOption *
find_number_option (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_options); i++)
    if (g_str_equal (number_options[i].name, name))
      return &number_options[i];
  g_assert_not_reached ();
}

static gboolean
number_option_given (const char *name)
{
  return find_number_option (name)->given;
}

static gint64
number_option_value (const char *name)
{
  return find_number_option (name)->value;
}

static gboolean
number_option_cb (const char  *option_name,
                  const char  *text,
                  gpointer     data,
                  GError     **error)
{
  const char *name = option_name + strspn (option_name, "-");
  g_autoptr(GError) local_error = NULL;
  NumberOption *option = NULL;
  gint64 value;

  for (guint i = 0; i < G_N_ELEMENTS (number_options); i++)
    if (g_str_equal (number_options[i].name, name))
      option = &number_options[i];
  g_assert (option != NULL);

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    {
      const SondeNumberRange *range = sonde_validate_find_range (name);

      /* Translators: an option, what was given, then the range. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--%s must be a whole number between %lld and %lld, not “%s”"),
                   name, (long long) range->min, (long long) range->max, text);
      return FALSE;
    }
  if (!sonde_validate_number (name, option_name, value, &local_error))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, local_error->message);
      return FALSE;
    }
  option->given = TRUE;
  option->value = value;
  return TRUE;
}

/* The handshake values of the command line, checked before anything
 * connects: a CR or LF in one of them would put a header (or a request) of
 * its own on the wire. */
static gboolean
check_handshake_options (char       **protocols,
                         char       **headers,
                         const char  *origin,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; protocols && protocols[i]; i++)
    if (!sonde_validate_subprotocol (protocols[i], &local_error))
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--protocol: %s", local_error->message);
        return FALSE;
      }
  for (guint i = 0; headers && headers[i]; i++)
    if (!sonde_validate_header_line (headers[i], NULL, NULL, &local_error))
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--header: %s", local_error->message);
        return FALSE;
      }
  if (origin != NULL && !sonde_validate_origin (origin, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--origin: %s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static int
run (int      argc,
     char   **argv,
     gboolean replay_mode)
{
  g_auto(GStrv) protocols = NULL;
  g_auto(GStrv) headers = NULL;
  g_auto(GStrv) sends = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *heartbeat_message = NULL;
  g_autofree char *heartbeat_reply = NULL;
  g_autofree char *login = NULL;
  g_autofree char *logout = NULL;
  g_autofree char *record = NULL;
  g_autofree char *profile_path = NULL;
  g_autofree char *pair_by = NULL;
  gboolean reconnect = FALSE, no_reconnect = FALSE, use_stdin = FALSE;
  gboolean insecure = FALSE, quiet = FALSE, no_compression = FALSE;
  double speed = 1.0;
  gboolean all_roles = FALSE;
  g_autoptr(SondeLog) recording = NULL;
  const char *url = NULL;
  GOptionEntry replay_entries[] = {
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, N_("Divide the recorded gaps by X; 0 = as fast as possible (default 1)"), "X" },
    { "all-roles", 0, 0, G_OPTION_ARG_NONE, &all_roles, N_("Also send the recorded logins, logouts and heartbeats"), NULL },
    { "linger", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("Wait MS for replies after the last message (default 1000)"), "MS" },
    { NULL }
  };
  GOptionEntry entries[] = {
    { "protocol", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &protocols, N_("Offer a subprotocol (repeatable)"), N_("NAME") },
    { "header", 'H', 0, G_OPTION_ARG_STRING_ARRAY, &headers, N_("Extra handshake header (repeatable)"), N_("'Name: value'") },
    { "origin", 0, 0, G_OPTION_ARG_STRING, &origin, N_("Origin header"), N_("ORIGIN") },
    { "heartbeat", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("Send the heartbeat text after MS of outbound silence; 0 = off"), "MS" },
    { "heartbeat-message", 0, 0, G_OPTION_ARG_STRING, &heartbeat_message, N_("Heartbeat text (default heart-check-mobile)"), N_("TEXT") },
    { "heartbeat-reply", 0, 0, G_OPTION_ARG_STRING, &heartbeat_reply, N_("An inbound text matching REGEX is the heartbeat reply"), N_("REGEX") },
    { "heartbeat-timeout", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("No reply within MS after a heartbeat is a miss (default 2 × heartbeat)"), "MS" },
    { "heartbeat-misses", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("Consecutive misses that mean the peer is dead (default 2)"), "N" },
    { "ping", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("WebSocket ping interval; 0 = off"), "MS" },
    { "reconnect", 0, 0, G_OPTION_ARG_NONE, &reconnect, N_("Reconnect after any close the user did not ask for"), NULL },
    { "no-reconnect", 0, 0, G_OPTION_ARG_NONE, &no_reconnect, N_("Do not reconnect (default)"), NULL },
    /* xgettext:no-c-format */
    { "reconnect-delay", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("First reconnect delay; doubles each attempt, ±20 % jitter (default 1000)"), "MS" },
    { "reconnect-max-delay", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("Cap on the reconnect delay (default 30000)"), "MS" },
    { "reconnect-reset", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("A connection open this long starts a new series of attempts (default 10000)"), "MS" },
    { "max-attempts", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("Give up after N consecutive failed attempts; 0 = never"), "N" },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, N_("Sent first after every open"), N_("TEXT") },
    { "logout", 0, 0, G_OPTION_ARG_STRING, &logout, N_("Sent before a user-requested close"), N_("TEXT") },
    { "send", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sends, N_("Send once connected (repeatable, in order)"), N_("TEXT") },
    { "stdin", 0, 0, G_OPTION_ARG_NONE, &use_stdin, N_("Send each line of standard input as a text message"), NULL },
    { "count", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("After N inbound messages, close with 1000 and exit"), "N" },
    { "duration", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("After MS, close with 1000 and exit"), "MS" },
    { "record", 0, 0, G_OPTION_ARG_FILENAME, &record, N_("Also append the events to FILE"), N_("FILE") },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure, N_("Accept TLS certificates that fail verification"), NULL },
    { "handshake-timeout", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("No upgrade answer within MS is an error (default 10000)"), "MS" },
    { "outbox-max", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("Most messages waiting while not OPEN (default 1000)"), "N" },
    { "max-payload", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("Largest inbound message accepted (default 16 MiB)"), N_("BYTES") },
    { "no-compression", 0, 0, G_OPTION_ARG_NONE, &no_compression, N_("Do not offer permessage-deflate"), NULL },
    { "pair-by", 0, 0, G_OPTION_ARG_STRING, &pair_by, N_("Pair requests and replies by the JSON field at PATH (such as id or meta.req_id)"), N_("PATH") },
    { "pair-timeout", 0, 0, G_OPTION_ARG_CALLBACK, number_option_cb, N_("A request unanswered after MS gives a no-reply event (default 10000)"), "MS" },
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile_path, N_("Read defaults from a JSON profile"), N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print nothing on standard output"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *record_path = NULL;
  Connect self = { 0 };
  guint sigint, sigterm;
  guint profile_count = 0, profile_duration = 0;

  if (replay_mode)
    {
      context = g_option_context_new (_("FILE [URL]"));
      g_option_context_set_summary (context,
                                    _("Connects and sends a recording's outbound messages again, with their timing, "
                                      "printing every event as one JSON line."));
      g_option_context_add_main_entries (context, replay_entries, GETTEXT_PACKAGE);
    }
  else
    {
      context = g_option_context_new (_("URL"));
      g_option_context_set_summary (context,
                                    _("Connects to a WebSocket server and prints every event as one JSON line."));
    }
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sonde_cli_usage ("%s", error->message);

  if (profile_path != NULL)
    {
      profile = sonde_profile_new_from_file (profile_path, &error);
      if (profile == NULL)
        return sonde_cli_usage ("%s", error->message);
    }
  else
    profile = sonde_profile_new ();

  /* Checked by number_option_cb(): each fits the property's guint. */
  for (guint i = 0; i < G_N_ELEMENTS (number_options); i++)
    if (number_options[i].given && !g_str_equal (number_options[i].name, "linger"))
      g_object_set (profile, number_options[i].name, (guint) number_options[i].value, NULL);

  if (replay_mode)
    {
      if (argc < 2)
        return sonde_cli_usage (_("give a recording, for example: sonde-cli replay session.ndjson"));
      if (argc > 3)
        {
          /* It may be a second URL, with its secrets. */
          g_autofree char *shown = sonde_redact_url (argv[3]);

          return sonde_cli_usage (_("unexpected argument “%s”: give one recording and at most one URL"), shown);
        }
      if (!(speed >= 0 && speed <= 1000))
        return sonde_cli_usage (_("--speed must be between 0 and 1000"));
      recording = read_recording (argv[1], &error);
      if (recording == NULL)
        return sonde_cli_usage ("%s", error->message);
      url = argc == 3 ? argv[2] : NULL;
    }
  else
    {
      if (argc > 2)
        {
          /* It may be a second URL, with its secrets. */
          g_autofree char *shown = sonde_redact_url (argv[2]);

          return sonde_cli_usage (_("unexpected argument “%s”: give one URL"), shown);
        }
      url = argc == 2 ? argv[1] : NULL;
    }
  if (url != NULL)
    sonde_profile_set_url (profile, url);
  if (replay_mode && sonde_profile_get_url (profile) == NULL)
    {
      g_autofree char *recorded = recorded_url (recording);

      if (recorded == NULL)
        return sonde_cli_usage (_("%s names no URL: give one after it"), argv[1]);
      /* Sonde masks passwords and tokens in what it writes. */
      if (strstr (recorded, "•••") != NULL || strstr (recorded, "%E2%80%A2") != NULL)
        return sonde_cli_usage (_("the URL in %s has masked secrets (•••): give the URL after it"), argv[1]);
      sonde_profile_set_url (profile, recorded);
    }
  if (sonde_profile_get_url (profile) == NULL)
    return sonde_cli_usage (_("give a URL, for example: sonde-cli connect ws://127.0.0.1:8765/ws"));
  if (reconnect && no_reconnect)
    return sonde_cli_usage (_("--reconnect and --no-reconnect exclude each other"));
  /* 0 would mean no limit at all: a server could use up the memory. */
  if (number_option_given ("max-payload") && number_option_value ("max-payload") == 0)
    return sonde_cli_usage (_("--max-payload must be at least 1 byte"));
  if (!check_handshake_options (protocols, headers, origin, &error))
    return sonde_cli_usage ("%s", error->message);

  if (protocols) g_object_set (profile, "protocol", protocols, NULL);
  if (headers) g_object_set (profile, "header", headers, NULL);
  if (sends) g_object_set (profile, "send", sends, NULL);
  if (origin) g_object_set (profile, "origin", origin, NULL);
  if (heartbeat_message) g_object_set (profile, "heartbeat-message", heartbeat_message, NULL);
  if (heartbeat_reply) g_object_set (profile, "heartbeat-reply", heartbeat_reply, NULL);
  if (login) g_object_set (profile, "login", login, NULL);
  if (logout) g_object_set (profile, "logout", logout, NULL);
  if (record) g_object_set (profile, "record", record, NULL);
  if (pair_by != NULL)
    {
      if (!sonde_pairing_validate_path (pair_by, &error))
        return sonde_cli_usage ("--pair-by: %s", error->message);
      g_object_set (profile, "pair-by", pair_by, NULL);
    }
  if (reconnect) g_object_set (profile, "reconnect", TRUE, NULL);
  if (no_reconnect) g_object_set (profile, "reconnect", FALSE, NULL);
  if (insecure) g_object_set (profile, "insecure", TRUE, NULL);
  if (no_compression) g_object_set (profile, "compression", FALSE, NULL);

  g_object_get (profile,
                "record", &record_path,
                "count", &profile_count,
                "duration", &profile_duration,
                NULL);

  self.session = sonde_session_new (profile);
  self.loop = loop = g_main_loop_new (NULL, FALSE);
  self.count = profile_count;
  self.cancellable = g_cancellable_new ();
  self.stdout_flags = -1;
  if (!quiet)
    {
      g_autoptr(GOutputStream) stdout_stream = open_stdout (&self);

      self.out = sonde_event_writer_new (stdout_stream);
      /* Lines reach a reader within 50 ms (and in 128 KiB pieces under
       * a flood), not one write per line. */
      sonde_event_writer_set_flush_interval (self.out, 50);
      if (self.nonblocking)
        {
          sonde_event_writer_set_nonblocking (self.out, TRUE, 0);
          g_signal_connect (self.out, "dropping", G_CALLBACK (dropping_cb), &self);
        }
      sonde_session_set_output (self.session, self.out);
    }
  if (record_path != NULL && !sonde_session_start_recording (self.session, record_path, &error))
    {
      restore_stdout (&self);
      g_clear_object (&self.out);
      g_clear_object (&self.session);
      g_clear_object (&self.cancellable);
      return sonde_cli_usage ("%s", error->message);
    }

  /* A profile's secret values come from the keyring first (a `warning`
   * event for any that cannot be read); -H values are used as given. */
  if (sonde_profile_has_placeholders (profile))
    {
      gboolean loaded = FALSE;
      gulong unavailable_id;

      unavailable_id = g_signal_connect_swapped (sonde_secrets_get_default (), "unavailable",
                                                 G_CALLBACK (sonde_session_warn), self.session);
      sonde_session_load_secrets_async (self.session, NULL, secrets_loaded_cb, &loaded);
      while (!loaded)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (sonde_secrets_get_default (), unavailable_id);
    }

  g_signal_connect (self.session, "record", G_CALLBACK (record_cb), &self);
  g_signal_connect (self.session, "write-failed", G_CALLBACK (write_failed_cb), &self);
  g_signal_connect (self.session, "finished", G_CALLBACK (finished_cb), &self);

  /* When the URL is refused at once, that is a usage error, reported on
   * standard error alone: the session writes nothing out then. */
  if (!sonde_session_connect (self.session, &error))
    {
      int status = g_error_matches (error, SONDE_ERROR, SONDE_ERROR_INVALID_URL) ||
                   g_error_matches (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT)
                   ? SONDE_CLI_EXIT_USAGE : SONDE_CLI_EXIT_FAILED;

      g_printerr ("sonde-cli: %s\n", error->message);
      g_signal_handlers_disconnect_by_data (self.session, &self);
      g_clear_object (&self.session);
      g_clear_object (&self.cancellable);
      restore_stdout (&self);
      g_clear_object (&self.out);
      return status;
    }

  if (replay_mode)
    {
      self.replay = sonde_replay_new (self.session);
      sonde_replay_set_speed (self.replay, speed);
      sonde_replay_set_all_roles (self.replay, all_roles);
      if (number_option_given ("linger"))
        sonde_replay_set_linger (self.replay, (guint) number_option_value ("linger"));
      sonde_replay_load (self.replay, recording);
      g_signal_connect (self.replay, "finished", G_CALLBACK (replay_finished_cb), &self);
      sonde_replay_start (self.replay);
    }
  if (profile_duration > 0)
    self.duration_id = g_timeout_add (profile_duration, duration_cb, &self);
  if (use_stdin)
    {
      g_autoptr(GInputStream) stdin_stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);

      self.input = g_data_input_stream_new (stdin_stream);
      self.close_at_end_of_input = profile_count == 0 && profile_duration == 0;
      g_signal_connect (self.session, "notify::outbox-length", G_CALLBACK (outbox_changed_cb), &self);
      g_signal_connect (self.session, "notify::state", G_CALLBACK (outbox_changed_cb), &self);
      read_next_line (&self);
    }

  sigint = g_unix_signal_add (SIGINT, signal_cb, &self);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &self);

  g_main_loop_run (loop);

  g_clear_handle_id (&self.signal_deadline_id, g_source_remove);
  g_clear_handle_id (&self.duration_id, g_source_remove);
  g_clear_handle_id (&self.input_close_id, g_source_remove);
  g_cancellable_cancel (self.cancellable);

  /* What the user sent and never went out is reported, not dropped; the
   * recording is flushed while a failure can still be reported. */
  sonde_session_report_unsent (self.session);
  sonde_session_stop_recording (self.session);

  /* Removing the sources gives SIGINT and SIGTERM back their default
   * action: a reader that stopped reading cannot hold the end below. */
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (self.out != NULL && !self.signalled && self.nonblocking)
    {
      /* A normal end waits for a slow reader to take the rest. */
      block_stdout (&self);
      sonde_event_writer_set_nonblocking (self.out, FALSE, 0);
    }
  g_signal_handlers_disconnect_by_data (self.session, &self);
  if (self.replay != NULL)
    g_signal_handlers_disconnect_by_data (self.replay, &self);
  g_clear_object (&self.replay);
  /* Flushes standard output (without blocking after a signal). */
  g_clear_object (&self.session);
  g_clear_object (&self.input);
  g_clear_object (&self.cancellable);

  if (self.out != NULL)
    {
      guint64 bytes = 0;
      guint64 lines = sonde_event_writer_get_unwritten (self.out, &bytes);

      if (lines > 0 && sonde_event_writer_get_error (self.out) == NULL)
        {
          g_autofree char *size = g_format_size (bytes);

          g_printerr ("sonde-cli: ");
          g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                   "standard output was not read: %lu event (%s) could not be written\n",
                                   "standard output was not read: %lu events (%s) could not be written\n",
                                   (gulong) lines),
                      (gulong) lines, size);
          self.write_failed = TRUE;
        }
      g_signal_handlers_disconnect_by_data (self.out, &self);
      g_clear_object (&self.out);
    }
  restore_stdout (&self);

  if (self.write_failed)
    return SONDE_CLI_EXIT_FAILED;
  return self.success ? SONDE_CLI_EXIT_OK : SONDE_CLI_EXIT_FAILED;
}

int
sonde_cli_connect (int    argc,
                   char **argv)
{
  return run (argc, argv, FALSE);
}

int
sonde_cli_replay (int    argc,
                  char **argv)
{
  return run (argc, argv, TRUE);
}
