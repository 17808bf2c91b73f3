/* test-pairing.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Request/response pairing and sequence numbers, against an independent
 * peer (python3-websockets, tests/peers/ws_peer.py --rpc) that answers each
 * request after the delay the request asks for, and some not at all. */

#include <string.h>

#include "sonde-json.h"
#include "sonde-pairing.h"
#include "sonde-session.h"
#include "sonde-test-util.h"

typedef struct
{
  GSubprocess      *peer;
  char             *url;
  SondeProfile     *profile;
  SondeSession     *session;
  GOutputStream    *memory;
  SondeEventWriter *writer;
  SondeLog         *log;
} Fixture;

static void
fixture_start (Fixture    *f,
               const char *path,
               guint       timeout_ms)
{
  const char *argv[] = { "--rpc", path, NULL };
  g_autoptr(GError) error = NULL;

  f->peer = sonde_test_spawn_python_peer (argv, &f->url, &error);
  g_assert_no_error (error);
  f->profile = sonde_profile_new ();
  sonde_profile_set_url (f->profile, f->url);
  g_object_set (f->profile, "pair-by", path, "pair-timeout", timeout_ms, NULL);
  f->session = sonde_session_new (f->profile);
  f->memory = g_memory_output_stream_new_resizable ();
  f->writer = sonde_event_writer_new (f->memory);
  sonde_session_set_output (f->session, f->writer);
  f->log = sonde_log_new (0);
  sonde_session_set_log (f->session, f->log);
  g_assert_true (sonde_session_connect (f->session, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->session != NULL)
    {
      sonde_session_disconnect (f->session);
      g_assert_true (sonde_test_wait_for (!sonde_session_get_active (f->session), 5000));
      g_assert_finalize_object (g_steal_pointer (&f->session));
    }
  if (f->peer != NULL)
    {
      g_subprocess_send_signal (f->peer, SIGTERM);
      g_subprocess_wait (f->peer, NULL, NULL);
      g_clear_object (&f->peer);
    }
  g_clear_object (&f->writer);
  g_clear_object (&f->log);
  g_clear_object (&f->memory);
  g_clear_object (&f->profile);
  g_free (f->url);
}

/* The lines written so far, parsed. */
static GPtrArray *
lines (Fixture *f)
{
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_auto(GStrv) split = NULL;
  g_autofree char *text = NULL;
  const char *data;
  gsize size;

  g_assert_true (sonde_event_writer_flush (f->writer, NULL));
  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (f->memory));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (f->memory));
  text = g_strndup (data ? data : "", size);
  split = g_strsplit (text, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node;

      if (split[i][0] == '\0')
        continue;
      node = sonde_json_parse (split[i], -1, SONDE_JSON_MAX_LINE_SIZE, SONDE_JSON_MAX_DEPTH, &error);
      g_assert_no_error (error);
      g_ptr_array_add (objects, node);
    }
  return objects;
}

static JsonObject *
object_at (GPtrArray *objects,
           guint      i)
{
  return json_node_get_object (objects->pdata[i]);
}

/* The line of the message event with @direction and @text, or NULL. */
static JsonObject *
find_message (GPtrArray  *objects,
              const char *direction,
              const char *text)
{
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *o = object_at (objects, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "event", ""), "message") == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (o, "direction", ""), direction) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (o, "text", ""), text) == 0)
        return o;
    }
  return NULL;
}

static guint
count_events (GPtrArray  *objects,
              const char *name)
{
  guint n = 0;

  for (guint i = 0; i < objects->len; i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (object_at (objects, i), "event", ""), name) == 0)
      n++;
  return n;
}

static void
wait_open (Fixture *f)
{
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (f->session) == SONDE_STATE_OPEN, 5000));
}

static void
send (Fixture    *f,
      const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_session_send_text (f->session, text, &error));
  g_assert_no_error (error);
}

static void
assert_reply (GPtrArray  *objects,
              const char *request,
              const char *reply,
              double      min_latency_ms)
{
  JsonObject *out = find_message (objects, "out", request);
  JsonObject *in = find_message (objects, "in", reply);

  g_assert_nonnull (out);
  g_assert_nonnull (in);
  g_assert_cmpint (json_object_get_int_member (in, "reply_to"), ==, json_object_get_int_member (out, "seq"));
  g_assert_cmpfloat (json_object_get_double_member (in, "latency_ms"), >=, min_latency_ms);
  /* A reply on loopback comes well before the request's own delay plus 2 s. */
  g_assert_cmpfloat (json_object_get_double_member (in, "latency_ms"), <, min_latency_ms + 2000);
}

