#!/usr/bin/python3
# make-runtime.py — a Flatpak runtime tree from this machine's Debian packages
#
# Copyright 2026 The Sonde authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Used by flatpak/build-bundle where org.gnome.Platform/Sdk cannot be had
# (no network).  The runtime is the Depends/Pre-Depends closure of a few
# root packages, copied file by file from the installed system (dpkg -L),
# with /bin, /sbin and /lib folded into /usr as Flatpak expects.
#
#   make-runtime.py closure ROOT...          print "package version" lines
#   make-runtime.py build --out DIR --name ID --branch B [--sdk ID] ROOT...

import argparse
import os
import re
import shutil
import subprocess
import sys

ARCH = subprocess.run(['dpkg', '--print-architecture'], check=True,
                      capture_output=True, text=True).stdout.strip()

# Dependencies that make sense on a booted system, not inside a sandbox:
# session buses, init, the package manager's own configuration tools.
PRUNE = {
    'dbus', 'dbus-bin', 'dbus-daemon', 'dbus-user-session', 'dbus-x11',
    'dbus-session-bus-common', 'dbus-system-bus-common', 'default-dbus-session-bus',
    'systemd', 'systemd-sysv', 'systemd-timesyncd', 'libpam-systemd',
    'init-system-helpers', 'debconf', 'cdebconf', 'perl-base', 'dpkg',
    'install-info', 'ucf', 'sensible-utils', 'libc-l10n',
    'libpam-modules', 'libpam-modules-bin', 'libpam-runtime', 'login', 'passwd',
    'adduser', 'base-passwd', 'lsb-base', 'sysvinit-utils', 'procps',
    'gcc-12-base', 'readline-common', 'libgtk-4-media-gstreamer',
}

# Packages whose files are not wanted even where the closure has them.
DROP_PREFIXES = (
    'usr/share/doc/', 'usr/share/man/', 'usr/share/info/', 'usr/share/lintian/',
    'usr/share/bug/', 'usr/share/doc-base/', 'usr/share/gtk-doc/',
    'usr/share/menu/', 'usr/share/bash-completion/', 'usr/share/zsh/',
)


def installed_packages ():
  out = subprocess.run(
      ['dpkg-query', '-W', '-f',
       '${Package}\t${Version}\t${db:Status-Abbrev}\t${Depends}\t${Pre-Depends}\t${Provides}\n'],
      check=True, capture_output=True, text=True).stdout
  pkgs = {}
  provides = {}
  for line in out.splitlines():
    name, version, status, depends, predepends, prov = line.split('\t')
    if not status.startswith('ii'):
      continue
    pkgs[name] = (version, ', '.join(x for x in (depends, predepends) if x))
    for p in prov.split(','):
      p = p.strip().split(' ')[0].split(':')[0]
      if p:
        provides.setdefault(p, []).append(name)
  return pkgs, provides


def closure (roots):
  pkgs, provides = installed_packages()
  seen = set()
  todo = list(roots)
  while todo:
    name = todo.pop()
    if name in seen:
      continue
    if name not in pkgs:
      sys.exit(f'make-runtime: package {name} is not installed')
    seen.add(name)
    for group in pkgs[name][1].split(','):
      group = group.strip()
      if not group:
        continue
      chosen = None
      for alt in group.split('|'):
        alt = re.sub(r'\(.*?\)', '', alt).strip().split(':')[0]
        if alt in PRUNE:
          chosen = ''
          break
        if alt in pkgs:
          chosen = alt
          break
        if alt in provides:
          chosen = provides[alt][0]
          break
      if chosen is None:
        sys.exit(f'make-runtime: {name}: no installed package for "{group}"')
      if chosen and chosen not in PRUNE:
        todo.append(chosen)
  return {name: pkgs[name][0] for name in sorted(seen)}


def target_path (path):
  """/usr/lib/x → lib/x, /lib/x → lib/x, /etc/x → etc/x; None = drop."""
  rel = path.lstrip('/')
  if rel.startswith('usr/'):
    rel = rel[4:]
  elif rel.split('/')[0] in ('bin', 'sbin', 'lib', 'lib64', 'etc'):
    pass
  else:
    return None
  if ('usr/' + rel).startswith(DROP_PREFIXES):
    return None
  return rel


LINKS = {}
MERGED = {'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'}


