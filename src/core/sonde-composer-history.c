/* sonde-composer-history.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sonde-composer-history.h"
#include "sonde-json.h"

/* What the composer remembers per connection: the messages sent (newest
 * first, at most SONDE_COMPOSER_HISTORY_MAX, repeats moved to the front)
 * with a cursor for Up and Down, and named snippets (text and composer
 * mode). Kept per key — the profile's name — in one small JSON file per
 * key under `directory` ($XDG_DATA_HOME/sonde/composer by default), read
 * through sonde_json_parse() when the key is set and written when it
 * changes (at most once a second, and on flush and finalize). */

#define SAVE_DELAY_MS 1000

typedef struct
{
  char *name;
  char *text;
  char *mode;
} Snippet;

struct _SondeComposerHistory
{
  GObject    parent_instance;

  char      *directory;
  char      *key;
  GPtrArray *items;        /* char *, newest first */
  GPtrArray *snippets;     /* Snippet *, by name */
  int        cursor;       /* -1: the draft */
  char      *draft;
  guint      save_id;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeComposerHistory, sonde_composer_history, G_TYPE_OBJECT)

static void
snippet_free (gpointer data)
{
  Snippet *snippet = data;

  g_free (snippet->name);
  g_free (snippet->text);
  g_free (snippet->mode);
  g_free (snippet);
}

/* One file name per key: the key's own characters when they are safe,
 * otherwise a hash, so that no key can name a path outside the folder. */
static char *
file_for_key (SondeComposerHistory *self)
{
  g_autofree char *base = NULL;
  gboolean safe = self->key[0] != '\0' && self->key[0] != '.' && strlen (self->key) <= 64;

  for (const char *p = self->key; safe && *p; p++)
    safe = g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.';
  if (safe)
    base = g_strdup_printf ("%s.json", self->key);
  else
    {
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, self->key, -1);

      base = g_strdup_printf ("%.32s.json", sum);
    }
  return g_build_filename (self->directory, base, NULL);
}

static void
load (SondeComposerHistory *self)
{
  g_autofree char *path = file_for_key (self);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gsize length;

  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->snippets, 0);
  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;
  root = sonde_json_parse (contents, length, SONDE_JSON_MAX_PROFILE_SIZE * 16, SONDE_JSON_MAX_DEPTH, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_message ("%s: %s", path, error ? error->message : "not a JSON object");
      return;
    }
  object = json_node_get_object (root);
  if (json_object_has_member (object, "history") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "history")))
    {
      JsonArray *array = json_object_get_array_member (object, "history");

      for (guint i = 0; i < json_array_get_length (array) && self->items->len < SONDE_COMPOSER_HISTORY_MAX; i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_ptr_array_add (self->items, g_strdup (json_node_get_string (node)));
        }
    }
  if (json_object_has_member (object, "snippets") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "snippets")))
    {
      JsonArray *array = json_object_get_array_member (object, "snippets");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *o;
          Snippet *snippet;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          o = json_node_get_object (node);
          if (json_object_get_string_member_with_default (o, "name", NULL) == NULL ||
              json_object_get_string_member_with_default (o, "text", NULL) == NULL)
            continue;
          snippet = g_new0 (Snippet, 1);
          snippet->name = g_strdup (json_object_get_string_member (o, "name"));
          snippet->text = g_strdup (json_object_get_string_member (o, "text"));
          snippet->mode = g_strdup (json_object_get_string_member_with_default (o, "mode", "text"));
          g_ptr_array_add (self->snippets, snippet);
        }
    }
}

