/* sonde-timeline-strip.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-timeline-strip.h"

/* The readyState timeline of a session as a strip: one coloured stretch
 * per entry of its SondeTimeline, from the first entry to now, each as
 * wide as it lasted (at least MIN_WIDTH pixels, so that a short CONNECTING
 * stays visible beside hours of OPEN). Hovering gives the exact times,
 * the close code and reason; a click emits "activated" with the seq of
 * the event that began the stretch, for the window to select it in the
 * log. Drawn with GtkSnapshot only. */

#define MIN_WIDTH 3.0
#define STRIP_HEIGHT 18

struct _SondeTimelineStrip
{
  GtkWidget      parent_instance;

  SondeTimeline *timeline;
  gulong         changed_id;
  GArray        *xs;              /* double: the left edge of each entry, and the right end */
};

enum {
  PROP_0,
  PROP_TIMELINE,
  N_PROPS
};

enum {
  ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeTimelineStrip, sonde_timeline_strip, GTK_TYPE_WIDGET)

/* Layout: the widths are the durations scaled to the width, each at
 * least MIN_WIDTH, the rest shared by the long ones. */
static void
layout (SondeTimelineStrip *self,
        double              width)
{
  guint n = self->timeline ? sonde_timeline_get_n_entries (self->timeline) : 0;
  gint64 now = g_get_monotonic_time ();
  double total = 0, scale, x = 0, spare;
  guint n_min = 0;

  g_array_set_size (self->xs, 0);
  if (n == 0 || width <= 0)
    return;

  /* At most width / MIN_WIDTH entries fit: the newest ones are shown. */
  {
    guint fit = MAX (1, (guint) (width / MIN_WIDTH));
    guint first = n > fit ? n - fit : 0;
    double placeholder = 0;

    for (guint i = 0; i < first; i++)
      g_array_append_val (self->xs, placeholder);
    for (guint i = first; i < n; i++)
      total += sonde_timeline_entry_get_duration_us (sonde_timeline_get_entry (self->timeline, i), now);
    scale = total > 0 ? width / total : 0;
    for (guint i = first; i < n; i++)
      if (sonde_timeline_entry_get_duration_us (sonde_timeline_get_entry (self->timeline, i), now) * scale < MIN_WIDTH)
        n_min++;
    spare = width - n_min * MIN_WIDTH;
    /* What the long entries share, in proportion to their durations. */
    {
      double long_total = 0;

      for (guint i = first; i < n; i++)
        {
          gint64 d = sonde_timeline_entry_get_duration_us (sonde_timeline_get_entry (self->timeline, i), now);

          if (d * scale >= MIN_WIDTH)
            long_total += d;
        }
      for (guint i = first; i < n; i++)
        {
          gint64 d = sonde_timeline_entry_get_duration_us (sonde_timeline_get_entry (self->timeline, i), now);
          double w;

          if (d * scale < MIN_WIDTH || long_total <= 0)
            w = long_total <= 0 ? width / (n - first) : MIN_WIDTH;
          else
            w = MAX (MIN_WIDTH, spare * d / long_total);
          g_array_append_val (self->xs, x);
          x += w;
        }
    }
    x = MIN (x, width);
    g_array_append_val (self->xs, x);
  }
}

static gboolean
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  return gtk_style_context_lookup_color (context, name, color);
}

static void
state_color (SondeTimelineStrip       *self,
             const SondeTimelineEntry *entry,
             GdkRGBA                  *color)
{
  GtkWidget *widget = GTK_WIDGET (self);
  static const GdkRGBA fallback = { 0.5, 0.5, 0.5, 1.0 };
  const char *name = NULL;

  *color = fallback;
  switch (entry->state)
    {
    case SONDE_STATE_CONNECTING: name = "warning_color"; break;
    case SONDE_STATE_OPEN: name = "success_color"; break;
    case SONDE_STATE_CLOSING: name = "accent_color"; break;
    case SONDE_STATE_CLOSED:
    default:
      /* A drop or a failure stands out from a close we asked for. */
      if (entry->gave_up || (entry->close_code != 0 && g_strcmp0 (entry->initiator, "local") != 0) ||
          entry->error != NULL)
        name = "error_color";
      else
        {
          gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
          color->alpha = 0.25;
          return;
        }
    }
  if (!lookup_color (widget, name, color))
    *color = fallback;
}

