/* sonde-profile-store.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sonde-profile-store.h"
#include "sonde-secrets.h"
#include "sonde-validate.h"

/* Each saved connection is a profile file of its own, so that one broken
 * file (edited by hand, cut short by a full disk) costs that connection
 * only: loading skips it, remembers why, and keeps all the others. */

#define SLUG_MAX_LENGTH 48

typedef struct
{
  SondeProfile *profile;
  char         *path;
  char         *sort_key;
} Entry;

typedef struct
{
  char *path;
  char *message;
  char *moved_to;   /* where a bad file was moved aside, or NULL */
} LoadError;

struct _SondeProfileStore
{
  GObject    parent_instance;

  char      *directory;
  GPtrArray *entries;      /* Entry, sorted by sort_key */
  GPtrArray *load_errors;  /* LoadError */
  SondeSecrets *secrets;
};

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SondeProfileStore, sonde_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->profile);
  g_free (entry->path);
  g_free (entry->sort_key);
  g_free (entry);
}

static void
load_error_free (gpointer data)
{
  LoadError *load_error = data;

  g_free (load_error->path);
  g_free (load_error->message);
  g_free (load_error->moved_to);
  g_free (load_error);
}

/* Names sort as people read them: case does not matter, and the locale's
 * collation orders accented and non-Latin names. */
static char *
make_sort_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_utf8_collate_key (folded, -1);
}

static int
compare_entries (const Entry *a,
                 const char  *sort_key,
                 const char  *name)
{
  int result = strcmp (a->sort_key, sort_key);

  if (result != 0)
    return result;
  return strcmp (sonde_profile_get_name (a->profile), name);
}

static guint
find_position (SondeProfileStore *self,
               const char        *name,
               gboolean          *found)
{
  g_autofree char *sort_key = make_sort_key (name);
  guint low = 0;
  guint high = self->entries->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      int result = compare_entries (g_ptr_array_index (self->entries, middle), sort_key, name);

      if (result == 0)
        {
          *found = TRUE;
          return middle;
        }
      if (result < 0)
        low = middle + 1;
      else
        high = middle;
    }

  *found = FALSE;
  return low;
}

static Entry *
find_entry (SondeProfileStore *self,
            const char        *name,
            guint             *position)
{
  gboolean found = FALSE;
  guint pos;

  if (name == NULL)
    return NULL;

  pos = find_position (self, name, &found);
  if (!found)
    return NULL;
  if (position != NULL)
    *position = pos;
  return g_ptr_array_index (self->entries, pos);
}

static guint
insert_entry (SondeProfileStore *self,
              SondeProfile      *profile,
              const char        *path)
{
  Entry *entry = g_new0 (Entry, 1);
  gboolean found = FALSE;
  guint position;

  entry->profile = profile;
  entry->path = g_strdup (path);
  entry->sort_key = make_sort_key (sonde_profile_get_name (profile));
  position = find_position (self, sonde_profile_get_name (profile), &found);
  g_assert (!found);
  g_ptr_array_insert (self->entries, position, entry);
  return position;
}

static void
items_changed (SondeProfileStore *self,
               guint              position,
               guint              removed,
               guint              added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* GListModel */

static GType
sonde_profile_store_get_item_type (GListModel *model)
{
  return SONDE_TYPE_PROFILE;
}

static guint
sonde_profile_store_get_n_items (GListModel *model)
{
  return SONDE_PROFILE_STORE (model)->entries->len;
}

static gpointer
sonde_profile_store_get_item (GListModel *model,
                              guint       position)
{
  SondeProfileStore *self = SONDE_PROFILE_STORE (model);
  Entry *entry;

  if (position >= self->entries->len)
    return NULL;

  entry = g_ptr_array_index (self->entries, position);
  return g_object_ref (entry->profile);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sonde_profile_store_get_item_type;
  iface->get_n_items = sonde_profile_store_get_n_items;
  iface->get_item = sonde_profile_store_get_item;
}

/* File names */

/* A file name from @name with nothing a file system, a shell or a sync
 * tool could trip on: lower-case ASCII letters and digits, runs of
 * anything else as one "-". A name with no such character at all (a
 * Chinese name, say) gets a stable hash of itself instead. */
static char *
make_slug (const char *name)
{
  GString *slug = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = name; *p != '\0' && slug->len < SLUG_MAX_LENGTH; p++)
    {
      char c = *p;

      if (g_ascii_isalnum (c) || c == '_')
        {
          if (dash && slug->len > 0)
            g_string_append_c (slug, '-');
          g_string_append_c (slug, g_ascii_tolower (c));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }

  if (slug->len == 0)
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);

      g_string_printf (slug, "connection-%.8s", hash);
    }

  return g_string_free (slug, FALSE);
}

