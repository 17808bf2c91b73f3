/* sonde-event-row.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-event-row.h"
#include "sonde-log-filter.h"
#include "sonde-matcher.h"

/* One line of the live log. The list view recycles a few dozen of these
 * for any number of events, so binding an event only sets label texts;
 * the preview is a GtkInscription, which does not measure its text. */

struct _SondeEventRow
{
  GtkWidget   parent_instance;

  SondeEvent *event;
  gboolean    utc;
  SondeMatcher *find;
  char       *time_column;   /* "clock", "delta", "since-open" */
  gint64      previous_us;   /* the row above, 0 = none */
  gint64      open_us;       /* the last open before this row, 0 = none */

  GtkWidget  *time_label;
  GtkWidget  *direction_label;
  GtkWidget  *kind_label;
  GtkWidget  *size_label;
  GtkWidget  *role_label;
  GtkWidget  *preview;
};

enum {
  PROP_0,
  PROP_EVENT,
  PROP_UTC,
  PROP_FIND,
  PROP_TIME_COLUMN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeEventRow, sonde_event_row, GTK_TYPE_WIDGET)

/* The row's CSS classes that depend on the event (style.css). */
static const char * const row_classes[] = {
  "incoming", "outgoing", "queued", "error", "warning", "open", "close", "heartbeat", "lifecycle",
  "unanswered",
};

char *
sonde_event_row_format_time (GDateTime *time,
                             gboolean   utc)
{
  g_autoptr(GDateTime) shown = NULL;
  g_autofree char *hms = NULL;

  if (time == NULL)
    return g_strdup ("");

  /* The local zone is read once: g_date_time_to_local() looks it up
   * again every time, for every row bound. */
  if (utc)
    shown = g_date_time_to_utc (time);
  else
    {
      static GTimeZone *local;

      if (g_once_init_enter (&local))
        g_once_init_leave (&local, g_time_zone_new_local ());
      shown = g_date_time_to_timezone (time, local);
    }
  hms = g_date_time_format (shown, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d", hms, g_date_time_get_microsecond (shown) / 1000);
}

static char *
format_size (gint64 size)
{
  if (size < 0)
    return g_strdup ("");
  if (size < 1000)
    /* Translators: a message size in bytes, keep it short. */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u B", "%u B", (gulong) size), (guint) size);
  return g_format_size ((guint64) size);
}

static const char *
describe_kind (const char *kind)
{
  if (g_strcmp0 (kind, "text") == 0)
    return C_("message kind", "text");
  if (g_strcmp0 (kind, "binary") == 0)
    return C_("message kind", "binary");
  return kind ? kind : "";
}

static const char *
describe_event_name (const char *name)
{
  static const struct { const char *name; const char *label; } names[] = {
    { SONDE_EVENT_STATE,            NC_("event name", "state") },
    { SONDE_EVENT_CONNECTING,       NC_("event name", "connecting") },
    { SONDE_EVENT_OPEN,             NC_("event name", "open") },
    { SONDE_EVENT_QUEUED,           NC_("event name", "queued") },
    { SONDE_EVENT_PONG,             NC_("event name", "pong") },
    { SONDE_EVENT_HEARTBEAT_MISSED, NC_("event name", "no reply") },
    { SONDE_EVENT_ERROR,            NC_("event name", "error") },
    { SONDE_EVENT_WARNING,          NC_("event name", "warning") },
    { SONDE_EVENT_CLOSE,            NC_("event name", "close") },
    { SONDE_EVENT_RECONNECT,        NC_("event name", "reconnect") },
    { SONDE_EVENT_GAVE_UP,          NC_("event name", "gave up") },
    { SONDE_EVENT_NO_REPLY,         NC_("event name", "no reply") },
    { SONDE_EVENT_UNSENT,           NC_("event name", "unsent") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i].name))
      return g_dpgettext2 (NULL, "event name", names[i].label);

  return name;
}

static const char *
describe_role (const char *role)
{
  if (role == NULL || g_str_equal (role, "user"))
    return NULL;
  if (g_str_equal (role, "heartbeat"))
    return _("heartbeat");
  if (g_str_equal (role, "heartbeat-reply"))
    return _("heartbeat reply");
  if (g_str_equal (role, "login"))
    return _("login");
  if (g_str_equal (role, "logout"))
    return _("logout");
  return role;
}

