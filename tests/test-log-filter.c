/* test-log-filter.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sonde-log-filter.h"
#include "sonde-matcher.h"
#include "sonde-test-util.h"

/* The filters and the find pattern on the log's records, on 100 000 rows.
 * Row i of the test log is, by i % 10:
 *   0 1 2  text in        ("quote 17 price", "heart-ok" every 100th)
 *   3 4    text out       ("order i")
 *   5      binary in      (bytes 0xff 0x00 'B' i)
 *   6      heartbeat out  ("heart-check")
 *   7      heartbeat-reply in ("heart-ok", rtt)
 *   8      connection event (close 1006 on even tens, open otherwise)
 *   9      error          ("Connection refused") */

#define N_ROWS 100000

static void
append_row (SondeLog *log,
            guint     i)
{
  g_autofree char *text = NULL;
  guint8 binary[4] = { 0xff, 0x00, 'B', (guint8) i };
  SondeRecord record;

  switch (i % 10)
    {
    case 0: case 1: case 2:
      sonde_record_init (&record, SONDE_RECORD_MESSAGE, "t");
      record.direction = SONDE_DIRECTION_IN;
      text = i % 100 == 1 ? g_strdup ("heart-ok") : g_strdup_printf ("quote %u price", i);
      break;
    case 3: case 4:
      sonde_record_init (&record, SONDE_RECORD_MESSAGE, "t");
      record.direction = SONDE_DIRECTION_OUT;
      text = g_strdup_printf ("order %u", i);
      break;
    case 5:
      sonde_record_init (&record, SONDE_RECORD_MESSAGE, "t");
      record.direction = SONDE_DIRECTION_IN;
      record.flags |= SONDE_RECORD_FLAG_BINARY;
      record.text = binary;
      record.text_len = record.size = sizeof binary;
      break;
    case 6:
      sonde_record_init (&record, SONDE_RECORD_MESSAGE, "t");
      record.direction = SONDE_DIRECTION_OUT;
      record.role = SONDE_ROLE_HEARTBEAT;
      text = g_strdup ("heart-check");
      break;
    case 7:
      sonde_record_init (&record, SONDE_RECORD_MESSAGE, "t");
      record.direction = SONDE_DIRECTION_IN;
      record.role = SONDE_ROLE_HEARTBEAT_REPLY;
      record.flags |= SONDE_RECORD_FLAG_HAS_RTT;
      record.num[0] = 3;
      text = g_strdup ("heart-ok");
      break;
    case 8:
      if ((i / 10) % 2 == 0)
        {
          sonde_record_init (&record, SONDE_RECORD_CLOSE, "t");
          record.num[0] = 1006;
          record.str[0] = "none";
        }
      else
        sonde_record_init (&record, SONDE_RECORD_OPEN, "t");
      break;
    default:
      sonde_record_init (&record, SONDE_RECORD_ERROR, "t");
      text = g_strdup ("Connection refused");
      break;
    }
  if (text != NULL)
    {
      sonde_record_set_text (&record, text);
      record.size = record.text_len;
    }
  sonde_log_append_record (log, &record);
}

static SondeLog *
big_log (guint n)
{
  SondeLog *log = sonde_log_new (0);

  for (guint i = 0; i < n; i++)
    append_row (log, i);
  return log;
}

typedef struct
{
  guint n_changes;
  guint removed;
  guint added;
} Changes;

static void
changed_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            Changes    *changes)
{
  changes->n_changes++;
  changes->removed += removed;
  changes->added += added;
  /* Never both in one signal (GTK 4.8 would make an item of each row). */
  g_assert_true (removed == 0 || added == 0);
}

static gboolean
count_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Sets @show and waits for the rescan; checks that the model changed
 * once and, when it rescanned in slices, kept the old rows meanwhile and
 * let the main loop run other sources. */
static guint
apply (SondeLogFilter *filter,
       SondeLogShow    show,
       SondeMatcher   *matcher,
       gboolean        must_be_busy)
{
  Changes changes = { 0 };
  guint before = g_list_model_get_n_items (G_LIST_MODEL (filter));
  guint n_other = 0;
  guint other = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, count_cb, &n_other, NULL);
  gulong handler = g_signal_connect (filter, "items-changed", G_CALLBACK (changed_cb), &changes);
  gboolean busy;

  sonde_log_filter_set_show (filter, show);
  sonde_log_filter_set_matcher (filter, matcher);
  busy = sonde_log_filter_get_busy (filter);
  g_assert_true (busy || !must_be_busy);
  if (busy)
    {
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, before);
      g_assert_cmpuint (changes.n_changes, ==, 0);
      g_assert_true (sonde_test_wait_for (!sonde_log_filter_get_busy (filter), 30000));
      g_assert_cmpuint (n_other, >, 0);
    }
  g_source_remove (other);
  g_signal_handler_disconnect (filter, handler);

  /* All rows out, the new ones in: two changes. */
  g_assert_cmpuint (changes.n_changes, ==, 2);
  g_assert_cmpuint (changes.removed, ==, before);
  g_assert_cmpuint (changes.added, ==, g_list_model_get_n_items (G_LIST_MODEL (filter)));
  return g_list_model_get_n_items (G_LIST_MODEL (filter));
}