static gboolean
save (SondeComposerHistory  *self,
      GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;

  if (self->key == NULL)
    return TRUE;
  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", self->directory, g_strerror (saved));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, self->key);
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    json_builder_add_string_value (builder, self->items->pdata[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "snippets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->snippets->len; i++)
    {
      Snippet *snippet = self->snippets->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, snippet->name);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, snippet->text);
      json_builder_set_member_name (builder, "mode");
      json_builder_add_string_value (builder, snippet->mode);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, NULL);
  path = file_for_key (self);
  return g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
save_cb (gpointer data)
{
  SondeComposerHistory *self = data;
  g_autoptr(GError) error = NULL;

  self->save_id = 0;
  if (!save (self, &error))
    g_warning ("Could not save the composer history: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
changed (SondeComposerHistory *self)
{
  if (self->save_id == 0 && self->key != NULL)
    self->save_id = g_timeout_add (SAVE_DELAY_MS, save_cb, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
sonde_composer_history_finalize (GObject *object)
{
  SondeComposerHistory *self = (SondeComposerHistory *) object;

  if (self->save_id != 0)
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      save_cb (self);
    }
  g_free (self->directory);
  g_free (self->key);
  g_free (self->draft);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->snippets);

  G_OBJECT_CLASS (sonde_composer_history_parent_class)->finalize (object);
}

static void
sonde_composer_history_class_init (SondeComposerHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_composer_history_finalize;

  /**
   * SondeComposerHistory::changed:
   *
   * The history or the snippets changed, or another key was loaded.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sonde_composer_history_init (SondeComposerHistory *self)
{
  self->items = g_ptr_array_new_with_free_func (g_free);
  self->snippets = g_ptr_array_new_with_free_func (snippet_free);
  self->cursor = -1;
}

/**
 * sonde_composer_history_new:
 * @directory: (nullable): where the files go; NULL for
 *   $XDG_DATA_HOME/sonde/composer
 */
SondeComposerHistory *
sonde_composer_history_new (const char *directory)
{
  SondeComposerHistory *self = g_object_new (SONDE_TYPE_COMPOSER_HISTORY, NULL);

  self->directory = directory ? g_strdup (directory)
                              : g_build_filename (g_get_user_data_dir (), "sonde", "composer", NULL);
  return self;
}

const char *
sonde_composer_history_get_directory (SondeComposerHistory *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), NULL);
  return self->directory;
}

/**
 * sonde_composer_history_set_key:
 * @key: (nullable): the profile's name; NULL or "" for the unnamed one
 *
 * Saves what the previous key had and loads what @key has.
 */
void
sonde_composer_history_set_key (SondeComposerHistory *self,
                                const char           *key)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SONDE_IS_COMPOSER_HISTORY (self));

  if (key == NULL || *key == '\0')
    key = "default";
  if (g_strcmp0 (self->key, key) == 0)
    return;
  if (self->save_id != 0)
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      if (!save (self, &error))
        g_warning ("Could not save the composer history: %s", error->message);
    }
  g_free (self->key);
  self->key = g_strdup (key);
  load (self);
  sonde_composer_history_reset_cursor (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
sonde_composer_history_get_key (SondeComposerHistory *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), NULL);
  return self->key;
}

/**
 * sonde_composer_history_add:
 * @text: a message that was sent
 *
 * Puts @text first (moving it if it was there already) and the cursor
 * back to the draft.
 */
void
sonde_composer_history_add (SondeComposerHistory *self,
                            const char           *text)
{
  g_return_if_fail (SONDE_IS_COMPOSER_HISTORY (self));
  g_return_if_fail (text != NULL);

  sonde_composer_history_reset_cursor (self);
  if (*text == '\0' || strlen (text) > SONDE_COMPOSER_HISTORY_MAX_TEXT)
    return;
  for (guint i = 0; i < self->items->len; i++)
    if (g_str_equal (self->items->pdata[i], text))
      {
        if (i == 0)
          return;
        g_ptr_array_remove_index (self->items, i);
        break;
      }
  g_ptr_array_insert (self->items, 0, g_strdup (text));
  if (self->items->len > SONDE_COMPOSER_HISTORY_MAX)
    g_ptr_array_set_size (self->items, SONDE_COMPOSER_HISTORY_MAX);
  changed (self);
}

guint
sonde_composer_history_get_n_items (SondeComposerHistory *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), 0);
  return self->items->len;
}

/* The message sent @age sends ago (0: the last one), or NULL. */
const char *
sonde_composer_history_get_item (SondeComposerHistory *self,
                                 guint                 age)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), NULL);
  return age < self->items->len ? self->items->pdata[age] : NULL;
}

/**
 * sonde_composer_history_older:
 * @draft: what the composer holds now; kept when leaving the draft
 *
 * Up: the next older message, or NULL at the oldest (the composer then
 * keeps what it shows).
 */
