/* sonde-profile.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sonde-profile.h"
#include "sonde-json.h"
#include "sonde-pairing.h"
#include "sonde-validate.h"
#include "sonde-secrets.h"

/* Every option of docs/cli.md is a property; the values live in one GValue
 * array so that loading, saving and copying are one loop over the
 * properties instead of a hand-written case per option. */
struct _SondeProfile
{
  GObject parent_instance;
  GValue  values[40];
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_URL,
  PROP_PROTOCOL,
  PROP_HEADER,
  PROP_ORIGIN,
  PROP_HEARTBEAT,
  PROP_HEARTBEAT_MESSAGE,
  PROP_HEARTBEAT_REPLY,
  PROP_HEARTBEAT_TIMEOUT,
  PROP_HEARTBEAT_MISSES,
  PROP_PING,
  PROP_RECONNECT,
  PROP_RECONNECT_DELAY,
  PROP_RECONNECT_MAX_DELAY,
  PROP_RECONNECT_RESET,
  PROP_MAX_ATTEMPTS,
  PROP_LOGIN,
  PROP_LOGOUT,
  PROP_SEND,
  PROP_INSECURE,
  PROP_HANDSHAKE_TIMEOUT,
  PROP_OUTBOX_MAX,
  PROP_OUTBOX_MAX_BYTES,
  PROP_MAX_PAYLOAD,
  PROP_COMPRESSION,
  PROP_RECORD,
  PROP_COUNT,
  PROP_DURATION,
  PROP_PAIR_BY,
  PROP_PAIR_TIMEOUT,
  PROP_ID,
  PROP_SECRET_HEADERS,
  PROP_LOGIN_SECRET,
  N_PROPS
};

G_STATIC_ASSERT (N_PROPS <= 40);

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeProfile, sonde_profile, G_TYPE_OBJECT)

static void
sonde_profile_finalize (GObject *object)
{
  SondeProfile *self = (SondeProfile *) object;

  for (guint i = 1; i < N_PROPS; i++)
    g_value_unset (&self->values[i]);

  G_OBJECT_CLASS (sonde_profile_parent_class)->finalize (object);
}

static void
sonde_profile_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SondeProfile *self = SONDE_PROFILE (object);

  g_assert (prop_id > 0 && prop_id < N_PROPS);
  g_value_copy (&self->values[prop_id], value);
}

static void
sonde_profile_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SondeProfile *self = SONDE_PROFILE (object);

  g_assert (prop_id > 0 && prop_id < N_PROPS);
  if (g_param_values_cmp (pspec, &self->values[prop_id], value) == 0)
    return;
  g_value_copy (value, &self->values[prop_id]);
  g_object_notify_by_pspec (object, pspec);
}

#define FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static GParamSpec *
ms (const char *name,
    const char *nick,
    guint       def)
{
  return g_param_spec_uint (name, nick, NULL, 0, G_MAXINT, def, FLAGS);
}

