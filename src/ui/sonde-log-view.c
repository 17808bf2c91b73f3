/* sonde-log-view.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sonde-enums.h"
#include "sonde-event-row.h"
#include "sonde-log-view.h"

/* A GtkListView over a SondeLogFilter over the log: only the rows on
 * screen exist, however long the log grows, and the filters decide on the
 * log's records, without an item per row.
 *
 * Paced by frames: while the view is mapped the log is in batch mode and
 * the view publishes what arrived once per frame, from a tick callback,
 * so that GTK sees at most one removal and one addition per frame.
 *
 * Selection: a GtkSingleSelection; the selected event ("selected-event")
 * stays what the detail pane shows until another row is selected or the
 * selection is cleared (Escape), also when its row leaves the log.
 *
 * Following: the view sticks to the newest row until the user scrolls
 * away (wheel, touchpad, scrollbar, keys), then counts what arrives and
 * offers "N new — Jump to Latest"; scrolling back to the end or End
 * follows again. Only the user's gestures change that, never GTK's own
 * adjustments of the scroll position when rows come and go. */

struct _SondeLogView
{
  GtkWidget           parent_instance;

  GtkStack           *log_stack;
  AdwStatusPage      *empty_page;
  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
  GtkButton          *jump_button;

  SondeLog           *log;
  SondeLogFilter     *filtered;
  GtkSingleSelection *selection;
  SondeEvent         *selected_event;
  SondeMatcher       *find;
  guint               match_index;   /* of the selected row, from 1; 0 = none */
  SondeLogShow        show;
  char               *search_text;
  char               *time_column;
  GArray             *open_times;    /* gint64 wall µs of the open events, in order */
  char               *summary;
  gboolean            hide_heartbeats;
  gboolean            auto_scroll;
  gboolean            utc;

  gboolean            follow;        /* stick to the newest row */
  gboolean            scrolling;     /* our own scroll is in progress */
  gboolean            user_scrolling; /* a gesture of the user is moving the view */
  guint               n_new;         /* rows added while not following */
  guint               tick_id;       /* the frame that flushes the log */
  guint               scroll_idle_id;
  guint               pace_id;       /* waits for the next flush slot */
  gint64              last_flush;    /* monotonic µs */
  gint64              flush_cost;    /* µs the last flush took */
  guint               rows_at_flush; /* what the last flush published */
};

G_DEFINE_FINAL_TYPE (SondeLogView, sonde_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG,
  PROP_SEARCH_TEXT,
  PROP_HIDE_HEARTBEATS,
  PROP_AUTO_SCROLL,
  PROP_UTC,
  PROP_SUMMARY,
  PROP_FOLLOWING,
  PROP_SHOW,
  PROP_FIND,
  PROP_SELECTED_EVENT,
  PROP_N_MATCHES,
  PROP_MATCH_INDEX,
  PROP_BUSY,
  PROP_TIME_COLUMN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Filter */

static void
update_summary (SondeLogView *self)
{
  guint n = 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint64 dropped = 0;
  g_autofree char *text = NULL;

  if (self->log != NULL)
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->log));
      dropped = sonde_log_get_n_dropped (self->log);
    }

  if (shown != n)
    /* Translators: shown of all events, when the log is filtered. */
    text = g_strdup_printf (ngettext ("%u of %u event", "%u of %u events", n), shown, n);
  else
    text = g_strdup_printf (ngettext ("%u event", "%u events", n), n);

  if (dropped > 0)
    {
      g_autofree char *with_dropped = NULL;
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, dropped);

      /* Translators: the log size, then how many old events were dropped. */
      with_dropped = g_strdup_printf (_("%s · %s dropped"), text, count);
      g_free (text);
      text = g_steal_pointer (&with_dropped);
    }

  gtk_stack_set_visible_child_name (self->log_stack, n > 0 ? "log" : "empty");

  if (g_strcmp0 (text, self->summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
}

static void
refilter (SondeLogView *self)
{
  SondeLogShow show = self->show;
  g_autoptr(SondeMatcher) matcher = NULL;

  if (self->hide_heartbeats)
    show &= ~SONDE_LOG_SHOW_HEARTBEAT;
  /* The filter text of the status row: a substring, case ignored. */
  if (self->search_text != NULL)
    matcher = sonde_matcher_new (self->search_text, FALSE, FALSE, NULL);
  sonde_log_filter_set_show (self->filtered, show);
  sonde_log_filter_set_matcher (self->filtered, matcher);
  update_summary (self);
}

static void scroll_to_end (SondeLogView *self);

static void
update_jump_button (SondeLogView *self)
{
  gboolean show = !self->follow && self->n_new > 0;

  if (show)
    {
      g_autofree char *label = NULL;

      /* Translators: %u is the number of events that arrived since the
       * user scrolled away from the newest one. */
      label = g_strdup_printf (ngettext ("%u new — Jump to Latest", "%u new — Jump to Latest",
                                         self->n_new), self->n_new);
      gtk_button_set_label (self->jump_button, label);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->jump_button)) != show)
    gtk_widget_set_visible (GTK_WIDGET (self->jump_button), show);
}

