#!/usr/bin/python3
# check-links.py — a fresh clone read alone has no broken link
#
# Copyright 2026 The Sonde authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-links.py SOURCE_ROOT
#
# 1. Every relative Markdown link ([text](path), ![alt](path)) in the
#    repository's .md files names a file or folder that exists inside the
#    repository.
# 2. No file cites documents that live outside it: the old ../shared/
#    spec and notes pages, now docs/.

import os
import re
import sys

SKIP_DIRS = {'.git', '.flatpak-builder', '_work', 'node_modules', '__pycache__'}
LINK = re.compile(r'!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)')
OUTSIDE = re.compile(r'\.\./shared/|spec/(?:cli|events)\.md|notes/libsoup-3\.2\.md')
TEXT_EXT = ('.c', '.h', '.md', '.build', '.py', '.txt', '.in', '.ui', '.json', '.xml', '.sh')


def files (root):
  for top, dirs, names in os.walk(root):
    dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith('_build')
               and not (top == root and d == 'build')]
    for name in names:
      yield os.path.join(top, name)


def main ():
  root = os.path.realpath(sys.argv[1])
  errors = []
  for path in files(root):
    rel = os.path.relpath(path, root)
    if rel.startswith('bench/results/'):
      continue
    is_script = os.access(path, os.X_OK) and not path.endswith(TEXT_EXT)
    if not (path.endswith(TEXT_EXT) or is_script):
      continue
    try:
      with open(path, encoding='utf-8') as f:
        lines = f.readlines()
    except (UnicodeDecodeError, OSError):
      continue
    for n, line in enumerate(lines, 1):
      if OUTSIDE.search(line) and rel != 'build-aux/check-links.py':
        errors.append(f'{rel}:{n}: cites a document outside the repository: {line.strip()}')
      if not path.endswith('.md'):
        continue
      for target in LINK.findall(line):
        if re.match(r'^[a-z][a-z0-9+.-]*:', target) or target.startswith('#'):
          continue
        target = target.split('#', 1)[0]
        resolved = os.path.realpath(os.path.join(os.path.dirname(path), target))
        if not (resolved == root or resolved.startswith(root + os.sep)):
          errors.append(f'{rel}:{n}: {target} points outside the repository')
        elif not os.path.exists(resolved):
          errors.append(f'{rel}:{n}: {target} does not exist')

  for e in errors:
    print(e)
  print('links: ' + (f'{len(errors)} broken' if errors else 'all inside the repository'))
  return 1 if errors else 0


if __name__ == '__main__':
  sys.exit(main())
