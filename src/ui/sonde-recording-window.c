/* sonde-recording-window.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-detail-pane.h"
#include "sonde-filter-bar.h"
#include "sonde-find-bar.h"
#include "sonde-har-reader.h"
#include "sonde-recording-window.h"

/* A recording is kept whole up to this many events; past it the oldest
 * are dropped (and counted), as in the live log. */
#define MAX_ROWS 1000000

struct _SondeRecordingWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *window_title;
  GtkLabel             *status_label;
  GtkProgressBar       *progress_bar;
  GtkWidget            *cancel_button;
  GtkLabel             *count_label;
  SondeFindBar         *find_bar;
  GtkPaned             *detail_paned;
  SondeLogView         *log_view;

  GFile                *file;
  SondeLog             *log;
  SondeRecordingReader *reader;
  SondeHarReader       *har;          /* instead of reader, for a .har file */
  GCancellable         *cancellable;
  GSettings            *settings;
  char                 *status;
  gboolean              loading;
};

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeRecordingWindow, sonde_recording_window, ADW_TYPE_APPLICATION_WINDOW)

static void
set_status (SondeRecordingWindow *self,
            const char           *status)
{
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_label (self->status_label, status);
}

static void
progress_cb (SondeRecordingWindow *self,
             GParamSpec           *pspec,
             GObject              *reader)
{
  guint64 size = 0, done = 0;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *status = NULL;

  /* Both readers have these. */
  g_object_get (reader, "size", &size, "bytes-read", &done, NULL);
  a = g_format_size (done);
  b = g_format_size (size);

  if (!self->loading)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, size > 0 ? (double) done / size : 0.0);
  /* Translators: progress of reading a file, "1.2 MB of 40 MB". */
  status = g_strdup_printf (_("Reading… %s of %s"), a, b);
  set_status (self, status);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SondeRecordingWindow) self = user_data;
  SondeRecordingReader *reader = SONDE_RECORDING_READER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) status = g_string_new (NULL);
  gboolean ok = sonde_recording_reader_load_finish (reader, result, &error);
  guint64 skipped = sonde_recording_reader_get_n_skipped (reader);

  /* Closed while reading. */
  if (self->reader == NULL)
    return;

  self->loading = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_string_append (status, _("Stopped: only the beginning of the file was read."));
  else if (!ok)
    g_string_append (status, error->message);
  else
    {
      guint64 n = sonde_recording_reader_get_n_lines (self->reader) - skipped;
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n);

      g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "%s event read.", "%s events read.", n),
                              count);
    }
  if (skipped > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, skipped);
      g_autofree char *line = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                               sonde_recording_reader_get_first_bad_line (self->reader));

      g_string_append_c (status, ' ');
      /* Translators: lines of a recording that are not events; then the
       * number of the first one and why it was skipped. */
      g_string_append_printf (status,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%s line skipped, the first at line %s: %s",
                                           "%s lines skipped, the first at line %s: %s", skipped),
                              count, line, sonde_recording_reader_get_first_error (self->reader));
    }
  set_status (self, status->str);
}

static void
har_loaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SondeRecordingWindow) self = user_data;
  SondeHarReader *har = SONDE_HAR_READER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) status = g_string_new (NULL);
  gboolean ok = sonde_har_reader_load_finish (har, result, &error);
  guint64 skipped = sonde_har_reader_get_n_skipped (har);

  if (self->har == NULL)
    return;
  self->loading = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_string_append (status, _("Stopped: only the beginning of the file was read."));
  else if (!ok)
    g_string_append (status, error->message);
  else
    {
      guint n = sonde_har_reader_get_n_connections (har);
      g_autofree char *events = g_strdup_printf ("%u", g_list_model_get_n_items (G_LIST_MODEL (self->log)));
      g_autofree char *connections = g_strdup_printf ("%u", n);

      /* Translators: "12 events of 2 WebSocket connections read from the HAR file." */
      g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE,
                                                   "%s events of %s WebSocket connection read from the HAR file.",
                                                   "%s events of %s WebSocket connections read from the HAR file.",
                                                   n),
                              events, connections);
    }
  if (skipped > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, skipped);

      g_string_append_c (status, ' ');
      g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "%s frame skipped: %s",
                                                   "%s frames skipped, the first: %s", skipped),
                              count, sonde_har_reader_get_first_error (har));
    }
  set_status (self, status->str);
}