static gboolean
path_is_taken (SondeProfileStore *self,
               const char        *path)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_str_equal (entry->path, path))
        return TRUE;
    }

  /* A file that did not load (a broken one the user may still want to
   * repair) is never overwritten either. */
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
make_unique_path (SondeProfileStore *self,
                  const char        *name)
{
  g_autofree char *slug = make_slug (name);

  for (guint n = 1; ; n++)
    {
      g_autofree char *basename = NULL;
      g_autofree char *path = NULL;

      if (n == 1)
        basename = g_strdup_printf ("%s.json", slug);
      else
        basename = g_strdup_printf ("%s-%u.json", slug, n);
      path = g_build_filename (self->directory, basename, NULL);

      if (!path_is_taken (self, path))
        return g_steal_pointer (&path);
    }
}

/* Ids */

static gboolean
id_is_taken (SondeProfileStore *self,
             const char        *id,
             Entry             *except)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry != except && g_strcmp0 (sonde_profile_get_id (entry->profile), id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Secrets: the file holds placeholders, the keyring the values. */

static void
save_secrets_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A keyring that fails said so once ("unavailable"); this process
   * keeps the values. */
  if (!sonde_secrets_save_profile_finish (SONDE_SECRETS (source), result, &error))
    g_debug ("Secrets not saved: %s", error->message);
}

typedef struct
{
  SondeProfileStore *store;
  SondeProfile      *profile;
} Migration;

/* A file from before the keyring (or edited by hand) with a secret
 * value in it is written again with the placeholder, once the keyring
 * has the value, and never before. */
static void
migrate_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Migration *migration = user_data;
  g_autoptr(GError) error = NULL;

  if (sonde_secrets_save_profile_finish (SONDE_SECRETS (source), result, &error))
    {
      SondeProfileStore *self = migration->store;

      for (guint i = 0; i < self->entries->len; i++)
        {
          Entry *entry = g_ptr_array_index (self->entries, i);

          if (entry->profile != migration->profile)
            continue;
          if (!sonde_profile_save (entry->profile, entry->path, &error))
            g_message ("%s", error->message);
          break;
        }
    }
  else
    g_debug ("Secrets not moved to the keyring: %s", error->message);

  g_object_unref (migration->store);
  g_object_unref (migration->profile);
  g_free (migration);
}

static void
migrate_secrets (SondeProfileStore *self,
                 SondeProfile      *profile)
{
  Migration *migration = g_new0 (Migration, 1);

  migration->store = g_object_ref (self);
  migration->profile = g_object_ref (profile);
  sonde_secrets_save_profile_async (self->secrets, profile, NULL, NULL, migrate_cb, migration);
}

/* GObject */

static void
sonde_profile_store_finalize (GObject *object)
{
  SondeProfileStore *self = (SondeProfileStore *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->load_errors, g_ptr_array_unref);
  g_free (self->directory);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (sonde_profile_store_parent_class)->finalize (object);
}

static void
sonde_profile_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SondeProfileStore *self = SONDE_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->entries->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_profile_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SondeProfileStore *self = SONDE_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_free (self->directory);
      if (g_value_get_string (value) != NULL)
        self->directory = g_value_dup_string (value);
      else
        self->directory = g_build_filename (g_get_user_data_dir (), "sonde", "profiles", NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_profile_store_class_init (SondeProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_profile_store_finalize;
  object_class->get_property = sonde_profile_store_get_property;
  object_class->set_property = sonde_profile_store_set_property;

  /* NULL means the user's data folder. */
  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_profile_store_init (SondeProfileStore *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->load_errors = g_ptr_array_new_with_free_func (load_error_free);
  self->secrets = g_object_ref (sonde_secrets_get_default ());
}

/* API */

/**
 * sonde_profile_store_new:
 * @directory: (nullable): the folder of the profile files, or NULL for
 *   the user's data folder
 *
 * The store is empty until sonde_profile_store_load().
 */
SondeProfileStore *
sonde_profile_store_new (const char *directory)
{
  return g_object_new (SONDE_TYPE_PROFILE_STORE,
                       "directory", directory,
                       NULL);
}

const char *
sonde_profile_store_get_directory (SondeProfileStore *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), NULL);

  return self->directory;
}

