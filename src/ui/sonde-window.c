/* sonde-window.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-bench-hooks.h"
#include "sonde-composer-bar.h"
#include "sonde-detail-pane.h"
#include "sonde-export-chooser.h"
#include "sonde-filter-bar.h"
#include "sonde-find-bar.h"
#include "sonde-first-run.h"
#include "sonde-log-view.h"
#include "sonde-notifier.h"
#include "sonde-ndjson-chooser.h"
#include "sonde-record-chooser.h"
#include "sonde-replay-bar.h"
#include "sonde-recording-window.h"
#include "sonde-save-dialog.h"
#include "sonde-stats-panel.h"
#include "sonde-secrets.h"
#include "sonde-status-bar.h"
#include "sonde-wrap-box.h"
#include "sonde-window-private.h"

/* The monitor window: an address entry, the connection's state and
 * counters (SondeStatusBar), the live log (SondeLogView) and a composer
 * (SondeComposerBar), a thin front end over one SondeSession. The session
 * makes and retires connections, keeps the outbox, feeds the SondeLog and
 * records; the window turns actions into session calls, shows the
 * session's current connection ("connection", bound to the status bar),
 * keeps the saved connections and says things in toasts. Title and
 * actions change only when what they show changes. */

struct _SondeWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkEntry             *url_entry;
  GtkWidget            *connect_button;
  GtkWidget            *disconnect_button;
  GtkWidget            *status_row;
  SondeStatusBar       *status_bar;
  GtkLabel             *count_label;
  GtkSearchEntry       *search_entry;
  SondeLogView         *log_view;
  SondeFindBar         *find_bar;
  GtkPaned             *detail_paned;
  SondeDetailPane      *detail_pane;
  SondeComposerBar     *composer;
  SondeReplayBar       *replay_bar;
  GtkMenuButton        *saved_button;
  SondeSavedPopover    *saved_popover;
  AdwFlap              *stats_flap;
  SondeStatsPanel      *stats_panel;
  SondeNotifier        *notifier;
  GBinding             *focus_binding;  /* is-active → notifier's focused */
  GtkWidget            *first_run;    /* until the first connection, when nothing is configured */

  GSettings            *settings;
  SondeProfile         *profile;
  SondeSession         *session;
  SondeConnection      *watched;      /* the session's connection, for reconnect-due */
  GSimpleAction        *record_action;
  SondeProfileStore    *store;

  SondeLog             *log;

  AdwToast             *error_toast;
  char                 *last_toast;
  char                 *title;
  /* What the actions show, so that they are set only when it changes. */
  int                   shown_active;
  int                   shown_reconnect;
  int                   shown_has_events;
};