static void
cancel_clicked_cb (SondeRecordingWindow *self,
                   GtkButton            *button)
{
  sonde_recording_window_cancel (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  sonde_find_bar_open (SONDE_RECORDING_WINDOW (widget)->find_bar);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  sonde_find_bar_next (SONDE_RECORDING_WINDOW (widget)->find_bar,
                       g_str_equal (action_name, "win.find-previous"));
}

static void
start_loading (SondeRecordingWindow *self)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *parse_name = g_file_get_parse_name (self->file);

  adw_window_title_set_title (self->window_title, name);
  /* Translators: the subtitle of a window showing a recording. */
  adw_window_title_set_subtitle (self->window_title, _("Recording, read-only"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), parse_name);
  gtk_window_set_title (GTK_WINDOW (self), name);

  self->loading = TRUE;
  set_status (self, _("Reading…"));
  if (sonde_har_reader_is_har (self->file))
    {
      adw_window_title_set_subtitle (self->window_title, _("Browser network log (HAR), read-only"));
      self->har = sonde_har_reader_new (self->file);
      g_signal_connect_object (self->har, "notify::bytes-read", G_CALLBACK (progress_cb),
                               self, G_CONNECT_SWAPPED);
      sonde_har_reader_load_async (self->har, self->log, self->cancellable,
                                   har_loaded_cb, g_object_ref (self));
      return;
    }
  self->reader = sonde_recording_reader_new (self->file);
  g_signal_connect_object (self->reader, "notify::bytes-read", G_CALLBACK (progress_cb),
                           self, G_CONNECT_SWAPPED);
  sonde_recording_reader_load_async (self->reader, self->log, self->cancellable,
                                     loaded_cb, g_object_ref (self));
}

static void
sonde_recording_window_constructed (GObject *object)
{
  SondeRecordingWindow *self = SONDE_RECORDING_WINDOW (object);

  G_OBJECT_CLASS (sonde_recording_window_parent_class)->constructed (object);

  g_return_if_fail (self->file != NULL);
  start_loading (self);
}

/* Closed (gtk_window_destroy): stop reading, so that the read in flight
 * lets the window go. */
static void
sonde_recording_window_unrealize (GtkWidget *widget)
{
  g_cancellable_cancel (SONDE_RECORDING_WINDOW (widget)->cancellable);
  GTK_WIDGET_CLASS (sonde_recording_window_parent_class)->unrealize (widget);
}

static void
sonde_recording_window_dispose (GObject *object)
{
  SondeRecordingWindow *self = SONDE_RECORDING_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_RECORDING_WINDOW);
  g_clear_object (&self->reader);
  g_clear_object (&self->har);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (sonde_recording_window_parent_class)->dispose (object);
}

static void
sonde_recording_window_finalize (GObject *object)
{
  g_free (SONDE_RECORDING_WINDOW (object)->status);
  G_OBJECT_CLASS (sonde_recording_window_parent_class)->finalize (object);
}

static void
sonde_recording_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, SONDE_RECORDING_WINDOW (object)->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_recording_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_FILE:
      SONDE_RECORDING_WINDOW (object)->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_recording_window_class_init (SondeRecordingWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sonde_recording_window_constructed;
  object_class->dispose = sonde_recording_window_dispose;
  object_class->finalize = sonde_recording_window_finalize;
  object_class->get_property = sonde_recording_window_get_property;
  object_class->set_property = sonde_recording_window_set_property;
  widget_class->unrealize = sonde_recording_window_unrealize;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SONDE_TYPE_LOG_VIEW);
  g_type_ensure (SONDE_TYPE_DETAIL_PANE);
  g_type_ensure (SONDE_TYPE_FILTER_BAR);
  g_type_ensure (SONDE_TYPE_FIND_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-recording-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeRecordingWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SondeRecordingWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SondeRecordingWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeRecordingWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SondeRecordingWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, SondeRecordingWindow, find_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeRecordingWindow, detail_paned);
  gtk_widget_class_bind_template_child (widget_class, SondeRecordingWindow, log_view);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.find-previous", NULL);
}