static void
sonde_timeline_strip_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  SondeTimelineStrip *self = SONDE_TIMELINE_STRIP (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA track;
  guint n;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &track);
  track.alpha = 0.08;
  gtk_snapshot_append_color (snapshot, &track, &GRAPHENE_RECT_INIT (0, 0, width, height));

  layout (self, width);
  n = self->xs->len > 0 ? self->xs->len - 1 : 0;
  for (guint i = 0; i < n; i++)
    {
      const SondeTimelineEntry *entry = sonde_timeline_get_entry (self->timeline, i);
      double x0 = g_array_index (self->xs, double, i);
      double x1 = g_array_index (self->xs, double, i + 1);
      GdkRGBA color;

      if (x1 <= x0)
        continue;
      state_color (self, entry, &color);
      /* A one-pixel gap between stretches, when there is room for it. */
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (x0, 0, MAX (1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0)), height));
    }
}

static void
sonde_timeline_strip_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 60;
  else
    *minimum = *natural = STRIP_HEIGHT;
}

/**
 * sonde_timeline_strip_entry_at:
 * @x: a position in the widget
 *
 * Returns: the position of the timeline entry drawn at @x, or -1
 */
int
sonde_timeline_strip_entry_at (SondeTimelineStrip *self,
                               double              x)
{
  g_return_val_if_fail (SONDE_IS_TIMELINE_STRIP (self), -1);

  layout (self, gtk_widget_get_width (GTK_WIDGET (self)));
  for (guint i = 0; i + 1 < self->xs->len; i++)
    {
      double x0 = g_array_index (self->xs, double, i);
      double x1 = g_array_index (self->xs, double, i + 1);

      if (x1 > x0 && x >= x0 && x < x1)
        return i;
    }
  return -1;
}

static char *
format_time (gint64 wall_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (wall_us / G_USEC_PER_SEC);
  g_autofree char *hms = g_date_time_format (time, "%H:%M:%S");

  return g_strdup_printf ("%s.%03d", hms, (int) (wall_us / 1000 % 1000));
}

static char *
format_duration (gint64 us)
{
  if (us < G_USEC_PER_SEC)
    /* Translators: a duration in milliseconds. */
    return g_strdup_printf (_("%d ms"), (int) (us / 1000));
  if (us < 60 * G_USEC_PER_SEC)
    /* Translators: a duration in seconds. */
    return g_strdup_printf (_("%.1f s"), us / (double) G_USEC_PER_SEC);
  if (us < (gint64) 3600 * G_USEC_PER_SEC)
    /* Translators: a duration in minutes and seconds. */
    return g_strdup_printf (_("%d min %d s"), (int) (us / (60 * G_USEC_PER_SEC)),
                            (int) (us / G_USEC_PER_SEC % 60));
  /* Translators: a duration in hours and minutes. */
  return g_strdup_printf (_("%d h %d min"), (int) (us / ((gint64) 3600 * G_USEC_PER_SEC)),
                          (int) (us / (60 * G_USEC_PER_SEC) % 60));
}

/**
 * sonde_timeline_strip_describe:
 *
 * Returns: (transfer full): the tooltip of the entry at @position
 */
char *
sonde_timeline_strip_describe (SondeTimelineStrip *self,
                               guint               position)
{
  const SondeTimelineEntry *entry;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *duration = NULL;
  GString *text;

  g_return_val_if_fail (SONDE_IS_TIMELINE_STRIP (self), NULL);

  if (self->timeline == NULL || (entry = sonde_timeline_get_entry (self->timeline, position)) == NULL)
    return NULL;

  text = g_string_new (NULL);
  /* The state names are the WebSocket API's constants: not translated. */
  g_string_append (text, sonde_state_to_string (entry->state));
  if (entry->state == SONDE_STATE_CONNECTING && entry->attempt > 0)
    /* Translators: %u is the number of the connection attempt. */
    g_string_append_printf (text, _(" (attempt %u)"), entry->attempt);
  g_string_append_c (text, '\n');

  start = format_time (entry->start_wall_us);
  duration = format_duration (sonde_timeline_entry_get_duration_us (entry, -1));
  if (entry->end_wall_us != 0)
    {
      end = format_time (entry->end_wall_us);
      /* Translators: a start time, an end time and how long that was. */
      g_string_append_printf (text, _("%s to %s (%s)"), start, end, duration);
    }
  else
    /* Translators: a start time and how long it has lasted until now. */
    g_string_append_printf (text, _("since %s (%s)"), start, duration);

  if (entry->close_code != 0)
    {
      g_string_append_c (text, '\n');
      if (entry->close_reason != NULL && *entry->close_reason != '\0')
        /* Translators: a WebSocket close code, its reason, and who closed it (local, remote, none). */
        g_string_append_printf (text, _("Close code %d “%s”, by %s"), entry->close_code,
                                entry->close_reason, entry->initiator ? entry->initiator : "?");
      else
        /* Translators: a WebSocket close code and who closed it (local, remote, none). */
        g_string_append_printf (text, _("Close code %d, by %s"), entry->close_code,
                                entry->initiator ? entry->initiator : "?");
    }
  if (entry->error != NULL)
    g_string_append_printf (text, "\n%s", entry->error);
  if (entry->reconnect_delay_ms >= 0)
    {
      g_autofree char *delay = format_duration (entry->reconnect_delay_ms * 1000);

      g_string_append_c (text, '\n');
      /* Translators: %s is a duration. */
      g_string_append_printf (text, _("Reconnect planned after %s"), delay);
    }
  if (entry->gave_up)
    g_string_append_printf (text, "\n%s", _("Gave up reconnecting"));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Click to show it in the log"));

  return g_string_free (text, FALSE);
}

