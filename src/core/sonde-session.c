/* sonde-session.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sonde-enums.h"
#include "sonde-outbox.h"
#include "sonde-pairing.h"
#include "sonde-redact.h"
#include "sonde-secrets.h"
#include "sonde-session.h"
#include "sonde-stats.h"
#include "sonde-timeline.h"

/* A session is what the user thinks of as "the connection": the thing
 * they connect, disconnect, reconnect and send to, whose log they read.
 * Underneath, each SondeConnection is one series of attempts with one
 * profile; the session makes a new one when the profile changes or when
 * Connect is pressed while the old one is still closing, and keeps the old
 * one until it has finished, its last events still logged. The outbox is
 * the session's: whatever the user sent and is still waiting goes out on
 * whichever connection opens next, exactly once.
 *
 * Every record of every connection goes, in this order, to the counters,
 * the log, the recorder, the output writer and the "record" signal. The
 * counters are published at most four times a second, and only when they
 * changed. */

#define COUNTERS_INTERVAL_MS 250

struct _SondeSession
{
  GObject           parent_instance;

  SondeProfile     *profile;
  SondeConnection  *connection;
  GPtrArray        *closing;       /* SondeConnection, until "finished" */
  SondeOutbox      *outbox;
  gboolean          profile_messages_sent;

  SondeLog         *log;
  SondeEventWriter *recorder;
  char             *record_path;
  char             *shown_name;    /* for the session's own events */
  gboolean          unsent_reported;
  SondeEventWriter *output;

  /* Events emitted while sonde_connection_connect() runs: written out only
   * when it succeeds (a refused URL is a usage error, not a stream). */
  gboolean          holding;
  GPtrArray        *held;

  guint64           seq;           /* of the last record */
  SondePairing     *pairing;       /* with the profile's "pair-by" */
  /* Secret values of the profile being read from the keyring; a Connect
   * meanwhile waits for them. */
  GCancellable     *secrets_cancellable;
  gboolean          connect_after_secrets;

  guint64           counters[4];   /* in, out, bytes in, bytes out */
  guint64           published[4];
  guint             counters_id;

  SondeStats       *stats;
  SondeTimeline    *timeline;
};

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_CONNECTION,
  PROP_LOG,
  PROP_RECORD_PATH,
  PROP_ACTIVE,
  PROP_STATE,
  PROP_OUTBOX_LENGTH,
  PROP_MESSAGES_IN,
  PROP_MESSAGES_OUT,
  PROP_BYTES_IN,
  PROP_BYTES_OUT,
  N_PROPS
};

enum {
  RECORD,
  ERROR,
  WRITE_FAILED,
  FINISHED,
  N_SIGNALS
};

enum { COUNT_IN, COUNT_OUT, COUNT_BYTES_IN, COUNT_BYTES_OUT };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeSession, sonde_session, G_TYPE_OBJECT)

/* Writing out */

static gboolean
write_one (SondeEventWriter   *writer,
           const SondeRecord  *record,
           SondeEvent         *event,
           GError            **error)
{
  const GError *timed = sonde_event_writer_get_error (writer);

  if (timed != NULL)
    {
      g_propagate_error (error, g_error_copy (timed));
      return FALSE;
    }
  if (record != NULL)
    return sonde_event_writer_write_record (writer, record, error);
  return sonde_event_writer_write (writer, event, error);
}

static void dispatch_record (SondeSession      *self,
                             SondeConnection   *connection,
                             const SondeRecord *record);

static const char *
session_name (SondeSession *self)
{
  if (self->connection != NULL && sonde_connection_get_name (self->connection) != NULL)
    return sonde_connection_get_name (self->connection);
  if (self->shown_name == NULL)
    {
      g_autofree char *name = sonde_profile_dup_display_name (self->profile);

      self->shown_name = sonde_redact_url (name);
    }
  return self->shown_name;
}

/* An `error` event of the session's own, in the log, the writers that are
 * still there and the "record" signal. */
static void
report_error (SondeSession *self,
              const char   *message,
              const GError *error)
{
  SondeRecord record;

  sonde_record_init (&record, SONDE_RECORD_ERROR, session_name (self));
  sonde_record_set_text (&record, message);
  record.str[0] = g_quark_to_string (error->domain);
  record.num[0] = error->code;
  dispatch_record (self, NULL, &record);
}

