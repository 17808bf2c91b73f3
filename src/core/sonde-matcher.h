/* sonde-matcher.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sonde-record.h"

G_BEGIN_DECLS

#define SONDE_TYPE_MATCHER (sonde_matcher_get_type ())

G_DECLARE_FINAL_TYPE (SondeMatcher, sonde_matcher, SONDE, MATCHER, GObject)

/* What the user looks for in the log: a substring or a regular expression
 * (GRegex, PCRE syntax), with or without case. Immutable. */
SondeMatcher *sonde_matcher_new            (const char        *pattern,
                                            gboolean           regex,
                                            gboolean           case_sensitive,
                                            GError           **error);
const char   *sonde_matcher_get_pattern    (SondeMatcher      *self);
gboolean      sonde_matcher_get_regex      (SondeMatcher      *self);
gboolean      sonde_matcher_get_case_sensitive (SondeMatcher  *self);
gboolean      sonde_matcher_equal          (SondeMatcher      *a,
                                            SondeMatcher      *b);
/* @text need not be UTF-8 nor end in NUL. */
gboolean      sonde_matcher_match          (SondeMatcher      *self,
                                            const char        *text,
                                            gsize              length);
gboolean      sonde_matcher_match_record   (SondeMatcher      *self,
                                            const SondeRecord *record);
/* The byte ranges [start, end) of every match in UTF-8 @text, as pairs of
 * guint in one array, at most @max_ranges of them. */
GArray       *sonde_matcher_find_ranges    (SondeMatcher      *self,
                                            const char        *text,
                                            gssize             length,
                                            guint              max_ranges);

G_END_DECLS
