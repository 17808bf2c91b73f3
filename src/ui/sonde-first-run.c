/* sonde-first-run.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sonde-first-run.h"

/* Only buttons bound to actions: what they do is the application's
 * (the demo server is its own) and the window's business. */

struct _SondeFirstRun
{
  AdwBin     parent_instance;

  GtkButton *demo_button;
  GtkButton *sample_button;
  GtkButton *saved_button;
};

G_DEFINE_FINAL_TYPE (SondeFirstRun, sonde_first_run, ADW_TYPE_BIN)

static void
sonde_first_run_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SONDE_TYPE_FIRST_RUN);

  G_OBJECT_CLASS (sonde_first_run_parent_class)->dispose (object);
}

static void
sonde_first_run_class_init (SondeFirstRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_first_run_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-first-run.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeFirstRun, demo_button);
  gtk_widget_class_bind_template_child (widget_class, SondeFirstRun, sample_button);
  gtk_widget_class_bind_template_child (widget_class, SondeFirstRun, saved_button);
}

static void
sonde_first_run_init (SondeFirstRun *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sonde_first_run_new (void)
{
  return g_object_new (SONDE_TYPE_FIRST_RUN, NULL);
}

GtkButton *
sonde_first_run_get_demo_button (SondeFirstRun *self)
{
  g_return_val_if_fail (SONDE_IS_FIRST_RUN (self), NULL);
  return self->demo_button;
}

GtkButton *
sonde_first_run_get_sample_button (SondeFirstRun *self)
{
  g_return_val_if_fail (SONDE_IS_FIRST_RUN (self), NULL);
  return self->sample_button;
}

GtkButton *
sonde_first_run_get_saved_button (SondeFirstRun *self)
{
  g_return_val_if_fail (SONDE_IS_FIRST_RUN (self), NULL);
  return self->saved_button;
}