static LoadError *
add_load_error (SondeProfileStore *self,
                const char        *path,
                const char        *message)
{
  LoadError *load_error = g_new0 (LoadError, 1);

  load_error->path = g_strdup (path);
  load_error->message = g_strdup (message);
  g_ptr_array_add (self->load_errors, load_error);
  return load_error;
}

/* Whether a file that did not load is bad in itself (its contents, its
 * size, or not a regular file at all), rather than unreadable for now (no
 * permission, an I/O error), which a later start may get past. */
static gboolean
is_bad_file (const GError *error)
{
  return error->domain != G_FILE_ERROR;
}

/* Renames @path to "@path.bad" (or "@path.N.bad" when that is taken), so
 * that it neither stops the next start nor is lost: the user can look at
 * it and repair it. A FIFO is renamed without being opened. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *target = NULL;
      GStatBuf info;

      if (n == 1)
        target = g_strdup_printf ("%s.bad", path);
      else
        target = g_strdup_printf ("%s.%u.bad", path, n);
      if (g_lstat (target, &info) == 0)
        continue;
      if (g_rename (path, target) != 0)
        {
          int saved_errno = errno;

          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return NULL;
        }
      return g_steal_pointer (&target);
    }

  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                       _("too many files of that name were moved aside already"));
  return NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * sonde_profile_store_load:
 *
 * (Re)reads every "*.json" file of the folder. A missing folder is an
 * empty store. A file that does not load is skipped and listed in the
 * load errors, and moved aside when it is bad in itself (see
 * sonde_profile_store_get_load_error_moved_to()); only a folder that
 * cannot be read fails the load.
 */
gboolean
sonde_profile_store_load (SondeProfileStore  *self,
                          GError            **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) file_names = NULL;
  guint old_n;
  const char *file_name;

  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), FALSE);

  old_n = self->entries->len;
  g_ptr_array_set_size (self->entries, 0);
  g_ptr_array_set_size (self->load_errors, 0);

  dir = g_dir_open (self->directory, 0, &local_error);
  if (dir == NULL)
    {
      gboolean missing = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

      if (old_n > 0)
        items_changed (self, 0, old_n, 0);
      if (missing)
        return TRUE;

      {
        g_autofree char *display = g_filename_display_name (self->directory);

        /* Translators: %s is a folder, then why it could not be read. */
        g_set_error (error, local_error->domain, local_error->code,
                     _("Could not read the saved connections in “%s”: %s"),
                     display, local_error->message);
      }
      return FALSE;
    }

  /* In file name order, so that of two files with the same name the
   * same one wins on every start. */
  file_names = g_ptr_array_new_with_free_func (g_free);
  while ((file_name = g_dir_read_name (dir)) != NULL)
    if (file_name[0] != '.' && g_str_has_suffix (file_name, ".json"))
      g_ptr_array_add (file_names, g_strdup (file_name));
  g_ptr_array_sort (file_names, compare_strings);

  for (guint i = 0; i < file_names->len; i++)
    {
      g_autofree char *path = g_build_filename (self->directory, file_names->pdata[i], NULL);
      g_autoptr(SondeProfile) profile = NULL;
      g_autoptr(GError) file_error = NULL;
      const char *name;

      profile = sonde_profile_new_from_file (path, &file_error);
      if (profile == NULL)
        {
          g_autoptr(GError) move_error = NULL;
          g_autofree char *moved_to = NULL;
          g_autofree char *message = NULL;

          g_debug ("Skipping a saved connection: %s", file_error->message);
          if (!is_bad_file (file_error))
            {
              add_load_error (self, path, file_error->message);
              continue;
            }

          moved_to = move_aside (path, &move_error);
          if (moved_to != NULL)
            {
              g_autofree char *display = g_filename_display_basename (moved_to);

              /* Translators: why a file did not load, then the name it now has. */
              message = g_strdup_printf (_("%s. It was moved aside to “%s”."),
                                         file_error->message, display);
            }
          else
            {
              /* Translators: why a file did not load, then why it could not be renamed. */
              message = g_strdup_printf (_("%s. It could not be moved aside: %s."),
                                         file_error->message, move_error->message);
            }
          add_load_error (self, path, message)->moved_to = g_steal_pointer (&moved_to);
          continue;
        }

      /* A file written by hand may have no name: its file name is one. */
      name = sonde_profile_get_name (profile);
      if (name == NULL || name[0] == '\0')
        {
          g_autofree char *basename = g_strndup (file_names->pdata[i],
                                                 strlen (file_names->pdata[i]) - strlen (".json"));

          sonde_profile_set_name (profile, basename);
          name = sonde_profile_get_name (profile);
        }

      if (find_entry (self, name, NULL) != NULL)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_autofree char *message = NULL;

          /* Translators: a file, then the name of a saved connection. */
          message = g_strdup_printf (_("The file “%s” is skipped: another file already saves “%s”"),
                                     display, name);
          add_load_error (self, path, message);
          continue;
        }

      /* A file from before ids gets one, written with its next save. */
      if (sonde_profile_get_id (profile) == NULL || id_is_taken (self, sonde_profile_get_id (profile), NULL))
        {
          g_autofree char *id = g_uuid_string_random ();

          sonde_profile_set_id (profile, id);
        }

      if (sonde_profile_has_secret_values (profile))
        migrate_secrets (self, profile);

      insert_entry (self, g_steal_pointer (&profile), path);
    }

  if (old_n > 0 || self->entries->len > 0)
    items_changed (self, 0, old_n, self->entries->len);

  return TRUE;
}

