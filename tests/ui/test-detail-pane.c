/* test-detail-pane.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sonde-close-code.h"
#include "sonde-detail-pane.h"
#include "sonde-event-row.h"
#include "sonde-filter-bar.h"
#include "sonde-find-bar.h"
#include "sonde-log-view.h"
#include "sonde-test-util.h"

/* The detail pane, the find bar and the filter chips over a log view, in
 * a window under Xvfb, on events made by hand. */

typedef struct
{
  GtkWindow       *window;
  SondeLog        *log;
  SondeLogView    *view;
  SondeDetailPane *pane;
  SondeFindBar    *find_bar;
  SondeFilterBar  *filter_bar;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);

  f->log = sonde_log_new (0);
  f->view = g_object_new (SONDE_TYPE_LOG_VIEW, "log", f->log, NULL);
  f->pane = g_object_new (SONDE_TYPE_DETAIL_PANE, "view", f->view, NULL);
  f->find_bar = g_object_new (SONDE_TYPE_FIND_BAR, "view", f->view, NULL);
  f->filter_bar = g_object_new (SONDE_TYPE_FILTER_BAR, "view", f->view, NULL);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (f->view));
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (f->pane));
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->filter_bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->find_bar));
  gtk_box_append (GTK_BOX (box), paned);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 600);
  gtk_window_set_child (f->window, box);
  gtk_window_present (f->window);
  g_assert_true (sonde_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (f->view)), 5000));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->log);
}

static void
flush (Fixture *f)
{
  sonde_log_flush (f->log);
}

static void
append_text (Fixture    *f,
             const char *direction,
             const char *text,
             const char *role)
{
  g_autoptr(SondeEvent) event = sonde_event_new (SONDE_EVENT_MESSAGE, "test");

  sonde_event_set_string (event, "direction", direction);
  sonde_event_set_string (event, "kind", "text");
  sonde_event_set_int (event, "size", strlen (text));
  sonde_event_set_string (event, "text", text);
  if (role != NULL)
    sonde_event_set_string (event, "role", role);
  sonde_log_append (f->log, event);
}

static void
append_bytes (Fixture      *f,
              const guint8 *data,
              gsize         len,
              gboolean      binary)
{
  SondeRecord record;

  sonde_record_init (&record, SONDE_RECORD_MESSAGE, "test");
  record.direction = SONDE_DIRECTION_IN;
  record.text = data;
  record.text_len = record.size = len;
  if (binary)
    record.flags |= SONDE_RECORD_FLAG_BINARY;
  sonde_log_append_record (f->log, &record);
}

static void
select_last (Fixture *f)
{
  flush (f);
  sonde_log_view_select (f->view, g_list_model_get_n_items (sonde_log_view_get_model (f->view)) - 1);
  g_assert_nonnull (sonde_detail_pane_get_event (f->pane));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->pane)));
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not in:\n%s", needle, haystack);
}

static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  const char *json = "{\"op\":\"sub\",\"args\":[1,2]}";
  g_autofree char *modes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *copy = NULL;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->pane)));
  append_text (f, "in", json, NULL);
  select_last (f);
  modes = sonde_detail_pane_dup_modes (f->pane);
  g_assert_cmpstr (modes, ==, "text json hex base64 event");
  g_assert_cmpstr (sonde_detail_pane_get_mode (f->pane), ==, "json");
  text = sonde_detail_pane_dup_text (f->pane);
  g_assert_cmpstr (text, ==, "{\n  \"op\" : \"sub\",\n  \"args\" : [\n    1,\n    2\n  ]\n}");
  facts = sonde_detail_pane_dup_facts (f->pane);
  assert_contains (facts, "Size: 25 bytes\n");
  assert_contains (facts, "Direction: received\n");
  assert_contains (facts, "Role: user message\n");

  sonde_detail_pane_set_mode (f->pane, "text");
  copy = sonde_detail_pane_dup_copy_text (f->pane);
  g_assert_cmpstr (copy, ==, json);

  /* Escape (the close button) clears the selection and hides the pane. */
  sonde_log_view_unselect (f->view);
  g_assert_null (sonde_detail_pane_get_event (f->pane));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->pane)));
}

