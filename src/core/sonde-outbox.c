/* sonde-outbox.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sonde-connection.h"
#include "sonde-outbox.h"

struct _SondeOutbox
{
  GQueue  items;
  guint64 bytes;
  guint   max_items;
  guint64 max_bytes;
};

SondeOutbox *
sonde_outbox_new (void)
{
  SondeOutbox *self = g_new0 (SondeOutbox, 1);

  g_queue_init (&self->items);
  self->max_items = 1000;
  self->max_bytes = G_MAXUINT64;
  return self;
}

void
sonde_outbox_item_free (SondeOutboxItem *item)
{
  g_bytes_unref (item->payload);
  g_free (item);
}

void
sonde_outbox_free (SondeOutbox *self)
{
  g_queue_clear_full (&self->items, (GDestroyNotify) sonde_outbox_item_free);
  g_free (self);
}

void
sonde_outbox_set_limits (SondeOutbox *self,
                         guint        max_items,
                         guint64      max_bytes)
{
  self->max_items = max_items;
  self->max_bytes = max_bytes;
}

/**
 * sonde_outbox_push:
 *
 * Queues @payload, or refuses it with a clear error when the outbox is
 * full: a message is never dropped without saying so.
 */
gboolean
sonde_outbox_push (SondeOutbox  *self,
                   gboolean      binary,
                   GBytes       *payload,
                   GError      **error)
{
  return sonde_outbox_push_full (self, binary, payload, 0, 0, error);
}

/**
 * sonde_outbox_push_full:
 * @role: the SondeRole it is sent with
 * @replay_of: the `seq` of the recorded line it replays, or 0
 */
gboolean
sonde_outbox_push_full (SondeOutbox  *self,
                        gboolean      binary,
                        GBytes       *payload,
                        guint         role,
                        guint64       replay_of,
                        GError      **error)
{
  SondeOutboxItem *item;
  gsize size = g_bytes_get_size (payload);

  if (self->items.length >= self->max_items)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_OUTBOX_FULL,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The outbox is full (%u message waits): the message was not queued",
                                "The outbox is full (%u messages wait): the message was not queued",
                                self->items.length),
                   self->items.length);
      return FALSE;
    }
  if (self->bytes + size > self->max_bytes)
    {
      g_autofree char *limit = g_format_size (self->max_bytes);

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_OUTBOX_FULL,
                   _("The outbox would exceed %s: the message was not queued"), limit);
      return FALSE;
    }

  item = g_new0 (SondeOutboxItem, 1);
  item->binary = binary;
  item->payload = g_bytes_ref (payload);
  item->role = role;
  item->replay_of = replay_of;
  g_queue_push_tail (&self->items, item);
  self->bytes += size;
  return TRUE;
}

/**
 * sonde_outbox_pop:
 *
 * Returns: (transfer full) (nullable): the oldest message.
 */
SondeOutboxItem *
sonde_outbox_pop (SondeOutbox *self)
{
  SondeOutboxItem *item = g_queue_pop_head (&self->items);

  if (item != NULL)
    self->bytes -= g_bytes_get_size (item->payload);
  return item;
}

/**
 * sonde_outbox_peek_items:
 *
 * Returns: (transfer none) (element-type SondeOutboxItem): the waiting
 *   messages, oldest first.
 */
const GList *
sonde_outbox_peek_items (SondeOutbox *self)
{
  return self->items.head;
}

guint
sonde_outbox_get_length (SondeOutbox *self)
{
  return self->items.length;
}

guint64
sonde_outbox_get_bytes (SondeOutbox *self)
{
  return self->bytes;
}
