#!/usr/bin/env bash
# Sets briefpack up on a fresh Debian 12 or Ubuntu 24.04 machine that has only python3:
#   1. the Debian packages it needs: python3-venv, and the libraries Qt draws windows with;
#   2. .venv, with briefpack and exactly the tested versions of what it uses (constraints.txt).
# Run as root, or as a user whose sudo asks no password, and step 1 installs the packages;
# otherwise it prints the one apt line to run and stops, changing nothing.
#
# Usage: bash tools/setup.sh            the app:  .venv/bin/briefpack
#        bash tools/setup.sh --test     also what the tests need (tools/setup-and-test.sh),
#                                       axe-core included (npm ci into tools/axe)
#        bash tools/setup.sh --bundle   also what PyInstaller needs (tools/build-app.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-venv: Debian and Ubuntu ship `python3 -m venv` without pip until it is installed.
# The rest: what PySide6's Qt loads to open a window on X11 (the xcb platform plugin), find
# fonts and talk to the desktop (the wayland ones for Ubuntu's default Wayland session);
# fonts-dejavu-core so that a bare machine has a font for the menus.
APP_DEBS="python3-venv libgl1 libegl1 libopengl0 libfontconfig1 fonts-dejavu-core libdbus-1-3
 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4
 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
 libxcb-xkb1 libwayland-cursor0 libwayland-egl1"
# The tests also check the app on a real X display (Xvfb, openbox, xdotool, xwininfo), the
# DOCX through LibreOffice, the PDF through poppler, and the web page in headless Chromium
# with axe-core (npm installs the version pinned in tools/axe/package-lock.json).
TEST_DEBS="xvfb xauth openbox xdotool x11-utils libreoffice-writer-nogui poppler-utils
 chromium"
# Debian's npm only where no npm is on the PATH: NodeSource's nodejs carries its own npm and
# conflicts with Debian's package of it.
command -v npm >/dev/null || TEST_DEBS="$TEST_DEBS npm"
# PyInstaller reads the libraries' dependencies with objdump, and copies Python's shared
# library into the bundle (Debian ships it apart from python3).
PY_VERSION=$("${PYTHON:-python3}" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
BUNDLE_DEBS="binutils libpython$PY_VERSION"

missing_debs() {
  # Prints those of "$@" that are not installed, or nothing when all are.
  local candidates=() pkg out
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q "^install ok installed" ||
      candidates+=("$pkg")
  done
  [ ${#candidates[@]} -eq 0 ] && return 0
  # A name that an installed package provides (Ubuntu 24.04's libglib2.0-0t64 provides
  # libglib2.0-0) is not missing: apt, asked to simulate, would install nothing.
  if out=$(LC_ALL=C apt-get -s install --no-install-recommends "${candidates[@]}" 2>/dev/null); then
    grep -q '^Inst ' <<<"$out" || return 0
  fi
  echo "${candidates[*]}"
}

install_debs() {
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "note: not a Debian or Ubuntu system: install python3's venv module and Qt 6's" \
      "X11 libraries (xcb-cursor, xkbcommon-x11, EGL) with your package manager" >&2
    return 0
  fi
  local need
  need=$(missing_debs "$@")
  [ -z "$need" ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "briefpack needs some Debian packages first. Run this line, then this command again:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $need" >&2
      exit 1
    fi
  fi
  echo "Installing Debian packages: $need"
  "${sudo[@]}" apt-get update -qq
  # shellcheck disable=SC2086  # one word per package
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends $need >/dev/null
}

make_venv() {
  local py=${PYTHON:-python3}
  # A venv made while python3-venv was missing has a python but no pip: make it again.
  if [ -x .venv/bin/python ] && .venv/bin/python -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  "$py" -m venv --clear .venv
}

install_axe() {
  # axe-core exactly as tools/axe/package-lock.json pins it; skipped when already there.
  local want
  want=$(sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' tools/axe/package.json)
  if [ -f tools/axe/node_modules/axe-core/package.json ] &&
    grep -q "\"version\": \"$want\"" tools/axe/node_modules/axe-core/package.json; then
    return 0
  fi
  npm ci --prefix tools/axe --no-audit --no-fund --loglevel=error >/dev/null
}

debs=$APP_DEBS
project=.
axe=no
for option in "$@"; do
  case "$option" in
    --test) debs="$debs $TEST_DEBS" project='.[test]' axe=yes ;;
    --bundle) debs="$debs $BUNDLE_DEBS" ;;
    *) echo "usage: bash tools/setup.sh [--test] [--bundle]" >&2; exit 2 ;;
  esac
done

# shellcheck disable=SC2086  # one word per package
install_debs $debs
make_venv
# pip runs only when what it would install changed: a stamp in .venv records the project
# spec and the digest of pyproject.toml and constraints.txt it was last run for ('.[test]'
# covers '.'). Besides saving seconds, this keeps a second set-up (the tests' while the
# bundle builds, in .ci/run) from reinstalling briefpack under a running build.
stamp=.venv/briefpack-setup-stamp
digest=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if ! grep -qxF "$digest $project" "$stamp" 2>/dev/null &&
  ! { [ "$project" = . ] && grep -qxF "$digest .[test]" "$stamp" 2>/dev/null; }; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e "$project"
  echo "$digest $project" >"$stamp"
fi
# An editable install leaves briefpack's own modules uncompiled: compile them now, so that
# the first command does not spend ~80 ms on it (nor every command, where bytecode cannot be
# written later: a read-only checkout, PYTHONDONTWRITEBYTECODE).
.venv/bin/python -m compileall -q -j 0 briefpack >/dev/null
[ "$axe" = yes ] && install_axe
[ $# -eq 0 ] && echo "Set up. Open the app with: .venv/bin/briefpack"
exit 0
