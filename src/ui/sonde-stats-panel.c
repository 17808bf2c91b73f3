/* sonde-stats-panel.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-stats-graph.h"
#include "sonde-stats-panel.h"
#include "sonde-timeline-strip.h"

/* The monitor's side pane: the readyState timeline, the totals and the
 * live graphs of one session (SondeStats, SondeTimeline from the core).
 * It reads the stats when they say they changed (at most four times a
 * second) and once a second while it is on screen, so that the graphs
 * scroll and the uptime counts when nothing arrives; never per message.
 * A click on the timeline is passed on as "timeline-activated". */

#define TICK_MS 1000

struct _SondeStatsPanel
{
  GtkWidget           parent_instance;

  GtkWidget          *scroller;
  SondeTimelineStrip *timeline_strip;
  GtkLabel           *uptime_label;
  GtkLabel           *messages_label;
  GtkLabel           *bytes_label;
  GtkLabel           *events_label;
  GtkLabel           *rate_label;
  GtkLabel           *byte_rate_label;
  GtkLabel           *rtt_label;
  GtkLabel           *latency_label;
  SondeStatsGraph    *messages_graph;
  SondeStatsGraph    *bytes_graph;
  SondeStatsGraph    *rtt_graph;
  SondeStatsGraph    *latency_graph;

  SondeSession       *session;
  SondeStats         *stats;
  guint               tick_id;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

enum {
  TIMELINE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeStatsPanel, sonde_stats_panel, GTK_TYPE_WIDGET)

static char *
format_uptime (gint64 us)
{
  gint64 s = us / G_USEC_PER_SEC;

  if (s < 3600)
    return g_strdup_printf ("%02d:%02d", (int) (s / 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
}

static char *
format_ms (gint64 us)
{
  if (us < 0)
    return g_strdup ("–");
  if (us < 10 * 1000)
    /* Translators: milliseconds with one decimal. */
    return g_strdup_printf (_("%.1f ms"), us / 1000.0);
  /* Translators: milliseconds. */
  return g_strdup_printf (_("%d ms"), (int) (us / 1000));
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  /* Setting the same text again would still queue a resize. */
  if (g_strcmp0 (gtk_label_get_label (label), text) != 0)
    gtk_label_set_label (label, text);
}

/* The rate over the last @n whole seconds (the current one is partial). */
static void
recent_rates (SondeStats *stats,
              guint       n,
              double     *msg_in,
              double     *msg_out,
              double     *bytes_in,
              double     *bytes_out)
{
  SondeStatsSecond series[11];
  guint64 mi = 0, mo = 0, bi = 0, bo = 0;

  n = MIN (n, G_N_ELEMENTS (series) - 1);
  sonde_stats_get_series (stats, -1, n + 1, series);
  for (guint i = 0; i < n; i++)
    {
      mi += series[i].messages_in;
      mo += series[i].messages_out;
      bi += series[i].bytes_in;
      bo += series[i].bytes_out;
    }
  *msg_in = mi / (double) n;
  *msg_out = mo / (double) n;
  *bytes_in = bi / (double) n;
  *bytes_out = bo / (double) n;
}

/**
 * sonde_stats_panel_update:
 *
 * Reads the stats again and redraws; what the panel does on "changed"
 * and on its tick.
 */
void
sonde_stats_panel_update (SondeStatsPanel *self)
{
  SondeStatsSummary rtt, latency;
  g_autofree char *text = NULL;
  g_autofree char *size_in = NULL;
  g_autofree char *size_out = NULL;
  double mi, mo, bi, bo;

  g_return_if_fail (SONDE_IS_STATS_PANEL (self));

  if (self->stats == NULL)
    return;

  text = format_uptime (sonde_stats_get_uptime_us (self->stats, -1));
  if (sonde_stats_get_uptime_us (self->stats, -1) == 0)
    set_label (self->uptime_label, _("not open"));
  else
    set_label (self->uptime_label, text);
  g_clear_pointer (&text, g_free);

  size_in = g_strdup_printf ("%" G_GUINT64_FORMAT, sonde_stats_get_messages_in (self->stats));
  size_out = g_strdup_printf ("%" G_GUINT64_FORMAT, sonde_stats_get_messages_out (self->stats));
  /* Translators: totals received (↓) and sent (↑): counts or sizes. */
  text = g_strdup_printf (_("↓ %s   ↑ %s"), size_in, size_out);
  set_label (self->messages_label, text);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&size_in, g_free);
  g_clear_pointer (&size_out, g_free);

  size_in = g_format_size (sonde_stats_get_bytes_in (self->stats));
  size_out = g_format_size (sonde_stats_get_bytes_out (self->stats));
  text = g_strdup_printf (_("↓ %s   ↑ %s"), size_in, size_out);
  set_label (self->bytes_label, text);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&size_in, g_free);
  g_clear_pointer (&size_out, g_free);

  /* Translators: counts of heartbeat misses, reconnects, dropped connections, requests without reply. */
  text = g_strdup_printf (_("%u missed heartbeats · %u reconnects · %u drops · %u without reply"),
                          sonde_stats_get_misses (self->stats),
                          sonde_stats_get_reconnects (self->stats),
                          sonde_stats_get_drops (self->stats),
                          sonde_stats_get_no_replies (self->stats));
  set_label (self->events_label, text);
  g_clear_pointer (&text, g_free);

  recent_rates (self->stats, 10, &mi, &mo, &bi, &bo);
  /* Translators: messages per second in and out, averaged over 10 s. */
  text = g_strdup_printf (_("↓ %.1f/s   ↑ %.1f/s (last 10 s)"), mi, mo);
  set_label (self->rate_label, text);
  g_clear_pointer (&text, g_free);
  size_in = g_format_size ((guint64) bi);
  size_out = g_format_size ((guint64) bo);
  /* Translators: bytes per second in and out, averaged over 10 s. */
  text = g_strdup_printf (_("↓ %s/s   ↑ %s/s (last 10 s)"), size_in, size_out);
  set_label (self->byte_rate_label, text);
  g_clear_pointer (&text, g_free);

  if (sonde_stats_get_rtt (self->stats, &rtt))
    {
      g_autofree char *last = format_ms (rtt.last * 1000);
      g_autofree char *min = format_ms (rtt.min * 1000);
      g_autofree char *avg = format_ms (rtt.avg * 1000);
      g_autofree char *p95 = format_ms (rtt.p95 * 1000);

      /* Translators: heartbeat round trips: the last, the smallest, the mean, the 95th percentile. */
      text = g_strdup_printf (_("last %s · min %s · avg %s · p95 %s"), last, min, avg, p95);
      set_label (self->rtt_label, text);
      g_clear_pointer (&text, g_free);
    }
  else
    set_label (self->rtt_label, _("No heartbeat replies yet (set a heartbeat and its reply pattern)"));

  if (sonde_stats_get_latency (self->stats, &latency))
    {
      g_autofree char *p50 = format_ms (latency.p50);
      g_autofree char *p95 = format_ms (latency.p95);
      g_autofree char *max = format_ms (latency.max);

      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, latency.total);

      /* Translators: reply latencies: median, 95th percentile, largest, and how many replies. */
      text = g_strdup_printf (ngettext ("p50 %s · p95 %s · max %s (%s reply)",
                                        "p50 %s · p95 %s · max %s (%s replies)",
                                        (gulong) MIN (latency.total, G_MAXULONG)),
                              p50, p95, max, count);
      set_label (self->latency_label, text);
    }
  else
    set_label (self->latency_label, _("No paired replies yet (pair requests by a field)"));

