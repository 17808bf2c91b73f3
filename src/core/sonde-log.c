/* sonde-log.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sonde-log.h"

/* The store: records in chunks of CHUNK_RECORDS, each chunk with its own
 * arena of byte blocks for the payloads, so that a record's text pointer
 * stays valid as long as its chunk and a chunk is freed at once, blocks
 * and all. Positions are absolute numbers that only grow:
 *
 *   head ≤ tail          the records kept (tail - head ≤ max-items)
 *   pub_head ≤ pub_tail  the records the GListModel shows
 *
 * Appending moves tail (and head, at the cap); flushing publishes
 * [head, tail) in at most two items-changed: the oldest rows dropped at the
 * front, the new ones added at the end. A chunk is freed when both head
 * and pub_head are past it. No GObject and no JSON per stored event: the
 * model's items are SondeEvent objects made when asked for. */

#define CHUNK_RECORDS   4096
#define BLOCK_SIZE      (128 * 1024)
/* Batch mode flushes by itself past this many unpublished records, so that
 * a log nobody flushes (a hidden window) stays bounded. */
#define MAX_PENDING     65536

typedef struct _Block Block;
struct _Block
{
  Block  *next;
  gsize   used;
  gsize   size;
  guint8  data[];
};

typedef struct
{
  SondeRecord records[CHUNK_RECORDS];
  guint       n;
  Block      *blocks;     /* the first one is being filled */
  gsize       bytes;      /* allocated for blocks */
} Chunk;

struct _SondeLog
{
  GObject    parent_instance;

  GPtrArray *chunks;      /* Chunk *, chunks->pdata[0] is number base_chunk */
  guint64    base_chunk;
  guint64    head;
  guint64    tail;
  guint64    pub_head;
  guint64    pub_tail;

  guint      max_items;   /* 0 = unbounded */
  guint64    n_dropped;
  guint64    pub_dropped;
  guint64    n_appended;
  gsize      memory;
  gboolean   batch;
};

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_MAX_ITEMS,
  PROP_N_DROPPED,
  PROP_BATCH,
  N_PROPS
};

