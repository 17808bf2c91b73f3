/* sonde-secrets.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "sonde-secrets.h"

/* The values that must not sit in a file (a bearer token, a cookie, a
 * password inside the login message) live in the user's keyring, one item
 * per value, found again by the profile's id and the field. libsecret
 * talks to the Secret Service (GNOME Keyring, KeePassXC…) and, inside a
 * Flatpak, to the Secret portal on its own.
 *
 * A machine without a secret service (a bare CI box, a session without a
 * keyring) must not stop anyone from working: every value stored is also
 * kept in this process's memory, lookups fall back to it, and the first
 * failure is said once ("unavailable"). */

struct _SondeSecrets
{
  GObject     parent_instance;

  GHashTable *memory;        /* "id\nfield" → value, this process only */
  gboolean    unavailable;
  guint       pending;
};

enum {
  UNAVAILABLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeSecrets, sonde_secrets, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    SONDE_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "profile-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "field", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Headers */

static const char * const always_secret[] = {
  "Authorization", "Cookie", "Proxy-Authorization",
};

/**
 * sonde_header_is_secret:
 * @name: a header name
 * @profile: (nullable): the profile whose "secret-headers" count too
 *
 * For the views and writers that show handshake headers: a secret value
 * is shown as SONDE_SECRET_MASK.
 */
gboolean
sonde_header_is_secret (const char   *name,
                        SondeProfile *profile)
{
  const char * const *marked;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (profile == NULL || SONDE_IS_PROFILE (profile), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (always_secret); i++)
    if (g_ascii_strcasecmp (name, always_secret[i]) == 0)
      return TRUE;

  marked = profile != NULL ? sonde_profile_get_secret_headers (profile) : NULL;
  for (guint i = 0; marked && marked[i]; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (marked[i]));

      if (g_ascii_strcasecmp (name, stripped) == 0)
        return TRUE;
    }

  return FALSE;
}

char *
sonde_header_dup_name (const char *line)
{
  const char *colon;
  char *name;

  g_return_val_if_fail (line != NULL, NULL);

  colon = strchr (line, ':');
  if (colon == NULL)
    return NULL;
  name = g_strstrip (g_strndup (line, colon - line));
  if (name[0] == '\0')
    g_clear_pointer (&name, g_free);
  return name;
}

static char *
dup_value (const char *line)
{
  const char *colon = strchr (line, ':');

  return g_strstrip (g_strdup (colon ? colon + 1 : ""));
}

/**
 * sonde_header_mask_line:
 * @line: "Name: value"
 * @profile: (nullable): as for sonde_header_is_secret()
 * @mask: what stands for a secret value (SONDE_SECRET_MASK for people,
 *   SONDE_SECRET_PLACEHOLDER in files)
 */
char *
sonde_header_mask_line (const char   *line,
                        SondeProfile *profile,
                        const char   *mask)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (mask != NULL, NULL);

  name = sonde_header_dup_name (line);
  if (name == NULL || !sonde_header_is_secret (name, profile))
    return g_strdup (line);
  return g_strdup_printf ("%s: %s", name, mask);
}

/* The secret values of a profile */

typedef struct
{
  char *field;    /* "header:authorization", "header:cookie#2", "login" */
  char *name;     /* for people: "Authorization", "login" */
  char *value;    /* as the profile holds it, perhaps the placeholder */
  int   header;   /* its index in "header", -1 for the login */
} Field;

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->field);
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

static GPtrArray *
collect_fields (SondeProfile *profile)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (field_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char * const *headers = sonde_profile_get_headers (profile);
  g_autofree char *login = NULL;

  for (guint i = 0; headers && headers[i]; i++)
    {
      g_autofree char *name = sonde_header_dup_name (headers[i]);
      g_autofree char *lower = NULL;
      Field *field;
      guint n;

      if (name == NULL || !sonde_header_is_secret (name, profile))
        continue;

      lower = g_ascii_strdown (name, -1);
      n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, lower)) + 1;
      g_hash_table_replace (seen, g_strdup (lower), GUINT_TO_POINTER (n));

      field = g_new0 (Field, 1);
      field->field = n == 1 ? g_strdup_printf ("header:%s", lower)
                            : g_strdup_printf ("header:%s#%u", lower, n);
      field->name = g_steal_pointer (&name);
      field->value = dup_value (headers[i]);
      field->header = i;
      g_ptr_array_add (fields, field);
    }

  g_object_get (profile, "login", &login, NULL);
  if (login != NULL && login[0] != '\0' && sonde_profile_get_login_secret (profile))
    {
      Field *field = g_new0 (Field, 1);

      field->field = g_strdup ("login");
      field->name = g_strdup ("login");
      field->value = g_steal_pointer (&login);
      field->header = -1;
      g_ptr_array_add (fields, field);
    }

  return fields;
}

