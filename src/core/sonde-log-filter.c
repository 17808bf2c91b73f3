/* sonde-log-filter.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sonde-enums.h"
#include "sonde-log-filter.h"

/* A GListModel of the rows of a SondeLog that the filters let through,
 * decided on the log's records (no SondeEvent, nothing parsed), and the
 * rows among them that the find pattern matches.
 *
 * Rows are numbered by an absolute index of our own: base is the index of
 * the log's position 0, and grows by what the log drops at its front. The
 * log only ever drops rows at the front and adds rows at the end (see
 * sonde_log_flush()), and both are followed row by row.
 *
 * Changing the filters or the pattern rescans the log. A log of up to
 * SYNC_ROWS rows is rescanned at once; a longer one a slice of
 * SCAN_BUDGET_US at a time in an idle callback below the frame clock's
 * priority, while the model goes on showing the rows of the previous
 * filters ("busy"); the new rows replace them at the end, in a removal
 * and an addition. No filter and no pattern is a pass-through without an
 * index. */

#define SYNC_ROWS       10000
#define SCAN_BUDGET_US  (6 * 1000)

struct _SondeLogFilter
{
  GObject       parent_instance;

  SondeLog     *log;
  guint64       base;
  guint         log_n;

  /* What the model shows. */
  SondeLogShow  pub_show;
  SondeMatcher *pub_matcher;
  SondeMatcher *pub_find;
  gboolean      pub_all;
  GArray       *rows;         /* guint64, when !pub_all */
  GArray       *matches;      /* guint64 */

  /* What was asked for. */
  SondeLogShow  show;
  SondeMatcher *matcher;
  SondeMatcher *find;

  /* Replacing every row: the model says it is empty between the removal
   * and the addition. */
  gboolean      swapping;

  /* The rescan. */
  guint         scan_id;
  gboolean      scan_rows_mode;
  guint64       scan_pos;     /* rows mode: next absolute index; else next position */
  GArray       *scan_rows;
  GArray       *scan_matches;
};

