/* sonde-notifier.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sonde-notifier.h"

/* Tells the desktop when a session needs the user while they look
 * elsewhere: a GNotification (through the default GApplication) when an
 * open connection drops, when reconnecting gives up, and when a heartbeat
 * reply is missed — each kind switchable ("kinds"), and only while the
 * front end says it is not focused. The notification names the session
 * ("name", the tab's title) and its default action is `app.show-tab`
 * with the notifier's target, which the application uses to raise that
 * tab. One notification id per target and kind: a second drop replaces
 * the first instead of piling up. It reads the session's records; only
 * the rare ones cost anything. */

struct _SondeNotifier
{
  GObject       parent_instance;

  SondeSession *session;
  char         *target;
  char         *name;
  guint         kinds;
  gboolean      focused;
  gboolean      open;          /* between an open and a close */
  guint         n_sent;
};

enum {
  PROP_0,
  PROP_FOCUSED,
  PROP_KINDS,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeNotifier, sonde_notifier, G_TYPE_OBJECT)

static const char *
display_name (SondeNotifier     *self,
              const SondeRecord *record)
{
  if (self->name != NULL && *self->name != '\0')
    return self->name;
  if (record->connection != NULL && *record->connection != '\0')
    return record->connection;
  return _("Connection");
}

static void
send (SondeNotifier *self,
      const char    *kind,
      const char    *title,
      const char    *body,
      GNotificationPriority priority)
{
  GApplication *application = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (application == NULL || !g_application_get_is_registered (application))
    return;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, priority);
  g_notification_set_default_action_and_target (notification, "app.show-tab", "s", self->target);
  id = g_strdup_printf ("sonde-%s-%s", self->target, kind);
  g_application_send_notification (application, id, notification);
  self->n_sent++;
}

static void
record_cb (SondeSession      *session,
           const SondeRecord *record,
           SondeNotifier     *self)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const char *name;

  switch (record->type)
    {
    case SONDE_RECORD_OPEN:
      self->open = TRUE;
      return;

    case SONDE_RECORD_CLOSE:
      {
        gboolean was_open = self->open;
        /* A close without a reason has no text at all. */
        g_autofree char *reason = g_strndup (record->text ? (const char *) record->text : "",
                                             record->text ? record->text_len : 0);

        self->open = FALSE;
        if (!was_open || g_strcmp0 (record->str[0], "local") == 0 ||
            !(self->kinds & SONDE_NOTIFY_DROP) || self->focused)
          return;
        name = display_name (self, record);
        /* Translators: a notification title; %s is the connection's (tab's) name. */
        title = g_strdup_printf (_("%s dropped"), name);
        if (g_strcmp0 (record->str[0], "remote") == 0)
          {
            if (*reason != '\0')
              /* Translators: a WebSocket close code and the server's reason. */
              body = g_strdup_printf (_("The server closed the connection with code %d “%s”."),
                                      (int) record->num[0], reason);
            else
              /* Translators: a WebSocket close code. */
              body = g_strdup_printf (_("The server closed the connection with code %d."),
                                      (int) record->num[0]);
          }
        else if (*reason != '\0')
          /* Translators: why the connection was lost (no close frame came). */
          body = g_strdup_printf (_("The connection was lost: %s."), reason);
        else
          body = g_strdup (_("The connection was lost without a close frame (code 1006)."));
        send (self, "drop", title, body, G_NOTIFICATION_PRIORITY_HIGH);
      }
      return;

    case SONDE_RECORD_GAVE_UP:
      if (!(self->kinds & SONDE_NOTIFY_GAVE_UP) || self->focused)
        return;
      name = display_name (self, record);
      /* Translators: a notification title; %s is the connection's (tab's) name. */
      title = g_strdup_printf (_("%s: gave up reconnecting"), name);
      body = g_strdup_printf (ngettext ("No connection after %u attempt.",
                                        "No connection after %u attempts.",
                                        (gulong) record->num[0]),
                              (guint) record->num[0]);
      send (self, "gave-up", title, body, G_NOTIFICATION_PRIORITY_URGENT);
      return;

    case SONDE_RECORD_HEARTBEAT_MISSED:
      if (!(self->kinds & SONDE_NOTIFY_HEARTBEAT_MISSED) || self->focused)
        return;
      name = display_name (self, record);
      /* Translators: a notification title; %s is the connection's (tab's) name. */
      title = g_strdup_printf (_("%s: heartbeat missed"), name);
      /* Translators: missed heartbeat replies in a row, of the limit before the connection is closed. */
      body = g_strdup_printf (_("%u of %u heartbeat replies missed in a row."),
                              (guint) record->num[0], (guint) record->num[1]);
      send (self, "heartbeat", title, body, G_NOTIFICATION_PRIORITY_NORMAL);
      return;

    default:
      return;
    }
}

