#!/usr/bin/env bash
# What tests/test_browser.py needs on a fresh Debian machine: Debian's Chromium (/usr/bin/chromium)
# and fonts for readable screenshots, from apt; with a venv given, also Playwright's Python package
# in it (it carries its own driver). Never `playwright install`: it downloads browsers, and the
# tests use Debian's Chromium instead.
# Usage (as root, or with sudo available): .ci/install-browser.sh [VENV]
set -euo pipefail

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo ".ci/install-browser.sh: run as root (apt-get needs it)" >&2; exit 1; }
  sudo=sudo
fi

if ! command -v chromium >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo ".ci/install-browser.sh: no apt-get; install Chromium yourself and set PATHWAY_CHROMIUM to it" >&2
    exit 1
  fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation fonts-dejavu-core
fi
chromium --version 2>/dev/null

if [ $# -ge 1 ]; then
  "$1/bin/python" -m pip install -q 'playwright>=1.40'
  "$1/bin/python" -c "import playwright.sync_api; from importlib.metadata import version; print('playwright', version('playwright'))"
fi