G_DEFINE_FINAL_TYPE (SondeWindow, sonde_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Toasts */

static void
error_toast_dismissed_cb (SondeWindow *self,
                          AdwToast    *toast)
{
  if (self->error_toast == toast)
    self->error_toast = NULL;
}

static void
show_toast (SondeWindow *self,
            const char  *message,
            gboolean     is_error)
{
  g_autofree char *escaped = NULL;

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  /* A connection that keeps failing while reconnecting would stack a toast
   * per attempt: update the visible one instead. */
  /* Toast titles are markup in libadwaita 1.2; messages are plain text. */
  escaped = g_markup_escape_text (message, -1);

  if (is_error && self->error_toast != NULL)
    {
      adw_toast_set_title (self->error_toast, escaped);
      return;
    }

  {
    AdwToast *toast = adw_toast_new (escaped);

    adw_toast_set_timeout (toast, is_error ? 6 : 3);
    if (is_error)
      {
        self->error_toast = toast;
        g_signal_connect_object (toast, "dismissed",
                                 G_CALLBACK (error_toast_dismissed_cb),
                                 self, G_CONNECT_SWAPPED);
      }
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }
}

void
sonde_window_show_message (SondeWindow *self,
                           const char  *message)
{
  g_return_if_fail (SONDE_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  show_toast (self, message, FALSE);
}

void
sonde_window_show_error (SondeWindow *self,
                         const char  *message)
{
  g_return_if_fail (SONDE_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  show_toast (self, message, TRUE);
}

/* Title and actions */

static void
update_actions (SondeWindow *self)
{
  SondeConnection *connection = sonde_session_get_connection (self->session);
  gboolean active = sonde_session_get_active (self->session);
  gboolean reconnect_pending = connection != NULL &&
                               sonde_connection_get_reconnect_due (connection) != 0;
  gboolean has_events = g_list_model_get_n_items (G_LIST_MODEL (self->log)) > 0;

  if (active != self->shown_active)
    {
      self->shown_active = active;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.disconnect", active);
      /* Only the button for what the user most likely wants next is shown,
       * which keeps the header bar narrow (Enter in the address entry still
       * connects elsewhere while connected). */
      gtk_widget_set_visible (self->connect_button, !active);
      gtk_widget_set_visible (self->disconnect_button, active);
    }
  if (reconnect_pending != self->shown_reconnect)
    {
      self->shown_reconnect = reconnect_pending;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reconnect-now", reconnect_pending);
    }
  if (has_events != self->shown_has_events)
    {
      self->shown_has_events = has_events;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-log", has_events);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-log", has_events);
    }
}

static void
update_title (SondeWindow *self)
{
  SondeConnection *connection = sonde_session_get_connection (self->session);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (connection == NULL)
    return;
  name = sonde_profile_dup_display_name (sonde_connection_get_profile (connection));
  title = g_strdup_printf ("%s — %s", name, _("Sonde"));
  if (g_strcmp0 (title, self->title) == 0)
    return;
  gtk_window_set_title (GTK_WINDOW (self), title);
  g_free (self->title);
  self->title = g_steal_pointer (&title);
}

static void
session_connection_cb (SondeWindow  *self,
                       GParamSpec   *pspec,
                       SondeSession *session)
{
  SondeConnection *connection = sonde_session_get_connection (session);

  if (self->watched != connection)
    {
      if (self->watched != NULL)
        g_signal_handlers_disconnect_by_data (self->watched, self);
      g_set_object (&self->watched, connection);
      if (connection != NULL)
        g_signal_connect_object (connection, "notify::reconnect-due", G_CALLBACK (update_actions),
                                 self, G_CONNECT_SWAPPED);
    }
  update_title (self);
  update_actions (self);
  if (connection != NULL && self->notifier != NULL)
    {
      g_autofree char *name = sonde_profile_dup_display_name (sonde_connection_get_profile (connection));

      sonde_notifier_set_name (self->notifier, name);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/* Log */

static void
search_changed_cb (SondeWindow    *self,
                   GtkSearchEntry *entry)
{
  sonde_log_view_set_search_text (self->log_view, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Connection */

static void
session_error_cb (SondeWindow  *self,
                  const char   *message,
                  SondeSession *session)
{
  show_toast (self, message && *message ? message : _("The connection failed"), TRUE);
}

static void
session_write_failed_cb (SondeWindow  *self,
                         gboolean      recording,
                         const char   *message,
                         SondeSession *session)
{
  show_toast (self, message, TRUE);
}

static void
connect_to (SondeWindow *self,
            const char  *url)
{
  g_autoptr(SondeProfile) profile = NULL;

  profile = sonde_profile_copy (self->profile);
  sonde_profile_set_url (profile, url);
  sonde_session_set_profile (self->session, profile);

  /* A URL that cannot even be tried is an error event in the log and a
   * toast (the session's "error"); nothing else to do here. */
  sonde_session_connect (self->session, NULL);

  g_settings_set_string (self->settings, "last-url", url);
  update_title (self);
  update_actions (self);
}

void
sonde_window_connect (SondeWindow *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (SONDE_IS_WINDOW (self));

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_entry))));
  if (*url == '\0')
    {
      show_toast (self, _("Type a WebSocket address first, like ws://127.0.0.1:8765/ws"), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
      return;
    }

  connect_to (self, url);
}

static void
url_activate_cb (SondeWindow *self,
                 GtkEntry    *entry)
{
  sonde_window_connect (self);
}

/* Actions */

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  sonde_window_connect (SONDE_WINDOW (widget));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  sonde_session_disconnect (SONDE_WINDOW (widget)->session);
}

static void
reconnect_now_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  sonde_session_reconnect_now (SONDE_WINDOW (widget)->session);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  sonde_composer_bar_send (SONDE_WINDOW (widget)->composer);
}

static void
clear_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SondeWindow *self = SONDE_WINDOW (widget);

  sonde_log_clear (self->log);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SondeWindow *self = SONDE_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sonde_export_chooser_finish (result, &error);
  g_autofree char *message = NULL;

  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      /* Translators: %s is a file name. */
      message = g_strdup_printf (_("Log exported to %s"), name);
      show_toast (self, message, FALSE);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s is why the export failed. */
      message = g_strdup_printf (_("Could not export the log: %s"), error->message);
      show_toast (self, message, TRUE);
    }
}

static void
export_log_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SondeWindow *self = SONDE_WINDOW (widget);

  sonde_export_chooser_present (GTK_WINDOW (self), G_LIST_MODEL (self->log), export_done_cb, NULL);
}