/* A writer failed: the recorder is stopped, the output dropped; an `error`
 * event says so everywhere else, and "write-failed" tells the front end. */
static void
writer_failed (SondeSession     *self,
               SondeEventWriter *writer,
               const GError     *error)
{
  g_autofree char *message = NULL;

  if (writer == self->recorder)
    {
      g_autofree char *display = g_filename_display_name (self->record_path);
      g_autoptr(SondeEventWriter) recorder = g_steal_pointer (&self->recorder);

      /* Translators: the first %s is the record file, the second why it
       * could not be written. */
      message = g_strdup_printf (_("Recording stopped: could not write to “%s”: %s"),
                                 display, error->message);
      g_signal_handlers_disconnect_by_data (recorder, self);
      sonde_event_writer_close (recorder, NULL);
      g_clear_pointer (&self->record_path, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_PATH]);
      report_error (self, message, error);
      g_signal_emit (self, signals[WRITE_FAILED], 0, TRUE, message);
    }
  else if (writer == self->output)
    {
      g_autoptr(SondeEventWriter) output = g_steal_pointer (&self->output);

      message = g_strdup_printf (_("Could not write the events out: %s"), error->message);
      g_signal_handlers_disconnect_by_data (output, self);
      report_error (self, message, error);
      g_signal_emit (self, signals[WRITE_FAILED], 0, FALSE, message);
    }
}

static void
writer_failed_cb (SondeEventWriter *writer,
                  GError           *error,
                  SondeSession     *self)
{
  writer_failed (self, writer, error);
}

static void
write_out (SondeSession      *self,
           const SondeRecord *record,
           SondeEvent        *event)
{
  g_autoptr(GError) error = NULL;

  if (self->recorder != NULL && !write_one (self->recorder, record, event, &error))
    {
      writer_failed (self, self->recorder, error);
      g_clear_error (&error);
    }
  if (self->output != NULL && !write_one (self->output, record, event, &error))
    writer_failed (self, self->output, error);
}

/* Counters */