  gtk_widget_queue_draw (GTK_WIDGET (self->messages_graph));
  gtk_widget_queue_draw (GTK_WIDGET (self->bytes_graph));
  gtk_widget_queue_draw (GTK_WIDGET (self->rtt_graph));
  gtk_widget_queue_draw (GTK_WIDGET (self->latency_graph));
  gtk_widget_queue_draw (GTK_WIDGET (self->timeline_strip));
}

static gboolean
tick_cb (gpointer data)
{
  sonde_stats_panel_update (data);
  return G_SOURCE_CONTINUE;
}

static void
timeline_activated_cb (SondeStatsPanel    *self,
                       guint64             seq,
                       SondeTimelineStrip *strip)
{
  g_signal_emit (self, signals[TIMELINE_ACTIVATED], 0, seq);
}

static void
sonde_stats_panel_map (GtkWidget *widget)
{
  SondeStatsPanel *self = SONDE_STATS_PANEL (widget);

  GTK_WIDGET_CLASS (sonde_stats_panel_parent_class)->map (widget);
  sonde_stats_panel_update (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
}

static void
sonde_stats_panel_unmap (GtkWidget *widget)
{
  SondeStatsPanel *self = SONDE_STATS_PANEL (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (sonde_stats_panel_parent_class)->unmap (widget);
}

static void
sonde_stats_panel_dispose (GObject *object)
{
  SondeStatsPanel *self = (SondeStatsPanel *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  sonde_stats_panel_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_STATS_PANEL);

  G_OBJECT_CLASS (sonde_stats_panel_parent_class)->dispose (object);
}

static void
sonde_stats_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SondeStatsPanel *self = SONDE_STATS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_stats_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SondeStatsPanel *self = SONDE_STATS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION: sonde_stats_panel_set_session (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_stats_panel_class_init (SondeStatsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_stats_panel_dispose;
  object_class->get_property = sonde_stats_panel_get_property;
  object_class->set_property = sonde_stats_panel_set_property;
  widget_class->map = sonde_stats_panel_map;
  widget_class->unmap = sonde_stats_panel_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SONDE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeStatsPanel::timeline-activated:
   * @seq: the seq of the event that began the clicked stretch
   */
  signals[TIMELINE_ACTIVATED] =
    g_signal_new ("timeline-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);

  g_type_ensure (SONDE_TYPE_STATS_GRAPH);
  g_type_ensure (SONDE_TYPE_TIMELINE_STRIP);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statspanel");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-stats-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, timeline_strip);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, uptime_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, messages_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, events_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, rate_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, byte_rate_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, rtt_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, latency_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, messages_graph);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, bytes_graph);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, rtt_graph);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPanel, latency_graph);
  gtk_widget_class_bind_template_callback (widget_class, timeline_activated_cb);
}

static void
sonde_stats_panel_init (SondeStatsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Narrower, the graphs say nothing: beside the log the pane takes this
   * much, and a window without room for both folds it over the log. */
  gtk_widget_set_size_request (GTK_WIDGET (self), 300, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->messages_graph), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Messages per second graph"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bytes_graph), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bytes per second graph"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rtt_graph), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Heartbeat round trip graph"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->latency_graph), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reply latency graph"), -1);
}

GtkWidget *
sonde_stats_panel_new (void)
{
  return g_object_new (SONDE_TYPE_STATS_PANEL, NULL);
}

SondeSession *
sonde_stats_panel_get_session (SondeStatsPanel *self)
{
  g_return_val_if_fail (SONDE_IS_STATS_PANEL (self), NULL);
  return self->session;
}

void
sonde_stats_panel_set_session (SondeStatsPanel *self,
                               SondeSession    *session)
{
  SondeStats *stats;

  g_return_if_fail (SONDE_IS_STATS_PANEL (self));
  g_return_if_fail (session == NULL || SONDE_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->stats != NULL)
    g_signal_handlers_disconnect_by_data (self->stats, self);
  g_set_object (&self->session, session);
  stats = session ? sonde_session_get_stats (session) : NULL;
  g_set_object (&self->stats, stats);
  if (stats != NULL)
    g_signal_connect_swapped (stats, "changed", G_CALLBACK (sonde_stats_panel_update), self);

  if (self->messages_graph != NULL)
    {
      sonde_stats_graph_set_stats (self->messages_graph, stats);
      sonde_stats_graph_set_stats (self->bytes_graph, stats);
      sonde_stats_graph_set_stats (self->rtt_graph, stats);
      sonde_stats_graph_set_stats (self->latency_graph, stats);
      sonde_timeline_strip_set_timeline (self->timeline_strip,
                                         session ? sonde_session_get_timeline (session) : NULL);
      sonde_stats_panel_update (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * sonde_stats_panel_get_text:
 * @which: "uptime", "messages", "bytes", "events", "rate", "rtt" or "latency"
 *
 * Returns: what the panel shows there (for the tests)
 */
const char *
sonde_stats_panel_get_text (SondeStatsPanel *self,
                            const char      *which)
{
  g_return_val_if_fail (SONDE_IS_STATS_PANEL (self), NULL);

  if (g_str_equal (which, "uptime")) return gtk_label_get_label (self->uptime_label);
  if (g_str_equal (which, "messages")) return gtk_label_get_label (self->messages_label);
  if (g_str_equal (which, "bytes")) return gtk_label_get_label (self->bytes_label);
  if (g_str_equal (which, "events")) return gtk_label_get_label (self->events_label);
  if (g_str_equal (which, "rate")) return gtk_label_get_label (self->rate_label);
  if (g_str_equal (which, "rtt")) return gtk_label_get_label (self->rtt_label);
  if (g_str_equal (which, "latency")) return gtk_label_get_label (self->latency_label);
  return NULL;
}

GtkWidget *
sonde_stats_panel_get_timeline_strip (SondeStatsPanel *self)
{
  g_return_val_if_fail (SONDE_IS_STATS_PANEL (self), NULL);
  return GTK_WIDGET (self->timeline_strip);
}