static void
sonde_profile_class_init (SondeProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_profile_finalize;
  object_class->get_property = sonde_profile_get_property;
  object_class->set_property = sonde_profile_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", "Name", NULL, NULL, FLAGS);
  properties[PROP_URL] = g_param_spec_string ("url", "URL", NULL, NULL, FLAGS);
  properties[PROP_PROTOCOL] = g_param_spec_boxed ("protocol", "Subprotocols", NULL, G_TYPE_STRV, FLAGS);
  properties[PROP_HEADER] = g_param_spec_boxed ("header", "Headers", NULL, G_TYPE_STRV, FLAGS);
  properties[PROP_ORIGIN] = g_param_spec_string ("origin", "Origin", NULL, NULL, FLAGS);
  properties[PROP_HEARTBEAT] = ms ("heartbeat", "Heartbeat interval", 0);
  properties[PROP_HEARTBEAT_MESSAGE] =
    g_param_spec_string ("heartbeat-message", "Heartbeat message", NULL,
                         SONDE_DEFAULT_HEARTBEAT_MESSAGE, FLAGS);
  properties[PROP_HEARTBEAT_REPLY] =
    g_param_spec_string ("heartbeat-reply", "Heartbeat reply pattern", NULL, NULL, FLAGS);
  /* 0 means twice the heartbeat interval. */
  properties[PROP_HEARTBEAT_TIMEOUT] = ms ("heartbeat-timeout", "Heartbeat timeout", 0);
  properties[PROP_HEARTBEAT_MISSES] =
    g_param_spec_uint ("heartbeat-misses", "Heartbeat misses", NULL, 1, 1000, 2, FLAGS);
  properties[PROP_PING] = ms ("ping", "Ping interval", 0);
  properties[PROP_RECONNECT] = g_param_spec_boolean ("reconnect", "Reconnect", NULL, FALSE, FLAGS);
  properties[PROP_RECONNECT_DELAY] = ms ("reconnect-delay", "Reconnect delay", 1000);
  properties[PROP_RECONNECT_MAX_DELAY] = ms ("reconnect-max-delay", "Reconnect maximum delay", 30000);
  /* A connection that stayed open this long resets the attempt counter. */
  properties[PROP_RECONNECT_RESET] = ms ("reconnect-reset", "Stable connection time", 10000);
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", "Maximum attempts", NULL, 0, G_MAXINT, 0, FLAGS);
  properties[PROP_LOGIN] = g_param_spec_string ("login", "Login message", NULL, NULL, FLAGS);
  properties[PROP_LOGOUT] = g_param_spec_string ("logout", "Logout message", NULL, NULL, FLAGS);
  properties[PROP_SEND] = g_param_spec_boxed ("send", "Messages to send", NULL, G_TYPE_STRV, FLAGS);
  properties[PROP_INSECURE] = g_param_spec_boolean ("insecure", "Insecure TLS", NULL, FALSE, FLAGS);
  properties[PROP_HANDSHAKE_TIMEOUT] = ms ("handshake-timeout", "Handshake timeout", 10000);
  properties[PROP_OUTBOX_MAX] =
    g_param_spec_uint ("outbox-max", "Outbox size", NULL, 0, G_MAXINT, 1000, FLAGS);
  properties[PROP_OUTBOX_MAX_BYTES] =
    g_param_spec_uint ("outbox-max-bytes", "Outbox bytes", NULL, 0, G_MAXINT,
                       SONDE_DEFAULT_MAX_PAYLOAD, FLAGS);
  properties[PROP_MAX_PAYLOAD] =
    g_param_spec_uint ("max-payload", "Maximum payload", NULL, 0, G_MAXINT,
                       SONDE_DEFAULT_MAX_PAYLOAD, FLAGS);
  properties[PROP_COMPRESSION] =
    g_param_spec_boolean ("compression", "permessage-deflate", NULL, TRUE, FLAGS);
  properties[PROP_RECORD] = g_param_spec_string ("record", "Record file", NULL, NULL, FLAGS);
  properties[PROP_COUNT] = g_param_spec_uint ("count", "Message count", NULL, 0, G_MAXINT, 0, FLAGS);
  properties[PROP_DURATION] = ms ("duration", "Duration", 0);
  /* A dotted path (docs/events.md, "Pairing"); unset = no pairing. */
  properties[PROP_PAIR_BY] = g_param_spec_string ("pair-by", "Pairing field", NULL, NULL, FLAGS);
  properties[PROP_PAIR_TIMEOUT] =
    g_param_spec_uint ("pair-timeout", "Reply timeout", NULL, 1, 86400000,
                       SONDE_PAIRING_DEFAULT_TIMEOUT_MS, FLAGS);
  /* The stable name of a saved connection in the keyring: set by the
   * store, never shown. */
  properties[PROP_ID] = g_param_spec_string ("id", "Identifier", NULL, NULL, FLAGS);
  /* Header names whose values are kept in the keyring, beside the ones that
   * always are (sonde_header_is_secret()). */
  properties[PROP_SECRET_HEADERS] =
    g_param_spec_boxed ("secret-headers", "Secret headers", NULL, G_TYPE_STRV, FLAGS);
  properties[PROP_LOGIN_SECRET] =
    g_param_spec_boolean ("login-secret", "Secret login", NULL, FALSE, FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_profile_init (SondeProfile *self)
{
  for (guint i = 1; i < N_PROPS; i++)
    {
      g_value_init (&self->values[i], properties[i]->value_type);
      g_param_value_set_default (properties[i], &self->values[i]);
    }
}

SondeProfile *
sonde_profile_new (void)
{
  return g_object_new (SONDE_TYPE_PROFILE, NULL);
}

/**
 * sonde_profile_copy:
 *
 * Returns: (transfer full): an independent profile with the same values.
 */
SondeProfile *
sonde_profile_copy (SondeProfile *self)
{
  SondeProfile *copy;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);

  copy = sonde_profile_new ();
  for (guint i = 1; i < N_PROPS; i++)
    g_value_copy (&self->values[i], &copy->values[i]);
  return copy;
}

static const char *
expected_type (GParamSpec *pspec)
{
  if (pspec->value_type == G_TYPE_STRING)
    return _("a text");
  if (pspec->value_type == G_TYPE_BOOLEAN)
    return _("true or false");
  if (pspec->value_type == G_TYPE_STRV)
    return _("a list of texts");
  return _("a whole number");
}

static gboolean
value_from_node (GParamSpec *pspec,
                 JsonNode   *node,
                 GValue     *value)
{
  GType type = pspec->value_type;

  g_value_init (value, type);

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (type == G_TYPE_STRING || type == G_TYPE_STRV)
        return TRUE;
      return FALSE;
    }

  if (type == G_TYPE_STRV)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_strv_builder_add (builder, json_node_get_string (node));
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (!JSON_NODE_HOLDS_VALUE (element) ||
                  json_node_get_value_type (element) != G_TYPE_STRING)
                return FALSE;
              g_strv_builder_add (builder, json_node_get_string (element));
            }
        }
      else
        return FALSE;

      g_value_take_boxed (value, g_strv_builder_end (builder));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (type == G_TYPE_STRING)
    {
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      g_value_set_string (value, json_node_get_string (node));
      return TRUE;
    }

  if (type == G_TYPE_BOOLEAN)
    {
      if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return FALSE;
      g_value_set_boolean (value, json_node_get_boolean (node));
      return TRUE;
    }

  if (type == G_TYPE_UINT)
    {
      GParamSpecUInt *uspec = G_PARAM_SPEC_UINT (pspec);
      gint64 n;

      if (json_node_get_value_type (node) == G_TYPE_INT64)
        n = json_node_get_int (node);
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (node);

          /* "5000.0" is a whole number; 1e30 does not fit a gint64, and
           * casting it would be undefined (found by fuzz/fuzz-profile.c). */
          if (!(d > -4294967296.0 && d < 4294967296.0) || d != (double) (gint64) d)
            return FALSE;
          n = (gint64) d;
        }
      else
        return FALSE;

      if (n < uspec->minimum || n > uspec->maximum)
        return FALSE;
      g_value_set_uint (value, (guint) n);
      return TRUE;
    }

  return FALSE;
}