static void
test_binary (Fixture       *f,
             gconstpointer  data)
{
  guint8 bytes[18];
  g_autofree char *hex = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *modes = NULL;
  g_autofree char *facts = NULL;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = i * 15;
  append_bytes (f, bytes, sizeof bytes, TRUE);
  select_last (f);
  modes = sonde_detail_pane_dup_modes (f->pane);
  g_assert_cmpstr (modes, ==, "text hex base64 event");
  g_assert_cmpstr (sonde_detail_pane_get_mode (f->pane), ==, "hex");
  hex = sonde_detail_pane_dup_text (f->pane);
  g_assert_cmpstr (hex, ==,
                   "00000000  00 0f 1e 2d 3c 4b 5a 69  78 87 96 a5 b4 c3 d2 e1  |...-<KZix.......|\n"
                   "00000010  f0 ff                                             |..|\n"
                   "00000012\n");
  sonde_detail_pane_set_mode (f->pane, "base64");
  b64 = sonde_detail_pane_dup_text (f->pane);
  g_assert_cmpstr (b64, ==, "AA8eLTxLWml4h5altMPS4fD/");
  {
    g_autofree char *copy = sonde_detail_pane_dup_copy_text (f->pane);
    g_assert_cmpstr (copy, ==, b64);
  }
  facts = sonde_detail_pane_dup_facts (f->pane);
  assert_contains (facts, "Size: 18 bytes\n");
}

static void
test_invalid_utf8 (Fixture       *f,
                   gconstpointer  data)
{
  static const guint8 bytes[] = { 'o', 'k', ' ', 0xc3, 0x28, ' ', 0xff };
  g_autofree char *text = NULL;

  append_bytes (f, bytes, sizeof bytes, FALSE);
  select_last (f);
  g_assert_cmpstr (sonde_detail_pane_get_mode (f->pane), ==, "text");
  text = sonde_detail_pane_dup_text (f->pane);
  g_assert_cmpstr (text, ==, "ok \\xc3( \\xff");
  g_assert_cmpuint (sonde_detail_pane_get_n_marked (f->pane), ==, 2);
}

static void
test_close (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SondeEvent) event = sonde_event_new (SONDE_EVENT_CLOSE, "test");
  g_autofree char *facts = NULL;
  g_autofree char *meaning = NULL;

  sonde_event_set_int (event, "code", 1008);
  sonde_event_set_string (event, "reason", "token expired");
  sonde_event_set_boolean (event, "clean", TRUE);
  sonde_event_set_string (event, "initiator", "remote");
  sonde_log_append (f->log, event);
  select_last (f);
  g_assert_cmpstr (sonde_detail_pane_get_mode (f->pane), ==, "event");
  facts = sonde_detail_pane_dup_facts (f->pane);
  meaning = g_strdup_printf ("Meaning: %s\n", sonde_close_code_describe (1008));
  assert_contains (facts, "Code: 1008\n");
  assert_contains (facts, meaning);
  assert_contains (facts, "Reason: token expired\n");
  assert_contains (facts, "Closed by: The server\n");
}

static JsonNode *
pairs (const char * const *nv)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; nv[i] != NULL; i += 2)
    {
      JsonArray *pair = json_array_new ();

      json_array_add_string_element (pair, nv[i]);
      json_array_add_string_element (pair, nv[i + 1]);
      json_array_add_array_element (array, pair);
    }
  json_node_take_array (node, array);
  return node;
}

