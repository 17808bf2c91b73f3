/* sonde-replay.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sonde-replay.h"

/* Plays a recording's outbound messages again through a session, with the
 * recorded gaps divided by the speed (docs/cli.md, `sonde-cli replay`).
 *
 * The clock starts when the session is first OPEN. Each message is due at
 * start + (its recorded time - the first one's) / speed, an absolute time
 * on the monotonic clock, so that late wake-ups never add up to a drift.
 * One GSource is re-armed with the next due time (µs resolution; the main
 * loop wakes within a millisecond of it). Messages due while the
 * connection is down go to the session's outbox, as anything the user
 * sends does, and out after the next open: nothing is skipped. After the
 * last one has left the outbox the replay lingers for replies, then it is
 * finished. */

typedef struct
{
  GBytes  *payload;
  gint64   offset_us;   /* recorded time since the first message */
  guint64  seq;         /* of the recorded line */
  guint8   role;
  gboolean binary;
} Item;

struct _SondeReplay
{
  GObject       parent_instance;

  SondeSession *session;
  GArray       *items;        /* Item */
  double        speed;
  gboolean      all_roles;
  guint         linger_ms;

  guint         next;
  gint64        start_us;
  GSource      *timer;
  guint         linger_id;
  gulong        state_handler;
  gulong        outbox_handler;
  gboolean      running;
  gboolean      finished;
};

enum {
  PROP_0,
  PROP_N_SENT,
  PROP_N_TOTAL,
  PROP_RUNNING,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeReplay, sonde_replay, G_TYPE_OBJECT)

static void
item_clear (Item *item)
{
  g_clear_pointer (&item->payload, g_bytes_unref);
}

static void
disarm (SondeReplay *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_clear_handle_id (&self->linger_id, g_source_remove);
  g_clear_signal_handler (&self->state_handler, self->session);
  g_clear_signal_handler (&self->outbox_handler, self->session);
}

static void
sonde_replay_dispose (GObject *object)
{
  SondeReplay *self = (SondeReplay *) object;

  disarm (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sonde_replay_parent_class)->dispose (object);
}

static void
sonde_replay_finalize (GObject *object)
{
  SondeReplay *self = (SondeReplay *) object;

  g_array_unref (self->items);

  G_OBJECT_CLASS (sonde_replay_parent_class)->finalize (object);
}

static void
sonde_replay_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SondeReplay *self = SONDE_REPLAY (object);

  switch (prop_id)
    {
    case PROP_N_SENT: g_value_set_uint (value, self->next); break;
    case PROP_N_TOTAL: g_value_set_uint (value, self->items->len); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_replay_class_init (SondeReplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sonde_replay_dispose;
  object_class->finalize = sonde_replay_finalize;
  object_class->get_property = sonde_replay_get_property;

  properties[PROP_N_SENT] = g_param_spec_uint ("n-sent", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_TOTAL] = g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeReplay::finished:
   * @complete: every message was sent (%FALSE when stopped before)
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
sonde_replay_init (SondeReplay *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, (GDestroyNotify) item_clear);
  self->speed = 1.0;
  self->linger_ms = SONDE_REPLAY_DEFAULT_LINGER_MS;
}

SondeReplay *
sonde_replay_new (SondeSession *session)
{
  SondeReplay *self;

  g_return_val_if_fail (SONDE_IS_SESSION (session), NULL);

  self = g_object_new (SONDE_TYPE_REPLAY, NULL);
  self->session = g_object_ref (session);
  return self;
}

/**
 * sonde_replay_set_speed:
 * @speed: the recorded gaps are divided by it; 0 sends as fast as possible
 */
void
sonde_replay_set_speed (SondeReplay *self,
                        double       speed)
{
  g_return_if_fail (SONDE_IS_REPLAY (self));
  g_return_if_fail (speed >= 0 && isfinite (speed));
  self->speed = speed;
}

void
sonde_replay_set_all_roles (SondeReplay *self,
                            gboolean     all_roles)
{
  g_return_if_fail (SONDE_IS_REPLAY (self));
  self->all_roles = all_roles;
}

void
sonde_replay_set_linger (SondeReplay *self,
                         guint        linger_ms)
{
  g_return_if_fail (SONDE_IS_REPLAY (self));
  self->linger_ms = linger_ms;
}

/**
 * sonde_replay_load:
 * @recording: a recording read back (SondeRecordingReader)
 *
 * Takes the outbound messages of role `user` (every role with
 * sonde_replay_set_all_roles()).
 *
 * Returns: how many messages will be sent
 */
guint
sonde_replay_load (SondeReplay *self,
                   SondeLog    *recording)
{
  guint n;
  gint64 first_us = 0;

  g_return_val_if_fail (SONDE_IS_REPLAY (self), 0);
  g_return_val_if_fail (!self->running, 0);

  sonde_log_flush (recording);
  g_array_set_size (self->items, 0);
  n = g_list_model_get_n_items (G_LIST_MODEL (recording));
  for (guint i = 0; i < n; i++)
    {
      const SondeRecord *record = sonde_log_get_record (recording, i);
      Item item = { 0 };

      if (record->type != SONDE_RECORD_MESSAGE || record->direction != SONDE_DIRECTION_OUT)
        continue;
      if (!self->all_roles && record->role != SONDE_ROLE_USER)
        continue;
      if (self->items->len == 0)
        first_us = record->wall_us;
      item.payload = g_bytes_new (record->text, record->text_len);
      /* A clock set back during the recording does not make a negative gap. */
      item.offset_us = MAX (record->wall_us - first_us,
                            self->items->len > 0
                            ? g_array_index (self->items, Item, self->items->len - 1).offset_us : 0);
      item.seq = record->seq;
      item.role = record->role;
      item.binary = (record->flags & SONDE_RECORD_FLAG_BINARY) != 0;
      g_array_append_val (self->items, item);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  return self->items->len;
}

static void
finish (SondeReplay *self,
        gboolean     complete)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  disarm (self);
  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, complete);
}

