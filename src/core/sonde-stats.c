/* sonde-stats.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sonde-stats.h"

/* The live statistics of a session: what the window's graphs draw.
 *
 * The session hands every record to sonde_stats_add_record(). The work
 * per record is O(1) and allocates nothing: a per-second bucket in a ring
 * of SONDE_STATS_WINDOW_S seconds (indexed by the record's monotonic
 * second), and a sample in a bounded ring for the heartbeat RTTs and the
 * reply latencies. Percentiles are computed when they are asked for, by
 * sorting a copy of the ring, never per message.
 *
 * "changed" is emitted at most every CHANGED_INTERVAL_MS while records
 * flow (a timer started by the first record after a quiet time), never
 * once per record. */

#define CHANGED_INTERVAL_MS 250

typedef struct
{
  gint64  values[SONDE_STATS_MAX_SAMPLES];
  guint   head;             /* where the next one goes */
  guint   n;
  guint64 total;
  gint64  last;
  gint64  min;
  gint64  max;
  gint64  sum;              /* of the samples in the ring */
} Samples;

typedef struct
{
  gint64           second;  /* monotonic second this bucket holds; -1 free */
  SondeStatsSecond data;
  gint64           rtt_sum;
  guint32          rtt_n;
} Bucket;

struct _SondeStats
{
  GObject  parent_instance;

  Bucket   buckets[SONDE_STATS_WINDOW_S];

  Samples *rtt;             /* ms */
  Samples *latency;         /* µs */

  guint64  messages_in;
  guint64  messages_out;
  guint64  bytes_in;
  guint64  bytes_out;
  guint    misses;
  guint    reconnects;
  guint    drops;
  guint    no_replies;

  gint64   started_us;      /* monotonic, of the first record */
  gint64   open_us;         /* monotonic, of the current open; 0 when not open */

  guint    changed_id;
  gboolean dirty;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeStats, sonde_stats, G_TYPE_OBJECT)

/* Samples */

static void
samples_clear (Samples *s)
{
  s->head = 0;
  s->n = 0;
  s->total = 0;
  s->last = -1;
  s->min = -1;
  s->max = -1;
  s->sum = 0;
}

