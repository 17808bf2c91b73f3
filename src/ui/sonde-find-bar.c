/* sonde-find-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-find-bar.h"

struct _SondeFindBar
{
  GtkWidget       parent_instance;

  GtkSearchBar   *search_bar;
  GtkSearchEntry *entry;
  GtkToggleButton *regex_button;
  GtkToggleButton *case_button;
  GtkLabel       *status_label;
  GtkWidget      *previous_button;
  GtkWidget      *next_button;

  SondeLogView   *view;
  char           *status;
  gboolean        invalid;
};

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeFindBar, sonde_find_bar, GTK_TYPE_WIDGET)

static void
set_status (SondeFindBar *self,
            const char   *status)
{
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_label (self->status_label, status);
}

static void
update_status (SondeFindBar *self)
{
  g_autofree char *status = NULL;
  guint n, index;

  if (self->invalid || self->view == NULL)
    return;
  if (sonde_log_view_get_find (self->view) == NULL)
    {
      set_status (self, "");
      gtk_widget_set_sensitive (self->previous_button, FALSE);
      gtk_widget_set_sensitive (self->next_button, FALSE);
      return;
    }
  g_object_get (self->view, "n-matches", &n, "match-index", &index, NULL);
  if (n == 0)
    status = g_strdup (_("No matches"));
  else if (index == 0)
    status = g_strdup_printf (ngettext ("%u match", "%u matches", n), n);
  else
    /* Translators: the match selected, of how many. */
    status = g_strdup_printf (_("%u of %u"), index, n);
  set_status (self, status);
  gtk_widget_set_sensitive (self->previous_button, n > 0);
  gtk_widget_set_sensitive (self->next_button, n > 0);
}

static void
apply (SondeFindBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(SondeMatcher) matcher = NULL;
  g_autoptr(GError) error = NULL;

  if (self->view == NULL)
    return;
  if (text != NULL && *text != '\0')
    {
      matcher = sonde_matcher_new (text, gtk_toggle_button_get_active (self->regex_button),
                                   gtk_toggle_button_get_active (self->case_button), &error);
      if (matcher == NULL)
        {
          /* Shown, not applied: the previous matches stay. */
          self->invalid = TRUE;
          gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
          set_status (self, error->message);
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), error->message);
          return;
        }
    }
  self->invalid = FALSE;
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), NULL);
  sonde_log_view_set_find (self->view, matcher);
  update_status (self);
}

static void
search_changed_cb (SondeFindBar *self)
{
  apply (self);
}

static void
next_cb (SondeFindBar *self)
{
  sonde_find_bar_next (self, FALSE);
}

static void
previous_cb (SondeFindBar *self)
{
  sonde_find_bar_next (self, TRUE);
}

static void
stop_cb (SondeFindBar *self)
{
  sonde_find_bar_close (self);
}

static gboolean
entry_key_cb (SondeFindBar          *self,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      sonde_find_bar_next (self, TRUE);
      return TRUE;
    }
  return FALSE;
}

static void
search_mode_cb (SondeFindBar *self)
{
  /* Closed: nothing is highlighted any more. */
  if (!gtk_search_bar_get_search_mode (self->search_bar) && self->view != NULL)
    sonde_log_view_set_find (self->view, NULL);
  else if (gtk_search_bar_get_search_mode (self->search_bar))
    apply (self);
}