/**
 * sonde_profile_merge_json:
 * @object: a profile as a JSON object (long option names as keys)
 *
 * Sets every known key of @object. Unknown keys are ignored, so that a
 * newer Sonde's profiles still load; a known key with a value of the wrong
 * type is an error and nothing is changed.
 */
gboolean
sonde_profile_merge_json (SondeProfile  *self,
                          JsonObject    *object,
                          GError       **error)
{
  g_autoptr(GList) members = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GPtrArray) pending_specs = g_ptr_array_new ();

  g_return_val_if_fail (SONDE_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  pending = g_array_new (FALSE, TRUE, sizeof (GValue));
  g_array_set_clear_func (pending, (GDestroyNotify) g_value_unset);

  members = json_object_get_members (object);
  for (const GList *l = members; l; l = l->next)
    {
      const char *key = l->data;
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), key);
      GValue value = G_VALUE_INIT;

      if (pspec == NULL)
        continue;

      if (!value_from_node (pspec, json_object_get_member (object, key), &value))
        {
          g_value_unset (&value);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The value of “%s” must be %s"), key, expected_type (pspec));
          return FALSE;
        }
      /* A value of the right type may still be out of its range or unsafe
       * to send (sonde-validate.c), or not a field path. */
      if (!sonde_validate_setting (key, &value, error) ||
          (pspec == properties[PROP_PAIR_BY] && g_value_get_string (&value) != NULL &&
           !sonde_pairing_validate_path (g_value_get_string (&value), error)))
        {
          g_value_unset (&value);
          return FALSE;
        }
      g_array_append_val (pending, value);
      g_ptr_array_add (pending_specs, pspec);
    }

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < pending->len; i++)
    g_object_set_property (G_OBJECT (self),
                           ((GParamSpec *) pending_specs->pdata[i])->name,
                           &g_array_index (pending, GValue, i));
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

