/* sonde-wrap-box.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sonde-wrap-box.h"
#include "sonde-wrap-layout.h"

/* A container whose children wrap like words (SondeWrapLayout): the
 * status line. Children come from <child> in a .ui file or from
 * sonde_wrap_box_append(). Spacing: the "column-spacing" and
 * "row-spacing" properties. */

struct _SondeWrapBox
{
  GtkWidget parent_instance;

  int       column_spacing;
  int       row_spacing;
};

enum {
  PROP_0,
  PROP_COLUMN_SPACING,
  PROP_ROW_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SondeWrapBox, sonde_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, buildable_init))

static GtkBuildableIface *parent_buildable;

static void
buildable_add_child (GtkBuildable *buildable,
                     GtkBuilder   *builder,
                     GObject      *child,
                     const char   *type)
{
  if (GTK_IS_WIDGET (child))
    sonde_wrap_box_append (SONDE_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable->add_child (buildable, builder, child, type);
}

static void
buildable_init (GtkBuildableIface *iface)
{
  parent_buildable = g_type_interface_peek_parent (iface);
  iface->add_child = buildable_add_child;
}

static void
update_spacing (SondeWrapBox *self)
{
  sonde_wrap_layout_set_spacing (SONDE_WRAP_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                 self->column_spacing, self->row_spacing);
}

static void
sonde_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sonde_wrap_box_parent_class)->dispose (object);
}

static void
sonde_wrap_box_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SondeWrapBox *self = SONDE_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING: g_value_set_int (value, self->column_spacing); break;
    case PROP_ROW_SPACING: g_value_set_int (value, self->row_spacing); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_wrap_box_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SondeWrapBox *self = SONDE_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING:
      self->column_spacing = g_value_get_int (value);
      update_spacing (self);
      break;
    case PROP_ROW_SPACING:
      self->row_spacing = g_value_get_int (value);
      update_spacing (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_wrap_box_class_init (SondeWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_wrap_box_dispose;
  object_class->get_property = sonde_wrap_box_get_property;
  object_class->set_property = sonde_wrap_box_set_property;

  properties[PROP_COLUMN_SPACING] =
    g_param_spec_int ("column-spacing", NULL, NULL, 0, G_MAXINT16, 12,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT16, 4,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, SONDE_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wrapbox");
}

static void
sonde_wrap_box_init (SondeWrapBox *self)
{
  self->column_spacing = 12;
  self->row_spacing = 4;
}

GtkWidget *
sonde_wrap_box_new (void)
{
  return g_object_new (SONDE_TYPE_WRAP_BOX, NULL);
}

void
sonde_wrap_box_append (SondeWrapBox *self,
                       GtkWidget    *child)
{
  g_return_if_fail (SONDE_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}
