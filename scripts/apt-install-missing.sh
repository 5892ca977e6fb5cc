#!/usr/bin/env bash
# apt-install-missing.sh "CHECK COMMAND" PACKAGE...
# Installs the Debian packages when the check fails: with apt-get when root, otherwise it
# says what to run and fails, so `make` stops with a clear message.
set -u
check="$1"; shift
if bash -c "$check" >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "installing $*"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
else
  echo "missing: $*. Run: sudo apt-get install $*" >&2
  exit 1
fi
