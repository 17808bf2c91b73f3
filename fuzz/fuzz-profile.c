/* fuzz-profile.c — libFuzzer target: profile JSON (sonde_profile_new_from_data)
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-fuzz.h"
#include "sonde-profile.h"
#include "sonde-validate.h"

/* Any bytes as a profile file: no crash, and a profile that loads is a
 * valid one (sonde-validate.c) that saves and loads back the same. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SondeProfile) profile = NULL;
  g_autoptr(SondeProfile) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;

  sonde_fuzz_init ();

  profile = sonde_profile_new_from_data ((const char *) data, size, &error);
  if (profile == NULL)
    {
      g_assert (error != NULL && error->message[0] != '\0');
      return 0;
    }

  g_assert (sonde_validate_profile (profile, NULL));
  saved = sonde_profile_to_data (profile);
  again = sonde_profile_new_from_data (saved, -1, &error);
  if (again == NULL)
    sonde_fuzz_fail ("a loaded profile does not load back: %s\n%s", error->message, saved);
  saved_again = sonde_profile_to_data (again);
  g_assert (g_str_equal (saved, saved_again));
  return 0;
}
