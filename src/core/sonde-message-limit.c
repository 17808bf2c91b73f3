/* sonde-message-limit.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "sonde-message-limit.h"

/* The limit on a whole inbound message, as it arrives.
 *
 * libsoup checks `max-incoming-payload-size` on each frame's length as it
 * is on the wire, so a message of many fragments, or a small
 * permessage-deflate frame that inflates to far more, gets past it
 * (`max-total-message-size`, from 3.8, checks the joined message, but only
 * after the deflate extension has inflated each frame whole). libsoup runs
 * every frame through the connection's extensions before it keeps any of
 * it: this extension goes first in that list and counts the message's
 * bytes, fragments included, and for a compressed message the bytes it
 * inflates to — measured by an inflater of its own, fed the same bytes
 * as libsoup's and writing into a small scratch buffer, so the measuring
 * never holds more than that buffer. When a message would pass the limit,
 * it fails the frame with SOUP_WEBSOCKET_CLOSE_TOO_BIG: libsoup reports the
 * error and closes with 1009 before the deflate extension has inflated
 * anything of that frame. It is never negotiated: the connection is made
 * with it (sonde_message_limit_wrap()). */

#define SCRATCH_SIZE (64 * 1024)

struct _SondeMessageLimit
{
  SoupWebsocketExtension parent_instance;

  guint64   max;
  guint64   message_size;   /* of the message being received */
  gboolean  in_message;     /* a fragment without FIN came */
  gboolean  failed;         /* a message passed the limit */
  gboolean  compressed;     /* the message's first frame had RSV1 */
  gboolean  inflating;      /* the inflater is usable */
  gboolean  inflater_ready;
  z_stream  inflater;
  guint8   *scratch;
};

G_DEFINE_FINAL_TYPE (SondeMessageLimit, sonde_message_limit, SOUP_TYPE_WEBSOCKET_EXTENSION)

static const guint8 deflate_tail[4] = { 0x00, 0x00, 0xff, 0xff };

/* Feeds @length bytes to the inflater; returns FALSE when the message
 * grows past the limit. Inflate errors end the measuring only: libsoup's
 * own inflater, fed the same bytes, reports them. */
static gboolean
measure (SondeMessageLimit *self,
         const guint8      *data,
         gsize              length)
{
  if (!self->inflating)
    return TRUE;

  self->inflater.next_in = (Bytef *) data;
  self->inflater.avail_in = length;
  for (;;)
    {
      int result;

      self->inflater.next_out = self->scratch;
      self->inflater.avail_out = SCRATCH_SIZE;
      result = inflate (&self->inflater, Z_NO_FLUSH);
      self->message_size += SCRATCH_SIZE - self->inflater.avail_out;
      if (self->max > 0 && self->message_size > self->max)
        return FALSE;
      if (result == Z_STREAM_END)
        {
          /* A block with BFINAL: libsoup starts over too. */
          if (inflateReset (&self->inflater) != Z_OK)
            self->inflating = FALSE;
          if (self->inflater.avail_in == 0)
            return TRUE;
          continue;
        }
      if (result != Z_OK && result != Z_BUF_ERROR)
        {
          self->inflating = FALSE;
          return TRUE;
        }
      /* Done when all input is in and the output had room to spare. */
      if (self->inflater.avail_in == 0 && self->inflater.avail_out > 0)
        return TRUE;
      if (result == Z_BUF_ERROR && self->inflater.avail_out > 0)
        return TRUE;
    }
}

static GBytes *
sonde_message_limit_process_incoming_message (SoupWebsocketExtension  *extension,
                                              guint8                  *header,
                                              GBytes                  *payload,
                                              GError                 **error)
{
  SondeMessageLimit *self = SONDE_MESSAGE_LIMIT (extension);
  gboolean fin = (header[0] & 0x80) != 0;
  guint8 opcode = header[0] & 0x0F;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (payload, &length);
  gboolean within;

  /* Control frames are small (libsoup checks them) and apart. */
  if (opcode & 0x08)
    return payload;

  /* libsoup leaves a frame that failed in its buffer and may offer it
   * again while it closes: nothing of the message, nor after it, passes. */
  if (self->failed)
    goto too_big;

  if (opcode != 0 || !self->in_message)
    {
      /* The first frame of a message. */
      self->message_size = 0;
      self->compressed = (header[0] & 0x40) != 0;
    }
  self->in_message = !fin;

  if (self->compressed && self->inflating)
    {
      within = measure (self, data, length);
      if (within && fin)
        within = measure (self, deflate_tail, sizeof deflate_tail);
    }
  else
    {
      self->message_size += length;
      within = self->max == 0 || self->message_size <= self->max;
    }

  if (within)
    return payload;
  self->failed = TRUE;

too_big:
  g_set_error (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG,
               "Received a WebSocket message from the server larger than %" G_GUINT64_FORMAT " bytes",
               self->max);
  g_bytes_unref (payload);
  return NULL;
}