static void
set_row_class (SondeEventRow *self,
               const char    *css_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (row_classes); i++)
    {
      if (g_strcmp0 (css_class, row_classes[i]) == 0)
        gtk_widget_add_css_class (GTK_WIDGET (self), row_classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), row_classes[i]);
    }
}

/* The find pattern's matches in the preview, on a highlight colour. */
static void
update_highlight (SondeEventRow *self)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (self->preview));
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autoptr(GArray) ranges = NULL;

  if (self->find == NULL || text == NULL || *text == '\0')
    {
      gtk_inscription_set_attributes (GTK_INSCRIPTION (self->preview), NULL);
      return;
    }
  ranges = sonde_matcher_find_ranges (self->find, text, -1, 64);
  if (ranges->len > 0)
    {
      attrs = pango_attr_list_new ();
      for (guint i = 0; i + 1 < ranges->len; i += 2)
        {
          PangoAttribute *bg = pango_attr_background_new (0xf600, 0xd300, 0x2d00);
          PangoAttribute *fg = pango_attr_foreground_new (0, 0, 0);

          bg->start_index = fg->start_index = g_array_index (ranges, guint, i);
          bg->end_index = fg->end_index = g_array_index (ranges, guint, i + 1);
          pango_attr_list_insert (attrs, bg);
          pango_attr_list_insert (attrs, fg);
        }
    }
  gtk_inscription_set_attributes (GTK_INSCRIPTION (self->preview), attrs);
}

/* "+0.125 s", "+12.300 s", "+1:02:03.004": a time difference. */
char *
sonde_event_row_format_delta (gint64 delta_us)
{
  const char *sign = delta_us < 0 ? "−" : "+";
  gint64 us = ABS (delta_us);
  gint64 ms = us / 1000;

  if (ms < 60 * 1000)
    return g_strdup_printf ("%s%d.%03d s", sign, (int) (ms / 1000), (int) (ms % 1000));
  return g_strdup_printf ("%s%d:%02d:%02d.%03d", sign, (int) (ms / 3600000), (int) (ms / 60000 % 60),
                          (int) (ms / 1000 % 60), (int) (ms % 1000));
}

static void
update_time (SondeEventRow *self)
{
  g_autofree char *time = NULL;

  if (self->event != NULL)
    {
      GDateTime *when = sonde_event_get_time (self->event);
      gint64 us = when ? g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when) : 0;

      if (g_strcmp0 (self->time_column, "delta") == 0)
        time = self->previous_us > 0 ? sonde_event_row_format_delta (us - self->previous_us) : g_strdup ("—");
      else if (g_strcmp0 (self->time_column, "since-open") == 0)
        time = self->open_us > 0 ? sonde_event_row_format_delta (us - self->open_us) : g_strdup ("—");
      else
        time = sonde_event_row_format_time (when, self->utc);
    }
  gtk_label_set_label (GTK_LABEL (self->time_label), time ? time : "");
}