static gboolean
linger_cb (gpointer data)
{
  SondeReplay *self = data;

  self->linger_id = 0;
  finish (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* The last message is out of the outbox: wait for the replies. */
static void
maybe_linger (SondeReplay *self)
{
  if (self->next < self->items->len || self->linger_id != 0 || self->finished)
    return;
  if (sonde_session_get_state (self->session) != SONDE_STATE_OPEN ||
      sonde_session_get_outbox_length (self->session) > 0)
    return;
  self->linger_id = g_timeout_add (self->linger_ms, linger_cb, self);
}

static gint64
due_us (SondeReplay *self,
        guint        index)
{
  const Item *item = &g_array_index (self->items, Item, index);

  if (self->speed == 0)
    return self->start_us;
  return self->start_us + (gint64) llround (item->offset_us / self->speed);
}

static gboolean
timer_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs timer_funcs = { NULL, NULL, timer_dispatch, NULL, NULL, NULL };

static gboolean
send_due_cb (gpointer data)
{
  SondeReplay *self = data;
  gint64 now = g_get_monotonic_time ();
  guint before = self->next;

  g_object_ref (self);
  while (self->running && self->next < self->items->len && due_us (self, self->next) <= now)
    {
      const Item *item = &g_array_index (self->items, Item, self->next);
      g_autoptr(GError) error = NULL;

      self->next++;
      /* A refused message (a full outbox) is an error event of the
       * session's; the replay goes on with the next one. */
      sonde_session_send_full (self->session, item->binary, item->payload, item->role,
                               item->seq, &error);
    }
  if (self->next != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SENT]);
  if (self->running && self->next < self->items->len)
    g_source_set_ready_time (self->timer, due_us (self, self->next));
  else if (self->timer != NULL)
    g_source_set_ready_time (self->timer, -1);
  maybe_linger (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static void
begin (SondeReplay *self)
{
  self->start_us = g_get_monotonic_time ();
  self->timer = g_source_new (&timer_funcs, sizeof (GSource));
  g_source_set_name (self->timer, "[sonde] replay");
  g_source_set_priority (self->timer, G_PRIORITY_HIGH);
  g_source_set_callback (self->timer, send_due_cb, self, NULL);
  g_source_set_ready_time (self->timer, self->items->len > 0 ? due_us (self, 0) : -1);
  g_source_attach (self->timer, NULL);
  maybe_linger (self);
}

static void
session_changed_cb (SondeSession *session,
                    GParamSpec   *pspec,
                    SondeReplay  *self)
{
  if (self->timer == NULL)
    {
      if (sonde_session_get_state (session) == SONDE_STATE_OPEN)
        begin (self);
      return;
    }
  maybe_linger (self);
}

/**
 * sonde_replay_start:
 *
 * Starts the clock at the session's next OPEN (now, when it is open).
 */
void
sonde_replay_start (SondeReplay *self)
{
  g_return_if_fail (SONDE_IS_REPLAY (self));
  g_return_if_fail (!self->running && !self->finished);

  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  self->state_handler = g_signal_connect (self->session, "notify::state",
                                          G_CALLBACK (session_changed_cb), self);
  self->outbox_handler = g_signal_connect (self->session, "notify::outbox-length",
                                           G_CALLBACK (session_changed_cb), self);
  if (sonde_session_get_state (self->session) == SONDE_STATE_OPEN)
    begin (self);
}

/**
 * sonde_replay_stop:
 *
 * Sends nothing more; what already waits in the outbox stays there.
 */
void
sonde_replay_stop (SondeReplay *self)
{
  g_return_if_fail (SONDE_IS_REPLAY (self));

  if (self->running)
    finish (self, FALSE);
}

guint
sonde_replay_get_n_sent (SondeReplay *self)
{
  g_return_val_if_fail (SONDE_IS_REPLAY (self), 0);
  return self->next;
}

guint
sonde_replay_get_n_total (SondeReplay *self)
{
  g_return_val_if_fail (SONDE_IS_REPLAY (self), 0);
  return self->items->len;
}

gboolean
sonde_replay_get_running (SondeReplay *self)
{
  g_return_val_if_fail (SONDE_IS_REPLAY (self), FALSE);
  return self->running;
}