static void
sonde_recording_window_init (SondeRecordingWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->log = sonde_log_new (MAX_ROWS);
  /* A recording is read from its beginning: no following the newest row. */
  g_object_set (self->log_view, "auto-scroll", FALSE, NULL);
  sonde_log_view_set_log (self->log_view, self->log);
  sonde_log_view_set_empty_text (self->log_view, _("No Events"),
                                 _("The file holds no event lines, or they are still being read."));
  g_object_bind_property (self->log_view, "summary", self->count_label, "label", G_BINDING_SYNC_CREATE);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "time-utc", self->log_view, "utc", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "time-column", self->log_view, "time-column", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "detail-pane-position", self->detail_paned, "position",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "detail-pane-orientation", self->detail_paned, "orientation",
                   G_SETTINGS_BIND_DEFAULT);
  sonde_recording_window_add_drop_target (GTK_WIDGET (self));
}

SondeRecordingWindow *
sonde_recording_window_new (GtkApplication *application,
                            GFile          *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  return g_object_new (SONDE_TYPE_RECORDING_WINDOW, "application", application, "file", file, NULL);
}

SondeRecordingWindow *
sonde_recording_window_open (GtkApplication *application,
                             GFile          *file)
{
  SondeRecordingWindow *self = sonde_recording_window_new (application, file);

  gtk_window_present (GTK_WINDOW (self));
  return self;
}

GFile *
sonde_recording_window_get_file (SondeRecordingWindow *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_WINDOW (self), NULL);
  return self->file;
}

SondeLog *
sonde_recording_window_get_log (SondeRecordingWindow *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_WINDOW (self), NULL);
  return self->log;
}

SondeLogView *
sonde_recording_window_get_log_view (SondeRecordingWindow *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_WINDOW (self), NULL);
  return self->log_view;
}

SondeRecordingReader *
sonde_recording_window_get_reader (SondeRecordingWindow *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_WINDOW (self), NULL);
  return self->reader;
}

gboolean
sonde_recording_window_get_loading (SondeRecordingWindow *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_WINDOW (self), FALSE);
  return self->loading;
}

void
sonde_recording_window_cancel (SondeRecordingWindow *self)
{
  g_return_if_fail (SONDE_IS_RECORDING_WINDOW (self));
  g_cancellable_cancel (self->cancellable);
}

const char *
sonde_recording_window_get_status (SondeRecordingWindow *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_WINDOW (self), NULL);
  return self->status;
}

/* Open Recording… */

static void
chooser_response_cb (GtkFileChooserNative *native,
                     int                   response,
                     GTask                *task)
{
  if (response == GTK_RESPONSE_ACCEPT)
    g_task_return_pointer (task, gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native)), g_object_unref);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
  g_object_unref (task);
  g_object_unref (native);
}

void
sonde_recording_chooser_present (GtkWindow           *parent,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) recordings = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GTask *task;

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, sonde_recording_chooser_present);
  native = gtk_file_chooser_native_new (_("Open Recording"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (recordings, _("Event stream (NDJSON)"));
  gtk_file_filter_add_pattern (recordings, "*.ndjson");
  gtk_file_filter_add_pattern (recordings, "*.jsonl");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), recordings);
  {
    g_autoptr(GtkFileFilter) har = gtk_file_filter_new ();

    gtk_file_filter_set_name (har, _("Browser network log (HAR)"));
    gtk_file_filter_add_pattern (har, "*.har");
    gtk_file_filter_add_pattern (har, "*.HAR");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), har);
  }
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

GFile *
sonde_recording_chooser_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Dropping files */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    sonde_recording_window_open (application, l->data);
  g_slist_free (files);
  return files != NULL;
}

void
sonde_recording_window_add_drop_target (GtkWidget *widget)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), NULL);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
}