static void
replay_response_cb (GtkNativeDialog *native,
                    int              response,
                    SondeWindow     *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (file != NULL)
    sonde_replay_bar_start (self->replay_bar, file);
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

/* The recording's outbound messages go to this window's server again,
 * with their timing (SondeReplay, as `sonde-cli replay`). */
static void
replay_recording_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  SondeWindow *self = SONDE_WINDOW (widget);
  GtkFileChooserNative *native =
    sonde_ndjson_chooser_new_open (GTK_WINDOW (self), _("Replay Recording"), _("_Replay"));

  g_signal_connect_object (native, "response", G_CALLBACK (replay_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Pairing (docs/events.md): from a reply to its request, from a request
 * to its reply, from a no-reply to the request that waited. */
static void
go_to_pair_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SondeWindow *self = SONDE_WINDOW (widget);
  SondeEvent *event = sonde_log_view_get_selected_event (self->log_view);
  const char *name;
  guint64 target = 0;

  if (event == NULL)
    return;
  name = sonde_event_get_name (event);
  if (sonde_event_has_field (event, "reply_to"))
    target = sonde_event_get_int (event, "reply_to", 0);
  else if (g_str_equal (name, SONDE_EVENT_NO_REPLY))
    target = sonde_event_get_int (event, "request_seq", 0);
  else if (g_str_equal (name, SONDE_EVENT_MESSAGE) &&
           g_strcmp0 (sonde_event_get_string (event, "direction"), "out") == 0)
    target = sonde_log_find_reply (self->log, sonde_event_get_int (event, "seq", 0));

  if (target == 0)
    show_toast (self, _("This row has no paired request or reply"), FALSE);
  else if (!sonde_log_view_select_seq (self->log_view, target))
    show_toast (self, _("The paired row is not shown: the filters hide it, or the log no longer holds it"), FALSE);
}

static void
replay_message_cb (SondeReplayBar *bar,
                   const char     *message,
                   SondeWindow    *self)
{
  show_toast (self, message, FALSE);
}

static void
replay_error_cb (SondeReplayBar *bar,
                 const char     *message,
                 SondeWindow    *self)
{
  show_toast (self, message, TRUE);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SondeWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = sonde_save_dialog_finish (result, &error);
  g_autofree char *message = NULL;

  if (name == NULL)
    return;
  if (sonde_window_save_connection (self, name, &error))
    /* Translators: %s is the name of a saved connection. */
    message = g_strdup_printf (_("Connection saved as “%s”"), name);
  else
    /* Translators: %s is why the connection could not be saved. */
    message = g_strdup_printf (_("Could not save the connection: %s"), error->message);
  show_toast (self, message, FALSE);
}

static void
save_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  SondeWindow *self = SONDE_WINDOW (widget);
  g_autofree char *url = g_strstrip (g_strdup (sonde_window_get_url (self)));

  if (*url == '\0')
    {
      show_toast (self, _("Type a WebSocket address first, like ws://127.0.0.1:8765/ws"), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
      return;
    }

  sonde_save_dialog_present (GTK_WINDOW (self), self->profile, url, self->store, save_done_cb,
                             g_object_ref (self));
}

static void
show_saved_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  gtk_menu_button_popup (SONDE_WINDOW (widget)->saved_button);
}

static void
saved_profile_activated_cb (SondeWindow       *self,
                            SondeProfile      *profile,
                            SondeSavedPopover *popover)
{
  sonde_window_open_profile (self, profile);
}

static void
stop_recording_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  sonde_window_stop_recording (SONDE_WINDOW (widget));
}

static void
record_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SondeWindow *self = SONDE_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sonde_record_chooser_finish (result, &error);
  g_autofree char *message = NULL;

  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      /* Translators: %s is a file name. */
      message = g_strdup_printf (_("Recording every event to %s"), name);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: %s is why the record file could not be opened. */
    message = g_strdup_printf (_("Could not record: %s"), error->message);
  if (message != NULL)
    show_toast (self, message, FALSE);
}

static void
record_change_state_cb (SondeWindow   *self,
                        GVariant      *state,
                        GSimpleAction *action)
{
  /* The state follows the recording, not the request: it turns on once a
   * file is chosen and open. */
  if (g_variant_get_boolean (state))
    {
      if (sonde_session_get_record_path (self->session) == NULL)
        sonde_record_chooser_present (GTK_WINDOW (self), self->session, record_done_cb, NULL);
    }
  else
    sonde_window_stop_recording (self);
}

