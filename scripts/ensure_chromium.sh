#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
# Installs it when missing and we are root; otherwise says how, and the browser tests are skipped
# (outside CI) or fail (under CI=true).
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null && exit 0
  echo "apt-get could not install chromium." >&2
else
  echo "chromium is not installed; browser tests need it: sudo apt-get install -y chromium" >&2
fi
exit 0