static gboolean
publish_counters_cb (gpointer data)
{
  SondeSession *self = data;
  static const guint props[] = { PROP_MESSAGES_IN, PROP_MESSAGES_OUT, PROP_BYTES_IN, PROP_BYTES_OUT };

  self->counters_id = 0;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    if (self->published[i] != self->counters[i])
      {
        self->published[i] = self->counters[i];
        g_object_notify_by_pspec (G_OBJECT (self), properties[props[i]]);
      }
  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

static void
count (SondeSession      *self,
       const SondeRecord *record)
{
  gboolean in = record->direction == SONDE_DIRECTION_IN;

  self->counters[in ? COUNT_IN : COUNT_OUT]++;
  self->counters[in ? COUNT_BYTES_IN : COUNT_BYTES_OUT] += record->size;
  if (self->counters_id == 0)
    self->counters_id = g_timeout_add (COUNTERS_INTERVAL_MS, publish_counters_cb, self);
}

/* Connections */

/* Every record, the connections' and the session's own, takes this way:
 * numbered, paired, counted, stored, written out and signalled. */
static void
dispatch_record (SondeSession      *self,
                 SondeConnection   *connection,
                 const SondeRecord *record)
{
  SondeRecord numbered = *record;

  numbered.seq = ++self->seq;
  /* A login marked secret is shown and written as the mask, everywhere:
   * the log (and so the detail pane and exports), the recording, the
   * output. Its size stays the real one. */
  if (connection != NULL &&
      record->role == SONDE_ROLE_LOGIN &&
      record->type == SONDE_RECORD_MESSAGE &&
      record->direction == SONDE_DIRECTION_OUT &&
      sonde_profile_get_login_secret (sonde_connection_get_profile (connection)))
    {
      numbered.text = (const guint8 *) SONDE_SECRET_MASK;
      numbered.text_len = strlen (SONDE_SECRET_MASK);
    }
  if (record->type == SONDE_RECORD_MESSAGE)
    {
      if (self->pairing != NULL)
        sonde_pairing_observe (self->pairing, &numbered);
      count (self, &numbered);
    }
  sonde_stats_add_record (self->stats, &numbered);
  sonde_timeline_add_record (self->timeline, &numbered);
  if (self->log != NULL)
    sonde_log_append_record (self->log, &numbered);
  if (self->holding)
    g_ptr_array_add (self->held, sonde_record_to_event (&numbered));
  else
    write_out (self, &numbered, NULL);

  g_signal_emit (self, signals[RECORD], 0, &numbered);

  if (record->type == SONDE_RECORD_ERROR && connection != NULL && connection == self->connection)
    {
      g_autofree char *message = g_strndup ((const char *) record->text, record->text_len);

      g_signal_emit (self, signals[ERROR], 0, message);
    }
}

static void
record_cb (SondeConnection   *connection,
           const SondeRecord *record,
           SondeSession      *self)
{
  dispatch_record (self, connection, record);
}

/* Pairing */

static void
no_reply_cb (SondePairing *pairing,
             guint64       request_seq,
             gint64        waited_us,
             SondeSession *self)
{
  SondeRecord record;

  sonde_record_init (&record, SONDE_RECORD_NO_REPLY, session_name (self));
  record.num[0] = request_seq;
  record.num[1] = waited_us;
  if (self->log != NULL)
    sonde_log_add_flags (self->log, request_seq, SONDE_RECORD_FLAG_UNANSWERED);
  dispatch_record (self, NULL, &record);
}

/* Pairing follows the profile's "pair-by" at each Connect; requests
 * still waiting from before stay paired as long as the path is the same. */
static void
update_pairing (SondeSession *self)
{
  g_autofree char *path = NULL;
  guint timeout = 0;

  g_object_get (self->profile, "pair-by", &path, "pair-timeout", &timeout, NULL);
  if (path != NULL && *path == '\0')
    g_clear_pointer (&path, g_free);
  if (self->pairing != NULL && path != NULL &&
      g_str_equal (sonde_pairing_get_path (self->pairing), path))
    return;
  if (self->pairing != NULL)
    g_signal_handlers_disconnect_by_func (self->pairing, no_reply_cb, self);
  g_clear_object (&self->pairing);
  if (path == NULL || !sonde_pairing_validate_path (path, NULL))
    return;
  self->pairing = sonde_pairing_new (path, timeout);
  g_signal_connect (self->pairing, "no-reply", G_CALLBACK (no_reply_cb), self);
}

static void
connection_notify_cb (SondeSession    *self,
                      GParamSpec      *pspec,
                      SondeConnection *connection)
{
  if (connection != self->connection)
    return;
  if (pspec->name == g_intern_static_string ("active"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  else if (pspec->name == g_intern_static_string ("state"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  else if (pspec->name == g_intern_static_string ("outbox-length"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX_LENGTH]);
}

static void
forget_connection (SondeSession    *self,
                   SondeConnection *connection)
{
  g_signal_handlers_disconnect_by_data (connection, self);
  sonde_connection_set_outbox (connection, NULL);
}

static void
finished_cb (SondeConnection *connection,
             gboolean         success,
             SondeSession    *self)
{
  if (connection == self->connection)
    {
      g_signal_emit (self, signals[FINISHED], 0, success);
      return;
    }
  forget_connection (self, connection);
  g_ptr_array_remove (self->closing, connection);
}

/* The current connection gives way: it closes cleanly (logout, 1000)
 * when it is still active, and is kept until it has finished. */
static void
retire_connection (SondeSession *self)
{
  g_autoptr(SondeConnection) old = g_steal_pointer (&self->connection);

  if (old == NULL)
    return;

  /* Its outbox is the session's: it must not take it along. */
  sonde_connection_set_outbox (old, NULL);
  if (sonde_connection_get_active (old))
    {
      g_ptr_array_add (self->closing, g_object_ref (old));
      sonde_connection_close (old, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  else
    forget_connection (self, old);
}

static SondeConnection *
new_connection (SondeSession *self)
{
  gboolean was_active = sonde_session_get_active (self);
  SondeState old_state = sonde_session_get_state (self);

  retire_connection (self);

  self->connection = sonde_connection_new (self->profile);
  sonde_connection_set_outbox (self->connection, self->outbox);
  if (self->profile_messages_sent)
    sonde_connection_set_profile_messages_sent (self->connection);
  g_signal_connect (self->connection, "record", G_CALLBACK (record_cb), self);
  g_signal_connect (self->connection, "finished", G_CALLBACK (finished_cb), self);
  g_signal_connect_swapped (self->connection, "notify", G_CALLBACK (connection_notify_cb), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  if (was_active)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  if (old_state != SONDE_STATE_CLOSED)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  return self->connection;
}

/* The connection that sends and connects: the current one unless it
 * belongs to another profile. */
static SondeConnection *
ensure_connection (SondeSession *self)
{
  if (self->connection == NULL ||
      sonde_connection_get_profile (self->connection) != self->profile)
    return new_connection (self);
  return self->connection;
}

/* GObject */

static void
sonde_session_dispose (GObject *object)
{
  SondeSession *self = (SondeSession *) object;

  g_clear_handle_id (&self->counters_id, g_source_remove);
  if (self->pairing != NULL)
    g_signal_handlers_disconnect_by_func (self->pairing, no_reply_cb, self);
  g_clear_object (&self->pairing);
  if (self->secrets_cancellable != NULL)
    g_cancellable_cancel (self->secrets_cancellable);
  g_clear_object (&self->secrets_cancellable);
  if (self->connection != NULL)
    {
      SondeConnection *connection = self->connection;

      forget_connection (self, connection);
      if (sonde_connection_get_active (connection))
        sonde_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->connection);
    }
  if (self->closing != NULL)
    {
      for (guint i = 0; i < self->closing->len; i++)
        forget_connection (self, self->closing->pdata[i]);
      g_clear_pointer (&self->closing, g_ptr_array_unref);
    }
  sonde_session_report_unsent (self);
  if (self->recorder != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recorder, self);
      sonde_event_writer_close (self->recorder, NULL);
    }
  g_clear_object (&self->recorder);
  if (self->output != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->output, self);
      sonde_event_writer_flush (self->output, NULL);
    }
  g_clear_object (&self->output);
  g_clear_object (&self->log);
  g_clear_object (&self->profile);
  g_clear_object (&self->stats);
  g_clear_object (&self->timeline);

  G_OBJECT_CLASS (sonde_session_parent_class)->dispose (object);
}

static void
sonde_session_finalize (GObject *object)
{
  SondeSession *self = (SondeSession *) object;

  g_clear_pointer (&self->outbox, sonde_outbox_free);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->record_path, g_free);
  g_clear_pointer (&self->shown_name, g_free);

  G_OBJECT_CLASS (sonde_session_parent_class)->finalize (object);
}

static void
sonde_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SondeSession *self = SONDE_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE: g_value_set_object (value, self->profile); break;
    case PROP_CONNECTION: g_value_set_object (value, self->connection); break;
    case PROP_LOG: g_value_set_object (value, self->log); break;
    case PROP_RECORD_PATH: g_value_set_string (value, self->record_path); break;
    case PROP_ACTIVE: g_value_set_boolean (value, sonde_session_get_active (self)); break;
    case PROP_STATE: g_value_set_enum (value, sonde_session_get_state (self)); break;
    case PROP_OUTBOX_LENGTH: g_value_set_uint (value, sonde_session_get_outbox_length (self)); break;
    case PROP_MESSAGES_IN: g_value_set_uint64 (value, self->published[COUNT_IN]); break;
    case PROP_MESSAGES_OUT: g_value_set_uint64 (value, self->published[COUNT_OUT]); break;
    case PROP_BYTES_IN: g_value_set_uint64 (value, self->published[COUNT_BYTES_IN]); break;
    case PROP_BYTES_OUT: g_value_set_uint64 (value, self->published[COUNT_BYTES_OUT]); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SondeSession *self = SONDE_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      sonde_session_set_profile (self, g_value_get_object (value));
      break;
    case PROP_LOG:
      sonde_session_set_log (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_session_class_init (SondeSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sonde_session_dispose;
  object_class->finalize = sonde_session_finalize;
  object_class->get_property = sonde_session_get_property;
  object_class->set_property = sonde_session_set_property;

  properties[PROP_PROFILE] = g_param_spec_object ("profile", NULL, NULL, SONDE_TYPE_PROFILE, rw);
  /* The connection that the status shows and messages go to. */
  properties[PROP_CONNECTION] = g_param_spec_object ("connection", NULL, NULL, SONDE_TYPE_CONNECTION, ro);
  properties[PROP_LOG] = g_param_spec_object ("log", NULL, NULL, SONDE_TYPE_LOG, rw);
  properties[PROP_RECORD_PATH] = g_param_spec_string ("record-path", NULL, NULL, NULL, ro);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, SONDE_TYPE_STATE,
                                              SONDE_STATE_CLOSED, ro);
  properties[PROP_OUTBOX_LENGTH] = g_param_spec_uint ("outbox-length", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_MESSAGES_IN] = g_param_spec_uint64 ("messages-in", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_MESSAGES_OUT] = g_param_spec_uint64 ("messages-out", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_IN] = g_param_spec_uint64 ("bytes-in", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_OUT] = g_param_spec_uint64 ("bytes-out", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeSession::record:
   * @record: (type gpointer): a `const SondeRecord *`, valid during the
   *   emission only
   *
   * Every event of every connection of the session, after the log and
   * the writers have it.
   */
  signals[RECORD] = g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, g_cclosure_marshal_VOID__POINTER,
                                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  g_signal_set_va_marshaller (signals[RECORD], G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__POINTERv);
  /**
   * SondeSession::error:
   * @message: the human message of an `error` event of the current
   *   connection
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * SondeSession::write-failed:
   * @recording: %TRUE for the recorder (it is stopped), %FALSE for the
   *   output writer (it is dropped)
   * @message: what went wrong, for a human
   */
  signals[WRITE_FAILED] = g_signal_new ("write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        G_TYPE_BOOLEAN, G_TYPE_STRING);
  /**
   * SondeSession::finished:
   * @success: as SondeConnection::finished of the current connection
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
sonde_session_init (SondeSession *self)
{
  self->closing = g_ptr_array_new_with_free_func (g_object_unref);
  self->outbox = sonde_outbox_new ();
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->profile = sonde_profile_new ();
  self->stats = sonde_stats_new ();
  self->timeline = sonde_timeline_new ();
}

/**
 * sonde_session_new:
 * @profile: (nullable): what to connect to and how
 */
SondeSession *
sonde_session_new (SondeProfile *profile)
{
  g_return_val_if_fail (profile == NULL || SONDE_IS_PROFILE (profile), NULL);

  return g_object_new (SONDE_TYPE_SESSION, "profile", profile, NULL);
}

SondeProfile *
sonde_session_get_profile (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), NULL);
  return self->profile;
}

/**
 * sonde_session_set_profile:
 *
 * The next Connect uses @profile (a new connection; the current one, if
 * active, closes cleanly then). The outbox stays.
 */
void
sonde_session_set_profile (SondeSession *self,
                           SondeProfile *profile)
{
  g_return_if_fail (SONDE_IS_SESSION (self));
  g_return_if_fail (profile == NULL || SONDE_IS_PROFILE (profile));

  if (profile == NULL)
    {
      g_autoptr(SondeProfile) fresh = sonde_profile_new ();

      sonde_session_set_profile (self, fresh);
      return;
    }
  if (g_set_object (&self->profile, profile))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/**
 * sonde_session_get_connection:
 *
 * Returns: (transfer none) (nullable): the current connection, %NULL
 *   before anything was connected or sent.
 */
SondeConnection *
sonde_session_get_connection (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), NULL);
  return self->connection;
}

SondeLog *
sonde_session_get_log (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), NULL);
  return self->log;
}

/**
 * sonde_session_set_log:
 * @log: (nullable): where the events are kept for a view; %NULL keeps
 *   none (`sonde-cli`)
 */
void
sonde_session_set_log (SondeSession *self,
                       SondeLog     *log)
{
  g_return_if_fail (SONDE_IS_SESSION (self));
  g_return_if_fail (log == NULL || SONDE_IS_LOG (log));

  if (g_set_object (&self->log, log))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

/**
 * sonde_session_set_output:
 * @writer: (nullable): where every event is written as well (standard
 *   output for `sonde-cli connect`)
 */
void
sonde_session_set_output (SondeSession     *self,
                          SondeEventWriter *writer)
{
  g_return_if_fail (SONDE_IS_SESSION (self));
  g_return_if_fail (writer == NULL || SONDE_IS_EVENT_WRITER (writer));

  if (self->output != NULL)
    g_signal_handlers_disconnect_by_data (self->output, self);
  g_set_object (&self->output, writer);
  if (writer != NULL)
    g_signal_connect (writer, "failed", G_CALLBACK (writer_failed_cb), self);
}

/**
 * sonde_session_connect:
 *
 * Connects with the session's profile: a new attempt after Disconnect or
 * a close, the waiting reconnect at once, nothing while connecting or
 * open. A URL or profile that cannot even be tried is refused with
 * @error (and an `error` event in the log; the writers get nothing).
 */
gboolean
sonde_session_connect (SondeSession  *self,
                       GError       **error)
{
  SondeConnection *connection;
  g_autoptr(GPtrArray) held = NULL;
  gboolean ok;

  g_return_val_if_fail (SONDE_IS_SESSION (self), FALSE);

  /* Never a placeholder on the wire: the secret values first. */
  if (self->secrets_cancellable != NULL || sonde_profile_has_placeholders (self->profile))
    {
      self->connect_after_secrets = TRUE;
      if (self->secrets_cancellable == NULL)
        sonde_session_load_secrets_async (self, NULL, NULL, NULL);
      return TRUE;
    }

  connection = ensure_connection (self);
  /* Closing after Disconnect: it finishes on its own, a new one starts. */
  if (sonde_connection_get_state (connection) == SONDE_STATE_CLOSING)
    connection = new_connection (self);

  update_pairing (self);
  self->holding = TRUE;
  ok = sonde_connection_connect (connection, error);
  self->holding = FALSE;

  held = g_steal_pointer (&self->held);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  if (ok)
    {
      self->profile_messages_sent = TRUE;
      for (guint i = 0; i < held->len; i++)
        write_out (self, NULL, held->pdata[i]);
    }
  return ok;
}

/**
 * sonde_session_warn:
 * @message: one sentence for people
 *
 * A `warning` event of the session (in the log, the recording and the
 * output), for what the user should know before connecting: a secret
 * value that could not be read, say.
 */
void
sonde_session_warn (SondeSession *self,
                    const char   *message)
{
  g_autofree char *name = NULL;
  SondeRecord record;

  g_return_if_fail (SONDE_IS_SESSION (self));
  g_return_if_fail (message != NULL);

  name = sonde_profile_dup_display_name (self->profile);
  sonde_record_init (&record, SONDE_RECORD_WARNING, g_intern_string (name));
  sonde_record_set_text (&record, message);
  if (self->log != NULL)
    sonde_log_append_record (self->log, &record);
  write_out (self, &record, NULL);
  g_signal_emit (self, signals[RECORD], 0, &record);
}

static void
secrets_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SondeSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;
  gboolean ok;

  ok = sonde_secrets_load_profile_finish (SONDE_SECRETS (source), result, &missing, &error);
  /* A later load replaced this one: that one is the session's now. */
  if (self->secrets_cancellable == g_task_get_task_data (task))
    g_clear_object (&self->secrets_cancellable);
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (missing != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", missing);
      g_autofree char *message = NULL;

      /* Translators: %s names the values, like "Authorization, login". */
      message = g_strdup_printf (_("Secret values not found in the keyring and left out: %s"), names);
      sonde_session_warn (self, message);
    }

  if (self->connect_after_secrets)
    {
      self->connect_after_secrets = FALSE;
      sonde_session_connect (self, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * sonde_session_load_secrets_async:
 *
 * Reads the secret values of the session's profile from the keyring
 * (sonde-secrets.h), in place of its placeholders; a value nobody knows
 * is left out, with a `warning` event. sonde_session_connect() does this
 * by itself and connects afterwards.
 */
void
sonde_session_load_secrets_async (SondeSession        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SONDE_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sonde_session_load_secrets_async);
  if (self->secrets_cancellable != NULL)
    g_cancellable_cancel (self->secrets_cancellable);
  g_clear_object (&self->secrets_cancellable);
  self->secrets_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, g_object_ref (self->secrets_cancellable), g_object_unref);
  sonde_secrets_load_profile_async (sonde_secrets_get_default (), self->profile,
                                    self->secrets_cancellable, secrets_loaded_cb, task);
}

gboolean
sonde_session_load_secrets_finish (SondeSession  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sonde_session_disconnect:
 *
 * A user close: the logout text, then close 1000; no reconnect follows.
 * What waits in the outbox stays for the next Connect.
 */
void
sonde_session_disconnect (SondeSession *self)
{
  g_return_if_fail (SONDE_IS_SESSION (self));

  /* A Connect still waiting for the secret values is called off too. */
  self->connect_after_secrets = FALSE;
  if (self->connection != NULL)
    sonde_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

/**
 * sonde_session_reconnect_now:
 *
 * Skips the wait of a pending reconnect.
 */
void
sonde_session_reconnect_now (SondeSession *self)
{
  g_return_if_fail (SONDE_IS_SESSION (self));

  if (self->connection != NULL)
    sonde_connection_reconnect_now (self->connection);
}

/**
 * sonde_session_send_text:
 *
 * Sends @text now when OPEN; otherwise it waits in the session's outbox
 * (a `queued` event) for the next open, whatever connection that is.
 */
gboolean
sonde_session_send_text (SondeSession  *self,
                         const char    *text,
                         GError       **error)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  return sonde_connection_send_text (ensure_connection (self), text, error);
}

/**
 * sonde_session_send_text_len:
 * @length: the length of @text in bytes, or -1
 *
 * sonde_session_send_text() for a text that may hold NUL characters: it is
 * sent whole.
 */
gboolean
sonde_session_send_text_len (SondeSession  *self,
                             const char    *text,
                             gssize         length,
                             GError       **error)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  return sonde_connection_send_text_len (ensure_connection (self), text, length, error);
}

gboolean
sonde_session_send_binary (SondeSession  *self,
                           GBytes        *bytes,
                           GError       **error)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  return sonde_connection_send_binary (ensure_connection (self), bytes, error);
}

/**
 * sonde_session_send_full:
 * @role: the role to report (and, for a heartbeat, to count as one)
 * @replay_of: the `seq` of the recorded line this plays again, or 0
 *
 * What a replay sends: like sonde_session_send_text() or
 * sonde_session_send_binary(), through the same outbox.
 */
gboolean
sonde_session_send_full (SondeSession  *self,
                         gboolean       binary,
                         GBytes        *payload,
                         SondeRole      role,
                         guint64        replay_of,
                         GError       **error)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  return sonde_connection_send_full (ensure_connection (self), binary, payload, role, replay_of, error);
}

/**
 * sonde_session_start_recording:
 * @path: a file, appended to (created when missing)
 *
 * Every event from now on is appended to @path as well, through a
 * buffer flushed at least once a second and when recording stops.
 */
gboolean
sonde_session_start_recording (SondeSession  *self,
                               const char    *path,
                               GError       **error)
{
  g_autoptr(SondeEventWriter) writer = NULL;

  g_return_val_if_fail (SONDE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  writer = sonde_event_writer_new_for_path (path, error);
  if (writer == NULL)
    return FALSE;

  if (self->recorder != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recorder, self);
      sonde_event_writer_close (self->recorder, NULL);
    }
  g_set_object (&self->recorder, writer);
  g_signal_connect (writer, "failed", G_CALLBACK (writer_failed_cb), self);
  g_free (self->record_path);
  self->record_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_PATH]);
  return TRUE;
}