static void
set_view (SondeFindBar *self,
          SondeLogView *view)
{
  if (self->view == view)
    return;
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_set_object (&self->view, view);
  if (view != NULL)
    {
      g_signal_connect_object (view, "notify::n-matches", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (view, "notify::match-index", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (view, "notify::find", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
sonde_find_bar_dispose (GObject *object)
{
  SondeFindBar *self = (SondeFindBar *) object;
  GtkWidget *child;

  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_object (&self->view);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sonde_find_bar_parent_class)->dispose (object);
}

static void
sonde_find_bar_finalize (GObject *object)
{
  g_free (SONDE_FIND_BAR (object)->status);
  G_OBJECT_CLASS (sonde_find_bar_parent_class)->finalize (object);
}

static void
sonde_find_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, SONDE_FIND_BAR (object)->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_find_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_VIEW:
      set_view (SONDE_FIND_BAR (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_find_bar_class_init (SondeFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_find_bar_dispose;
  object_class->finalize = sonde_find_bar_finalize;
  object_class->get_property = sonde_find_bar_get_property;
  object_class->set_property = sonde_find_bar_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, SONDE_TYPE_LOG_VIEW,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "findbar");
}

static GtkWidget *
icon_toggle (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static void
sonde_find_bar_init (SondeFindBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkEventController *keys;

  self->search_bar = GTK_SEARCH_BAR (gtk_search_bar_new ());
  gtk_search_bar_set_show_close_button (self->search_bar, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->search_bar), GTK_WIDGET (self));

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->entry, "placeholder-text", _("Find in log"), NULL);
  /* It grows with the window (hexpand); a small minimum keeps the find bar
   * within a 360 px window. */
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 3);
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find in log"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));

  self->regex_button = GTK_TOGGLE_BUTTON (icon_toggle ("regex-symbolic",
                                                       _("Regular Expression")));
  gtk_button_set_label (GTK_BUTTON (self->regex_button), ".*");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->regex_button));
  self->case_button = GTK_TOGGLE_BUTTON (icon_toggle ("format-text-case-symbolic", _("Match Case")));
  gtk_button_set_label (GTK_BUTTON (self->case_button), "Aa");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->case_button));

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->status_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (self->status_label, 40);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "numeric");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));

  self->previous_button = icon_button ("go-up-symbolic", _("Previous Match (Shift+Enter)"));
  gtk_box_append (GTK_BOX (box), self->previous_button);
  self->next_button = icon_button ("go-down-symbolic", _("Next Match (Enter)"));
  gtk_box_append (GTK_BOX (box), self->next_button);

  gtk_search_bar_set_child (self->search_bar, box);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->entry));

  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (next_cb), self);
  g_signal_connect_swapped (self->entry, "next-match", G_CALLBACK (next_cb), self);
  g_signal_connect_swapped (self->entry, "previous-match", G_CALLBACK (previous_cb), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (stop_cb), self);
  g_signal_connect_swapped (self->regex_button, "toggled", G_CALLBACK (apply), self);
  g_signal_connect_swapped (self->case_button, "toggled", G_CALLBACK (apply), self);
  g_signal_connect_swapped (self->previous_button, "clicked", G_CALLBACK (previous_cb), self);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_cb), self);
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (entry_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  gtk_widget_set_sensitive (self->previous_button, FALSE);
  gtk_widget_set_sensitive (self->next_button, FALSE);
}

void
sonde_find_bar_open (SondeFindBar *self)
{
  g_return_if_fail (SONDE_IS_FIND_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
sonde_find_bar_close (SondeFindBar *self)
{
  g_return_if_fail (SONDE_IS_FIND_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

void
sonde_find_bar_set_pattern (SondeFindBar *self,
                            const char   *pattern,
                            gboolean      regex,
                            gboolean      case_sensitive)
{
  g_return_if_fail (SONDE_IS_FIND_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  g_signal_handlers_block_by_func (self->regex_button, apply, self);
  g_signal_handlers_block_by_func (self->case_button, apply, self);
  gtk_toggle_button_set_active (self->regex_button, regex);
  gtk_toggle_button_set_active (self->case_button, case_sensitive);
  g_signal_handlers_unblock_by_func (self->regex_button, apply, self);
  g_signal_handlers_unblock_by_func (self->case_button, apply, self);
  /* Replacing the text empties the entry first, which GtkSearchEntry
   * reports at once: only the new pattern counts. */
  g_signal_handlers_block_by_func (self->entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), pattern);
  g_signal_handlers_unblock_by_func (self->entry, search_changed_cb, self);
  /* At once, not after the entry's typing delay. */
  apply (self);
}

gboolean
sonde_find_bar_next (SondeFindBar *self,
                     gboolean      backward)
{
  g_return_val_if_fail (SONDE_IS_FIND_BAR (self), FALSE);

  if (self->view == NULL || self->invalid)
    return FALSE;
  /* A pattern typed just now is applied before moving. */
  apply (self);
  return sonde_log_view_find_next (self->view, backward);
}

const char *
sonde_find_bar_get_status (SondeFindBar *self)
{
  g_return_val_if_fail (SONDE_IS_FIND_BAR (self), NULL);
  return self->status;
}

gboolean
sonde_find_bar_get_invalid (SondeFindBar *self)
{
  g_return_val_if_fail (SONDE_IS_FIND_BAR (self), FALSE);
  return self->invalid;
}