static gboolean
is_placeholder (const char *value)
{
  return g_str_equal (value, SONDE_SECRET_PLACEHOLDER);
}

gboolean
sonde_profile_has_placeholders (SondeProfile *profile)
{
  g_autoptr(GPtrArray) fields = NULL;

  g_return_val_if_fail (SONDE_IS_PROFILE (profile), FALSE);

  fields = collect_fields (profile);
  for (guint i = 0; i < fields->len; i++)
    if (is_placeholder (((Field *) fields->pdata[i])->value))
      return TRUE;
  return FALSE;
}

gboolean
sonde_profile_has_secret_values (SondeProfile *profile)
{
  g_autoptr(GPtrArray) fields = NULL;

  g_return_val_if_fail (SONDE_IS_PROFILE (profile), FALSE);

  fields = collect_fields (profile);
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = fields->pdata[i];

      if (!is_placeholder (field->value) && field->value[0] != '\0')
        return TRUE;
    }
  return FALSE;
}

/* GObject */

static void
sonde_secrets_finalize (GObject *object)
{
  SondeSecrets *self = (SondeSecrets *) object;

  g_clear_pointer (&self->memory, g_hash_table_unref);

  G_OBJECT_CLASS (sonde_secrets_parent_class)->finalize (object);
}

static void
sonde_secrets_class_init (SondeSecretsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_secrets_finalize;

  /**
   * SondeSecrets::unavailable:
   * @message: one sentence for people: there is no keyring, values are
   *   kept for this session only
   *
   * Emitted once, at the first failure of the secret service.
   */
  signals[UNAVAILABLE] = g_signal_new ("unavailable", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
secret_free (gpointer data)
{
  char *value = data;

  if (value != NULL)
    {
      memset (value, 0, strlen (value));
      g_free (value);
    }
}

static void
sonde_secrets_init (SondeSecrets *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, secret_free);
}

/**
 * sonde_secrets_get_default:
 *
 * Returns: (transfer none): the process's keyring access, shared by the
 *   saved connections, the window and `sonde-cli`.
 */
SondeSecrets *
sonde_secrets_get_default (void)
{
  static SondeSecrets *default_secrets;

  if (default_secrets == NULL)
    default_secrets = sonde_secrets_new ();
  return default_secrets;
}

SondeSecrets *
sonde_secrets_new (void)
{
  return g_object_new (SONDE_TYPE_SECRETS, NULL);
}

gboolean
sonde_secrets_get_available (SondeSecrets *self)
{
  g_return_val_if_fail (SONDE_IS_SECRETS (self), FALSE);
  return !self->unavailable;
}

/**
 * sonde_secrets_get_pending:
 *
 * Returns: how many keyring operations have not finished yet.
 */
guint
sonde_secrets_get_pending (SondeSecrets *self)
{
  g_return_val_if_fail (SONDE_IS_SECRETS (self), 0);
  return self->pending;
}

static void
note_failure (SondeSecrets *self,
              const GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("Secret service: %s", error->message);
  if (self->unavailable)
    return;

  self->unavailable = TRUE;
  /* Translators: %s is why the keyring could not be used. */
  message = g_strdup_printf (_("No keyring is available, so secret values are kept for this session only: %s"),
                             error->message);
  g_signal_emit (self, signals[UNAVAILABLE], 0, message);
}

static GHashTable *
make_attributes (const char *profile_id,
                 const char *field)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "profile-id", (gpointer) profile_id);
  if (field != NULL)
    g_hash_table_insert (attributes, (gpointer) "field", (gpointer) field);
  return attributes;
}

static char *
memory_key (const char *profile_id,
            const char *field)
{
  return g_strdup_printf ("%s\n%s", profile_id, field);
}

/* Every operation holds the application (when there is one), so that a
 * value saved just before the window closes still reaches the keyring. */
