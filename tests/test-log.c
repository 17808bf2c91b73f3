/* test-log.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sonde-log.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_items;  /* what the model said during the emission */
} Change;

typedef struct
{
  GArray *changes;
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  Change change = { position, removed, added, g_list_model_get_n_items (model) };

  g_array_append_val (recorder->changes, change);
}

static Recorder *
recorder_new (SondeLog *log)
{
  Recorder *recorder = g_new0 (Recorder, 1);

  recorder->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), recorder);
  return recorder;
}

static void
recorder_free (Recorder *recorder)
{
  g_array_unref (recorder->changes);
  g_free (recorder);
}

static void
assert_change (Recorder *recorder,
               guint     index,
               guint     position,
               guint     removed,
               guint     added,
               guint     n_items)
{
  Change *change;

  g_assert_cmpuint (index, <, recorder->changes->len);
  change = &g_array_index (recorder->changes, Change, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_assert_cmpuint (change->n_items, ==, n_items);
}

/* An inbound text message whose text is its number. */
static SondeEvent *
numbered_event (guint n)
{
  SondeEvent *event = sonde_event_new (SONDE_EVENT_MESSAGE, "test");
  g_autofree char *text = g_strdup_printf ("%u", n);

  sonde_event_set_string (event, "direction", "in");
  sonde_event_set_string (event, "kind", "text");
  sonde_event_set_int (event, "size", strlen (text));
  sonde_event_set_string (event, "text", text);
  return event;
}

static void
append_numbered_record (SondeLog *log,
                        guint     n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);
  SondeRecord record;

  sonde_record_init (&record, SONDE_RECORD_MESSAGE, "test");
  record.direction = SONDE_DIRECTION_IN;
  sonde_record_set_text (&record, text);
  record.size = record.text_len;
  sonde_log_append_record (log, &record);
}

static gint64
item_number (SondeLog *log,
             guint     position)
{
  g_autoptr(SondeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), position);
  const SondeRecord *record = sonde_log_get_record (log, position);
  const char *text;

  g_assert_nonnull (event);
  g_assert_nonnull (record);
  g_assert_cmpstr (sonde_event_get_name (event), ==, SONDE_EVENT_MESSAGE);
  g_assert_cmpstr (sonde_event_get_string (event, "direction"), ==, "in");
  text = sonde_event_get_string (event, "text");
  g_assert_nonnull (text);
  /* The item and the stored record say the same. */
  g_assert_cmpuint (record->text_len, ==, strlen (text));
  g_assert_true (memcmp (record->text, text, record->text_len) == 0);
  return g_ascii_strtoll (text, NULL, 10);
}

static void
append_numbered (SondeLog *log,
                 guint     from,
                 guint     to)
{
  for (guint i = from; i < to; i++)
    {
      g_autoptr(SondeEvent) event = numbered_event (i);

      sonde_log_append (log, event);
    }
}

