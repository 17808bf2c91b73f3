/* sonde-demo-server.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sonde-demo-server.h"
#include "sonde-json.h"

#define DEFAULT_PATH          "/ws"
#define DEFAULT_PUSH_INTERVAL 3000
#define HEARTBEAT_PREFIX      "heart-check"
#define HEARTBEAT_REPLY       "heart-ok"
/* Large enough for demos with big messages; libsoup's default is 128 KiB. */
#define MAX_INCOMING_PAYLOAD  (16 * 1024 * 1024)

struct _SondeDemoServer
{
  GObject     parent_instance;

  SoupServer *server;
  char       *path;
  char       *url;
  guint       port;

  /* SoupWebsocketConnection: the open clients, and the ones that were
   * asked to close by stop() and are finishing their close handshake. */
  GPtrArray  *clients;
  GPtrArray  *closing;

  guint       push_interval;
  guint       push_source;
  guint64     push_seq;
  gint64      started_at;
};

G_DEFINE_FINAL_TYPE (SondeDemoServer, sonde_demo_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_CLIENTS,
  PROP_PATH,
  PROP_PORT,
  PROP_PUSH_INTERVAL,
  PROP_RUNNING,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_url (SondeDemoServer *self,
         guint            port,
         const char      *path)
{
  g_autofree char *url = NULL;

  if (port != 0)
    url = g_strdup_printf ("ws://127.0.0.1:%u%s", port, path);

  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }

  if (g_strcmp0 (self->url, url) != 0)
    {
      g_free (self->url);
      self->url = g_steal_pointer (&url);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
    }

  if (path != NULL && g_strcmp0 (self->path, path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
    }
}

/* soup_server_get_uris() leaks a GSocketAddress per call in libsoup 3.2.3,
 * so read the bound port from the listening socket itself. */
static guint
get_listening_port (SoupServer *server)
{
  GSList *listeners = soup_server_get_listeners (server);
  g_autoptr(GSocketAddress) address = NULL;
  guint port = 0;

  if (listeners != NULL)
    address = g_socket_get_local_address (listeners->data, NULL);
  if (address != NULL)
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  g_slist_free (listeners);
  return port;
}

static char *
build_status (SondeDemoServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 uptime_ms = (g_get_monotonic_time () - self->started_at) / 1000;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "status");
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, (gint64) ++self->push_seq);
  json_builder_set_member_name (builder, "clients");
  json_builder_add_int_value (builder, self->clients->len);
  json_builder_set_member_name (builder, "uptime_ms");
  json_builder_add_int_value (builder, uptime_ms);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
push_cb (gpointer user_data)
{
  SondeDemoServer *self = user_data;
  g_autofree char *status = NULL;

  if (self->clients->len == 0)
    return G_SOURCE_CONTINUE;

  status = build_status (self);
  for (guint i = 0; i < self->clients->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (self->clients, i);

      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (conn, status);
    }

  return G_SOURCE_CONTINUE;
}

static void
update_push_timer (SondeDemoServer *self)
{
  g_clear_handle_id (&self->push_source, g_source_remove);

  if (self->server != NULL && self->push_interval > 0)
    self->push_source = g_timeout_add (self->push_interval, push_cb, self);
}

/* Returns the reply to a JSON control message (login, logout), or NULL
 * when @text is not one, so that it gets echoed instead. */
static char *
build_json_reply (const char *text,
                  gsize       length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *object;
  const char *type;

  /* Only objects can be control messages; skip the parser for the rest. */
  while (length > 0 && g_ascii_isspace (*text))
    text++, length--;
  if (length == 0 || *text != '{')
    return NULL;

  /* A hostile client must not crash the server: the guarded parser refuses
   * deep nesting before json-glib recurses into it. */
  root = sonde_json_parse (text, length, SONDE_JSON_MAX_MESSAGE_SIZE, SONDE_JSON_MAX_DEPTH, NULL);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  /* Any JSON may come: {"type":[…]} is no control message either. */
  if (!json_object_has_member (object, "type") ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "type")) ||
      json_node_get_value_type (json_object_get_member (object, "type")) != G_TYPE_STRING)
    return NULL;
  type = json_object_get_string_member (object, "type");

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  if (g_str_equal (type, "login"))
    {
      JsonNode *token = json_object_get_member (object, "token");

      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "login-ack");
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "token");
      if (token != NULL)
        json_builder_add_value (builder, json_node_copy (token));
      else
        json_builder_add_null_value (builder);
    }
  else if (g_str_equal (type, "logout"))
    {
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "logout-ack");
    }
  else
    {
      return NULL;
    }

  json_builder_end_object (builder);

  generator = json_generator_new ();
  reply = json_builder_get_root (builder);
  json_generator_set_root (generator, reply);
  return json_generator_to_data (generator, NULL);
}

