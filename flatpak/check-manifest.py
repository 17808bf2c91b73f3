#!/usr/bin/python3
# check-manifest.py — validate Sonde's Flatpak manifest
#
# Copyright 2026 The Sonde authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-manifest.py [MANIFEST]   (default: the users' manifest beside it)
#
# 1. JSON Schema (flatpak-manifest.schema.json, python3-jsonschema): catches
#    misspelled keys and bad values, which flatpak-builder only warns about.
# 2. What Sonde's manifest must say: app id, command, the finish-args, one
#    meson module "sonde" built with -Dprofile=default.
# 3. flatpak-builder --show-manifest must exit 0 with nothing on stderr.
# Exit 77 (skipped) when python3-jsonschema is missing.

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FINISH_ARGS = ['--share=network', '--share=ipc', '--socket=fallback-x11',
               '--socket=wayland', '--device=dri']


def closest (error):
  """For a oneOf (modules, sources), the error of the branch that was meant:
  the one whose "type" matched, or else the first."""
  while error.context:
    branches = {}
    for e in error.context:
      branches.setdefault(e.relative_schema_path[0], []).append(e)
    def wrong (errors):
      return any(e.validator in ('type', 'const', 'enum') and
                 (not e.relative_path or e.relative_path[-1] == 'type') for e in errors)
    meant = [errs for errs in branches.values() if not wrong(errs)]
    error = (meant or list(branches.values()))[0][0]
  return error


def main ():
  path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'io.github.sonde.Sonde.json')
  try:
    import jsonschema
  except ImportError:
    print('python3-jsonschema is not installed: skipped')
    return 77

  with open(os.path.join(HERE, 'flatpak-manifest.schema.json')) as f:
    schema = json.load(f)
  with open(path) as f:
    manifest = json.load(f)

  errors = []
  validator = jsonschema.Draft7Validator(schema)
  for error in sorted(validator.iter_errors(manifest), key=lambda e: list(e.path)):
    # For oneOf (modules, sources) the useful message is the closest branch's.
    error = closest(error)
    where = '/'.join(str(p) for p in error.absolute_path) or '(top)'
    errors.append(f'schema: {where}: {error.message}')

  if manifest.get('id') != 'io.github.sonde.Sonde':
    errors.append('id must be io.github.sonde.Sonde')
  if manifest.get('command') != 'sonde':
    errors.append('command must be sonde')
  if sorted(manifest.get('finish-args', [])) != sorted(FINISH_ARGS):
    errors.append(f'finish-args must be exactly {FINISH_ARGS}')
  modules = [m for m in manifest.get('modules', []) if isinstance(m, dict)]
  sonde = [m for m in modules if m.get('name') == 'sonde']
  if len(sonde) != 1:
    errors.append('there must be one module named sonde')
  else:
    if sonde[0].get('buildsystem') != 'meson':
      errors.append('module sonde must use buildsystem meson')
    if '-Dprofile=default' not in sonde[0].get('config-opts', []):
      errors.append('module sonde must be configured with -Dprofile=default')

  builder = shutil.which('flatpak-builder')
  if builder:
    proc = subprocess.run([builder, '--show-manifest', path], capture_output=True, text=True)
    if proc.returncode != 0 or proc.stderr.strip():
      errors.append(f'flatpak-builder --show-manifest: exit {proc.returncode}: '
                    f'{proc.stderr.strip()}')
  else:
    print('flatpak-builder not found: --show-manifest not checked')

  for e in errors:
    print(f'{path}: {e}')
  print(f'{os.path.basename(path)}: {"invalid" if errors else "valid"}')
  return 1 if errors else 0


if __name__ == '__main__':
  sys.exit(main())
