/* sonde-heartbeat.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-heartbeat.h"

struct _SondeHeartbeat
{
  GObject  parent_instance;

  guint    interval_ms;
  guint    timeout_ms;
  guint    limit;
  GRegex  *reply;
  guint    ping_ms;

  gboolean running;
  guint    idle_id;       /* fires "beat" after interval_ms of outbound silence */
  guint    timeout_id;    /* no reply within timeout_ms of the oldest unanswered beat */
  guint    ping_check_id;
  gint64   last_beat;     /* monotonic µs of the newest heartbeat sent */
  gboolean awaiting;      /* a heartbeat is unanswered */
  gint64   last_inbound;  /* monotonic µs of the newest inbound frame or pong */
  guint    missed;
};

enum {
  BEAT,
  MISSED,
  DEAD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeHeartbeat, sonde_heartbeat, G_TYPE_OBJECT)

static void
sonde_heartbeat_dispose (GObject *object)
{
  SondeHeartbeat *self = (SondeHeartbeat *) object;

  sonde_heartbeat_stop (self);
  g_clear_pointer (&self->reply, g_regex_unref);

  G_OBJECT_CLASS (sonde_heartbeat_parent_class)->dispose (object);
}

static void
sonde_heartbeat_class_init (SondeHeartbeatClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sonde_heartbeat_dispose;

  signals[BEAT] = g_signal_new ("beat", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* missed, limit, source ("heartbeat" or "ping") */
  signals[MISSED] = g_signal_new ("missed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
  signals[DEAD] = g_signal_new ("dead", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sonde_heartbeat_init (SondeHeartbeat *self)
{
  self->limit = 2;
}

SondeHeartbeat *
sonde_heartbeat_new (void)
{
  return g_object_new (SONDE_TYPE_HEARTBEAT, NULL);
}

/**
 * sonde_heartbeat_configure:
 * @interval_ms: heartbeat after this much outbound silence; 0 = off
 * @timeout_ms: a heartbeat unanswered this long is a miss
 * @limit: consecutive misses that mean the peer is dead
 * @reply: (nullable): what a reply looks like; %NULL = any inbound frame
 * @ping_ms: the WebSocket ping interval; 0 = off
 */
void
sonde_heartbeat_configure (SondeHeartbeat *self,
                           guint           interval_ms,
                           guint           timeout_ms,
                           guint           limit,
                           GRegex         *reply,
                           guint           ping_ms)
{
  g_return_if_fail (SONDE_IS_HEARTBEAT (self));

  self->interval_ms = interval_ms;
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : 2 * interval_ms;
  self->limit = MAX (limit, 1);
  g_clear_pointer (&self->reply, g_regex_unref);
  self->reply = reply ? g_regex_ref (reply) : NULL;
  self->ping_ms = ping_ms;
}

static void
count_miss (SondeHeartbeat *self,
            const char     *source)
{
  self->missed++;
  g_signal_emit (self, signals[MISSED], 0, self->missed, self->limit, source);
  if (self->running && self->missed >= self->limit)
    {
      sonde_heartbeat_stop (self);
      g_signal_emit (self, signals[DEAD], 0, source);
    }
}

static gboolean
timeout_cb (gpointer data)
{
  SondeHeartbeat *self = data;

  self->timeout_id = 0;
  self->awaiting = FALSE;
  g_object_ref (self);
  count_miss (self, "heartbeat");
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static gboolean
idle_cb (gpointer data)
{
  SondeHeartbeat *self = data;

  self->idle_id = 0;
  /* The receiver sends the heartbeat text, which calls back into
   * sonde_heartbeat_outbound() and so re-arms this timer. */
  g_signal_emit (self, signals[BEAT], 0);
  return G_SOURCE_REMOVE;
}

/* libsoup pings on a whole-second timer, so a pong can only be expected
 * within two of its periods. */
static gint64
ping_window_us (SondeHeartbeat *self)
{
  guint period_s = MAX (1, (self->ping_ms + 999) / 1000);

  return 2 * (gint64) period_s * G_USEC_PER_SEC;
}

static gboolean
ping_check_cb (gpointer data)
{
  SondeHeartbeat *self = data;
  gint64 now = g_get_monotonic_time ();

  if (now - self->last_inbound > ping_window_us (self))
    {
      /* Count each window of silence once. */
      self->last_inbound = now;
      g_object_ref (self);
      count_miss (self, "ping");
      g_object_unref (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
arm_idle (SondeHeartbeat *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->running && self->interval_ms > 0)
    self->idle_id = g_timeout_add (self->interval_ms, idle_cb, self);
}

/**
 * sonde_heartbeat_start:
 *
 * The connection is open: start counting silence.
 */
void
sonde_heartbeat_start (SondeHeartbeat *self)
{
  g_return_if_fail (SONDE_IS_HEARTBEAT (self));

  sonde_heartbeat_stop (self);
  self->running = TRUE;
  self->missed = 0;
  self->last_inbound = g_get_monotonic_time ();
  arm_idle (self);
  if (self->ping_ms > 0)
    self->ping_check_id = g_timeout_add (self->ping_ms, ping_check_cb, self);
}

void
sonde_heartbeat_stop (SondeHeartbeat *self)
{
  g_return_if_fail (SONDE_IS_HEARTBEAT (self));

  self->running = FALSE;
  self->awaiting = FALSE;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->ping_check_id, g_source_remove);
}

/**
 * sonde_heartbeat_outbound:
 * @is_heartbeat: the message was the heartbeat text
 *
 * Every send restarts the silence timer, as mini-program clients do.
 */
void
sonde_heartbeat_outbound (SondeHeartbeat *self,
                          gboolean        is_heartbeat)
{
  g_return_if_fail (SONDE_IS_HEARTBEAT (self));

  if (!self->running)
    return;

  arm_idle (self);
  if (is_heartbeat)
    {
      self->last_beat = g_get_monotonic_time ();
      /* The timeout runs from the oldest unanswered heartbeat. */
      if (!self->awaiting)
        {
          self->awaiting = TRUE;
          self->timeout_id = g_timeout_add (MAX (self->timeout_ms, 1), timeout_cb, self);
        }
    }
}

/**
 * sonde_heartbeat_inbound:
 * @text: (nullable): the text of an inbound text message
 * @is_pong: the frame was a WebSocket pong
 * @rtt_ms: (out): the time since the newest heartbeat, or -1
 *
 * Returns: whether the frame is the heartbeat reply.
 */
gboolean
sonde_heartbeat_inbound (SondeHeartbeat *self,
                         const char     *text,
                         gboolean        is_pong,
                         gint64         *rtt_ms)
{
  gboolean is_reply;

  g_return_val_if_fail (SONDE_IS_HEARTBEAT (self), FALSE);

  *rtt_ms = -1;
  self->last_inbound = g_get_monotonic_time ();

  if (!self->running)
    return FALSE;

  if (self->interval_ms == 0)
    {
      /* Only the ping rule runs: any frame shows the peer is alive. */
      self->missed = 0;
      return FALSE;
    }

  if (self->reply != NULL)
    is_reply = text != NULL && g_regex_match (self->reply, text, 0, NULL);
  else
    is_reply = !is_pong && self->awaiting;

  if (is_reply)
    {
      if (self->awaiting || self->last_beat > 0)
        *rtt_ms = (self->last_inbound - self->last_beat) / 1000;
      self->awaiting = FALSE;
      self->missed = 0;
      g_clear_handle_id (&self->timeout_id, g_source_remove);
    }
  else if (self->reply == NULL)
    {
      /* Without a reply pattern any frame, pongs included, proves life. */
      self->missed = 0;
    }

  return is_reply && !is_pong;
}

guint
sonde_heartbeat_get_missed (SondeHeartbeat *self)
{
  g_return_val_if_fail (SONDE_IS_HEARTBEAT (self), 0);
  return self->missed;
}

guint
sonde_heartbeat_get_limit (SondeHeartbeat *self)
{
  g_return_val_if_fail (SONDE_IS_HEARTBEAT (self), 0);
  return self->limit;
}