static void
message_cb (SoupWebsocketConnection *conn,
            SoupWebsocketDataType    type,
            GBytes                  *message,
            SondeDemoServer         *self)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (message, &length);

  /* Frames still arrive while the server closes a connection (stop()):
   * they get no answer then. */
  if (soup_websocket_connection_get_state (conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_autofree char *reply = NULL;

      if (length >= strlen (HEARTBEAT_PREFIX) &&
          memcmp (data, HEARTBEAT_PREFIX, strlen (HEARTBEAT_PREFIX)) == 0)
        {
          soup_websocket_connection_send_text (conn, HEARTBEAT_REPLY);
          return;
        }

      if ((reply = build_json_reply (data, length)) != NULL)
        {
          soup_websocket_connection_send_text (conn, reply);
          return;
        }

      /* libsoup checked the UTF-8; send_text() wants a nul-terminated string,
       * and the message may hold a nul byte, so echo the bytes as they are. */
      soup_websocket_connection_send_message (conn, SOUP_WEBSOCKET_DATA_TEXT, message);
      return;
    }

  soup_websocket_connection_send_message (conn, SOUP_WEBSOCKET_DATA_BINARY, message);
}

static void
closed_cb (SoupWebsocketConnection *conn,
           SondeDemoServer         *self)
{
  g_signal_handlers_disconnect_by_data (conn, self);

  if (g_ptr_array_remove (self->clients, conn))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIENTS]);
  else
    g_ptr_array_remove (self->closing, conn);
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  SondeDemoServer *self = user_data;

  g_debug ("Demo server: client connected on %s", path);

  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_INCOMING_PAYLOAD);
  g_signal_connect_object (conn, "message", G_CALLBACK (message_cb), self, 0);
  g_signal_connect_object (conn, "closed", G_CALLBACK (closed_cb), self, 0);
  g_ptr_array_add (self->clients, g_object_ref (conn));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIENTS]);
}

static void
sonde_demo_server_dispose (GObject *object)
{
  SondeDemoServer *self = (SondeDemoServer *)object;

  sonde_demo_server_stop (self);

  /* Whoever is still in its close handshake is cut now: unreffing a
   * SoupWebsocketConnection closes its stream. */
  for (guint i = 0; i < self->closing->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->closing, i), self);
  g_ptr_array_set_size (self->closing, 0);

  G_OBJECT_CLASS (sonde_demo_server_parent_class)->dispose (object);
}

