/* sonde-pairing.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* memmem() */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sonde-json.h"
#include "sonde-pairing.h"

/* Request/response pairing by a JSON field (docs/events.md, "Pairing").
 *
 * An outbound JSON message with a scalar value at the path is a request;
 * the first inbound message with an equal value at the same path is its
 * reply. Messages are parsed only when they can hold the field: the text
 * must start with '{' or '[' and contain the path's last name in quotes,
 * and inbound ones only while a request waits. A request still unanswered
 * after the timeout is reported with "no-reply". */

typedef struct
{
  char    *key;        /* the value at the path, typed: "s…", "i…", "d…", "b…" */
  guint64  seq;
  gint64   sent_us;    /* monotonic */
  GList   *order_link; /* in self->order */
} Request;

struct _SondePairing
{
  GObject      parent_instance;

  char        *path;
  char       **parts;
  char        *needle;       /* "\"name\"", or NULL when every part is an index */
  gint64       timeout_us;

  GHashTable  *by_key;       /* key → GQueue of Request, oldest first */
  GQueue       order;        /* Request, by send time */
  guint        timeout_id;
  guint64      n_parsed;
};

enum {
  NO_REPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondePairing, sonde_pairing, G_TYPE_OBJECT)

static void
request_free (Request *request)
{
  g_free (request->key);
  g_free (request);
}

static void
queue_free (GQueue *queue)
{
  g_queue_free_full (queue, (GDestroyNotify) request_free);
}

static void
sonde_pairing_dispose (GObject *object)
{
  SondePairing *self = (SondePairing *) object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (sonde_pairing_parent_class)->dispose (object);
}

static void
sonde_pairing_finalize (GObject *object)
{
  SondePairing *self = (SondePairing *) object;

  g_queue_clear (&self->order);
  g_hash_table_unref (self->by_key);
  g_strfreev (self->parts);
  g_free (self->needle);
  g_free (self->path);

  G_OBJECT_CLASS (sonde_pairing_parent_class)->finalize (object);
}

static void
sonde_pairing_class_init (SondePairingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sonde_pairing_dispose;
  object_class->finalize = sonde_pairing_finalize;

  /**
   * SondePairing::no-reply:
   * @request_seq: the `seq` of the unanswered request
   * @waited_us: how long it waited, in microseconds
   */
  signals[NO_REPLY] =
    g_signal_new ("no-reply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_INT64);
}

static void
sonde_pairing_init (SondePairing *self)
{
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) queue_free);
  g_queue_init (&self->order);
}

static gboolean
is_index (const char *part)
{
  if (*part == '\0')
    return FALSE;
  for (const char *p = part; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return strlen (part) <= 9;
}

/**
 * sonde_pairing_validate_path:
 * @path: a dotted path such as `id`, `meta.req_id` or `items.0.id`
 *
 * Returns: whether @path names a field: parts separated by single dots,
 *   none empty
 */
gboolean
sonde_pairing_validate_path (const char  *path,
                             GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The pairing field is empty"));
      return FALSE;
    }
  if (strlen (path) > 1024)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The pairing field is longer than 1024 bytes"));
      return FALSE;
    }
  if (!g_utf8_validate (path, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The pairing field is not valid UTF-8"));
      return FALSE;
    }
  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0')
      {
        /* Translators: %s is a dotted path such as meta.req_id. */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a field path: write names separated by single dots, such as meta.req_id"),
                     path);
        return FALSE;
      }
  return TRUE;
}

/**
 * sonde_pairing_new:
 * @path: a valid path (see sonde_pairing_validate_path())
 * @timeout_ms: how long a request waits for its reply; 0 = the default
 */
SondePairing *
sonde_pairing_new (const char *path,
                   guint       timeout_ms)
{
  SondePairing *self;

  g_return_val_if_fail (sonde_pairing_validate_path (path, NULL), NULL);

  self = g_object_new (SONDE_TYPE_PAIRING, NULL);
  self->path = g_strdup (path);
  self->parts = g_strsplit (path, ".", -1);
  self->timeout_us = (gint64) (timeout_ms ? timeout_ms : SONDE_PAIRING_DEFAULT_TIMEOUT_MS) * 1000;
  for (guint i = g_strv_length (self->parts); i > 0; i--)
    if (!is_index (self->parts[i - 1]))
      {
        /* A name with a quote or a backslash is escaped in the JSON text,
         * so the cheap test cannot look for it as written. */
        if (strpbrk (self->parts[i - 1], "\"\\") == NULL)
          self->needle = g_strdup_printf ("\"%s\"", self->parts[i - 1]);
        break;
      }
  return self;
}

const char *
sonde_pairing_get_path (SondePairing *self)
{
  g_return_val_if_fail (SONDE_IS_PAIRING (self), NULL);
  return self->path;
}

guint
sonde_pairing_get_n_pending (SondePairing *self)
{
  g_return_val_if_fail (SONDE_IS_PAIRING (self), 0);
  return self->order.length;
}

/* How many messages were parsed: the cost of pairing, for the tests. */
guint64
sonde_pairing_get_n_parsed (SondePairing *self)
{
  g_return_val_if_fail (SONDE_IS_PAIRING (self), 0);
  return self->n_parsed;
}