static void
test_failed_handshake (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const request[] = {
    "Host", "example.com", "Authorization", "Bearer s3cr3t-request", "Cookie", "sid=s3cr3t-cookie",
    "X-Api-Key", "s3cr3t-key", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", NULL,
  };
  static const char * const response[] = {
    "Content-Type", "application/json", "Set-Cookie", "sid=s3cr3t-set", NULL,
  };
  g_autoptr(SondeEvent) event = sonde_event_new (SONDE_EVENT_ERROR, "test");
  JsonObject *fields = sonde_event_get_fields (event);
  g_autofree char *text = NULL;
  g_autofree char *facts = NULL;

  sonde_event_set_string (event, "message", "The server refused the WebSocket handshake: 401 Unauthorized");
  sonde_event_set_string (event, "domain", "sonde-error-quark");
  sonde_event_set_int (event, "code", 3);
  sonde_event_set_int (event, "http_status", 401);
  sonde_event_set_string (event, "request_line", "GET /feed HTTP/1.1");
  json_object_set_member (fields, "request_headers", pairs (request));
  sonde_event_set_string (event, "status_line", "HTTP/1.1 401 Unauthorized");
  json_object_set_member (fields, "response_headers", pairs (response));
  sonde_event_set_string (event, "response_body", "{\"error\":\"bad token\"}");
  /* Shown from the event itself (as the log's records do not keep these
   * fields, the pane is given the event). */
  sonde_detail_pane_set_event (f->pane, event);

  text = sonde_detail_pane_dup_text (f->pane);
  assert_contains (text, "GET /feed HTTP/1.1\nHost: example.com\nAuthorization: •••\nCookie: •••\nX-Api-Key: •••\n");
  assert_contains (text, "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n");
  assert_contains (text, "\nHTTP/1.1 401 Unauthorized\nContent-Type: application/json\nSet-Cookie: •••\n");
  assert_contains (text, "{\"error\":\"bad token\"}");
  g_assert_null (strstr (text, "s3cr3t"));
  facts = sonde_detail_pane_dup_facts (f->pane);
  assert_contains (facts, "HTTP status: 401\n");
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  SondeEvent *selected;

  append_text (f, "out", "heart-check", "heartbeat");
  append_text (f, "in", "heart-ok", "heartbeat-reply");
  append_text (f, "in", "{\"price\":1}", NULL);
  append_text (f, "out", "heart-check", "heartbeat");
  append_text (f, "in", "HEART-OK", "heartbeat-reply");
  flush (f);

  /* A regular expression, case ignored. */
  sonde_find_bar_set_pattern (f->find_bar, "heart.*ok", TRUE, FALSE);
  g_assert_false (sonde_find_bar_get_invalid (f->find_bar));
  g_assert_cmpstr (sonde_find_bar_get_status (f->find_bar), ==, "2 matches");
  g_assert_true (sonde_find_bar_next (f->find_bar, FALSE));
  g_assert_cmpuint (sonde_log_view_get_selected (f->view), ==, 1);
  g_assert_cmpstr (sonde_find_bar_get_status (f->find_bar), ==, "1 of 2");
  g_assert_true (sonde_find_bar_next (f->find_bar, FALSE));
  g_assert_cmpuint (sonde_log_view_get_selected (f->view), ==, 4);
  g_assert_cmpstr (sonde_find_bar_get_status (f->find_bar), ==, "2 of 2");
  selected = sonde_detail_pane_get_event (f->pane);
  g_assert_cmpstr (sonde_event_get_string (selected, "text"), ==, "HEART-OK");
  /* Wraps around, and backwards. */
  g_assert_true (sonde_find_bar_next (f->find_bar, FALSE));
  g_assert_cmpuint (sonde_log_view_get_selected (f->view), ==, 1);
  g_assert_true (sonde_find_bar_next (f->find_bar, TRUE));
  g_assert_cmpuint (sonde_log_view_get_selected (f->view), ==, 4);
  /* Highlighted in the detail pane too. */
  g_assert_true (sonde_test_wait_for (sonde_detail_pane_get_n_found (f->pane) != G_MAXUINT, 5000));
  g_assert_cmpuint (sonde_detail_pane_get_n_found (f->pane), ==, 1);

  /* Case: only the lower-case one. */
  sonde_find_bar_set_pattern (f->find_bar, "heart-ok", FALSE, TRUE);
  g_assert_cmpstr (sonde_find_bar_get_status (f->find_bar), ==, "1 match");

  /* Substring: the dot is a dot. */
  sonde_find_bar_set_pattern (f->find_bar, "heart.ok", FALSE, FALSE);
  g_assert_cmpstr (sonde_find_bar_get_status (f->find_bar), ==, "No matches");

  /* An invalid regular expression is shown and not applied. */
  sonde_find_bar_set_pattern (f->find_bar, "price", FALSE, FALSE);
  g_assert_cmpuint (sonde_log_filter_get_n_matches (sonde_log_view_get_filter (f->view)), ==, 1);
  sonde_find_bar_set_pattern (f->find_bar, "heart(", TRUE, FALSE);
  g_assert_true (sonde_find_bar_get_invalid (f->find_bar));
  g_assert_true (g_str_has_prefix (sonde_find_bar_get_status (f->find_bar), "Invalid regular expression"));
  g_assert_cmpstr (sonde_matcher_get_pattern (sonde_log_view_get_find (f->view)), ==, "price");
  g_assert_false (sonde_find_bar_next (f->find_bar, FALSE));

  /* Closing the bar stops highlighting. */
  sonde_find_bar_close (f->find_bar);
  g_assert_null (sonde_log_view_get_find (f->view));
}

