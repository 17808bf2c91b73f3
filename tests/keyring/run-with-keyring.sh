#!/bin/sh
# tests/keyring/run-with-keyring.sh — runs a test against a real Secret
# Service of its own: a private D-Bus session bus, GNOME Keyring unlocked
# with a throw-away password, and HOME, XDG_DATA_HOME, XDG_CONFIG_HOME,
# XDG_RUNTIME_DIR and TMPDIR in a temporary folder, so that the user's
# keyring is never touched. With --no-keyring the private bus has no services at
# all: nothing answers for org.freedesktop.secrets.
#
# Usage: run-with-keyring.sh [--no-keyring] PROGRAM [ARGUMENT…]
set -u

mode=keyring
if [ "${1:-}" = "--no-keyring" ]; then
  mode=none
  shift
fi
here=$(cd "$(dirname "$0")" && pwd)

scratch=$(mktemp -d "${TMPDIR:-/tmp}/sonde-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export HOME="$scratch/home"
export XDG_DATA_HOME="$scratch/home/data"
export XDG_CONFIG_HOME="$scratch/home/config"
export XDG_CACHE_HOME="$scratch/home/cache"
export XDG_RUNTIME_DIR="$scratch/run"
# The test's own temporary folders too, so that a test that fails half-way
# leaves nothing behind.
export TMPDIR="$scratch/tmp"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR" "$TMPDIR"
chmod 700 "$XDG_RUNTIME_DIR"

status=0
if [ "$mode" = none ]; then
  dbus-run-session --config-file="$here/no-services.conf" -- "$@" || status=$?
  exit $status
fi

# Inside the new bus: the daemon creates and unlocks the "login" keyring
# with the password on its standard input (an empty one makes it ask a
# prompter, which a headless test does not have), then the test runs.
dbus-run-session -- sh -c '
  printf "sonde-test" | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
  exec "$@"' sh "$@" || status=$?
exit $status