typedef struct
{
  SondeSecrets *self;
  GApplication *app;
  char         *profile_id;
  char         *field;
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_assert (op->self->pending > 0);
  op->self->pending--;
  g_object_unref (op->self);
  if (op->app != NULL)
    {
      g_application_release (op->app);
      g_object_unref (op->app);
    }
  g_free (op->profile_id);
  g_free (op->field);
  g_free (op);
}

static GTask *
new_op (SondeSecrets        *self,
        gpointer             source_tag,
        const char          *profile_id,
        const char          *field,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GApplication *app = g_application_get_default ();
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  op->self = g_object_ref (self);
  self->pending++;
  if (app != NULL)
    {
      op->app = g_object_ref (app);
      g_application_hold (app);
    }
  op->profile_id = g_strdup (profile_id);
  op->field = g_strdup (field);
  g_task_set_task_data (task, op, op_free);
  return task;
}

/* Store */

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SondeSecrets *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      note_failure (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * sonde_secrets_store_async:
 * @label: what the keyring's manager (Seahorse, Passwords and Keys) shows
 *
 * Keeps @value for this process at once and stores it in the keyring;
 * the finish function says whether the keyring has it.
 */
void
sonde_secrets_store_async (SondeSecrets        *self,
                           const char          *profile_id,
                           const char          *field,
                           const char          *label,
                           const char          *value,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (SONDE_IS_SECRETS (self));
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (label != NULL);
  g_return_if_fail (value != NULL);

  g_hash_table_replace (self->memory, memory_key (profile_id, field), g_strdup (value));

  task = new_op (self, sonde_secrets_store_async, profile_id, field, cancellable, callback, user_data);
  /* Attributes that live as long as the operation: libsecret reads them
   * after this call has returned. */
  attributes = make_attributes (((Op *) g_task_get_task_data (task))->profile_id,
                                ((Op *) g_task_get_task_data (task))->field);
  secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, value,
                          cancellable, store_cb, task);
}

gboolean
sonde_secrets_store_finish (SondeSecrets  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SondeSecrets *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  char *value;

  value = secret_password_lookup_finish (result, &error);
  if (value != NULL)
    {
      char *copy = g_strdup (value);

      secret_password_free (value);
      g_task_return_pointer (task, copy, secret_free);
      return;
    }

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      note_failure (self, error);
    }

  /* Not in the keyring (or no keyring): what this process was given. */
  key = memory_key (op->profile_id, op->field);
  g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->memory, key)), secret_free);
}

void
sonde_secrets_lookup_async (SondeSecrets        *self,
                            const char          *profile_id,
                            const char          *field,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (SONDE_IS_SECRETS (self));
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (field != NULL);

  task = new_op (self, sonde_secrets_lookup_async, profile_id, field, cancellable, callback, user_data);
  /* Attributes that live as long as the operation: libsecret reads them
   * after this call has returned. */
  attributes = make_attributes (((Op *) g_task_get_task_data (task))->profile_id,
                                ((Op *) g_task_get_task_data (task))->field);
  secret_password_lookupv (get_schema (), attributes, cancellable, lookup_cb, task);
}

/**
 * sonde_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when nobody
 *   knows it (an error only when cancelled). Free it with g_free().
 */