static void
update (SondeEventRow *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *size = NULL;
  g_autofree char *role_text = NULL;
  const char *name;
  const char *direction = "";
  const char *kind;
  const char *css_class = "lifecycle";
  const char *role = NULL;

  update_time (self);

  if (self->event == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->direction_label), "");
      gtk_inscription_set_text (GTK_INSCRIPTION (self->kind_label), "");
      gtk_inscription_set_text (GTK_INSCRIPTION (self->size_label), "");
      gtk_widget_set_visible (self->role_label, FALSE);
      gtk_inscription_set_text (GTK_INSCRIPTION (self->preview), NULL);
      set_row_class (self, NULL);
      return;
    }

  name = sonde_event_get_name (self->event);
  kind = describe_event_name (name);
  if (g_str_equal (name, SONDE_LOG_FILTER_FOLD))
    {
      gint64 count = sonde_event_get_int (self->event, "count", 0);
      const char *arrow = sonde_event_get_boolean (self->event, "expanded") ? "▾" : "▸";

      kind = C_("event name", "heartbeats");
      if (sonde_event_has_field (self->event, "rtt_min_ms"))
        /* Translators: a fold of heartbeat rows: how many, then the
         * round-trip times (minimum/average/maximum). */
        summary = g_strdup_printf (_("%s heartbeat ×%d, RTT %d/%d/%d ms (min/avg/max)"), arrow, (int) count,
                                   (int) sonde_event_get_int (self->event, "rtt_min_ms", 0),
                                   (int) sonde_event_get_int (self->event, "rtt_avg_ms", 0),
                                   (int) sonde_event_get_int (self->event, "rtt_max_ms", 0));
      else
        summary = g_strdup_printf (_("%s heartbeat ×%d"), arrow, (int) count);
      gtk_label_set_label (GTK_LABEL (self->direction_label), "");
      gtk_inscription_set_text (GTK_INSCRIPTION (self->kind_label), kind);
      gtk_inscription_set_text (GTK_INSCRIPTION (self->size_label), "");
      gtk_widget_set_visible (self->role_label, FALSE);
      gtk_inscription_set_text (GTK_INSCRIPTION (self->preview), summary);
      update_highlight (self);
      set_row_class (self, "heartbeat");
      return;
    }
  summary = sonde_event_dup_summary (self->event);

  if (g_str_equal (name, SONDE_EVENT_MESSAGE) || g_str_equal (name, SONDE_EVENT_QUEUED))
    {
      gboolean out = g_strcmp0 (sonde_event_get_string (self->event, "direction"), "in") != 0;

      kind = describe_kind (sonde_event_get_string (self->event, "kind"));
      size = format_size (sonde_event_get_int (self->event, "size", -1));
      role = describe_role (sonde_event_get_string (self->event, "role"));

      if (g_str_equal (name, SONDE_EVENT_QUEUED))
        {
          direction = "⋯";
          css_class = "queued";
          /* Translators: %u is the number of messages waiting to be sent. */
          role_text = g_strdup_printf (_("queued, %u waiting"),
                                       (guint) sonde_event_get_int (self->event, "queue_length", 0));
        }
      else
        {
          direction = out ? "↑" : "↓";
          css_class = out ? "outgoing" : "incoming";
        }

      if (role != NULL)
        {
          gint64 rtt = sonde_event_get_int (self->event, "rtt_ms", -1);

          if (rtt >= 0)
            /* Translators: a heartbeat role and its round-trip time. */
            role_text = g_strdup_printf (_("%s · %d ms"), role, (int) rtt);
          else if (role_text == NULL)
            role_text = g_strdup (role);

          if (g_str_has_prefix (sonde_event_get_string (self->event, "role"), "heartbeat"))
            css_class = "heartbeat";
        }

      /* Pairing (docs/events.md): a reply says which request it answers
       * and how long it took; a request that got none is marked. */
      if (sonde_event_has_field (self->event, "reply_to"))
        {
          g_free (role_text);
          /* Translators: a reply, the seq of its request and the latency. */
          role_text = g_strdup_printf (_("reply to #%d · %.1f ms"),
                                       (int) sonde_event_get_int (self->event, "reply_to", 0),
                                       sonde_event_get_double (self->event, "latency_ms", 0));
        }
      else if (sonde_event_has_field (self->event, "replay_of") && role_text == NULL)
        /* Translators: %d is the seq of the recorded line a replay sent again. */
        role_text = g_strdup_printf (_("replay of #%d"), (int) sonde_event_get_int (self->event, "replay_of", 0));
      if (sonde_event_get_boolean (self->event, "unanswered"))
        {
          g_free (role_text);
          role_text = g_strdup (_("no reply"));
          css_class = "unanswered";
        }
    }
  else if (g_str_equal (name, SONDE_EVENT_NO_REPLY) || g_str_equal (name, SONDE_EVENT_UNSENT))
    css_class = "warning";
  else if (g_str_equal (name, SONDE_EVENT_ERROR) || g_str_equal (name, SONDE_EVENT_GAVE_UP))
    css_class = "error";
  else if (g_str_equal (name, SONDE_EVENT_WARNING) || g_str_equal (name, SONDE_EVENT_HEARTBEAT_MISSED))
    css_class = "warning";
  else if (g_str_equal (name, SONDE_EVENT_OPEN))
    css_class = "open";
  else if (g_str_equal (name, SONDE_EVENT_CLOSE))
    css_class = "close";
  else if (g_str_equal (name, SONDE_EVENT_PONG))
    css_class = "heartbeat";

  gtk_label_set_label (GTK_LABEL (self->direction_label), direction);
  gtk_inscription_set_text (GTK_INSCRIPTION (self->kind_label), kind);
  gtk_inscription_set_text (GTK_INSCRIPTION (self->size_label), size ? size : "");
  gtk_label_set_label (GTK_LABEL (self->role_label), role_text ? role_text : "");
  gtk_widget_set_visible (self->role_label, role_text != NULL);
  gtk_inscription_set_text (GTK_INSCRIPTION (self->preview), summary);
  update_highlight (self);
  set_row_class (self, css_class);
}

