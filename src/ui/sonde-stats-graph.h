/* sonde-stats-graph.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-stats.h"

G_BEGIN_DECLS

typedef enum
{
  SONDE_STATS_GRAPH_MESSAGES,   /* messages/s in and out */
  SONDE_STATS_GRAPH_BYTES,      /* bytes/s in and out */
  SONDE_STATS_GRAPH_RTT,        /* heartbeat RTT, misses and reconnects as marks */
  SONDE_STATS_GRAPH_LATENCY,    /* the largest reply latency of each second, p50 and p95 */
  SONDE_STATS_GRAPH_N_KINDS
} SondeStatsGraphKind;

#define SONDE_TYPE_STATS_GRAPH (sonde_stats_graph_get_type ())

G_DECLARE_FINAL_TYPE (SondeStatsGraph, sonde_stats_graph, SONDE, STATS_GRAPH, GtkWidget)

GtkWidget  *sonde_stats_graph_new         (SondeStatsGraphKind  kind);
void        sonde_stats_graph_set_stats   (SondeStatsGraph     *self,
                                           SondeStats          *stats);
SondeStats *sonde_stats_graph_get_stats   (SondeStatsGraph     *self);
void        sonde_stats_graph_set_seconds (SondeStatsGraph     *self,
                                           guint                seconds);
double      sonde_stats_graph_get_scale   (SondeStatsGraph     *self);

G_END_DECLS