static void
set_follow (SondeLogView *self,
            gboolean      follow)
{
  follow = !!follow;
  if (follow)
    self->n_new = 0;
  if (self->follow != follow)
    {
      self->follow = follow;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
    }
  update_jump_button (self);
}

static void
filtered_items_changed_cb (SondeLogView *self,
                           guint         position,
                           guint         removed,
                           guint         added,
                           GListModel   *model)
{
  /* A cleared log starts following the newest event again. */
  if (g_list_model_get_n_items (model) == 0)
    set_follow (self, TRUE);
  else if (!self->follow && added > 0)
    {
      self->n_new += added;
      update_jump_button (self);
    }

  update_summary (self);
}

/* Selection and find */

static void
set_match_index (SondeLogView *self,
                 guint         index)
{
  if (self->match_index == index)
    return;
  self->match_index = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCH_INDEX]);
}

static void
set_selected_event (SondeLogView *self,
                    SondeEvent   *event)
{
  if (!g_set_object (&self->selected_event, event))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
}

static void
update_match_index (SondeLogView *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint position = 0, index = 0;

  /* The match is the selected row itself, or none. */
  if (selected != GTK_INVALID_LIST_POSITION &&
      sonde_log_filter_is_match (self->filtered, selected) &&
      sonde_log_filter_find_next (self->filtered, selected, TRUE, &position, &index))
    {
      guint n = sonde_log_filter_get_n_matches (self->filtered);
      set_match_index (self, n > 0 ? (index + 1) % n + 1 : 0);
    }
  else
    set_match_index (self, 0);
}

static void
selection_changed_cb (SondeLogView       *self,
                      guint               position,
                      guint               n_items,
                      GtkSelectionModel  *selection)
{
  g_autoptr(SondeEvent) event = gtk_single_selection_get_selected_item (self->selection)
                                ? g_object_ref (gtk_single_selection_get_selected_item (self->selection))
                                : NULL;

  /* A selected row that left the log stays in the detail pane. */
  if (event != NULL)
    set_selected_event (self, event);
  update_match_index (self);
}

