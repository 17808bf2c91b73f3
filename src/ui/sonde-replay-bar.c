/* sonde-replay-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-recording-reader.h"
#include "sonde-replay-bar.h"
#include "sonde-replay.h"

/* "Replay Recording…" for one session: reads the recording (with its
 * progress, cancellable), connects the session when it is not, plays the
 * recording's outbound messages with SondeReplay and shows how far it got,
 * with a Stop button. A recording with unreadable lines is refused whole,
 * naming the first one ("error" signal), as `sonde-cli replay` does. */

struct _SondeReplayBar
{
  GtkWidget             parent_instance;

  GtkWidget            *box;
  GtkWidget            *label;
  GtkWidget            *progress;
  GtkWidget            *stop_button;

  SondeSession         *session;
  SondeRecordingReader *reader;
  SondeLog             *recording;
  SondeReplay          *replay;
  GCancellable         *cancellable;
  char                 *name;
  char                 *status;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  N_PROPS
};

enum {
  ERROR,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeReplayBar, sonde_replay_bar, GTK_TYPE_WIDGET)

static void
set_status (SondeReplayBar *self,
            char           *status)
{
  g_free (self->status);
  self->status = status;
  gtk_label_set_label (GTK_LABEL (self->label), status);
}

static void
end (SondeReplayBar *self)
{
  if (self->replay != NULL)
    g_signal_handlers_disconnect_by_data (self->replay, self);
  g_clear_object (&self->replay);
  g_clear_object (&self->reader);
  g_clear_object (&self->recording);
  g_clear_object (&self->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
progress_cb (SondeReplay    *replay,
             GParamSpec     *pspec,
             SondeReplayBar *self)
{
  guint sent = sonde_replay_get_n_sent (replay);
  guint total = sonde_replay_get_n_total (replay);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                 total > 0 ? (double) sent / total : 1.0);
  /* Translators: the recording's file name, then counts of messages. */
  set_status (self, g_strdup_printf (_("Replaying %s: %u of %u sent"), self->name, sent, total));
}

static void
replay_finished_cb (SondeReplay    *replay,
                    gboolean        complete,
                    SondeReplayBar *self)
{
  guint sent = sonde_replay_get_n_sent (replay);
  guint total = sonde_replay_get_n_total (replay);
  g_autofree char *message = NULL;

  if (complete)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Replay of %s finished: %u message sent",
                                            "Replay of %s finished: %u messages sent", total),
                               self->name, total);
  else
    message = g_strdup_printf (_("Replay of %s stopped: %u of %u sent"), self->name, sent, total);
  set_status (self, g_strdup (message));
  end (self);
  g_signal_emit (self, signals[FINISHED], 0, message);
}