static void
update_recording (SondeWindow *self)
{
  const char *path = sonde_session_get_record_path (self->session);

  g_simple_action_set_state (self->record_action, g_variant_new_boolean (path != NULL));
  sonde_status_bar_set_record_path (self->status_bar, path);
}

static void
secrets_unavailable_cb (SondeWindow *self,
                        const char  *message)
{
  show_toast (self, message, TRUE);
}

/* The first-run page takes the log's place while nothing is configured
 * (no address used before, no saved connection), and goes for good with
 * the first connection. */
/* The widget that holds the log in the window's main box: the log view,
 * or the pane that puts the details beside it. */
static GtkWidget *
log_slot (SondeWindow *self)
{
  GtkWidget *slot = GTK_WIDGET (self->log_view);

  while (gtk_widget_get_parent (slot) != NULL && !GTK_IS_BOX (gtk_widget_get_parent (slot)))
    slot = gtk_widget_get_parent (slot);
  return gtk_widget_get_parent (slot) != NULL ? slot : NULL;
}

static void
hide_first_run (SondeWindow *self)
{
  if (self->first_run == NULL)
    return;
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->first_run)), self->first_run);
  self->first_run = NULL;
  gtk_widget_set_visible (log_slot (self), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->log_view), TRUE);
}

static void
url_changed_cb (SondeWindow *self,
                GtkEditable *entry)
{
  if (gtk_editable_get_text (entry)[0] != '\0')
    hide_first_run (self);
}

static void
maybe_show_first_run (SondeWindow *self)
{
  g_autofree char *last_url = g_settings_get_string (self->settings, "last-url");
  GtkWidget *slot = log_slot (self);

  if (last_url[0] != '\0' || g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0 ||
      sonde_profile_store_get_n_load_errors (self->store) > 0 || slot == NULL)
    return;

  self->first_run = sonde_first_run_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (slot)), self->first_run, slot);
  gtk_widget_set_visible (slot, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->log_view), FALSE);
  g_signal_connect_object (self->session, "notify::connection", G_CALLBACK (hide_first_run),
                           self, G_CONNECT_SWAPPED);
  /* An address typed or set (a profile from the command line) is
   * something configured too. */
  g_signal_connect_object (self->url_entry, "changed", G_CALLBACK (url_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
load_saved_connections (SondeWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint n_errors;

  if (!sonde_profile_store_load (self->store, &error))
    {
      show_toast (self, error->message, TRUE);
      return;
    }

  /* The details go to the terminal; the toast says what it means. */
  n_errors = sonde_profile_store_get_n_load_errors (self->store);
  for (guint i = 0; i < n_errors; i++)
    g_message ("%s", sonde_profile_store_get_load_error (self->store, i, NULL));

  if (n_errors == 1)
    {
      const char *path = NULL;
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;

      const char *moved_to;

      sonde_profile_store_get_load_error (self->store, 0, &path);
      moved_to = sonde_profile_store_get_load_error_moved_to (self->store, 0);
      name = g_filename_display_basename (path);
      if (moved_to != NULL)
        {
          g_autofree char *moved_name = g_filename_display_basename (moved_to);

          /* Translators: two file names in the saved connections folder. */
          message = g_strdup_printf (_("The saved connection file “%s” could not be read and was moved aside to “%s”"),
                                     name, moved_name);
        }
      else
        /* Translators: %s is a file name in the saved connections folder. */
        message = g_strdup_printf (_("The saved connection file “%s” could not be read and is skipped"), name);
      show_toast (self, message, TRUE);
    }
  else if (n_errors > 1)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (ngettext ("%u saved connection file could not be read and is skipped",
                                           "%u saved connection files could not be read and are skipped",
                                           n_errors),
                                 n_errors);
      show_toast (self, message, TRUE);
    }
}

static void
focus_url_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SondeWindow *self = SONDE_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
}

static void
focus_composer_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SondeWindow *self = SONDE_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SondeWindow *self = SONDE_WINDOW (widget);

  sonde_find_bar_open (self->find_bar);
}

static void
recording_chosen_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SondeWindow *self = SONDE_WINDOW (source);
  g_autoptr(GFile) file = sonde_recording_chooser_finish (result, NULL);

  if (file != NULL)
    sonde_recording_window_open (gtk_window_get_application (GTK_WINDOW (self)), file);
}

static void
open_recording_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  sonde_recording_chooser_present (GTK_WINDOW (widget), recording_chosen_cb, NULL);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SondeWindow *self = SONDE_WINDOW (widget);

  sonde_find_bar_next (self->find_bar, g_str_equal (action_name, "win.find-previous"));
}

/* Notifications */