static gboolean
query_tooltip_cb (GtkWidget          *widget,
                  int                 x,
                  int                 y,
                  gboolean            keyboard,
                  GtkTooltip         *tooltip,
                  SondeTimelineStrip *self)
{
  int position = sonde_timeline_strip_entry_at (self, x);
  g_autofree char *text = NULL;

  if (position < 0 || (text = sonde_timeline_strip_describe (self, position)) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * sonde_timeline_strip_activate_at:
 * @x: a position in the widget
 *
 * What a click at @x does: emits "activated" with the seq of the entry
 * drawn there, if any.
 */
void
sonde_timeline_strip_activate_at (SondeTimelineStrip *self,
                                  double              x)
{
  int position;

  g_return_if_fail (SONDE_IS_TIMELINE_STRIP (self));

  position = sonde_timeline_strip_entry_at (self, x);
  if (position >= 0)
    g_signal_emit (self, signals[ACTIVATED], 0,
                   sonde_timeline_get_entry (self->timeline, position)->seq);
}

static void
released_cb (GtkGestureClick    *gesture,
             int                 n_press,
             double              x,
             double              y,
             SondeTimelineStrip *self)
{
  sonde_timeline_strip_activate_at (self, x);
}

static void
sonde_timeline_strip_dispose (GObject *object)
{
  SondeTimelineStrip *self = (SondeTimelineStrip *) object;

  sonde_timeline_strip_set_timeline (self, NULL);

  G_OBJECT_CLASS (sonde_timeline_strip_parent_class)->dispose (object);
}

static void
sonde_timeline_strip_finalize (GObject *object)
{
  SondeTimelineStrip *self = (SondeTimelineStrip *) object;

  g_array_unref (self->xs);

  G_OBJECT_CLASS (sonde_timeline_strip_parent_class)->finalize (object);
}

static void
sonde_timeline_strip_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SondeTimelineStrip *self = SONDE_TIMELINE_STRIP (object);

  switch (prop_id)
    {
    case PROP_TIMELINE: g_value_set_object (value, self->timeline); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_timeline_strip_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SondeTimelineStrip *self = SONDE_TIMELINE_STRIP (object);

  switch (prop_id)
    {
    case PROP_TIMELINE: sonde_timeline_strip_set_timeline (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_timeline_strip_class_init (SondeTimelineStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_timeline_strip_dispose;
  object_class->finalize = sonde_timeline_strip_finalize;
  object_class->get_property = sonde_timeline_strip_get_property;
  object_class->set_property = sonde_timeline_strip_set_property;
  widget_class->snapshot = sonde_timeline_strip_snapshot;
  widget_class->measure = sonde_timeline_strip_measure;

  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, SONDE_TYPE_TIMELINE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeTimelineStrip::activated:
   * @seq: the seq of the `state` event that began the clicked stretch
   */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);

  gtk_widget_class_set_css_name (widget_class, "timelinestrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sonde_timeline_strip_init (SondeTimelineStrip *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->xs = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Connection state timeline"), -1);
}

GtkWidget *
sonde_timeline_strip_new (void)
{
  return g_object_new (SONDE_TYPE_TIMELINE_STRIP, NULL);
}

SondeTimeline *
sonde_timeline_strip_get_timeline (SondeTimelineStrip *self)
{
  g_return_val_if_fail (SONDE_IS_TIMELINE_STRIP (self), NULL);
  return self->timeline;
}

void
sonde_timeline_strip_set_timeline (SondeTimelineStrip *self,
                                   SondeTimeline      *timeline)
{
  g_return_if_fail (SONDE_IS_TIMELINE_STRIP (self));
  g_return_if_fail (timeline == NULL || SONDE_IS_TIMELINE (timeline));

  if (self->timeline == timeline)
    return;
  if (self->timeline != NULL)
    g_clear_signal_handler (&self->changed_id, self->timeline);
  g_set_object (&self->timeline, timeline);
  if (timeline != NULL)
    self->changed_id = g_signal_connect_swapped (timeline, "changed",
                                                 G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}
