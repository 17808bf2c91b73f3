/* sonde-stats-graph.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-stats-graph.h"

/* One live chart of a session's SondeStats, drawn with GtkSnapshot the way
 * Sysprof draws its charts: the last `seconds` seconds (newest at the
 * right), one point per second, lines for the series, short bars at the
 * bottom for the marks (heartbeat misses, reconnects, drops), the scale
 * in the top corner. It reads the per-second ring of the stats when it
 * draws, so it costs nothing between frames; the panel above it asks for
 * a redraw when the stats change and once a second. */

struct _SondeStatsGraph
{
  GtkWidget            parent_instance;

  SondeStats          *stats;
  SondeStatsGraphKind  kind;
  guint                seconds;
  double               scale;      /* the value at the top of the last drawing */
  SondeStatsSecond     series[SONDE_STATS_WINDOW_S];
};

enum {
  PROP_0,
  PROP_STATS,
  PROP_KIND,
  PROP_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeStatsGraph, sonde_stats_graph, GTK_TYPE_WIDGET)

/* The value of series @line (0 in, 1 out) at second @i, or -1 for none. */
static double
value_at (SondeStatsGraph *self,
          guint            i,
          guint            line)
{
  const SondeStatsSecond *s = &self->series[i];

  switch (self->kind)
    {
    case SONDE_STATS_GRAPH_MESSAGES: return line == 0 ? s->messages_in : s->messages_out;
    case SONDE_STATS_GRAPH_BYTES: return line == 0 ? s->bytes_in : s->bytes_out;
    case SONDE_STATS_GRAPH_RTT: return line == 0 ? s->rtt_ms : -1;
    case SONDE_STATS_GRAPH_LATENCY: return line == 0 && s->latency_us >= 0 ? s->latency_us / 1000.0 : -1;
    case SONDE_STATS_GRAPH_N_KINDS:
    default: return -1;
    }
}

/* 1, 2, 5 × 10^n at or above @value. */
static double
nice_ceiling (double value)
{
  double base = 1;

  if (value <= 1)
    return 1;
  while (base * 10 < value)
    base *= 10;
  if (value <= base)
    return base;
  if (value <= 2 * base)
    return 2 * base;
  if (value <= 5 * base)
    return 5 * base;
  return 10 * base;
}

static char *
format_scale (SondeStatsGraph *self,
              double           value)
{
  switch (self->kind)
    {
    case SONDE_STATS_GRAPH_MESSAGES:
      /* Translators: messages per second, at the top of a graph. */
      return g_strdup_printf (_("%g/s"), value);
    case SONDE_STATS_GRAPH_BYTES:
      {
        g_autofree char *size = g_format_size ((guint64) value);

        /* Translators: %s is a size such as "1.2 kB"; per second. */
        return g_strdup_printf (_("%s/s"), size);
      }
    case SONDE_STATS_GRAPH_RTT:
    case SONDE_STATS_GRAPH_LATENCY:
      /* Translators: milliseconds, at the top of a graph. */
      return g_strdup_printf (_("%g ms"), value);
    case SONDE_STATS_GRAPH_N_KINDS:
    default:
      return g_strdup ("");
    }
}

static void
get_color (GtkWidget  *widget,
           const char *name,
           GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (name == NULL || !gtk_style_context_lookup_color (context, name, color))
    gtk_style_context_get_color (context, color);
}

static void
draw_line (cairo_t         *cr,
           SondeStatsGraph *self,
           guint            line,
           guint            n,
           double           width,
           double           height,
           const GdkRGBA   *color)
{
  gboolean drawing = FALSE;
  double step = n > 1 ? width / (n - 1) : width;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n; i++)
    {
      double v = value_at (self, i, line);
      double x = i * step;
      double y;

      if (v < 0)
        {
          /* A second without a sample is a gap, not a zero. */
          drawing = FALSE;
          continue;
        }
      y = height - 1 - MIN (v / self->scale, 1.0) * (height - 2);
      if (drawing)
        cairo_line_to (cr, x, y);
      else
        {
          cairo_move_to (cr, x, y);
          /* A lone point is drawn as a short dash. */
          cairo_line_to (cr, x + 0.5, y);
        }
      drawing = TRUE;
    }
  cairo_stroke (cr);
}

static void
draw_level (GtkSnapshot   *snapshot,
            double         value,
            double         scale,
            double         width,
            double         height,
            const GdkRGBA *color)
{
  GdkRGBA faint = *color;
  double y;

  if (value < 0)
    return;
  faint.alpha *= 0.5;
  y = height - 1 - MIN (value / scale, 1.0) * (height - 2);
  for (double x = 0; x < width; x += 8)
    gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (x, y, 4, 1));
}