static void
fail (SondeReplayBar *self,
      const char     *message)
{
  set_status (self, g_strdup (message));
  end (self);
  g_signal_emit (self, signals[ERROR], 0, message);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SondeReplayBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *refusal = NULL;

  if (!sonde_recording_reader_load_finish (SONDE_RECORDING_READER (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          end (self);
          return;
        }
      fail (self, error->message);
      return;
    }
  if (self->reader != SONDE_RECORDING_READER (source))
    return;

  refusal = sonde_recording_reader_dup_refusal (self->reader, self->name);
  if (refusal != NULL)
    {
      fail (self, refusal);
      return;
    }

  self->replay = sonde_replay_new (self->session);
  if (sonde_replay_load (self->replay, self->recording) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s holds no messages sent by the user to replay"), self->name);

      fail (self, message);
      return;
    }
  g_signal_connect (self->replay, "notify::n-sent", G_CALLBACK (progress_cb), self);
  g_signal_connect (self->replay, "finished", G_CALLBACK (replay_finished_cb), self);
  progress_cb (self->replay, NULL, self);
  sonde_replay_start (self->replay);
  if (sonde_session_get_state (self->session) != SONDE_STATE_OPEN &&
      sonde_session_get_state (self->session) != SONDE_STATE_CONNECTING &&
      !sonde_session_connect (self->session, &error))
    {
      g_autofree char *message = g_strdup (error->message);

      sonde_replay_stop (self->replay);
      fail (self, message);
    }
}

static void
stop_clicked_cb (SondeReplayBar *self)
{
  sonde_replay_bar_stop (self);
}

static void
sonde_replay_bar_dispose (GObject *object)
{
  SondeReplayBar *self = (SondeReplayBar *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->replay != NULL)
    g_signal_handlers_disconnect_by_data (self->replay, self);
  g_clear_object (&self->replay);
  g_clear_object (&self->reader);
  g_clear_object (&self->recording);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (sonde_replay_bar_parent_class)->dispose (object);
}

static void
sonde_replay_bar_finalize (GObject *object)
{
  SondeReplayBar *self = (SondeReplayBar *) object;

  g_free (self->name);
  g_free (self->status);

  G_OBJECT_CLASS (sonde_replay_bar_parent_class)->finalize (object);
}

static void
sonde_replay_bar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeReplayBar *self = SONDE_REPLAY_BAR (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_BUSY: g_value_set_boolean (value, sonde_replay_bar_get_busy (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_replay_bar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeReplayBar *self = SONDE_REPLAY_BAR (object);

  switch (prop_id)
    {
    case PROP_SESSION: sonde_replay_bar_set_session (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_replay_bar_class_init (SondeReplayBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_replay_bar_dispose;
  object_class->finalize = sonde_replay_bar_finalize;
  object_class->get_property = sonde_replay_bar_get_property;
  object_class->set_property = sonde_replay_bar_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SONDE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeReplayBar::error:
   * @message: one human sentence: why nothing (more) is replayed
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * SondeReplayBar::finished:
   * @message: how it ended, for a toast
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "replaybar");
}

static void
sonde_replay_bar_init (SondeReplayBar *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->box, "toolbar");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->label);

  self->progress = gtk_progress_bar_new ();
  gtk_widget_set_valign (self->progress, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (self->progress, 80, -1);
  gtk_box_append (GTK_BOX (self->box), self->progress);

  self->stop_button = gtk_button_new_with_mnemonic (_("_Stop Replay"));
  gtk_widget_add_css_class (self->stop_button, "destructive-action");
  g_signal_connect_swapped (self->stop_button, "clicked", G_CALLBACK (stop_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->stop_button);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

SondeReplayBar *
sonde_replay_bar_new (void)
{
  return g_object_new (SONDE_TYPE_REPLAY_BAR, NULL);
}

void
sonde_replay_bar_set_session (SondeReplayBar *self,
                              SondeSession   *session)
{
  g_return_if_fail (SONDE_IS_REPLAY_BAR (self));
  g_return_if_fail (session == NULL || SONDE_IS_SESSION (session));

  if (self->session == session)
    return;
  sonde_replay_bar_stop (self);
  g_set_object (&self->session, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * sonde_replay_bar_start:
 * @file: a recording or export
 *
 * Replays @file through the session at its recorded speed, connecting it
 * first when it is not connected.
 */
void
sonde_replay_bar_start (SondeReplayBar *self,
                        GFile          *file)
{
  g_return_if_fail (SONDE_IS_REPLAY_BAR (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->session != NULL);

  sonde_replay_bar_stop (self);
  g_free (self->name);
  self->name = g_file_get_basename (file);
  self->reader = sonde_recording_reader_new (file);
  self->recording = sonde_log_new (0);
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
  /* Translators: %s is the recording's file name. */
  set_status (self, g_strdup_printf (_("Reading %s…"), self->name));
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  sonde_recording_reader_load_async (self->reader, self->recording, self->cancellable,
                                     loaded_cb, g_object_ref (self));
}

/**
 * sonde_replay_bar_stop:
 *
 * Stops reading or sending; what already waits in the outbox stays.
 */
void
sonde_replay_bar_stop (SondeReplayBar *self)
{
  g_return_if_fail (SONDE_IS_REPLAY_BAR (self));

  if (self->replay != NULL)
    sonde_replay_stop (self->replay);
  else if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
sonde_replay_bar_get_busy (SondeReplayBar *self)
{
  g_return_val_if_fail (SONDE_IS_REPLAY_BAR (self), FALSE);
  return self->reader != NULL;
}

/**
 * sonde_replay_bar_get_status:
 *
 * Returns: (nullable): what the bar says now, or last said
 */
const char *
sonde_replay_bar_get_status (SondeReplayBar *self)
{
  g_return_val_if_fail (SONDE_IS_REPLAY_BAR (self), NULL);
  return self->status;
}