static void
sonde_demo_server_finalize (GObject *object)
{
  SondeDemoServer *self = (SondeDemoServer *)object;

  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_pointer (&self->closing, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (sonde_demo_server_parent_class)->finalize (object);
}

static void
sonde_demo_server_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SondeDemoServer *self = SONDE_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_N_CLIENTS:
      g_value_set_uint (value, sonde_demo_server_get_n_clients (self));
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_PUSH_INTERVAL:
      g_value_set_uint (value, self->push_interval);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, sonde_demo_server_get_running (self));
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_demo_server_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SondeDemoServer *self = SONDE_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_PUSH_INTERVAL:
      sonde_demo_server_set_push_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_demo_server_class_init (SondeDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sonde_demo_server_dispose;
  object_class->finalize = sonde_demo_server_finalize;
  object_class->get_property = sonde_demo_server_get_property;
  object_class->set_property = sonde_demo_server_set_property;

  properties[PROP_N_CLIENTS] =
    g_param_spec_uint ("n-clients", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         DEFAULT_PATH,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Milliseconds between two status pushes to every client; 0 turns them off. */
  properties[PROP_PUSH_INTERVAL] =
    g_param_spec_uint ("push-interval", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_PUSH_INTERVAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_demo_server_init (SondeDemoServer *self)
{
  self->clients = g_ptr_array_new_with_free_func (g_object_unref);
  self->closing = g_ptr_array_new_with_free_func (g_object_unref);
  self->path = g_strdup (DEFAULT_PATH);
  self->push_interval = DEFAULT_PUSH_INTERVAL;
}

SondeDemoServer *
sonde_demo_server_new (void)
{
  return g_object_new (SONDE_TYPE_DEMO_SERVER, NULL);
}

/**
 * sonde_demo_server_start:
 * @port: the TCP port on 127.0.0.1, or 0 for any free one
 * @path: (nullable): the WebSocket path, "/ws" when %NULL
 *
 * Starts listening on 127.0.0.1 only. Can be called again after
 * sonde_demo_server_stop(), on the same port.
 */
gboolean
sonde_demo_server_start (SondeDemoServer  *self,
                         guint             port,
                         const char       *path,
                         GError          **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  guint bound_port = 0;

  g_return_val_if_fail (SONDE_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path == NULL || path[0] == '\0')
    path = DEFAULT_PATH;

  if (self->server != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("The demo server is already running on port %u"), self->port);
      return FALSE;
    }

  server = soup_server_new ("server-header", "sonde-demo ", NULL);
  soup_server_add_websocket_handler (server, path, NULL, NULL, websocket_cb, self, NULL);

  /* Loopback only, never all interfaces: this server echoes anything. */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (server, address, 0, error))
    return FALSE;

  bound_port = get_listening_port (server);
  g_assert (bound_port != 0);

  self->server = g_steal_pointer (&server);
  self->started_at = g_get_monotonic_time ();
  self->push_seq = 0;
  update_push_timer (self);

  set_url (self, bound_port, path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  g_debug ("Demo server listening on %s", self->url);

  return TRUE;
}

/**
 * sonde_demo_server_stop:
 *
 * Stops listening and closes every client with 1001 (going away). Clients
 * that do not answer the close frame are cut when libsoup's close timeout
 * fires, or when the server is disposed.
 */
void
sonde_demo_server_stop (SondeDemoServer *self)
{
  g_autoptr(GPtrArray) clients = NULL;

  g_return_if_fail (SONDE_IS_DEMO_SERVER (self));

  if (self->server == NULL)
    return;

  g_clear_handle_id (&self->push_source, g_source_remove);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  /* Move the clients aside first: closing can emit "closed" right away. */
  clients = g_steal_pointer (&self->clients);
  self->clients = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < clients->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (clients, i);

      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        {
          g_ptr_array_add (self->closing, g_object_ref (conn));
          soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
        }
      else
        {
          g_signal_handlers_disconnect_by_data (conn, self);
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (clients->len > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIENTS]);
  set_url (self, 0, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* "ws://127.0.0.1:PORT/ws", or NULL when stopped. */
const char *
sonde_demo_server_get_url (SondeDemoServer *self)
{
  g_return_val_if_fail (SONDE_IS_DEMO_SERVER (self), NULL);

  return self->url;
}

guint
sonde_demo_server_get_port (SondeDemoServer *self)
{
  g_return_val_if_fail (SONDE_IS_DEMO_SERVER (self), 0);

  return self->port;
}

guint
sonde_demo_server_get_n_clients (SondeDemoServer *self)
{
  g_return_val_if_fail (SONDE_IS_DEMO_SERVER (self), 0);

  return self->clients->len;
}

gboolean
sonde_demo_server_get_running (SondeDemoServer *self)
{
  g_return_val_if_fail (SONDE_IS_DEMO_SERVER (self), FALSE);

  return self->server != NULL;
}

guint
sonde_demo_server_get_push_interval (SondeDemoServer *self)
{
  g_return_val_if_fail (SONDE_IS_DEMO_SERVER (self), 0);

  return self->push_interval;
}

void
sonde_demo_server_set_push_interval (SondeDemoServer *self,
                                     guint            push_interval)
{
  g_return_if_fail (SONDE_IS_DEMO_SERVER (self));

  if (self->push_interval == push_interval)
    return;

  self->push_interval = push_interval;
  update_push_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUSH_INTERVAL]);
}