static void
sonde_notifier_dispose (GObject *object)
{
  SondeNotifier *self = (SondeNotifier *) object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sonde_notifier_parent_class)->dispose (object);
}

static void
sonde_notifier_finalize (GObject *object)
{
  SondeNotifier *self = (SondeNotifier *) object;

  g_free (self->target);
  g_free (self->name);

  G_OBJECT_CLASS (sonde_notifier_parent_class)->finalize (object);
}

static void
sonde_notifier_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SondeNotifier *self = SONDE_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_FOCUSED: g_value_set_boolean (value, self->focused); break;
    case PROP_KINDS: g_value_set_uint (value, self->kinds); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_notifier_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SondeNotifier *self = SONDE_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_FOCUSED: sonde_notifier_set_focused (self, g_value_get_boolean (value)); break;
    case PROP_KINDS: sonde_notifier_set_kinds (self, g_value_get_uint (value)); break;
    case PROP_NAME: sonde_notifier_set_name (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_notifier_class_init (SondeNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sonde_notifier_dispose;
  object_class->finalize = sonde_notifier_finalize;
  object_class->get_property = sonde_notifier_get_property;
  object_class->set_property = sonde_notifier_set_property;

  /* Whether the user is looking (the window is active): then nothing is sent. */
  properties[PROP_FOCUSED] = g_param_spec_boolean ("focused", NULL, NULL, FALSE, rw);
  /* SondeNotifyKinds */
  properties[PROP_KINDS] = g_param_spec_uint ("kinds", NULL, NULL, 0, G_MAXUINT,
                                              SONDE_NOTIFY_DROP | SONDE_NOTIFY_GAVE_UP |
                                              SONDE_NOTIFY_HEARTBEAT_MISSED, rw);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_notifier_init (SondeNotifier *self)
{
  self->kinds = SONDE_NOTIFY_DROP | SONDE_NOTIFY_GAVE_UP | SONDE_NOTIFY_HEARTBEAT_MISSED;
}

/**
 * sonde_notifier_new:
 * @session: the session to watch
 * @target: what `app.show-tab` gets when the notification is activated
 */
SondeNotifier *
sonde_notifier_new (SondeSession *session,
                    const char   *target)
{
  SondeNotifier *self;

  g_return_val_if_fail (SONDE_IS_SESSION (session), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  self = g_object_new (SONDE_TYPE_NOTIFIER, NULL);
  self->session = g_object_ref (session);
  self->target = g_strdup (target);
  self->open = sonde_session_get_state (session) == SONDE_STATE_OPEN;
  g_signal_connect (session, "record", G_CALLBACK (record_cb), self);
  return self;
}

void
sonde_notifier_set_focused (SondeNotifier *self,
                            gboolean       focused)
{
  g_return_if_fail (SONDE_IS_NOTIFIER (self));

  focused = !!focused;
  if (self->focused == focused)
    return;
  self->focused = focused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUSED]);
}

gboolean
sonde_notifier_get_focused (SondeNotifier *self)
{
  g_return_val_if_fail (SONDE_IS_NOTIFIER (self), FALSE);
  return self->focused;
}

void
sonde_notifier_set_kinds (SondeNotifier *self,
                          guint          kinds)
{
  g_return_if_fail (SONDE_IS_NOTIFIER (self));

  if (self->kinds == kinds)
    return;
  self->kinds = kinds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KINDS]);
}

guint
sonde_notifier_get_kinds (SondeNotifier *self)
{
  g_return_val_if_fail (SONDE_IS_NOTIFIER (self), 0);
  return self->kinds;
}

void
sonde_notifier_set_name (SondeNotifier *self,
                         const char    *name)
{
  g_return_if_fail (SONDE_IS_NOTIFIER (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
sonde_notifier_get_target (SondeNotifier *self)
{
  g_return_val_if_fail (SONDE_IS_NOTIFIER (self), NULL);
  return self->target;
}

/* How many notifications were handed to the application. */
guint
sonde_notifier_get_n_sent (SondeNotifier *self)
{
  g_return_val_if_fail (SONDE_IS_NOTIFIER (self), 0);
  return self->n_sent;
}