static const struct {
  const char *key;
  const char *signal;
  guint       kind;
} notify_keys[] = {
  { "notify-drop", "changed::notify-drop", SONDE_NOTIFY_DROP },
  { "notify-gave-up", "changed::notify-gave-up", SONDE_NOTIFY_GAVE_UP },
  { "notify-heartbeat-missed", "changed::notify-heartbeat-missed", SONDE_NOTIFY_HEARTBEAT_MISSED },
};

static void
update_notify_kinds (SondeWindow *self)
{
  guint kinds = 0;

  for (guint i = 0; i < G_N_ELEMENTS (notify_keys); i++)
    if (g_settings_get_boolean (self->settings, notify_keys[i].key))
      kinds |= notify_keys[i].kind;
  sonde_notifier_set_kinds (self->notifier, kinds);
}

/**
 * sonde_window_show_target:
 * @target: the target of a notification's `app.show-tab`
 *
 * Returns: whether the session the notification is about is this
 *   window's (it is then shown)
 */
gboolean
sonde_window_show_target (SondeWindow *self,
                          const char  *target)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (self->notifier == NULL || g_strcmp0 (sonde_notifier_get_target (self->notifier), target) != 0)
    return FALSE;
  gtk_window_present (GTK_WINDOW (self));
  return TRUE;
}

SondeNotifier *
sonde_window_get_notifier (SondeWindow *self)
{
  return self->notifier;
}

GBinding *
sonde_window_get_focus_binding (SondeWindow *self)
{
  return self->focus_binding;
}

/* Statistics */

static void
stats_revealed_cb (SondeWindow *self,
                   GParamSpec  *pspec,
                   AdwFlap     *flap)
{
  /* A narrow window folds the pane away by itself: that is no choice of
   * the user's to remember. */
  if (!adw_flap_get_folded (flap))
    g_settings_set_boolean (self->settings, "show-stats", adw_flap_get_reveal_flap (flap));
}

static void
timeline_activated_cb (SondeWindow     *self,
                       guint64          seq,
                       SondeStatsPanel *panel)
{
  sonde_window_select_seq (self, seq);
}

/**
 * sonde_window_select_seq:
 * @seq: the seq of a record of the session
 *
 * Shows the record with @seq in the log (the timeline's click).
 *
 * Returns: whether the log still holds it
 */
gboolean
sonde_window_select_seq (SondeWindow *self,
                         guint64      seq)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), FALSE);

  if (!sonde_log_view_select_seq (self->log_view, seq))
    {
      show_toast (self, _("That event is no longer in the log"), FALSE);
      return FALSE;
    }
  /* On a narrow window the pane covers the log: get it out of the way. */
  if (adw_flap_get_folded (self->stats_flap))
    adw_flap_set_reveal_flap (self->stats_flap, FALSE);
  return TRUE;
}

/* GObject */

static void
sonde_window_dispose (GObject *object)
{
  SondeWindow *self = (SondeWindow *)object;

  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_clear_object (&self->watched);
  g_clear_object (&self->notifier);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      /* Closes the connection cleanly and the recording. */
      g_clear_object (&self->session);
    }
  /* The settings action outlives the window in GSettings' signal
   * handlers: take it out of the action map while the map is alive. */
  if (self->record_action != NULL)
    {
      g_action_map_remove_action (G_ACTION_MAP (self), "hide-heartbeats");
      g_action_map_remove_action (G_ACTION_MAP (self), "show-stats");
      g_action_map_remove_action (G_ACTION_MAP (self), "record");
    }
  g_clear_object (&self->record_action);

  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_WINDOW);

  g_clear_object (&self->log);
  g_clear_object (&self->profile);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  self->error_toast = NULL;

  G_OBJECT_CLASS (sonde_window_parent_class)->dispose (object);
}

static void
sonde_window_finalize (GObject *object)
{
  SondeWindow *self = (SondeWindow *)object;

  g_free (self->last_toast);
  g_free (self->title);

  G_OBJECT_CLASS (sonde_window_parent_class)->finalize (object);
}