static void
n_matches_cb (SondeLogView   *self,
              GParamSpec     *pspec,
              SondeLogFilter *filter)
{
  update_match_index (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
}

static void
busy_cb (SondeLogView   *self,
         GParamSpec     *pspec,
         SondeLogFilter *filter)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
select_position (SondeLogView *self,
                 guint         position)
{
  self->user_scrolling = FALSE;
  set_follow (self, FALSE);
  gtk_single_selection_set_selected (self->selection, position);
  self->scrolling = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  self->scrolling = FALSE;
}

/* Scrolling */

static gboolean
at_end (GtkAdjustment *adjustment)
{
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  return gtk_adjustment_get_value (adjustment) >= end - 4;
}

/* GTK keeps the view on an anchor row: scrolling to the newest row makes
 * that row the anchor, so dropping rows at the front does not move the
 * view back to the oldest ones. */
static void
scroll_to_end (SondeLogView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  GtkAdjustment *adjustment;
  double end;

  if (n == 0)
    return;
  self->scrolling = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
  /* The row heights GTK estimated may leave it a little short of the end:
   * the adjustment says where the end is now. */
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  if (gtk_adjustment_get_value (adjustment) < end)
    gtk_adjustment_set_value (adjustment, end);
  self->scrolling = FALSE;
}

static void
vadjustment_value_changed_cb (SondeLogView  *self,
                              GtkAdjustment *adjustment)
{
  /* Only the user's scrolling decides whether we follow the newest row;
   * GTK moves the value by itself as rows come and go. */
  if (self->scrolling || !self->user_scrolling)
    return;
  set_follow (self, at_end (adjustment));
}

static void
vadjustment_changed_cb (SondeLogView  *self,
                        GtkAdjustment *adjustment)
{
  if (self->follow && self->auto_scroll && !self->user_scrolling)
    scroll_to_end (self);
}

/* The scrolled window has moved the value for the user's scroll event by
 * the time this runs: at the end again means follow. */
static gboolean
scroll_done_cb (gpointer data)
{
  SondeLogView *self = data;

  self->scroll_idle_id = 0;
  self->user_scrolling = FALSE;
  if (!self->follow && at_end (gtk_scrolled_window_get_vadjustment (self->scroller)))
    set_follow (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* The wheel or the touchpad: scrolling up pauses at once. */
static gboolean
scroll_cb (SondeLogView             *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  if (dy < 0)
    set_follow (self, FALSE);
  self->user_scrolling = TRUE;
  if (self->scroll_idle_id == 0)
    self->scroll_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scroll_done_cb, self, NULL);
  return FALSE;
}

static void
scrollbar_pressed_cb (SondeLogView *self,
                      int           n_press,
                      double        x,
                      double        y,
                      GtkGesture   *gesture)
{
  self->user_scrolling = TRUE;
}

static void
scrollbar_released_cb (SondeLogView *self,
                       int           n_press,
                       double        x,
                       double        y,
                       GtkGesture   *gesture)
{
  self->user_scrolling = FALSE;
  set_follow (self, at_end (gtk_scrolled_window_get_vadjustment (self->scroller)));
}

static void
scrollbar_drag_end_cb (SondeLogView   *self,
                       double          x,
                       double          y,
                       GtkGestureDrag *gesture)
{
  self->user_scrolling = FALSE;
  set_follow (self, at_end (gtk_scrolled_window_get_vadjustment (self->scroller)));
}

static gboolean
key_pressed_cb (SondeLogView          *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  /* With a row selected, Up and Down move the selection (and what the
   * detail pane shows); Escape clears it. */
  if (selected != GTK_INVALID_LIST_POSITION && (state & GDK_MODIFIER_MASK) == 0)
    switch (keyval)
      {
      case GDK_KEY_Up: case GDK_KEY_KP_Up:
        if (selected > 0)
          select_position (self, selected - 1);
        return TRUE;
      case GDK_KEY_Down: case GDK_KEY_KP_Down:
        if (selected + 1 < n)
          select_position (self, selected + 1);
        return TRUE;
      case GDK_KEY_Escape:
        sonde_log_view_unselect (self);
        return TRUE;
      default:
        break;
      }

  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      set_follow (self, FALSE);
      break;
    case GDK_KEY_End: case GDK_KEY_KP_End:
      sonde_log_view_jump_to_latest (self);
      return TRUE;
    default:
      break;
    }
  return FALSE;
}

static void
jump_clicked_cb (SondeLogView *self,
                 GtkButton    *button)
{
  sonde_log_view_jump_to_latest (self);
}

/* Frames */

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  SondeLogView *self = SONDE_LOG_VIEW (widget);

  self->tick_id = 0;
  self->last_flush = g_get_monotonic_time ();
  if (self->log != NULL)
    {
      self->rows_at_flush = sonde_log_get_n_pending (self->log);
      sonde_log_flush (self->log);
    }
  if (self->follow && self->auto_scroll)
    scroll_to_end (self);
  self->flush_cost = g_get_monotonic_time () - self->last_flush;

  return G_SOURCE_REMOVE;
}

