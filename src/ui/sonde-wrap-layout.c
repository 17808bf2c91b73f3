/* sonde-wrap-layout.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sonde-wrap-layout.h"

/* Children in a row, each at its natural width, wrapping onto the next
 * line when the row is full — the status line's layout, so that it never
 * asks for more width than one child needs: the minimum is the widest
 * child's minimum, the natural width the widest child's natural width
 * (more children share a line when the parent gives more). This is what
 * keeps a long recording path or a reconnect countdown from making the
 * window wider than the screen. Children that expand horizontally
 * share what is left of their line; the others keep their natural width
 * (or, alone on a line that is too short, get the line). Rows are as high
 * as their tallest child, children centered in them. GtkFlowBox would
 * give every column the same width. */

struct _SondeWrapLayout
{
  GtkLayoutManager parent_instance;

  int              column_spacing;
  int              row_spacing;
};

G_DEFINE_FINAL_TYPE (SondeWrapLayout, sonde_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

typedef struct
{
  GtkWidget *widget;
  int        min;
  int        nat;
  int        width;     /* given */
  int        height;
  int        line;
} Item;

static GArray *
collect (GtkWidget *widget)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Item item = { child, 0, };

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &item.min, &item.nat, NULL, NULL);
      g_array_append_val (items, item);
    }
  return items;
}

/* Puts the items in lines for @width; returns the total height. */
static int
pack (SondeWrapLayout *self,
      GArray          *items,
      int              width,
      int             *line_heights,
      guint           *n_lines)
{
  int x = 0, line = 0, height = 0;
  guint first = 0;

  for (guint i = 0; i <= items->len; i++)
    {
      Item *item = i < items->len ? &g_array_index (items, Item, i) : NULL;
      gboolean wrap = item != NULL && i > first &&
                      x + self->column_spacing + item->nat > width;

      if (item == NULL || wrap)
        {
          /* Close the line first..i-1: give it its widths and its height. */
          int used = 0, n_expand = 0, spare, line_height = 0;

          for (guint k = first; k < i; k++)
            {
              Item *it = &g_array_index (items, Item, k);

              it->width = it->nat;
              used += it->nat + (k > first ? self->column_spacing : 0);
              if (gtk_widget_compute_expand (it->widget, GTK_ORIENTATION_HORIZONTAL))
                n_expand++;
            }
          spare = width - used;
          if (spare < 0)
            {
              /* One item alone, wider than the line: it gets the line. */
              for (guint k = first; k < i; k++)
                {
                  Item *it = &g_array_index (items, Item, k);
                  it->width = MAX (it->min, width);
                }
            }
          else if (n_expand > 0)
            for (guint k = first; k < i; k++)
              {
                Item *it = &g_array_index (items, Item, k);

                if (gtk_widget_compute_expand (it->widget, GTK_ORIENTATION_HORIZONTAL))
                  it->width += spare / n_expand;
              }
          for (guint k = first; k < i; k++)
            {
              Item *it = &g_array_index (items, Item, k);
              int min_h, nat_h;

              gtk_widget_measure (it->widget, GTK_ORIENTATION_VERTICAL, it->width,
                                  &min_h, &nat_h, NULL, NULL);
              it->height = nat_h;
              it->line = line;
              line_height = MAX (line_height, nat_h);
            }
          if (i > first)
            {
              if (line_heights != NULL)
                line_heights[line] = line_height;
              height += line_height + (line > 0 ? self->row_spacing : 0);
              line++;
            }
          first = i;
          x = 0;
        }
      if (item != NULL)
        x += (i > first ? self->column_spacing : 0) + item->nat;
    }
  if (n_lines != NULL)
    *n_lines = line;
  return height;
}

static GtkSizeRequestMode
sonde_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                    GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sonde_wrap_layout_measure (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           GtkOrientation    orientation,
                           int               for_size,
                           int              *minimum,
                           int              *natural,
                           int              *minimum_baseline,
                           int              *natural_baseline)
{
  SondeWrapLayout *self = SONDE_WRAP_LAYOUT (manager);
  g_autoptr(GArray) items = collect (widget);

  *minimum = *natural = 0;
  if (items->len == 0)
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      for (guint i = 0; i < items->len; i++)
        {
          Item *it = &g_array_index (items, Item, i);

          *minimum = MAX (*minimum, it->min);
          *natural = MAX (*natural, it->nat);
        }
      return;
    }

  /* Height for a width: as packed; without a width, all on one line. */
  {
    int width = for_size >= 0 ? for_size : G_MAXINT / 2;
    int height = pack (self, items, width, NULL, NULL);

    *minimum = *natural = height;
  }
}

static void
sonde_wrap_layout_allocate (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            int               width,
                            int               height,
                            int               baseline)
{
  SondeWrapLayout *self = SONDE_WRAP_LAYOUT (manager);
  g_autoptr(GArray) items = collect (widget);
  g_autofree int *line_heights = g_new0 (int, items->len + 1);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  guint n_lines = 0;
  int x = 0, y = 0, line = -1, total;

  total = pack (self, items, width, line_heights, &n_lines);
  /* Lines centered in what the parent gave. */
  y = MAX (0, (height - total) / 2) - self->row_spacing;
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      GtkAllocation allocation;

      if (it->line != line)
        {
          if (line >= 0)
            y += line_heights[line];
          line = it->line;
          y += self->row_spacing;
          x = 0;
        }
      allocation.width = it->width;
      allocation.height = it->height;
      allocation.x = rtl ? width - x - it->width : x;
      allocation.y = y + (line_heights[line] - it->height) / 2;
      gtk_widget_size_allocate (it->widget, &allocation, -1);
      x += it->width + self->column_spacing;
    }
}

static void
sonde_wrap_layout_class_init (SondeWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = sonde_wrap_layout_get_request_mode;
  layout_class->measure = sonde_wrap_layout_measure;
  layout_class->allocate = sonde_wrap_layout_allocate;
}

static void
sonde_wrap_layout_init (SondeWrapLayout *self)
{
  self->column_spacing = 12;
  self->row_spacing = 4;
}

GtkLayoutManager *
sonde_wrap_layout_new (void)
{
  return g_object_new (SONDE_TYPE_WRAP_LAYOUT, NULL);
}

void
sonde_wrap_layout_set_spacing (SondeWrapLayout *self,
                               int              column_spacing,
                               int              row_spacing)
{
  g_return_if_fail (SONDE_IS_WRAP_LAYOUT (self));

  self->column_spacing = column_spacing;
  self->row_spacing = row_spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
}