/**
 * sonde_profile_new_from_data:
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with one human
 *   sentence in @error.
 */
SondeProfile *
sonde_profile_new_from_data (const char  *data,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(SondeProfile) self = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  root = sonde_json_parse (data, length, SONDE_JSON_MAX_PROFILE_SIZE, SONDE_JSON_MAX_DEPTH, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("A profile must be a JSON object"));
      return NULL;
    }

  self = sonde_profile_new ();
  if (!sonde_profile_merge_json (self, json_node_get_object (root), error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * sonde_profile_read_file:
 * @path: a profile file
 * @contents: (out): its bytes, NUL-terminated
 * @length: (out): their number
 *
 * Reads @path only when it is a regular file of at most
 * %SONDE_JSON_MAX_PROFILE_SIZE bytes. It is opened without blocking and
 * checked with fstat() before a byte is read, so that a FIFO, a device
 * such as /dev/zero or a socket is refused at once instead of hanging or
 * filling the memory.
 *
 * Returns: whether @contents holds the file; else one sentence in @error
 *   (%G_IO_ERROR_NOT_REGULAR_FILE for a file that is not a regular one,
 *   %G_IO_ERROR_MESSAGE_TOO_LARGE for one too large).
 */
gboolean
sonde_profile_read_file (const char  *path,
                         char       **contents,
                         gsize       *length,
                         GError     **error)
{
  g_autofree char *buffer = NULL;
  struct stat info;
  gsize filled = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }
  if (fstat (fd, &info) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (info.st_mode))
    {
      close (fd);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                           S_ISDIR (info.st_mode) ? _("it is a folder, not a file")
                                                  : _("it is not a regular file (a pipe, a device or a socket)"));
      return FALSE;
    }
  if (info.st_size > SONDE_JSON_MAX_PROFILE_SIZE)
    {
      g_autofree char *size = g_format_size_full (info.st_size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *limit = g_format_size_full (SONDE_JSON_MAX_PROFILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("it is too large for a profile (%s; the limit is %s)"), size, limit);
      return FALSE;
    }

  /* One byte more than the limit: a file that grows after fstat() is
   * still refused, not read without end. */
  buffer = g_malloc (SONDE_JSON_MAX_PROFILE_SIZE + 2);
  while (filled <= SONDE_JSON_MAX_PROFILE_SIZE)
    {
      gssize n = read (fd, buffer + filled, SONDE_JSON_MAX_PROFILE_SIZE + 1 - filled);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      filled += n;
    }
  close (fd);

  if (filled > SONDE_JSON_MAX_PROFILE_SIZE)
    {
      g_autofree char *limit = g_format_size_full (SONDE_JSON_MAX_PROFILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("it is too large for a profile (more than %s)"), limit);
      return FALSE;
    }

  buffer[filled] = '\0';
  *contents = g_steal_pointer (&buffer);
  *length = filled;
  return TRUE;
}

/**
 * sonde_profile_new_from_file:
 *
 * Returns: (transfer full) (nullable): the profile in @path, or %NULL with
 *   an error that names the file.
 */
SondeProfile *
sonde_profile_new_from_file (const char  *path,
                             GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  gsize length = 0;
  SondeProfile *self;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  if (!sonde_profile_read_file (path, &contents, &length, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not read the profile “%s”: %s"), display, local_error->message);
      return NULL;
    }

  self = sonde_profile_new_from_data (contents, length, &local_error);
  if (self == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("The profile “%s” is not valid: %s"), display, local_error->message);
      return NULL;
    }
  return self;
}

/* The value as a file holds it: every secret value (a header that
 * sonde_header_is_secret() names, the login when it is marked secret)
 * becomes SONDE_SECRET_PLACEHOLDER. */
static void
add_value (SondeProfile *self,
           JsonBuilder  *builder,
           guint         prop_id)
{
  GParamSpec *pspec = properties[prop_id];
  const GValue *value = &self->values[prop_id];

  if (pspec->value_type == G_TYPE_STRING)
    {
      const char *text = g_value_get_string (value);

      if (text == NULL)
        json_builder_add_null_value (builder);
      else if (prop_id == PROP_LOGIN && text[0] != '\0' &&
               g_value_get_boolean (&self->values[PROP_LOGIN_SECRET]))
        json_builder_add_string_value (builder, SONDE_SECRET_PLACEHOLDER);
      else
        json_builder_add_string_value (builder, text);
    }
  else if (pspec->value_type == G_TYPE_BOOLEAN)
    json_builder_add_boolean_value (builder, g_value_get_boolean (value));
  else if (pspec->value_type == G_TYPE_UINT)
    json_builder_add_int_value (builder, g_value_get_uint (value));
  else if (pspec->value_type == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (value);

      json_builder_begin_array (builder);
      for (guint j = 0; strv && strv[j]; j++)
        {
          if (prop_id == PROP_HEADER)
            {
              g_autofree char *line = sonde_header_mask_line (strv[j], self, SONDE_SECRET_PLACEHOLDER);

              json_builder_add_string_value (builder, line);
            }
          else
            json_builder_add_string_value (builder, strv[j]);
        }
      json_builder_end_array (builder);
    }
  else
    g_assert_not_reached ();
}

static char *
to_data (SondeProfile *self,
         gboolean      for_export)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (for_export)
    {
      g_auto(GStrv) left_out = sonde_profile_dup_secret_names (self);

      /* Said first, where a reader of the file sees it. */
      if (left_out != NULL && left_out[0] != NULL)
        {
          g_autofree char *names = g_strjoinv (", ", left_out);
          g_autofree char *note = NULL;

          note = g_strdup_printf ("The secret values of this connection (%s) were left out of this "
                                  "file and read %s: type them again after importing it.",
                                  names, SONDE_SECRET_PLACEHOLDER);
          json_builder_set_member_name (builder, "secrets-left-out");
          json_builder_add_string_value (builder, note);
        }
    }

  for (guint i = 1; i < N_PROPS; i++)
    {
      GParamSpec *pspec = properties[i];
      const GValue *value = &self->values[i];

      if (i != PROP_NAME && i != PROP_URL && g_param_value_defaults (pspec, value))
        continue;
      /* An imported connection is a new one: it gets an id of its own. */
      if (for_export && i == PROP_ID)
        continue;

      json_builder_set_member_name (builder, pspec->name);
      add_value (self, builder, i);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/**
 * sonde_profile_to_data:
 *
 * Returns: the profile as pretty JSON: name and url always, then every
 *   value that differs from its default. Secret values are written as
 *   SONDE_SECRET_PLACEHOLDER (they live in the keyring, sonde-secrets.h).
 */
char *
sonde_profile_to_data (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);

  return to_data (self, FALSE);
}

/**
 * sonde_profile_to_export_data:
 *
 * Returns: the profile as a file to hand to someone else: as
 *   sonde_profile_to_data() without the id, and, when secret values were
 *   left out, a "secrets-left-out" note that says which.
 */
char *
sonde_profile_to_export_data (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);

  return to_data (self, TRUE);
}

