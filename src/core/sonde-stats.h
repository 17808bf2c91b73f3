/* sonde-stats.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-record.h"

G_BEGIN_DECLS

/* How far back the per-second series go, and how many samples of each
 * kind are kept for the percentiles. */
#define SONDE_STATS_WINDOW_S    300
#define SONDE_STATS_MAX_SAMPLES 10000

/* One second of traffic. `rtt_ms` and `latency_us` are -1 when no sample
 * fell into the second. */
typedef struct
{
  guint32 messages_in;
  guint32 messages_out;
  guint64 bytes_in;
  guint64 bytes_out;
  guint16 misses;
  guint16 reconnects;
  guint16 drops;
  gint32  rtt_ms;           /* the mean of the second's heartbeat RTTs */
  gint64  latency_us;       /* the largest reply latency of the second */
} SondeStatsSecond;

/* A summary of a bounded ring of samples; all -1 when there is none. */
typedef struct
{
  guint   n;                /* samples in the ring */
  guint64 total;            /* samples ever seen */
  gint64  last;
  gint64  min;
  gint64  max;
  gint64  avg;
  gint64  p50;
  gint64  p95;
} SondeStatsSummary;

#define SONDE_TYPE_STATS (sonde_stats_get_type ())

G_DECLARE_FINAL_TYPE (SondeStats, sonde_stats, SONDE, STATS, GObject)

SondeStats *sonde_stats_new               (void);
void        sonde_stats_add_record        (SondeStats        *self,
                                           const SondeRecord *record);
void        sonde_stats_reset             (SondeStats        *self);

guint       sonde_stats_get_series        (SondeStats        *self,
                                           gint64             now_us,
                                           guint              n_seconds,
                                           SondeStatsSecond  *out);
gboolean    sonde_stats_get_rtt           (SondeStats        *self,
                                           SondeStatsSummary *summary);
gboolean    sonde_stats_get_latency       (SondeStats        *self,
                                           SondeStatsSummary *summary);

guint64     sonde_stats_get_messages_in   (SondeStats        *self);
guint64     sonde_stats_get_messages_out  (SondeStats        *self);
guint64     sonde_stats_get_bytes_in      (SondeStats        *self);
guint64     sonde_stats_get_bytes_out     (SondeStats        *self);
guint       sonde_stats_get_misses        (SondeStats        *self);
guint       sonde_stats_get_reconnects    (SondeStats        *self);
guint       sonde_stats_get_drops         (SondeStats        *self);
guint       sonde_stats_get_no_replies    (SondeStats        *self);
gint64      sonde_stats_get_uptime_us     (SondeStats        *self,
                                           gint64             now_us);
gint64      sonde_stats_get_started_us    (SondeStats        *self);

G_END_DECLS