static void
test_log_append (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (0);
  Recorder *recorder = recorder_new (log);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == SONDE_TYPE_EVENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 0));

  append_numbered (log, 0, 200);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 200);
  for (guint i = 0; i < 200; i++)
    g_assert_cmpint (item_number (log, i), ==, i);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 200));

  g_assert_cmpuint (recorder->changes->len, ==, 200);
  for (guint i = 0; i < 200; i++)
    assert_change (recorder, i, i, 0, 1, i + 1);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 0);

  recorder_free (recorder);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_log_cap (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (5);
  Recorder *recorder;

  append_numbered (log, 0, 5);
  recorder = recorder_new (log);

  append_numbered (log, 5, 8);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (item_number (log, i), ==, i + 3);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 3);

  /* Each append past the cap is a removal at the front, then an
   * addition at the end; the model is consistent during each emission. */
  g_assert_cmpuint (recorder->changes->len, ==, 6);
  for (guint i = 0; i < 3; i++)
    {
      assert_change (recorder, 2 * i, 0, 1, 0, 4);
      assert_change (recorder, 2 * i + 1, 4, 0, 1, 5);
    }

  recorder_free (recorder);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_log_cap_one (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (1);

  append_numbered (log, 0, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  g_assert_cmpint (item_number (log, 0), ==, 9);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 9);

  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_log_set_max_items (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (100);
  Recorder *recorder;
  guint64 dropped = 0;

  append_numbered (log, 0, 50);
  recorder = recorder_new (log);

  sonde_log_set_max_items (log, 20);
  g_object_get (log, "n-dropped", &dropped, NULL);
  g_assert_cmpuint (dropped, ==, 30);
  g_assert_cmpuint (sonde_log_get_max_items (log), ==, 20);
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  assert_change (recorder, 0, 0, 30, 0, 20);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpint (item_number (log, i), ==, i + 30);

  /* The ring wraps around after the shrink, and the order holds. */
  append_numbered (log, 50, 75);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 20);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpint (item_number (log, i), ==, i + 55);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 55);

  /* Raising the cap keeps everything and lets the log grow again. */
  sonde_log_set_max_items (log, 0);
  append_numbered (log, 75, 300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 245);
  for (guint i = 0; i < 245; i++)
    g_assert_cmpint (item_number (log, i), ==, i + 55);

  recorder_free (recorder);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_log_clear (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (10);
  Recorder *recorder;

  append_numbered (log, 0, 15);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 5);
  recorder = recorder_new (log);

  sonde_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 0);
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  assert_change (recorder, 0, 0, 10, 0, 0);

  /* Clearing an empty log says nothing. */
  sonde_log_clear (log);
  g_assert_cmpuint (recorder->changes->len, ==, 1);

  append_numbered (log, 100, 103);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3);
  g_assert_cmpint (item_number (log, 0), ==, 100);
  assert_change (recorder, 1, 0, 0, 1, 1);

  recorder_free (recorder);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

/* Batch mode: appends wait for a flush, and one flush is at most one
 * removal and one addition, whatever the number of appends. */
static void
test_log_batch (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (1000);
  Recorder *recorder = recorder_new (log);
  guint pending = 0;

  g_signal_connect_swapped (log, "pending", G_CALLBACK (count_cb), &pending);

  sonde_log_set_batch (log, TRUE);
  for (guint i = 0; i < 300; i++)
    append_numbered_record (log, i);
  g_assert_cmpuint (recorder->changes->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (sonde_log_get_n_pending (log), ==, 300);
  g_assert_cmpuint (pending, ==, 1);

  sonde_log_flush (log);
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  assert_change (recorder, 0, 0, 0, 300, 300);
  g_assert_cmpuint (sonde_log_get_n_pending (log), ==, 0);
  for (guint i = 0; i < 300; i++)
    g_assert_cmpint (item_number (log, i), ==, i);

  /* A flush with nothing new says nothing. */
  sonde_log_flush (log);
  g_assert_cmpuint (recorder->changes->len, ==, 1);

  /* Past the cap: the oldest rows go at the front, the new ones come at
   * the end: at most two changes for 1 500 appends. */
  for (guint i = 300; i < 1800; i++)
    append_numbered_record (log, i);
  g_assert_cmpuint (pending, ==, 2);
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  sonde_log_flush (log);
  g_assert_cmpuint (recorder->changes->len, ==, 3);
  /* Everything shown before was dropped: a removal of it all, then the
   * addition of what is kept. */
  assert_change (recorder, 1, 0, 300, 0, 0);
  assert_change (recorder, 2, 0, 0, 1000, 1000);
  g_assert_cmpint (item_number (log, 0), ==, 800);
  g_assert_cmpint (item_number (log, 999), ==, 1799);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 800);

  for (guint i = 1800; i < 2100; i++)
    append_numbered_record (log, i);
  sonde_log_flush (log);
  g_assert_cmpuint (recorder->changes->len, ==, 5);
  assert_change (recorder, 3, 0, 300, 0, 700);
  assert_change (recorder, 4, 700, 0, 300, 1000);
  g_assert_cmpint (item_number (log, 0), ==, 1100);
  g_assert_cmpint (item_number (log, 999), ==, 2099);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 1100);

  /* Leaving batch mode publishes what waits. */
  append_numbered_record (log, 2100);
  sonde_log_set_batch (log, FALSE);
  g_assert_cmpint (item_number (log, 999), ==, 2100);

  recorder_free (recorder);
  g_assert_finalize_object (g_steal_pointer (&log));
}

