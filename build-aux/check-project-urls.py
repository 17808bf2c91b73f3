#!/usr/bin/python3
# check-project-urls.py — the project URL of meson.build is the one that
# config.h (the About window), the metainfo and the Flatpak manifest name
#
# Copyright 2026 The Sonde authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-project-urls.py URL CONFIG_H METAINFO SOURCE_ROOT
#
# The manifest is JSON written by hand (flatpak-builder reads it from the
# source tree), so it cannot be generated from meson.build: this test holds
# it to the same URL instead. Any other github.com address in the About
# window's source, the metainfo template or the README is an error too.

import json
import os
import re
import sys
import xml.etree.ElementTree as ET


def main ():
  url, config_h, metainfo, root = sys.argv[1:5]
  errors = []

  with open(config_h) as f:
    config = f.read()
  for name, want in (('PACKAGE_URL', url), ('PACKAGE_BUGREPORT', url + '/issues')):
    m = re.search(r'#define %s "([^"]*)"' % name, config)
    if not m or m.group(1) != want:
      errors.append(f'{config_h}: {name} is {m.group(1) if m else "missing"}, expected {want}')

  tree = ET.parse(metainfo)
  urls = {u.get('type'): (u.text or '').strip() for u in tree.getroot().iter('url')}
  for kind, want in (('homepage', url), ('bugtracker', url + '/issues'), ('vcs-browser', url)):
    if urls.get(kind) != want:
      errors.append(f'{metainfo}: url type="{kind}" is {urls.get(kind)}, expected {want}')
  raw = url.replace('https://github.com/', 'https://raw.githubusercontent.com/') + '/'
  for image in tree.getroot().iter('image'):
    if not (image.text or '').startswith(raw):
      errors.append(f'{metainfo}: screenshot {image.text} is not under {raw}')

  manifest = os.path.join(root, 'flatpak', 'io.github.sonde.Sonde.json')
  with open(manifest) as f:
    modules = [m for m in json.load(f).get('modules', []) if isinstance(m, dict)]
  sources = [s for m in modules if m.get('name') == 'sonde' for s in m.get('sources', [])]
  git = [s.get('url') for s in sources if s.get('type') == 'git']
  if git != [url + '.git']:
    errors.append(f'{manifest}: the sonde module\'s git source is {git}, expected {url}.git')

  # No other spelling of the project's address anywhere a user reads it.
  other = re.compile(r'https?://(?:www\.)?github\.com/[\w.-]+/[\w.-]+')
  for rel in ('src/ui/sonde-application.c', 'data/io.github.sonde.Sonde.metainfo.xml.in',
              'README.md', 'CONTRIBUTING.md', 'flatpak/README.md'):
    path = os.path.join(root, rel)
    if not os.path.exists(path):
      continue
    with open(path) as f:
      for n, line in enumerate(f, 1):
        for found in other.findall(line):
          if not (found == url or found == url + '.git' or found.startswith(url + '/')):
            errors.append(f'{rel}:{n}: {found} is not {url}')

  for e in errors:
    print(e)
  print('project URLs: ' + ('disagree' if errors else f'all {url}'))
  return 1 if errors else 0


if __name__ == '__main__':
  sys.exit(main())
