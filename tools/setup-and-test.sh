#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine with Python 3.11, then runs them.
# (Xvfb, openbox, xdotool and xwininfo run the short real-display smoke test of the app.)
# Usage: bash tools/setup-and-test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

QT_DEBS="libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
 xvfb openbox xdotool x11-utils"

# CI also checks the DOCX through LibreOffice and the PDF through poppler (tests skip without).
[ "${CI:-}" = "true" ] && QT_DEBS="$QT_DEBS libreoffice-writer-nogui poppler-utils"

missing_debs() {
  for pkg in $QT_DEBS; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_debs() {
  local need
  need=$(missing_debs)
  [ -z "$need" ] && return 0
  command -v apt-get >/dev/null || { echo "note: no apt-get; install Qt's libraries: $need" >&2; return 0; }
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
}

install_debs
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