/* The cap drops record by record (the count is exact) while memory is
 * freed chunk by chunk: it stays flat once the cap is reached. */
static void
test_log_chunk_eviction (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (5000);
  g_autoptr(SondeLog) unbounded = sonde_log_new (0);
  gsize at_20k, at_200k;

  sonde_log_set_batch (log, TRUE);
  for (guint i = 0; i < 20000; i++)
    {
      append_numbered_record (log, i);
      if (i % 997 == 0)
        sonde_log_flush (log);
    }
  sonde_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5000);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 15000);
  g_assert_cmpint (item_number (log, 0), ==, 15000);
  g_assert_cmpint (item_number (log, 4999), ==, 19999);
  at_20k = sonde_log_get_memory_size (log);

  for (guint i = 20000; i < 200000; i++)
    {
      append_numbered_record (log, i);
      if (i % 1009 == 0)
        sonde_log_flush (log);
    }
  sonde_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5000);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 195000);
  g_assert_cmpuint (sonde_log_get_n_appended (log), ==, 200000);
  g_assert_cmpint (item_number (log, 0), ==, 195000);
  g_assert_cmpint (item_number (log, 4999), ==, 199999);
  at_200k = sonde_log_get_memory_size (log);
  g_test_message ("memory with 5000 kept: %zu after 20 000, %zu after 200 000", at_20k, at_200k);
  /* Within one chunk of each other: nothing accumulates. */
  g_assert_cmpuint (at_200k, <=, at_20k + at_20k / 2);

  /* Without a cap the same appends keep everything. */
  for (guint i = 0; i < 200000; i++)
    append_numbered_record (unbounded, i);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (unbounded)), ==, 200000);
  g_assert_cmpint (item_number (unbounded, 123456), ==, 123456);
  g_assert_cmpuint (sonde_log_get_memory_size (unbounded), >, 20 * at_200k);
  /* A compact record: well under 250 bytes for each short message. */
  g_assert_cmpuint (sonde_log_get_memory_size (unbounded) / 200000, <, 250);

  g_assert_finalize_object (g_steal_pointer (&log));
  g_assert_finalize_object (g_steal_pointer (&unbounded));
}

/* The payload is kept byte for byte: a NUL inside a text frame, every byte
 * value of a binary one, bytes that are not UTF-8. */