/**
 * sonde_session_stop_recording:
 *
 * Writes what waits and closes the record file. When that fails, the
 * failure is reported as any write error of the recorder ("write-failed"
 * and an `error` event).
 */
void
sonde_session_stop_recording (SondeSession *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SONDE_IS_SESSION (self));

  if (self->recorder == NULL)
    return;
  if (!sonde_event_writer_flush (self->recorder, &error))
    {
      writer_failed (self, self->recorder, error);
      return;
    }
  g_signal_handlers_disconnect_by_data (self->recorder, self);
  sonde_event_writer_close (self->recorder, NULL);
  g_clear_object (&self->recorder);
  g_clear_pointer (&self->record_path, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_PATH]);
}

/**
 * sonde_session_report_unsent:
 *
 * When messages still wait in the outbox, writes one `unsent` event with
 * their count, their bytes and the messages themselves to the writers
 * (docs/events.md), once: nothing the user sent is dropped silently at
 * shutdown. The session's dispose calls it too.
 *
 * Returns: the number of unsent messages
 */
guint
sonde_session_report_unsent (SondeSession *self)
{
  g_autoptr(SondeEvent) event = NULL;
  g_autoptr(JsonArray) messages = NULL;
  guint n;

  g_return_val_if_fail (SONDE_IS_SESSION (self), 0);

  n = sonde_outbox_get_length (self->outbox);
  if (n == 0 || self->unsent_reported)
    return n;
  self->unsent_reported = TRUE;

  messages = json_array_sized_new (n);
  for (const GList *l = sonde_outbox_peek_items (self->outbox); l != NULL; l = l->next)
    {
      const SondeOutboxItem *item = l->data;
      SondeRecord record;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;
      JsonObject *message = json_object_new ();

      /* The fields of a `queued` event, through the same code. */
      sonde_record_init (&record, SONDE_RECORD_QUEUED, "");
      record.text = g_bytes_get_data (item->payload, NULL);
      record.text_len = record.size = g_bytes_get_size (item->payload);
      if (item->binary)
        record.flags |= SONDE_RECORD_FLAG_BINARY;
      node = sonde_record_to_json_node (&record);
      object = json_node_get_object (node);
      for (const char * const *member = (const char * const []) { "kind", "size", "text", "base64", "invalid_utf8", NULL };
           *member != NULL; member++)
        if (json_object_has_member (object, *member))
          json_object_set_member (message, *member, json_object_dup_member (object, *member));
      json_array_add_object_element (messages, message);
    }

  event = sonde_event_new (SONDE_EVENT_UNSENT, session_name (self));
  sonde_event_set_int (event, "seq", ++self->seq);
  sonde_event_set_int (event, "count", n);
  sonde_event_set_int (event, "bytes", sonde_outbox_get_bytes (self->outbox));
  json_object_set_array_member (sonde_event_get_fields (event), "messages", g_steal_pointer (&messages));
  write_out (self, NULL, event);
  return n;
}

