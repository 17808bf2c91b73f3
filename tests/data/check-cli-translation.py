#!/usr/bin/python3
# check-cli-translation.py — sonde-cli speaks Simplified Chinese under zh_CN
#
# Copyright 2026 The Sonde authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-cli-translation.py SONDE_CLI LOCALEDIR
#
# Runs "sonde-cli connect notaurl" with LANGUAGE=zh_CN and the build
# folder's message catalogues (SONDE_LOCALEDIR), and checks the usage
# error: exit status 2, one line on standard error, with CJK characters.

import os
import re
import subprocess
import sys
import tempfile

CJK = re.compile('[\u4e00-\u9fff]')
QUOTED = re.compile('“[^”]*”|"[^"]*"|‘[^’]*’')
ENGLISH_RUN = re.compile(r'[A-Za-z]+(?: [A-Za-z]+){2,}')


def main ():
  cli, localedir = sys.argv[1], sys.argv[2]
  mo = os.path.join(localedir, 'zh_CN', 'LC_MESSAGES', 'sonde.mo')
  if not os.path.isfile(mo):
    print(f'missing {mo}', file=sys.stderr)
    return 1
  env = {k: v for k, v in os.environ.items() if not k.startswith('LC_')}
  env.update(LANGUAGE='zh_CN', LANG='C.UTF-8', SONDE_LOCALEDIR=localedir)
  proc = subprocess.run([cli, 'connect', 'notaurl'], env=env, capture_output=True,
                        timeout=30)
  stderr = proc.stderr.decode('utf-8', errors='replace')
  lines = [line for line in stderr.splitlines() if line.strip()]
  print(f'exit status {proc.returncode}; standard error:\n{stderr}')
  if proc.returncode != 2:
    print('expected exit status 2 (usage error)', file=sys.stderr)
    return 1
  if not lines or not CJK.search(lines[0]):
    print('the error line is not in Chinese', file=sys.stderr)
    return 1
  # GLib translates its own part of the line (the GError text) once the
  # program's domain has a zh_CN catalogue, so CJK alone proves little: no
  # three English words in a row may remain outside quotes.
  bare = QUOTED.sub('', lines[0])
  english = ENGLISH_RUN.search(bare)
  if english:
    print(f'untranslated English in the error line: "{english.group(0)}"', file=sys.stderr)
    return 1
  # GLib's own catalogue may translate part of the line (the GError text):
  # without Sonde's catalogue the line must be different, so that it was
  # sonde.mo, not only glib20.mo, that made it Chinese.
  with tempfile.TemporaryDirectory() as empty:
    env['SONDE_LOCALEDIR'] = empty
    untranslated = subprocess.run([cli, 'connect', 'notaurl'], env=env,
                                  capture_output=True, timeout=30)
  other = untranslated.stderr.decode('utf-8', errors='replace').splitlines()
  print(f'without sonde.mo: {other[0] if other else ""}')
  if other and other[0] == lines[0]:
    print('sonde.mo did not change the error line', file=sys.stderr)
    return 1
  return 0


if __name__ == '__main__':
  sys.exit(main())