def copy_package (pkg, files):
  listing = subprocess.run(['dpkg-query', '-L', pkg], check=True,
                           capture_output=True, text=True).stdout
  for path in listing.splitlines():
    if not path.startswith('/'):
      continue
    rel = target_path(path)
    if rel is None or not os.path.lexists(path):
      continue
    dest = os.path.join(files, rel)
    # On a merged-/usr host /bin, /lib… are themselves links into /usr.
    if os.path.islink(path) and rel not in MERGED:
      if os.path.lexists(dest):
        continue
      os.makedirs(os.path.dirname(dest), exist_ok=True)
      os.symlink(os.readlink(path), dest)
    elif os.path.isdir(path):
      os.makedirs(dest, exist_ok=True)
    elif os.path.isfile(path):
      if os.path.lexists(dest):
        continue
      os.makedirs(os.path.dirname(dest), exist_ok=True)
      st = os.stat(path)
      # Mesa's drivers are one file under many hard links: keep it one.
      if st.st_nlink > 1 and (st.st_dev, st.st_ino) in LINKS:
        os.link(LINKS[(st.st_dev, st.st_ino)], dest)
        continue
      shutil.copy2(path, dest)
      if st.st_nlink > 1:
        LINKS[(st.st_dev, st.st_ino)] = dest


def run (*argv):
  # update-mime-database warns that the tree is not in XDG_DATA_DIRS: it
  # will be, inside the sandbox.
  subprocess.run(list(argv), check=True, stdout=subprocess.DEVNULL,
                 env=dict(os.environ, XDG_DATA_DIRS=os.path.join(argv[-1], '..')))


def regenerate_caches (files):
  libdir = os.path.join(files, 'lib', subprocess.run(
      ['dpkg-architecture', '-qDEB_HOST_MULTIARCH'], capture_output=True,
      text=True).stdout.strip() or 'x86_64-linux-gnu')
  schemas = os.path.join(files, 'share/glib-2.0/schemas')
  if os.path.isdir(schemas):
    run('glib-compile-schemas', schemas)
  mime = os.path.join(files, 'share/mime')
  if os.path.isdir(os.path.join(mime, 'packages')):
    run('update-mime-database', mime)
  modules = os.path.join(libdir, 'gio/modules')
  if os.path.isdir(modules):
    run('gio-querymodules', modules)
  for theme in ('hicolor', 'Adwaita'):
    icons = os.path.join(files, 'share/icons', theme)
    if os.path.isfile(os.path.join(icons, 'index.theme')):
      run('gtk-update-icon-cache', '--force', '--quiet', icons)
  # The loaders' cache names absolute /usr paths, which are the same
  # inside the sandbox, so the host's cache is right for the same packages.
  loaders = 'gdk-pixbuf-2.0/2.10.0/loaders.cache'
  host = os.path.join('/usr/lib', os.path.basename(libdir), loaders)
  if os.path.isfile(host) and os.path.isdir(os.path.join(libdir, 'gdk-pixbuf-2.0/2.10.0')):
    shutil.copy2(host, os.path.join(libdir, loaders))
  # TLS trust without the ca-certificates package (which needs debconf).
  bundle = '/etc/ssl/certs/ca-certificates.crt'
  if os.path.isfile(bundle):
    os.makedirs(os.path.join(files, 'etc/ssl/certs'), exist_ok=True)
    shutil.copy2(bundle, os.path.join(files, 'etc/ssl/certs/ca-certificates.crt'))
  # Flatpak provides these from the host or generates them itself.
  for name in ('etc/passwd', 'etc/group', 'etc/machine-id', 'etc/hosts',
               'etc/resolv.conf', 'etc/localtime', 'etc/ld.so.cache'):
    path = os.path.join(files, name)
    if os.path.lexists(path):
      os.unlink(path)


def main ():
  parser = argparse.ArgumentParser()
  sub = parser.add_subparsers(dest='cmd', required=True)
  c = sub.add_parser('closure')
  c.add_argument('roots', nargs='+')
  b = sub.add_parser('build')
  b.add_argument('--out', required=True)
  b.add_argument('--name', required=True)
  b.add_argument('--branch', required=True)
  b.add_argument('--sdk')
  b.add_argument('roots', nargs='+')
  args = parser.parse_args()

  pkgs = closure(args.roots)
  if args.cmd == 'closure':
    for name, version in pkgs.items():
      print(name, version)
    return

  files = os.path.join(args.out, 'files')
  if os.path.exists(args.out):
    shutil.rmtree(args.out)
  os.makedirs(files)
  for pkg in pkgs:
    copy_package(pkg, files)
  regenerate_caches(files)
  sdk = args.sdk or args.name
  with open(os.path.join(args.out, 'metadata'), 'w') as f:
    f.write('[Runtime]\n'
            f'name={args.name}\n'
            f'runtime={args.name}/{ARCH_FLATPAK}/{args.branch}\n'
            f'sdk={sdk}/{ARCH_FLATPAK}/{args.branch}\n')
  with open(os.path.join(files, 'manifest.txt'), 'w') as f:
    for name, version in pkgs.items():
      f.write(f'{name} {version}\n')
  print(f'make-runtime: {args.name}: {len(pkgs)} packages', file=sys.stderr)


ARCH_FLATPAK = {'amd64': 'x86_64', 'arm64': 'aarch64', 'i386': 'i386'}.get(ARCH, ARCH)

if __name__ == '__main__':
  main()