char *
sonde_secrets_lookup_finish (SondeSecrets  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clear */

static gboolean
forget_remembered (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  return g_str_has_prefix (key, user_data);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SondeSecrets *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to clear. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      note_failure (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
sonde_secrets_clear_async (SondeSecrets        *self,
                           const char          *profile_id,
                           const char          *field,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (SONDE_IS_SECRETS (self));
  g_return_if_fail (profile_id != NULL);

  if (field != NULL)
    {
      g_autofree char *key = memory_key (profile_id, field);

      g_hash_table_remove (self->memory, key);
    }
  else
    {
      g_autofree char *prefix = g_strdup_printf ("%s\n", profile_id);

      g_hash_table_foreach_remove (self->memory, forget_remembered, prefix);
    }

  task = new_op (self, sonde_secrets_clear_async, profile_id, field, cancellable, callback, user_data);
  /* Attributes that live as long as the operation: libsecret reads them
   * after this call has returned. */
  attributes = make_attributes (((Op *) g_task_get_task_data (task))->profile_id,
                                ((Op *) g_task_get_task_data (task))->field);
  secret_password_clearv (get_schema (), attributes, cancellable, clear_cb, task);
}

gboolean
sonde_secrets_clear_finish (SondeSecrets  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whole profiles: a batch of the operations above, done when the last
 * one is. */

typedef struct
{
  guint         pending;
  GError       *error;
  SondeProfile *profile;
  GHashTable   *found;      /* field → value (NULL: nobody knows it) */
  GStrv         missing;
} Batch;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_clear_error (&batch->error);
  g_clear_object (&batch->profile);
  g_clear_pointer (&batch->found, g_hash_table_unref);
  g_strfreev (batch->missing);
  g_free (batch);
}

static GTask *
new_batch (SondeSecrets        *self,
           gpointer             source_tag,
           SondeProfile        *profile,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Batch *batch = g_new0 (Batch, 1);

  g_task_set_source_tag (task, source_tag);
  /* One for the set-up itself, so that the batch cannot end before every
   * operation has been started. */
  batch->pending = 1;
  batch->profile = g_object_ref (profile);
  batch->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, secret_free);
  g_task_set_task_data (task, batch, batch_free);
  return task;
}

static void apply_found (Batch *batch);

static void
batch_done (GTask *task)
{
  Batch *batch = g_task_get_task_data (task);

  g_assert (batch->pending > 0);
  if (--batch->pending > 0)
    return;

  if (g_task_get_source_tag (task) == sonde_secrets_load_profile_async &&
      !g_task_return_error_if_cancelled (task))
    {
      apply_found (batch);
      g_task_return_boolean (task, TRUE);
    }
  else if (batch->error != NULL)
    g_task_return_error (task, g_steal_pointer (&batch->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
batch_store_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Batch *batch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && batch->error == NULL)
    batch->error = g_steal_pointer (&error);
  batch_done (task);
}

static char *
make_label (SondeProfile *profile,
            Field        *field)
{
  g_autofree char *profile_name = sonde_profile_dup_display_name (profile);

  if (field->header < 0)
    /* Translators: the keyring item of a login message; %s is the name of a saved connection. */
    return g_strdup_printf (_("Sonde: the login message of “%s”"), profile_name);
  /* Translators: a keyring item; a header name, then the name of a saved connection. */
  return g_strdup_printf (_("Sonde: the %s header of “%s”"), field->name, profile_name);
}

void
sonde_secrets_save_profile_async (SondeSecrets        *self,
                                  SondeProfile        *profile,
                                  SondeProfile        *previous,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GHashTable) kept = NULL;
  const char *id;
  GTask *task;

  g_return_if_fail (SONDE_IS_SECRETS (self));
  g_return_if_fail (SONDE_IS_PROFILE (profile));
  g_return_if_fail (previous == NULL || SONDE_IS_PROFILE (previous));

  task = new_batch (self, sonde_secrets_save_profile_async, profile, cancellable, callback, user_data);
  id = sonde_profile_get_id (profile);
  if (id == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "A profile needs an id to keep secrets");
      g_object_unref (task);
      return;
    }

  kept = g_hash_table_new (g_str_hash, g_str_equal);
  fields = collect_fields (profile);
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = fields->pdata[i];
      Batch *batch = g_task_get_task_data (task);
      g_autofree char *label = NULL;

      g_hash_table_add (kept, field->field);
      /* A placeholder is a value the keyring already has (or never had). */
      if (is_placeholder (field->value) || field->value[0] == '\0')
        continue;

      label = make_label (profile, field);
      batch->pending++;
      sonde_secrets_store_async (self, id, field->field, label, field->value, cancellable,
                                 batch_store_cb, g_object_ref (task));
    }

  if (previous != NULL && g_strcmp0 (sonde_profile_get_id (previous), id) == 0)
    {
      g_autoptr(GPtrArray) old_fields = collect_fields (previous);

      for (guint i = 0; i < old_fields->len; i++)
        {
          Field *field = old_fields->pdata[i];
          Batch *batch = g_task_get_task_data (task);

          if (g_hash_table_contains (kept, field->field))
            continue;
          batch->pending++;
          sonde_secrets_clear_async (self, id, field->field, cancellable,
                                     batch_store_cb, g_object_ref (task));
        }
    }

  batch_done (task);
  g_object_unref (task);
}

/**
 * sonde_secrets_save_profile_finish:
 *
 * Returns: whether the keyring has every value (%FALSE with the first
 *   error otherwise; this process still knows them).
 */
gboolean
sonde_secrets_save_profile_finish (SondeSecrets  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GTask *task;
  char  *field;
} Lookup;

