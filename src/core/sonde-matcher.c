/* sonde-matcher.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sonde-matcher.h"

/* Both kinds of pattern become one GRegex (a substring is escaped), so that
 * case folding is PCRE's, for any script. GRegex wants UTF-8: text that is
 * not (binary frames, broken text frames) is matched as
 * g_utf8_make_valid() shows it, with U+FFFD for the bad bytes. */

struct _SondeMatcher
{
  GObject   parent_instance;

  char     *pattern;
  gboolean  regex;
  gboolean  case_sensitive;
  GRegex   *compiled;
};

G_DEFINE_FINAL_TYPE (SondeMatcher, sonde_matcher, G_TYPE_OBJECT)

static void
sonde_matcher_finalize (GObject *object)
{
  SondeMatcher *self = (SondeMatcher *) object;

  g_clear_pointer (&self->pattern, g_free);
  g_clear_pointer (&self->compiled, g_regex_unref);

  G_OBJECT_CLASS (sonde_matcher_parent_class)->finalize (object);
}

static void
sonde_matcher_class_init (SondeMatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sonde_matcher_finalize;
}

static void
sonde_matcher_init (SondeMatcher *self)
{
}

/**
 * sonde_matcher_new:
 * @pattern: what to look for, not empty
 * @regex: whether @pattern is a regular expression
 * @error: why the regular expression is invalid, in one sentence
 *
 * Returns: (transfer full) (nullable): a matcher, or %NULL for an invalid
 *   regular expression.
 */
SondeMatcher *
sonde_matcher_new (const char  *pattern,
                   gboolean     regex,
                   gboolean     case_sensitive,
                   GError     **error)
{
  g_autoptr(SondeMatcher) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *escaped = NULL;
  GRegexCompileFlags flags = G_REGEX_OPTIMIZE;

  g_return_val_if_fail (pattern != NULL && *pattern != '\0', NULL);

  if (!g_utf8_validate (pattern, -1, NULL))
    {
      g_set_error_literal (error, G_REGEX_ERROR, G_REGEX_ERROR_COMPILE,
                           _("The pattern is not valid UTF-8"));
      return NULL;
    }
  if (!case_sensitive)
    flags |= G_REGEX_CASELESS;
  if (!regex)
    escaped = g_regex_escape_string (pattern, -1);

  self = g_object_new (SONDE_TYPE_MATCHER, NULL);
  self->pattern = g_strdup (pattern);
  self->regex = !!regex;
  self->case_sensitive = !!case_sensitive;
  self->compiled = g_regex_new (escaped ? escaped : pattern, flags, 0, &local_error);
  if (self->compiled == NULL)
    {
      /* GRegex says "Error while compiling regular expression ‘…’ at char
       * N: what": the last part is the useful one. */
      const char *colon = strrchr (local_error->message, ':');
      g_autofree char *what = g_strdup (colon != NULL ? colon + 1 : local_error->message);

      g_set_error (error, G_REGEX_ERROR, local_error->code, _("Invalid regular expression: %s"),
                   g_strstrip (what));
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
sonde_matcher_get_pattern (SondeMatcher *self)
{
  g_return_val_if_fail (SONDE_IS_MATCHER (self), NULL);
  return self->pattern;
}

gboolean
sonde_matcher_get_regex (SondeMatcher *self)
{
  g_return_val_if_fail (SONDE_IS_MATCHER (self), FALSE);
  return self->regex;
}

gboolean
sonde_matcher_get_case_sensitive (SondeMatcher *self)
{
  g_return_val_if_fail (SONDE_IS_MATCHER (self), FALSE);
  return self->case_sensitive;
}

/**
 * sonde_matcher_equal:
 *
 * Whether @a and @b (either may be %NULL) look for the same.
 */
gboolean
sonde_matcher_equal (SondeMatcher *a,
                     SondeMatcher *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return a->regex == b->regex && a->case_sensitive == b->case_sensitive &&
         g_str_equal (a->pattern, b->pattern);
}

gboolean
sonde_matcher_match (SondeMatcher *self,
                     const char   *text,
                     gsize         length)
{
  g_autofree char *valid = NULL;

  g_return_val_if_fail (SONDE_IS_MATCHER (self), FALSE);

  if (text == NULL)
    return FALSE;
  if (!g_utf8_validate_len (text, length, NULL))
    {
      valid = g_utf8_make_valid (text, length);
      text = valid;
      length = strlen (valid);
    }
  return g_regex_match_full (self->compiled, text, length, 0, 0, NULL, NULL);
}

/**
 * sonde_matcher_match_record:
 *
 * Matches a message's payload; for the other events their name and their
 * text fields (the error message, the close reason and code, the URL).
 */
gboolean
sonde_matcher_match_record (SondeMatcher      *self,
                            const SondeRecord *record)
{
  g_autoptr(GString) line = NULL;

  g_return_val_if_fail (SONDE_IS_MATCHER (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (record->type == SONDE_RECORD_MESSAGE || record->type == SONDE_RECORD_QUEUED)
    return sonde_matcher_match (self, (const char *) record->text, record->text_len);

  line = g_string_new (sonde_record_type_to_string (record->type));
  if (record->text_len > 0)
    {
      g_string_append_c (line, ' ');
      g_string_append_len (line, (const char *) record->text, record->text_len);
    }
  for (guint i = 0; i < G_N_ELEMENTS (record->str); i++)
    if (record->str[i] != NULL)
      g_string_append_printf (line, " %s", record->str[i]);
  if (record->type == SONDE_RECORD_CLOSE || record->type == SONDE_RECORD_ERROR)
    g_string_append_printf (line, " %" G_GINT64_FORMAT, record->num[0]);
  if (record->flags & SONDE_RECORD_FLAG_HAS_STATUS)
    g_string_append_printf (line, " %" G_GINT64_FORMAT, record->num[1]);
  return sonde_matcher_match (self, line->str, line->len);
}

GArray *
sonde_matcher_find_ranges (SondeMatcher *self,
                           const char   *text,
                           gssize        length,
                           guint         max_ranges)
{
  g_autoptr(GMatchInfo) info = NULL;
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (SONDE_IS_MATCHER (self), ranges);

  if (text == NULL)
    return ranges;
  if (length < 0)
    length = strlen (text);
  g_regex_match_full (self->compiled, text, length, 0, 0, &info, NULL);
  while (g_match_info_matches (info) && ranges->len / 2 < max_ranges)
    {
      int start, end;

      if (g_match_info_fetch_pos (info, 0, &start, &end) && end > start)
        {
          guint pair[2] = { start, end };
          g_array_append_vals (ranges, pair, 2);
        }
      if (!g_match_info_next (info, NULL))
        break;
    }
  return ranges;
}
