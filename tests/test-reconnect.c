/* test-reconnect.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-reconnect.h"
#include "sonde-test-util.h"

static void
count_cb (SondeReconnect *reconnect,
          guint          *n)
{
  (*n)++;
}

static void
test_series (void)
{
  g_autoptr(SondeReconnect) reconnect = sonde_reconnect_new (NULL);
  guint retries = 0, delay = 0;

  g_signal_connect (reconnect, "retry", G_CALLBACK (count_cb), &retries);
  sonde_reconnect_configure (reconnect, 10, 25, 4, 0);

  for (guint n = 1; n <= 3; n++)
    {
      double nominal = MIN (10.0 * (1u << (n - 1)), 25.0);

      g_assert_cmpint (sonde_reconnect_schedule (reconnect, "ws://127.0.0.1/", &delay), ==,
                       SONDE_RECONNECT_SCHEDULED);
      g_assert_cmpuint (sonde_reconnect_get_failures (reconnect), ==, n);
      g_assert_cmpfloat (delay, >=, nominal * 0.8 - 0.5);
      g_assert_cmpfloat (delay, <=, MIN (25.0, nominal * 1.2 + 0.5));
      g_assert_true (sonde_reconnect_get_pending (reconnect));
      g_assert_cmpint (sonde_reconnect_get_due (reconnect), >, 0);

      /* The retry comes from the timer, once. */
      g_assert_true (sonde_test_wait_for (retries == n, 1000));
      g_assert_false (sonde_reconnect_get_pending (reconnect));
      g_assert_cmpint (sonde_reconnect_get_due (reconnect), ==, 0);
    }

  /* The fourth consecutive failure is the last one allowed. */
  g_assert_cmpint (sonde_reconnect_schedule (reconnect, "ws://127.0.0.1/", &delay), ==,
                   SONDE_RECONNECT_GAVE_UP);
  g_assert_false (sonde_reconnect_get_pending (reconnect));

  /* A new series after the user connects again. */
  sonde_reconnect_restart (reconnect);
  g_assert_cmpuint (sonde_reconnect_get_failures (reconnect), ==, 0);
}

static void
test_cancel (void)
{
  g_autoptr(SondeReconnect) reconnect = sonde_reconnect_new (NULL);
  guint retries = 0, delay = 0;

  g_signal_connect (reconnect, "retry", G_CALLBACK (count_cb), &retries);
  sonde_reconnect_configure (reconnect, 20, 20, 0, 0);
  g_assert_cmpint (sonde_reconnect_schedule (reconnect, "ws://127.0.0.1/", &delay), ==,
                   SONDE_RECONNECT_SCHEDULED);
  sonde_reconnect_cancel (reconnect);
  sonde_test_spin_for (60);
  g_assert_cmpuint (retries, ==, 0);
  g_assert_cmpint (sonde_reconnect_get_due (reconnect), ==, 0);
}

static void
test_stable_resets (void)
{
  g_autoptr(SondeReconnect) reconnect = sonde_reconnect_new (NULL);
  guint delay = 0;

  sonde_reconnect_configure (reconnect, 60000, 60000, 0, 30);
  sonde_reconnect_schedule (reconnect, "ws://127.0.0.1/", &delay);
  sonde_reconnect_schedule (reconnect, "ws://127.0.0.1/", &delay);
  g_assert_cmpuint (sonde_reconnect_get_failures (reconnect), ==, 2);
  sonde_reconnect_cancel (reconnect);

  /* Closed again before the reset time: the series goes on. */
  sonde_reconnect_opened (reconnect);
  sonde_reconnect_closed (reconnect);
  sonde_test_spin_for (60);
  g_assert_cmpuint (sonde_reconnect_get_failures (reconnect), ==, 2);

  /* Open for longer than the reset time: a new series. */
  sonde_reconnect_opened (reconnect);
  g_assert_true (sonde_test_wait_for (sonde_reconnect_get_failures (reconnect) == 0, 1000));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sonde/reconnect/series", test_series);
  g_test_add_func ("/sonde/reconnect/cancel", test_cancel);
  g_test_add_func ("/sonde/reconnect/stable-resets", test_stable_resets);
  return g_test_run ();
}