static void
test_log_exact_bytes (void)
{
  static const guint8 with_nul[] = { 'b', 'e', 'f', 'o', 'r', 'e', 0, 'a', 'f', 't', 'e', 'r' };
  static const guint8 not_utf8[] = { 'o', 'k', 0xff, 0xfe, '!' };
  g_autoptr(SondeLog) log = sonde_log_new (0);
  guint8 binary[256];
  const struct { const guint8 *data; gsize len; gboolean binary; } cases[] = {
    { with_nul, sizeof with_nul, FALSE },
    { binary, sizeof binary, TRUE },
    { not_utf8, sizeof not_utf8, FALSE },
  };

  for (guint i = 0; i < 256; i++)
    binary[i] = i;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SondeRecord record;

      sonde_record_init (&record, SONDE_RECORD_MESSAGE, "test");
      record.direction = SONDE_DIRECTION_IN;
      record.text = cases[i].data;
      record.text_len = record.size = cases[i].len;
      if (cases[i].binary)
        record.flags |= SONDE_RECORD_FLAG_BINARY;
      sonde_log_append_record (log, &record);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SondeRecord *stored = sonde_log_get_record (log, i);
      g_autoptr(SondeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autoptr(JsonNode) node = sonde_record_to_json_node (stored);
      g_autofree char *json = json_to_string (node, FALSE);
      GBytes *payload = sonde_event_get_payload (event);

      g_assert_cmpuint (stored->text_len, ==, cases[i].len);
      g_assert_cmpuint (stored->size, ==, cases[i].len);
      g_assert_true (memcmp (stored->text, cases[i].data, cases[i].len) == 0);
      g_assert_nonnull (payload);
      g_assert_cmpuint (g_bytes_get_size (payload), ==, cases[i].len);
      g_assert_true (memcmp (g_bytes_get_data (payload, NULL), cases[i].data, cases[i].len) == 0);
      /* What is written out is valid UTF-8 JSON, whatever the bytes. */
      g_assert_true (g_utf8_validate (json, -1, NULL));
      g_assert_cmpint (sonde_event_get_int (event, "size", -1), ==, cases[i].len);
    }

  /* Binary: base64 of every byte. */
  {
    g_autoptr(SondeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), 1);
    g_autofree char *b64 = g_base64_encode (binary, sizeof binary);

    g_assert_cmpstr (sonde_event_get_string (event, "kind"), ==, "binary");
    g_assert_cmpstr (sonde_event_get_string (event, "base64"), ==, b64);
  }
  /* Not UTF-8: marked, and shown with replacement characters. */
  {
    g_autoptr(SondeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), 2);

    g_assert_true (sonde_event_get_boolean (event, "invalid_utf8"));
    g_assert_cmpstr (sonde_event_get_string (event, "text"), ==, "ok\xef\xbf\xbd\xef\xbf\xbd!");
  }
  /* A NUL is valid UTF-8: not marked invalid, shown as U+FFFD, and the
   * exact bytes go along. */
  {
    g_autoptr(SondeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), 0);
    g_autofree char *b64 = g_base64_encode (with_nul, sizeof with_nul);

    g_assert_false (sonde_event_has_field (event, "invalid_utf8"));
    g_assert_cmpstr (sonde_event_get_string (event, "kind"), ==, "text");
    g_assert_cmpstr (sonde_event_get_string (event, "text"), ==, "before\xef\xbf\xbd" "after");
    g_assert_cmpstr (sonde_event_get_string (event, "base64"), ==, b64);
  }

  g_assert_finalize_object (g_steal_pointer (&log));
}

/* Events the log does not know are not stored; known ones keep their
 * fields through the store. */
static void
test_log_event_fields (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (0);
  g_autoptr(SondeEvent) close = sonde_event_new (SONDE_EVENT_CLOSE, "c1");
  g_autoptr(SondeEvent) unknown = sonde_event_new ("no-such-event", "c1");
  g_autoptr(SondeEvent) back = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  sonde_event_set_int (close, "code", 4001);
  sonde_event_set_string (close, "reason", "bye");
  sonde_event_set_boolean (close, "clean", TRUE);
  sonde_event_set_string (close, "initiator", "server");
  sonde_log_append (log, unknown);
  sonde_log_append (log, close);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);

  back = g_list_model_get_item (G_LIST_MODEL (log), 0);
  a = sonde_event_to_json (close);
  b = sonde_event_to_json (back);
  g_assert_cmpstr (a, ==, b);

  g_assert_finalize_object (g_steal_pointer (&log));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/log/append", test_log_append);
  g_test_add_func ("/sonde/log/cap", test_log_cap);
  g_test_add_func ("/sonde/log/cap-one", test_log_cap_one);
  g_test_add_func ("/sonde/log/set-max-items", test_log_set_max_items);
  g_test_add_func ("/sonde/log/clear", test_log_clear);
  g_test_add_func ("/sonde/log/batch", test_log_batch);
  g_test_add_func ("/sonde/log/chunk-eviction", test_log_chunk_eviction);
  g_test_add_func ("/sonde/log/exact-bytes", test_log_exact_bytes);
  g_test_add_func ("/sonde/log/event-fields", test_log_event_fields);

  return g_test_run ();
}
