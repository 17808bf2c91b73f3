/* sonde-log.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sonde-log.h"

/* The events live in a ring buffer: appending is O(1) and dropping the
 * oldest event when the cap is reached is O(1) as well (a GPtrArray would
 * have to move every pointer for each removal at the front). The ring
 * grows by doubling until it reaches max-items; with max-items 0 the log
 * is unbounded and the ring simply keeps growing. */

#define MIN_CAPACITY 64

struct _SondeLog
{
  GObject      parent_instance;

  SondeEvent **ring;
  guint        capacity;
  guint        head;       /* index of the oldest event */
  guint        length;

  guint        max_items;  /* 0 = unbounded */
  guint64      n_dropped;
};

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_MAX_ITEMS,
  PROP_N_DROPPED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SondeLog, sonde_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static inline SondeEvent **
slot (SondeLog *self,
      guint     position)
{
  g_assert (position < self->length);
  return &self->ring[(self->head + position) % self->capacity];
}

static GType
sonde_log_get_item_type (GListModel *model)
{
  return SONDE_TYPE_EVENT;
}

static guint
sonde_log_get_n_items (GListModel *model)
{
  return SONDE_LOG (model)->length;
}

static gpointer
sonde_log_get_item (GListModel *model,
                    guint       position)
{
  SondeLog *self = SONDE_LOG (model);

  if (position >= self->length)
    return NULL;

  return g_object_ref (*slot (self, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sonde_log_get_item_type;
  iface->get_n_items = sonde_log_get_n_items;
  iface->get_item = sonde_log_get_item;
}

/* Removes the @n oldest events without emitting anything. */
static void
drop_front (SondeLog *self,
            guint     n)
{
  g_assert (n <= self->length);

  for (guint i = 0; i < n; i++)
    {
      g_clear_object (&self->ring[self->head]);
      self->head = (self->head + 1) % self->capacity;
    }
  self->length -= n;
  if (self->length == 0)
    self->head = 0;
}

/* Makes room for at least @wanted events, keeping their order. */
static void
grow (SondeLog *self,
      guint     wanted)
{
  SondeEvent **ring;
  guint capacity = MAX (self->capacity, MIN_CAPACITY);

  while (capacity < wanted)
    capacity = capacity > G_MAXUINT / 2 ? G_MAXUINT : capacity * 2;
  if (self->max_items > 0)
    capacity = MIN (capacity, MAX (self->max_items, wanted));
  if (capacity <= self->capacity)
    return;

  ring = g_new0 (SondeEvent *, capacity);
  for (guint i = 0; i < self->length; i++)
    ring[i] = *slot (self, i);
  g_free (self->ring);
  self->ring = ring;
  self->capacity = capacity;
  self->head = 0;
}

static void
sonde_log_finalize (GObject *object)
{
  SondeLog *self = (SondeLog *)object;

  drop_front (self, self->length);
  g_clear_pointer (&self->ring, g_free);

  G_OBJECT_CLASS (sonde_log_parent_class)->finalize (object);
}

static void
sonde_log_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SondeLog *self = SONDE_LOG (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, SONDE_TYPE_EVENT);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->length);
      break;

    case PROP_MAX_ITEMS:
      g_value_set_uint (value, self->max_items);
      break;

    case PROP_N_DROPPED:
      g_value_set_uint64 (value, self->n_dropped);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_log_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SondeLog *self = SONDE_LOG (object);

  switch (prop_id)
    {
    case PROP_MAX_ITEMS:
      sonde_log_set_max_items (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_log_class_init (SondeLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_log_finalize;
  object_class->get_property = sonde_log_get_property;
  object_class->set_property = sonde_log_set_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* 0 means no cap. */
  properties[PROP_MAX_ITEMS] =
    g_param_spec_uint ("max-items", NULL, NULL,
                       0, G_MAXUINT, 10000,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_DROPPED] =
    g_param_spec_uint64 ("n-dropped", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_log_init (SondeLog *self)
{
  self->max_items = 10000;
}

/**
 * sonde_log_new:
 * @max_items: the most events kept, 0 for no cap
 *
 * Returns: (transfer full): a new empty log
 */
SondeLog *
sonde_log_new (guint max_items)
{
  return g_object_new (SONDE_TYPE_LOG,
                       "max-items", max_items,
                       NULL);
}

/**
 * sonde_log_append:
 * @self: a #SondeLog
 * @event: the event to add at the end
 *
 * Adds @event as the newest item. When the log is full the oldest event
 * is dropped first and counted in #SondeLog:n-dropped.
 */
void
sonde_log_append (SondeLog   *self,
                  SondeEvent *event)
{
  gboolean dropped = FALSE;

  g_return_if_fail (SONDE_IS_LOG (self));
  g_return_if_fail (SONDE_IS_EVENT (event));

  if (self->max_items > 0 && self->length >= self->max_items)
    {
      /* The ring is exactly full here: replace the oldest slot in place,
       * then tell the views about the removal and the addition so that a
       * view never sees an index that does not exist. */
      g_assert (self->length == self->max_items);
      drop_front (self, 1);
      self->n_dropped++;
      dropped = TRUE;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 1, 0);
    }

  if (self->length == self->capacity)
    grow (self, self->length + 1);

  self->ring[(self->head + self->length) % self->capacity] = g_object_ref (event);
  self->length++;

  g_list_model_items_changed (G_LIST_MODEL (self), self->length - 1, 0, 1);

  if (dropped)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * sonde_log_clear:
 * @self: a #SondeLog
 *
 * Removes every event. The dropped count is reset as well.
 */
void
sonde_log_clear (SondeLog *self)
{
  guint removed;

  g_return_if_fail (SONDE_IS_LOG (self));

  removed = self->length;
  drop_front (self, removed);

  /* Give the memory back: a cleared log of a busy connection should not
   * keep a ring sized for the peak. */
  g_clear_pointer (&self->ring, g_free);
  self->capacity = 0;
  self->head = 0;

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  if (self->n_dropped != 0)
    {
      self->n_dropped = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
    }

  if (removed > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

guint
sonde_log_get_max_items (SondeLog *self)
{
  g_return_val_if_fail (SONDE_IS_LOG (self), 0);

  return self->max_items;
}

/**
 * sonde_log_set_max_items:
 * @self: a #SondeLog
 * @max_items: the most events kept, 0 for no cap
 *
 * Changes the cap; when it is lower than the number of events, the oldest
 * ones are dropped (and counted).
 */
void
sonde_log_set_max_items (SondeLog *self,
                         guint     max_items)
{
  guint excess = 0;

  g_return_if_fail (SONDE_IS_LOG (self));

  if (self->max_items == max_items)
    return;

  self->max_items = max_items;

  if (max_items > 0 && self->length > max_items)
    {
      excess = self->length - max_items;
      drop_front (self, excess);
      self->n_dropped += excess;
    }

  /* Shrink the ring to the new cap, so that a full log keeps replacing
   * the oldest slot in place. */
  if (max_items > 0 && self->capacity > max_items)
    {
      SondeEvent **ring = g_new0 (SondeEvent *, max_items);

      for (guint i = 0; i < self->length; i++)
        ring[i] = *slot (self, i);
      g_free (self->ring);
      self->ring = ring;
      self->capacity = max_items;
      self->head = 0;
    }

  if (excess > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, excess, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ITEMS]);
  if (excess > 0)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

guint64
sonde_log_get_n_dropped (SondeLog *self)
{
  g_return_val_if_fail (SONDE_IS_LOG (self), 0);

  return self->n_dropped;
}