static void
test_filter_chips (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *shown = sonde_log_view_get_model (f->view);
  static const guint8 bytes[] = { 1, 2, 3 };
  g_autoptr(SondeEvent) error = sonde_event_new (SONDE_EVENT_ERROR, "test");

  sonde_event_set_string (error, "message", "refused");
  append_text (f, "in", "a", NULL);
  append_text (f, "out", "b", NULL);
  append_bytes (f, bytes, sizeof bytes, TRUE);
  sonde_log_append (f->log, error);
  flush (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 4);

  gtk_toggle_button_set_active (sonde_filter_bar_get_chip (f->filter_bar, SONDE_LOG_SHOW_INBOUND), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  g_assert_false (sonde_log_view_get_show (f->view) & SONDE_LOG_SHOW_INBOUND);
  gtk_toggle_button_set_active (sonde_filter_bar_get_chip (f->filter_bar, SONDE_LOG_SHOW_ERRORS), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  gtk_toggle_button_set_active (sonde_filter_bar_get_chip (f->filter_bar, SONDE_LOG_SHOW_INBOUND), TRUE);
  gtk_toggle_button_set_active (sonde_filter_bar_get_chip (f->filter_bar, SONDE_LOG_SHOW_TEXT), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);  /* the binary one */

  /* Combined with find: matches only among the rows shown. */
  gtk_toggle_button_set_active (sonde_filter_bar_get_chip (f->filter_bar, SONDE_LOG_SHOW_TEXT), TRUE);
  sonde_find_bar_set_pattern (f->find_bar, "^[ab]$", TRUE, FALSE);
  g_assert_cmpstr (sonde_find_bar_get_status (f->find_bar), ==, "2 matches");
  gtk_toggle_button_set_active (sonde_filter_bar_get_chip (f->filter_bar, SONDE_LOG_SHOW_OUTBOUND), FALSE);
  g_assert_cmpstr (sonde_find_bar_get_status (f->find_bar), ==, "1 match");

  /* The chips follow the view. */
  sonde_log_view_set_show (f->view, SONDE_LOG_SHOW_ALL);
  g_assert_true (gtk_toggle_button_get_active (sonde_filter_bar_get_chip (f->filter_bar, SONDE_LOG_SHOW_OUTBOUND)));
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (SONDE_IS_EVENT_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* The bound row showing @text. */
static SondeEventRow *
row_for (Fixture    *f,
         const char *text)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (sonde_log_view_get_list_view (f->view)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SondeEvent *event = sonde_event_row_get_event (rows->pdata[i]);

      if (event != NULL && g_strcmp0 (sonde_event_get_string (event, "text"), text) == 0)
        return rows->pdata[i];
    }
  return NULL;
}

static void
append_at (Fixture    *f,
           const char *name,
           const char *text,
           gint64      wall_us)
{
  g_autoptr(SondeEvent) event = sonde_event_new_at (name, "test", wall_us);

  if (text != NULL)
    {
      sonde_event_set_string (event, "direction", "in");
      sonde_event_set_string (event, "kind", "text");
      sonde_event_set_string (event, "text", text);
    }
  sonde_log_append (f->log, event);
}

static void
test_time_column (Fixture       *f,
                  gconstpointer  data)
{
  gint64 t0 = 1796468152000000;
  SondeEventRow *row;

  append_at (f, SONDE_EVENT_MESSAGE, "before", t0);
  append_at (f, SONDE_EVENT_OPEN, NULL, t0 + 1000000);
  append_at (f, SONDE_EVENT_MESSAGE, "first", t0 + 1250000);
  append_at (f, SONDE_EVENT_MESSAGE, "second", t0 + 63500000);
  flush (f);
  g_object_set (f->view, "utc", TRUE, NULL);
  g_assert_true (sonde_test_wait_for (row_for (f, "second") != NULL, 5000));
  row = row_for (f, "second");
  g_assert_nonnull (row);

  g_object_set (f->view, "time-column", "delta", NULL);
  g_assert_cmpstr (sonde_event_row_get_time_text (row_for (f, "first")), ==, "+0.250 s");
  g_assert_cmpstr (sonde_event_row_get_time_text (row_for (f, "second")), ==, "+0:01:02.250");
  g_assert_cmpstr (sonde_event_row_get_time_text (row_for (f, "before")), ==, "—");

  g_object_set (f->view, "time-column", "since-open", NULL);
  g_assert_cmpstr (sonde_event_row_get_time_text (row_for (f, "first")), ==, "+0.250 s");
  g_assert_cmpstr (sonde_event_row_get_time_text (row_for (f, "second")), ==, "+0:01:02.500");
  g_assert_cmpstr (sonde_event_row_get_time_text (row_for (f, "before")), ==, "—");

  g_object_set (f->view, "time-column", "clock", NULL);
  g_assert_cmpstr (sonde_event_row_get_time_text (row_for (f, "first")), ==, "10:55:53.250");
}

static gint64 last_frame, longest_frame;

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_frame > 0 && now - last_frame > longest_frame)
    longest_frame = now - last_frame;
  last_frame = now;
  return G_SOURCE_CONTINUE;
}

/* Each chip and find on 100 000 rows in a mapped view: the counts are
 * right, and the longest gap between two frames is reported (not
 * asserted: it depends on the machine's load). */
static void
test_filter_100k (Fixture       *f,
                  gconstpointer  data)
{
  GListModel *shown = sonde_log_view_get_model (f->view);
  guint tick;
  SondeRecord record;

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"seq\":%u,\"kind\":\"%s\"}", i, i % 4 == 0 ? "heart-ok" : "quote");

      sonde_record_init (&record, SONDE_RECORD_MESSAGE, "test");
      record.direction = i % 2 ? SONDE_DIRECTION_IN : SONDE_DIRECTION_OUT;
      sonde_record_set_text (&record, text);
      record.size = record.text_len;
      sonde_log_append_record (f->log, &record);
    }
  flush (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 100000);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (f->view), frame_cb, NULL, NULL);
  sonde_test_spin_for (100);

  longest_frame = 0;
  {
    gint64 t0 = g_get_monotonic_time ();
    gtk_toggle_button_set_active (sonde_filter_bar_get_chip (f->filter_bar, SONDE_LOG_SHOW_INBOUND), FALSE);
    g_test_message ("set_active took %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  }
  g_assert_true (sonde_test_wait_for (g_list_model_get_n_items (shown) == 50000, 30000));
  sonde_test_spin_for (100);
  g_test_message ("hide received on 100 000 rows: longest frame gap %.1f ms", longest_frame / 1000.0);

  longest_frame = 0;
  sonde_find_bar_set_pattern (f->find_bar, "heart.*ok\"\\}$", TRUE, FALSE);
  g_assert_true (sonde_test_wait_for (!sonde_log_filter_get_busy (sonde_log_view_get_filter (f->view)), 30000));
  g_assert_cmpuint (sonde_log_filter_get_n_matches (sonde_log_view_get_filter (f->view)), ==, 25000);
  sonde_test_spin_for (100);
  g_test_message ("regex find on 50 000 rows: longest frame gap %.1f ms", longest_frame / 1000.0);

  longest_frame = 0;
  gtk_toggle_button_set_active (sonde_filter_bar_get_chip (f->filter_bar, SONDE_LOG_SHOW_INBOUND), TRUE);
  g_assert_true (sonde_test_wait_for (g_list_model_get_n_items (shown) == 100000, 30000));
  g_assert_true (sonde_test_wait_for (!sonde_log_filter_get_busy (sonde_log_view_get_filter (f->view)), 30000));
  g_assert_cmpuint (sonde_log_filter_get_n_matches (sonde_log_view_get_filter (f->view)), ==, 25000);
  sonde_test_spin_for (100);
  g_test_message ("show all again (and find) on 100 000 rows: longest frame gap %.1f ms", longest_frame / 1000.0);
  gtk_widget_remove_tick_callback (GTK_WIDGET (f->view), tick);
}

/* Pairing and replay facts: the line's number, which request a reply
 * answers and after how long, what a replayed message plays. */
static void
test_pairing_facts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SondeEvent) reply = sonde_event_new (SONDE_EVENT_MESSAGE, "test");
  g_autoptr(SondeEvent) replayed = sonde_event_new (SONDE_EVENT_MESSAGE, "test");
  g_autofree char *facts = NULL;

  sonde_event_set_int (reply, "seq", 12);
  sonde_event_set_string (reply, "direction", "in");
  sonde_event_set_string (reply, "kind", "text");
  sonde_event_set_int (reply, "size", 8);
  sonde_event_set_int (reply, "reply_to", 9);
  json_object_set_double_member (sonde_event_get_fields (reply), "latency_ms", 22.6);
  sonde_event_set_string (reply, "text", "{\"id\":3}");
  sonde_log_append (f->log, reply);
  select_last (f);
  facts = sonde_detail_pane_dup_facts (f->pane);
  assert_contains (facts, "Number: #12\n");
  assert_contains (facts, "Reply to: #9 after 22.6 ms");
  g_clear_pointer (&facts, g_free);

  sonde_event_set_int (replayed, "seq", 13);
  sonde_event_set_string (replayed, "direction", "out");
  sonde_event_set_string (replayed, "kind", "text");
  sonde_event_set_int (replayed, "size", 2);
  sonde_event_set_int (replayed, "replay_of", 4);
  sonde_event_set_string (replayed, "text", "hi");
  sonde_log_append (f->log, replayed);
  select_last (f);
  facts = sonde_detail_pane_dup_facts (f->pane);
  assert_contains (facts, "Replays: #4 of the recording\n");
  g_assert_null (strstr (facts, "Reply to"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add ("/sonde/detail-pane/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("json", test_json);
  ADD ("binary", test_binary);
  ADD ("invalid-utf8", test_invalid_utf8);
  ADD ("close", test_close);
  ADD ("failed-handshake", test_failed_handshake);
  ADD ("find", test_find);
  ADD ("filter-chips", test_filter_chips);
  ADD ("time-column", test_time_column);
  ADD ("filter-100k", test_filter_100k);
  ADD ("pairing-facts", test_pairing_facts);
#undef ADD

  return g_test_run ();
}