static void
test_pairing_rpc (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) objects = NULL;
  JsonObject *no_reply = NULL;
  gint64 previous = 0;

  fixture_start (f, "id", 400);
  wait_open (f);

  send (f, "{\"id\":1,\"delay_ms\":120}");
  send (f, "{\"id\":\"b\",\"delay_ms\":30}");
  send (f, "{\"id\":3,\"method\":\"ignore\"}");
  send (f, "plain text with \"id\"");
  send (f, "{\"other\":1}");
  g_assert_true (sonde_test_wait_for (({ g_autoptr(GPtrArray) o = lines (f);
                                         count_events (o, "no-reply") == 1 &&
                                         find_message (o, "in", "{\"reply\": true, \"id\": 1}") != NULL; }),
                                      5000));
  objects = lines (f);

  assert_reply (objects, "{\"id\":\"b\",\"delay_ms\":30}", "{\"reply\": true, \"id\": \"b\"}", 30);
  assert_reply (objects, "{\"id\":1,\"delay_ms\":120}", "{\"reply\": true, \"id\": 1}", 120);

  /* Echoes of what is not a request, and requests themselves, are no replies. */
  g_assert_false (json_object_has_member (find_message (objects, "in", "plain text with \"id\""), "reply_to"));
  g_assert_false (json_object_has_member (find_message (objects, "in", "{\"other\":1}"), "reply_to"));
  g_assert_false (json_object_has_member (find_message (objects, "out", "{\"id\":1,\"delay_ms\":120}"), "reply_to"));

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *o = object_at (objects, i);
      gint64 seq = json_object_get_int_member_with_default (o, "seq", 0);

      /* Every line has a seq, strictly increasing from 1. */
      g_assert_cmpint (seq, ==, previous + 1);
      previous = seq;
      if (g_strcmp0 (json_object_get_string_member (o, "event"), "no-reply") == 0)
        no_reply = o;
    }
  g_assert_nonnull (no_reply);
  g_assert_cmpint (json_object_get_int_member (no_reply, "request_seq"), ==,
                   json_object_get_int_member (find_message (objects, "out", "{\"id\":3,\"method\":\"ignore\"}"), "seq"));
  g_assert_cmpint (json_object_get_int_member (no_reply, "waited_ms"), >=, 400);
  g_assert_cmpint (json_object_get_int_member (no_reply, "waited_ms"), <, 3000);

  /* In the window's log, the unanswered request is marked, and only it. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->log)); i++)
    {
      const SondeRecord *record = sonde_log_get_record (f->log, i);
      gboolean ignored = record->type == SONDE_RECORD_MESSAGE &&
                         record->direction == SONDE_DIRECTION_OUT &&
                         record->seq == (guint64) json_object_get_int_member (no_reply, "request_seq");

      g_assert_cmpint (sonde_log_find_seq (f->log, record->seq), ==, i);
      g_assert_cmpint (!!(record->flags & SONDE_RECORD_FLAG_UNANSWERED), ==, ignored);
    }
  g_assert_cmpint (sonde_log_find_seq (f->log, 100000), ==, -1);
}

/* Paths into nested objects and arrays. */
static void
test_pairing_nested_path (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) objects = NULL;

  fixture_start (f, "meta.items.1.req_id", 5000);
  wait_open (f);
  send (f, "{\"meta\":{\"items\":[{\"req_id\":9},{\"req_id\":\"x7\"}]},\"delay_ms\":5}");
  g_assert_true (sonde_test_wait_for (({ g_autoptr(GPtrArray) o = lines (f);
                                         count_events (o, "message") == 2; }), 5000));
  objects = lines (f);
  assert_reply (objects, "{\"meta\":{\"items\":[{\"req_id\":9},{\"req_id\":\"x7\"}]},\"delay_ms\":5}",
                "{\"reply\": true, \"meta\": {\"items\": {\"1\": {\"req_id\": \"x7\"}}}}", 5);
}

