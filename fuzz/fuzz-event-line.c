/* fuzz-event-line.c — libFuzzer target: NDJSON recording lines
 * (sonde_event_new_from_line, sonde_record_from_event)
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-event.h"
#include "sonde-fuzz.h"
#include "sonde-record.h"

/* Any bytes as one line of a recording: no crash; an event that reads
 * back becomes a record, and that record an event again. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SondeEvent) event = NULL;
  g_autoptr(SondeEvent) back = NULL;
  g_autoptr(SondeEvent) back_again = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *line = NULL;
  SondeRecord record;

  sonde_fuzz_init ();

  event = sonde_event_new_from_line ((const char *) data, size, &error);
  if (event == NULL)
    {
      g_assert (error != NULL && error->message[0] != '\0');
      return 0;
    }

  /* What Sonde writes of it reads back. */
  line = sonde_event_to_json (event);
  g_assert (line != NULL && strchr (line, '\n') == NULL);
  {
    g_autoptr(SondeEvent) reread = sonde_event_new_from_line (line, -1, &error);

    if (reread == NULL)
      sonde_fuzz_fail ("a line Sonde wrote does not read back: %s\n%s", error->message, line);
  }

  if (!sonde_record_from_event (&record, event, &payload))
    return 0;
  g_assert (record.text_len == 0 || record.text != NULL);
  node = sonde_record_to_json_node (&record);
  g_assert (node != NULL);
  back = sonde_record_to_event (&record);
  g_assert (back != NULL);
  return 0;
}