static void
sonde_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SondeWindow *self = SONDE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_CONNECTION:
      g_value_set_object (value, sonde_session_get_connection (self->session));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SondeWindow *self = SONDE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      sonde_window_set_profile (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_window_class_init (SondeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_window_dispose;
  object_class->finalize = sonde_window_finalize;
  object_class->get_property = sonde_window_get_property;
  object_class->set_property = sonde_window_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         SONDE_TYPE_PROFILE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The current connection: the one the composer sends on and the
   * status bar shows, NULL before the first connect. */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SONDE_TYPE_CONNECTION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SONDE_TYPE_COMPOSER_BAR);
  g_type_ensure (SONDE_TYPE_LOG_VIEW);
  g_type_ensure (SONDE_TYPE_REPLAY_BAR);
  g_type_ensure (SONDE_TYPE_DETAIL_PANE);
  g_type_ensure (SONDE_TYPE_FILTER_BAR);
  g_type_ensure (SONDE_TYPE_FIND_BAR);
  g_type_ensure (SONDE_TYPE_SAVED_POPOVER);
  g_type_ensure (SONDE_TYPE_STATUS_BAR);
  g_type_ensure (SONDE_TYPE_STATS_PANEL);
  g_type_ensure (SONDE_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, url_entry);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, status_row);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, find_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, detail_paned);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, composer);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, replay_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, saved_button);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, saved_popover);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, stats_flap);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, stats_panel);
  gtk_widget_class_bind_template_callback (widget_class, url_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, saved_profile_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect-now", NULL, reconnect_now_action);
  gtk_widget_class_install_action (widget_class, "win.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "win.clear-log", NULL, clear_log_action);
  gtk_widget_class_install_action (widget_class, "win.export-log", NULL, export_log_action);
  gtk_widget_class_install_action (widget_class, "win.replay-recording", NULL, replay_recording_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-pair", NULL, go_to_pair_action);
  gtk_widget_class_install_action (widget_class, "win.focus-url", NULL, focus_url_action);
  gtk_widget_class_install_action (widget_class, "win.focus-composer", NULL, focus_composer_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.open-recording", NULL, open_recording_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.save-connection", NULL, save_connection_action);
  gtk_widget_class_install_action (widget_class, "win.show-saved", NULL, show_saved_action);
  gtk_widget_class_install_action (widget_class, "win.stop-recording", NULL, stop_recording_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.disconnect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reconnect-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.clear-log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "win.go-to-pair", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.replay-recording", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "win.focus-url", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_ALT_MASK, "win.focus-url", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.focus-composer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open-recording", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-connection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.show-saved", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-stats", NULL);
}

static void
sonde_window_init (SondeWindow *self)
{
  g_autoptr(GAction) hide_heartbeats = NULL;
  g_autoptr(GPropertyAction) show_stats = NULL;
  g_autofree char *last_url = NULL;

  self->profile = sonde_profile_new ();
  self->session = sonde_session_new (self->profile);
  self->shown_active = self->shown_reconnect = self->shown_has_events = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  sonde_bench_hooks_attach (GTK_WINDOW (self));

  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  /* The log and its filters. */
  self->log = sonde_log_new (g_settings_get_uint (self->settings, "max-log-rows"));
  g_settings_bind (self->settings, "max-log-rows", self->log, "max-items", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->log, "notify::n-items", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  sonde_session_set_log (self->session, self->log);
  sonde_log_view_set_log (self->log_view, self->log);

  g_signal_connect_object (self->session, "notify::connection", G_CALLBACK (session_connection_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::active", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::record-path", G_CALLBACK (update_recording),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "error", G_CALLBACK (session_error_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "write-failed", G_CALLBACK (session_write_failed_cb),
                           self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "hide-heartbeats", self->log_view, "hide-heartbeats", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "auto-scroll", self->log_view, "auto-scroll", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "time-utc", self->log_view, "utc", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "detail-pane-position", self->detail_paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "time-column", self->log_view, "time-column", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "fold-heartbeats", self->log_view, "fold-heartbeats", G_SETTINGS_BIND_GET);
  {
    g_autoptr(GAction) fold = g_settings_create_action (self->settings, "fold-heartbeats");
    g_autoptr(GAction) placement = g_settings_create_action (self->settings, "detail-pane-orientation");

    g_action_map_add_action (G_ACTION_MAP (self), fold);
    g_action_map_add_action (G_ACTION_MAP (self), placement);
  }
  {
    g_autoptr(GAction) time_column = g_settings_create_action (self->settings, "time-column");
    g_autoptr(GAction) time_utc = g_settings_create_action (self->settings, "time-utc");

    g_action_map_add_action (G_ACTION_MAP (self), time_column);
    g_action_map_add_action (G_ACTION_MAP (self), time_utc);
  }
  sonde_recording_window_add_drop_target (GTK_WIDGET (self));
  g_settings_bind (self->settings, "detail-pane-orientation", self->detail_paned, "orientation", G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self->log_view, "summary", self->count_label, "label", G_BINDING_SYNC_CREATE);

  hide_heartbeats = g_settings_create_action (self->settings, "hide-heartbeats");
  g_action_map_add_action (G_ACTION_MAP (self), hide_heartbeats);

  /* The statistics pane: shown at start as the setting says; beside the
   * log when there is room, over it (folded) when the window is narrow. */
  adw_flap_set_reveal_flap (self->stats_flap, g_settings_get_boolean (self->settings, "show-stats"));
  show_stats = g_property_action_new ("show-stats", self->stats_flap, "reveal-flap");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_stats));
  g_signal_connect_object (self->stats_flap, "notify::reveal-flap", G_CALLBACK (stats_revealed_cb),
                           self, G_CONNECT_SWAPPED);
  sonde_stats_panel_set_session (self->stats_panel, self->session);
  g_signal_connect_object (self->stats_panel, "timeline-activated", G_CALLBACK (timeline_activated_cb),
                           self, G_CONNECT_SWAPPED);

  /* Notifications while the window is in the background. */
  {
    static guint serial;
    g_autofree char *target = g_strdup_printf ("session-%u", ++serial);

    self->notifier = sonde_notifier_new (self->session, target);
    self->focus_binding = g_object_bind_property (self, "is-active", self->notifier, "focused",
                                                  G_BINDING_SYNC_CREATE);
    for (guint i = 0; i < G_N_ELEMENTS (notify_keys); i++)
      g_signal_connect_object (self->settings, notify_keys[i].signal, G_CALLBACK (update_notify_kinds),
                               self, G_CONNECT_SWAPPED);
    update_notify_kinds (self);
  }

  /* "Record to File": on asks for a file, off closes it. */
  self->record_action = g_simple_action_new_stateful ("record", NULL, g_variant_new_boolean (FALSE));
  g_signal_connect_object (self->record_action, "change-state", G_CALLBACK (record_change_state_cb),
                           self, G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (self->record_action));

  /* The saved connections, their secrets said once to be for this
   * session only when there is no keyring. */
  g_signal_connect_object (sonde_secrets_get_default (), "unavailable",
                           G_CALLBACK (secrets_unavailable_cb), self, G_CONNECT_SWAPPED);
  self->store = sonde_profile_store_new (NULL);
  sonde_saved_popover_set_store (self->saved_popover, self->store);
  load_saved_connections (self);
  maybe_show_first_run (self);

  /* The composer. */
  g_settings_bind (self->settings, "composer-mode", self->composer, "mode", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "composer-multiline", self->composer, "multiline", G_SETTINGS_BIND_DEFAULT);
  {
    g_autoptr(SondeComposerHistory) history = sonde_composer_history_new (NULL);

    sonde_composer_bar_set_history (self->composer, history);
  }
  g_object_set (self->composer, "session", self->session, NULL);
  sonde_replay_bar_set_session (self->replay_bar, self->session);
  g_signal_connect_object (self->replay_bar, "finished", G_CALLBACK (replay_message_cb), self, 0);
  g_signal_connect_object (self->replay_bar, "error", G_CALLBACK (replay_error_cb), self, 0);
  g_object_bind_property (self, "connection", self->status_bar, "connection", G_BINDING_SYNC_CREATE);

  last_url = g_settings_get_string (self->settings, "last-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), last_url);

  update_actions (self);
}

SondeWindow *
sonde_window_new (GtkApplication *application)
{
  return g_object_new (SONDE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

SondeProfile *
sonde_window_get_profile (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), NULL);

  return self->profile;
}

void
sonde_window_set_profile (SondeWindow  *self,
                          SondeProfile *profile)
{
  g_return_if_fail (SONDE_IS_WINDOW (self));
  g_return_if_fail (SONDE_IS_PROFILE (profile));

  if (!g_set_object (&self->profile, profile))
    return;

  if (sonde_profile_get_url (profile) != NULL)
    sonde_window_set_url (self, sonde_profile_get_url (profile));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

const char *
sonde_window_get_url (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->url_entry));
}

void
sonde_window_set_url (SondeWindow *self,
                      const char  *url)
{
  g_return_if_fail (SONDE_IS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url ? url : "");
}

SondeConnection *
sonde_window_get_connection (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), NULL);

  return sonde_session_get_connection (self->session);
}

/**
 * sonde_window_get_session:
 *
 * Returns: (transfer none): the session the window shows.
 */
SondeSession *
sonde_window_get_session (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), NULL);

  return self->session;
}