static void
sonde_message_limit_finalize (GObject *object)
{
  SondeMessageLimit *self = (SondeMessageLimit *) object;

  if (self->inflater_ready)
    inflateEnd (&self->inflater);
  g_free (self->scratch);

  G_OBJECT_CLASS (sonde_message_limit_parent_class)->finalize (object);
}

static void
sonde_message_limit_class_init (SondeMessageLimitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SoupWebsocketExtensionClass *extension_class = SOUP_WEBSOCKET_EXTENSION_CLASS (klass);

  object_class->finalize = sonde_message_limit_finalize;
  /* Never offered: the name only tells it apart in a list. */
  extension_class->name = "x-sonde-message-limit";
  extension_class->process_incoming_message = sonde_message_limit_process_incoming_message;
}

static void
sonde_message_limit_init (SondeMessageLimit *self)
{
}

/**
 * sonde_message_limit_new:
 * @max_message_size: the most bytes of one inbound message, inflated; 0 for
 *   no limit
 */
SondeMessageLimit *
sonde_message_limit_new (guint64 max_message_size)
{
  SondeMessageLimit *self = g_object_new (SONDE_TYPE_MESSAGE_LIMIT, NULL);

  self->max = max_message_size;
  self->scratch = g_malloc (SCRATCH_SIZE);
  /* A raw inflater with the largest window reads what any window size
   * wrote, with or without context takeover. */
  self->inflater_ready = inflateInit2 (&self->inflater, -15) == Z_OK;
  self->inflating = self->inflater_ready;
  return self;
}

/**
 * sonde_message_limit_wrap:
 * @ws: a client connection just made by soup_session_websocket_connect_finish()
 * @max_message_size: the limit; 0 for none
 *
 * libsoup gives no way to add an extension to a connection the session
 * made. So a second SoupWebsocketConnection is made over the same stream,
 * with @ws's negotiated extensions behind a SondeMessageLimit, and @ws is
 * stopped before it has read a byte: its only source is the input source
 * that it attached when it was made (libsoup 3.2 to 3.6 and today's
 * sources alike), found by its callback data. When that source is not
 * there, @ws is returned as it is. The new connection keeps @ws until it
 * is finalized itself: @ws closes the stream when it goes.
 *
 * Returns: (transfer full): the connection to use.
 */
SoupWebsocketConnection *
sonde_message_limit_wrap (SoupWebsocketConnection *ws,
                          guint64                  max_message_size)
{
  GMainContext *context = g_main_context_get_thread_default ();
  GList *extensions = NULL;
  GSource *source;
  guint n_sources = 0;
  SoupWebsocketConnection *limited;

  g_return_val_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (ws), NULL);

  if (context == NULL)
    context = g_main_context_default ();

  while ((source = g_main_context_find_source_by_user_data (context, ws)) != NULL)
    {
      g_source_destroy (source);
      n_sources++;
    }
  if (n_sources != 1)
    {
      /* Not what this code knows: leave the connection as it was made. */
      g_warning ("libsoup's WebSocket connection had %u sources, not 1: "
                 "the message size limit is per frame only", n_sources);
      return g_object_ref (ws);
    }

  extensions = g_list_prepend (NULL, sonde_message_limit_new (max_message_size));
  for (GList *l = soup_websocket_connection_get_extensions (ws); l != NULL; l = l->next)
    extensions = g_list_append (extensions, g_object_ref (l->data));

  limited = soup_websocket_connection_new (soup_websocket_connection_get_io_stream (ws),
                                           soup_websocket_connection_get_uri (ws),
                                           SOUP_WEBSOCKET_CONNECTION_CLIENT,
                                           soup_websocket_connection_get_origin (ws),
                                           soup_websocket_connection_get_protocol (ws),
                                           extensions);
  g_object_set_data_full (G_OBJECT (limited), "sonde-handshake-connection",
                          g_object_ref (ws), g_object_unref);
  return limited;
}