/**
 * sonde_session_get_n_waiting_requests:
 *
 * Returns: how many paired requests wait for their reply (0 when pairing
 *   is off)
 */
guint
sonde_session_get_n_waiting_requests (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), 0);
  return self->pairing != NULL ? sonde_pairing_get_n_pending (self->pairing) : 0;
}

const char *
sonde_session_get_record_path (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), NULL);
  return self->record_path;
}

gboolean
sonde_session_get_active (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), FALSE);
  return self->connection != NULL && sonde_connection_get_active (self->connection);
}

SondeState
sonde_session_get_state (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), SONDE_STATE_CLOSED);
  return self->connection != NULL ? sonde_connection_get_state (self->connection)
                                  : SONDE_STATE_CLOSED;
}

guint
sonde_session_get_outbox_length (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), 0);
  return sonde_outbox_get_length (self->outbox);
}

/* The counters as last published (at most COUNTERS_INTERVAL_MS old). */
guint64
sonde_session_get_messages_in (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), 0);
  return self->published[COUNT_IN];
}

guint64
sonde_session_get_messages_out (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), 0);
  return self->published[COUNT_OUT];
}

guint64
sonde_session_get_bytes_in (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), 0);
  return self->published[COUNT_BYTES_IN];
}

guint64
sonde_session_get_bytes_out (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), 0);
  return self->published[COUNT_BYTES_OUT];
}

/**
 * sonde_session_get_stats:
 *
 * Returns: (transfer none): the live statistics of every record of the
 *   session
 */
SondeStats *
sonde_session_get_stats (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), NULL);
  return self->stats;
}

/**
 * sonde_session_get_timeline:
 *
 * Returns: (transfer none): the readyState history of the session
 */
SondeTimeline *
sonde_session_get_timeline (SondeSession *self)
{
  g_return_val_if_fail (SONDE_IS_SESSION (self), NULL);
  return self->timeline;
}