const char *
sonde_composer_history_older (SondeComposerHistory *self,
                              const char           *draft)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), NULL);

  if (self->cursor + 1 >= (int) self->items->len)
    return NULL;
  if (self->cursor < 0)
    {
      g_free (self->draft);
      self->draft = g_strdup (draft ? draft : "");
    }
  self->cursor++;
  return self->items->pdata[self->cursor];
}

/**
 * sonde_composer_history_newer:
 *
 * Down: the next newer message, the draft after the newest, NULL when
 * already at the draft.
 */
const char *
sonde_composer_history_newer (SondeComposerHistory *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), NULL);

  if (self->cursor < 0)
    return NULL;
  self->cursor--;
  if (self->cursor < 0)
    return self->draft ? self->draft : "";
  return self->items->pdata[self->cursor];
}

void
sonde_composer_history_reset_cursor (SondeComposerHistory *self)
{
  g_return_if_fail (SONDE_IS_COMPOSER_HISTORY (self));

  self->cursor = -1;
  g_clear_pointer (&self->draft, g_free);
}

static int
find_snippet (SondeComposerHistory *self,
              const char           *name)
{
  for (guint i = 0; i < self->snippets->len; i++)
    if (g_str_equal (((Snippet *) self->snippets->pdata[i])->name, name))
      return i;
  return -1;
}

static int
compare_snippets (gconstpointer a,
                  gconstpointer b)
{
  const Snippet *x = *(Snippet * const *) a;
  const Snippet *y = *(Snippet * const *) b;

  return g_utf8_collate (x->name, y->name);
}

/**
 * sonde_composer_history_save_snippet:
 * @name: what the snippet is called (replaces one of that name)
 * @mode: the composer mode it is read in ("text", "json", "hex", "base64")
 *
 * Returns: %FALSE when @name is empty or @text too large
 */
gboolean
sonde_composer_history_save_snippet (SondeComposerHistory *self,
                                     const char           *name,
                                     const char           *text,
                                     const char           *mode)
{
  g_autofree char *stripped = NULL;
  Snippet *snippet;
  int at;

  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), FALSE);
  g_return_val_if_fail (name != NULL && text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0' || strlen (text) > SONDE_COMPOSER_HISTORY_MAX_TEXT)
    return FALSE;
  at = find_snippet (self, stripped);
  if (at >= 0)
    g_ptr_array_remove_index (self->snippets, at);
  snippet = g_new0 (Snippet, 1);
  snippet->name = g_steal_pointer (&stripped);
  snippet->text = g_strdup (text);
  snippet->mode = g_strdup (mode ? mode : "text");
  g_ptr_array_add (self->snippets, snippet);
  g_ptr_array_sort (self->snippets, compare_snippets);
  changed (self);
  return TRUE;
}

gboolean
sonde_composer_history_remove_snippet (SondeComposerHistory *self,
                                       const char           *name)
{
  int at;

  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  at = find_snippet (self, name);
  if (at < 0)
    return FALSE;
  g_ptr_array_remove_index (self->snippets, at);
  changed (self);
  return TRUE;
}

guint
sonde_composer_history_get_n_snippets (SondeComposerHistory *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), 0);
  return self->snippets->len;
}

/**
 * sonde_composer_history_get_snippet:
 * @text: (out) (optional): its text
 * @mode: (out) (optional): its composer mode
 *
 * Returns: (nullable): the name of the snippet at @position (by name)
 */
const char *
sonde_composer_history_get_snippet (SondeComposerHistory  *self,
                                    guint                  position,
                                    const char           **text,
                                    const char           **mode)
{
  Snippet *snippet;

  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), NULL);

  if (position >= self->snippets->len)
    return NULL;
  snippet = self->snippets->pdata[position];
  if (text != NULL)
    *text = snippet->text;
  if (mode != NULL)
    *mode = snippet->mode;
  return snippet->name;
}

/* Writes what is pending now. */
gboolean
sonde_composer_history_flush (SondeComposerHistory  *self,
                              GError               **error)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_HISTORY (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  return save (self, error);
}
