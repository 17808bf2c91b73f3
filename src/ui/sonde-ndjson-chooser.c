/* sonde-ndjson-chooser.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-ndjson-chooser.h"

/**
 * sonde_ndjson_chooser_new:
 *
 * A save dialog for an event stream file: a time-stamped default name
 * and an NDJSON filter. Export and recording both use it.
 *
 * Returns: (transfer full): the chooser, not shown yet.
 */
GtkFileChooserNative *
sonde_ndjson_chooser_new (GtkWindow  *parent,
                          const char *title,
                          const char *accept_label)
{
  GtkFileChooserNative *native;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("sonde-%s.ndjson", stamp);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  gtk_file_filter_set_name (filter, _("Event stream (NDJSON)"));
  gtk_file_filter_add_pattern (filter, "*.ndjson");
  gtk_file_filter_add_pattern (filter, "*.jsonl");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  return native;
}

/**
 * sonde_ndjson_chooser_new_open:
 *
 * An open dialog for an event stream file (a recording or an export).
 *
 * Returns: (transfer full): the chooser, not shown yet.
 */
GtkFileChooserNative *
sonde_ndjson_chooser_new_open (GtkWindow  *parent,
                               const char *title,
                               const char *accept_label)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  gtk_file_filter_set_name (filter, _("Event stream (NDJSON)"));
  gtk_file_filter_add_pattern (filter, "*.ndjson");
  gtk_file_filter_add_pattern (filter, "*.jsonl");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);

  return native;
}