static void
sonde_stats_graph_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SondeStatsGraph *self = SONDE_STATS_GRAPH (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  guint n = self->seconds;
  double top = 0;
  GdkRGBA fg, grid, in, out, warning, error;
  SondeStatsSummary summary = { 0, };
  gboolean has_summary = FALSE;
  g_autofree char *scale_text = NULL;
  PangoLayout *layout;
  cairo_t *cr;

  get_color (widget, NULL, &fg);
  get_color (widget, "accent_color", &in);
  get_color (widget, "success_color", &out);
  get_color (widget, "warning_color", &warning);
  get_color (widget, "error_color", &error);
  grid = fg;
  grid.alpha = 0.1;

  /* The frame and a middle line. */
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (0, 0, width, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (0, height / 2, width, 1));

  if (self->stats == NULL || width < 2 || height < 4)
    return;

  sonde_stats_get_series (self->stats, -1, n, self->series);
  for (guint i = 0; i < n; i++)
    for (guint line = 0; line < 2; line++)
      top = MAX (top, value_at (self, i, line));

  if (self->kind == SONDE_STATS_GRAPH_RTT)
    has_summary = sonde_stats_get_rtt (self->stats, &summary);
  else if (self->kind == SONDE_STATS_GRAPH_LATENCY)
    {
      has_summary = sonde_stats_get_latency (self->stats, &summary);
      if (has_summary)
        {
          summary.p50 /= 1000;
          summary.p95 /= 1000;
        }
    }
  if (has_summary)
    top = MAX (top, summary.p95);
  self->scale = nice_ceiling (top);

  /* Marks: misses (warning) and reconnects or drops (error) as bars at the bottom. */
  {
    double step = n > 1 ? width / (n - 1) : width;

    for (guint i = 0; i < n; i++)
      {
        const SondeStatsSecond *s = &self->series[i];

        if (s->misses > 0)
          gtk_snapshot_append_color (snapshot, &warning,
                                     &GRAPHENE_RECT_INIT (i * step - 1, height * 0.6, 2, height * 0.4));
        if (s->reconnects > 0 || s->drops > 0)
          gtk_snapshot_append_color (snapshot, &error,
                                     &GRAPHENE_RECT_INIT (i * step - 1, 0, 2, height));
      }
  }

  if (has_summary)
    {
      draw_level (snapshot, summary.p50, self->scale, width, height, &fg);
      draw_level (snapshot, summary.p95, self->scale, width, height, &warning);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->kind == SONDE_STATS_GRAPH_MESSAGES || self->kind == SONDE_STATS_GRAPH_BYTES)
    draw_line (cr, self, 1, n, width, height, &out);
  draw_line (cr, self, 0, n, width, height, &in);
  cairo_destroy (cr);

  scale_text = format_scale (self, self->scale);
  layout = gtk_widget_create_pango_layout (widget, scale_text);
  {
    PangoAttrList *attrs = pango_attr_list_new ();
    GdkRGBA dim = fg;

    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
    dim.alpha = 0.6;
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (4, 2));
    gtk_snapshot_append_layout (snapshot, layout, &dim);
    gtk_snapshot_restore (snapshot);
  }
  g_object_unref (layout);
}

static void
sonde_stats_graph_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 100;
      *natural = 280;
    }
  else
    *minimum = *natural = 56;
}

static void
sonde_stats_graph_dispose (GObject *object)
{
  SondeStatsGraph *self = (SondeStatsGraph *) object;

  g_clear_object (&self->stats);

  G_OBJECT_CLASS (sonde_stats_graph_parent_class)->dispose (object);
}

static void
sonde_stats_graph_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SondeStatsGraph *self = SONDE_STATS_GRAPH (object);

  switch (prop_id)
    {
    case PROP_STATS: g_value_set_object (value, self->stats); break;
    case PROP_KIND: g_value_set_uint (value, self->kind); break;
    case PROP_SECONDS: g_value_set_uint (value, self->seconds); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_stats_graph_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SondeStatsGraph *self = SONDE_STATS_GRAPH (object);

  switch (prop_id)
    {
    case PROP_STATS: sonde_stats_graph_set_stats (self, g_value_get_object (value)); break;
    case PROP_KIND:
      self->kind = g_value_get_uint (value);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case PROP_SECONDS: sonde_stats_graph_set_seconds (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_stats_graph_class_init (SondeStatsGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_stats_graph_dispose;
  object_class->get_property = sonde_stats_graph_get_property;
  object_class->set_property = sonde_stats_graph_set_property;
  widget_class->snapshot = sonde_stats_graph_snapshot;
  widget_class->measure = sonde_stats_graph_measure;

  properties[PROP_STATS] =
    g_param_spec_object ("stats", NULL, NULL, SONDE_TYPE_STATS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* A SondeStatsGraphKind. */
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, SONDE_STATS_GRAPH_N_KINDS - 1, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_CONSTRUCT);
  properties[PROP_SECONDS] =
    g_param_spec_uint ("seconds", NULL, NULL, 2, SONDE_STATS_WINDOW_S, 120,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "statsgraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sonde_stats_graph_init (SondeStatsGraph *self)
{
  self->seconds = 120;
  self->scale = 1;
}

GtkWidget *
sonde_stats_graph_new (SondeStatsGraphKind kind)
{
  return g_object_new (SONDE_TYPE_STATS_GRAPH, "kind", kind, NULL);
}

SondeStats *
sonde_stats_graph_get_stats (SondeStatsGraph *self)
{
  g_return_val_if_fail (SONDE_IS_STATS_GRAPH (self), NULL);
  return self->stats;
}

void
sonde_stats_graph_set_stats (SondeStatsGraph *self,
                             SondeStats      *stats)
{
  g_return_if_fail (SONDE_IS_STATS_GRAPH (self));
  g_return_if_fail (stats == NULL || SONDE_IS_STATS (stats));

  if (!g_set_object (&self->stats, stats))
    return;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATS]);
}

void
sonde_stats_graph_set_seconds (SondeStatsGraph *self,
                               guint            seconds)
{
  g_return_if_fail (SONDE_IS_STATS_GRAPH (self));

  seconds = CLAMP (seconds, 2, SONDE_STATS_WINDOW_S);
  if (self->seconds == seconds)
    return;
  self->seconds = seconds;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS]);
}

/* The value at the top of the graph as last drawn (for the tests). */
double
sonde_stats_graph_get_scale (SondeStatsGraph *self)
{
  g_return_val_if_fail (SONDE_IS_STATS_GRAPH (self), 0);
  return self->scale;
}