enum {
  PROP_0,
  PROP_LOG,
  PROP_SHOW,
  PROP_MATCHER,
  PROP_FIND,
  PROP_BUSY,
  PROP_N_MATCHES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SondeLogFilter, sonde_log_filter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/**
 * sonde_log_filter_record_shown:
 *
 * Whether the categories in @show let @record through.
 */
gboolean
sonde_log_filter_record_shown (SondeLogShow       show,
                               const SondeRecord *record)
{
  /* Not a switch: record types added later fall into "connection". */
  if (record->type == SONDE_RECORD_MESSAGE || record->type == SONDE_RECORD_QUEUED)
    {
      gboolean in = record->type == SONDE_RECORD_MESSAGE && record->direction == SONDE_DIRECTION_IN;
      gboolean binary = (record->flags & SONDE_RECORD_FLAG_BINARY) != 0;

      if (!(show & (in ? SONDE_LOG_SHOW_INBOUND : SONDE_LOG_SHOW_OUTBOUND)))
        return FALSE;
      if (!(show & (binary ? SONDE_LOG_SHOW_BINARY : SONDE_LOG_SHOW_TEXT)))
        return FALSE;
      if (sonde_record_is_heartbeat_noise (record) && !(show & SONDE_LOG_SHOW_HEARTBEAT))
        return FALSE;
      return TRUE;
    }
  if (record->type == SONDE_RECORD_PONG)
    return (show & SONDE_LOG_SHOW_HEARTBEAT) != 0;
  if (record->type == SONDE_RECORD_ERROR || record->type == SONDE_RECORD_WARNING ||
      record->type == SONDE_RECORD_HEARTBEAT_MISSED || record->type == SONDE_RECORD_GAVE_UP ||
      record->type == SONDE_RECORD_NO_REPLY)
    return (show & SONDE_LOG_SHOW_ERRORS) != 0;
  return (show & SONDE_LOG_SHOW_CONNECTION) != 0;
}

static inline gboolean
passes (SondeLogShow       show,
        SondeMatcher      *matcher,
        const SondeRecord *record)
{
  return sonde_log_filter_record_shown (show, record) &&
         (matcher == NULL || sonde_matcher_match_record (matcher, record));
}

static inline gboolean
is_all (SondeLogShow  show,
        SondeMatcher *matcher)
{
  return (show & SONDE_LOG_SHOW_ALL) == SONDE_LOG_SHOW_ALL && matcher == NULL;
}

static inline const SondeRecord *
record_abs (SondeLogFilter *self,
            guint64         abs)
{
  return sonde_log_get_record (self->log, abs - self->base);
}

static guint
n_shown (SondeLogFilter *self)
{
  if (self->swapping)
    return 0;
  return self->pub_all ? self->log_n : self->rows->len;
}

/* Says that all @old_n rows were replaced by what the model holds now. */
static void
emit_replaced (SondeLogFilter *self,
               guint           old_n)
{
  guint new_n;

  self->swapping = TRUE;
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  self->swapping = FALSE;
  new_n = n_shown (self);
  if (new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
}

static inline guint64
row_abs (SondeLogFilter *self,
         guint           position)
{
  return self->pub_all ? self->base + position : g_array_index (self->rows, guint64, position);
}

/* The first index of sorted @array whose value is ≥ @value. */
static guint
lower_bound (GArray  *array,
             guint64  value)
{
  guint lo = 0, hi = array->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (array, guint64, mid) < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
drop_below (GArray  *array,
            guint64  base)
{
  guint k;

  if (array == NULL)
    return;
  k = lower_bound (array, base);
  if (k > 0)
    g_array_remove_range (array, 0, k);
}

/* GListModel */

static GType
sonde_log_filter_get_item_type (GListModel *model)
{
  return SONDE_TYPE_EVENT;
}

static guint
sonde_log_filter_get_n_items (GListModel *model)
{
  return n_shown (SONDE_LOG_FILTER (model));
}

static gpointer
sonde_log_filter_get_item (GListModel *model,
                           guint       position)
{
  SondeLogFilter *self = SONDE_LOG_FILTER (model);

  if (position >= n_shown (self))
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->log), row_abs (self, position) - self->base);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sonde_log_filter_get_item_type;
  iface->get_n_items = sonde_log_filter_get_n_items;
  iface->get_item = sonde_log_filter_get_item;
}

/* Scanning */

static void
stop_scan (SondeLogFilter *self)
{
  gboolean was_busy = self->scan_id != 0;

  g_clear_handle_id (&self->scan_id, g_source_remove);
  g_clear_pointer (&self->scan_rows, g_array_unref);
  g_clear_pointer (&self->scan_matches, g_array_unref);
  if (was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
finish_scan (SondeLogFilter *self)
{
  guint old_n = n_shown (self);
  guint old_matches = self->matches->len;
  gboolean rows_mode = self->scan_rows_mode;
  gboolean was_busy = self->scan_id != 0;

  g_clear_handle_id (&self->scan_id, g_source_remove);
  g_clear_pointer (&self->matches, g_array_unref);
  self->matches = g_steal_pointer (&self->scan_matches);
  g_set_object (&self->pub_find, self->find);
  if (rows_mode)
    {
      self->pub_show = self->show;
      g_set_object (&self->pub_matcher, self->matcher);
      self->pub_all = is_all (self->show, self->matcher);
      g_clear_pointer (&self->rows, g_array_unref);
      self->rows = g_steal_pointer (&self->scan_rows);
      if (self->rows == NULL)
        self->rows = g_array_new (FALSE, FALSE, sizeof (guint64));
      /* A removal, then an addition: in one signal GTK 4.8's list view
       * looks every added item up among the removed ones, making an item
       * (a SondeEvent) of each (see sonde_log_flush()). */
      emit_replaced (self, old_n);
    }
  g_clear_pointer (&self->scan_rows, g_array_unref);

  /* The same count may be other rows: said anyway. */
  (void) old_matches;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
  if (was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Returns whether the scan reached the end. */
static gboolean
scan_some (SondeLogFilter *self,
           gint64          budget_us)
{
  gint64 start = g_get_monotonic_time ();
  guint n = 0;

  if (self->scan_rows_mode)
    {
      gboolean all = is_all (self->show, self->matcher);

      while (self->scan_pos < self->base + self->log_n)
        {
          guint64 abs = self->scan_pos++;
          const SondeRecord *record = record_abs (self, abs);

          if (passes (self->show, self->matcher, record))
            {
              if (!all)
                g_array_append_val (self->scan_rows, abs);
              if (self->find != NULL && sonde_matcher_match_record (self->find, record))
                g_array_append_val (self->scan_matches, abs);
            }
          if (budget_us > 0 && ++n % 256 == 0 && g_get_monotonic_time () - start > budget_us)
            break;
        }
      return self->scan_pos >= self->base + self->log_n;
    }

  while (self->scan_pos < n_shown (self))
    {
      guint64 abs = row_abs (self, self->scan_pos++);

      if (self->find != NULL && sonde_matcher_match_record (self->find, record_abs (self, abs)))
        g_array_append_val (self->scan_matches, abs);
      if (budget_us > 0 && ++n % 256 == 0 && g_get_monotonic_time () - start > budget_us)
        break;
    }
  return self->scan_pos >= n_shown (self);
}

static gboolean
scan_cb (gpointer data)
{
  SondeLogFilter *self = data;

  if (scan_some (self, SCAN_BUDGET_US))
    {
      finish_scan (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_scan (SondeLogFilter *self)
{
  gboolean was_busy = self->scan_id != 0;
  gboolean rows_changed;

  g_clear_handle_id (&self->scan_id, g_source_remove);
  g_clear_pointer (&self->scan_rows, g_array_unref);
  g_clear_pointer (&self->scan_matches, g_array_unref);

  rows_changed = self->show != self->pub_show || !sonde_matcher_equal (self->matcher, self->pub_matcher);
  if (!rows_changed && sonde_matcher_equal (self->find, self->pub_find))
    {
      /* Back to what is shown: nothing to do. */
      g_set_object (&self->pub_matcher, self->matcher);
      g_set_object (&self->pub_find, self->find);
      if (was_busy)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      return;
    }

  self->scan_rows_mode = rows_changed;
  self->scan_pos = rows_changed ? self->base : 0;
  self->scan_rows = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->scan_matches = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (self->log == NULL || self->log_n <= SYNC_ROWS || scan_some (self, SCAN_BUDGET_US))
    {
      scan_some (self, 0);
      self->scan_id = 0;
      if (was_busy)
        {
          /* finish_scan() says busy only for a scan in progress. */
          finish_scan (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
        }
      else
        finish_scan (self);
      return;
    }
  self->scan_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scan_cb, self, NULL);
  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Following the log */

static void
log_items_changed_cb (SondeLogFilter *self,
                      guint           position,
                      guint           removed,
                      guint           added,
                      GListModel     *log)
{
  if (position == 0 && added == 0 && removed > 0 && removed <= self->log_n)
    {
      guint old_n = n_shown (self);
      guint old_matches = self->matches->len;

      self->base += removed;
      self->log_n -= removed;
      if (!self->pub_all)
        drop_below (self->rows, self->base);
      drop_below (self->matches, self->base);
      if (self->scan_id != 0)
        {
          drop_below (self->scan_rows, self->base);
          drop_below (self->scan_matches, self->base);
          if (self->scan_rows_mode)
            self->scan_pos = MAX (self->scan_pos, self->base);
          else
            self->scan_pos -= MIN (self->scan_pos, old_n - n_shown (self));
        }
      if (old_n != n_shown (self))
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n - n_shown (self), 0);
      if (old_matches != self->matches->len)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
    }
  else if (removed == 0 && position == self->log_n)
    {
      guint old_n = n_shown (self);
      guint old_matches = self->matches->len;

      for (guint i = 0; i < added; i++)
        {
          guint64 abs = self->base + self->log_n + i;
          const SondeRecord *record = sonde_log_get_record (self->log, self->log_n + i);

          if (!self->pub_all && !passes (self->pub_show, self->pub_matcher, record))
            continue;
          if (!self->pub_all)
            g_array_append_val (self->rows, abs);
          if (self->pub_find != NULL && sonde_matcher_match_record (self->pub_find, record))
            g_array_append_val (self->matches, abs);
        }
      self->log_n += added;
      if (n_shown (self) != old_n)
        g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_shown (self) - old_n);
      if (old_matches != self->matches->len)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
    }
  else
    {
      /* Not a change SondeLog makes: start again from its new contents. */
      guint old_n = n_shown (self);

      stop_scan (self);
      self->base += self->log_n + 1;
      self->log_n = g_list_model_get_n_items (log);
      self->pub_all = TRUE;
      self->pub_show = SONDE_LOG_SHOW_ALL;
      g_clear_object (&self->pub_matcher);
      g_clear_object (&self->pub_find);
      g_array_set_size (self->rows, 0);
      g_array_set_size (self->matches, 0);
      emit_replaced (self, old_n);
      start_scan (self);
    }
}

/* GObject */

static void
sonde_log_filter_dispose (GObject *object)
{
  SondeLogFilter *self = (SondeLogFilter *) object;

  g_clear_handle_id (&self->scan_id, g_source_remove);
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_clear_object (&self->log);
  g_clear_object (&self->pub_matcher);
  g_clear_object (&self->pub_find);
  g_clear_object (&self->matcher);
  g_clear_object (&self->find);

  G_OBJECT_CLASS (sonde_log_filter_parent_class)->dispose (object);
}

static void
sonde_log_filter_finalize (GObject *object)
{
  SondeLogFilter *self = (SondeLogFilter *) object;

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->scan_rows, g_array_unref);
  g_clear_pointer (&self->scan_matches, g_array_unref);

  G_OBJECT_CLASS (sonde_log_filter_parent_class)->finalize (object);
}

static void
sonde_log_filter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeLogFilter *self = SONDE_LOG_FILTER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_SHOW:
      g_value_set_flags (value, self->show);
      break;
    case PROP_MATCHER:
      g_value_set_object (value, self->matcher);
      break;
    case PROP_FIND:
      g_value_set_object (value, self->find);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->scan_id != 0);
      break;
    case PROP_N_MATCHES:
      g_value_set_uint (value, self->matches->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_log_filter_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeLogFilter *self = SONDE_LOG_FILTER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      sonde_log_filter_set_log (self, g_value_get_object (value));
      break;
    case PROP_SHOW:
      sonde_log_filter_set_show (self, g_value_get_flags (value));
      break;
    case PROP_MATCHER:
      sonde_log_filter_set_matcher (self, g_value_get_object (value));
      break;
    case PROP_FIND:
      sonde_log_filter_set_find (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_log_filter_class_init (SondeLogFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sonde_log_filter_dispose;
  object_class->finalize = sonde_log_filter_finalize;
  object_class->get_property = sonde_log_filter_get_property;
  object_class->set_property = sonde_log_filter_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, SONDE_TYPE_LOG,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW] =
    g_param_spec_flags ("show", NULL, NULL, SONDE_TYPE_LOG_SHOW, SONDE_LOG_SHOW_ALL,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SondeLogFilter:matcher:
   *
   * When set, only the rows it matches are shown.
   */
  properties[PROP_MATCHER] =
    g_param_spec_object ("matcher", NULL, NULL, SONDE_TYPE_MATCHER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SondeLogFilter:find:
   *
   * The rows shown that it matches are the matches (n-matches,
   * sonde_log_filter_find_next()).
   */
  properties[PROP_FIND] =
    g_param_spec_object ("find", NULL, NULL, SONDE_TYPE_MATCHER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SondeLogFilter:busy:
   *
   * A long log is being rescanned for new filters; until it is done the
   * model shows what the previous ones let through.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_MATCHES] =
    g_param_spec_uint ("n-matches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_log_filter_init (SondeLogFilter *self)
{
  self->show = self->pub_show = SONDE_LOG_SHOW_ALL;
  self->pub_all = TRUE;
  self->rows = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint64));
}

SondeLogFilter *
sonde_log_filter_new (SondeLog *log)
{
  return g_object_new (SONDE_TYPE_LOG_FILTER, "log", log, NULL);
}

SondeLog *
sonde_log_filter_get_log (SondeLogFilter *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_FILTER (self), NULL);
  return self->log;
}

void
sonde_log_filter_set_log (SondeLogFilter *self,
                          SondeLog       *log)
{
  guint old_n;

  g_return_if_fail (SONDE_IS_LOG_FILTER (self));
  g_return_if_fail (log == NULL || SONDE_IS_LOG (log));

  if (self->log == log)
    return;

  old_n = n_shown (self);
  stop_scan (self);
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_set_object (&self->log, log);
  self->base += self->log_n + 1;
  self->log_n = log ? g_list_model_get_n_items (G_LIST_MODEL (log)) : 0;
  if (log != NULL)
    g_signal_connect_object (log, "items-changed", G_CALLBACK (log_items_changed_cb),
                             self, G_CONNECT_SWAPPED);

  /* Shown as the filters say, at once (a new log is short or it is a
   * recording being opened, which fills it later). */
  self->pub_all = TRUE;
  self->pub_show = SONDE_LOG_SHOW_ALL;
  g_clear_object (&self->pub_matcher);
  g_clear_object (&self->pub_find);
  g_array_set_size (self->rows, 0);
  g_array_set_size (self->matches, 0);
  emit_replaced (self, old_n);
  start_scan (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

SondeLogShow
sonde_log_filter_get_show (SondeLogFilter *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_FILTER (self), 0);
  return self->show;
}

void
sonde_log_filter_set_show (SondeLogFilter *self,
                           SondeLogShow    show)
{
  g_return_if_fail (SONDE_IS_LOG_FILTER (self));

  show &= SONDE_LOG_SHOW_ALL;
  if (self->show == show)
    return;
  self->show = show;
  start_scan (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
}

SondeMatcher *
sonde_log_filter_get_matcher (SondeLogFilter *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_FILTER (self), NULL);
  return self->matcher;
}

void
sonde_log_filter_set_matcher (SondeLogFilter *self,
                              SondeMatcher   *matcher)
{
  g_return_if_fail (SONDE_IS_LOG_FILTER (self));
  g_return_if_fail (matcher == NULL || SONDE_IS_MATCHER (matcher));

  if (sonde_matcher_equal (self->matcher, matcher))
    return;
  g_set_object (&self->matcher, matcher);
  start_scan (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCHER]);
}

SondeMatcher *
sonde_log_filter_get_find (SondeLogFilter *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_FILTER (self), NULL);
  return self->find;
}

void
sonde_log_filter_set_find (SondeLogFilter *self,
                           SondeMatcher   *find)
{
  g_return_if_fail (SONDE_IS_LOG_FILTER (self));
  g_return_if_fail (find == NULL || SONDE_IS_MATCHER (find));

  if (sonde_matcher_equal (self->find, find))
    return;
  g_set_object (&self->find, find);
  start_scan (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIND]);
}

gboolean
sonde_log_filter_get_busy (SondeLogFilter *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_FILTER (self), FALSE);
  return self->scan_id != 0;
}

guint
sonde_log_filter_get_n_matches (SondeLogFilter *self)
{
  g_return_val_if_fail (SONDE_IS_LOG_FILTER (self), 0);
  return self->matches->len;
}

/**
 * sonde_log_filter_get_record:
 *
 * Returns: (nullable): the record shown at @position, valid until the
 *   log's next flush.
 */
const SondeRecord *
sonde_log_filter_get_record (SondeLogFilter *self,
                             guint           position)
{
  g_return_val_if_fail (SONDE_IS_LOG_FILTER (self), NULL);

  if (position >= n_shown (self))
    return NULL;
  return record_abs (self, row_abs (self, position));
}

gboolean
sonde_log_filter_is_match (SondeLogFilter *self,
                           guint           position)
{
  guint64 abs;
  guint i;

  g_return_val_if_fail (SONDE_IS_LOG_FILTER (self), FALSE);

  if (position >= n_shown (self))
    return FALSE;
  abs = row_abs (self, position);
  i = lower_bound (self->matches, abs);
  return i < self->matches->len && g_array_index (self->matches, guint64, i) == abs;
}

/**
 * sonde_log_filter_find_next:
 * @from: the position to start after (or before), G_MAXUINT for none
 * @backward: look towards the older rows
 * @position: (out): the match's position
 * @match_index: (out) (optional): which match it is, from 0
 *
 * The next match after @from, wrapping around at the end.
 *
 * Returns: %FALSE when nothing matches.
 */
gboolean
sonde_log_filter_find_next (SondeLogFilter *self,
                            guint           from,
                            gboolean        backward,
                            guint          *position,
                            guint          *match_index)
{
  guint i;
  guint64 abs;

  g_return_val_if_fail (SONDE_IS_LOG_FILTER (self), FALSE);
  g_return_val_if_fail (position != NULL, FALSE);

  if (self->matches->len == 0)
    return FALSE;

  if (from >= n_shown (self))
    i = backward ? self->matches->len - 1 : 0;
  else
    {
      guint64 at = row_abs (self, from);

      i = lower_bound (self->matches, at);
      if (backward)
        i = i == 0 ? self->matches->len - 1 : i - 1;
      else
        {
          if (i < self->matches->len && g_array_index (self->matches, guint64, i) == at)
            i++;
          if (i >= self->matches->len)
            i = 0;
        }
    }

  abs = g_array_index (self->matches, guint64, i);
  *position = self->pub_all ? (guint) (abs - self->base) : lower_bound (self->rows, abs);
  if (match_index != NULL)
    *match_index = i;
  return TRUE;
}