enum {
  PENDING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SondeLog, sonde_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
chunk_free (gpointer data)
{
  Chunk *chunk = data;
  Block *block = chunk->blocks;

  while (block != NULL)
    {
      Block *next = block->next;
      g_free (block);
      block = next;
    }
  g_free (chunk);
}

static gsize
chunk_size (Chunk *chunk)
{
  return sizeof (Chunk) + chunk->bytes;
}

static const guint8 *
chunk_copy_bytes (Chunk        *chunk,
                  const guint8 *data,
                  gsize         len)
{
  Block *block = chunk->blocks;
  guint8 *dest;

  if (block == NULL || block->size - block->used < len)
    {
      /* A big payload gets a block of its own, behind the current one, so
       * that the current block goes on filling. */
      if (len > BLOCK_SIZE / 4 && block != NULL)
        {
          Block *own = g_malloc (sizeof (Block) + len);

          own->used = own->size = len;
          own->next = block->next;
          block->next = own;
          chunk->bytes += sizeof (Block) + len;
          memcpy (own->data, data, len);
          return own->data;
        }
      block = g_malloc (sizeof (Block) + MAX (BLOCK_SIZE, len));
      block->used = 0;
      block->size = MAX (BLOCK_SIZE, len);
      block->next = chunk->blocks;
      chunk->blocks = block;
      chunk->bytes += sizeof (Block) + block->size;
    }

  dest = block->data + block->used;
  memcpy (dest, data, len);
  block->used += len;
  return dest;
}

static inline SondeRecord *
record_at (SondeLog *self,
           guint64   abs)
{
  Chunk *chunk = g_ptr_array_index (self->chunks, abs / CHUNK_RECORDS - self->base_chunk);

  return &chunk->records[abs % CHUNK_RECORDS];
}

/* Frees the chunks that neither the store nor the model uses any more. */
static void
release_chunks (SondeLog *self)
{
  guint64 low = MIN (self->head, self->pub_head);
  guint n = 0;

  while (n < self->chunks->len && (self->base_chunk + n + 1) * CHUNK_RECORDS <= low)
    {
      self->memory -= chunk_size (g_ptr_array_index (self->chunks, n));
      n++;
    }
  if (n > 0)
    {
      g_ptr_array_remove_range (self->chunks, 0, n);
      self->base_chunk += n;
    }
}

static void
apply_cap (SondeLog *self)
{
  if (self->max_items > 0 && self->tail - self->head > self->max_items)
    {
      guint64 drop = self->tail - self->head - self->max_items;

      self->head += drop;
      self->n_dropped += drop;
    }
}

static GType
sonde_log_get_item_type (GListModel *model)
{
  return SONDE_TYPE_EVENT;
}

static guint
sonde_log_get_n_items (GListModel *model)
{
  SondeLog *self = SONDE_LOG (model);

  return self->pub_tail - self->pub_head;
}

static gpointer
sonde_log_get_item (GListModel *model,
                    guint       position)
{
  SondeLog *self = SONDE_LOG (model);

  if (position >= self->pub_tail - self->pub_head)
    return NULL;
  return sonde_record_to_event (record_at (self, self->pub_head + position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sonde_log_get_item_type;
  iface->get_n_items = sonde_log_get_n_items;
  iface->get_item = sonde_log_get_item;
}

static void
sonde_log_finalize (GObject *object)
{
  SondeLog *self = (SondeLog *) object;

  g_clear_pointer (&self->chunks, g_ptr_array_unref);

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
      g_value_set_uint (value, sonde_log_get_n_items (G_LIST_MODEL (self)));
      break;
    case PROP_MAX_ITEMS:
      g_value_set_uint (value, self->max_items);
      break;
    case PROP_N_DROPPED:
      g_value_set_uint64 (value, self->pub_dropped);
      break;
    case PROP_BATCH:
      g_value_set_boolean (value, self->batch);
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
    case PROP_BATCH:
      sonde_log_set_batch (self, g_value_get_boolean (value));
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
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_ITEMS] =
    g_param_spec_uint ("max-items", NULL, NULL,
                       0, G_MAXUINT, 10000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_DROPPED] =
    g_param_spec_uint64 ("n-dropped", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SondeLog:batch:
   *
   * When set, appends wait for sonde_log_flush(): the view calls it from
   * its frame clock. When not set, every append is published at once.
   */
  properties[PROP_BATCH] =
    g_param_spec_boolean ("batch", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeLog::pending:
   *
   * In batch mode: the first append after a flush. Whoever shows the log
   * schedules a flush (one per frame).
   */
  signals[PENDING] = g_signal_new ("pending", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sonde_log_init (SondeLog *self)
{
  self->chunks = g_ptr_array_new_with_free_func (chunk_free);
  self->max_items = 10000;
}

/**
 * sonde_log_new:
 * @max_items: the most events kept, 0 for no limit
 */
SondeLog *
sonde_log_new (guint max_items)
{
  return g_object_new (SONDE_TYPE_LOG, "max-items", max_items, NULL);
}

/**
 * sonde_log_flush:
 *
 * Publishes what was appended since the last flush: at most one
 * items-changed for the oldest events dropped and one for the new ones.
 */
void
sonde_log_flush (SondeLog *self)
{
  guint64 old_n;
  gboolean n_changed;

  g_return_if_fail (SONDE_IS_LOG (self));

  n_changed = (self->tail - self->head) != (self->pub_tail - self->pub_head);
  if (self->pub_head != self->head || self->pub_tail != self->tail)
    {
      old_n = self->pub_tail - self->pub_head;
      if (self->head >= self->pub_tail)
        {
          /* Everything shown is gone: said as a removal, then an addition.
           * In one signal GTK 4.8 looks every added item up among the
           * removed ones, making an item of each. */
          self->pub_head = self->pub_tail = self->head;
          if (old_n > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
          self->pub_tail = self->tail;
          if (self->tail > self->head)
            g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->tail - self->head);
        }
      else
        {
          guint64 removed = self->head - self->pub_head;
          guint64 added = self->tail - self->pub_tail;

          self->pub_head = self->head;
          if (removed > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
          self->pub_tail = self->tail;
          if (added > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), old_n - removed, 0, added);
        }
    }
  release_chunks (self);

  if (n_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (self->pub_dropped != self->n_dropped)
    {
      self->pub_dropped = self->n_dropped;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
    }
}

static void
appended (SondeLog *self)
{
  guint64 pending;

  if (!self->batch)
    {
      sonde_log_flush (self);
      return;
    }
  pending = self->tail - self->pub_tail;
  if (pending >= MAX_PENDING)
    sonde_log_flush (self);
  else if (pending == 1)
    g_signal_emit (self, signals[PENDING], 0);
}

/**
 * sonde_log_append_record:
 * @record: an event; its text is copied, byte for byte
 *
 * Stores one event. In batch mode it is shown after the next flush.
 */
void
sonde_log_append_record (SondeLog          *self,
                         const SondeRecord *record)
{
  Chunk *chunk;
  SondeRecord *stored;

  g_return_if_fail (SONDE_IS_LOG (self));
  g_return_if_fail (record != NULL);

  if (self->tail % CHUNK_RECORDS == 0)
    {
      chunk = g_malloc (sizeof (Chunk));
      chunk->n = 0;
      chunk->blocks = NULL;
      chunk->bytes = 0;
      if (self->chunks->len == 0)
        self->base_chunk = self->tail / CHUNK_RECORDS;
      g_ptr_array_add (self->chunks, chunk);
      self->memory += sizeof (Chunk);
    }
  else
    chunk = g_ptr_array_index (self->chunks, self->chunks->len - 1);

  stored = &chunk->records[chunk->n++];
  *stored = *record;
  if (record->text_len > 0)
    {
      gsize before = chunk->bytes;

      stored->text = chunk_copy_bytes (chunk, record->text, record->text_len);
      self->memory += chunk->bytes - before;
    }
  else
    stored->text = NULL;
  /* Strings of rare events: kept for the log's lifetime. */
  for (guint i = 0; i < G_N_ELEMENTS (stored->str); i++)
    if (stored->str[i] != NULL)
      stored->str[i] = g_intern_string (stored->str[i]);
  stored->connection = g_intern_string (record->connection ? record->connection : "");

  self->tail++;
  self->n_appended++;
  apply_cap (self);
  appended (self);
}

/**
 * sonde_log_append:
 * @event: an event; its fields are copied, the log keeps no reference
 *
 * Events that Sonde does not know (no record type) are not stored.
 */
void
sonde_log_append (SondeLog   *self,
                  SondeEvent *event)
{
  g_autoptr(GBytes) payload = NULL;
  SondeRecord record;

  g_return_if_fail (SONDE_IS_LOG (self));
  g_return_if_fail (SONDE_IS_EVENT (event));

  if (sonde_record_from_event (&record, event, &payload))
    sonde_log_append_record (self, &record);
}

/**
 * sonde_log_get_record:
 * @position: a position in the model
 *
 * Returns: (transfer none) (nullable): the stored record shown at
 *   @position, valid until the next flush.
 */
const SondeRecord *
sonde_log_get_record (SondeLog *self,
                      guint     position)
{
  g_return_val_if_fail (SONDE_IS_LOG (self), NULL);

  if (position >= self->pub_tail - self->pub_head)
    return NULL;
  return record_at (self, self->pub_head + position);
}

/* The absolute position of the record numbered @seq in [head, tail), or
 * -1. A session's records are numbered in order, so this is a binary
 * search; a log read from a file may not be numbered at all. */
static gint64
find_seq (SondeLog *self,
          guint64   seq)
{
  guint64 low = self->head, high = self->tail;

  while (low < high)
    {
      guint64 mid = low + (high - low) / 2;
      guint64 at = record_at (self, mid)->seq;

      if (at == seq)
        return (gint64) mid;
      if (at < seq)
        low = mid + 1;
      else
        high = mid;
    }
  return -1;
}

/**
 * sonde_log_find_seq:
 * @seq: a record's `seq`
 *
 * Returns: the position in the model of the record numbered @seq, or -1
 *   when it is not shown (dropped, not yet flushed, or never stored)
 */
gint64
sonde_log_find_seq (SondeLog *self,
                    guint64   seq)
{
  gint64 abs;

  g_return_val_if_fail (SONDE_IS_LOG (self), -1);

  abs = seq != 0 ? find_seq (self, seq) : -1;
  if (abs < 0 || (guint64) abs < self->pub_head || (guint64) abs >= self->pub_tail)
    return -1;
  return abs - (gint64) self->pub_head;
}

/**
 * sonde_log_find_reply:
 * @request_seq: the `seq` of a request (pairing)
 *
 * Looks at most 100 000 records past the request for the reply that names
 * it in `reply_to`.
 *
 * Returns: the reply's `seq`, or 0 when none is stored
 */
guint64
sonde_log_find_reply (SondeLog *self,
                      guint64   request_seq)
{
  gint64 abs;

  g_return_val_if_fail (SONDE_IS_LOG (self), 0);

  abs = request_seq != 0 ? find_seq (self, request_seq) : -1;
  if (abs < 0)
    return 0;
  for (guint64 i = abs + 1; i < self->tail && i <= (guint64) abs + 100000; i++)
    {
      const SondeRecord *record = record_at (self, i);

      if (record->reply_to == request_seq && record->type == SONDE_RECORD_MESSAGE)
        return record->seq;
    }
  return 0;
}

/**
 * sonde_log_add_flags:
 * @seq: a record's `seq`
 * @flags: SondeRecordFlags to set, such as SONDE_RECORD_FLAG_UNANSWERED
 *
 * Marks a stored record after the fact (a request that got no reply); a
 * row that shows it is told.
 */
void
sonde_log_add_flags (SondeLog *self,
                     guint64   seq,
                     guint8    flags)
{
  SondeRecord *record;
  gint64 abs, position;

  g_return_if_fail (SONDE_IS_LOG (self));

  abs = seq != 0 ? find_seq (self, seq) : -1;
  if (abs < 0)
    return;
  record = record_at (self, abs);
  if ((record->flags & flags) == flags)
    return;
  record->flags |= flags;
  position = sonde_log_find_seq (self, seq);
  if (position >= 0)
    g_list_model_items_changed (G_LIST_MODEL (self), (guint) position, 1, 1);
}

gboolean
sonde_log_get_batch (SondeLog *self)
{
  g_return_val_if_fail (SONDE_IS_LOG (self), FALSE);
  return self->batch;
}

void
sonde_log_set_batch (SondeLog *self,
                     gboolean  batch)
{
  g_return_if_fail (SONDE_IS_LOG (self));

  batch = !!batch;
  if (self->batch == batch)
    return;
  self->batch = batch;
  if (!batch)
    sonde_log_flush (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH]);
}

/**
 * sonde_log_get_n_pending:
 *
 * Returns: how many appended events the model does not show yet.
 */
guint
sonde_log_get_n_pending (SondeLog *self)
{
  g_return_val_if_fail (SONDE_IS_LOG (self), 0);
  return self->tail - self->pub_tail;
}

/**
 * sonde_log_clear:
 *
 * Forgets every event (at once, also in batch mode) and resets the
 * dropped counter.
 */
void
sonde_log_clear (SondeLog *self)
{
  guint old_n;
  guint64 next;

  g_return_if_fail (SONDE_IS_LOG (self));

  old_n = self->pub_tail - self->pub_head;
  /* A fresh chunk for what comes next. */
  next = (self->tail + CHUNK_RECORDS - 1) / CHUNK_RECORDS * CHUNK_RECORDS;
  self->head = self->tail = self->pub_head = self->pub_tail = next;
  g_ptr_array_set_size (self->chunks, 0);
  self->base_chunk = next / CHUNK_RECORDS;
  self->memory = 0;
  self->n_dropped = 0;

  if (old_n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (self->pub_dropped != 0)
    {
      self->pub_dropped = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
    }
}

guint
sonde_log_get_max_items (SondeLog *self)
{
  g_return_val_if_fail (SONDE_IS_LOG (self), 0);
  return self->max_items;
}

/**
 * sonde_log_set_max_items:
 * @max_items: the most events kept, 0 for no limit
 *
 * Lowering the cap drops the oldest events beyond it.
 */
void
sonde_log_set_max_items (SondeLog *self,
                         guint     max_items)
{
  g_return_if_fail (SONDE_IS_LOG (self));

  if (self->max_items == max_items)
    return;
  self->max_items = max_items;
  apply_cap (self);
  if (self->batch && self->head != self->pub_head)
    g_signal_emit (self, signals[PENDING], 0);
  if (!self->batch)
    sonde_log_flush (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ITEMS]);
}

/**
 * sonde_log_get_n_dropped:
 *
 * Returns: how many of the oldest events were dropped at the cap (as
 *   published by the last flush).
 */
guint64
sonde_log_get_n_dropped (SondeLog *self)
{
  g_return_val_if_fail (SONDE_IS_LOG (self), 0);
  return self->pub_dropped;
}

/**
 * sonde_log_get_n_appended:
 *
 * Returns: how many events were ever appended (clear does not reset it).
 */
guint64
sonde_log_get_n_appended (SondeLog *self)
{
  g_return_val_if_fail (SONDE_IS_LOG (self), 0);
  return self->n_appended;
}

/**
 * sonde_log_get_memory_size:
 *
 * Returns: the bytes the store holds: chunks of records and their arenas.
 */
gsize
sonde_log_get_memory_size (SondeLog *self)
{
  g_return_val_if_fail (SONDE_IS_LOG (self), 0);
  return self->memory;
}