static gboolean
has_text (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return TRUE;
  return FALSE;
}

/**
 * sonde_profile_store_save:
 *
 * Saves a copy of @profile under its name: a new file for a new name, the
 * same file again for a name the store already has. The file is written
 * atomically, so a failure leaves the old file and the store as they were.
 */
gboolean
sonde_profile_store_save (SondeProfileStore  *self,
                          SondeProfile       *profile,
                          GError            **error)
{
  g_autoptr(SondeProfile) copy = NULL;
  g_autofree char *path = NULL;
  const char *name;
  Entry *entry;
  guint position;

  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (SONDE_IS_PROFILE (profile), FALSE);

  name = sonde_profile_get_name (profile);
  if (name == NULL || !has_text (name))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A saved connection needs a name"));
      return FALSE;
    }

  /* What would not load again (moved aside as bad at the next start) is
   * not written. */
  if (!sonde_validate_profile (profile, error))
    return FALSE;

  copy = sonde_profile_copy (profile);
  entry = find_entry (self, name, &position);
  if (entry != NULL)
    path = g_strdup (entry->path);
  else
    path = make_unique_path (self, name);

  /* The keyring finds the values by the id: the same name keeps its id,
   * a new one takes the profile's unless another saved one has it. */
  if (entry != NULL && sonde_profile_get_id (entry->profile) != NULL)
    sonde_profile_set_id (copy, sonde_profile_get_id (entry->profile));
  else if (sonde_profile_get_id (copy) == NULL || id_is_taken (self, sonde_profile_get_id (copy), entry))
    {
      g_autofree char *id = g_uuid_string_random ();

      sonde_profile_set_id (copy, id);
    }

  if (!sonde_profile_save (copy, path, error))
    return FALSE;

  sonde_secrets_save_profile_async (self->secrets, copy, entry ? entry->profile : NULL, NULL,
                                    save_secrets_cb, NULL);

  if (entry != NULL)
    {
      g_set_object (&entry->profile, copy);
      items_changed (self, position, 1, 1);
    }
  else
    {
      position = insert_entry (self, g_steal_pointer (&copy), path);
      items_changed (self, position, 0, 1);
    }

  return TRUE;
}

/**
 * sonde_profile_store_remove:
 *
 * Deletes the file of the saved connection with @profile's name. A file
 * that is already gone is no error.
 */