SondeLog *
sonde_window_get_log (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), NULL);

  return self->log;
}

gboolean
sonde_window_set_record_path (SondeWindow  *self,
                              const char   *path,
                              GError      **error)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), FALSE);

  if (path == NULL)
    {
      sonde_session_stop_recording (self->session);
      return TRUE;
    }
  return sonde_session_start_recording (self->session, path, error);
}

gboolean
sonde_window_start_recording (SondeWindow  *self,
                              GFile        *file,
                              GError      **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (SONDE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Recording needs a file on this computer"));
      return FALSE;
    }

  return sonde_window_set_record_path (self, path, error);
}

void
sonde_window_stop_recording (SondeWindow *self)
{
  g_return_if_fail (SONDE_IS_WINDOW (self));

  sonde_session_stop_recording (self->session);
}

const char *
sonde_window_get_record_path (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), NULL);

  return sonde_session_get_record_path (self->session);
}

SondeProfileStore *
sonde_window_get_profile_store (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), NULL);

  return self->store;
}

void
sonde_window_set_profile_store (SondeWindow       *self,
                                SondeProfileStore *store)
{
  g_return_if_fail (SONDE_IS_WINDOW (self));
  g_return_if_fail (SONDE_IS_PROFILE_STORE (store));

  if (g_set_object (&self->store, store))
    sonde_saved_popover_set_store (self->saved_popover, store);
}