/**
 * sonde_profile_dup_secret_names:
 *
 * Returns: (transfer full) (nullable): the names of the profile's secret
 *   values as a person reads them ("Authorization", "login"), in the
 *   order of the profile, or %NULL when it has none.
 */
char **
sonde_profile_dup_secret_names (SondeProfile *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char * const *headers;
  const char *login;
  gboolean any = FALSE;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);

  headers = g_value_get_boxed (&self->values[PROP_HEADER]);
  for (guint i = 0; headers && headers[i]; i++)
    {
      g_autofree char *name = sonde_header_dup_name (headers[i]);

      if (name != NULL && sonde_header_is_secret (name, self))
        {
          g_strv_builder_add (builder, name);
          any = TRUE;
        }
    }

  login = g_value_get_string (&self->values[PROP_LOGIN]);
  if (login != NULL && login[0] != '\0' && g_value_get_boolean (&self->values[PROP_LOGIN_SECRET]))
    {
      g_strv_builder_add (builder, "login");
      any = TRUE;
    }

  return any ? g_strv_builder_end (builder) : NULL;
}

/**
 * sonde_profile_save:
 *
 * Writes the profile to @path atomically, creating its folder.
 */
gboolean
sonde_profile_save (SondeProfile  *self,
                    const char    *path,
                    GError       **error)
{
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = sonde_profile_to_data (self);
  return g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * sonde_profile_export:
 *
 * Writes sonde_profile_to_export_data() to @path: a file to hand on,
 * without the secret values.
 */
gboolean
sonde_profile_export (SondeProfile  *self,
                      const char    *path,
                      GError       **error)
{
  g_autofree char *data = NULL;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = sonde_profile_to_export_data (self);
  return g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

const char *
sonde_profile_get_name (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  return g_value_get_string (&self->values[PROP_NAME]);
}

void
sonde_profile_set_name (SondeProfile *self,
                        const char   *name)
{
  g_return_if_fail (SONDE_IS_PROFILE (self));
  g_object_set (self, "name", name, NULL);
}

const char *
sonde_profile_get_url (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  return g_value_get_string (&self->values[PROP_URL]);
}

void
sonde_profile_set_url (SondeProfile *self,
                       const char   *url)
{
  g_return_if_fail (SONDE_IS_PROFILE (self));
  g_object_set (self, "url", url, NULL);
}

/**
 * sonde_profile_dup_display_name:
 *
 * Returns: the name of the connection in events: the profile's name, or
 *   the URL when it has none.
 */
char *
sonde_profile_dup_display_name (SondeProfile *self)
{
  const char *name;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);

  name = sonde_profile_get_name (self);
  if (name != NULL && name[0] != '\0')
    return g_strdup (name);
  return g_strdup (sonde_profile_get_url (self) ? sonde_profile_get_url (self) : "");
}

/**
 * sonde_profile_get_heartbeat_timeout_effective:
 *
 * Returns: the heartbeat timeout in ms: the set one, or twice the interval.
 */
guint
sonde_profile_get_heartbeat_timeout_effective (SondeProfile *self)
{
  guint timeout;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), 0);

  timeout = g_value_get_uint (&self->values[PROP_HEARTBEAT_TIMEOUT]);
  if (timeout > 0)
    return timeout;
  return 2 * g_value_get_uint (&self->values[PROP_HEARTBEAT]);
}

const char *
sonde_profile_get_id (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  return g_value_get_string (&self->values[PROP_ID]);
}

void
sonde_profile_set_id (SondeProfile *self,
                      const char   *id)
{
  g_return_if_fail (SONDE_IS_PROFILE (self));
  g_object_set (self, "id", id, NULL);
}

gboolean
sonde_profile_get_login_secret (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), FALSE);
  return g_value_get_boolean (&self->values[PROP_LOGIN_SECRET]);
}

/**
 * sonde_profile_get_secret_headers:
 *
 * Returns: (transfer none) (nullable): the header names the user marked
 *   secret.
 */
const char * const *
sonde_profile_get_secret_headers (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  return g_value_get_boxed (&self->values[PROP_SECRET_HEADERS]);
}

/**
 * sonde_profile_get_headers:
 *
 * Returns: (transfer none) (nullable): the extra handshake headers,
 *   "Name: value" each.
 */
const char * const *
sonde_profile_get_headers (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  return g_value_get_boxed (&self->values[PROP_HEADER]);
}