/* The whole preview as a tooltip, made only when GTK asks for it: setting
 * a tooltip on every bind costs a round trip to the display server. */
static gboolean
preview_query_tooltip_cb (GtkWidget     *preview,
                          int            x,
                          int            y,
                          gboolean       keyboard,
                          GtkTooltip    *tooltip,
                          SondeEventRow *self)
{
  g_autofree char *summary = NULL;

  if (self->event == NULL)
    return FALSE;
  summary = sonde_event_dup_summary (self->event);
  if (summary == NULL || summary[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, summary);
  return TRUE;
}

static void
sonde_event_row_dispose (GObject *object)
{
  SondeEventRow *self = (SondeEventRow *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->event);
  g_clear_object (&self->find);
  g_clear_pointer (&self->time_column, g_free);

  G_OBJECT_CLASS (sonde_event_row_parent_class)->dispose (object);
}

static void
sonde_event_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SondeEventRow *self = SONDE_EVENT_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;

    case PROP_UTC:
      g_value_set_boolean (value, self->utc);
      break;

    case PROP_FIND:
      g_value_set_object (value, self->find);
      break;

    case PROP_TIME_COLUMN:
      g_value_set_string (value, self->time_column);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_event_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SondeEventRow *self = SONDE_EVENT_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      sonde_event_row_set_event (self, g_value_get_object (value));
      break;

    case PROP_UTC:
      sonde_event_row_set_utc (self, g_value_get_boolean (value));
      break;

    case PROP_FIND:
      if (g_set_object (&self->find, g_value_get_object (value)))
        {
          update_highlight (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TIME_COLUMN:
      if (g_strcmp0 (self->time_column, g_value_get_string (value)) != 0)
        {
          g_free (self->time_column);
          self->time_column = g_value_dup_string (value);
          update_time (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_event_row_class_init (SondeEventRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_event_row_dispose;
  object_class->get_property = sonde_event_row_get_property;
  object_class->set_property = sonde_event_row_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL,
                         SONDE_TYPE_EVENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UTC] =
    g_param_spec_boolean ("utc", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* What the find bar looks for, highlighted in the preview. */
  properties[PROP_FIND] =
    g_param_spec_object ("find", NULL, NULL,
                         SONDE_TYPE_MATCHER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* What the time column shows: "clock" (local or UTC, see "utc"),
   * "delta" (since the row above) or "since-open" (since the connection
   * opened). */
  properties[PROP_TIME_COLUMN] =
    g_param_spec_string ("time-column", NULL, NULL, "clock",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventrow");
}

static GtkWidget *
add_label (SondeEventRow *self,
           const char    *css_class,
           int            width_chars,
           float          xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  return label;
}

/* A column that keeps its width in a wide window and gives way in a
 * narrow one (GtkInscription: a minimum and a natural width). */
static GtkWidget *
add_cell (SondeEventRow *self,
          const char    *css_class,
          guint          min_chars,
          guint          nat_chars,
          float          xalign)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), nat_chars);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), xalign);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (cell, css_class);
  gtk_widget_set_parent (cell, GTK_WIDGET (self));
  return cell;
}

static void
sonde_event_row_init (SondeEventRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  self->time_label = add_label (self, "time", 12, 0.0f);
  self->direction_label = add_label (self, "direction", 1, 0.5f);
  self->kind_label = add_cell (self, "kind", 4, 11, 0.0f);
  self->size_label = add_cell (self, "size", 4, 8, 1.0f);
  self->role_label = add_label (self, "role", 0, 0.5f);
  /* A long role badge ("queued, 12 waiting") must not widen the window. */
  gtk_label_set_ellipsize (GTK_LABEL (self->role_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (self->role_label, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->role_label, FALSE);

  self->preview = gtk_inscription_new (NULL);
  /* No minimum of its own: on a 360 px window the preview gives way first. */
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (self->preview), 1);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (self->preview), 80);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (self->preview),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->preview, TRUE);
  gtk_widget_add_css_class (self->preview, "preview");
  gtk_widget_set_has_tooltip (self->preview, TRUE);
  g_signal_connect (self->preview, "query-tooltip", G_CALLBACK (preview_query_tooltip_cb), self);
  gtk_widget_set_parent (self->preview, GTK_WIDGET (self));
}

GtkWidget *
sonde_event_row_new (void)
{
  return g_object_new (SONDE_TYPE_EVENT_ROW, NULL);
}

SondeEvent *
sonde_event_row_get_event (SondeEventRow *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT_ROW (self), NULL);

  return self->event;
}