static void
schedule_flush (SondeLogView *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static gboolean
pace_cb (gpointer data)
{
  SondeLogView *self = data;

  self->pace_id = 0;
  schedule_flush (self);
  return G_SOURCE_REMOVE;
}

/* The first event after a quiet spell is shown at the next frame. Under a
 * steady stream the log is published at most every FLUSH_INTERVAL_US.
 * Under a flood (more than FLOOD_ROWS arrived between two flushes: over
 * 100 000 a second), never more often than
 * leaves four fifths of the time to the messages and the user: GTK 4.8's
 * list view spends about a microsecond on every row that comes and goes,
 * tens of milliseconds when a flood replaces the whole log between two
 * flushes. */
#define FLUSH_INTERVAL_US (33 * 1000)
#define FLOOD_ROWS        3300

static void
log_pending_cb (SondeLogView *self,
                SondeLog     *log)
{
  gboolean flooded = self->rows_at_flush > FLOOD_ROWS;
  gint64 interval = flooded ? MAX (FLUSH_INTERVAL_US, 4 * self->flush_cost) : FLUSH_INTERVAL_US;
  gint64 wait_us = self->last_flush + interval - g_get_monotonic_time ();

  if (self->tick_id != 0 || self->pace_id != 0)
    return;
  if (wait_us <= 0)
    schedule_flush (self);
  else
    self->pace_id = g_timeout_add (MAX (1, wait_us / 1000), pace_cb, self);
}

static void
update_batch (SondeLogView *self)
{
  gboolean mapped = gtk_widget_get_mapped (GTK_WIDGET (self));

  /* Unmapped, nothing paints: every append is published as it comes, so
   * that the model is never behind for whoever reads it. */
  if (self->log != NULL)
    {
      sonde_log_set_batch (self->log, mapped);
      if (mapped && sonde_log_get_n_pending (self->log) > 0)
        log_pending_cb (self, self->log);
    }
  if (!mapped && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (!mapped)
    g_clear_handle_id (&self->pace_id, g_source_remove);
}

static void
sonde_log_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sonde_log_view_parent_class)->map (widget);
  update_batch (SONDE_LOG_VIEW (widget));
}

static void
sonde_log_view_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sonde_log_view_parent_class)->unmap (widget);
  update_batch (SONDE_LOG_VIEW (widget));
}

/* Rows */

static void
row_setup_cb (SondeLogView             *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  GtkWidget *row = sonde_event_row_new ();

  g_object_bind_property (self, "utc", row, "utc", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "find", row, "find", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "time-column", row, "time-column", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

/* The last open at or before @wall_us, 0 for none. */
static gint64
open_before (SondeLogView *self,
             gint64        wall_us)
{
  guint lo = 0, hi = self->open_times->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->open_times, gint64, mid) <= wall_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? g_array_index (self->open_times, gint64, lo - 1) : 0;
}

static void
note_opens (SondeLogView *self,
            guint         from,
            guint         to)
{
  for (guint i = from; i < to; i++)
    {
      const SondeRecord *record = sonde_log_get_record (self->log, i);

      if (record->type == SONDE_RECORD_OPEN)
        g_array_append_val (self->open_times, record->wall_us);
    }
}

static void
log_items_changed_cb (SondeLogView *self,
                      guint         position,
                      guint         removed,
                      guint         added,
                      GListModel   *log)
{
  if (added > 0)
    note_opens (self, position, position + added);
}

static void
row_bind_cb (SondeLogView             *self,
             GtkListItem              *item,
             GtkSignalListItemFactory *factory)
{
  SondeEventRow *row = SONDE_EVENT_ROW (gtk_list_item_get_child (item));
  guint position = gtk_list_item_get_position (item);
  const SondeRecord *record = sonde_log_filter_get_record (self->filtered, position);
  const SondeRecord *previous = position > 0 ? sonde_log_filter_get_record (self->filtered, position - 1) : NULL;

  /* What the delta and since-open time columns count from, looked up
   * here, for the rows on screen only. */
  if (record != NULL)
    sonde_event_row_set_reference_times (row, previous ? previous->wall_us : 0,
                                         open_before (self, record->wall_us));
  sonde_event_row_set_event (row, gtk_list_item_get_item (item));
}

static void
row_unbind_cb (SondeLogView             *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  sonde_event_row_set_event (SONDE_EVENT_ROW (gtk_list_item_get_child (item)), NULL);
}

/* GObject */

static void
sonde_log_view_dispose (GObject *object)
{
  SondeLogView *self = (SondeLogView *)object;

  g_clear_handle_id (&self->scroll_idle_id, g_source_remove);
  g_clear_handle_id (&self->pace_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_LOG_VIEW);

  if (self->log != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->log, self);
      sonde_log_set_batch (self->log, FALSE);
    }
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->selected_event);
  g_clear_object (&self->find);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (sonde_log_view_parent_class)->dispose (object);
}

