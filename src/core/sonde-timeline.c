/* sonde-timeline.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sonde-timeline.h"

/* The readyState history of a session: one entry per stretch in one
 * state, with what ended it. The session feeds it every record; only the
 * rare ones (state, close, error, reconnect, gave-up, connecting) do any
 * work, so a flood of messages costs a switch per message. "changed" is
 * emitted for each of those rare records: a new entry or new details. */

struct _SondeTimeline
{
  GObject  parent_instance;

  GArray  *entries;         /* SondeTimelineEntry */
  guint    pending_attempt;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeTimeline, sonde_timeline, G_TYPE_OBJECT)

static void
entry_clear (gpointer data)
{
  SondeTimelineEntry *entry = data;

  g_clear_pointer (&entry->close_reason, g_free);
  g_clear_pointer (&entry->initiator, g_free);
  g_clear_pointer (&entry->error, g_free);
}

static void
sonde_timeline_finalize (GObject *object)
{
  SondeTimeline *self = (SondeTimeline *) object;

  g_clear_pointer (&self->entries, g_array_unref);

  G_OBJECT_CLASS (sonde_timeline_parent_class)->finalize (object);
}

static void
sonde_timeline_class_init (SondeTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_timeline_finalize;

  /**
   * SondeTimeline::changed:
   *
   * An entry began or an entry's details changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sonde_timeline_init (SondeTimeline *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (SondeTimelineEntry));
  g_array_set_clear_func (self->entries, entry_clear);
}

SondeTimeline *
sonde_timeline_new (void)
{
  return g_object_new (SONDE_TYPE_TIMELINE, NULL);
}

static SondeTimelineEntry *
current (SondeTimeline *self)
{
  if (self->entries->len == 0)
    return NULL;
  return &g_array_index (self->entries, SondeTimelineEntry, self->entries->len - 1);
}

static void
begin (SondeTimeline     *self,
       const SondeRecord *record,
       SondeState         state)
{
  SondeTimelineEntry *last = current (self);
  SondeTimelineEntry entry = { 0, };

  if (last != NULL)
    {
      last->end_wall_us = record->wall_us;
      last->end_mono_us = record->mono_us;
    }
  if (self->entries->len >= SONDE_TIMELINE_MAX_ENTRIES)
    g_array_remove_index (self->entries, 0);

  entry.state = state;
  entry.seq = record->seq;
  entry.start_wall_us = record->wall_us;
  entry.start_mono_us = record->mono_us;
  entry.reconnect_delay_ms = -1;
  if (state == SONDE_STATE_CONNECTING)
    entry.attempt = self->pending_attempt;
  g_array_append_val (self->entries, entry);
}

/**
 * sonde_timeline_add_record:
 *
 * Takes note of one record of the session.
 */
void
sonde_timeline_add_record (SondeTimeline     *self,
                           const SondeRecord *record)
{
  SondeTimelineEntry *entry;

  g_return_if_fail (SONDE_IS_TIMELINE (self));
  g_return_if_fail (record != NULL);

  switch ((SondeRecordType) record->type)
    {
    case SONDE_RECORD_STATE:
      begin (self, record, (SondeState) record->num[0]);
      break;

    case SONDE_RECORD_CONNECTING:
      /* It comes just before or after the CONNECTING state. */
      self->pending_attempt = record->num[0];
      entry = current (self);
      if (entry == NULL || entry->state != SONDE_STATE_CONNECTING)
        return;
      entry->attempt = record->num[0];
      break;

    case SONDE_RECORD_CLOSE:
      entry = current (self);
      if (entry == NULL)
        return;
      entry->close_code = record->num[0];
      entry->clean = (record->flags & SONDE_RECORD_FLAG_CLEAN) != 0;
      g_free (entry->close_reason);
      entry->close_reason = g_strndup ((const char *) record->text, record->text_len);
      g_free (entry->initiator);
      entry->initiator = g_strdup (record->str[0]);
      break;

    case SONDE_RECORD_ERROR:
      entry = current (self);
      if (entry == NULL || entry->error != NULL)
        return;
      entry->error = g_strndup ((const char *) record->text, record->text_len);
      break;

    case SONDE_RECORD_RECONNECT:
      entry = current (self);
      if (entry == NULL)
        return;
      entry->reconnect_delay_ms = record->num[1];
      break;

    case SONDE_RECORD_GAVE_UP:
      entry = current (self);
      if (entry == NULL)
        return;
      entry->gave_up = TRUE;
      break;

    case SONDE_RECORD_OPEN:
    case SONDE_RECORD_MESSAGE:
    case SONDE_RECORD_QUEUED:
    case SONDE_RECORD_PONG:
    case SONDE_RECORD_HEARTBEAT_MISSED:
    case SONDE_RECORD_WARNING:
    case SONDE_RECORD_NO_REPLY:
    case SONDE_RECORD_N_TYPES:
    default:
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

void
sonde_timeline_clear (SondeTimeline *self)
{
  g_return_if_fail (SONDE_IS_TIMELINE (self));

  g_array_set_size (self->entries, 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
sonde_timeline_get_n_entries (SondeTimeline *self)
{
  g_return_val_if_fail (SONDE_IS_TIMELINE (self), 0);
  return self->entries->len;
}

/**
 * sonde_timeline_get_entry:
 *
 * Returns: (nullable): the entry at @position, oldest first; valid until
 *   the next record
 */
const SondeTimelineEntry *
sonde_timeline_get_entry (SondeTimeline *self,
                          guint          position)
{
  g_return_val_if_fail (SONDE_IS_TIMELINE (self), NULL);

  if (position >= self->entries->len)
    return NULL;
  return &g_array_index (self->entries, SondeTimelineEntry, position);
}

/**
 * sonde_timeline_entry_get_duration_us:
 * @now_mono_us: the monotonic time for an entry that lasts, -1 for now
 */
gint64
sonde_timeline_entry_get_duration_us (const SondeTimelineEntry *entry,
                                      gint64                    now_mono_us)
{
  gint64 end;

  g_return_val_if_fail (entry != NULL, 0);

  end = entry->end_mono_us;
  if (end == 0)
    end = now_mono_us < 0 ? g_get_monotonic_time () : now_mono_us;
  return MAX (end - entry->start_mono_us, 0);
}

/**
 * sonde_timeline_find_at:
 * @mono_us: a monotonic time
 *
 * Returns: the position of the entry that covers @mono_us, or -1
 */
int
sonde_timeline_find_at (SondeTimeline *self,
                        gint64         mono_us)
{
  guint lo = 0, hi;

  g_return_val_if_fail (SONDE_IS_TIMELINE (self), -1);

  hi = self->entries->len;
  if (hi == 0 || mono_us < g_array_index (self->entries, SondeTimelineEntry, 0).start_mono_us)
    return -1;
  /* The last entry whose start is at or before @mono_us. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->entries, SondeTimelineEntry, mid).start_mono_us <= mono_us)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}