static guint
apply_show (SondeLogFilter *filter,
            SondeLogShow    show)
{
  return apply (filter, show, sonde_log_filter_get_matcher (filter), FALSE);
}

static void
test_each_filter (void)
{
  g_autoptr(SondeLog) log = big_log (N_ROWS);
  g_autoptr(SondeLogFilter) filter = sonde_log_filter_new (log);
  static const struct { SondeLogShow hide; guint per_ten; } cases[] = {
    { SONDE_LOG_SHOW_INBOUND,    5 },  /* hides 0 1 2 5 7 */
    { SONDE_LOG_SHOW_OUTBOUND,   3 },  /* 3 4 6 */
    { SONDE_LOG_SHOW_CONNECTION, 1 },  /* 8 */
    { SONDE_LOG_SHOW_ERRORS,     1 },  /* 9 */
    { SONDE_LOG_SHOW_HEARTBEAT,  2 },  /* 6 7 */
    { SONDE_LOG_SHOW_TEXT,       7 },  /* 0 1 2 3 4 6 7 */
    { SONDE_LOG_SHOW_BINARY,     1 },  /* 5 */
  };

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, N_ROWS);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint n = apply_show (filter, SONDE_LOG_SHOW_ALL & ~cases[c].hide);

      g_test_message ("hide %x: %u rows", cases[c].hide, n);
      g_assert_cmpuint (n, ==, N_ROWS / 10 * (10 - cases[c].per_ten));
      /* Every row shown is one the filter lets through. */
      for (guint p = 0; p < n; p += 997)
        g_assert_true (sonde_log_filter_record_shown (SONDE_LOG_SHOW_ALL & ~cases[c].hide,
                                                      sonde_log_filter_get_record (filter, p)));
    }

  /* Combined: inbound text without heartbeats = rows 0 1 2. */
  g_assert_cmpuint (apply_show (filter, SONDE_LOG_SHOW_INBOUND | SONDE_LOG_SHOW_TEXT),
                    ==, N_ROWS / 10 * 3);
  g_assert_cmpuint (apply_show (filter, SONDE_LOG_SHOW_ALL), ==, N_ROWS);

  /* A regular expression over 100 000 rows takes more than one slice:
   * the model changes once, at the end, and the main loop turned. */
  {
    g_autoptr(SondeMatcher) orders = sonde_matcher_new ("(order|quote) [0-9]*3\\b", TRUE, FALSE, NULL);

    g_assert_cmpuint (apply (filter, SONDE_LOG_SHOW_ALL, orders, TRUE), ==, N_ROWS / 10);
  }
}