gboolean
sonde_profile_store_remove (SondeProfileStore  *self,
                            SondeProfile       *profile,
                            GError            **error)
{
  g_auto(GStrv) names = NULL;
  Entry *entry;
  guint position;

  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (SONDE_IS_PROFILE (profile), FALSE);

  entry = find_entry (self, sonde_profile_get_name (profile), &position);
  if (entry == NULL)
    {
      g_autofree char *name = sonde_profile_dup_display_name (profile);

      /* Translators: %s is the name of a connection. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no saved connection named “%s”"), name);
      return FALSE;
    }

  if (g_unlink (entry->path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (entry->path);

      /* Translators: a file, then why it could not be deleted. */
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not delete “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  /* Only a connection with secrets has keyring items to clear (and the
   * keyring is not even woken up for the others). */
  names = sonde_profile_dup_secret_names (entry->profile);
  if (names != NULL && sonde_profile_get_id (entry->profile) != NULL)
    sonde_secrets_clear_async (self->secrets, sonde_profile_get_id (entry->profile), NULL, NULL,
                               NULL, NULL);

  g_ptr_array_remove_index (self->entries, position);
  items_changed (self, position, 1, 0);
  return TRUE;
}

/**
 * sonde_profile_store_find:
 *
 * Returns: (transfer none) (nullable): the saved profile named @name.
 */
SondeProfile *
sonde_profile_store_find (SondeProfileStore *self,
                          const char        *name)
{
  Entry *entry;

  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), NULL);

  entry = find_entry (self, name, NULL);
  return entry ? entry->profile : NULL;
}

const char *
sonde_profile_store_get_path (SondeProfileStore *self,
                              const char        *name)
{
  Entry *entry;

  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), NULL);

  entry = find_entry (self, name, NULL);
  return entry ? entry->path : NULL;
}

guint
sonde_profile_store_get_n_load_errors (SondeProfileStore *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), 0);

  return self->load_errors->len;
}

/**
 * sonde_profile_store_get_load_error:
 * @path: (out) (optional): the file that was skipped
 *
 * Returns: why the file was skipped, one sentence.
 */
const char *
sonde_profile_store_get_load_error (SondeProfileStore  *self,
                                    guint               index,
                                    const char        **path)
{
  LoadError *load_error;

  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (index < self->load_errors->len, NULL);

  load_error = g_ptr_array_index (self->load_errors, index);
  if (path != NULL)
    *path = load_error->path;
  return load_error->message;
}

/**
 * sonde_profile_store_get_load_error_moved_to:
 *
 * Returns: (nullable): where the skipped file was moved aside ("NAME.bad"),
 *   or %NULL when it was left in place (unreadable for now, or a second
 *   file with a name that is already saved).
 */
const char *
sonde_profile_store_get_load_error_moved_to (SondeProfileStore *self,
                                             guint              index)
{
  LoadError *load_error;

  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (index < self->load_errors->len, NULL);

  load_error = g_ptr_array_index (self->load_errors, index);
  return load_error->moved_to;
}

/**
 * sonde_profile_store_set_secrets:
 *
 * Where the secret values go (by default sonde_secrets_get_default()).
 */
void
sonde_profile_store_set_secrets (SondeProfileStore *self,
                                 SondeSecrets      *secrets)
{
  g_return_if_fail (SONDE_IS_PROFILE_STORE (self));
  g_return_if_fail (SONDE_IS_SECRETS (secrets));

  g_set_object (&self->secrets, secrets);
}

SondeSecrets *
sonde_profile_store_get_secrets (SondeProfileStore *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), NULL);
  return self->secrets;
}

/**
 * sonde_profile_store_import:
 * @path: a profile file, as sonde_profile_export() writes it
 *
 * Saves the profile in @path as a new saved connection: with an id of its
 * own, and under a name no other one has ("Name (2)"…). Its secret
 * values, left out of such files, stay placeholders until typed again.
 *
 * Returns: (transfer none) (nullable): the saved profile.
 */
SondeProfile *
sonde_profile_store_import (SondeProfileStore  *self,
                            const char         *path,
                            GError            **error)
{
  g_autoptr(SondeProfile) profile = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  profile = sonde_profile_new_from_file (path, error);
  if (profile == NULL)
    return NULL;

  sonde_profile_set_id (profile, NULL);
  name = sonde_profile_dup_display_name (profile);
  if (!has_text (name))
    {
      g_free (name);
      name = g_path_get_basename (path);
      if (g_str_has_suffix (name, ".json"))
        name[strlen (name) - strlen (".json")] = '\0';
    }
  if (find_entry (self, name, NULL) != NULL)
    {
      for (guint n = 2; ; n++)
        {
          g_autofree char *numbered = g_strdup_printf ("%s (%u)", name, n);

          if (find_entry (self, numbered, NULL) == NULL)
            {
              g_free (name);
              name = g_steal_pointer (&numbered);
              break;
            }
        }
    }
  sonde_profile_set_name (profile, name);

  if (!sonde_profile_store_save (self, profile, error))
    return NULL;
  return sonde_profile_store_find (self, name);
}