void
sonde_event_row_set_event (SondeEventRow *self,
                           SondeEvent    *event)
{
  g_return_if_fail (SONDE_IS_EVENT_ROW (self));
  g_return_if_fail (!event || SONDE_IS_EVENT (event));

  if (!g_set_object (&self->event, event))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

gboolean
sonde_event_row_get_utc (SondeEventRow *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT_ROW (self), FALSE);

  return self->utc;
}

void
sonde_event_row_set_utc (SondeEventRow *self,
                         gboolean       utc)
{
  g_return_if_fail (SONDE_IS_EVENT_ROW (self));

  utc = !!utc;
  if (self->utc == utc)
    return;

  self->utc = utc;
  update_time (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UTC]);
}

/**
 * sonde_event_row_set_reference_times:
 * @previous_us: the wall-clock time of the row above (µs), 0 for none
 * @open_us: of the last open of its connection before it, 0 for none
 *
 * What the "delta" and "since-open" time columns count from.
 */
void
sonde_event_row_set_reference_times (SondeEventRow *self,
                                     gint64         previous_us,
                                     gint64         open_us)
{
  g_return_if_fail (SONDE_IS_EVENT_ROW (self));

  self->previous_us = previous_us;
  self->open_us = open_us;
  update_time (self);
}

const char *
sonde_event_row_get_time_text (SondeEventRow *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT_ROW (self), NULL);
  return gtk_label_get_label (GTK_LABEL (self->time_label));
}

/**
 * sonde_event_row_get_highlights:
 *
 * Returns: how many find matches the preview highlights, for tests.
 */
guint
sonde_event_row_get_n_highlights (SondeEventRow *self)
{
  PangoAttrList *attrs;
  g_autoptr(GSList) list = NULL;
  guint n;

  g_return_val_if_fail (SONDE_IS_EVENT_ROW (self), 0);

  attrs = gtk_inscription_get_attributes (GTK_INSCRIPTION (self->preview));
  if (attrs == NULL)
    return 0;
  list = pango_attr_list_get_attributes (attrs);
  n = 0;
  for (GSList *l = list; l != NULL; l = l->next)
    {
      if (((PangoAttribute *) l->data)->klass->type == PANGO_ATTR_BACKGROUND)
        n++;
      pango_attribute_destroy (l->data);
    }
  return n;
}

/**
 * sonde_event_row_get_badge:
 *
 * Returns: (nullable): the small label beside the kind (role, RTT, the
 *   request a reply answers), %NULL when hidden
 */
const char *
sonde_event_row_get_badge (SondeEventRow *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT_ROW (self), NULL);

  if (!gtk_widget_get_visible (self->role_label))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (self->role_label));
}

const char *
sonde_event_row_get_preview (SondeEventRow *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT_ROW (self), NULL);

  return gtk_inscription_get_text (GTK_INSCRIPTION (self->preview));
}