static void
sonde_log_view_finalize (GObject *object)
{
  SondeLogView *self = (SondeLogView *)object;

  g_free (self->search_text);
  g_free (self->summary);
  g_free (self->time_column);
  g_array_unref (self->open_times);

  G_OBJECT_CLASS (sonde_log_view_parent_class)->finalize (object);
}

static void
sonde_log_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SondeLogView *self = SONDE_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;

    case PROP_HIDE_HEARTBEATS:
      g_value_set_boolean (value, self->hide_heartbeats);
      break;

    case PROP_AUTO_SCROLL:
      g_value_set_boolean (value, self->auto_scroll);
      break;

    case PROP_UTC:
      g_value_set_boolean (value, self->utc);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->follow);
      break;

    case PROP_SHOW:
      g_value_set_flags (value, self->show);
      break;

    case PROP_FIND:
      g_value_set_object (value, self->find);
      break;

    case PROP_SELECTED_EVENT:
      g_value_set_object (value, self->selected_event);
      break;

    case PROP_N_MATCHES:
      g_value_set_uint (value, sonde_log_filter_get_n_matches (self->filtered));
      break;

    case PROP_MATCH_INDEX:
      g_value_set_uint (value, self->match_index);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, sonde_log_filter_get_busy (self->filtered));
      break;

    case PROP_TIME_COLUMN:
      g_value_set_string (value, self->time_column);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_log_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SondeLogView *self = SONDE_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG:
      sonde_log_view_set_log (self, g_value_get_object (value));
      break;

    case PROP_SEARCH_TEXT:
      sonde_log_view_set_search_text (self, g_value_get_string (value));
      break;

    case PROP_HIDE_HEARTBEATS:
      sonde_log_view_set_hide_heartbeats (self, g_value_get_boolean (value));
      break;

    case PROP_AUTO_SCROLL:
      if (self->auto_scroll != g_value_get_boolean (value))
        {
          self->auto_scroll = g_value_get_boolean (value);
          if (self->auto_scroll && self->follow)
            scroll_to_end (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_UTC:
      if (self->utc != g_value_get_boolean (value))
        {
          self->utc = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SHOW:
      sonde_log_view_set_show (self, g_value_get_flags (value));
      break;

    case PROP_FIND:
      sonde_log_view_set_find (self, g_value_get_object (value));
      break;

    case PROP_TIME_COLUMN:
      if (g_strcmp0 (self->time_column, g_value_get_string (value)) != 0)
        {
          g_free (self->time_column);
          self->time_column = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_log_view_class_init (SondeLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_log_view_dispose;
  object_class->finalize = sonde_log_view_finalize;
  object_class->get_property = sonde_log_view_get_property;
  object_class->set_property = sonde_log_view_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         SONDE_TYPE_LOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HIDE_HEARTBEATS] =
    g_param_spec_boolean ("hide-heartbeats", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether new events scroll into view (while the log is at its end). */
  properties[PROP_AUTO_SCROLL] =
    g_param_spec_boolean ("auto-scroll", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether the rows show times in UTC. */
  properties[PROP_UTC] =
    g_param_spec_boolean ("utc", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether the view sticks to the newest row (the user did not scroll
   * away from it). */
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The categories of rows shown (the filter chips). */
  properties[PROP_SHOW] =
    g_param_spec_flags ("show", NULL, NULL,
                        SONDE_TYPE_LOG_SHOW, SONDE_LOG_SHOW_ALL,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* What the find bar looks for: its matches are highlighted, counted
   * and visited, not filtered. */
  properties[PROP_FIND] =
    g_param_spec_object ("find", NULL, NULL,
                         SONDE_TYPE_MATCHER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED_EVENT] =
    g_param_spec_object ("selected-event", NULL, NULL,
                         SONDE_TYPE_EVENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_MATCHES] =
    g_param_spec_uint ("n-matches", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Which match the selected row is, from 1; 0 when it is none. */
  properties[PROP_MATCH_INDEX] =
    g_param_spec_uint ("match-index", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* A long log is being filtered again. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* "clock", "delta" (since the row above) or "since-open". */
  properties[PROP_TIME_COLUMN] =
    g_param_spec_string ("time-column", NULL, NULL, "clock",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = sonde_log_view_map;
  widget_class->unmap = sonde_log_view_unmap;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeLogView, log_stack);
  gtk_widget_class_bind_template_child (widget_class, SondeLogView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SondeLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SondeLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, SondeLogView, jump_button);
  gtk_widget_class_bind_template_callback (widget_class, jump_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_unbind_cb);
}

static void
sonde_log_view_init (SondeLogView *self)
{
  GtkAdjustment *vadjustment;
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkWidget *scrollbar;

  self->follow = TRUE;
  self->auto_scroll = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->show = SONDE_LOG_SHOW_ALL;
  self->time_column = g_strdup ("clock");
  self->open_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->filtered = sonde_log_filter_new (NULL);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (filtered_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "notify::n-matches", G_CALLBACK (n_matches_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "notify::busy", G_CALLBACK (busy_cb),
                           self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (vadjustment_value_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "changed", G_CALLBACK (vadjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* The user's gestures, watched before the scrolled window acts. */
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), controller);

  scrollbar = gtk_scrolled_window_get_vscrollbar (self->scroller);
  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (scrollbar_pressed_cb), self);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (scrollbar_released_cb), self);
  gtk_widget_add_controller (scrollbar, GTK_EVENT_CONTROLLER (gesture));
  gesture = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (scrollbar_pressed_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (scrollbar_drag_end_cb), self);
  gtk_widget_add_controller (scrollbar, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);

  update_summary (self);
}

SondeLog *
sonde_log_view_get_log (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), NULL);

  return self->log;
}

void
sonde_log_view_set_log (SondeLogView *self,
                        SondeLog     *log)
{
  g_return_if_fail (SONDE_IS_LOG_VIEW (self));
  g_return_if_fail (log == NULL || SONDE_IS_LOG (log));

  if (self->log == log)
    return;

  if (self->log != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->log, self);
      sonde_log_set_batch (self->log, FALSE);
    }
  g_set_object (&self->log, log);
  if (log != NULL)
    {
      g_signal_connect_object (log, "notify::n-dropped", G_CALLBACK (update_summary),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (log, "pending", G_CALLBACK (log_pending_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (log, "items-changed", G_CALLBACK (log_items_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  g_array_set_size (self->open_times, 0);
  if (log != NULL)
    note_opens (self, 0, g_list_model_get_n_items (G_LIST_MODEL (log)));
  update_batch (self);

  set_follow (self, TRUE);
  sonde_log_filter_set_log (self->filtered, log);
  set_selected_event (self, NULL);
  update_summary (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

const char *
sonde_log_view_get_search_text (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), NULL);

  return self->search_text;
}

void
sonde_log_view_set_search_text (SondeLogView *self,
                                const char   *text)
{
  g_return_if_fail (SONDE_IS_LOG_VIEW (self));

  if (text != NULL && *text == '\0')
    text = NULL;

  if (g_strcmp0 (self->search_text, text) == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_strdup (text);
  refilter (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

gboolean
sonde_log_view_get_hide_heartbeats (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), FALSE);

  return self->hide_heartbeats;
}

void
sonde_log_view_set_hide_heartbeats (SondeLogView *self,
                                    gboolean      hide_heartbeats)
{
  g_return_if_fail (SONDE_IS_LOG_VIEW (self));

  hide_heartbeats = !!hide_heartbeats;
  if (self->hide_heartbeats == hide_heartbeats)
    return;

  self->hide_heartbeats = hide_heartbeats;
  refilter (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDE_HEARTBEATS]);
}

const char *
sonde_log_view_get_summary (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), NULL);

  return self->summary;
}

/**
 * sonde_log_view_jump_to_latest:
 *
 * Scrolls to the newest event and follows new ones again.
 */
void
sonde_log_view_jump_to_latest (SondeLogView *self)
{
  g_return_if_fail (SONDE_IS_LOG_VIEW (self));

  self->user_scrolling = FALSE;
  set_follow (self, TRUE);
  scroll_to_end (self);
}

gboolean
sonde_log_view_get_following (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), FALSE);

  return self->follow;
}

GListModel *
sonde_log_view_get_model (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

GtkListView *
sonde_log_view_get_list_view (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), NULL);

  return self->list_view;
}

SondeLogShow
sonde_log_view_get_show (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), 0);

  return self->show;
}

void
sonde_log_view_set_show (SondeLogView *self,
                         SondeLogShow  show)
{
  g_return_if_fail (SONDE_IS_LOG_VIEW (self));

  if (self->show == show)
    return;
  self->show = show;
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
}

SondeMatcher *
sonde_log_view_get_find (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), NULL);

  return self->find;
}

void
sonde_log_view_set_find (SondeLogView *self,
                         SondeMatcher *find)
{
  g_return_if_fail (SONDE_IS_LOG_VIEW (self));
  g_return_if_fail (find == NULL || SONDE_IS_MATCHER (find));

  if (sonde_matcher_equal (self->find, find))
    return;
  g_set_object (&self->find, find);
  sonde_log_filter_set_find (self->filtered, find);
  update_match_index (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIND]);
}

/**
 * sonde_log_view_find_next:
 * @backward: towards the older rows
 *
 * Selects the next match after the selected row (or the first one), and
 * scrolls to it; wraps around.
 *
 * Returns: whether anything matches.
 */
gboolean
sonde_log_view_find_next (SondeLogView *self,
                          gboolean      backward)
{
  guint position = 0, index = 0;

  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), FALSE);

  if (!sonde_log_filter_find_next (self->filtered, gtk_single_selection_get_selected (self->selection),
                                   backward, &position, &index))
    return FALSE;
  select_position (self, position);
  set_match_index (self, index + 1);
  return TRUE;
}