static void
samples_add (Samples *s,
             gint64   value)
{
  if (s->n == SONDE_STATS_MAX_SAMPLES)
    s->sum -= s->values[s->head];
  else
    s->n++;
  s->values[s->head] = value;
  s->head = (s->head + 1) % SONDE_STATS_MAX_SAMPLES;
  s->sum += value;
  s->total++;
  s->last = value;
  if (s->min < 0 || value < s->min)
    s->min = value;
  if (value > s->max)
    s->max = value;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The nearest-rank percentile of sorted values. */
static gint64
rank (const gint64 *sorted,
      guint         n,
      guint         percent)
{
  guint k = (n * percent + 99) / 100;

  return sorted[MAX (k, 1) - 1];
}

static gboolean
samples_summarize (const Samples     *s,
                   SondeStatsSummary *summary)
{
  g_autofree gint64 *sorted = NULL;

  summary->n = s->n;
  summary->total = s->total;
  summary->last = s->last;
  summary->min = s->min;
  summary->max = s->max;
  if (s->n == 0)
    {
      summary->avg = summary->p50 = summary->p95 = -1;
      return FALSE;
    }
  summary->avg = s->sum / s->n;
  sorted = g_memdup2 (s->values, sizeof (gint64) * s->n);
  qsort (sorted, s->n, sizeof (gint64), compare_gint64);
  summary->p50 = rank (sorted, s->n, 50);
  summary->p95 = rank (sorted, s->n, 95);
  return TRUE;
}

/* Buckets */

static Bucket *
bucket_for (SondeStats *self,
            gint64      mono_us)
{
  gint64 second = mono_us / G_USEC_PER_SEC;
  Bucket *bucket = &self->buckets[second % SONDE_STATS_WINDOW_S];

  if (bucket->second != second)
    {
      memset (bucket, 0, sizeof *bucket);
      bucket->second = second;
      bucket->data.rtt_ms = -1;
      bucket->data.latency_us = -1;
    }
  return bucket;
}

static gboolean
changed_cb (gpointer data)
{
  SondeStats *self = data;

  if (!self->dirty)
    {
      /* A quiet interval: stop until the next record. */
      self->changed_id = 0;
      return G_SOURCE_REMOVE;
    }
  self->dirty = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_CONTINUE;
}

static void
mark_changed (SondeStats *self)
{
  if (self->changed_id == 0)
    {
      /* The first change after a quiet time is shown at once. */
      self->dirty = TRUE;
      self->changed_id = g_timeout_add (CHANGED_INTERVAL_MS, changed_cb, self);
      return;
    }
  self->dirty = TRUE;
}

/* GObject */

static void
sonde_stats_dispose (GObject *object)
{
  SondeStats *self = (SondeStats *) object;

  g_clear_handle_id (&self->changed_id, g_source_remove);

  G_OBJECT_CLASS (sonde_stats_parent_class)->dispose (object);
}

static void
sonde_stats_finalize (GObject *object)
{
  SondeStats *self = (SondeStats *) object;

  g_free (self->rtt);
  g_free (self->latency);

  G_OBJECT_CLASS (sonde_stats_parent_class)->finalize (object);
}

static void
sonde_stats_class_init (SondeStatsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sonde_stats_dispose;
  object_class->finalize = sonde_stats_finalize;

  /**
   * SondeStats::changed:
   *
   * Records arrived since the last emission; at most four times a second.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sonde_stats_init (SondeStats *self)
{
  self->rtt = g_new (Samples, 1);
  self->latency = g_new (Samples, 1);
  sonde_stats_reset (self);
}

SondeStats *
sonde_stats_new (void)
{
  return g_object_new (SONDE_TYPE_STATS, NULL);
}

/**
 * sonde_stats_reset:
 *
 * Forgets everything, as for a new session.
 */
void
sonde_stats_reset (SondeStats *self)
{
  g_return_if_fail (SONDE_IS_STATS (self));

  for (guint i = 0; i < SONDE_STATS_WINDOW_S; i++)
    self->buckets[i].second = -1;
  samples_clear (self->rtt);
  samples_clear (self->latency);
  self->messages_in = self->messages_out = 0;
  self->bytes_in = self->bytes_out = 0;
  self->misses = self->reconnects = self->drops = self->no_replies = 0;
  self->started_us = 0;
  self->open_us = 0;
  mark_changed (self);
}

/**
 * sonde_stats_add_record:
 *
 * Counts one record of the session. O(1), allocation-free.
 */
void
sonde_stats_add_record (SondeStats        *self,
                        const SondeRecord *record)
{
  Bucket *bucket;

  g_return_if_fail (SONDE_IS_STATS (self));
  g_return_if_fail (record != NULL);

  if (self->started_us == 0)
    self->started_us = record->mono_us;
  bucket = bucket_for (self, record->mono_us);

  switch ((SondeRecordType) record->type)
    {
    case SONDE_RECORD_MESSAGE:
      if (record->direction == SONDE_DIRECTION_IN)
        {
          self->messages_in++;
          self->bytes_in += record->size;
          bucket->data.messages_in++;
          bucket->data.bytes_in += record->size;
        }
      else
        {
          self->messages_out++;
          self->bytes_out += record->size;
          bucket->data.messages_out++;
          bucket->data.bytes_out += record->size;
        }
      if (record->role == SONDE_ROLE_HEARTBEAT_REPLY && (record->flags & SONDE_RECORD_FLAG_HAS_RTT))
        {
          samples_add (self->rtt, record->num[0]);
          bucket->rtt_sum += record->num[0];
          bucket->rtt_n++;
          bucket->data.rtt_ms = bucket->rtt_sum / bucket->rtt_n;
        }
      if (record->reply_to != 0 && (record->flags & SONDE_RECORD_FLAG_HAS_LATENCY))
        {
          samples_add (self->latency, record->num[1]);
          bucket->data.latency_us = MAX (bucket->data.latency_us, record->num[1]);
        }
      break;

    case SONDE_RECORD_OPEN:
      self->open_us = record->mono_us;
      break;

    case SONDE_RECORD_CLOSE:
      /* A drop: an open connection closed by anything but us. */
      if (self->open_us != 0 && g_strcmp0 (record->str[0], "local") != 0)
        {
          self->drops++;
          bucket->data.drops++;
        }
      self->open_us = 0;
      break;

    case SONDE_RECORD_HEARTBEAT_MISSED:
      self->misses++;
      bucket->data.misses++;
      break;

    case SONDE_RECORD_RECONNECT:
      self->reconnects++;
      bucket->data.reconnects++;
      break;

    case SONDE_RECORD_NO_REPLY:
      self->no_replies++;
      break;

    case SONDE_RECORD_STATE:
    case SONDE_RECORD_CONNECTING:
    case SONDE_RECORD_QUEUED:
    case SONDE_RECORD_PONG:
    case SONDE_RECORD_ERROR:
    case SONDE_RECORD_WARNING:
    case SONDE_RECORD_GAVE_UP:
    case SONDE_RECORD_N_TYPES:
    default:
      break;
    }

  mark_changed (self);
}

/**
 * sonde_stats_get_series:
 * @now_us: the monotonic time of the last second wanted, or -1 for now
 * @n_seconds: how many seconds, at most %SONDE_STATS_WINDOW_S
 * @out: (array length=n_seconds): filled oldest first; seconds without
 *   records are zero (and -1 for `rtt_ms` and `latency_us`)
 *
 * Returns: the number of seconds filled
 */
guint
sonde_stats_get_series (SondeStats       *self,
                        gint64            now_us,
                        guint             n_seconds,
                        SondeStatsSecond *out)
{
  gint64 now;

  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  g_return_val_if_fail (out != NULL || n_seconds == 0, 0);

  if (now_us < 0)
    now_us = g_get_monotonic_time ();
  now = now_us / G_USEC_PER_SEC;
  n_seconds = MIN (n_seconds, SONDE_STATS_WINDOW_S);
  for (guint i = 0; i < n_seconds; i++)
    {
      gint64 second = now - (n_seconds - 1 - i);
      const Bucket *bucket;

      if (second < 0)
        {
          memset (&out[i], 0, sizeof out[i]);
          out[i].rtt_ms = out[i].latency_us = -1;
          continue;
        }
      bucket = &self->buckets[second % SONDE_STATS_WINDOW_S];
      if (bucket->second == second)
        out[i] = bucket->data;
      else
        {
          memset (&out[i], 0, sizeof out[i]);
          out[i].rtt_ms = out[i].latency_us = -1;
        }
    }
  return n_seconds;
}

/**
 * sonde_stats_get_rtt:
 * @summary: (out): the heartbeat round trips, in ms
 *
 * Returns: whether there was any sample
 */
gboolean
sonde_stats_get_rtt (SondeStats        *self,
                     SondeStatsSummary *summary)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  return samples_summarize (self->rtt, summary);
}

/**
 * sonde_stats_get_latency:
 * @summary: (out): the request/response latencies of paired replies, in µs
 *
 * Returns: whether there was any sample
 */
gboolean
sonde_stats_get_latency (SondeStats        *self,
                         SondeStatsSummary *summary)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  return samples_summarize (self->latency, summary);
}

