/* sonde-reconnect.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-backoff.h"
#include "sonde-handshake.h"
#include "sonde-reconnect.h"

struct _SondeReconnect
{
  GObject          parent_instance;

  GNetworkMonitor *monitor;
  guint            base_ms;
  guint            max_ms;
  guint            max_attempts;
  guint            reset_ms;

  guint            failures;       /* consecutive failed attempts */
  guint            timer_id;
  gint64           due;            /* monotonic µs of the next attempt, 0 = none */
  gulong           network_handler;
  guint            stable_id;
};

enum {
  PROP_0,
  PROP_DUE,
  N_PROPS
};

enum {
  RETRY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeReconnect, sonde_reconnect, G_TYPE_OBJECT)

static void
set_due (SondeReconnect *self,
         gint64          due)
{
  if (self->due == due)
    return;
  self->due = due;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE]);
}

/**
 * sonde_reconnect_cancel:
 *
 * Forgets the pending wait, if any.
 */
void
sonde_reconnect_cancel (SondeReconnect *self)
{
  g_return_if_fail (SONDE_IS_RECONNECT (self));

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_signal_handler (&self->network_handler, self->monitor);
  set_due (self, 0);
}

static void
retry (SondeReconnect *self)
{
  sonde_reconnect_cancel (self);
  g_signal_emit (self, signals[RETRY], 0);
}

static gboolean
timer_cb (gpointer data)
{
  SondeReconnect *self = data;

  self->timer_id = 0;
  retry (self);
  return G_SOURCE_REMOVE;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    SondeReconnect  *self)
{
  /* The network is back: try at once. */
  if (available && g_network_monitor_get_network_available (monitor))
    retry (self);
}

static gboolean
stable_cb (gpointer data)
{
  SondeReconnect *self = data;

  /* Open long enough: the next drop starts a new series of attempts. */
  self->stable_id = 0;
  self->failures = 0;
  return G_SOURCE_REMOVE;
}

static void
sonde_reconnect_dispose (GObject *object)
{
  SondeReconnect *self = (SondeReconnect *) object;

  sonde_reconnect_cancel (self);
  g_clear_handle_id (&self->stable_id, g_source_remove);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (sonde_reconnect_parent_class)->dispose (object);
}

static void
sonde_reconnect_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SondeReconnect *self = SONDE_RECONNECT (object);

  switch (prop_id)
    {
    case PROP_DUE:
      g_value_set_int64 (value, self->due);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_reconnect_class_init (SondeReconnectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sonde_reconnect_dispose;
  object_class->get_property = sonde_reconnect_get_property;

  properties[PROP_DUE] =
    g_param_spec_int64 ("due", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeReconnect::retry:
   *
   * The wait is over (or the network came back): try again now.
   */
  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sonde_reconnect_init (SondeReconnect *self)
{
  self->base_ms = 1000;
  self->max_ms = 30000;
}

/**
 * sonde_reconnect_new:
 * @monitor: (nullable): the network monitor; %NULL for the system's
 */
SondeReconnect *
sonde_reconnect_new (GNetworkMonitor *monitor)
{
  SondeReconnect *self = g_object_new (SONDE_TYPE_RECONNECT, NULL);

  self->monitor = g_object_ref (monitor ? monitor : g_network_monitor_get_default ());
  return self;
}

/**
 * sonde_reconnect_configure:
 * @base_ms: the first delay
 * @max_ms: the cap on the delay
 * @max_attempts: give up after this many consecutive failures; 0 = never
 * @reset_ms: a connection open this long starts a new series; 0 = never
 */
void
sonde_reconnect_configure (SondeReconnect *self,
                           guint           base_ms,
                           guint           max_ms,
                           guint           max_attempts,
                           guint           reset_ms)
{
  g_return_if_fail (SONDE_IS_RECONNECT (self));

  self->base_ms = base_ms;
  self->max_ms = MAX (max_ms, 1);
  self->max_attempts = max_attempts;
  self->reset_ms = reset_ms;
}

/**
 * sonde_reconnect_schedule:
 * @url: where the next attempt goes (loopback never waits for the network)
 * @delay_ms: (out): the delay, when the result is %SONDE_RECONNECT_SCHEDULED
 *
 * Counts one failed attempt and decides what comes next: a timer, a wait
 * for the network (which burns no attempts), or giving up.
 */
SondeReconnectResult
sonde_reconnect_schedule (SondeReconnect *self,
                          const char     *url,
                          guint          *delay_ms)
{
  g_return_val_if_fail (SONDE_IS_RECONNECT (self), SONDE_RECONNECT_GAVE_UP);

  sonde_reconnect_cancel (self);
  *delay_ms = 0;

  self->failures++;
  if (self->max_attempts > 0 && self->failures >= self->max_attempts)
    return SONDE_RECONNECT_GAVE_UP;

  if (!g_network_monitor_get_network_available (self->monitor) && !sonde_handshake_is_loopback (url))
    {
      self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                                G_CALLBACK (network_changed_cb), self);
      return SONDE_RECONNECT_WAITING_FOR_NETWORK;
    }

  *delay_ms = sonde_backoff_delay_random (self->base_ms, self->max_ms, self->failures, NULL);
  self->timer_id = g_timeout_add (*delay_ms, timer_cb, self);
  set_due (self, g_get_monotonic_time () + (gint64) *delay_ms * 1000);
  return SONDE_RECONNECT_SCHEDULED;
}

/**
 * sonde_reconnect_restart:
 *
 * A new series: the user connected.
 */
void
sonde_reconnect_restart (SondeReconnect *self)
{
  g_return_if_fail (SONDE_IS_RECONNECT (self));

  sonde_reconnect_cancel (self);
  g_clear_handle_id (&self->stable_id, g_source_remove);
  self->failures = 0;
}

/**
 * sonde_reconnect_opened:
 *
 * The connection is open: if it stays open for reset_ms, the attempt
 * counter goes back to zero.
 */
void
sonde_reconnect_opened (SondeReconnect *self)
{
  g_return_if_fail (SONDE_IS_RECONNECT (self));

  g_clear_handle_id (&self->stable_id, g_source_remove);
  if (self->reset_ms > 0)
    self->stable_id = g_timeout_add (self->reset_ms, stable_cb, self);
}

void
sonde_reconnect_closed (SondeReconnect *self)
{
  g_return_if_fail (SONDE_IS_RECONNECT (self));
  g_clear_handle_id (&self->stable_id, g_source_remove);
}

guint
sonde_reconnect_get_failures (SondeReconnect *self)
{
  g_return_val_if_fail (SONDE_IS_RECONNECT (self), 0);
  return self->failures;
}

/**
 * sonde_reconnect_get_pending:
 *
 * Returns: whether a retry is waiting (on the timer or the network).
 */
gboolean
sonde_reconnect_get_pending (SondeReconnect *self)
{
  g_return_val_if_fail (SONDE_IS_RECONNECT (self), FALSE);
  return self->timer_id != 0 || self->network_handler != 0;
}

gint64
sonde_reconnect_get_due (SondeReconnect *self)
{
  g_return_val_if_fail (SONDE_IS_RECONNECT (self), 0);
  return self->due;
}

GNetworkMonitor *
sonde_reconnect_get_monitor (SondeReconnect *self)
{
  g_return_val_if_fail (SONDE_IS_RECONNECT (self), NULL);
  return self->monitor;
}
