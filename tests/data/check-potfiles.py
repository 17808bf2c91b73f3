#!/usr/bin/python3
# check-potfiles.py — po/POTFILES.in lists every translatable source file
#
# Copyright 2026 The Sonde authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.py SOURCE_ROOT
#
# Fails when a file under src/ or data/ has translatable strings (_(), N_(),
# C_(), NC_(), translatable="yes", or is a desktop/metainfo/gschema
# template) but is missing from po/POTFILES.in, when a listed file does not
# exist, or when the list is not sorted (C locale) or has duplicates.

import os
import re
import sys

MARKERS = re.compile(r'(?<![A-Za-z0-9_])(?:N_|C_|NC_|_)\s*\(|translatable="yes"')
TEMPLATES = ('.desktop.in', '.metainfo.xml.in', '.gschema.xml.in')
SOURCES = ('.c', '.h', '.ui')


def main ():
  root = sys.argv[1] if len(sys.argv) > 1 else '.'
  with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    listed = [line.strip() for line in f
              if line.strip() and not line.lstrip().startswith('#')]
  errors = []

  if listed != sorted(listed):
    for a, b in zip(listed, listed[1:]):
      if a > b:
        errors.append(f'po/POTFILES.in is not sorted: "{a}" comes before "{b}"')
  for name in sorted({n for n in listed if listed.count(n) > 1}):
    errors.append(f'po/POTFILES.in lists {name} more than once')
  for name in listed:
    if not os.path.isfile(os.path.join(root, name)):
      errors.append(f'po/POTFILES.in lists {name}, which does not exist')

  needed = []
  for top in ('src', 'data'):
    for folder, dirs, files in os.walk(os.path.join(root, top)):
      dirs.sort()
      for name in sorted(files):
        path = os.path.join(folder, name)
        rel = os.path.relpath(path, root)
        if name.endswith(TEMPLATES):
          needed.append(rel)
        elif name.endswith(SOURCES):
          with open(path, encoding='utf-8', errors='replace') as f:
            if MARKERS.search(f.read()):
              needed.append(rel)
  for rel in needed:
    if rel not in listed:
      errors.append(f'{rel} has translatable strings but is not in po/POTFILES.in')

  for e in errors:
    print(e, file=sys.stderr)
  print(f'{len(needed)} translatable files, {len(listed)} listed, {len(errors)} problems')
  return 1 if errors else 0


if __name__ == '__main__':
  sys.exit(main())