guint64
sonde_stats_get_messages_in (SondeStats *self)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  return self->messages_in;
}

guint64
sonde_stats_get_messages_out (SondeStats *self)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  return self->messages_out;
}

guint64
sonde_stats_get_bytes_in (SondeStats *self)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  return self->bytes_in;
}

guint64
sonde_stats_get_bytes_out (SondeStats *self)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  return self->bytes_out;
}

guint
sonde_stats_get_misses (SondeStats *self)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  return self->misses;
}

guint
sonde_stats_get_reconnects (SondeStats *self)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  return self->reconnects;
}

/* Open connections closed by the peer or the network (not by us). */
guint
sonde_stats_get_drops (SondeStats *self)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  return self->drops;
}

guint
sonde_stats_get_no_replies (SondeStats *self)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  return self->no_replies;
}

/**
 * sonde_stats_get_uptime_us:
 * @now_us: a monotonic time, or -1 for now
 *
 * Returns: the time since the current connection opened, 0 when none is open
 */
gint64
sonde_stats_get_uptime_us (SondeStats *self,
                           gint64      now_us)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);

  if (self->open_us == 0)
    return 0;
  if (now_us < 0)
    now_us = g_get_monotonic_time ();
  return MAX (now_us - self->open_us, 0);
}

/* The monotonic time of the first record, 0 before. */
gint64
sonde_stats_get_started_us (SondeStats *self)
{
  g_return_val_if_fail (SONDE_IS_STATS (self), 0);
  return self->started_us;
}