SondeEvent *
sonde_log_view_get_selected_event (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), NULL);

  return self->selected_event;
}

/**
 * sonde_log_view_select:
 * @position: a position in the view's model, or GTK_INVALID_LIST_POSITION
 *
 * Selects that row and scrolls to it; following the newest row stops.
 */
void
sonde_log_view_select (SondeLogView *self,
                       guint         position)
{
  g_return_if_fail (SONDE_IS_LOG_VIEW (self));

  if (position == GTK_INVALID_LIST_POSITION)
    {
      sonde_log_view_unselect (self);
      return;
    }
  select_position (self, position);
}

guint
sonde_log_view_get_selected (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), GTK_INVALID_LIST_POSITION);

  return gtk_single_selection_get_selected (self->selection);
}

/**
 * sonde_log_view_unselect:
 *
 * Clears the selection and the selected event (the detail pane closes).
 */
void
sonde_log_view_unselect (SondeLogView *self)
{
  g_return_if_fail (SONDE_IS_LOG_VIEW (self));

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  set_selected_event (self, NULL);
}

SondeLogFilter *
sonde_log_view_get_filter (SondeLogView *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), NULL);

  return self->filtered;
}

/**
 * sonde_log_view_select_seq:
 * @seq: the `seq` of a record
 *
 * Selects the row of that record and scrolls to it.
 *
 * Returns: %FALSE when no shown row has it (filtered out, or not stored)
 */
gboolean
sonde_log_view_select_seq (SondeLogView *self,
                           guint64       seq)
{
  SondeLogFilter *filter;
  guint low = 0, high;

  g_return_val_if_fail (SONDE_IS_LOG_VIEW (self), FALSE);

  filter = sonde_log_view_get_filter (self);
  if (filter == NULL || seq == 0)
    return FALSE;
  /* The rows are in the log's order, and a session numbers its records in
   * that order. */
  high = g_list_model_get_n_items (G_LIST_MODEL (filter));
  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      const SondeRecord *record = sonde_log_filter_get_record (filter, mid);

      if (record->seq == seq)
        {
          sonde_log_view_select (self, mid);
          return TRUE;
        }
      if (record->seq < seq)
        low = mid + 1;
      else
        high = mid;
    }
  return FALSE;
}

/**
 * sonde_log_view_set_empty_text:
 *
 * What the view says while the log is empty.
 */
void
sonde_log_view_set_empty_text (SondeLogView *self,
                               const char   *title,
                               const char   *description)
{
  g_return_if_fail (SONDE_IS_LOG_VIEW (self));

  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
}
