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
 * after the deflate extension has inflated each frame whole, without a
 * bound). libsoup runs every frame through the connection's extensions
 * before it keeps any of it: this extension goes first in that list and
 * counts the message's bytes, fragments included. When permessage-deflate
 * was negotiated it also inflates the compressed messages itself, into a
 * buffer that may not grow past the limit, and clears the frame's RSV1 bit,
 * so that libsoup's deflate extension (still the one that compresses what
 * is sent) lets the inflated bytes through untouched. When a message would
 * pass the limit, the frame fails with SOUP_WEBSOCKET_CLOSE_TOO_BIG: libsoup
 * reports the error and closes with 1009. The extension is never
 * negotiated: the connection is made with it (sonde_message_limit_wrap()). */

#define OUTPUT_STEP (64 * 1024)

struct _SondeMessageLimit
{
  SoupWebsocketExtension parent_instance;

  guint64   max;
  guint64   message_size;   /* of the message being received, inflated */
  gboolean  in_message;     /* a fragment without FIN came */
  guint     failed;         /* the close code of a frame that failed, or 0 */
  const char *why;          /* and why, for the error */
  gboolean  deflate;        /* permessage-deflate was negotiated */
  gboolean  compressed;     /* the message's first frame had RSV1 */
  gboolean  inflater_ready;
  z_stream  inflater;
};

G_DEFINE_FINAL_TYPE (SondeMessageLimit, sonde_message_limit, SOUP_TYPE_WEBSOCKET_EXTENSION)

static const guint8 deflate_tail[4] = { 0x00, 0x00, 0xff, 0xff };

/* Inflates @length bytes into @out. Returns 0, or the close code of the
 * failure: 1009 when the message grows past the limit, 1002 when the
 * bytes are not deflate data. */
static guint
inflate_into (SondeMessageLimit *self,
              const guint8      *data,
              gsize              length,
              GByteArray        *out)
{
  self->inflater.next_in = (Bytef *) data;
  self->inflater.avail_in = length;
  for (;;)
    {
      guint before = out->len;
      gsize room;
      int result;

      /* Never room for more than the limit allows (and one byte to see
       * that it is passed). */
      room = before == 0 ? CLAMP (length * 4, 256, OUTPUT_STEP) : OUTPUT_STEP;
      if (self->max > 0)
        room = MIN (room, self->max - self->message_size + 1);
      g_byte_array_set_size (out, before + room);
      self->inflater.next_out = out->data + before;
      self->inflater.avail_out = room;
      result = inflate (&self->inflater, Z_NO_FLUSH);
      g_byte_array_set_size (out, before + (room - self->inflater.avail_out));
      self->message_size += room - self->inflater.avail_out;
      if (self->max > 0 && self->message_size > self->max)
        return SOUP_WEBSOCKET_CLOSE_TOO_BIG;

      if (result == Z_STREAM_END)
        {
          /* A block with BFINAL: start over, as libsoup does. */
          if (inflateReset (&self->inflater) != Z_OK)
            return SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR;
          if (self->inflater.avail_in == 0)
            return 0;
          continue;
        }
      if (result != Z_OK && result != Z_BUF_ERROR)
        return SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR;
      /* Done when all input is in and the output had room to spare. */
      if (self->inflater.avail_out > 0 && (self->inflater.avail_in == 0 || result == Z_BUF_ERROR))
        return 0;
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
  gboolean rsv1 = (header[0] & 0x40) != 0;
  guint8 opcode = header[0] & 0x0F;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (payload, &length);
  g_autoptr(GByteArray) out = NULL;
  guint code = 0;

  /* Control frames are small (libsoup checks them) and apart. */
  if (opcode & 0x08)
    return payload;

  /* libsoup leaves a frame that failed in its buffer and may offer it
   * again while it closes: nothing of the message, nor after it, passes. */
  if (self->failed != 0)
    {
      code = self->failed;
      goto failed;
    }

  if (opcode != 0 || !self->in_message)
    {
      /* The first frame of a message. */
      self->message_size = 0;
      self->compressed = rsv1 && self->deflate && self->inflater_ready;
    }
  else if (rsv1 && self->deflate)
    {
      /* RFC 7692 §6: only the first frame of a message has RSV1. */
      code = SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR;
      self->why = "Received a continuation frame with the compression bit set";
      goto failed;
    }
  self->in_message = !fin;

  if (!self->compressed)
    {
      self->message_size += length;
      if (self->max > 0 && self->message_size > self->max)
        {
          code = SOUP_WEBSOCKET_CLOSE_TOO_BIG;
          goto failed;
        }
      return payload;
    }

  out = g_byte_array_new ();
  code = inflate_into (self, data, length, out);
  if (code == 0 && fin)
    code = inflate_into (self, deflate_tail, sizeof deflate_tail, out);
  if (code != 0)
    goto failed;

  /* Inflated here: libsoup's deflate extension lets it through. */
  header[0] &= ~0x40;
  g_bytes_unref (payload);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));

failed:
  self->failed = code;
  if (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG)
    g_set_error (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG,
                 "Received a WebSocket message from the server larger than %" G_GUINT64_FORMAT " bytes",
                 self->max);
  else
    g_set_error_literal (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR,
                         self->why ? self->why : "Failed to uncompress incoming frame");
  g_bytes_unref (payload);
  return NULL;
}

static void
sonde_message_limit_finalize (GObject *object)
{
  SondeMessageLimit *self = (SondeMessageLimit *) object;

  if (self->inflater_ready)
    inflateEnd (&self->inflater);

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
  /* A raw inflater with the largest window reads what any window size
   * wrote, with or without context takeover. */
  self->inflater_ready = inflateInit2 (&self->inflater, -15) == Z_OK;
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
  SondeMessageLimit *limit;
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

  limit = sonde_message_limit_new (max_message_size);
  extensions = g_list_prepend (NULL, limit);
  for (GList *l = soup_websocket_connection_get_extensions (ws); l != NULL; l = l->next)
    {
      if (SOUP_IS_WEBSOCKET_EXTENSION_DEFLATE (l->data))
        limit->deflate = TRUE;
      extensions = g_list_append (extensions, g_object_ref (l->data));
    }

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