static void
test_filter_and_find (void)
{
  g_autoptr(SondeLog) log = big_log (N_ROWS);
  g_autoptr(SondeLogFilter) filter = sonde_log_filter_new (log);
  g_autoptr(SondeMatcher) heart_ok = sonde_matcher_new ("heart.*ok", TRUE, FALSE, NULL);
  g_autoptr(SondeMatcher) price = sonde_matcher_new ("PRICE", FALSE, FALSE, NULL);
  guint position = 0, index = 0, first = 0;

  /* Find over everything: the replies and the inbound "heart-ok" rows. */
  sonde_log_filter_set_find (filter, heart_ok);
  g_assert_true (sonde_test_wait_for (!sonde_log_filter_get_busy (filter), 30000));
  g_assert_cmpuint (sonde_log_filter_get_n_matches (filter), ==, N_ROWS / 10 + N_ROWS / 100);
  /* Finding does not filter. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, N_ROWS);

  /* Combined with a filter: heartbeats hidden, only the inbound ones. */
  apply_show (filter, SONDE_LOG_SHOW_ALL & ~SONDE_LOG_SHOW_HEARTBEAT);
  g_assert_cmpuint (sonde_log_filter_get_n_matches (filter), ==, N_ROWS / 100);

  /* Next and previous, wrapping around. */
  g_assert_true (sonde_log_filter_find_next (filter, G_MAXUINT, FALSE, &first, &index));
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (sonde_log_filter_is_match (filter, first));
  g_assert_false (sonde_log_filter_is_match (filter, first + 1));
  g_assert_cmpint (memcmp (sonde_log_filter_get_record (filter, first)->text, "heart-ok", 8), ==, 0);
  g_assert_true (sonde_log_filter_find_next (filter, first, FALSE, &position, &index));
  g_assert_cmpuint (index, ==, 1);
  g_assert_cmpuint (position, >, first);
  g_assert_true (sonde_log_filter_find_next (filter, first, TRUE, &position, &index));
  g_assert_cmpuint (index, ==, N_ROWS / 100 - 1);
  g_assert_true (sonde_log_filter_find_next (filter, position, FALSE, &position, &index));
  g_assert_cmpuint (index, ==, 0);
  g_assert_cmpuint (position, ==, first);

  /* A filter pattern hides what it does not match; case ignored. */
  sonde_log_filter_set_matcher (filter, price);
  g_assert_true (sonde_test_wait_for (!sonde_log_filter_get_busy (filter), 30000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, N_ROWS / 10 * 3 - N_ROWS / 100);
  g_assert_cmpuint (sonde_log_filter_get_n_matches (filter), ==, 0);
  g_assert_false (sonde_log_filter_find_next (filter, G_MAXUINT, FALSE, &position, NULL));
}

static void
test_follows_log (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (100);
  g_autoptr(SondeLogFilter) filter = sonde_log_filter_new (log);
  g_autoptr(SondeMatcher) refused = sonde_matcher_new ("refused", FALSE, TRUE, NULL);
  Changes changes = { 0 };

  sonde_log_filter_set_show (filter, SONDE_LOG_SHOW_ERRORS);
  sonde_log_filter_set_find (filter, refused);
  g_signal_connect (filter, "items-changed", G_CALLBACK (changed_cb), &changes);

  /* Appends go through the filter, one by one (the log is not batched). */
  for (guint i = 0; i < 50; i++)
    append_row (log, i);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 5);
  g_assert_cmpuint (sonde_log_filter_get_n_matches (filter), ==, 5);
  g_assert_cmpuint (changes.n_changes, ==, 5);
  g_assert_cmpuint (changes.added, ==, 5);

  /* In batch mode one flush adds what passes in one change, and the rows
   * the log drops at its front leave the filter too. */
  sonde_log_set_batch (log, TRUE);
  for (guint i = 50; i < 180; i++)
    append_row (log, i);
  sonde_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 10);
  g_assert_cmpuint (sonde_log_filter_get_n_matches (filter), ==, 10);
  for (guint p = 0; p < 10; p++)
    g_assert_cmpuint (sonde_log_filter_get_record (filter, p)->type, ==, SONDE_RECORD_ERROR);

  sonde_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 0);
  g_assert_cmpuint (sonde_log_filter_get_n_matches (filter), ==, 0);
  append_row (log, 9);
  sonde_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 1);
  {
    g_autoptr(SondeEvent) event = g_list_model_get_item (G_LIST_MODEL (filter), 0);
    g_assert_cmpstr (sonde_event_get_name (event), ==, SONDE_EVENT_ERROR);
  }
}

static void
test_matcher (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeMatcher) invalid = sonde_matcher_new ("heart(", TRUE, FALSE, &error);
  g_autoptr(SondeMatcher) literal = sonde_matcher_new ("a.b(", FALSE, FALSE, NULL);
  g_autoptr(SondeMatcher) exact = sonde_matcher_new ("Ok", FALSE, TRUE, NULL);
  g_autoptr(SondeMatcher) folded = sonde_matcher_new ("ÉTÉ", FALSE, FALSE, NULL);
  g_autoptr(SondeMatcher) digits = sonde_matcher_new ("[0-9]+", TRUE, FALSE, NULL);
  g_autoptr(GArray) ranges = NULL;
  static const char broken[] = { 'x', (char) 0xc3, 0x28, 'O', 'k' };

  g_assert_null (invalid);
  g_assert_error (error, G_REGEX_ERROR, G_REGEX_ERROR_UNMATCHED_PARENTHESIS);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Invalid regular expression: "));

  g_assert_true (sonde_matcher_match (literal, "xa.b(y", 6));
  g_assert_false (sonde_matcher_match (literal, "axb(", 4));
  g_assert_true (sonde_matcher_match (exact, "is Ok", 5));
  g_assert_false (sonde_matcher_match (exact, "is ok", 5));
  g_assert_true (sonde_matcher_match (folded, "un été", strlen ("un été")));
  /* Not UTF-8, and a length without NUL. */
  g_assert_true (sonde_matcher_match (exact, broken, sizeof broken));
  g_assert_false (sonde_matcher_match (exact, broken, sizeof broken - 1));

  ranges = sonde_matcher_find_ranges (digits, "a 12 b 345", -1, 10);
  g_assert_cmpuint (ranges->len, ==, 4);
  g_assert_cmpuint (g_array_index (ranges, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (ranges, guint, 1), ==, 4);
  g_assert_cmpuint (g_array_index (ranges, guint, 2), ==, 7);
  g_assert_cmpuint (g_array_index (ranges, guint, 3), ==, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/log-filter/each-filter", test_each_filter);
  g_test_add_func ("/sonde/log-filter/filter-and-find", test_filter_and_find);
  g_test_add_func ("/sonde/log-filter/follows-log", test_follows_log);
  g_test_add_func ("/sonde/log-filter/matcher", test_matcher);

  return g_test_run ();
}