gboolean
sonde_window_save_connection (SondeWindow  *self,
                              const char   *name,
                              GError      **error)
{
  g_autoptr(SondeProfile) profile = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (SONDE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* The name is the current connection's from now on, saved or not, so
   * that what the user typed is offered again. */
  sonde_profile_set_name (self->profile, name);

  url = g_strstrip (g_strdup (sonde_window_get_url (self)));
  profile = sonde_profile_copy (self->profile);
  sonde_profile_set_url (profile, *url != '\0' ? url : NULL);

  return sonde_profile_store_save (self->store, profile, error);
}

typedef struct
{
  SondeWindow  *window;
  SondeProfile *profile;
} OpenSecrets;

static void
open_secrets_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OpenSecrets *open = user_data;
  SondeWindow *self = open->window;
  g_auto(GStrv) missing = NULL;

  if (sonde_secrets_load_profile_finish (SONDE_SECRETS (source), result, &missing, NULL) &&
      self->profile == open->profile)
    {
      if (missing != NULL)
        {
          g_autofree char *names = g_strjoinv (", ", missing);
          g_autofree char *message = NULL;

          /* Translators: %s names the values, like "Authorization, login". */
          message = g_strdup_printf (_("Not in the keyring, type them again in the preferences: %s"), names);
          show_toast (self, message, TRUE);
        }
      sonde_window_connect (self);
    }

  g_object_unref (open->window);
  g_object_unref (open->profile);
  g_free (open);
}

void
sonde_window_open_profile (SondeWindow  *self,
                           SondeProfile *profile)
{
  g_autoptr(SondeProfile) copy = NULL;

  g_return_if_fail (SONDE_IS_WINDOW (self));
  g_return_if_fail (SONDE_IS_PROFILE (profile));

  copy = sonde_profile_copy (profile);
  sonde_window_set_url (self, sonde_profile_get_url (copy));
  sonde_window_set_profile (self, copy);

  /* The secret values come from the keyring first (and then show in the
   * preferences, for editing). */
  if (sonde_profile_has_placeholders (copy))
    {
      OpenSecrets *open = g_new0 (OpenSecrets, 1);

      open->window = g_object_ref (self);
      open->profile = g_object_ref (copy);
      sonde_secrets_load_profile_async (sonde_secrets_get_default (), copy, NULL,
                                        open_secrets_cb, open);
      return;
    }
  sonde_window_connect (self);
}

GtkEntry *
sonde_window_get_url_entry (SondeWindow *self)
{
  return self->url_entry;
}

SondeStatusBar *
sonde_window_get_status_bar (SondeWindow *self)
{
  return self->status_bar;
}

SondeLogView *
sonde_window_get_log_view (SondeWindow *self)
{
  return self->log_view;
}

SondeComposerBar *
sonde_window_get_composer_bar (SondeWindow *self)
{
  return self->composer;
}

GtkMenuButton *
sonde_window_get_saved_button (SondeWindow *self)
{
  return self->saved_button;
}

SondeSavedPopover *
sonde_window_get_saved_popover (SondeWindow *self)
{
  return self->saved_popover;
}

SondeStatsPanel *
sonde_window_get_stats_panel (SondeWindow *self)
{
  return self->stats_panel;
}

AdwFlap *
sonde_window_get_stats_flap (SondeWindow *self)
{
  return self->stats_flap;
}

const char *
sonde_window_get_last_toast (SondeWindow *self)
{
  return self->last_toast;
}

GtkWidget *
sonde_window_get_first_run (SondeWindow *self)
{
  return self->first_run;
}