static gboolean
can_hold_field (SondePairing      *self,
                const SondeRecord *record)
{
  const guint8 *p = record->text;
  const guint8 *end = p + record->text_len;

  if (record->flags & SONDE_RECORD_FLAG_BINARY || record->text_len < 2)
    return FALSE;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  if (p == end || (*p != '{' && *p != '['))
    return FALSE;
  return self->needle == NULL ||
         memmem (p, end - p, self->needle, strlen (self->needle)) != NULL;
}

/* The value at the path as a typed key, or NULL when there is none or it
 * is not a string, a number or a boolean. */
static char *
find_key (SondePairing      *self,
          const SondeRecord *record)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *node;

  if (!can_hold_field (self, record))
    return NULL;

  self->n_parsed++;
  root = sonde_json_parse ((const char *) record->text, record->text_len,
                           SONDE_JSON_MAX_MESSAGE_SIZE, SONDE_JSON_MAX_DEPTH, NULL);
  if (root == NULL)
    return NULL;

  node = root;
  for (guint i = 0; self->parts[i] != NULL; i++)
    {
      const char *part = self->parts[i];

      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), part);
      else if (JSON_NODE_HOLDS_ARRAY (node) && is_index (part))
        {
          JsonArray *array = json_node_get_array (node);
          guint index = (guint) g_ascii_strtoull (part, NULL, 10);

          node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;
        }
      else
        node = NULL;
      if (node == NULL)
        return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strconcat ("s", json_node_get_string (node), NULL);
    case G_TYPE_INT64:
      return g_strdup_printf ("i%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        double value = json_node_get_double (node);

        /* 7 and 7.0 are the same number. */
        if (value == (double) (gint64) value)
          return g_strdup_printf ("i%" G_GINT64_FORMAT, (gint64) value);
        return g_strconcat ("d", g_ascii_dtostr (buffer, sizeof buffer, value), NULL);
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "btrue" : "bfalse");
    default:
      return NULL;
    }
}

static void
forget (SondePairing *self,
        Request      *request)
{
  GQueue *queue = g_hash_table_lookup (self->by_key, request->key);

  g_queue_delete_link (&self->order, request->order_link);
  g_queue_remove (queue, request);
  if (g_queue_is_empty (queue))
    g_hash_table_remove (self->by_key, request->key);
  request_free (request);
}

static void schedule (SondePairing *self);

static gboolean
timeout_cb (gpointer data)
{
  SondePairing *self = data;
  gint64 now = g_get_monotonic_time ();

  self->timeout_id = 0;
  g_object_ref (self);
  while (!g_queue_is_empty (&self->order))
    {
      Request *oldest = g_queue_peek_head (&self->order);
      guint64 seq = oldest->seq;
      gint64 waited = now - oldest->sent_us;

      if (waited < self->timeout_us)
        break;
      forget (self, oldest);
      g_signal_emit (self, signals[NO_REPLY], 0, seq, waited);
    }
  schedule (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (SondePairing *self)
{
  Request *oldest = g_queue_peek_head (&self->order);
  gint64 due;

  if (self->timeout_id != 0 || oldest == NULL)
    return;
  due = oldest->sent_us + self->timeout_us - g_get_monotonic_time ();
  self->timeout_id = g_timeout_add ((guint) CLAMP ((due + 999) / 1000, 0, G_MAXINT), timeout_cb, self);
}

/**
 * sonde_pairing_observe:
 * @record: a message with its `seq`
 *
 * Registers an outbound request, or marks an inbound reply with
 * `reply_to` and its latency.
 */
void
sonde_pairing_observe (SondePairing *self,
                       SondeRecord  *record)
{
  g_autofree char *key = NULL;
  GQueue *queue;
  Request *request;

  g_return_if_fail (SONDE_IS_PAIRING (self));

  if (record->type != SONDE_RECORD_MESSAGE)
    return;

  if (record->direction == SONDE_DIRECTION_IN)
    {
      if (g_queue_is_empty (&self->order) || (key = find_key (self, record)) == NULL)
        return;
      queue = g_hash_table_lookup (self->by_key, key);
      if (queue == NULL)
        return;
      request = g_queue_peek_head (queue);
      record->reply_to = request->seq;
      record->num[1] = MAX (0, record->mono_us - request->sent_us);
      record->flags |= SONDE_RECORD_FLAG_HAS_LATENCY;
      forget (self, request);
      return;
    }

  if (record->role == SONDE_ROLE_HEARTBEAT || (key = find_key (self, record)) == NULL)
    return;

  request = g_new0 (Request, 1);
  request->key = g_strdup (key);
  request->seq = record->seq;
  request->sent_us = record->mono_us;
  queue = g_hash_table_lookup (self->by_key, key);
  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (self->by_key, g_steal_pointer (&key), queue);
    }
  g_queue_push_tail (queue, request);
  g_queue_push_tail (&self->order, request);
  request->order_link = self->order.tail;

  if (self->order.length > SONDE_PAIRING_MAX_PENDING)
    {
      Request *oldest = g_queue_peek_head (&self->order);
      guint64 seq = oldest->seq;
      gint64 waited = record->mono_us - oldest->sent_us;

      forget (self, oldest);
      g_signal_emit (self, signals[NO_REPLY], 0, seq, waited);
    }
  schedule (self);
}