static void
message (SondeRecord    *record,
         SondeDirection  direction,
         guint64         seq,
         gint64          mono_us,
         const char     *text)
{
  sonde_record_init (record, SONDE_RECORD_MESSAGE, "t");
  record->direction = direction;
  record->seq = seq;
  record->mono_us = mono_us;
  sonde_record_set_text (record, text);
}

/* Without a display or a peer: equal values, the order of duplicates, and
 * the cost (what is parsed at all). */
static void
test_pairing_rules (void)
{
  g_autoptr(SondePairing) pairing = sonde_pairing_new ("id", 1000);
  SondeRecord r;

  message (&r, SONDE_DIRECTION_OUT, 1, 1000, "{\"id\":7}");
  sonde_pairing_observe (pairing, &r);
  message (&r, SONDE_DIRECTION_OUT, 2, 2000, "{\"id\":7}");
  sonde_pairing_observe (pairing, &r);
  message (&r, SONDE_DIRECTION_OUT, 3, 3000, "{\"id\":\"7\"}");
  sonde_pairing_observe (pairing, &r);
  g_assert_cmpuint (sonde_pairing_get_n_pending (pairing), ==, 3);
  g_assert_cmpuint (sonde_pairing_get_n_parsed (pairing), ==, 3);

  /* Not JSON, or JSON without the name: not parsed at all. */
  message (&r, SONDE_DIRECTION_IN, 4, 4000, "heart-check-ok");
  sonde_pairing_observe (pairing, &r);
  message (&r, SONDE_DIRECTION_IN, 5, 4000, "{\"type\":\"status\",\"n\":7}");
  sonde_pairing_observe (pairing, &r);
  g_assert_cmpuint (r.reply_to, ==, 0);
  g_assert_cmpuint (sonde_pairing_get_n_parsed (pairing), ==, 3);

  /* 7.0 is 7; duplicates are answered oldest first. */
  message (&r, SONDE_DIRECTION_IN, 6, 5500, "{\"id\":7.0}");
  sonde_pairing_observe (pairing, &r);
  g_assert_cmpuint (r.reply_to, ==, 1);
  g_assert_true (r.flags & SONDE_RECORD_FLAG_HAS_LATENCY);
  g_assert_cmpint (r.num[1], ==, 4500);
  message (&r, SONDE_DIRECTION_IN, 7, 6000, "{\"id\":7}");
  sonde_pairing_observe (pairing, &r);
  g_assert_cmpuint (r.reply_to, ==, 2);
  /* No third 7 is waiting; the string "7" is another value. */
  message (&r, SONDE_DIRECTION_IN, 8, 6000, "{\"id\":7}");
  sonde_pairing_observe (pairing, &r);
  g_assert_cmpuint (r.reply_to, ==, 0);
  message (&r, SONDE_DIRECTION_IN, 9, 7000, "{\"id\":\"7\"}");
  sonde_pairing_observe (pairing, &r);
  g_assert_cmpuint (r.reply_to, ==, 3);
  g_assert_cmpuint (sonde_pairing_get_n_pending (pairing), ==, 0);

  /* Nothing waits: inbound JSON is not even parsed. */
  message (&r, SONDE_DIRECTION_IN, 10, 8000, "{\"id\":1}");
  sonde_pairing_observe (pairing, &r);
  g_assert_cmpuint (sonde_pairing_get_n_parsed (pairing), ==, 7);
}

static void
test_pairing_paths (void)
{
  const char *good[] = { "id", "meta.req_id", "items.0.id", "0" };
  const char *bad[] = { "", ".", "a..b", "a.", ".a" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (sonde_pairing_validate_path (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (sonde_pairing_validate_path (bad[i], &error));
      g_assert_nonnull (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sonde/pairing/rpc", Fixture, NULL, NULL, test_pairing_rpc, fixture_tear_down);
  g_test_add ("/sonde/pairing/nested-path", Fixture, NULL, NULL, test_pairing_nested_path, fixture_tear_down);
  g_test_add_func ("/sonde/pairing/rules", test_pairing_rules);
  g_test_add_func ("/sonde/pairing/paths", test_pairing_paths);

  return g_test_run ();
}