static void
batch_lookup_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  Batch *batch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *value;

  value = sonde_secrets_lookup_finish (SONDE_SECRETS (source), result, &error);
  g_hash_table_replace (batch->found, lookup->field, value);
  g_free (lookup);
  batch_done (task);
}

/* The placeholders that were looked up become their values, or go. Done
 * on the profile as it is now, so that an edit made meanwhile stays. */
static void
apply_found (Batch *batch)
{
  g_autoptr(GPtrArray) fields = collect_fields (batch->profile);
  g_autoptr(GStrvBuilder) headers = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  g_autoptr(GPtrArray) by_header = NULL;
  const char * const *old_headers = sonde_profile_get_headers (batch->profile);
  guint n_headers = old_headers ? g_strv_length ((char **) old_headers) : 0;
  gboolean any_missing = FALSE;
  gboolean headers_changed = FALSE;
  g_autofree char *login = NULL;
  gboolean login_changed = FALSE;

  by_header = g_ptr_array_new ();
  g_ptr_array_set_size (by_header, n_headers);
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = fields->pdata[i];
      const char *value;

      if (!is_placeholder (field->value) || !g_hash_table_contains (batch->found, field->field))
        continue;

      value = g_hash_table_lookup (batch->found, field->field);
      if (value == NULL)
        {
          g_strv_builder_add (missing, field->name);
          any_missing = TRUE;
        }
      if (field->header >= 0)
        {
          by_header->pdata[field->header] = field;
          headers_changed = TRUE;
        }
      else
        {
          login = g_strdup (value);
          login_changed = TRUE;
        }
    }

  for (guint i = 0; i < n_headers; i++)
    {
      Field *field = by_header->pdata[i];
      const char *value;

      if (field == NULL)
        {
          g_strv_builder_add (headers, old_headers[i]);
          continue;
        }
      value = g_hash_table_lookup (batch->found, field->field);
      if (value != NULL)
        {
          g_autofree char *line = g_strdup_printf ("%s: %s", field->name, value);

          g_strv_builder_add (headers, line);
          memset (line, 0, strlen (line));
        }
    }

  g_object_freeze_notify (G_OBJECT (batch->profile));
  if (headers_changed)
    {
      g_auto(GStrv) strv = g_strv_builder_end (headers);

      g_object_set (batch->profile, "header", strv, NULL);
    }
  if (login_changed)
    g_object_set (batch->profile, "login", login, NULL);
  g_object_thaw_notify (G_OBJECT (batch->profile));

  if (any_missing)
    batch->missing = g_strv_builder_end (missing);
  if (login != NULL)
    memset (login, 0, strlen (login));
}

void
sonde_secrets_load_profile_async (SondeSecrets        *self,
                                  SondeProfile        *profile,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GPtrArray) fields = NULL;
  const char *id;
  GTask *task;

  g_return_if_fail (SONDE_IS_SECRETS (self));
  g_return_if_fail (SONDE_IS_PROFILE (profile));

  task = new_batch (self, sonde_secrets_load_profile_async, profile, cancellable, callback, user_data);
  id = sonde_profile_get_id (profile);
  fields = collect_fields (profile);
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = fields->pdata[i];
      Batch *batch = g_task_get_task_data (task);
      Lookup *lookup;

      if (!is_placeholder (field->value))
        continue;
      /* A profile without an id (an imported one) has nothing in the
       * keyring: its placeholders are missing values. */
      if (id == NULL)
        {
          g_hash_table_replace (batch->found, g_strdup (field->field), NULL);
          continue;
        }

      lookup = g_new0 (Lookup, 1);
      lookup->task = g_object_ref (task);
      lookup->field = g_strdup (field->field);
      batch->pending++;
      sonde_secrets_lookup_async (self, id, field->field, cancellable, batch_lookup_cb, lookup);
    }

  batch_done (task);
  g_object_unref (task);
}

/**
 * sonde_secrets_load_profile_finish:
 * @missing: (out) (optional) (transfer full): the names of the values
 *   that nobody knew and that were left out, or %NULL
 *
 * Returns: %FALSE only when cancelled.
 */
gboolean
sonde_secrets_load_profile_finish (SondeSecrets   *self,
                                   GAsyncResult   *result,
                                   char         ***missing,
                                   GError        **error)
{
  Batch *batch;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  batch = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (missing != NULL)
    *missing = g_steal_pointer (&batch->missing);
  return TRUE;
}
